"""Hand-built records of units, resident cadres and the county pairing for the pure engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bangfu_cli.domain.assistance_facts import (
    AssistanceData,
    CadrePairFact,
    CadreUnitFact,
    ContributionFact,
    PartnerActivityFact,
    PartnerFact,
    ResidentRoleFact,
    TrainingFact,
    UnitActivityFact,
    UnitFact,
    UnitVillageFact,
)
from bangfu_cli.domain.facts import LedgerData
from bangfu_cli.domain.workdays import WorkCalendar
from bangfu_cli.rules import engine, profiles

D = date.fromisoformat


def _d(day: str | None) -> date | None:
    return D(day) if day else None


@dataclass
class Assist:
    units: list = field(default_factory=list)
    links: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    trainings: list = field(default_factory=list)
    partners: list = field(default_factory=list)
    partner_activities: list = field(default_factory=list)
    contributions: list = field(default_factory=list)
    cadre_units: list = field(default_factory=list)
    residents: list = field(default_factory=list)
    pairs: list = field(default_factory=list)

    def unit(self, code: str, name: str | None = None, level: str = "county") -> str:
        self.units.append(UnitFact(code, name or f"unit-{code}", level))
        return code

    def link(self, unit: str, village: str, start: str, end: str | None = None, township: str = "T1") -> None:
        self.links.append(UnitVillageFact(unit, township, village, D(start), _d(end)))

    def activity(self, unit: str, kind: str, day: str, village: str | None = None, for_period=None,
                 township: str | None = None) -> None:  # fmt: skip
        town = township if township is not None else ("T1" if village else None)
        self.activities.append(UnitActivityFact(unit, kind, D(day), town, village, for_period))

    def cadre(self, code: str, unit: str) -> str:
        self.cadre_units.append(CadreUnitFact(code, unit))
        return code

    def resident(self, cadre: str, village: str, start: str, end: str | None = None, role="first_secretary"):
        self.residents.append(ResidentRoleFact(cadre, role, "T1", village, D(start), _d(end)))

    def paired(self, cadre: str, start: str, end: str | None = None) -> None:
        self.pairs.append(CadrePairFact(cadre, D(start), _d(end)))

    def training(self, cadre: str, start: str, end: str, level: str = "county") -> None:
        self.trainings.append(TrainingFact(cadre, level, D(start), D(end)))

    def partner(self, name: str, start: str, end: str | None = None) -> None:
        self.partners.append(PartnerFact(name, D(start), _d(end)))

    def pair_activity(self, kind: str, day: str, end: str | None = None, cadre: str | None = None) -> None:
        self.partner_activities.append(PartnerActivityFact(kind, D(day), _d(end), cadre))

    def contribution(self, who: str, day: str, amount=0, hours=0, beneficiaries=0, kind="enterprise") -> None:
        self.contributions.append(ContributionFact(who, kind, D(day), amount, hours, beneficiaries))

    def facts(self) -> AssistanceData:
        return AssistanceData(**{name: tuple(value) for name, value in vars(self).items()})

    def run(self, rules, profile="suzhou-2022", as_of="2023-12-31", since=None):
        prof = profiles.load_builtin(profile) if isinstance(profile, str) else profile
        data = LedgerData(assistance=self.facts())
        return engine.evaluate(prof, data, D(as_of), _d(since), WorkCalendar(), rules)


def only(findings, **match):
    """The one finding whose fields equal ``match``."""
    found = [f for f in findings if all(getattr(f, k) == v for k, v in match.items())]
    assert len(found) == 1, found
    return found[0]


def brief(f) -> tuple:
    """(status, done, days_overdue, days_left, late) — what most scenarios assert."""
    return f.status, f.done, f.days_overdue, f.days_left, f.late
