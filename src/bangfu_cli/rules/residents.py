"""Resident cadres' training (kind ``training``, SZ10): every first secretary and team member
attends training of a level the rule lists (county or above) for at least ``min_count`` days a
year (7: our reading of "1周").

A cadre is required for a year when he holds either role on its first day. His days are the
calendar days covered by his trainings of those levels that fall inside the year and on or
before the as-of date, a day counted once however many trainings cover it (a training across 31
December counts its days in each year). The finding names the cadre, his unit (or null when his
单位 matches no unit) and the village of the role he held on the year's first day (the latest
started, if several)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from bangfu_cli.domain.assistance_facts import ResidentRoleFact
from bangfu_cli.rules.assistance import facts, finding, in_window, judged
from bangfu_cli.rules.context import Context
from bangfu_cli.rules.findings import Finding
from bangfu_cli.rules.profiles import RuleSpec
from bangfu_cli.rules.units import cadre_units


def evaluate(rule: RuleSpec, ctx: Context) -> Iterator[Finding]:
    data = facts(ctx)
    if data is None or rule.period is None:
        return
    periods = [p for p in ctx.periods(rule.period) if in_window(rule, ctx, p)]
    if not periods:
        return
    levels = set(rule.levels)
    trainings: dict[str, list] = defaultdict(list)
    for t in data.trainings:
        if t.level in levels and t.start <= ctx.as_of:
            trainings[t.cadre].append(t)
    units_of = cadre_units(data, ctx)
    roles = sorted(data.residents, key=lambda r: (r.cadre, r.start))
    for p in periods:
        holding: dict[str, ResidentRoleFact] = {}
        for r in roles:
            if r.active_on(p.start):
                holding[r.cadre] = r  # the latest started wins
        for cadre in sorted(holding):
            role = holding[cadre]
            last = min(p.end, ctx.as_of)
            days = _days(trainings.get(cadre, ()), p.start, last)
            when, status = judged(rule, ctx, p, len(days), rule.min_count, None)
            yield finding(
                rule, "cadre", cadre, "training", when, status,
                required=rule.min_count, done=len(days), unit=units_of.get(cadre), cadre=cadre,
                township=role.township, village=role.village,
                last=max(days) if days else None,
            )  # fmt: skip


def _days(trainings, first: date, last: date) -> set[date]:
    """The calendar days from ``first`` to ``last`` that a training covers."""
    out: set[date] = set()
    for t in trainings:
        day, end = max(t.start, first), min(t.end, last)
        while day <= end:
            out.add(day)
            day += timedelta(days=1)
    return out
