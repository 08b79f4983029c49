"""The ledger facts the rules engine judges: plain, immutable records of the ledger (no ORM
objects, no session), and ``DataNeeds``, the engine's statement of which of them a run needs.

The engine states its needs (``rules.needs``); storage reads exactly those (``storage.reader``).
Records are named tuples: a county run builds ~10⁶ of them, and a named tuple is built several
times faster than a frozen dataclass (which sets each field through ``object.__setattr__``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from bangfu_cli.domain.assistance_facts import AssistanceData


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


@dataclass(frozen=True)
class RecordNeeds:
    """Income records or assessments a run needs: the current ones of these period labels, of
    the households whose status history has a row some selector ``selects``."""

    quarters: tuple[str, ...]
    selectors: frozenset[str | None]


@dataclass(frozen=True)
class DataNeeds:
    """What a run of the rules reads, as a plain value (``rules.needs`` states it; the storage
    reader meets it). The selection — ``township``, ``village_id``, ``household_ids`` or a
    ``part`` (village ids) of a ledger judged in parts — bounds every table; ``None`` in all
    four is the whole ledger."""

    as_of: date
    first: date  # the first day a period the window judges can start: visits from here on
    township: str | None = None
    village_id: int | None = None
    household_ids: tuple[int, ...] | None = None
    part: tuple[int, ...] | None = None
    visits: bool = False  # the window's visits (periodic rules)
    per_cadre: bool = False  # a rule judges leaders: their pairings and visits outside the selection
    # the latest visit before ``first`` of each of these mode sets (``Context.last_visit``)
    last_visit_modes: tuple[frozenset[str], ...] = ()
    incomes: RecordNeeds | None = None
    assessments: RecordNeeds | None = None
    # the households and what hangs on them (False: a run of only the rules of DOMAIN.md §10)
    households: bool = True
    # the records of DOMAIN.md §10 (``LedgerData.assistance``), always of the whole ledger
    assistance: bool = False
    # as of a day that has ended: records, voids and corrections made from this instant on
    # (UTC, as stored; ``domain.asof``) are left out, as the ledger stood then. None: no cut
    cut: datetime | None = None

    @property
    def selected(self) -> bool:
        """A selection narrower than the whole ledger (a part is read like the whole ledger)."""
        return self.township is not None or self.village_id is not None or self.household_ids is not None
