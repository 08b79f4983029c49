"""A unit's activities as of a past day: one entered after that day (in the ledger's time zone)
does not count yet, one voided after it still does (SZ6: a unit studies its work twice a year)."""

from __future__ import annotations

from tests import db
from tests.conftest import run_cli


def _sz6_done(as_of: str) -> list[tuple]:
    found = db.findings_as_recorded(as_of, "2026-01-01", "SZ6")
    return [(f.status, f.done) for f in found if f.subject == "unit" and f.period == "2026"]


def _study(on: str) -> int:
    assert run_cli("activity", "add", "--unit", "DW01", "--kind", "研究部署", "--date", on).exit_code == 0
    return int(db.rows("SELECT max(id) FROM unit_activity")[0][0])


def test_a_study_entered_after_the_as_of_day_does_not_count_and_one_voided_after_it_still_does(with_units):
    assert run_cli("profile", "use", "suzhou-2022").exit_code == 0
    for table in ("unit", "unit_village"):
        db.back_date(table, "2026-01-01 09:00", "1 = 1")
    first = _study("2026-02-10")
    db.back_date("unit_activity", "2026-02-10 18:00", f"id = {first}")
    second = _study("2026-03-10")
    db.back_date("unit_activity", "2026-03-11 00:00", f"id = {second}")  # entered just after midnight
    assert _sz6_done("2026-03-10") == [("due", 1)]
    assert _sz6_done("2026-03-11") == [("met", 2)]
    assert run_cli("activity", "void", str(first), "--reason", "重复登记").exit_code == 0
    db.back_date("unit_activity", "2026-04-01 08:00", f"id = {first}", column="voided_at")
    assert _sz6_done("2026-03-31")[0][1] == 2  # voided only on 1 April
    assert _sz6_done("2026-04-01")[0][1] == 1
