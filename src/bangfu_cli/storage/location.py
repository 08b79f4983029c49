"""Where a ledger lives: the name it is shown under, and, for a ledger in an SQLite file, the
checks before its engine is made (not a directory; present, or its folder made on ``create``).
Other databases have no file to check."""

from __future__ import annotations

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.storage.engine import sqlite_path


def prepare_location(url: str, db: str, *, create: bool) -> str:
    """Check the ledger's file (making its folder when ``create``); returns how it is shown."""
    path = sqlite_path(url)
    if path is None:
        return shown_url(db)
    display = str(path)
    if path.is_dir():
        raise BangfuError("ledger.unusable", path=display, detail="is a directory")
    if not path.exists():
        if not create:
            raise BangfuError("ledger.missing", path=display)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BangfuError("ledger.unusable", path=display, detail=exc.strerror or str(exc)) from exc
    return display


def shown_url(db: str) -> str:
    """``db`` as it may be printed: a database URL without its password."""
    if "://" not in db:
        return db
    from bangfu_cli.domain.secrets import hide_passwords

    return hide_passwords(db)
