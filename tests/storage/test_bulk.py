"""``storage.bulk.insert_rows``: multi-row statements, written on a second thread while the rows
are made; every row in order, once, and on any error nothing of it left after the rollback."""

from __future__ import annotations

import sqlite3
import sys
import threading

import pytest
from sqlalchemy import create_engine, text

from bangfu_cli.storage import bulk

# SQLite's parameter limit and its second writer thread (PostgreSQL's visit import goes
# through insert_rows in tests/visits, on both backends).
BACKENDS = ("sqlite",)

COLUMNS = ("code", "name", "size")


@pytest.fixture
def engine(tmp_path):
    eng = create_engine(f"sqlite:///{tmp_path / 'bulk.db'}")
    with eng.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE item (id INTEGER PRIMARY KEY, code TEXT UNIQUE NOT NULL, name TEXT, size INTEGER)"
        )
    yield eng
    eng.dispose()


def _rows(n: int, start: int = 0) -> list[tuple]:
    return [(f"K{i:05d}", None if i % 3 else f"名{i}", i) for i in range(start, start + n)]


def _table(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT id, code, name, size FROM item ORDER BY id"))]


def _writers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "bangfu-bulk-insert"]


@pytest.mark.parametrize("background", [True, False], ids=["two threads", "one thread"])
@pytest.mark.parametrize("n", [0, 1, 3, 4, 7, 9, 100])
def test_every_row_in_order_once(engine, monkeypatch, n, background):
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 3)  # a full statement, a short last one
    rows = _rows(n)
    with engine.begin() as conn:
        assert bulk.insert_rows(conn, "item", COLUMNS, iter(rows), background=background) == n
    assert _table(engine) == [(i + 1, *r) for i, r in enumerate(rows)]
    assert not _writers()


def test_statements_carry_as_many_rows_as_the_driver_allows(engine, monkeypatch):
    statements: list[str] = []
    with engine.begin() as conn:
        dbapi = conn.connection.driver_connection
        dbapi.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 10)  # 3 rows of 3 parameters
        dbapi.set_trace_callback(statements.append)
        bulk.insert_rows(conn, "item", COLUMNS, _rows(8), background=False)
        dbapi.set_trace_callback(None)
    inserts = [s for s in statements if s.startswith("INSERT")]
    assert [s.count("), (") + 1 for s in inserts] == [3, 3, 2]
    assert len(_table(engine)) == 8


def test_the_writers_error_reaches_the_caller_and_stops_the_rows(engine, monkeypatch):
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 5)
    made = []

    def rows():
        for i, row in enumerate(_rows(200)):
            made.append(i)
            yield ("K00003", *row[1:]) if i == 12 else row  # the third statement breaks UNIQUE

    interval = sys.getswitchinterval()
    with pytest.raises(sqlite3.IntegrityError), engine.begin() as conn:
        bulk.insert_rows(conn, "item", COLUMNS, rows())
    assert _table(engine) == []  # rolled back
    assert len(made) < 200  # the rows stopped being made soon after
    assert not _writers()
    assert sys.getswitchinterval() == interval


def test_an_error_making_the_rows_stops_the_writer_before_it_reaches_the_caller(engine, monkeypatch):
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 4)

    def rows():
        yield from _rows(30)
        raise KeyboardInterrupt  # as Ctrl-C while a file is read

    interval = sys.getswitchinterval()
    with pytest.raises(KeyboardInterrupt), engine.begin() as conn:
        bulk.insert_rows(conn, "item", COLUMNS, rows())
        pytest.fail("not reached")
    assert not _writers()  # stopped, so the rollback had the connection to itself
    assert _table(engine) == []
    assert sys.getswitchinterval() == interval


def test_the_switch_interval_is_short_only_while_two_threads_write(engine, monkeypatch):
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 2)
    seen = []

    def rows():
        for row in _rows(9):
            seen.append(sys.getswitchinterval())
            yield row

    interval = sys.getswitchinterval()
    with engine.begin() as conn:
        bulk.insert_rows(conn, "item", COLUMNS, rows())
    assert seen[0] == interval  # before the first full statement, no thread yet
    assert seen[-1] == min(interval, bulk.SWITCH_INTERVAL_S)
    assert sys.getswitchinterval() == interval


@pytest.mark.parametrize("background", [True, False], ids=["two threads", "one thread"])
def test_constants_are_written_into_every_row_as_literals(engine, monkeypatch, background):
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 4)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE item ADD COLUMN who TEXT")
        conn.exec_driver_sql("ALTER TABLE item ADD COLUMN flag BOOLEAN")
        same = {"who": "O'Brien'); DROP TABLE item; --", "flag": False}
        rows = [(f"K{i}", None) for i in range(9)]
        bulk.insert_rows(conn, "item", ("code", "name"), rows, constants=same, background=background)
    with engine.connect() as conn:
        got = conn.exec_driver_sql("SELECT code, who, flag, size FROM item ORDER BY id").all()
    assert [tuple(r) for r in got] == [(f"K{i}", same["who"], 0, None) for i in range(9)]


def test_a_constant_must_be_text_a_number_or_a_boolean(engine):
    from datetime import date

    with pytest.raises(TypeError, match="constant"), engine.begin() as conn:
        bulk.insert_rows(conn, "item", ("code",), [("K1",)], constants={"name": date(2026, 1, 1)})


@pytest.mark.parametrize(
    ("style", "expected"),
    [("qmark", "(?, ?)"), ("format", "(%s, %s)"), ("pyformat", "(%s, %s)"), ("numeric", "(:5, :6)")],
)
def test_placeholders_for_each_positional_paramstyle(style, expected):
    assert bulk._placeholders(style, 2)(4) == expected


def test_named_paramstyle_is_refused_clearly():
    with pytest.raises(NotImplementedError, match="named"):
        bulk._placeholders("named", 2)
