"""The evaluation context every rule evaluator receives: the ledger data, the as-of date, the
window, the working-day calendar, and indexes built once per run (households by id, pairings
by household and cadre, first secretaries by village, visits by household and cadre).

An evaluator is ``fn(rule: RuleSpec, ctx: Context) -> Iterable[Finding]``; building the indexes
once keeps a run O(households × periods + visits)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date, timedelta
from itertools import groupby
from operator import attrgetter

from bangfu_cli.domain.dates import Period, period_of, periods_between
from bangfu_cli.domain.facts import (
    CadreFact,
    HouseholdFact,
    LedgerData,
    PairingFact,
    RoleFact,
    VisitFact,
    selects,
)
from bangfu_cli.domain.workdays import WorkCalendar


def required_periods(h: HouseholdFact, periods: list[Period], selector: str | None) -> list[Period]:
    """The periods for which ``h`` is required: in the ledger for all of the period, and its
    status on the first day matches ``selector`` — ``h.in_ledger_for`` and ``h.status_on`` for
    each period, in one merge walk of the (sorted) periods and status rows."""
    statuses = h.statuses
    if len(statuses) == 1 and periods:  # most households: one status row all window long
        status, start = statuses[0], periods[0].start
        if status.effective_on <= start and h.since <= start and h.closed_on is None:
            return list(periods) if selects(selector, status) else []
    flags = [selects(selector, s) for s in statuses]  # each status row judged once
    if not any(flags):
        return []
    since, closed = h.since, h.closed_on
    out = []
    n, i, current = len(statuses), 0, False  # no status yet: selects(selector, None) is False
    for p in periods:
        start = p.start
        while i < n and statuses[i].effective_on <= start:
            current = flags[i]
            i += 1
        if current and since <= start and (closed is None or closed >= p.end):
            out.append(p)
    return out


def default_since(as_of: date) -> date:
    """The window's default start: the as-of date one year earlier (29 Feb → 28 Feb)."""
    try:
        return as_of.replace(year=as_of.year - 1)
    except ValueError:
        return as_of.replace(year=as_of.year - 1, day=28)


def window_periods(kind: str, since: date, as_of: date) -> list[Period]:
    """Periods of ``kind`` that end on or after ``since`` and start on or before ``as_of``."""
    return periods_between(kind, since, as_of)


def earliest_start(kinds: set[str], since: date) -> date:
    """The first day any period of these kinds in the window can start."""
    starts = [period_of(k, since).start for k in kinds]
    return min(starts) if starts else since


