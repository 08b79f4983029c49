"""Looking into the test's ledger the way bangfu itself opens it (SQLAlchemy, whatever the backend),
so that no test reads or writes an SQLite file behind the ledger's back."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def url(db: str | Path | None = None) -> str:
    from bangfu_cli.storage.engine import url_for

    return url_for(str(db if db is not None else os.environ["BANGFU_DB"]))


def rows(sql: str, params: dict[str, Any] | None = None, db: str | Path | None = None) -> list[tuple]:
    """The rows of one query on the ledger (default: the test's own)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url(db))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params or {})]
    finally:
        engine.dispose()


def execute(sql: str, params: dict[str, Any] | None = None, db: str | Path | None = None) -> None:
    """One statement committed on the ledger (for tests that damage a ledger on purpose)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url(db))
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params or {})
    finally:
        engine.dispose()


def count(table: str, db: str | Path | None = None) -> int:
    return rows(f"SELECT count(*) FROM {table}", db=db)[0][0]


def table_counts(db: str | Path | None = None) -> dict[str, int]:
    """The number of rows of every table of the ledger, by name."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url(db))
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}
    finally:
        engine.dispose()


def back_date(
    table: str, local: str, where: str, column: str = "recorded_at", zone: str = "Asia/Shanghai"
) -> None:
    """Set ``column`` (a recorded time, stored in UTC) of ``table``'s rows matching ``where`` to
    ``local``, a time (``YYYY-MM-DD HH:MM``) in ``zone``: a record made, voided or corrected then."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    at = datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    stored = at.strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLite holds a recorded time
    if not url().startswith("sqlite"):
        stored += "+00:00"
    execute(f"UPDATE {table} SET {column} = :at WHERE {where}", {"at": stored})


def findings_as_recorded(as_of: str, since: str, rule: str) -> list:
    """The findings of ``rule`` (met ones too) on the test's ledger as it stood at the end of
    ``as_of`` (``--as-recorded``), judged on 27 November 2026."""
    from datetime import date

    from bangfu_cli.services.ledger import open_ledger
    from bangfu_cli.services.runner import run_rules

    ledger = open_ledger(os.environ["BANGFU_DB"], operator="tester", today=date(2026, 11, 27))
    try:
        day, start = date.fromisoformat(as_of), date.fromisoformat(since)
        return run_rules(ledger, day, start, rule_ids=[rule], as_stood=True).findings
    finally:
        ledger.engine.dispose()
