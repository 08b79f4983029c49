"""Every test runs in isolation: its own ledger path, language, operator and a pinned today;
no colour, a fixed terminal width."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


# Test folders whose every test runs on SQLite and on a real PostgreSQL server (tests/pg.py); a
# module there that only makes sense on one backend sets ``BACKENDS = ("sqlite",)`` and says why;
# one that opens no ledger at all sets ``BACKENDS = ()`` and runs once.
BOTH_BACKENDS = ("storage", "ledger_data", "visits", "income", "rules", "exports", "exchange", "assistance")


def pytest_generate_tests(metafunc):
    if "backend" not in metafunc.fixturenames:
        return
    from tests import pg

    parts = Path(str(metafunc.definition.fspath)).relative_to(ROOT / "tests").parts
    allowed = getattr(metafunc.module, "BACKENDS", ("sqlite", "postgres"))
    wanted = pg.backends() if parts[0] in BOTH_BACKENDS else ["sqlite"]
    chosen = [b for b in wanted if b in allowed]
    if not chosen and allowed and "sqlite" not in allowed:
        # A module only about PostgreSQL, on a run without it (BANGFU_TEST_BACKENDS=sqlite).
        skipped = pytest.mark.skip(reason="PostgreSQL is not among BANGFU_TEST_BACKENDS")
        metafunc.parametrize("backend", [pytest.param(b, marks=skipped) for b in allowed], indirect=True)
    elif chosen and chosen != ["sqlite"]:
        metafunc.parametrize("backend", chosen, indirect=True)


@pytest.fixture
def backend(request):
    """``sqlite`` or ``postgres``: the database the test's ledger lives in."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(autouse=True)
def env_setup(tmp_path, monkeypatch, backend):
    if backend == "postgres":
        from tests import pg

        if pg.server() is None:
            pytest.skip("PostgreSQL tests need the pgserver package (pip install -e '.[test]')")
        monkeypatch.setenv("BANGFU_DB", pg.new_database_url())
    else:
        monkeypatch.setenv("BANGFU_DB", str(tmp_path / "ledger.db"))
    # The per-user app folder (a server ledger's attachments) is the test's own too.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("BANGFU_LANG", "en")
    monkeypatch.setenv("BANGFU_OPERATOR", "tester")
    monkeypatch.setenv("BANGFU_TODAY", "2026-11-27")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("BANGFU_DEBUG", raising=False)
    from bangfu_cli.cli import context
    from bangfu_cli.i18n import set_lang

    context.OPTIONS.db = None
    context.OPTIONS.by = None
    set_lang("en")
    yield


class Result:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.exit_code = code
        self.stdout = stdout
        self.stderr = stderr

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self):
        import json

        return json.loads(self.stdout)


def run_cli(*args: str, input: str | None = None) -> Result:
    """Run ``bangfu ARGS`` in-process through the real entry point (error funnel included)."""
    import io

    from bangfu_cli.cli import app as app_module
    from bangfu_cli.cli import context
    from bangfu_cli.i18n import set_lang

    context.OPTIONS.db = None
    context.OPTIONS.by = None
    set_lang(os.environ.get("BANGFU_LANG", "en"))
    out, err = io.StringIO(), io.StringIO()
    old = sys.argv, sys.stdout, sys.stderr, sys.stdin
    sys.argv = ["bangfu", *args]
    sys.stdout, sys.stderr = out, err
    if input is not None:
        sys.stdin = io.StringIO(input)
    code = 0
    try:
        app_module.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv, sys.stdout, sys.stderr, sys.stdin = old
    return Result(code, out.getvalue(), err.getvalue())


def run_process(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``bangfu`` as a separate process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bangfu_cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=timeout,
    )


@pytest.fixture
def attachments(tmp_path, backend):
    """Where the test ledger's attachments go: beside an SQLite file; for a ledger on a database
    server, in the per-user app folder (``XDG_CONFIG_HOME`` is the test's, above)."""
    return tmp_path / "attachments" if backend == "sqlite" else tmp_path / "config" / "bangfu" / "attachments"


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def ledger_db(tmp_path):
    """An initialised empty ledger (xinfeng-2023): its path on SQLite, its URL on PostgreSQL."""
    result = run_cli("init")
    assert result.exit_code == 0, result.output
    db = os.environ["BANGFU_DB"]
    return db if "://" in db else tmp_path / "ledger.db"
