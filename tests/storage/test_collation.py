"""Text is ordered by code point on every database, as SQLite orders it: PostgreSQL is told so
(``COLLATE "C"``) whatever its locale (a zh_CN server would order Chinese names by pinyin)."""

from __future__ import annotations

from sqlalchemy import select, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from bangfu_cli.storage.collation import by_codepoint
from bangfu_cli.storage.light import village

# No ledger: statements are compiled for each dialect.
BACKENDS = ()


def _sql(dialect) -> str:
    keys = (by_codepoint(village.c.township), by_codepoint(village.c.name))
    query = select(village.c.id).where(tuple_(*keys) > ("甲镇", "一村")).order_by(*keys)
    return str(query.compile(dialect=dialect))


def test_postgresql_orders_and_compares_text_in_the_c_collation():
    sql = _sql(postgresql.dialect())
    assert 'ORDER BY village.township COLLATE "C", village.name COLLATE "C"' in sql
    assert '(village.township COLLATE "C", village.name COLLATE "C") >' in sql


def test_sqlite_keeps_its_binary_order_unchanged():
    sql = _sql(sqlite.dialect())
    assert "ORDER BY village.township, village.name" in sql and "COLLATE" not in sql
