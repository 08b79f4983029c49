"""The county pairing (县域结对, SZ11A–E): what the county and its partner county must do together.

Kind ``partner_activity`` (SZ11A–D): the county pairing is required for period P when a partner
is active on P's first day; the pairing activities of the rule's ``activity`` kinds count, dated
inside P and on or before the as-of date, when a partner is active on their date (one recorded
while none is counts for nothing). With one kind, ``done`` is the number of records and
``min_count`` of them are needed (SZ11A: a head's visit per half year, either head going). With
several, each kind needs ``min_count`` records, ``required`` is the number of kinds and ``done``
the kinds recorded (SZ11B: a city and a county mutual visit by 31 October; late when either
came after it, counted to the later one). By a fixed deadline the first record of the kind
decides (SZ11C/D: funds disbursed by 31 March, spent by 30 November; amounts are not judged).

Kind ``secondment`` (SZ11E, 全年选派挂职干部不间断): while a partner is active, a secondment
must be active on every day up to the as-of date. Each stretch of days with none is one
``overdue`` finding — ``period_start`` its first day, ``period_end`` its last (null while it lasts
on the as-of date), ``period`` null, ``days_overdue`` its length in days so far — listed when it
ends on or after ``--since``. With no such stretch and a partner active on the as-of date, one
``met`` finding says since when secondments have been unbroken. A secondment with no end is open."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from bangfu_cli.domain.assistance_facts import AssistanceData, PartnerFact
from bangfu_cli.rules.assistance import facts, finding, in_window, judged
from bangfu_cli.rules.context import Context
from bangfu_cli.rules.findings import MET, OVERDUE, Finding
from bangfu_cli.rules.profiles import RuleSpec


def partner_on(data: AssistanceData, day: date) -> PartnerFact | None:
    """The partner active on ``day`` (the latest started, if records overlap), or None."""
    found = None
    for p in data.partners:  # one at a time: a handful of records
        if p.active_on(day) and (found is None or p.start >= found.start):
            found = p
    return found


def evaluate(rule: RuleSpec, ctx: Context) -> Iterator[Finding]:
    data = facts(ctx)
    if data is None or rule.period is None or not data.partners:
        return
    kinds = rule.activities
    dates: dict[str, list[date]] = {k: [] for k in kinds}
    for a in sorted(data.partner_activities, key=lambda a: a.date):
        if a.kind in dates and a.date <= ctx.as_of and partner_on(data, a.date) is not None:
            dates[a.kind].append(a.date)
    last = max((d for found in dates.values() for d in found), default=None)
    need = rule.min_count
    for p in ctx.periods(rule.period):
        partner = partner_on(data, p.start)
        if partner is None or not in_window(rule, ctx, p):
            continue
        inside = {k: [d for d in found if p.start <= d <= p.end] for k, found in dates.items()}
        if len(kinds) == 1:
            (found,) = inside.values()
            required, done = need, len(found)
            decided = found[need - 1] if done >= need else None
        else:
            required, done = len(kinds), sum(len(found) >= need for found in inside.values())
            decided = max((found[need - 1] for found in inside.values() if len(found) >= need), default=None)
        when, status = judged(rule, ctx, p, done, required, decided)
        yield finding(
            rule, "county_pair", partner.name, "pair", when, status, required=required, done=done, last=last
        )


def evaluate_secondment(rule: RuleSpec, ctx: Context) -> Iterator[Finding]:
    data = facts(ctx)
    if data is None or not data.partners:
        return
    as_of, one = ctx.as_of, timedelta(days=1)
    spans = [
        (a.date, a.end)
        for a in data.partner_activities
        if a.kind in rule.activities and a.date <= as_of and partner_on(data, a.date) is not None
    ]

    def uncovered(day: date) -> bool:  # a partner is active, and no secondment
        seconded = any(s <= day and (e is None or day <= e) for s, e in spans)
        return not seconded and partner_on(data, day) is not None

    first = min(p.start for p in data.partners)
    stretches: list[tuple[date, date | None]] = []  # (first day, last day or None while open)
    day, start = first, None
    while day <= as_of:  # a few years of days: walked one by one
        if uncovered(day):
            start = start or day
        elif start is not None:
            stretches.append((start, day - one))
            start = None
        day += one
    if start is not None:
        stretches.append((start, None))
    listed = [(s, e) for s, e in stretches if e is None or e >= ctx.since]
    for s, e in listed:
        yield finding(
            rule, "county_pair", partner_on(data, s).name, "secondment",  # type: ignore[union-attr]
            {"period": None, "period_start": s, "period_end": e},
            {"status": OVERDUE, "days_overdue": ((e or as_of) - s).days + 1}, required=1, done=0,
        )  # fmt: skip
    partner = partner_on(data, as_of)
    if not listed and partner is not None:
        held = as_of  # the first day of the unbroken run of covered days up to the as-of date
        while held > first and partner_on(data, held - one) is not None and not uncovered(held - one):
            held -= one
        yield finding(
            rule, "county_pair", partner.name, "secondment",
            {"period": None, "period_start": held, "period_end": None},
            {"status": MET}, required=1, done=1,
        )  # fmt: skip
