"""Activity rules (SZ5–SZ12): obligations of units, resident cadres, county pairings and social
contributors, judged from activity records (``ActivityFact``) instead of visits.

For each subject listed in ``LedgerData.activity_subjects[rule.subject]`` and each period of the
window: the records of ``rule.activity`` dated inside the period (and on or before the as-of date)
are counted (``measure = "count"``) or their quantities summed (``measure = "quantity"``, e.g.
training days), and judged against ``min_count`` at the period's end — or, when the rule has a
``deadline`` month-day, at that day of the period (``period`` is then the deadline's ISO date; a
record after the deadline counts as done and is reported as late)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from bangfu_cli.rules.context import Context
from bangfu_cli.rules.findings import Finding, judge
from bangfu_cli.rules.profiles import RuleSpec


def evaluate(rule: RuleSpec, ctx: Context) -> Iterator[Finding]:
    keys = ctx.data.activity_subjects.get(rule.subject, ())
    if not keys or rule.period is None:
        return
    records: dict[str, list] = defaultdict(list)
    for a in ctx.data.activities:
        if a.subject == rule.subject and a.activity == rule.activity and a.on <= ctx.as_of:
            records[a.key].append(a)
    for p in ctx.periods(rule.period):
        end = p.end
        if rule.deadline is not None:
            end = _deadline_in(p.start, p.end, rule.deadline)
            if end < ctx.since:
                continue
        for key in keys:
            inside = [a for a in records.get(key, ()) if p.start <= a.on <= p.end]
            amount = sum(a.quantity for a in inside) if rule.measure == "quantity" else len(inside)
            in_time = [a for a in inside if a.on <= end]
            on_time = sum(a.quantity for a in in_time) if rule.measure == "quantity" else len(in_time)
            verdict = judge(p.start, end, ctx.as_of, int(amount), rule.min_count)
            yield Finding(
                rule=rule.id,
                source=rule.source,
                subject=rule.subject,
                message=f"rules.finding.activity_{verdict['status']}",
                township=None,
                village=None,
                household=None,
                head_name=None,
                subject_key=key,
                cadre=None,
                period=end.isoformat() if rule.deadline is not None else p.label,
                period_start=p.start,
                period_end=end,
                required=rule.min_count,
                done=int(amount),
                last_visit=max((a.on for a in inside), default=None),
                late=verdict["status"] == "met" and on_time < rule.min_count,
                **verdict,
            )


def _deadline_in(start: date, end: date, month_day: tuple[int, int]) -> date:
    month, day = month_day
    try:
        found = date(start.year, month, day)
    except ValueError:  # 02-29 in a common year
        found = date(start.year, month, 28)
    return min(max(found, start), end)
