"""What the rules of the other kinds of assistance read (DOMAIN.md §10): plain, immutable records
of units and their village links, unit activities, resident cadres' trainings, the county's
partner county and the pairing's activities, and social contributions — with the little they
need to know about cadres (their 单位 text, their resident roles, their `pair` pairings).

All of it is held in one ``AssistanceData``, carried by ``LedgerData.assistance``: None when the
ledger's reader did not fill it, and then the rules that need it are not judged (the engine says
so through ``engine.unevaluated``) rather than passed. Voided records are never loaded: they
count for nothing. Subjects are named by their codes (单位编号, 干部编号) and villages by
(township, village) names, as the findings print them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

# Unit activity kinds (DOMAIN.md §10): 帮扶计划, 研究部署, 主要负责同志走访调研, 分管负责同志或班子成员调研,
# 听取驻村工作汇报, 季度工作总结报送, 消费帮扶采购或对接活动.
UNIT_ACTIVITIES = (
    "plan", "study", "principal_visit", "deputy_visit", "team_report", "summary", "consumption",
)  # fmt: skip
# Pairing activity kinds: 党政主要领导赴对方调研, 市级领导带队互访, 县级党政主要负责同志互访,
# 帮扶资金拨付到位, 帮扶资金拨付使用完成, 挂职 (a span).
PARTNER_ACTIVITIES = (
    "head_visit", "city_mutual_visit", "county_mutual_visit", "funds_disbursed", "funds_spent", "secondment",
)  # fmt: skip
UNIT_LEVELS = ("central", "provincial", "city", "county", "township")  # 中直/省直/市直/县直/乡镇
TRAINING_LEVELS = ("national", "provincial", "city", "county", "township")  # 国家/省/市/县/乡镇
RESIDENT_ROLES = ("first_secretary", "team_member")
CONTRIBUTOR_KINDS = ("enterprise", "organisation", "person")  # 企业/社会组织/个人


def _active(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or day <= end)


class UnitFact(NamedTuple):
    """A unit (帮扶单位)."""

    code: str  # 单位编号
    name: str
    level: str | None = None  # one of UNIT_LEVELS


class UnitVillageFact(NamedTuple):
    """A village link (定点帮扶关系): the unit assists the village from ``start`` to ``end``."""

    unit: str  # 单位编号
    township: str
    village: str
    start: date
    end: date | None = None  # inclusive; None = open

    def active_on(self, day: date) -> bool:
        return _active(self.start, self.end, day)


class UnitActivityFact(NamedTuple):
    """A unit activity that is not voided. Without a village it counts for every village the
    unit assists on its date; ``for_period`` (``2023``, ``2023H1``, ``2023Q1``) names the period
    it counts for when that is not the one containing its date."""

    unit: str  # 单位编号
    kind: str  # one of UNIT_ACTIVITIES
    date: date
    township: str | None = None
    village: str | None = None
    for_period: str | None = None


class TrainingFact(NamedTuple):
    """A training of a cadre, ``start`` to ``end`` (both days included)."""

    cadre: str  # 干部编号
    level: str  # one of TRAINING_LEVELS
    start: date
    end: date


class PartnerFact(NamedTuple):
    """The county's partner county over a date range (one at a time)."""

    name: str
    start: date
    end: date | None = None

    def active_on(self, day: date) -> bool:
        return _active(self.start, self.end, day)


class PartnerActivityFact(NamedTuple):
    """A pairing activity that is not voided; a secondment is a span ``date`` to ``end``
    (None: still seconded)."""

    kind: str  # one of PARTNER_ACTIVITIES
    date: date
    end: date | None = None
    cadre: str | None = None  # 干部编号 of the seconded cadre, when recorded


class ContributionFact(NamedTuple):
    """A social contribution that is not voided (SZ12)."""

    contributor: str
    kind: str  # one of CONTRIBUTOR_KINDS
    date: date
    amount: float = 0  # yuan
    hours: float = 0
    beneficiaries: int = 0


class CadreUnitFact(NamedTuple):
    """A cadre's 单位 as recorded: a unit's code or name, or text that names no unit."""

    cadre: str  # 干部编号
    unit: str


class ResidentRoleFact(NamedTuple):
    """A resident cadre's role in a village (第一书记 / 驻村工作队员) over a date range."""

    cadre: str  # 干部编号
    role: str  # one of RESIDENT_ROLES
    township: str
    village: str
    start: date
    end: date | None = None

    def active_on(self, day: date) -> bool:
        return _active(self.start, self.end, day)


class CadrePairFact(NamedTuple):
    """A span in which a cadre holds a `pair` pairing (one per pairing, of any household of
    the ledger): a unit with such a cadre owes XF9 and XF10."""

    cadre: str  # 干部编号
    start: date
    end: date | None = None

    def active_on(self, day: date) -> bool:
        return _active(self.start, self.end, day)


@dataclass(frozen=True)
class AssistanceData:
    """Every record the rules of DOMAIN.md §10 read, of the whole ledger (they are not judged
    household by household: a ``--township`` selection keeps the findings of its villages)."""

    units: tuple[UnitFact, ...] = ()
    links: tuple[UnitVillageFact, ...] = ()
    activities: tuple[UnitActivityFact, ...] = ()
    trainings: tuple[TrainingFact, ...] = ()
    partners: tuple[PartnerFact, ...] = ()
    partner_activities: tuple[PartnerActivityFact, ...] = ()
    contributions: tuple[ContributionFact, ...] = ()
    cadre_units: tuple[CadreUnitFact, ...] = ()
    residents: tuple[ResidentRoleFact, ...] = ()
    pairs: tuple[CadrePairFact, ...] = ()


def unit_resolver(units: tuple[UnitFact, ...] | list[UnitFact]):
    """``resolve(text) -> unit code or None``: a cadre's 单位 names a unit by its code, else by
    its exact name (spaces trimmed); of several units with that name, the lowest code."""
    by_code = {u.code.strip(): u.code for u in units}
    by_name: dict[str, str] = {}
    for u in sorted(units, key=lambda u: u.code):
        by_name.setdefault(u.name.strip(), u.code)

    def resolve(text: str | None) -> str | None:
        text = (text or "").strip()
        if not text:
            return None
        return by_code.get(text) or by_name.get(text)

    return resolve


def cadres_of_unknown_units(data: AssistanceData) -> list[str]:
    """干部编号 of the cadres whose 单位 matches no unit (they make no unit required; ``check``
    names them)."""
    resolve = unit_resolver(data.units)
    return sorted(c.cadre for c in data.cadre_units if resolve(c.unit) is None)
