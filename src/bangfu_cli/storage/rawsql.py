"""Bulk reads through the DB-API cursor of an SQLAlchemy connection, for the few queries that
return hundreds of thousands of rows (the rules engine's visits): plain tuples, no per-row
SQLAlchemy processing.

SQL is written with ``:name`` placeholders and standard SQL; they are rewritten to the driver's
paramstyle here, a list or tuple value expands to one placeholder per item (for ``IN``), dates
are bound as the dialect binds them, and ``day()`` turns a date column's value back into a
``date`` whatever the driver returns (ISO text on SQLite)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

_NAME = re.compile(r"(?<![:\w]):(\w+)")
# Ids sent in one ``IN (…)`` list at most: a few hundred parameters suit every driver.
IN_LIST_MAX = 500


def id_lists(ids: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """``ids`` in consecutive slices of at most ``IN_LIST_MAX``, one ``IN (…)`` list each."""
    for i in range(0, len(ids), IN_LIST_MAX):
        yield ids[i : i + IN_LIST_MAX]


class Reader:
    """Raw reads on ``conn`` (an SQLAlchemy ``Connection``), inside its transaction."""

    def __init__(self, conn: Any) -> None:
        from sqlalchemy import Date

        self.conn = conn
        self.dialect = conn.dialect
        self.quote = self.dialect.identifier_preparer.quote
        self._bind_date = Date().bind_processor(self.dialect)
        self.days = _Days()
        self.days[None] = None
        if not conn.in_transaction():
            conn.begin()  # one snapshot for every read (the engine's "begin" event)
        self._dbapi = conn.connection.driver_connection

    def _compile(self, sql: str, params: dict[str, Any]) -> tuple[str, Any]:
        style = self.dialect.paramstyle
        out_list: list[Any] = []
        out_dict: dict[str, Any] = {}

        def bind(value: Any) -> Any:
            if isinstance(value, date) and self._bind_date is not None:
                return self._bind_date(value)
            return value

        def one(name: str, value: Any) -> str:
            if style in ("named", "pyformat"):
                out_dict[name] = bind(value)
                return f":{name}" if style == "named" else f"%({name})s"
            out_list.append(bind(value))
            if style == "qmark":
                return "?"
            if style == "numeric":
                return f":{len(out_list)}"
            return "%s"  # format

        def place(match: re.Match) -> str:
            name = match.group(1)
            value = params[name]
            if isinstance(value, (list, tuple, set, frozenset)):
                values = list(value)
                if not values:
                    return "NULL"  # x IN (NULL) matches nothing
                return ", ".join(one(f"{name}_{i}", v) for i, v in enumerate(values))
            return one(name, value)

        text = _NAME.sub(place, sql)
        return text, (out_dict if style in ("named", "pyformat") else tuple(out_list))

    def rows(self, sql: str, **params: Any) -> Iterator[tuple]:
        """The rows of ``sql`` as the driver's tuples (iterated from the cursor, not fetched all)."""
        for batch in self.batches(sql, **params):
            yield from batch

    def batches(self, sql: str, **params: Any) -> Iterator[list[tuple]]:
        """The rows of ``sql`` in lists of up to 10,000: a comprehension over each list spares
        the hot loops of the loader a generator step per row."""
        text, args = self._compile(sql, params)
        cur = self._dbapi.cursor()
        try:
            cur.execute(text, args)
            while True:
                batch = cur.fetchmany(10_000)
                if not batch:
                    break
                yield batch
        finally:
            cur.close()

    def instant(self, at: datetime) -> Any:
        """A time in UTC (with or without its zone) as a parameter compared with a recorded
        time: on SQLite the text such times are stored as, elsewhere the time with its zone."""
        at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
        if self.dialect.name == "sqlite":
            return at.strftime("%Y-%m-%d %H:%M:%S.%f")
        return at

    def scanned(self, column: str) -> str:
        """``column`` for a condition that must not pick an index: a range over half of a big
        table is read faster by one table scan than by an index probe per row (on SQLite ×3 for
        the county's visits). SQLite's planner is told so by a unary plus; others get the
        column as it is."""
        return f"+{column}" if self.dialect.name == "sqlite" else column

    def by_codepoint(self, *columns: str) -> str:
        """``columns`` for an ``ORDER BY`` on text, ordered by code point as SQLite orders them
        (``COLLATE "C"`` on PostgreSQL, whatever its locale: ``storage.collation``)."""
        collate = ' COLLATE "C"' if self.dialect.name == "postgresql" else ""
        return ", ".join(column + collate for column in columns)

    def day(self, value: Any) -> date | None:
        """A date column's value as a ``date`` (parsed once per distinct value, then shared;
        ``self.days[value]`` is the same without a call, for hot loops)."""
        return self.days[value]


class _Days(dict):
    def __missing__(self, value: Any) -> date:
        if isinstance(value, date):
            found = value.date() if hasattr(value, "hour") else value
        else:
            found = date.fromisoformat(str(value)[:10])
        self[value] = found
        return found


class Interned(dict):
    """``interned[s]`` is the first string equal to ``s`` seen (one object per distinct value)."""

    def __missing__(self, value: Any) -> Any:
        self[value] = value
        return value
