"""The evaluation context every rule evaluator receives: the ledger data, the as-of date, the
window, the working-day calendar, and indexes built once per run (households by id, pairings
by household and cadre, first secretaries by village, visits by household and cadre).

An evaluator is ``fn(rule: RuleSpec, ctx: Context) -> Iterable[Finding]``; building the indexes
once keeps a run O(households × periods + visits)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from bangfu_cli.domain.dates import Period, period_of, periods_between
from bangfu_cli.domain.workdays import WorkCalendar
from bangfu_cli.rules.data import (
    CadreFact,
    HouseholdFact,
    LedgerData,
    PairingFact,
    RoleFact,
    StatusFact,
    VisitFact,
)


def selects(selector: str | None, status: StatusFact | None) -> bool:
    """Does a household with ``status`` fall under ``selector`` (see profiles.SELECTORS)?"""
    if status is None:
        return False
    if selector == "assisted":
        return status.assisted
    if selector == "monitored":
        return status.monitored
    if selector == "monitored_risk_open":
        return status.risk_open
    if selector == "tuopin":
        return status.tuopin
    if selector == "tuopin_not_monitored":
        return status.tuopin and not status.monitored
    if selector == "assisted_not_open":
        return status.assisted and not status.risk_open
    return False


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
        self.visits_by_household: dict[int, list[VisitFact]] = defaultdict(list)
        self.visits_by_cadre: dict[int, list[VisitFact]] = defaultdict(list)
        for v in sorted(data.visits, key=lambda v: (v.date, v.id)):
            self.visits_by_household[v.household_id].append(v)
            self.visits_by_cadre[v.cadre_id].append(v)
        self._periods: dict[str, list[Period]] = {}

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
        if visitor in ("paired", "leader"):
            kind = "pair" if visitor == "paired" else "leader"
            return any(
                p.cadre_id == visit.cadre_id and p.kind == kind and p.active_on(visit.date)
                for p in self.pairings_by_household.get(household.id, ())
            )
        if visitor == "first_secretary":
            return any(
                r.cadre_id == visit.cadre_id and r.active_on(visit.date)
                for r in self.secretaries_by_village.get(household.village_id, ())
            )
        return False

    def responsible(self, visitor: str | None, household: HouseholdFact) -> str | None:
        """干部编号 of the cadre responsible for the household on the as-of date, or None."""
        if visitor == "first_secretary":
            role = self.secretary_on(household.village_id, self.as_of)
            return self.code(role.cadre_id) if role else None
        kind = "leader" if visitor == "leader" else "pair"
        pairing = self.pairing_on(household.id, self.as_of, kind)
        return self.code(pairing.cadre_id) if pairing else None

    def last_visit(self, household_id: int, modes: tuple[str, ...]) -> date | None:
        """The household's latest visit of one of ``modes`` on or before the as-of date."""
        last = None
        for v in self.visits_by_household.get(household_id, ()):
            if v.date > self.as_of:
                break
            if not modes or v.mode in modes:
                last = v.date
        return last

    def day_after(self, day: date) -> date:
        return day + timedelta(days=1)
