from datetime import date
from decimal import Decimal

import pytest

from bangfu_cli.domain import income as inc
from bangfu_cli.domain.assessment import QuarterFacts, propose
from bangfu_cli.domain.dates import parse_quarter
from bangfu_cli.domain.errors import BangfuError

# No ledger: pure income arithmetic.
BACKENDS = ()


@pytest.mark.parametrize(
    ("text", "fen"),
    [("1234.5", 123450), ("1,234.50", 123450), ("", 0), (None, 0), ("0.01", 1), ("¥88", 8800)],
)
def test_amounts__typed_forms_become_exact_fen(text, fen):
    assert inc.to_fen(inc.parse_amount(text, "wage")) == fen


@pytest.mark.parametrize(
    ("text", "key"),
    [("-5", "income.negative_amount"), ("1.234", "income.too_precise"), ("abc", "income.bad_amount"),
     ("1e3", "income.bad_amount"), ("12,34", "income.bad_amount")],
)  # fmt: skip
def test_amounts__negative_too_precise_or_not_a_number_refused(text, key):
    with pytest.raises(BangfuError) as err:
        inc.parse_amount(text, "wage")
    assert err.value.key == key


def test_net_income__excluded_and_rigid_expense_not_counted():
    a = inc.Amounts.parse(
        {"wage": "1000", "business": "500", "business_cost": "200", "transfer": "100", "property": "50",
         "excluded": "9999", "rigid_expense": "7777"}
    )  # fmt: skip
    assert a.net == 145000


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [("2026Q1", date(2026, 3, 25), date(2026, 4, 5)), ("2026Q4", date(2026, 12, 25), date(2027, 1, 5))],
)
def test_window__25th_of_last_month_to_5th_of_next_q4_into_january(quarter, start, end):
    period = parse_quarter(quarter)
    assert inc.collection_window(period) == (start, end)
    assert inc.in_window(period, start) and inc.in_window(period, end)
    assert not inc.in_window(period, date.fromordinal(start.toordinal() - 1))
    assert not inc.in_window(period, date.fromordinal(end.toordinal() + 1))


def test_per_capita__four_quarters_summed_over_size():
    net = {"2025Q4": 100000, "2026Q1": 200000, "2026Q2": 300000, "2026Q3": 400000, "2025Q3": 999999}
    pc = inc.per_capita(net, 4, parse_quarter("2026Q3"))
    assert pc.value == Decimal("2500.00") and not pc.estimated
    assert pc.quarters == ("2025Q4", "2026Q1", "2026Q2", "2026Q3")


def test_per_capita__fewer_quarters_scaled_to_a_year_and_marked_estimated():
    pc = inc.per_capita({"2026Q2": 150000, "2026Q3": 150000}, 3, parse_quarter("2026Q3"))
    assert pc.estimated and pc.value == Decimal("2000.00")  # 3000 × 4/2 ÷ 3
    assert "× 4 / 2" in pc.formula


def test_income_drop__exactly_30_percent_alerts_just_under_does_not():
    limit = Decimal("0.30")
    assert inc.income_drop(70000, 100000, limit, "2026Q1", "2025Q1").value == Decimal("0.3000")
    assert inc.income_drop(70001, 100000, limit, "2026Q1", "2025Q1") is None


def test_rigid_expense__exactly_60_percent_alerts_just_under_does_not():
    limit = Decimal("0.60")
    assert inc.rigid_expense(60000, 100000, limit, ["2026Q1"]).value == Decimal("0.6000")
    assert inc.rigid_expense(59999, 100000, limit, ["2026Q1"]) is None


def test_below_threshold__equal_to_the_line_is_not_below():
    pc = inc.per_capita({"2026Q1": 1, "2026Q2": 1, "2026Q3": 1, "2025Q4": 779997}, 1, parse_quarter("2026Q3"))
    assert pc.value == Decimal("7800.00")
    assert inc.below_threshold(pc, 780000) is None
    assert inc.below_threshold(pc, 780001).alert == "below-threshold"


def test_growth__per_capita_growth_against_rates_strictly_higher():
    result = inc.growth_test([(1000000, 2), (2000000, 4)], [(1100000, 2), (2200000, 4)], 2026,
                             Decimal("0.075"), Decimal("0.10"))  # fmt: skip
    assert result.per_capita_before == Decimal("5000.00")
    assert result.per_capita_after == Decimal("5500.00")
    assert result.growth == Decimal("0.1000")
    assert result.passes_local is True and result.passes_province is False
    same = inc.growth_test([(100000, 1)], [(110000, 1)], 2026, Decimal("0.10"), None)
    assert same.passes_local is False and same.passes_province is None


def test_rate__percent_with_or_without_sign():
    assert inc.parse_rate("7.5", "r") == inc.parse_rate("7.5%", "r") == Decimal("0.075")
    with pytest.raises(BangfuError):
        inc.parse_rate("fast", "r")


def _facts(quarter, value, *, drop=False, rigid=False, issue=None, eliminated=False, threshold=700000):
    pc = None
    if value is not None:
        pc = inc.PerCapita(quarter, Decimal(value), 0, 0, 1, (quarter,), False)
    alert = inc.Alert("x", Decimal("0.5"), Decimal("0.3"), {}, "")
    return QuarterFacts(
        quarter, pc, threshold, alert if drop else None, alert if rigid else None, issue, eliminated
    )


def test_assessment__income_falling_proposes_adjust():
    assert propose(_facts("2026Q3", "9000", drop=True), _facts("2026Q2", "9000")).conclusion == "adjust"


def test_assessment__all_three_hold_two_quarters_proposes_eliminate():
    proposal = propose(_facts("2026Q3", "9000"), _facts("2026Q2", "8800"))
    assert proposal.conclusion == "eliminate"
    assert {"key": "two_quarters", "before": "2026Q2"} in proposal.reasons


def test_assessment__all_three_hold_only_this_quarter_proposes_continue():
    assert propose(_facts("2026Q3", "9000"), _facts("2026Q2", "6000")).conclusion == "continue"


def test_assessment__no_improvement_proposes_strengthen():
    proposal = propose(_facts("2026Q3", "6000"), _facts("2026Q2", "6100"))
    assert proposal.conclusion == "strengthen"


def test_assessment__open_guarantee_issue_blocks_elimination():
    proposal = propose(_facts("2026Q3", "9000", issue="饮水不稳定"), _facts("2026Q2", "9000"))
    assert proposal.conclusion == "strengthen"
    assert {"key": "guarantee_issue", "issue": "饮水不稳定"} in proposal.reasons
