"""One demo ledger (the sample township, ``demo`` as of 2026-11-27) shared by the screen tests,
which only read it."""

from __future__ import annotations

import pytest

from tests.conftest import run_process


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("screen") / "demo.db"
    result = run_process("--db", str(path), "demo", env={"BANGFU_TODAY": "2026-11-27"}, timeout=300)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def demo(demo_db, monkeypatch):
    """Commands of the test read the shared demo ledger."""
    monkeypatch.setenv("BANGFU_DB", str(demo_db))
    return demo_db
