"""An export reads a snapshot without taking the write lock; two records of one file that share a
natural key both arrive however the file is cut into chunks; on PostgreSQL a row whose
transaction commits after a ``--since-last`` export began is still sent."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
import zipfile

import pytest

from tests import pg
from tests.exchange.townships import cli, counts, export, merge

CODE = "3607221032010003"


def _visit_uuids(file) -> set[str]:
    with zipfile.ZipFile(file) as z:
        return {json.loads(line)["uuid"] for line in z.read("tables/visit.jsonl").splitlines()}


def _copy_a_visit(db, problems: str, content: str | None = None) -> str:
    """Another visit like the first: with its natural key (household, cadre, date, mode,
    content), or with another ``content``."""
    con = sqlite3.connect(db)
    own = ("id", "uuid", "problems", "content")
    columns = [r[1] for r in con.execute("PRAGMA table_info(visit)") if r[1] not in own]
    made = str(uuid.uuid4())
    names = ", ".join(columns)
    con.execute(
        f"INSERT INTO visit (uuid, problems, content, {names}) "
        f"SELECT ?, ?, coalesce(?, content), {names} FROM visit ORDER BY id LIMIT 1",
        (made, problems, content),
    )
    con.commit()
    con.close()
    return made


def test_a_clerk_can_record_a_visit_while_the_township_is_being_exported(ledgers, tmp_path, monkeypatch):
    from bangfu_cli.storage import exchange as store

    township = ledgers["a"]
    before = counts(township)["visits"]
    written: list[str] = []
    export_rows = store.export_rows

    def with_a_clerk_writing(conn, tbl, *args):
        for i, chunk in enumerate(export_rows(conn, tbl, *args)):
            if tbl.name == "household" and i == 0:
                # another process recording a visit while the export is under way
                other = sqlite3.connect(township, timeout=0.5)
                other.execute("BEGIN IMMEDIATE")
                other.execute("INSERT INTO setting (key, value) VALUES ('written.during.export', 'yes')")
                other.commit()
                other.close()
                written.append("yes")
            yield chunk

    monkeypatch.setattr(store, "export_rows", with_a_clerk_writing)
    file = export(township, tmp_path / "up.bangfu")

    assert written == ["yes"]
    assert json.loads(zipfile.ZipFile(file).read("manifest.json"))["tables"]["visit"] == before


def test_an_export_is_one_snapshot_a_visit_added_meanwhile_goes_in_the_next_file(
    ledgers, tmp_path, monkeypatch
):
    from bangfu_cli.storage import exchange as store

    township, county = ledgers["a"], ledgers["county"]
    export_rows = store.export_rows
    added: list[str] = []

    def with_a_visit_added(conn, tbl, *args):
        for i, chunk in enumerate(export_rows(conn, tbl, *args)):
            if tbl.name == "household" and i == 0:
                added.append(_copy_a_visit(township, "无", "recorded during the export"))
            yield chunk

    monkeypatch.setattr(store, "export_rows", with_a_visit_added)
    first = export(township, tmp_path / "w1.bangfu", "--since-last", "county")
    monkeypatch.setattr(store, "export_rows", export_rows)
    second = export(township, tmp_path / "w2.bangfu", "--since-last", "county")

    assert added[0] not in _visit_uuids(first)
    assert added[0] in _visit_uuids(second)
    assert merge(county, first).exit_code == 0
    assert merge(county, second).exit_code == 0
    assert counts(county)["visits"] == counts(township)["visits"]


@pytest.mark.parametrize("chunk", [1, 7, 2_500])
def test_two_visits_sharing_a_natural_key_both_arrive_however_the_file_is_chunked(
    ledgers, tmp_path, monkeypatch, chunk
):
    from bangfu_cli.services import merge as merging

    township, county = ledgers["a"], ledgers["county"]
    twin = _copy_a_visit(township, "entered twice, with another note")
    file = export(township, tmp_path / "up.bangfu")
    monkeypatch.setattr(merging, "CHUNK", chunk)

    assert merge(county, file).exit_code == 0
    assert counts(county)["visits"] == counts(township)["visits"]
    assert merge(county, file).exit_code == 0  # again: nothing more
    assert counts(county)["visits"] == counts(township)["visits"]
    con = sqlite3.connect(county)
    assert con.execute("SELECT problems FROM visit WHERE uuid = ?", (twin,)).fetchone() == (
        "entered twice, with another note",
    )
    con.close()


def test_on_postgres_a_visit_committed_late_is_not_missed_by_since_last(ledgers, tmp_path):
    if pg.server() is None:
        pytest.skip("PostgreSQL for the tests needs the pgserver wheel (pip install -e '.[test]')")
    from sqlalchemy import create_engine, text

    url = pg.new_database_url()
    assert cli(url, "init").exit_code == 0
    assert merge(url, export(ledgers["a"], tmp_path / "seed.bangfu")).exit_code == 0
    first = export(url, tmp_path / "w1.bangfu", "--since-last", "township")
    engine = create_engine(url)
    late = str(uuid.uuid4())
    with engine.connect() as slow:
        # a transaction that takes its visit id now and commits only after the next export began
        slow.execute(
            text(
                "INSERT INTO visit (uuid, household_id, cadre_id, date, mode, content, voided, "
                "recorded_at, recorded_by) SELECT :u, household_id, cadre_id, date, mode, 'late', "
                "false, recorded_at, recorded_by FROM visit ORDER BY id LIMIT 1"
            ),
            {"u": late},
        )
        with engine.begin() as quick:  # a later visit (higher id) committed at once
            quick.execute(
                text(
                    "INSERT INTO visit (uuid, household_id, cadre_id, date, mode, content, voided, "
                    "recorded_at, recorded_by) SELECT :u, household_id, cadre_id, date, mode, 'quick', "
                    "false, recorded_at, recorded_by FROM visit ORDER BY id LIMIT 1"
                ),
                {"u": str(uuid.uuid4())},
            )
        threading.Timer(1.0, slow.commit).start()
        started = time.monotonic()
        second = export(url, tmp_path / "w2.bangfu", "--since-last", "township")
        time.sleep(max(0.0, 1.5 - (time.monotonic() - started)))
    third = export(url, tmp_path / "w3.bangfu", "--since-last", "township")
    engine.dispose()

    assert late not in _visit_uuids(first)
    assert late in _visit_uuids(second) | _visit_uuids(third)
