"""Windows, as far as this machine can tell: a Chinese Windows console (GBK, code page 936) shows
Chinese and replaces what GBK lacks instead of failing; the ledger lives in %APPDATA%\\bangfu; no
dependency is Linux-only and no module needs a POSIX-only library."""

from __future__ import annotations

import io
import re
import shutil
import sys
from importlib import metadata

import pytest

from tests.conftest import ROOT, run_cli

# Dependencies with compiled code: each publishes a wheel for Windows (win_amd64) for every Python
# bangfu supports (``pip download --only-binary=:all: --platform win_amd64`` resolves the whole tree).
# A new compiled dependency fails here until its Windows wheel is checked and it is added.
WINDOWS_WHEELS = {"pydantic-core", "sqlalchemy", "orjson", "markupsafe", "greenlet"}
POSIX_ONLY = ("fcntl", "termios", "pwd", "grp", "resource", "posix", "tty", "pty", "crypt")


class GbkConsole(io.TextIOWrapper):
    """A Chinese Windows console: a terminal whose encoding is GBK."""

    def isatty(self) -> bool:
        return True


def _run_on_gbk_console(*args: str) -> tuple[int, str, str]:
    from bangfu_cli.cli import app as app_module
    from bangfu_cli.i18n import set_lang

    out = GbkConsole(io.BytesIO(), encoding="gbk", errors="strict")
    err = GbkConsole(io.BytesIO(), encoding="gbk", errors="strict")
    set_lang("zh")
    old = sys.argv, sys.stdout, sys.stderr
    sys.argv, sys.stdout, sys.stderr = ["bangfu", *args], out, err
    code = 0
    try:
        app_module.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    finally:
        sys.argv, sys.stdout, sys.stderr = old
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("gbk"))
    return code, texts[0], texts[1]


@pytest.fixture
def own_demo(demo_db, tmp_path, monkeypatch):
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    monkeypatch.setenv("BANGFU_DB", str(copy))
    monkeypatch.setenv("BANGFU_LANG", "zh")
    monkeypatch.setenv("COLUMNS", "80")
    return copy


def test_gbk_console__chinese_tables_and_records_print(own_demo):
    code, out, err = _run_on_gbk_console("household", "show", "3607221032020028")
    assert code == 0, err
    assert "曾清才" in out and "结对" in out
    code, out, err = _run_on_gbk_console("overdue", "--status", "逾期")
    assert code == 0, err
    assert "逾期" in out and "Traceback" not in err


def test_gbk_console__characters_gbk_lacks_are_replaced_not_a_traceback(own_demo):
    added = run_cli(
        "visit", "add", "--household", "3607221032020028", "--cadre", "XF-GB-011",
        "--date", "2026-11-25", "--mode", "入户", "--content", "收入稳定😀✓", "--format", "json",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    visit = str(added.json()["id"])
    code, out, err = _run_on_gbk_console("visit", "show", visit)
    assert code == 0, err
    assert "收入稳定" in out and "?" in out and "😀" not in out
    code, out, err = _run_on_gbk_console("household", "show", "不存在😀")
    assert code == 2
    assert "错误" in err and "Traceback" not in err


def test_app_folder__ledger_in_appdata_bangfu_on_windows(monkeypatch, tmp_path):
    from typer._click import utils

    from bangfu_cli.cli import context

    monkeypatch.delenv("BANGFU_DB")
    monkeypatch.setattr(utils, "WIN", True)
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert context.default_db() == str(tmp_path / "Roaming" / "bangfu" / "ledger.db")


def _runtime_tree() -> dict[str, metadata.Distribution]:
    found: dict[str, metadata.Distribution] = {}
    todo = ["bangfu"]
    while todo:
        name = re.split(r"[ ;<>=!~\[(]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # needed on another platform only (colorama on Windows) or an extra
        found[name] = dist
        todo += [r for r in dist.requires or [] if "extra ==" not in r]
    return found


def test_wheel__every_dependency_pure_python_or_built_for_windows():
    tree = _runtime_tree()
    assert "typer" in tree and "sqlalchemy" in tree
    compiled = set()
    for name, dist in tree.items():
        tags = re.findall(r"^Tag: (.*)$", dist.read_text("WHEEL") or "", re.M)
        if tags and not any(tag.endswith("-none-any") for tag in tags):
            compiled.add(name)
        for requirement in dist.requires or []:
            marker = requirement.partition(";")[2]
            assert not re.search(r"(sys_platform|platform_system)\s*==\s*['\"](linux|Linux)", marker), (
                requirement
            )
    assert compiled <= WINDOWS_WHEELS, f"check these have Windows wheels: {sorted(compiled - WINDOWS_WHEELS)}"


def test_sources__no_posix_only_library_is_imported():
    pattern = re.compile(rf"^\s*(?:import|from)\s+({'|'.join(POSIX_ONLY)})\b", re.M)
    found = [
        f"{path.relative_to(ROOT)}: {m.group(1)}"
        for path in (ROOT / "src").rglob("*.py")
        for m in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_readme__the_windows_install_is_one_sentence():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "py -m venv .venv" in readme and "%APPDATA%\\bangfu" in readme and "GBK" in readme
