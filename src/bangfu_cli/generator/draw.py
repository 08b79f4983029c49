"""The drawing board of a synthetic county: the span, a household's plan, and the random draws
everything is made of (days, names, ID numbers, phones, uuids, recording times).

One ``random.Random(seed)`` drives every draw, in a fixed order: the same seed gives the same
county. Nothing iterates a set or reads the clock."""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from bangfu_cli.domain.dates import in_span, period_of, shift_quarter
from bangfu_cli.domain.identity import id_check_digit
from bangfu_cli.generator.words import (
    FEMALE_1,
    FEMALE_2,
    MALE_1,
    MALE_2,
    PHONE_PREFIXES,
    PLACE_1,
    PLACE_2,
    SURNAMES,
)


def default_end(today: date) -> date:
    """The last day of the last full quarter before ``today``."""
    return period_of("quarter", today).start - timedelta(days=1)


def span(end: date, years: int) -> tuple[date, date]:
    """The ``4 × years`` whole quarters ending with ``end``'s quarter (``end`` itself when it is a
    quarter's last day)."""
    last = period_of("quarter", end)
    first = shift_quarter(last, -(4 * years - 1))
    return first.start, end


class Household:
    """A household as planned: its status history, pairings (``[start, end, cadre id, plaque_on,
    end_reason]``), leader pairing, how diligently it is visited and its income level."""

    __slots__ = (
        "id",
        "village",
        "code",
        "size",
        "since",
        "closed_on",
        "statuses",
        "pairs",
        "leader",
        "diligent",
        "never",
        "income",
    )

    def __init__(self) -> None:
        self.statuses: list[tuple[date, bool, str | None, str | None, str | None]] = []
        self.pairs: list[list[Any]] = []  # [start, end, cadre id, plaque_on, end_reason]
        self.leader: tuple[int, date] | None = None
        self.closed_on: date | None = None
        self.never = False

    def status_on(self, day: date) -> tuple[bool, str | None, str | None] | None:
        found = None
        for eff, tuopin, mtype, risk, _note in self.statuses:
            if eff <= day:
                found = (tuopin, mtype, risk)
        return found

    def pair_cadre(self, day: date) -> int | None:
        for start, end, cadre, _plaque, _reason in self.pairs:
            if in_span(day, start, end):
                return cadre
        return None


