"""Bulk inserts: hundreds of thousands of rows into one table, inside the caller's transaction.

Rows go in as multi-row statements (``INSERT INTO t (…) VALUES (…), (…), …``, standard SQL),
as many rows per statement as the driver's limit on parameters allows, taken from the caller's
iterable as it yields them. On SQLite one such statement inserts its thousands of rows in one
call that runs without the GIL, so once there is more than one statement's worth, statements are
written on a second thread while the caller's generator (reading and checking a file) makes the
next one on this thread: the two cores share the work. Benchmark e) (500,000 rows into a copy of
the county ledger): ~1.2 s faster by statements than by one ``executemany``, and 1.3–3.5 s faster
again with the second thread (benchmarks/PROFILE.md, round seven).

On PostgreSQL, when psycopg offers ``cursor.copy``, the rows go in by one ``COPY … FROM STDIN``
instead (several times the rows per second of multi-row statements), except for a role subject to
row-level security, whose rows PostgreSQL only takes through INSERT.

Nothing here commits: an error on either thread stops both and reaches the caller, whose
transaction then rolls back. The writer thread uses the connection only while the caller is
inside ``insert_rows``, which never uses it at the same time; the caller's generator must not
use it either (read through another connection)."""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, islice
from typing import Any

ROWS_PER_STATEMENT = 2_700  # at most; fewer when the driver's parameter limit asks for it
DEFAULT_PARAMETER_LIMIT = 32_766  # SQLite ≥ 3.32 and most servers allow at least this many
STATEMENTS_AHEAD = 2  # statements made ahead of the writer (bounds the rows held in memory)
# While both threads run: how long one may hold the GIL when the other wants it (Python's
# default is 5 ms). The writer wants it back after each statement; at 5 ms it waited ~10 ms
# a statement for the thread making the rows, which took back most of the overlap.
SWITCH_INTERVAL_S = 0.000_5


