"""Filling an empty ledger in bulk (``bangfu demo --households N``): whole tables of rows, in the
caller's write transaction (a Core connection).

Rows come in the column order of ``storage.light`` (``light.columns``), already in the form
SQLAlchemy would bind on SQLite (dates and times as ISO text, booleans as Python booleans). On
SQLite they go through the DB-API ``executemany`` of the transaction's connection, and each table's
secondary indexes are rebuilt once after its rows are in (the table is empty: a sort instead of an
index update per row); elsewhere, or with ``fast=False``, through SQLAlchemy Core inserts into the
models' tables, the reference the fast path is tested against.

Rows carry their ids. PostgreSQL hands out ids from a sequence per table, which explicit ids do
not advance: when the filling ends, each table's sequence is moved past its largest id, so the
next ``visit add`` gets a new one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from bangfu_cli.storage import light

CHUNK = 20_000  # rows per executemany
# Big inserts into indexed tables: keep the index pages in memory (this connection only).
CACHE_KIB = 256 * 1024
DEFAULT_CACHE_KIB = 2_000
# A ledger with any of these is not empty (the rest cannot exist without them).
_ROOTS = ("village", "household", "cadre")

Progress = Callable[[str, int], None]


def is_empty(conn: Any) -> bool:
    """Whether the ledger has no villages, households or cadres."""
    from sqlalchemy import func, select

    return not any(conn.scalar(select(func.count()).select_from(light.TABLES[t])) for t in _ROOTS)


@contextmanager
def bulk_fill(conn: Any, *, fast: bool = True, progress: Progress | None = None) -> Iterator[Filler]:
    """A ``Filler`` writing into ``conn``'s transaction. ``progress(table, rows_so_far)`` is called
    as rows go in; ``fast=False`` writes through SQLAlchemy Core only."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")
    filler = Filler(conn, fast and sqlite, progress)
    yield filler
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA cache_size=-{DEFAULT_CACHE_KIB}")
    elif conn.dialect.name == "postgresql":
        for table in filler.written:
            _advance_id_sequence(conn, table)


def _advance_id_sequence(conn: Any, table: str) -> None:
    """Set the sequence behind ``table.id`` to its largest id (the next id is one more)."""
    if "id" not in light.columns(table):
        return
    conn.exec_driver_sql(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} HAVING count(*) > 0"
    )


class Filler:
    """Writes whole tables of rows into empty tables, in chunks."""

    def __init__(self, conn: Any, fast: bool, progress: Progress | None) -> None:
        self.conn = conn
        self.fast = fast
        self.progress = progress
        self.written: list[str] = []  # the tables written, in order

    def write(self, table: str, rows: Iterable[tuple]) -> int:
        """Insert ``rows`` (in the order of ``light.columns(table)``) into the empty ``table``;
        how many."""
        self.written.append(table)
        if not self.fast:
            return self._write_core(table, rows)
        raw = self.conn.connection.driver_connection
        indexes = raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY name",
            (table,),
        ).fetchall()
        for name, _sql in indexes:
            raw.execute(f'DROP INDEX "{name}"')
        count = self._write_raw(raw, table, rows)
        for _name, sql in indexes:  # same transaction, same index definitions
            raw.execute(sql)
        return count

    def _write_raw(self, raw: Any, table: str, rows: Iterable[tuple]) -> int:
        cols = light.columns(table)
        names = ", ".join('"' + c + '"' for c in cols)
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})"
        return self._chunks(table, rows, lambda chunk: raw.executemany(sql, chunk))

    def _write_core(self, table: str, rows: Iterable[tuple]) -> int:
        from sqlalchemy import Date, DateTime, insert

        from bangfu_cli.storage.models import SQLModel

        model = SQLModel.metadata.tables[table]
        cols = light.columns(table)
        kinds = [model.c[c].type._type_affinity for c in cols]
        dates = tuple(i for i, kind in enumerate(kinds) if kind is Date)
        stamps = tuple(i for i, kind in enumerate(kinds) if kind is DateTime)
        stmt = insert(model)

        def execute(chunk: list[tuple]) -> None:
            values = [dict(zip(cols, _python_row(r, dates, stamps), strict=True)) for r in chunk]
            self.conn.execute(stmt, values)

        return self._chunks(table, rows, execute)

    def _chunks(self, table: str, rows: Iterable[tuple], execute: Callable[[list[tuple]], Any]) -> int:
        count = 0
        rows = iter(rows)
        while chunk := list(islice(rows, CHUNK)):
            execute(chunk)
            count += len(chunk)
            if self.progress:
                self.progress(table, count)
        return count


def _python_row(row: tuple, dates: tuple[int, ...], stamps: tuple[int, ...]) -> tuple:
    """``row`` (values as SQLite stores them) with Python dates and aware UTC datetimes, for
    SQLAlchemy to bind."""
    out = list(row)
    for i in dates:
        if out[i] is not None:
            out[i] = date.fromisoformat(out[i])
    for i in stamps:
        if out[i] is not None:
            out[i] = datetime.fromisoformat(out[i]).replace(tzinfo=UTC)
    return tuple(out)