class Draws:
    """The county's state and its random draws; ``plan.Planner`` plans with them and
    ``rows.County`` writes the rows."""

    def __init__(self, households: int, years: int, seed: int, end: date, operator: str) -> None:
        self.rng = random.Random(seed)
        self.n = households
        self.years = years
        self.start, self.end = span(end, years)
        self.operator = operator
        self.villages: list[tuple[int, str, str, str, str]] = []  # id, township, name, code, unit
        self.cadres: list[tuple] = []
        self.roles: list[tuple] = []
        self.households: list[Household] = []
        self.fs: dict[int, list[tuple[date, date | None, int]]] = {}
        self.pool: dict[int, list[int]] = {}
        self.ids_seen: set[str] = set()
        self.phones_seen: set[str] = set()
        self.counts: dict[str, int] = {}
        self.dates: dict[int, date] = {}
        self.isos: dict[date, str] = {}
        self._workdays()

    def uuid(self) -> str:
        """A version-4 UUID from the county's random numbers (the same for the same seed)."""
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"

    def stamp(self, day: date, lag_max: int = 3) -> str:
        """A recording time (UTC) a few days after ``day``, never after the span's end, as the
        text SQLite stores."""
        r = self.rng.random
        rec = day + timedelta(days=int(r() * (lag_max + 1)))
        if rec > self.end:
            rec = self.end
        return f"{self.iso(rec)} {int(r() * 11):02d}:{int(r() * 60):02d}:00.000000"

    def iso(self, day: date | None) -> str | None:
        """A date as the text SQLite stores (cached: a county has ~1,000 distinct days)."""
        if day is None:
            return None
        text = self.isos.get(day)
        if text is None:
            text = self.isos[day] = day.isoformat()
        return text

    def _workdays(self) -> None:
        from bangfu_cli.domain.workdays import WorkCalendar

        cal = WorkCalendar()
        first = self.start - timedelta(days=800)
        days = (self.end - first).days + 1
        self.work = [
            o
            for o in range(first.toordinal(), first.toordinal() + days)
            if cal.is_workday(date.fromordinal(o))
        ]

    def day(self, lo: date, hi: date, workday_p: float = 0.93) -> date:
        """A random day in [lo, hi], a working day with probability ``workday_p``."""
        a, b = lo.toordinal(), hi.toordinal()
        r = self.rng.random
        if r() < workday_p:
            i = bisect.bisect_left(self.work, a)
            j = bisect.bisect_right(self.work, b)
            if j > i:
                return self._date(self.work[i + int(r() * (j - i))])
        return self._date(a + int(r() * (b - a + 1)))

    def _date(self, ordinal: int) -> date:
        d = self.dates.get(ordinal)
        if d is None:
            d = self.dates[ordinal] = date.fromordinal(ordinal)
        return d

    def person(self, female: bool) -> str:
        """A Chinese personal name: a surname and one or two characters."""
        rng = self.rng
        surname = rng.choice(SURNAMES)
        if rng.random() < 0.12:
            return surname + rng.choice(FEMALE_2 if female else MALE_2)
        if female:
            return surname + rng.choice(FEMALE_1) + rng.choice(FEMALE_2)
        return surname + rng.choice(MALE_1) + rng.choice(MALE_2)

    def id_number(self, region: str, born: date, female: bool) -> str:
        """A GB 11643 ID number, valid and not given before."""
        rng = self.rng
        while True:
            seq = rng.randrange(0, 100) * 10 + rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
            body = f"{region}{born:%Y%m%d}{seq:03d}"
            value = body + id_check_digit(body)
            if value not in self.ids_seen:
                self.ids_seen.add(value)
                return value

    def phone(self) -> str:
        """A mobile number not given before."""
        rng = self.rng
        while True:
            value = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if value not in self.phones_seen:
                self.phones_seen.add(value)
                return value

    def place(self, taken: dict[str, int], suffix: str) -> str:
        """A place name ending in ``suffix`` not in ``taken`` (which it joins)."""
        rng = self.rng
        for _ in range(200):
            name = rng.choice(PLACE_1) + rng.choice(PLACE_2) + suffix
            if name not in taken:
                taken[name] = 1
                return name
        name = f"{rng.choice(PLACE_1)}{rng.choice(PLACE_2)}{len(taken)}{suffix}"  # pragma: no cover
        taken[name] = 1  # pragma: no cover
        return name  # pragma: no cover

    def cadre(self, unit: str, position: str, code: str, leader: bool = False) -> int:
        """A new cadre of ``unit``; their id."""
        cid = len(self.cadres) + 1
        female = self.rng.random() < 0.3
        self.cadres.append((cid, code, self.person(female), unit, position, self.phone(), leader))
        return cid


def pick(r: Callable[[], float], seq: list[str]) -> str:
    """The item of ``seq`` that one draw of ``r`` (a float in [0, 1)) falls on."""
    return seq[int(r() * len(seq))]


def role_on(segments: list[tuple[date, date | None, int]], day: date) -> int | None:
    """Who holds a role of ``segments`` (start, end, cadre id) on ``day``, if anyone."""
    for start, end, cid in segments:
        if in_span(day, start, end):
            return cid
    return None


def fen(yuan: float) -> int:
    """Yuan as whole fen."""
    return round(yuan * 100)


def split(total: int, parts: int, weights: list[float] | None = None) -> list[int]:
    """``total`` split into ``parts`` non-negative integers (in proportion to ``weights``),
    every part ≥ 1 when ``total`` allows."""
    weights = weights or [1.0] * parts
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [max(1, int(x)) if total >= parts else int(x) for x in raw]
    i = 0
    while sum(out) < total:
        out[i % parts] += 1
        i += 1
    i = parts - 1
    while sum(out) > total:
        if out[i % parts] > 1:
            out[i % parts] -= 1
        i -= 1
    return out