def insert_rows(
    conn: Any,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    constants: Mapping[str, Any] | None = None,
    background: bool = True,
) -> int:
    """Insert ``rows`` (values in the order of ``columns``) into ``table`` in ``conn``'s
    transaction (an SQLAlchemy ``Connection``), in their order (ids follow it); how many.
    ``constants``: further columns with the same value in every row (text, numbers, booleans),
    written into the statement as literals instead of bound once per row.
    ``background=False`` writes every statement on this thread."""
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    dbapi = conn.connection.driver_connection
    if _copies(conn, dbapi, table):
        return _copy_rows(dbapi, quote, table, columns, rows, dict(constants or {}))
    width = len(columns)
    per_statement = max(1, min(ROWS_PER_STATEMENT, _parameter_limit(dialect, dbapi) // width))
    constants = dict(constants or {})
    names = ", ".join(quote(c) for c in (*columns, *constants))
    head = f"INSERT INTO {quote(table)} ({names}) VALUES "
    one = _placeholders(dialect.paramstyle, width, [_literal(v, dialect) for v in constants.values()])

    def sql(n: int) -> str:
        return head + ", ".join(one(i * width) for i in range(n))

    full = sql(per_statement)
    rows = iter(rows)
    count = 0
    writer: _Writer | None = None
    try:
        while chunk := list(islice(rows, per_statement)):
            count += len(chunk)
            statement = full if len(chunk) == per_statement else sql(len(chunk))
            params = tuple(chain.from_iterable(chunk))
            if writer is None and background and len(chunk) == per_statement:
                writer = _Writer(dbapi)
            if writer is None:
                _execute(dbapi, statement, params)
            else:
                writer.put(statement, params)
    except BaseException:
        if writer is not None:
            writer.stop(abandon=True)
        raise
    if writer is not None:
        writer.stop(abandon=False)
    return count


def _copies(conn: Any, dbapi: Any, table: str) -> bool:
    """Whether the rows can go in by COPY: PostgreSQL through psycopg 3, and no row-level security
    on ``table`` for this role (COPY FROM refuses such a table)."""
    if conn.dialect.name != "postgresql" or not hasattr(dbapi.cursor(), "copy"):
        return False
    cursor = dbapi.cursor()
    try:
        cursor.execute("SELECT row_security_active(%s)", (table,))
        return not cursor.fetchone()[0]
    finally:
        cursor.close()


def _copy_rows(
    dbapi: Any,
    quote: Any,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: dict[str, Any],
) -> int:
    """``rows`` (then the ``constants``) written by one ``COPY … FROM STDIN`` (text format: the
    server reads the ISO dates the callers give as text); how many."""
    names = ", ".join(quote(c) for c in (*columns, *constants))
    tail = tuple(constants.values())
    count = 0
    cursor = dbapi.cursor()
    try:
        with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            write = copy.write_row
            if tail:
                for row in rows:
                    write((*row, *tail))
                    count += 1
            else:
                for row in rows:
                    write(row)
                    count += 1
    finally:
        cursor.close()
    return count


def _execute(dbapi: Any, statement: str, params: tuple) -> None:
    cursor = dbapi.cursor()
    try:
        cursor.execute(statement, params)
    finally:
        cursor.close()


class _Writer(threading.Thread):
    """Executes the statements it is given, in order, until told to stop. Its first error is
    kept and raised in the caller's thread (at the next ``put`` or at ``stop``); the statements
    after an error, or after ``stop(abandon=True)``, are skipped. Started when made; Python's
    switch interval is ``SWITCH_INTERVAL_S`` until it is stopped."""

    def __init__(self, dbapi: Any) -> None:
        super().__init__(name="bangfu-bulk-insert", daemon=True)
        self.dbapi = dbapi
        self.queue: queue.Queue = queue.Queue(maxsize=STATEMENTS_AHEAD)
        self.error: BaseException | None = None
        self.abandoned = False
        self.interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self.interval, SWITCH_INTERVAL_S))
        try:
            self.start()
        except BaseException:  # no thread to be had: the interval goes back at once
            sys.setswitchinterval(self.interval)
            raise

    def run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is None and not self.abandoned:
                try:
                    _execute(self.dbapi, *item)
                except BaseException as exc:  # raised in the caller's thread
                    self.error = exc

    def put(self, statement: str, params: tuple) -> None:
        self._raise_error()
        self.queue.put((statement, params))

    def stop(self, *, abandon: bool) -> None:
        """Wait for the statements given so far (with ``abandon``, only for the one being
        written), then raise the writer's error if there was one and ``abandon`` is not set
        (the caller then raises its own)."""
        self.abandoned = self.abandoned or abandon
        try:
            self.queue.put(None)
            self.join()
        finally:
            sys.setswitchinterval(self.interval)
        if not abandon:
            self._raise_error()

    def _raise_error(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            self.abandoned = True
            raise error


def _parameter_limit(dialect: Any, dbapi: Any) -> int:
    if dialect.name == "sqlite" and hasattr(dbapi, "getlimit"):
        import sqlite3

        return dbapi.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return DEFAULT_PARAMETER_LIMIT


def _literal(value: Any, dialect: Any) -> str:
    """``value`` as an SQL literal of ``dialect`` (quotes in text doubled by SQLAlchemy)."""
    from sqlalchemy import literal

    if not isinstance(value, (str, int, float, bool)):
        raise TypeError(f"a bulk insert's constant must be text, a number or a boolean: {value!r}")
    return str(literal(value).compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _placeholders(paramstyle: str, width: int, literals: Sequence[str] = ()) -> Any:
    """``one(start)``: the ``(…)`` of one row whose parameters are numbered from ``start``,
    followed by the ``literals``."""
    tail = "".join(f", {text}" for text in literals)
    if paramstyle == "qmark":
        text = "(" + ", ".join("?" * width) + tail + ")"
        return lambda _start: text
    if paramstyle in ("format", "pyformat"):
        text = "(" + ", ".join(["%s"] * width) + tail + ")"
        return lambda _start: text
    if paramstyle == "numeric":
        return lambda start: "(" + ", ".join(f":{start + i + 1}" for i in range(width)) + tail + ")"
    raise NotImplementedError(f"bulk inserts need positional parameters, not {paramstyle!r}")
