"""The probe: every command (walked as ``test_cli_walk`` walks them) with malformed arguments of
every sort a user or a console sends — bytes that are not UTF-8 (a GBK console, and bytes that
are no text at all), numbers too big for any option, empty and very long values, terminal
escapes, an unknown option — on a ledger with records in it. Whatever the command, no
traceback, exit 0, 1 or 2 only, and a command that fails leaves the ledger as it was."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import SAMPLES, run_cli
from tests.test_cli_walk import COMMANDS, IDS, _counts, _is_argument, _is_option

VALUES = {
    "gbk": os.fsdecode("三江村".encode("gbk")),  # a GBK console under a UTF-8 locale
    "not-text": os.fsdecode(b"\xff\xfe\x81"),  # no encoding's text
    "huge": "99999999999999999999",
    "negative-huge": "-99999999999999999999",
    "empty": "",
    "long": "长" * 5000,
    "escape": "\x1b[31m\r\x07",
}


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A ledger with the sample cadres, households, pairings and visits, made once."""
    path = tmp_path_factory.mktemp("probe") / "ledger.db"
    saved = {k: os.environ.get(k) for k in ("BANGFU_OPERATOR", "BANGFU_TODAY", "BANGFU_LANG")}
    os.environ.update(BANGFU_OPERATOR="tester", BANGFU_TODAY="2026-11-27", BANGFU_LANG="en")
    try:
        assert run_cli("--db", str(path), "init").exit_code == 0
        for group, name in (("cadre", "cadres"), ("household", "households"), ("pair", "pairings")):
            result = run_cli("--db", str(path), group, "import", str(SAMPLES / f"{name}.csv"))
            assert result.exit_code == 0, result.output
        assert run_cli("--db", str(path), "visit", "import", str(SAMPLES / "visits.csv")).exit_code == 0
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return path


def _invocations(path, cmd):
    """(what, args): every parameter given the same malformed value, for each value; and an
    unknown option."""
    for what, value in VALUES.items():
        args: list[str] = []
        for param in cmd.params:
            if param.name == "help":
                continue
            if _is_argument(param):
                args += [value] * (param.nargs if param.nargs > 0 else 1)
            elif _is_option(param) and not getattr(param, "is_flag", False):
                args += [param.opts[0], value]
        yield what, [*path, *args]
    yield "unknown option", [*path, "--no-such-option", VALUES["gbk"]]


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=IDS)
def test_malformed_arguments_of_every_sort_never_break_a_command(path, cmd, filled, tmp_path, monkeypatch):
    db = tmp_path / "ledger.db"
    shutil.copy(filled, db)
    monkeypatch.setenv("BANGFU_DB", str(db))
    monkeypatch.chdir(tmp_path)  # a file a command writes lands here
    for lang in ("en", "zh"):
        monkeypatch.setenv("LANG", "zh_CN.UTF-8" if lang == "zh" else "en_US.UTF-8")
        monkeypatch.setenv("BANGFU_LANG", lang)
        for what, args in _invocations(path, cmd):
            before = _counts(db)
            result = run_cli(*args)
            said = f"{' '.join(path)} [{what}, {lang}]: exit {result.exit_code}\n{result.output[-600:]}"
            assert result.exit_code in (0, 1, 2), said
            assert "Traceback" not in result.output, said
            # what a real console gets must be text: a lone surrogate kills the process writing it
            result.output.encode("utf-8")
            assert "Internal error" not in result.output and "内部错误" not in result.output, said
            if result.exit_code == 2:
                assert result.stderr.strip(), said
                assert _counts(db) == before, f"{said}\nwrote to the ledger"
