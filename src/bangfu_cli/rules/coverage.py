"""Coverage rules (XF5, 不断档): every household that is assisted on the as-of date and in the
ledger that day has an active ``pair`` pairing. One without is overdue from the first day without
a pairing: the latest of the day it entered the ledger, the day its current assisted spell began,
and the day after its last pairing ended. The cadre named is the village's first secretary, who
arranges new pairings under 一(4)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from bangfu_cli.domain.facts import HouseholdFact
from bangfu_cli.rules.context import Context, selects
from bangfu_cli.rules.findings import MET, OVERDUE, Finding, MetBrief
from bangfu_cli.rules.profiles import RuleSpec


def evaluate(rule: RuleSpec, ctx: Context) -> Iterator[Finding | MetBrief]:
    as_of = ctx.as_of
    for h in ctx.data.households:
        if not h.in_ledger_for(as_of, as_of) or not selects(rule.selector, h.status_on(as_of)):
            continue
        pairings = [p for p in ctx.pairings_by_household.get(h.id, ()) if p.kind == "pair"]
        active = [p for p in pairings if p.active_on(as_of)]
        if active and ctx.met_in_brief:
            yield MetBrief((rule.id, h.township, h.village, ctx.code(active[-1].cadre_id), False, 1))
            continue
        common = dict(
            rule=rule.id,
            source=rule.source,
            subject="household",
            township=h.township,
            village=h.village,
            household=h.code,
            head_name=h.head_name,
            period=None,
            period_end=None,
            required=1,
            last_visit=ctx.last_visit(h.id, ()),
            household_id=h.id,
        )
        if active:
            yield Finding(
                status=MET,
                message="rules.finding.coverage_met",
                cadre=ctx.code(active[-1].cadre_id),
                period_start=active[-1].start,
                done=1,
                **common,
            )
            continue
        gap = _gap_start(h, [p.end for p in pairings if p.end is not None and p.end < as_of], as_of, rule)
        secretary = ctx.secretary_on(h.village_id, as_of)
        yield Finding(
            status=OVERDUE,
            message="rules.finding.coverage_overdue",
            cadre=ctx.code(secretary.cadre_id) if secretary else None,
            period_start=gap,
            done=0,
            days_overdue=(as_of - gap).days,
            **common,
        )


def _gap_start(h: HouseholdFact, ends: list[date], as_of: date, rule: RuleSpec) -> date:
    run_start = None  # the first day of the current run of matching status rows
    for s in h.statuses:
        if s.effective_on > as_of:
            break
        if not selects(rule.selector, s):
            run_start = None
        elif run_start is None:
            run_start = s.effective_on
    starts = [h.since]
    if run_start is not None:
        starts.append(run_start)
    if ends:
        starts.append(max(ends) + timedelta(days=1))
    return max(starts)
