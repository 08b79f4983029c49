"""XF5 (no gap in pairing), XF6 (plaque within 7 working days) and the working-day calendar."""

from __future__ import annotations

from datetime import date

from bangfu_cli.domain.workdays import WorkCalendar
from bangfu_cli.rules import profiles
from tests.rules.builder import MONITORED, TUOPIN, Book, pick

# No ledger: the engine judges facts built in memory.
BACKENDS = ()


def test_seven_working_days_from_friday_2023_09_22_is_2023_10_09():
    assert WorkCalendar().add_workdays(date(2023, 9, 22), 7) == date(2023, 10, 9)


def _transfer(book: Book, start: str, plaque: str | None):
    old, new = book.cadre("OLD"), book.cadre("NEW")
    hid = book.household("H1", TUOPIN)
    book.pair(hid, old, "2023-01-01", "2023-09-21")
    book.pair(hid, new, start, plaque=plaque)
    return hid


def test_xf6__deadline_by_official_calendar_due_until_then_overdue_after():
    book = Book()
    _transfer(book, "2023-09-22", None)
    due = pick(book.run(as_of="2023-10-09", rules=["XF6"]), "XF6")[0]
    assert (due.status, due.period, due.days_left, due.cadre) == ("due", "2023-10-09", 0, "NEW")
    assert (due.period_start.isoformat(), due.period_end.isoformat()) == ("2023-09-22", "2023-10-09")
    over = pick(book.run(as_of="2023-10-10", rules=["XF6"]), "XF6")[0]
    assert (over.status, over.days_overdue) == ("overdue", 1)


def test_xf6__plaque_on_the_deadline_is_met():
    book = Book()
    _transfer(book, "2023-09-22", "2023-10-09")
    (f,) = book.run(as_of="2023-11-01", rules=["XF6"])
    assert (f.status, f.done, f.late) == ("met", 1, False)


def test_xf6__late_plaque_stays_overdue_marked_late_with_days_late():
    book = Book()
    _transfer(book, "2023-09-22", "2023-10-12")
    (f,) = book.run(as_of="2023-11-01", rules=["XF6"])
    assert (f.status, f.done, f.late, f.days_overdue) == ("overdue", 1, True, 3)


def test_xf6__the_first_pairing_of_a_household_needs_no_plaque_replacement():
    book = Book()
    cid = book.cadre("C1")
    hid = book.household("H1", TUOPIN)
    book.pair(hid, cid, "2023-01-01")
    assert book.run(as_of="2023-11-01", rules=["XF6"]) == []


def test_xf6__a_year_outside_the_calendar_data_falls_back_to_monday_to_friday_and_says_so():
    book = Book()
    old, new = book.cadre("OLD"), book.cadre("NEW")
    hid = book.household("H1", TUOPIN, since="2040-01-01")
    book.pair(hid, old, "2040-01-01", "2040-09-30")
    book.pair(hid, new, "2040-10-01")  # a Monday; no official calendar for 2040
    calendar = WorkCalendar()
    (f,) = book.run(as_of="2040-10-20", rules=["XF6"], calendar=calendar)
    assert f.period == "2040-10-10"  # 7 weekdays later, National Day not known
    assert calendar.fallback_years == {2040}


def test_profile_extra_holidays_push_the_deadline():
    calendar = WorkCalendar(extra_holidays=[date(2023, 10, 9)])
    assert calendar.add_workdays(date(2023, 9, 22), 7) == date(2023, 10, 10)


def test_xf5__household_without_pairing_overdue_from_first_day_without_one():
    book = Book()
    cid = book.cadre("C1")
    sec = book.cadre("S1")
    book.secretary(sec, 1, "2023-01-01")
    hid = book.household("H1", MONITORED)
    book.pair(hid, cid, "2023-01-01", "2023-06-30")
    (f,) = book.run(as_of="2023-07-11", rules=["XF5"])
    assert (f.status, f.period, f.period_end, f.days_overdue) == ("overdue", None, None, 10)
    assert f.period_start.isoformat() == "2023-07-01"
    assert f.cadre == "S1"  # the first secretary arranges the new pairing


def test_xf5__never_paired_counts_from_when_it_became_assisted():
    book = Book()
    book.household("H1", ("2023-01-01", False, None, None), ("2023-03-05", False, "sudden", "open"))
    (f,) = book.run(as_of="2023-03-15", rules=["XF5"])
    assert (f.period_start.isoformat(), f.days_overdue, f.cadre) == ("2023-03-05", 10, None)


def test_xf5__paired_household_is_met_and_a_leader_pairing_is_not_enough():
    book = Book()
    cid, leader = book.cadre("C1"), book.cadre("L1")
    h1 = book.household("H1", TUOPIN)
    h2 = book.household("H2", TUOPIN)
    book.pair(h1, cid, "2023-01-01")
    book.pair(h2, leader, "2023-01-01", kind="leader")
    found = {f.household: f.status for f in book.run(as_of="2023-03-15", rules=["XF5"])}
    assert found == {"H1": "met", "H2": "overdue"}


def test_both_builtin_profiles_validate_and_declare_every_rule():
    xf = profiles.load_builtin("xinfeng-2023")
    sz = profiles.load_builtin("suzhou-2022")
    assert [r.id for r in xf.rules] == [f"XF{i}" for i in range(1, 11)]
    assert [r.id for r in sz.rules if r.enabled] == [
        *(f"SZ{i}" for i in range(1, 11)), "SZ11A", "SZ11B", "SZ11C", "SZ11D", "SZ11E", "SZ12",
    ]  # fmt: skip
    assert {r.subject for r in sz.rules} == {
        "household",
        "cadre",
        "unit",
        "resident",
        "county_pair",
        "social",
    }
    assert all(
        r.source.startswith(("信巩办字〔2023〕4号", "宿巩固办〔2022〕2号")) for r in xf.rules + sz.rules
    )
    assert xf["document"].startswith("信巩办字")


def test_profile_with_a_bad_rule_is_refused_naming_rule_and_field():
    import pytest

    from bangfu_cli.domain.errors import BangfuError

    text = (profiles.HERE / "xinfeng-2023.toml").read_text(encoding="utf-8")
    bad = text.replace('period = "month"', 'period = "fortnight"', 1)
    with pytest.raises(BangfuError) as info:
        profiles.parse(bad, "bad.toml")
    assert "XF3" in info.value.params["detail"] and "period" in info.value.params["detail"]
