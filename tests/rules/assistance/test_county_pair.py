"""SZ11A–E: the county pairing — heads' visits, mutual visits, funds, unbroken secondments."""

from __future__ import annotations

from datetime import date

from tests.rules.assistance.builder import Assist, brief, only

# No ledger: the engine judges facts built in memory.
BACKENDS = ()


def _paired(start: str = "2023-01-01", end: str | None = None) -> Assist:
    book = Assist()
    book.partner("砀山县", start, end)
    return book


def test_sz11a__a_heads_visit_every_half_year():
    book = _paired()
    book.pair_activity("head_visit", "2023-03-01")
    found = book.run(["SZ11A"], as_of="2024-01-05", since="2023-01-01")
    h1, h2 = only(found, period="2023H1"), only(found, period="2023H2")
    assert brief(h1) == ("met", 1, None, None, False) and brief(h2) == ("overdue", 0, 5, None, False)
    assert (h1.subject, h1.subject_key, h1.unit, h1.cadre, h1.township) == (
        "county_pair",
        "砀山县",
        None,
        None,
        None,
    )
    row = h2.to_json()
    assert row["subject"] == "county_pair" and row["unit"] is None and row["late"] is False


def test_sz11a__nothing_owed_without_a_partner_on_the_first_day_and_a_visit_then_counts_for_nothing():
    book = _paired(start="2023-02-01", end="2023-06-30")
    book.partner("萧县", "2023-08-01")
    book.pair_activity("head_visit", "2023-07-15")  # no partner active that day
    found = book.run(["SZ11A"], as_of="2024-03-01", since="2023-01-01")
    assert [(f.period, f.status, f.done, f.subject_key) for f in found] == [("2024H1", "due", 0, "萧县")]


def test_sz11b__one_kind_late_is_overdue_late_counted_to_the_later_one():
    book = _paired()
    book.pair_activity("city_mutual_visit", "2023-09-15")
    assert brief(only(book.run(["SZ11B"], as_of="2023-10-31"))) == ("due", 1, None, 0, False)
    assert brief(only(book.run(["SZ11B"], as_of="2023-11-03"))) == ("overdue", 1, 3, None, False)
    book.pair_activity("county_mutual_visit", "2023-11-05")
    f = only(book.run(["SZ11B"], as_of="2023-12-01"))
    assert brief(f) == ("overdue", 2, 5, None, True)
    assert (f.required, f.period, f.period_end) == (2, "2023-10-31", date(2023, 10, 31))
    assert f.message == "rules.finding.pair_late"


def test_sz11b__both_kinds_by_31_october_is_met():
    book = _paired()
    book.pair_activity("county_mutual_visit", "2023-10-31")
    book.pair_activity("city_mutual_visit", "2023-05-01")
    assert brief(only(book.run(["SZ11B"], as_of="2023-12-01"))) == ("met", 2, None, None, False)


def test_sz11c__funds_disbursed_on_the_deadline_day_met_the_day_after_late():
    on_time, late = _paired(), _paired()
    on_time.pair_activity("funds_disbursed", "2023-03-31")
    late.pair_activity("funds_disbursed", "2023-04-01")
    assert brief(only(on_time.run(["SZ11C"], as_of="2023-06-01"))) == ("met", 1, None, None, False)
    assert brief(only(late.run(["SZ11C"], as_of="2023-06-01"))) == ("overdue", 1, 1, None, True)
    nothing = _paired()
    assert brief(only(nothing.run(["SZ11C"], as_of="2023-03-31"))) == ("due", 0, None, 0, False)
    assert brief(only(nothing.run(["SZ11C"], as_of="2023-04-01"))) == ("overdue", 0, 1, None, False)


def test_sz11d__the_first_record_of_the_year_decides():
    book = _paired()
    book.pair_activity("funds_spent", "2023-12-05")
    book.pair_activity("funds_spent", "2023-11-20")
    assert brief(only(book.run(["SZ11D"], as_of="2023-12-31"))) == ("met", 2, None, None, False)


def test_sz11e__a_secondment_gap_of_one_day_is_one_overdue_stretch():
    book = _paired(start="2023-01-01")
    book.pair_activity("secondment", "2023-01-01", "2023-06-30", cadre="C1")
    book.pair_activity("secondment", "2023-07-02", cadre="C2")  # open
    f = only(book.run(["SZ11E"], as_of="2023-12-31"))
    assert brief(f) == ("overdue", 0, 1, None, False)
    assert (f.period, f.period_start, f.period_end) == (None, date(2023, 7, 1), date(2023, 7, 1))
    assert f.message == "rules.finding.secondment_overdue" and f.subject == "county_pair"


def test_sz11e__an_uncovered_stretch_still_running_has_no_end_and_its_length_so_far():
    book = _paired(start="2023-01-01")
    book.pair_activity("secondment", "2023-01-01", "2023-11-30")
    f = only(book.run(["SZ11E"], as_of="2023-12-10"))
    assert (f.period_start, f.period_end, f.days_overdue) == (date(2023, 12, 1), None, 10)
    # the first uncovered day is overdue on that very day
    f = only(book.run(["SZ11E"], as_of="2023-12-01"))
    assert (f.status, f.period_start, f.days_overdue) == ("overdue", date(2023, 12, 1), 1)
    assert only(book.run(["SZ11E"], as_of="2023-11-30")).status == "met"


def test_sz11e__stretches_before_the_window_are_not_listed_and_coverage_since_is_met():
    book = _paired(start="2023-01-01")
    book.pair_activity("secondment", "2023-01-11")  # 1–10 January uncovered
    found = book.run(["SZ11E"], as_of="2024-06-01")  # window from 2023-06-01
    assert [(f.status, f.period_start) for f in found] == [("met", date(2023, 1, 11))]
    found = book.run(["SZ11E"], as_of="2024-06-01", since="2023-01-10")
    assert [(f.status, f.period_start, f.period_end, f.days_overdue) for f in found] == [
        ("overdue", date(2023, 1, 1), date(2023, 1, 10), 10)
    ]


def test_sz11e__a_secondment_recorded_while_no_partner_is_active_counts_for_nothing():
    book = _paired(start="2023-03-01")
    book.pair_activity("secondment", "2023-02-01")  # before the partner: accepted, counts for nothing
    f = only(book.run(["SZ11E"], as_of="2023-03-05"))
    assert (f.status, f.period_start, f.days_overdue) == ("overdue", date(2023, 3, 1), 5)


def test_sz11e__no_partner_nothing_owed():
    book = Assist()
    book.pair_activity("secondment", "2023-02-01")
    assert book.run(["SZ11A", "SZ11B", "SZ11C", "SZ11D", "SZ11E"], as_of="2023-12-31") == []


def test_every_finding_of_these_rules_is_explained_in_both_languages():
    from bangfu_cli.i18n import catalogue

    messages = {
        f"rules.finding.{stem}_{word}"
        for stem, words in {
            "unit": ("met", "due", "overdue", "late"),
            "training": ("met", "due", "overdue"),
            "pair": ("met", "due", "overdue", "late"),
            "secondment": ("met", "overdue"),
        }.items()
        for word in words
    }
    book = _paired()
    book.pair_activity("funds_disbursed", "2023-04-02")
    book.pair_activity("secondment", "2023-02-01")
    found = book.run(["SZ11A", "SZ11C", "SZ11E"], as_of="2023-06-01")
    assert {f.message for f in found} <= messages and len(found) == 3
    for lang in ("zh", "en"):
        assert messages <= set(catalogue(lang)), lang
