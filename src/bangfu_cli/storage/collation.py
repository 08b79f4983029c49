"""Text sorted the same way on every database: by code point, as SQLite sorts it (its BINARY
collation compares UTF-8 bytes, which order as the code points do). A PostgreSQL server sorts by
its own locale unless told otherwise (zh_CN orders Chinese names by pinyin, en_US ignores the
hyphens of codes), so an ``ORDER BY`` on text says ``COLLATE "C"`` there: ``by_codepoint(column)``
(in SQL written as text: ``storage.rawsql.Reader.by_codepoint``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class by_codepoint(FunctionElement):  # noqa: N801  (used as a function in ORDER BY clauses)
    """``column`` in an ``ORDER BY``, sorted by code point whatever the database's locale."""

    inherit_cache = True
    name = "by_codepoint"
    type = String()


@compiles(by_codepoint)
def _as_it_is(element: Any, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(by_codepoint, "postgresql")
def _collate_c(element: Any, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw) + ' COLLATE "C"'
