"""What the rules engine reads: plain, immutable records of the ledger (no ORM objects, no session).

The service that loads them (``services/compliance.py``) selects only what a run needs; the
engine never asks for more. Records are named tuples: a county run builds ~10⁶ of them, and a
named tuple is built several times faster than a frozen dataclass (which sets each field through
``object.__setattr__``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from bangfu_cli.rules.assistance_facts import AssistanceData


class StatusFact(NamedTuple):
    """One row of a household's status history, valid from ``effective_on`` until the next."""

    effective_on: date
    tuopin: bool
    monitor_type: str | None = None  # unstable / marginal / sudden; None = not monitored
    risk: str | None = None  # open / eliminated (None on a monitored household reads as open)

    @property
    def monitored(self) -> bool:
        return self.monitor_type is not None

    @property
    def risk_open(self) -> bool:
        return self.monitored and self.risk != "eliminated"

    @property
    def assisted(self) -> bool:
        return self.tuopin or self.monitored


class HouseholdFact(NamedTuple):
    id: int
    code: str
    head_name: str
    township: str
    village: str
    village_id: int
    size: int
    since: date
    closed_on: date | None = None
    statuses: tuple[StatusFact, ...] = ()  # sorted by effective_on

    def status_on(self, day: date) -> StatusFact | None:
        """The latest status row with ``effective_on ≤ day`` (DOMAIN.md §3)."""
        found = None
        for s in self.statuses:  # a handful of rows per household
            if s.effective_on > day:
                break
            found = s
        return found

    def in_ledger_for(self, start: date, end: date) -> bool:
        """In the ledger for all of [start, end]: since ≤ start and not closed before end."""
        return self.since <= start and (self.closed_on is None or self.closed_on >= end)


class CadreFact(NamedTuple):
    id: int
    code: str
    name: str
    unit: str = ""
    leader: bool = False


class PairingFact(NamedTuple):
    id: int
    household_id: int
    cadre_id: int
    kind: str  # pair / leader
    start: date
    end: date | None = None
    plaque_on: date | None = None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class RoleFact(NamedTuple):
    id: int
    cadre_id: int
    village_id: int
    role: str  # first_secretary / team_member
    start: date
    end: date | None = None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class VisitFact(NamedTuple):
    """A visit that is not voided (voided visits are never loaded: they count for nothing).
    Built with ``tuple.__new__(VisitFact, row)`` in the loader's hot loop."""

    id: int
    household_id: int
    cadre_id: int
    date: date
    mode: str


class IncomeFact(NamedTuple):
    """The current (not superseded) income record of a household and quarter."""

    household_id: int
    quarter: str
    collected_on: date
    late: bool = False


class AssessmentFact(NamedTuple):
    household_id: int
    quarter: str
    assessed_on: date


@dataclass(frozen=True, slots=True)
class ActivityFact:
    """An activity record of a unit, resident cadre, county pairing or social contributor
    (SZ5–SZ12): ``activity`` names what was done, ``quantity`` how much (days, visits, …)."""

    subject: str  # unit / resident / county_pair / social
    key: str  # the subject's name or code
    activity: str
    on: date
    quantity: float = 1


@dataclass(frozen=True)
class LedgerData:
    households: tuple[HouseholdFact, ...] = ()
    cadres: tuple[CadreFact, ...] = ()
    pairings: tuple[PairingFact, ...] = ()
    roles: tuple[RoleFact, ...] = ()
    visits: tuple[VisitFact, ...] = ()
    incomes: tuple[IncomeFact, ...] = ()
    assessments: tuple[AssessmentFact, ...] = ()
    activities: tuple[ActivityFact, ...] = ()
    # who must do each kind of activity: subject → keys (e.g. "unit" → unit names)
    activity_subjects: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # units, resident cadres, the county pairing, contributions (DOMAIN.md §10); None: not read
    assistance: AssistanceData | None = None
