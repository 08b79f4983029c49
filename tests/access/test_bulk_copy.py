"""On PostgreSQL a bulk insert goes in by COPY (psycopg's ``cursor.copy``): the same rows, in
their order, constants of any type included; a role under row-level security gets INSERTs."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from bangfu_cli.storage import bulk
from bangfu_cli.storage.engine import make_engine, write_connection
from tests import pg
from tests.access.shared import need_server

AT = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)


def _engine():
    need_server()
    engine = make_engine(pg.new_database_url())
    with write_connection(engine) as conn, conn.begin():
        conn.execute(
            text("CREATE TABLE t (id serial PRIMARY KEY, day date, n int, note text, at timestamptz)")
        )
    return engine


def test_rows_go_in_by_copy_in_their_order_with_constants_of_any_type(monkeypatch):
    engine = _engine()
    copied = []
    real = bulk._copy_rows
    monkeypatch.setattr(bulk, "_copy_rows", lambda *a: copied.append(1) or real(*a))
    rows = [(f"2026-11-{d:02d}", d, "含'引号\t与制表符") for d in range(1, 29)]
    with write_connection(engine) as conn, conn.begin():
        assert bulk.insert_rows(conn, "t", ["day", "n", "note"], iter(rows), constants={"at": AT}) == 28
    assert copied == [1]
    with engine.connect() as conn:
        back = conn.execute(text("SELECT id, day::text, n, note, at FROM t ORDER BY id")).all()
    assert [(r.day, r.n, r.note) for r in back] == rows
    assert [r.id for r in back] == list(range(1, 29)) and {r.at for r in back} == {AT}
    engine.dispose()


def test_a_table_under_row_level_security_for_the_role_gets_inserts():
    from tests.access.shared import new_role

    engine = _engine()
    clerk = new_role()
    with write_connection(engine) as conn, conn.begin():
        conn.execute(text("ALTER TABLE t ENABLE ROW LEVEL SECURITY"))
        conn.execute(text("CREATE POLICY everything ON t USING (true) WITH CHECK (true)"))
        conn.execute(text(f"GRANT SELECT, INSERT ON t TO {clerk}"))
        assert bulk._copies(conn, conn.connection.driver_connection, "t") is True  # the owner
        conn.execute(text(f"SET LOCAL ROLE {clerk}"))
        assert bulk._copies(conn, conn.connection.driver_connection, "t") is False
    engine.dispose()
