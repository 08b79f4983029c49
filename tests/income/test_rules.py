from datetime import date

from bangfu_cli.domain.facts import AssessmentFact, HouseholdFact, IncomeFact, LedgerData, StatusFact
from bangfu_cli.domain.workdays import WorkCalendar
from bangfu_cli.rules import engine
from bangfu_cli.rules.context import Context
from bangfu_cli.rules.income_rules import assessment, income_window
from bangfu_cli.rules.profiles import load_builtin

# No ledger: the income rules judge facts built in memory.
BACKENDS = ()

PROFILE = load_builtin("xinfeng-2023")
XF7, XF8 = PROFILE.rule("XF7"), PROFILE.rule("XF8")


def household(hid=1, monitored_on=date(2021, 1, 1)):
    statuses = [StatusFact(date(2021, 1, 1), True)]
    if monitored_on:
        statuses.append(StatusFact(monitored_on, True, "unstable", "open"))
    return HouseholdFact(hid, f"H{hid}", "户主", "镇", "村", 1, 4, date(2021, 1, 1), None, tuple(statuses))


def judge(rule, fn, as_of, *, incomes=(), assessments=(), households=None):
    data = LedgerData(households=tuple(households or [household()]), incomes=tuple(incomes),
                      assessments=tuple(assessments))  # fmt: skip
    ctx = Context(data, as_of, date(as_of.year, 1, 1), WorkCalendar(()))
    return {f.period: f for f in fn(rule, ctx)}


def test_xf7_xf8__registered_in_the_engine():
    assert engine.EVALUATORS["income_window"] is income_window
    assert engine.EVALUATORS["assessment"] is assessment


def test_xf7__due_until_the_5th_overdue_after_it_without_a_record():
    on_5th = judge(XF7, income_window, date(2026, 10, 5))["2026Q3"]
    assert (on_5th.status, on_5th.days_left, on_5th.period_end) == ("due", 0, date(2026, 10, 5))
    on_6th = judge(XF7, income_window, date(2026, 10, 6))["2026Q3"]
    assert (on_6th.status, on_6th.days_overdue) == ("overdue", 1)


def test_xf7__record_met_and_late_record_met_but_reported_late():
    incomes = [
        IncomeFact(1, "2026Q2", date(2026, 6, 26)),
        IncomeFact(1, "2026Q1", date(2026, 4, 20), late=True),
    ]
    got = judge(XF7, income_window, date(2026, 11, 27), incomes=incomes)
    assert (got["2026Q2"].status, got["2026Q2"].late) == ("met", False)
    assert (got["2026Q1"].status, got["2026Q1"].late) == ("met", True)
    assert got["2026Q4"].status == "due"  # window 2026-12-25 → 2027-01-05 still ahead


def test_xf7__monitored_mid_quarter_first_required_next_quarter():
    got = judge(
        XF7, income_window, date(2026, 11, 27), households=[household(monitored_on=date(2026, 5, 10))]
    )
    assert "2026Q2" not in got and got["2026Q3"].status == "overdue"


def test_xf8__assessment_inside_the_quarter_met_missing_overdue_after_quarter():
    done = [AssessmentFact(1, "2026Q2", date(2026, 6, 28)), AssessmentFact(1, "2026Q1", date(2026, 4, 2))]
    got = judge(XF8, assessment, date(2026, 11, 27), assessments=done)
    assert got["2026Q2"].status == "met" and not got["2026Q2"].late
    assert got["2026Q1"].status == "met" and got["2026Q1"].late
    assert (got["2026Q3"].status, got["2026Q3"].days_overdue) == ("overdue", 58)
    assert (got["2026Q4"].status, got["2026Q4"].days_left) == ("due", 34)
