"""Hand-built ledgers for the pure engine: a few households, cadres, pairings, roles and visits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bangfu_cli.domain.facts import (
    CadreFact,
    HouseholdFact,
    LedgerData,
    PairingFact,
    RoleFact,
    StatusFact,
    VisitFact,
)
from bangfu_cli.domain.workdays import WorkCalendar
from bangfu_cli.rules import engine, profiles

D = date.fromisoformat


@dataclass
class Book:
    households: list = field(default_factory=list)
    cadres: list = field(default_factory=list)
    pairings: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    visits: list = field(default_factory=list)

    def cadre(self, code: str) -> int:
        cid = len(self.cadres) + 1
        self.cadres.append(CadreFact(cid, code, f"name-{code}"))
        return cid

    def household(self, code: str, *statuses, since="2023-01-01", closed=None, village=1) -> int:
        hid = len(self.households) + 1
        rows = tuple(StatusFact(D(on), tuopin, mtype, risk) for on, tuopin, mtype, risk in statuses) or (
            StatusFact(D(since), True, None, None),
        )
        self.households.append(
            HouseholdFact(
                hid, code, f"head-{code}", "T1", f"V{village}", village, 3, D(since),
                D(closed) if closed else None, rows,
            )
        )  # fmt: skip
        return hid

    def pair(self, hid: int, cid: int, start: str, end: str | None = None, kind="pair", plaque=None) -> None:
        self.pairings.append(
            PairingFact(len(self.pairings) + 1, hid, cid, kind, D(start), D(end) if end else None,
                        D(plaque) if plaque else None)
        )  # fmt: skip

    def secretary(self, cid: int, village: int, start: str, end: str | None = None) -> None:
        self.roles.append(
            RoleFact(len(self.roles) + 1, cid, village, "first_secretary", D(start), D(end) if end else None)
        )

    def visit(self, hid: int, cid: int, day: str, mode: str = "home") -> int:
        vid = len(self.visits) + 1
        self.visits.append(VisitFact(vid, hid, cid, D(day), mode))
        return vid

    def data(self) -> LedgerData:
        return LedgerData(
            households=tuple(self.households),
            cadres=tuple(self.cadres),
            pairings=tuple(self.pairings),
            roles=tuple(self.roles),
            visits=tuple(self.visits),
        )

    def run(self, profile="xinfeng-2023", as_of="2023-11-27", since=None, rules=None, calendar=None):
        prof = profiles.load_builtin(profile) if isinstance(profile, str) else profile
        return engine.evaluate(
            prof, self.data(), D(as_of), D(since) if since else None, calendar or WorkCalendar(), rules
        )


def pick(findings, rule=None, period=None, household=None):
    return [
        f
        for f in findings
        if (rule is None or f.rule == rule)
        and (period is None or f.period == period)
        and (household is None or f.household == household)
    ]


def one(findings, rule, period, household=None):
    found = pick(findings, rule, period, household)
    assert len(found) == 1, found
    return found[0]


MONITORED = ("2023-01-01", True, "unstable", "open")
TUOPIN = ("2023-01-01", True, None, None)
