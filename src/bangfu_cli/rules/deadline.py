"""Deadline rules: an event within N working days of a trigger (XF6: the 联系牌 replaced within
7 working days of a pairing that replaces an earlier one). Deadlines by a fixed date in each
period (SZ5, SZ11B–D, XF9) are judged with their records, in ``rules.assistance``.

XF6 is judged for every ``pair`` pairing of a household that starts after an earlier ``pair``
pairing of the same household began, and starts on or before the as-of date while the household
is in the ledger. The deadline is ``WorkCalendar.add_workdays(start, N)`` (the start day itself is
not counted). Before the deadline and without a plaque date it is ``due``; after it, ``overdue``;
a plaque replaced on or before the deadline is ``met``. A plaque replaced after the deadline
stays ``overdue`` with ``done = 1``, ``late = true`` and ``days_overdue`` frozen at how many days
late it came: the rule is about timeliness (一(4) "7个工作日内更换到位"), and a late replacement
is exactly what the year-end check (三(三) 考核扣分) looks for. (Income accepted late under XF7
counts as done because DOMAIN.md §5 says so; nothing says so for the plaque.) A deadline counted
in a year without official calendar data (Monday–Friday) is marked ``calendar = "fallback"``."""

from __future__ import annotations

from collections.abc import Iterator

from bangfu_cli.rules.context import Context
from bangfu_cli.rules.findings import DUE, MET, OVERDUE, Finding
from bangfu_cli.rules.profiles import RuleSpec


def evaluate(rule: RuleSpec, ctx: Context) -> Iterator[Finding]:
    as_of = ctx.as_of
    for h in ctx.data.households:
        # a pairing voided by ``pair correct`` ends before it starts: it replaced nothing
        pairings = [
            p
            for p in ctx.pairings_by_household.get(h.id, ())
            if p.kind == "pair" and (p.end is None or p.end >= p.start)
        ]
        for i, p in enumerate(pairings):
            if i == 0 or pairings[0].start >= p.start or p.start > as_of:
                continue
            if not h.in_ledger_for(p.start, p.start):
                continue
            deadline = ctx.calendar.add_workdays(p.start, rule.workdays or 0)
            if deadline < ctx.since:
                continue
            done = p.plaque_on is not None and p.plaque_on <= as_of
            late = done and p.plaque_on > deadline
            verdict: dict = {"status": MET}
            if late:
                verdict = {"status": OVERDUE, "days_overdue": (p.plaque_on - deadline).days}
            elif not done:
                if as_of <= deadline:
                    verdict = {"status": DUE, "days_left": (deadline - as_of).days}
                else:
                    verdict = {"status": OVERDUE, "days_overdue": (as_of - deadline).days}
            yield Finding(
                rule=rule.id,
                source=rule.source,
                subject="household",
                message=f"rules.finding.plaque_{'late' if late else verdict['status']}",
                township=h.township,
                village=h.village,
                household=h.code,
                head_name=h.head_name,
                cadre=ctx.code(p.cadre_id),
                period=deadline.isoformat(),
                period_start=p.start,
                period_end=deadline,
                required=1,
                done=1 if done else 0,
                last_visit=ctx.last_visit(h.id, ()),
                late=late,
                household_id=h.id,
                cadre_id=p.cadre_id,
                calendar="fallback" if ctx.calendar.fell_back(p.start, deadline) else None,
                **verdict,
            )
