"""The one definition of due and overdue (DOMAIN.md §4), at its boundaries, on the pure engine."""

from __future__ import annotations

from tests.rules.builder import MONITORED, TUOPIN, Book, one, pick

# No ledger: the engine judges facts built in memory.
BACKENDS = ()


def _monitored_with_cadre(book: Book, code="H1", **kw):
    cid = book.cadre("C1")
    hid = book.household(code, MONITORED, **kw)
    book.pair(hid, cid, "2023-01-01")
    return hid, cid


def test_xf1__visit_on_last_day_of_quarter_counts():
    book = Book()
    hid, cid = _monitored_with_cadre(book)
    book.visit(hid, cid, "2023-06-30")
    f = one(book.run(as_of="2023-07-01", rules=["XF1"]), "XF1", "2023Q2")
    assert (f.status, f.done) == ("met", 1)


def test_xf1__as_of_last_day_of_quarter_is_due_with_zero_days_left_then_overdue_next_day():
    book = Book()
    _monitored_with_cadre(book)
    due = one(book.run(as_of="2023-06-30", rules=["XF1"]), "XF1", "2023Q2")
    assert (due.status, due.days_left, due.days_overdue) == ("due", 0, None)
    over = one(book.run(as_of="2023-07-01", rules=["XF1"]), "XF1", "2023Q2")
    assert (over.status, over.days_overdue, over.days_left) == ("overdue", 1, None)


def test_xf1__visit_on_first_day_of_next_quarter_does_not_count_for_the_previous():
    book = Book()
    hid, cid = _monitored_with_cadre(book)
    book.visit(hid, cid, "2023-07-01")
    found = book.run(as_of="2023-07-02", rules=["XF1"])
    assert one(found, "XF1", "2023Q2").status == "overdue"
    assert one(found, "XF1", "2023Q3").status == "met"


def test_xf3__household_monitored_mid_month_first_required_next_month():
    book = Book()
    sec = book.cadre("S1")
    book.secretary(sec, 1, "2023-01-01")
    book.household("H1", TUOPIN, ("2023-05-10", True, "marginal", "open"))
    found = book.run(as_of="2023-07-15", since="2023-01-01", rules=["XF3"])
    assert [f.period for f in found] == ["2023-06", "2023-07"]
    xf1 = book.run(as_of="2023-10-15", since="2023-01-01", rules=["XF1"])
    assert [f.period for f in xf1] == ["2023Q3", "2023Q4"]


def test_sz1_sz2__risk_eliminated_mid_quarter_judged_as_eliminated_from_next_period():
    book = Book()
    cid = book.cadre("C1")
    hid = book.household(
        "H1", ("2023-01-01", True, "unstable", "open"), ("2023-05-15", True, "unstable", "eliminated")
    )
    book.pair(hid, cid, "2023-01-01")
    found = book.run("suzhou-2022", as_of="2023-12-31", since="2023-01-01")
    assert [f.period for f in pick(found, "SZ1")] == ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05"]
    assert [f.period for f in pick(found, "SZ2")] == ["2023Q3", "2023Q4"]
    assert [f.period for f in pick(found, "SZ3")] == ["2023H2"]


def test_xf1__cadre_transfer_mid_quarter_old_cadres_earlier_visit_counts_later_does_not():
    book = Book()
    old, new = book.cadre("OLD"), book.cadre("NEW")
    hid = book.household("H1", MONITORED)
    book.pair(hid, old, "2023-01-01", "2023-05-14")
    book.pair(hid, new, "2023-05-15")
    book.visit(hid, old, "2023-04-10")
    book.visit(hid, old, "2023-08-10")  # after the transfer: no longer his household
    found = book.run(as_of="2023-11-27", since="2023-04-01", rules=["XF1"])
    q2, q3 = one(found, "XF1", "2023Q2"), one(found, "XF1", "2023Q3")
    assert (q2.status, q2.done) == ("met", 1)
    assert (q3.status, q3.done) == ("overdue", 0)
    assert q3.cadre == "NEW"  # the responsible cadre on the as-of date
    assert q3.last_visit.isoformat() == "2023-08-10"  # the latest home visit, whoever made it


def test_xf3__first_secretary_replaced_only_the_one_in_office_counts():
    book = Book()
    a, b = book.cadre("SA"), book.cadre("SB")
    book.secretary(a, 1, "2023-01-01", "2023-07-13")
    book.secretary(b, 1, "2023-07-14")
    hid = book.household("H1", MONITORED)
    book.visit(hid, a, "2023-07-10")
    book.visit(hid, a, "2023-08-10")  # no longer first secretary
    book.visit(hid, b, "2023-09-02")
    found = book.run(as_of="2023-09-30", since="2023-07-01", rules=["XF3"])
    assert one(found, "XF3", "2023-07").status == "met"
    assert one(found, "XF3", "2023-08").status == "overdue"
    sep = one(found, "XF3", "2023-09")
    assert (sep.status, sep.cadre) == ("met", "SB")


