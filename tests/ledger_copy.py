"""Ledgers built once and copied for each test that starts from them, on either backend: a copy
of the database (``CREATE DATABASE … TEMPLATE …``) on PostgreSQL, of the ledger's files on SQLite.

``keep(name)`` saves the test's ledger (``BANGFU_DB``) under ``name``; ``restore(name)`` makes the
test's ledger a copy of it, at the same ``BANGFU_DB``, and says whether there was one to copy.
Templates live as long as the test run (databases on the test server, file contents in memory)."""

from __future__ import annotations

import os
from pathlib import Path

_SQLITE_FILES = ("", "-wal", "-shm")  # the ledger runs in WAL mode
_kept: dict[tuple[str, str], object] = {}


def _backend(db: str) -> str:
    return "postgres" if "://" in db else "sqlite"


def keep(name: str) -> None:
    """Save the test's ledger as the template ``name`` (replacing one of that name)."""
    db = os.environ["BANGFU_DB"]
    if _backend(db) == "postgres":
        from tests import pg

        template = f"template_{os.getpid()}_{name}"
        pg.copy_database(pg.database_of(db), template)
        _kept["postgres", name] = template
    else:
        path = Path(db)
        _kept["sqlite", name] = {
            suffix: Path(f"{path}{suffix}").read_bytes()
            for suffix in _SQLITE_FILES
            if Path(f"{path}{suffix}").exists()
        }


def restore(name: str) -> bool:
    """Make the test's ledger a copy of the template ``name``; False when there is none yet."""
    db = os.environ["BANGFU_DB"]
    template = _kept.get((_backend(db), name))
    if template is None:
        return False
    if _backend(db) == "postgres":
        from tests import pg

        pg.copy_database(template, pg.database_of(db))
    else:
        path = Path(db)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in _SQLITE_FILES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        for suffix, data in template.items():
            Path(f"{path}{suffix}").write_bytes(data)
    return True
