"""Income and assessment rules of 信巩办字〔2023〕4号 二(三) and 二(五) (XF7, XF8).

**XF7 — income collected every quarter** (``kind = "income_window"``). Every household the rule's
selector picks on a quarter's first day (and in the ledger for the whole quarter) needs an income
record for that quarter, collected between the 25th of the quarter's last month and the 5th of the
next month. It is *due* until that window closes and *overdue* after it with no record. A record
accepted late (``--late``) counts as done and is reported as late. ``period_start`` is the
quarter's first day and ``period_end`` the day the window closes.

**XF8 — one assessment every quarter** (``kind = "assessment"``). The same households need a
帮扶成效评估 of each quarter dated inside it: *due* until the quarter ends, *overdue* after it with
none. An assessment of the quarter dated after it counts as done and is reported as late.

Pure: data and an as-of date in, findings out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from bangfu_cli.domain.income import collection_window
from bangfu_cli.rules.context import Context, required_periods
from bangfu_cli.rules.findings import DUE, MET, OVERDUE, Finding, MetBrief
from bangfu_cli.rules.profiles import RuleSpec


def _by_period(rule: RuleSpec, ctx: Context) -> list[tuple]:
    """(period, the households required for it, in ledger order) for the rule's periods that
    start on or before the as-of date — each household's periods found in one walk of its
    status rows (``context.required_periods``), not one status lookup per period. Found once
    per run for rules with the same periods and selector (XF7 and XF8)."""
    key = ("income_rules.by_period", rule.period or "quarter", rule.selector)
    found = ctx.memo.get(key)
    if found is not None:
        return found
    periods = [p for p in ctx.periods(rule.period or "quarter") if p.start <= ctx.as_of]
    required: dict[str, list] = {p.label: [] for p in periods}
    for h in ctx.data.households:
        for p in required_periods(h, periods, rule.selector):
            required[p.label].append(h)
    found = ctx.memo[key] = [(p, required[p.label]) for p in periods]
    return found


def income_window(rule: RuleSpec, ctx: Context) -> Iterator[Finding | MetBrief]:
    records: dict[tuple[int, str], object] = {(r.household_id, r.quarter): r for r in ctx.data.incomes}
    for period, households in _by_period(rule, ctx):
        _start, closes = collection_window(period)
        for h in households:
            record = records.get((h.id, period.label))
            if record is not None and record.collected_on > ctx.as_of:
                record = None  # not yet collected on the as-of date
            if record is not None and ctx.met_in_brief:
                cadre = ctx.responsible("paired", h)
                yield MetBrief((rule.id, h.township, h.village, cadre, bool(record.late), 1))
                continue
            common = dict(
                rule=rule.id, source=rule.source, subject="household", township=h.township, village=h.village,
                household=h.code, head_name=h.head_name, cadre=ctx.responsible("paired", h),
                period=period.label, period_start=period.start, period_end=closes, required=1,
                last_visit=ctx.last_visit(h.id, rule.modes), household_id=h.id,
            )  # fmt: skip
            if record is not None:
                late = bool(record.late)
                key = "income.finding.window_late" if late else "income.finding.window_met"
                yield Finding(status=MET, message=key, done=1, late=late, **common)
            elif ctx.as_of > closes:
                yield Finding(
                    status=OVERDUE, message="income.finding.window_overdue", done=0,
                    days_overdue=(ctx.as_of - closes).days, **common,
                )  # fmt: skip
            else:
                yield Finding(
                    status=DUE, message="income.finding.window_due", done=0,
                    days_left=(closes - ctx.as_of).days, **common,
                )  # fmt: skip


def assessment(rule: RuleSpec, ctx: Context) -> Iterator[Finding | MetBrief]:
    by_key: dict[tuple[int, str], list] = defaultdict(list)
    for a in ctx.data.assessments:
        by_key[(a.household_id, a.quarter)].append(a)
    for period, households in _by_period(rule, ctx):
        for h in households:
            found = [a for a in by_key.get((h.id, period.label), ()) if a.assessed_on <= ctx.as_of]
            inside = [a for a in found if period.contains(a.assessed_on)]
            if found and ctx.met_in_brief:
                cadre = ctx.responsible("paired", h)
                yield MetBrief((rule.id, h.township, h.village, cadre, not inside, 1))
                continue
            common = dict(
                rule=rule.id, source=rule.source, subject="household", township=h.township, village=h.village,
                household=h.code, head_name=h.head_name, cadre=ctx.responsible("paired", h),
                period=period.label, period_start=period.start, period_end=period.end, required=1,
                last_visit=ctx.last_visit(h.id, rule.modes), household_id=h.id,
            )  # fmt: skip
            if inside:
                yield Finding(status=MET, message="income.finding.assessment_met", done=1, **common)
            elif found:
                yield Finding(
                    status=MET, message="income.finding.assessment_late", done=1, late=True, **common
                )
            elif ctx.as_of > period.end:
                yield Finding(
                    status=OVERDUE, message="income.finding.assessment_overdue", done=0,
                    days_overdue=(ctx.as_of - period.end).days, **common,
                )  # fmt: skip
            else:
                yield Finding(
                    status=DUE, message="income.finding.assessment_due", done=0,
                    days_left=(period.end - ctx.as_of).days, **common,
                )  # fmt: skip


EVALUATORS = {"income_window": income_window, "assessment": assessment}
