"""Two township ledgers and the ledger holding both, made once per module and copied per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.exchange import townships


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("townships")
    saved = {k: os.environ.get(k) for k in ("BANGFU_LANG", "BANGFU_OPERATOR", "BANGFU_TODAY", "BANGFU_DB")}
    os.environ.update(BANGFU_LANG="en", BANGFU_OPERATOR="township clerk", BANGFU_TODAY="2026-11-27")
    os.environ.pop("BANGFU_DB", None)
    try:
        second = townships.second_township(base / "second")
        return {
            "a": townships.load(base / "a.db", townships.SAMPLES),
            "b": townships.load(base / "b.db", second),
            "whole": townships.load(base / "whole.db", townships.SAMPLES, second),
        }
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def ledgers(made, tmp_path) -> dict[str, Path]:
    """Copies of the module's ledgers for one test, and an empty county ledger."""
    copies = {}
    for name, path in made.items():
        copies[name] = tmp_path / path.name
        for suffix in ("", "-wal", "-shm"):  # the write-ahead log may hold the latest pages
            if Path(f"{path}{suffix}").exists():
                shutil.copy(f"{path}{suffix}", f"{copies[name]}{suffix}")
    copies["county"] = tmp_path / "county.db"
    assert townships.cli(copies["county"], "init").exit_code == 0
    return copies