def test_xf3__village_without_first_secretary_is_overdue_with_no_cadre():
    book = Book()
    book.household("H1", MONITORED)
    found = book.run(as_of="2023-03-15", since="2023-01-01", rules=["XF3"])
    assert [(f.period, f.status, f.cadre) for f in found] == [
        ("2023-01", "overdue", None),
        ("2023-02", "overdue", None),
        ("2023-03", "due", None),
    ]


def test_never_visited_households_are_listed():
    book = Book()
    cid = book.cadre("C1")
    for code in ("H1", "H2"):
        hid = book.household(code, TUOPIN)
        book.pair(hid, cid, "2023-01-01")
    found = pick(book.run(as_of="2023-04-02", since="2023-01-01", rules=["XF2"]), period="2023Q1")
    assert sorted((f.household, f.status, f.last_visit) for f in found) == [
        ("H1", "overdue", None),
        ("H2", "overdue", None),
    ]


def test_xf1__phone_contact_does_not_count_for_home_rules():
    book = Book()
    hid, cid = _monitored_with_cadre(book)
    book.visit(hid, cid, "2023-05-01", "phone")
    f = one(book.run(as_of="2023-07-01", rules=["XF1"]), "XF1", "2023Q2")
    assert (f.status, f.done, f.last_visit) == ("overdue", 0, None)


def test_sz2__phone_contact_counts_but_not_for_sz3_home_visits():
    book = Book()
    cid = book.cadre("C1")
    hid = book.household("H1", TUOPIN)
    book.pair(hid, cid, "2023-01-01")
    book.visit(hid, cid, "2023-05-01", "phone")
    found = book.run("suzhou-2022", as_of="2023-07-01", since="2023-04-01")
    assert one(found, "SZ2", "2023Q2").status == "met"
    assert one(found, "SZ3", "2023H1").status == "overdue"


def test_xf1__visit_before_the_pairing_started_does_not_count():
    book = Book()
    cid = book.cadre("C1")
    hid = book.household("H1", MONITORED)
    book.pair(hid, cid, "2023-05-10")
    book.visit(hid, cid, "2023-05-09")
    f = one(book.run(as_of="2023-07-01", rules=["XF1"]), "XF1", "2023Q2")
    assert (f.status, f.done) == ("overdue", 0)


def test_household_closed_before_period_end_is_not_required():
    book = Book()
    _monitored_with_cadre(book, closed="2023-08-15")
    found = book.run(as_of="2023-11-27", since="2023-04-01", rules=["XF1"])
    assert [f.period for f in found] == ["2023Q2"]


def test_household_entering_ledger_mid_quarter_first_required_next_quarter():
    book = Book()
    _monitored_with_cadre(book, since="2023-02-01")
    found = book.run(as_of="2023-05-01", since="2023-01-01", rules=["XF1"])
    assert [f.period for f in found] == ["2023Q2"]


def test_window__periods_ending_before_since_are_not_listed_and_after_as_of_not_judged():
    book = Book()
    _monitored_with_cadre(book)
    found = book.run(as_of="2023-08-15", since="2023-06-30", rules=["XF1"])
    assert [f.period for f in found] == ["2023Q2", "2023Q3"]


def test_visit_after_as_of_is_not_counted_for_the_running_period():
    book = Book()
    hid, cid = _monitored_with_cadre(book)
    book.visit(hid, cid, "2023-08-20")
    f = one(book.run(as_of="2023-08-15", since="2023-07-01", rules=["XF1"]), "XF1", "2023Q3")
    assert (f.status, f.done, f.last_visit) == ("due", 0, None)


def test_sz4__leader_judged_per_cadre_visits_to_contacted_households_only():
    book = Book()
    leader = book.cadre("L1")
    h1 = book.household("H1", TUOPIN)
    h2 = book.household("H2", TUOPIN)
    book.pair(h1, leader, "2023-01-01", kind="leader")
    book.visit(h2, leader, "2023-02-01")  # not a household he contacts
    book.visit(h1, leader, "2023-05-01")
    found = pick(book.run("suzhou-2022", as_of="2023-07-01", since="2023-01-01"), "SZ4")
    assert [(f.period, f.status, f.cadre, f.household, f.subject) for f in found] == [
        ("2023Q1", "overdue", "L1", None, "cadre"),
        ("2023Q2", "met", "L1", None, "cadre"),
        ("2023Q3", "due", "L1", None, "cadre"),
    ]


