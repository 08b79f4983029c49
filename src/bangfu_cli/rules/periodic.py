"""Periodic rules (DOMAIN.md §4): for households matching a selector, a cadre in the visitor role
makes at least ``min_count`` contacts of the rule's modes in every calendar period.

A household is required for a period when it is in the ledger for all of it and its status on
the period's first day matches the selector. A visit counts when it is dated inside the period
(and on or before the as-of date), its mode is one of the rule's, and its cadre holds the
visitor role for the household on the visit date — so after a transfer mid-period, the old
cadre's earlier visit still counts and his later one does not.

Per-cadre rules (SZ4) judge each cadre who holds an active ``leader`` pairing on the period's
first day; a visit counts when it is his, to a household he contacts on the visit date."""

from __future__ import annotations

from collections.abc import Iterator

from bangfu_cli.rules.context import Context, required_periods
from bangfu_cli.rules.findings import DUE, MET, OVERDUE, Finding, MetBrief, judge, verdict
from bangfu_cli.rules.profiles import RuleSpec


def evaluate(rule: RuleSpec, ctx: Context) -> Iterator[Finding | MetBrief]:
    if rule.subject == "cadre":
        yield from _per_cadre(rule, ctx)
        return
    periods = ctx.periods(rule.period)
    if not periods:
        return
    first, as_of = periods[0].start, ctx.as_of
    index = {p.label: p for p in periods}
    modes = set(rule.modes)
    selector, visitor = rule.selector, rule.visitor
    label_of = _Labels(rule.period, index)
    visits_of = ctx.visits_by_household
    messages = {status: f"rules.finding.periodic_{status}" for status in (MET, OVERDUE, DUE)}
    for h in ctx.data.households:
        # The periods the household is required for, first: most households fall under few
        # rules, and their visits need no scan for the others.
        required = required_periods(h, periods, selector)
        if not required:
            continue
        holders = ctx.holders(visitor, h)  # ctx.qualifies, unrolled for the hot loop
        counts: dict[str, int] = {}
        last = None
        for v in visits_of.get(h.id, ()):
            day = v.date
            if day > as_of:
                break
            if v.mode not in modes:
                continue
            last = day
            if day < first:
                continue
            if holders is not None:
                cadre_id = v.cadre_id
                for holder, start, end in holders:
                    if holder == cadre_id and start <= day and (end is None or day <= end):
                        break
                else:
                    continue
            label = label_of[day]
            if label is not None:
                counts[label] = counts.get(label, 0) + 1
        cadre = ctx.responsible(rule.visitor, h) or None
        brief, met_here = ctx.met_in_brief, 0
        for p in required:
            done = counts.get(p.label, 0)
            if brief and done >= rule.min_count:
                met_here += 1  # given once per household below
                continue
            status, days_overdue, days_left = verdict(p.start, p.end, as_of, done, rule.min_count)
            # Every field by position, in Finding's order (a county lists ~2·10⁵ of these, and
            # keywords took ×4 the time; tests/rules/test_periodic.py pins each field).
            yield Finding(
                rule.id, rule.source, status, "household", messages[status],
                h.township, h.village, h.code, h.head_name, cadre,
                p.label, p.start, p.end, rule.min_count, done, days_overdue, days_left, last,
                False, None, h.id, None,
            )  # fmt: skip
        if met_here:
            yield MetBrief((rule.id, h.township, h.village, cadre, False, met_here))


def _per_cadre(rule: RuleSpec, ctx: Context) -> Iterator[Finding]:
    periods = ctx.periods(rule.period)
    if not periods:
        return
    first, as_of = periods[0].start, ctx.as_of
    index = {p.label: p for p in periods}
    modes = set(rule.modes)
    for cadre_id, pairings in sorted(ctx.pairings_by_cadre.items()):
        contacts = [p for p in pairings if p.kind == "leader"]
        if not contacts:
            continue
        counts: dict[str, int] = {}
        last = None
        for v in ctx.visits_by_cadre.get(cadre_id, ()):
            if v.date > as_of:
                break
            if v.mode not in modes:
                continue
            if not any(p.household_id == v.household_id and p.active_on(v.date) for p in contacts):
                continue
            last = v.date
            if v.date < first:
                continue
            label = _label(rule.period, v.date)
            if label in index:
                counts[label] = counts.get(label, 0) + 1
        for p in periods:
            if not any(c.active_on(p.start) for c in contacts):
                continue
            done = counts.get(p.label, 0)
            verdict = judge(p.start, p.end, as_of, done, rule.min_count)
            yield Finding(
                rule=rule.id,
                source=rule.source,
                subject="cadre",
                message=f"rules.finding.cadre_{verdict['status']}",
                township=None,
                village=None,
                household=None,
                head_name=None,
                cadre=ctx.code(cadre_id),
                period=p.label,
                period_start=p.start,
                period_end=p.end,
                required=rule.min_count,
                done=done,
                last_visit=last,
                cadre_id=cadre_id,
                **verdict,
            )


class _Labels(dict):
    """date → the label of its period of ``kind`` when that period is in ``index``, else None
    (computed once per distinct date)."""

    def __init__(self, kind: str, index: dict) -> None:
        super().__init__()
        self.kind, self.index = kind, index

    def __missing__(self, day):
        label = _label(self.kind, day)
        found = self[day] = label if label in self.index else None
        return found


def _label(kind: str, day) -> str:
    """The label of the period of ``kind`` containing ``day`` (fast path of dates.period_of)."""
    y, m = day.year, day.month
    if kind == "month":
        return f"{y}-{m:02d}"
    if kind == "quarter":
        return f"{y}Q{(m - 1) // 3 + 1}"
    if kind == "half":
        return f"{y}H{1 if m <= 6 else 2}"
    return f"{y}"
