"""The records of the register (登记册) and of the quarterly work summary: what a register
covers (``Selection``), each household with its pairing, visit and income lines, and the
figures of a quarter (``QuarterReport``) with the keys of its tables. Plain data: storage
fills them, services assemble them, exporters and the screen show them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bangfu_cli.domain.dates import period_of


@dataclass(frozen=True)
class Selection:
    """What a register covers: a place, optionally a cadre's households, and a date range."""

    township: str | None = None
    village: str | None = None
    village_id: int | None = None
    cadre_id: int | None = None
    cadre_label: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    as_of: date | None = None  # the day categories and risk states are shown for
    reveal: bool = False
    chain: tuple[str, int] | None = None  # the audit chain's (head, length) when written

    @property
    def quarter_from(self) -> str | None:
        return period_of("quarter", self.date_from).label if self.date_from else None

    @property
    def quarter_to(self) -> str | None:
        return period_of("quarter", self.date_to).label if self.date_to else None


@dataclass
class PairingLine:
    cadre: str
    name: str
    unit: str
    position: str | None
    phone: str | None
    kind: str
    start: date
    end: date | None
    end_reason: str | None


@dataclass
class VisitLine:
    id: int
    date: date
    mode: str
    cadre: str
    cadre_name: str
    content: str | None
    problems: str | None
    guarantees: str | None
    measures: str | None
    follow_up: str | None


@dataclass
class IncomeLine:
    quarter: str
    collected_on: date
    size: int
    wage_fen: int
    business_fen: int
    business_cost_fen: int
    transfer_fen: int
    property_fen: int
    excluded_fen: int
    rigid_expense_fen: int
    late: bool

    @property
    def net_fen(self) -> int:
        """Net income of the quarter (DOMAIN.md §7): excluded and rigid expense are not part of it."""
        return (
            self.wage_fen + self.business_fen - self.business_cost_fen + self.transfer_fen + self.property_fen
        )


@dataclass
class HouseholdEntry:
    id: int
    code: str
    head_name: str
    id_number: str | None
    phone: str | None
    township: str
    village: str
    size: int
    since: date
    closed_on: date | None
    as_of: date | None = None  # the day the category and risk state hold for
    tuopin: bool = False
    monitor_type: str | None = None
    risk: str | None = None
    pairings: list[PairingLine] = field(default_factory=list)
    visits: list[VisitLine] = field(default_factory=list)
    income: list[IncomeLine] = field(default_factory=list)


# --- the quarterly work summary (季度工作总结, 三(四) of the Xinfeng notice) ---------------------

CATEGORY_KEYS = ("assisted", "tuopin", "unstable", "marginal", "sudden", "risk_open", "risk_eliminated")
MODE_KEYS = ("home", "phone", "online", "total")
RATE_KEYS = ("met", "overdue", "due", "rate")
OVERDUE_KEYS = (
    "rule",
    "township",
    "village",
    "household",
    "head_name",
    "cadre",
    "period",
    "required",
    "done",
    "days_overdue",
)
COLLECT_KEYS = ("household", "head_name", "village", "cadre_name", "status", "collected_on", "late_reason")
ALERT_KEYS = ("household", "head_name", "village", "alert", "value", "limit")


@dataclass
class QuarterReport:
    quarter: str
    start: date
    end: date
    as_of: date
    township: str | None
    categories: list[dict] = field(default_factory=list)  # per township: counts by category
    visits: list[dict] = field(default_factory=list)  # per township: visits by mode
    compliance_township: list[dict] = field(default_factory=list)
    compliance_village: list[dict] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    collection: dict = field(default_factory=dict)  # totals
    collection_missing: list[dict] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)
    assessments: dict = field(default_factory=dict)  # conclusion -> count
    assessment_rows: list[dict] = field(default_factory=list)
    missing_parts: list[str] = field(default_factory=list)  # parts another service could not give
    # DOMAIN.md §10: per unit its villages, activities of the quarter and what it owes; the pairing
    units: list[dict] = field(default_factory=list)
    county_pair: dict = field(default_factory=dict)
    chain: tuple[str, int] | None = None  # the audit chain's (head, length): the copy's anchor
