"""What the evaluators of DOMAIN.md §10 (``units``, ``residents``, ``county_pair``) share: which
period a record counts for, the deadline of a period, the verdict of a rule by a fixed date, and
the finding they all print.

*Which period a record counts for*: the period of the rule's kind containing the record's date,
unless the record names one in its ``for`` field — then its date is first brought inside that
period (a Q1 summary handed in on 3 April counts as of 31 March: for 2023Q1 under a quarterly
rule, for 2023 under a yearly one; a plan for 2024 made on 20 December 2023 counts for 2024).

*Deadline by a fixed date* (SZ5, SZ11B–D, XF9): before the deadline with nothing recorded →
``due``; after it → ``overdue``; recorded on or before it → ``met``; recorded after it →
``overdue`` with the record counted as done, ``late`` = true and ``days_overdue`` frozen at how
late it came (as XF6). Fixed dates do not move for holidays."""

from __future__ import annotations

import re
from datetime import date

from bangfu_cli.domain.assistance_facts import AssistanceData
from bangfu_cli.domain.dates import Period, period_of
from bangfu_cli.rules.context import Context
from bangfu_cli.rules.findings import DUE, MET, OVERDUE, Finding, verdict
from bangfu_cli.rules.profiles import RuleSpec

_LABEL = re.compile(r"^(\d{4})(?:-?([HhQq])([1-4])|-(\d{2}))?$")


def facts(ctx: Context) -> AssistanceData | None:
    """The run's records of §10, or None when the ledger's reader did not fill them."""
    return getattr(ctx.data, "assistance", None)


def period_of_label(label: str | None) -> Period | None:
    """The period a ``for`` field names — ``2023``, ``2023H1``, ``2023Q1`` (or ``2023-05``) — or
    None when it names none."""
    m = _LABEL.match((label or "").strip())
    if m is None:
        return None
    year, letter, number, month = m.groups()
    y = int(year)
    if letter is None and month is None:
        return period_of("year", date(y, 1, 1))
    if month is not None:
        return period_of("month", date(y, int(month), 1)) if 1 <= int(month) <= 12 else None
    n = int(number)
    if letter in "Hh":
        return period_of("half", date(y, 6 * n - 5, 1)) if n <= 2 else None
    return period_of("quarter", date(y, 3 * n - 2, 1))


def counting_day(day: date, for_label: str | None) -> date:
    """The record's date brought inside the period its ``for`` field names (unchanged without
    one): the period of a rule's kind containing this day is the one it counts for."""
    named = period_of_label(for_label)
    if named is None:
        return day
    return min(max(day, named.start), named.end)


def deadline_of(rule: RuleSpec, p: Period) -> date | None:
    """The rule's fixed deadline in period ``p`` (the profile lists one month-day per period of
    the year, checked when it is read), or None for a rule without one."""
    for month, day in rule.deadlines:
        try:
            found = date(p.start.year, month, day)
        except ValueError:  # 02-29 in a common year
            found = date(p.start.year, month, 28)
        if p.start <= found <= p.end:
            return found
    return None


def by_deadline(deadline: date, as_of: date, decided: date | None) -> dict:
    """Status keywords of a rule by a fixed date: ``decided`` is the day the obligation was
    fulfilled (on or before the as-of date), or None while it is not."""
    if decided is not None:
        if decided <= deadline:
            return {"status": MET}
        return {"status": OVERDUE, "days_overdue": (decided - deadline).days, "late": True}
    if as_of <= deadline:
        return {"status": DUE, "days_left": (deadline - as_of).days}
    return {"status": OVERDUE, "days_overdue": (as_of - deadline).days}


def by_period_end(p: Period, as_of: date, done: int, required: int) -> dict:
    """Status keywords of a periodic count at the period's end (DOMAIN.md §4)."""
    status, days_overdue, days_left = verdict(p.start, p.end, as_of, done, required)
    out: dict = {"status": status}
    if days_overdue is not None:
        out["days_overdue"] = days_overdue
    if days_left is not None:
        out["days_left"] = days_left
    return out


def judged(
    rule: RuleSpec,
    ctx: Context,
    p: Period,
    done: int,
    required: int,
    decided: date | None,
) -> tuple[dict, dict]:
    """(the finding's period keywords, its status keywords) for period ``p``: by the rule's fixed
    deadline in ``p`` when it has one (``decided``: the day the last required record came),
    else at the period's end. None when the rule's deadline in ``p`` is before the window."""
    deadline = deadline_of(rule, p)
    if deadline is None:
        return {"period": p.label, "period_start": p.start, "period_end": p.end}, by_period_end(
            p, ctx.as_of, done, required
        )
    when = {"period": deadline.isoformat(), "period_start": p.start, "period_end": deadline}
    return when, by_deadline(deadline, ctx.as_of, decided if done >= required else None)


def in_window(rule: RuleSpec, ctx: Context, p: Period) -> bool:
    """Is period ``p`` listed: it starts on or before the as-of date, and its end — the deadline,
    for a rule by a fixed date — is on or after ``--since``."""
    end = deadline_of(rule, p) or p.end
    return p.start <= ctx.as_of and end >= ctx.since


def finding(
    rule: RuleSpec,
    subject: str,
    key: str,
    message: str,
    when: dict,
    status: dict,
    *,
    required: int,
    done: int,
    unit: str | None = None,
    cadre: str | None = None,
    township: str | None = None,
    village: str | None = None,
    last: date | None = None,
) -> Finding:
    """A finding of §10: no household, ``subject`` (unit / cadre / county_pair) and its ``key``
    (单位编号, 干部编号, the partner county), ``message`` the i18n key's stem (``unit`` →
    ``rules.finding.unit_overdue``, or ``…_late`` for a record after its deadline)."""
    late = bool(status.get("late"))
    word = "late" if late else status["status"]
    return Finding(
        rule=rule.id,
        source=rule.source,
        status=status["status"],
        subject=subject,
        message=f"rules.finding.{message}_{word}",
        township=township,
        village=village,
        household=None,
        head_name=None,
        cadre=cadre,
        required=required,
        done=done,
        days_overdue=status.get("days_overdue"),
        days_left=status.get("days_left"),
        last_visit=last,
        late=late,
        subject_key=key,
        unit=unit,
        **when,
    )
