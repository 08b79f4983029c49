"""The unit register (单位帮扶工作台账, DOMAIN.md §10): one unit's year as plain records — its
villages with their link dates, its activities of the year and the trainings of its resident
cadres — read by ``storage.unit_register`` and printed by ``exporters.unit_register*``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class UnitSelection:
    """What a unit register covers: a year, optionally one unit or the units of one township."""

    year: int
    unit_code: str | None = None
    township: str | None = None

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)


@dataclass
class LinkLine:
    township: str
    village: str
    start: date
    end: date | None


@dataclass
class ActivityLine:
    date: date
    kind: str
    township: str | None
    village: str | None
    people: str | None
    content: str | None
    amount_fen: int
    attachment: str | None


@dataclass
class TrainingLine:
    cadre: str
    cadre_name: str
    name: str
    level: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class UnitEntry:
    code: str
    name: str
    level: str | None
    links: list[LinkLine] = field(default_factory=list)
    activities: list[ActivityLine] = field(default_factory=list)
    trainings: list[TrainingLine] = field(default_factory=list)