def test_sz4__leader_required_only_from_the_quarter_his_contact_starts_on_its_first_day():
    book = Book()
    leader = book.cadre("L1")
    h1 = book.household("H1", TUOPIN)
    book.pair(h1, leader, "2023-02-01", "2023-07-15", kind="leader")
    found = pick(book.run("suzhou-2022", as_of="2023-12-01", since="2023-01-01"), "SZ4")
    assert [f.period for f in found] == ["2023Q2", "2023Q3"]


def test_household_not_yet_identified_carries_no_obligation():
    book = Book()
    cid = book.cadre("C1")
    hid = book.household("H1", ("2023-01-01", False, None, None), ("2023-05-10", False, "marginal", "open"))
    book.pair(hid, cid, "2023-05-10")
    found = book.run(as_of="2023-11-27", since="2023-01-01", rules=["XF1", "XF2", "XF5"])
    assert [(f.rule, f.period) for f in found] == [("XF1", "2023Q3"), ("XF1", "2023Q4"), ("XF5", None)]


def test_required_periods_is_the_per_period_status_lookup_in_one_walk():
    """``context.required_periods`` (one merge walk of periods and status rows) picks exactly the
    periods the plain definition picks: in the ledger for the whole period, and the status on its
    first day matching the selector (``HouseholdFact.in_ledger_for`` / ``status_on``)."""
    import random
    from datetime import date, timedelta

    from bangfu_cli.domain.dates import periods_between
    from bangfu_cli.domain.facts import HouseholdFact, StatusFact
    from bangfu_cli.rules.context import required_periods, selects
    from bangfu_cli.rules.profiles import SELECTORS

    rng = random.Random(7)
    start = date(2024, 1, 1)
    for _ in range(800):
        days = sorted(rng.sample(range(0, 900), rng.randint(0, 4)))
        if rng.random() < 0.4:  # one status row, often from before the window (the short cut)
            days = [rng.randint(0, 200)]
        statuses = tuple(
            StatusFact(
                start + timedelta(days=d),
                rng.random() < 0.7,
                rng.choice([None, "unstable", "marginal"]),
                rng.choice([None, "open", "eliminated"]),
            )
            for d in days
        )
        since = start + timedelta(days=rng.randint(0, 400))
        closed = rng.choice([None, since + timedelta(days=rng.randint(0, 600))])
        h = HouseholdFact(1, "H", "户主", "镇", "村", 1, 3, since, closed, statuses)
        for kind in ("month", "quarter"):
            periods = periods_between(kind, date(2024, 6, 1), date(2026, 3, 31))
            for selector in SELECTORS:
                plain = [
                    p
                    for p in periods
                    if h.in_ledger_for(p.start, p.end) and selects(selector, h.status_on(p.start))
                ]
                assert required_periods(h, periods, selector) == plain, (selector, kind, h)


def test_a_household_finding_carries_every_field():
    """Every field of a periodic finding about a household (the evaluator fills them by position)."""
    from dataclasses import asdict
    from datetime import date

    book = Book()
    hid, cid = _monitored_with_cadre(book, code="H7")
    book.visit(hid, cid, "2023-05-04", mode="phone")  # not a home visit: last_visit is the home one
    book.visit(hid, cid, "2023-04-10")
    found = book.run(as_of="2023-08-02", since="2023-06-01", rules=["XF1"])
    met, due = one(found, "XF1", "2023Q2"), one(found, "XF1", "2023Q3")
    common = {
        "rule": "XF1", "source": "信巩办字〔2023〕4号 一(1)", "subject": "household", "township": "T1",
        "village": "V1", "household": "H7", "head_name": "head-H7", "cadre": "C1", "required": 1,
        "last_visit": date(2023, 4, 10), "late": False, "subject_key": None, "household_id": hid,
        "cadre_id": None, "unit": None, "calendar": None,
    }  # fmt: skip
    assert asdict(met) == {
        **common, "status": "met", "message": "rules.finding.periodic_met", "period": "2023Q2",
        "period_start": date(2023, 4, 1), "period_end": date(2023, 6, 30), "done": 1,
        "days_overdue": None, "days_left": None,
    }  # fmt: skip
    assert asdict(due) == {
        **common, "status": "due", "message": "rules.finding.periodic_due", "period": "2023Q3",
        "period_start": date(2023, 7, 1), "period_end": date(2023, 9, 30), "done": 0,
        "days_overdue": None, "days_left": 59,
    }  # fmt: skip
    late = one(book.run(as_of="2023-10-03", since="2023-08-01", rules=["XF1"]), "XF1", "2023Q3")
    assert (late.status, late.message, late.days_overdue, late.days_left) == (
        "overdue", "rules.finding.periodic_overdue", 3, None,
    )  # fmt: skip