class Context:
    def __init__(self, data: LedgerData, as_of: date, since: date, calendar: WorkCalendar) -> None:
        self.data = data
        self.as_of = as_of
        self.since = since
        self.calendar = calendar
        self.households: dict[int, HouseholdFact] = {h.id: h for h in data.households}
        self.cadres: dict[int, CadreFact] = {c.id: c for c in data.cadres}
        self.pairings_by_household: dict[int, list[PairingFact]] = defaultdict(list)
        self.pairings_by_cadre: dict[int, list[PairingFact]] = defaultdict(list)
        for p in sorted(data.pairings, key=lambda p: (p.start, p.id)):
            self.pairings_by_household[p.household_id].append(p)
            self.pairings_by_cadre[p.cadre_id].append(p)
        self.secretaries_by_village: dict[int, list[RoleFact]] = defaultdict(list)
        for r in sorted(data.roles, key=lambda r: (r.start, r.id)):
            if r.role == "first_secretary":
                self.secretaries_by_village[r.village_id].append(r)
        # Sorted by (household, date, id) and cut into runs by household: the same lists as
        # appending the (date, id)-sorted visits one by one, without a Python step per visit.
        self.visits_by_household: dict[int, list[VisitFact]] = defaultdict(list)
        ordered = sorted(data.visits, key=attrgetter("household_id", "date", "id"))
        self.visits_by_household.update((k, list(g)) for k, g in groupby(ordered, attrgetter("household_id")))
        del ordered
        self._visits_by_cadre: dict[int, list[VisitFact]] | None = None
        self._periods: dict[str, list[Period]] = {}
        self._visit_dates: dict[int, list[date]] = {}  # per household, parallel to its visits
        self._responsible: dict[tuple, str | None] = {}
        self._secretaries: dict[int, list[tuple]] = {}  # holders("first_secretary"), by village
        # What an evaluator works out once per run for rules that share it, under a key naming
        # the evaluator's module (the run's data never change, so nothing here goes stale).
        self.memo: dict[tuple, object] = {}
        # True when the engine counts met findings rather than lists them (``engine.run``):
        # an evaluator may then give a household's met findings in brief (``findings.MetBrief``)
        # — a county has ~10⁶ met periods and the summaries need only their number.
        self.met_in_brief = False

    @property
    def visits_by_cadre(self) -> dict[int, list[VisitFact]]:
        """Visits by cadre, date-sorted — built on first use (only per-cadre rules need it)."""
        if self._visits_by_cadre is None:
            by_cadre: dict[int, list[VisitFact]] = defaultdict(list)
            for v in sorted(self.data.visits, key=attrgetter("date", "id")):
                by_cadre[v.cadre_id].append(v)
            self._visits_by_cadre = by_cadre
        return self._visits_by_cadre

    def periods(self, kind: str) -> list[Period]:
        if kind not in self._periods:
            self._periods[kind] = window_periods(kind, self.since, self.as_of)
        return self._periods[kind]

    def code(self, cadre_id: int | None) -> str | None:
        cadre = self.cadres.get(cadre_id) if cadre_id is not None else None
        return cadre.code if cadre else None

    def pairing_on(self, household_id: int, day: date, kind: str = "pair") -> PairingFact | None:
        """The active pairing of ``kind`` on ``day`` (the latest started, if several)."""
        found = None
        for p in self.pairings_by_household.get(household_id, ()):
            if p.kind == kind and p.active_on(day):
                found = p
        return found

    def secretary_on(self, village_id: int, day: date) -> RoleFact | None:
        found = None
        for r in self.secretaries_by_village.get(village_id, ()):
            if r.active_on(day):
                found = r
        return found

    def qualifies(self, visitor: str | None, visit: VisitFact, household: HouseholdFact) -> bool:
        """Does the visit's cadre hold the ``visitor`` role for the household on the visit date?"""
        if visitor == "any":
            return True
        day, cadre_id = visit.date, visit.cadre_id
        if visitor in ("paired", "leader"):
            kind = "pair" if visitor == "paired" else "leader"
            # ``domain.dates.in_span``, written out here and below: this runs for every visit
            for p in self.pairings_by_household.get(household.id, ()):
                if (
                    p.cadre_id == cadre_id
                    and p.kind == kind
                    and p.start <= day
                    and (p.end is None or day <= p.end)
                ):
                    return True
            return False
        if visitor == "first_secretary":
            for r in self.secretaries_by_village.get(household.village_id, ()):
                if r.cadre_id == cadre_id and r.start <= day and (r.end is None or day <= r.end):
                    return True
            return False
        return False

    def holders(self, visitor: str | None, household: HouseholdFact) -> list[tuple] | None:
        """Who holds the ``visitor`` role for the household, as (cadre_id, start, end) spans:
        a visit qualifies when its cadre holds one on the visit date (``qualifies``, unrolled).
        None when anyone qualifies."""
        if visitor == "any":
            return None
        if visitor in ("paired", "leader"):
            kind = "pair" if visitor == "paired" else "leader"
            return [
                (p.cadre_id, p.start, p.end)
                for p in self.pairings_by_household.get(household.id, ())
                if p.kind == kind
            ]
        if visitor == "first_secretary":  # the village's: the same for all its households
            found = self._secretaries.get(household.village_id)
            if found is None:
                found = self._secretaries[household.village_id] = [
                    (r.cadre_id, r.start, r.end)
                    for r in self.secretaries_by_village.get(household.village_id, ())
                ]
            return found
        return []

    def responsible(self, visitor: str | None, household: HouseholdFact) -> str | None:
        """干部编号 of the cadre responsible for the household on the as-of date, or None
        (looked up once per household and role: several rules ask)."""
        key = (visitor, household.id)
        if key in self._responsible:
            return self._responsible[key]
        if visitor == "first_secretary":
            role = self.secretary_on(household.village_id, self.as_of)
            found = self.code(role.cadre_id) if role else None
        else:
            kind = "leader" if visitor == "leader" else "pair"
            pairing = self.pairing_on(household.id, self.as_of, kind)
            found = self.code(pairing.cadre_id) if pairing else None
        self._responsible[key] = found
        return found

    def last_visit(self, household_id: int, modes: tuple[str, ...]) -> date | None:
        """The household's latest visit of one of ``modes`` on or before the as-of date."""
        visits = self.visits_by_household.get(household_id)
        if not visits:
            return None
        dates = self._visit_dates.get(household_id)
        if dates is None:
            dates = self._visit_dates[household_id] = [v.date for v in visits]
        i = bisect_right(dates, self.as_of)  # visits[:i] are on or before the as-of date
        if not modes:
            return dates[i - 1] if i else None
        while i:
            i -= 1
            if visits[i].mode in modes:
                return dates[i]
        return None

    def day_after(self, day: date) -> date:
        return day + timedelta(days=1)
