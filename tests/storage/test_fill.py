"""``storage.fill``: whole tables written into an empty ledger in ``storage.light``'s column order,
the table's indexes as they were afterwards, the page cache back to its size, and a ledger with
villages, households or cadres not empty."""

from __future__ import annotations

from datetime import date

import pytest

from bangfu_cli.services.ledger import open_ledger
from bangfu_cli.storage import fill, light

# SQLite's executemany path, its page cache and index rebuild (on PostgreSQL the synthetic
# demo is held to SQLite's output in test_same_output.py).
BACKENDS = ("sqlite",)

STAMP = ("u-1", "2026-01-02 03:04:05.000000", "tester")


@pytest.fixture
def ledger(tmp_path):
    opened = open_ledger(str(tmp_path / "fill.db"), operator="tester", today=date(2026, 11, 27), create=True)
    yield opened
    opened.engine.dispose()


def _schema(conn) -> list[tuple]:
    return conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").all()


@pytest.mark.parametrize("fast", [True, False], ids=["executemany", "sqlalchemy core"])
def test_rows_go_in_by_the_light_columns_and_the_indexes_stay(ledger, fast, monkeypatch):
    monkeypatch.setattr(fill, "CHUNK", 2)  # two full chunks and a short one
    assert light.columns("village")[:3] == ("id", "township", "name")
    rows = [(i, "大塘镇", f"村{i}", f"u-{i}", STAMP[1], "tester") for i in range(1, 6)]
    seen: list[tuple[str, int]] = []
    with ledger.write_core() as conn:
        before = _schema(conn)
        assert fill.is_empty(conn)
        with fill.bulk_fill(conn, fast=fast, progress=lambda t, n: seen.append((t, n))) as filler:
            assert filler.write("village", iter(rows)) == 5
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -fill.CACHE_KIB
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -fill.DEFAULT_CACHE_KIB
        assert _schema(conn) == before
        assert not fill.is_empty(conn)
        written = conn.exec_driver_sql("SELECT id, township, name, uuid, recorded_at FROM village").all()
    assert seen == [("village", 2), ("village", 4), ("village", 5)]
    assert [tuple(r) for r in written] == [r[:5] for r in rows]
