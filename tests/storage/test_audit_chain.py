"""The audit trail is tamper-evident: every row chained to the one before, the record each row
wrote hashed, and ``bangfu audit verify`` naming each break (exit 1) or saying it is whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bangfu_cli.storage.engine import make_engine, url_for
from bangfu_cli.storage.migrate import upgrade
from tests.conftest import SAMPLES, run_cli

BACKENDS = ("sqlite",)  # the tampering is done with sqlite3, as an outsider would


@pytest.fixture
def ledger(ledger_db):
    for args in (
        ("cadre", "import", str(SAMPLES / "cadres.csv")),
        ("household", "import", str(SAMPLES / "households.csv")),
        ("pair", "import", str(SAMPLES / "pairings.csv")),
        (
            "visit",
            "add",
            "--household",
            "3607221032020028",
            "--cadre",
            "XF-GB-011",
            "--date",
            "2026-11-20",
            "--mode",
            "home",
        ),
    ):
        result = run_cli(*args)
        assert result.exit_code in (0, 1), result.output
    return Path(ledger_db)


def _verify(*args):
    return run_cli("audit", "verify", *args)


def _sql(db: Path, *statements: str) -> None:
    con = sqlite3.connect(db)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def test_a_ledger_written_by_bangfu_only_verifies_whole(ledger):
    result = _verify()
    assert result.exit_code == 0, result.output
    assert "whole" in result.stderr
    rows = sqlite3.connect(ledger).execute("SELECT count(*), count(row_hash) FROM audit").fetchone()
    assert rows[0] == rows[1] > 0  # every row chained


def test_every_row_links_to_the_one_before_it(ledger):
    rows = sqlite3.connect(ledger).execute("SELECT prev_hash, row_hash FROM audit ORDER BY id").fetchall()
    assert rows[0][0] == ""
    assert all(later[0] == earlier[1] for earlier, later in zip(rows, rows[1:], strict=False))


def test_an_audit_row_edited_with_sqlite_is_named_as_edited(ledger):
    _sql(ledger, "UPDATE audit SET by = 'someone else' WHERE id = 3")
    result = _verify("--format", "json")
    assert result.exit_code == 1
    assert [(b["audit_id"], b["kind"]) for b in result.json()["breaks"]] == [(3, "edited")]


def test_an_audit_row_deleted_is_named_as_removed_at_the_row_after_it(ledger):
    _sql(ledger, "DELETE FROM audit WHERE id = 5")
    result = _verify("--format", "json")
    assert result.exit_code == 1
    assert [(b["audit_id"], b["kind"]) for b in result.json()["breaks"]] == [(6, "removed")]


def test_a_record_changed_outside_bangfu_is_named_with_its_last_audit_row(ledger):
    _sql(ledger, "UPDATE household SET head_name = '冒名' WHERE code = '3607221032020028'")
    result = _verify("--format", "json")
    assert result.exit_code == 1
    kinds = {(b["entity"], b["kind"]) for b in result.json()["breaks"]}
    assert kinds == {("household", "record_changed")}


def test_a_visit_changed_in_place_and_a_visit_deleted_are_both_named(ledger):
    _sql(ledger, "UPDATE visit SET content = '改过的内容'")
    result = _verify("--format", "json")
    assert {b["kind"] for b in result.json()["breaks"]} == {"record_changed"}
    _sql(ledger, "PRAGMA foreign_keys=OFF", "DELETE FROM visit")
    result = _verify("--format", "json")
    assert {b["kind"] for b in result.json()["breaks"]} == {"record_removed"}


def test_a_change_made_through_bangfu_keeps_the_trail_whole(ledger):
    visit_id = sqlite3.connect(ledger).execute("SELECT id FROM visit").fetchone()[0]
    result = run_cli("visit", "void", str(visit_id), "--reason", "录错了")
    assert result.exit_code == 0, result.output
    assert _verify().exit_code == 0


def test_a_printed_head_verifies_until_rows_after_it_are_removed(ledger):
    head = _verify("--format", "json").json()["head"]
    assert _verify("--head", head).exit_code == 0
    run_cli("cadre", "add", "--code", "XF-NEW-1", "--name", "新干部", "--unit", "县委")
    assert _verify("--head", head).exit_code == 0  # later rows are fine
    newest = _verify("--format", "json").json()["head"]
    _sql(ledger, f"DELETE FROM audit WHERE row_hash = '{newest}'")
    result = _verify("--head", newest, "--format", "json")
    assert result.exit_code == 1
    assert [b["kind"] for b in result.json()["breaks"]] == ["head_missing"]


def test_an_unknown_audit_action_is_refused(ledger):
    result = run_cli("audit", "verfy")
    assert result.exit_code == 2
    assert "verify" in result.stderr


def test_upgrading_builds_the_chain_from_existing_rows_once_and_says_so(tmp_path):
    path = tmp_path / "old.db"
    upgrade(make_engine(url_for(str(path))), "0004_covering_indexes")
    _sql(
        path,
        "INSERT INTO cadre (id, uuid, recorded_at, recorded_by, code, name, unit, leader)"
        " VALUES (1, 'c-1', '2025-01-01 00:00:00.000000', 'old', 'C001', '李四', '县农业农村局', 0)",
        "INSERT INTO audit (id, uuid, at, by, action, entity, entity_uuid, entity_key)"
        " VALUES (1, 'a-1', '2025-01-01 00:00:00.000000', 'old', 'add', 'cadre', 'c-1', 'C001')",
        "INSERT INTO audit (id, uuid, at, by, action, entity)"
        " VALUES (2, 'a-2', '2025-01-02 00:00:00.000000', 'old', 'reveal', 'personal_data')",
    )
    first = run_cli("--db", str(path), "audit", "verify")
    assert first.exit_code == 0, first.output
    assert "Built the audit chain from the ledger's 2 existing audit rows" in first.stderr
    again = run_cli("--db", str(path), "audit", "verify")
    assert "Built the audit chain" not in again.stderr
    _sql(path, "UPDATE cadre SET name = '王五'")
    assert run_cli("--db", str(path), "audit", "verify").exit_code == 1


def test_the_quarterly_report_and_the_register_print_the_chain_head_and_length(ledger, tmp_path):
    head = _verify("--format", "json").json()
    report = tmp_path / "report.html"
    result = run_cli("report", "quarter", "--quarter", "2026Q3", "-o", str(report))
    assert result.exit_code == 0, result.output
    assert head["head"] in report.read_text(encoding="utf-8")
    assert f"{head['length']} rows" in report.read_text(encoding="utf-8")
    register = tmp_path / "register.html"
    result = run_cli("export", "register", "-o", str(register))
    assert result.exit_code == 0, result.output
    assert head["head"] in register.read_text(encoding="utf-8")


def test_a_visit_imported_in_bulk_and_changed_in_place_is_named_with_its_import(ledger, tmp_path):
    result = run_cli("visit", "import", str(SAMPLES / "visits.csv"))
    assert result.exit_code == 0, result.output
    assert _verify().exit_code == 0
    con = sqlite3.connect(ledger)
    scope = con.execute("SELECT records FROM audit WHERE action = 'import' AND entity = 'visit'").fetchone()[
        0
    ]
    assert scope.startswith("visit ")
    con.close()
    _sql(ledger, "UPDATE visit SET content = '改过的内容' WHERE id = (SELECT max(id) FROM visit)")
    result = _verify("--format", "json")
    assert result.exit_code == 1
    assert [(b["kind"], b["key"]) for b in result.json()["breaks"]] == [("records_changed", scope)]


def test_an_import_row_whose_scope_was_rewritten_is_named_as_edited_not_a_crash(ledger):
    assert run_cli("visit", "import", str(SAMPLES / "visits.csv")).exit_code == 0
    _sql(ledger, """UPDATE audit SET records = 'visit" x' WHERE records IS NOT NULL""")
    result = _verify("--format", "json")
    assert result.exit_code == 1, result.output
    assert [b["kind"] for b in result.json()["breaks"]] == ["edited"]
