from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")
def town_template(tmp_path_factory):
    """The tiny township ledger, built once through the import commands and copied per test."""
    import os

    from tests.visits.ledger import build

    where = tmp_path_factory.mktemp("town")
    old = {k: os.environ.get(k) for k in ("BANGFU_DB", "BANGFU_TODAY", "BANGFU_LANG", "BANGFU_OPERATOR")}
    os.environ.update(
        BANGFU_DB=str(where / "ledger.db"),
        BANGFU_TODAY="2026-11-27",
        BANGFU_LANG="en",
        BANGFU_OPERATOR="tester",
    )
    try:
        build(where)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return where / "ledger.db"


@pytest.fixture
def town(tmp_path, town_template):
    """A copy of the tiny township ledger as this test's ledger."""
    for suffix in ("", "-wal", "-shm"):  # the ledger runs in WAL mode
        source = town_template.with_name(town_template.name + suffix)
        if source.exists():
            shutil.copyfile(source, tmp_path / f"ledger.db{suffix}")
    return tmp_path
