"""Where a ledger lives: the name it is shown under, and, for a ledger in an SQLite file, the
checks before its engine is made (not a directory; present, or its folder made on ``create``).
Other databases have no file to check.

A database URL may hold a password (``postgresql+psycopg://user:PASSWORD@host/db``, or
``?password=…``). It is never shown: the name a ledger is shown under has it masked as ``***``,
and so has every error detail said about the ledger (``error_detail``)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from bangfu_cli.domain.errors import BangfuError

# The parts of a URL that hold a password, as SQLAlchemy reads them (its URL pattern): after the
# user name up to the last "@" before the host, and the ``password`` query parameter.
_USERINFO_PASSWORD = re.compile(r"^([\w+]+://[^:/]*:)([^@]*)(@)")
_QUERY_PASSWORD = re.compile(r"([?&]password=)([^&#]*)")
MASK = "***"


def prepare_location(url: str, db: str, *, create: bool) -> str:
    """Check the ledger's file (making its folder when ``create``); returns how it is shown."""
    from bangfu_cli.storage.engine import sqlite_path

    try:
        path = sqlite_path(url)
    except Exception as exc:  # not a URL SQLAlchemy can read (a port that is no number, …)
        raise BangfuError("ledger.unusable", path=shown(db), detail=error_detail(exc, db)) from exc
    if path is None:
        return shown(db)
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


def shown(db: str) -> str:
    """``db`` (a path or a URL) as the user wrote it, any password in it masked."""
    db = _USERINFO_PASSWORD.sub(lambda m: m[1] + MASK + m[3], db)
    return _QUERY_PASSWORD.sub(lambda m: m[1] + MASK, db)


def secrets(db: str) -> list[str]:
    """The passwords written in ``db``, as written and decoded (longest first)."""
    found = [m[2] for m in (_USERINFO_PASSWORD.search(db), *_QUERY_PASSWORD.finditer(db)) if m and m[2]]
    forms = {form for text in found for form in (text, unquote(text), unquote(text.replace("+", " ")))}
    return sorted((f for f in forms if f), key=len, reverse=True)


def error_detail(exc: BaseException, db: str) -> str:
    """What went wrong opening or reading the ledger at ``db``, in one line: the driver's own
    message (SQLAlchemy's wrapping and its link to background reading left out, the reason a
    server gives on its next line kept), any password of ``db`` masked."""
    text = str(exc) or type(exc).__name__
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith(("(Background on this error", "[SQL:"))]
    one = re.sub(r"\s+", " ", " ".join(lines)) or type(exc).__name__
    one = re.sub(r"^\([\w.]+\) ", "", one)  # SQLAlchemy's "(psycopg.OperationalError) "
    return mask_secrets(one, db)[:300]


def mask_secrets(text: str, db: str) -> str:
    """``text`` with every password written in ``db`` masked."""
    for secret in secrets(db):
        text = text.replace(secret, MASK)
    return shown(text)
