"""A run ``--as-of`` a past day ``--as-recorded`` judges the ledger as it stood at the end of
that day in the ledger's time zone (Asia/Shanghai): a visit or income record made later does not
count yet, a visit voided later still counts, a correction made later is not applied, and a
pairing corrected later by ``pair correct`` holds as it did. Without ``--as-recorded`` records
count by their own dates, whenever entered (a township entering last month's paper books). The
tiny township ledger: H001 is monitored, paired with C01; C02 is the village's first secretary
(XF3: a home visit every month)."""

from __future__ import annotations

from datetime import date

import pytest

from bangfu_cli.domain.asof import cut_needed, cut_off, zone_named
from tests import db
from tests.conftest import run_cli

AS_OF = "2026-11-05"  # the October visit is judged as it stood at the end of 5 November


@pytest.fixture
def ledger(town):
    """Everything imported before October 2026, as a county's ledger would hold it then."""
    for table in ("household", "household_status", "pairing", "role", "cadre", "village"):
        db.back_date(table, "2026-09-01 09:00", "1 = 1")
    db.back_date("audit", "2026-09-01 09:00", "1 = 1", column="at")
    return town


def _october_xf3(as_of: str = AS_OF, recorded: tuple[str, ...] = ("--as-recorded",)) -> list[str]:
    """The statuses of H001's XF3 finding for October 2026 as of ``as_of`` (none: met)."""
    args = ("overdue", "--rule", "XF3", "--as-of", as_of, "--since", "2026-10-01", *recorded)
    result = run_cli(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return [i["status"] for i in result.json() if i["household"] == "H001" and i["period"] == "2026-10"]


def _visit(on: str = "2026-10-15", cadre: str = "C02") -> int:
    added = run_cli(
        "visit",
        "add",
        "--household",
        "H001",
        "--cadre",
        cadre,
        "--date",
        on,
        "--mode",
        "home",
        "--format",
        "json",
    )
    assert added.exit_code == 0, added.output
    return int(db.rows("SELECT max(id) FROM visit")[0][0])


def test_cut_off_is_the_next_midnight_in_the_zone_in_utc():
    shanghai = zone_named(None)
    assert str(cut_off(date(2026, 11, 5), shanghai)) == "2026-11-05 16:00:00"
    assert cut_needed(date(2026, 11, 5), shanghai, date(2026, 11, 6)) is not None
    assert cut_needed(date(2026, 11, 5), shanghai, date(2026, 11, 5)) is None  # the day is not over
    assert str(cut_off(date(2026, 11, 5), zone_named("Europe/London"))) == "2026-11-06 00:00:00"


def test_a_visit_recorded_at_23_59_of_the_as_of_day_counts(ledger):
    vid = _visit()
    db.back_date("visit", "2026-11-05 23:59", f"id = {vid}")
    assert _october_xf3() == []


def test_a_visit_recorded_at_midnight_after_the_as_of_day_does_not_count_yet(ledger):
    vid = _visit()
    db.back_date("visit", "2026-11-06 00:00", f"id = {vid}")
    assert _october_xf3() == ["overdue"]
    assert _october_xf3("2026-11-06") == []  # it counts from that day on
    assert _october_xf3("2026-11-27") == []  # and today
    assert _october_xf3(recorded=()) == []  # by its date, the visit of 15 October counts


def test_by_default_a_visit_entered_today_counts_as_of_a_past_day_by_its_date(ledger):
    _visit(on="2026-10-31")  # the last day of the month, entered today from the paper book
    assert _october_xf3("2026-10-31", recorded=()) == []
    assert _october_xf3("2026-10-31") == ["due"]  # as recorded: not in the ledger that day


def test_a_visit_voided_the_day_after_still_counts_as_of_the_day_before(ledger):
    vid = _visit()
    db.back_date("visit", "2026-10-15 18:00", f"id = {vid}")
    assert run_cli("visit", "void", str(vid), "--reason", "录错户").exit_code == 0
    db.back_date("visit", "2026-11-06 08:30", f"id = {vid}", column="voided_at")
    assert _october_xf3() == []
    assert _october_xf3("2026-11-06") == ["overdue"]  # from the day it was voided
    assert _october_xf3("2026-11-27") == ["overdue"]
    assert _october_xf3(recorded=()) == ["overdue"]  # a void is a mistake undone on every day


def test_a_time_zone_setting_moves_the_cut(ledger):
    vid = _visit()
    db.back_date("visit", "2026-11-06 06:00", f"id = {vid}")  # 5 November 22:00 in London
    assert _october_xf3() == ["overdue"]
    assert run_cli("init", "--timezone", "Europe/London").exit_code == 0
    assert _october_xf3() == []


def _xf7_q3(as_of: str) -> list[tuple]:
    """(status, done, late) of H001's XF7 finding for 2026Q3 as of ``as_of``, met ones too."""
    found = db.findings_as_recorded(as_of, "2026-07-01", "XF7")
    return [(f.status, f.done, f.late) for f in found if f.household == "H001" and f.period == "2026Q3"]


def test_income_recorded_after_the_as_of_day_is_not_there_yet_and_a_later_correction_not_applied(ledger):
    late = run_cli("income", "add", "H001", "--quarter", "2026Q3", "--on", "2026-10-20", "--wage", "100",
                   "--late", "户主外出")  # fmt: skip
    assert late.exit_code == 0, late.output
    db.back_date("income", "2026-10-20 10:00", "1 = 1")
    fixed = run_cli("income", "add", "H001", "--quarter", "2026Q3", "--on", "2026-10-04", "--wage", "100",
                    "--correct", "补正日期")  # fmt: skip
    assert fixed.exit_code == 0, fixed.output
    db.back_date("income", "2026-11-06 00:00", "correct_reason IS NOT NULL")
    assert _xf7_q3("2026-10-19") == [("overdue", 0, False)]  # nothing recorded yet that day
    assert _xf7_q3(AS_OF) == [("met", 1, True)]  # the late record, uncorrected
    assert _xf7_q3("2026-11-06") == [("met", 1, False)]  # corrected: collected in the window


def test_a_transfer_corrected_later_holds_as_it_stood(ledger):
    moved = run_cli("pair", "transfer", "H001", "--to", "C03", "--on", "2026-10-01", "--reason", "工作调动")
    assert moved.exit_code == 0, moved.output
    db.back_date("pairing", "2026-10-01 09:00", "1 = 1")
    db.back_date("audit", "2026-10-01 09:00", "entity = 'pairing'", column="at")
    assert run_cli("pair", "correct", "H001", "--reason", "调错了户").exit_code == 0
    db.back_date(
        "audit", "2026-11-10 09:00", "entity = 'pairing' AND action IN ('void', 'restore')", column="at"
    )
    # XF1 counts only the paired cadre's visits: C03's October visit counts while C03 was paired
    _visit(on="2026-10-15", cadre="C03")
    db.back_date("visit", "2026-10-15 18:00", "1 = 1")

    def q4(as_of: str) -> list[str]:
        args = ("overdue", "--rule", "XF1", "--as-of", as_of, "--since", "2026-10-01", "--as-recorded")
        args += ("--format", "json")
        found = run_cli(*args).json()
        return [i["cadre"] for i in found if i["household"] == "H001" and i["period"] == "2026Q4"]

    assert q4("2026-11-09") == []  # C03 paired then: his visit counts
    assert q4("2026-11-10") == ["C01"]  # corrected: C01 never stopped, and has not visited
