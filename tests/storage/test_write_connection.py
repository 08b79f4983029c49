"""``write_connection(…, parents_checked=True)`` skips SQLite's foreign-key look-ups for that one
transaction only; every other use of every pooled connection enforces them."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import exc

from bangfu_cli.storage.engine import make_engine, url_for, write_connection

# SQLite's foreign-key pragma, switched off for one transaction; a server always checks them.
BACKENDS = ("sqlite",)

ORPHAN = "INSERT INTO child (parent_id) VALUES (999)"


@pytest.fixture
def engine(tmp_path):
    eng = make_engine(url_for(str(tmp_path / "fk.db")))
    with write_connection(eng) as conn, conn.begin():
        conn.exec_driver_sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id REFERENCES parent (id))")
        conn.exec_driver_sql("INSERT INTO parent (id) VALUES (1)")
    yield eng
    eng.dispose()


def _enforced(engine) -> list[int]:
    """PRAGMA foreign_keys on two connections of the pool at once (so both pooled ones are seen)."""
    with engine.connect() as a, engine.connect() as b:
        return [c.exec_driver_sql("PRAGMA foreign_keys").scalar() for c in (a, b)]


def test_a_plain_write_refuses_a_missing_parent(engine):
    with pytest.raises(exc.IntegrityError), write_connection(engine) as conn, conn.begin():
        conn.exec_driver_sql(ORPHAN)


def test_parents_checked_skips_the_look_ups_in_its_transaction_only(engine, tmp_path):
    with write_connection(engine, parents_checked=True) as conn, conn.begin():
        conn.exec_driver_sql("INSERT INTO child (parent_id) VALUES (1)")
        conn.exec_driver_sql(ORPHAN)  # not looked up: the caller answers for it
        conn.rollback()
    assert _enforced(engine) == [1, 1]
    for _ in range(3):  # whichever pooled connection comes next
        with pytest.raises(exc.IntegrityError), write_connection(engine) as conn, conn.begin():
            conn.exec_driver_sql(ORPHAN)
    with write_connection(engine) as conn, conn.begin():
        conn.exec_driver_sql("INSERT INTO child (parent_id) VALUES (1)")
    con = sqlite3.connect(tmp_path / "fk.db")
    assert con.execute("SELECT parent_id FROM child").fetchall() == [(1,)]
    con.close()


def test_foreign_keys_come_back_after_an_error_too(engine):
    with pytest.raises(RuntimeError), write_connection(engine, parents_checked=True) as conn, conn.begin():
        conn.exec_driver_sql(ORPHAN)
        raise RuntimeError("stop")
    assert _enforced(engine) == [1, 1]
