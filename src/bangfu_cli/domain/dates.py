"""Parsing of dates and quarters in the forms users type (CONTRACT.md), and calendar periods.

Periods are calendar months, quarters, halves and years (DOMAIN.md §4)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bangfu_cli.domain.errors import BangfuError

_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_FORMS = (
    re.compile(r"^(\d{4})-?[Qq]([1-4])$"),
    re.compile(r"^(\d{4})年第?([1-4一二三四])季度$"),
)


# A record dated more than this many years before today is unusual (a mistyped year?): every
# import and every command that records a dated event accepts it with a warning
# (``services.importing.years_back_warning``). Pairings, roles and unit links are history and are
# not warned of; neither are official calendars.
YEARS_BACK = 3


def years_before(day: date, years: int) -> date:
    """The same day ``years`` years earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def long_ago(day: date, today: date) -> bool:
    """Is ``day`` more than ``YEARS_BACK`` years before ``today``? (exactly that far: no)"""
    return day < years_before(today, YEARS_BACK)


def in_span(day: date, start: date, end: date | None) -> bool:
    """Is ``day`` within ``start``–``end``, both included (``end`` None: not ended)? When a
    pairing or a role holds on a day (DOMAIN.md): the test in Python (the engine's facts and
    loops, ``domain.facts`` and ``rules.context``, write it out: they run for every visit;
    ``storage.light.active_on`` is the SQL form)."""
    return start <= day and (end is None or day <= end)


def try_parse_date(text: str) -> date | None:
    """A date in any accepted form, or None. Excel serials and datetimes are handled by the importer."""
    text = text.strip()
    for form in _DATE_FORMS:
        m = form.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d)
            except ValueError:
                return None
    # ISO datetime as spreadsheets export it: 2023-03-05 00:00:00 / 2023-03-05T00:00
    m = re.match(r"^(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(:\d{2})?$", text)
    if m:
        return try_parse_date(m.group(1))
    return None


def parse_date(text: str, field: str = "date") -> date:
    value = try_parse_date(text)
    if value is None:
        raise BangfuError("input.bad_date", field=field, value=text)
    return value


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period: kind is month, quarter, half or year."""

    start: date
    end: date
    kind: str
    label: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        return period_of(self.kind, self.end + timedelta(days=1))


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def period_of(kind: str, day: date) -> Period:
    """The period of ``kind`` that contains ``day``."""
    y, m = day.year, day.month
    if kind == "month":
        return Period(date(y, m, 1), _month_end(y, m), kind, f"{y}-{m:02d}")
    if kind == "quarter":
        q = (m - 1) // 3 + 1
        return Period(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), kind, f"{y}Q{q}")
    if kind == "half":
        h = 1 if m <= 6 else 2
        return Period(date(y, 6 * h - 5, 1), _month_end(y, 6 * h), kind, f"{y}H{h}")
    if kind == "year":
        return Period(date(y, 1, 1), date(y, 12, 31), kind, f"{y}")
    raise ValueError(f"unknown period kind {kind!r}")


def periods_between(kind: str, first: date, last: date) -> list[Period]:
    """Every period of ``kind`` that overlaps [first, last], in order."""
    out: list[Period] = []
    if last < first:
        return out
    p = period_of(kind, first)
    while p.start <= last:
        out.append(p)
        p = p.next()
    return out


def quarter_period(year: int, q: int) -> Period:
    return period_of("quarter", date(year, 3 * q - 2, 1))


def try_parse_quarter(text: str) -> Period | None:
    text = text.strip()
    for form in _QUARTER_FORMS:
        m = form.match(text)
        if m:
            return quarter_period(int(m.group(1)), _CN_DIGITS[m.group(2)])
    return None


def parse_quarter(text: str, field: str = "quarter") -> Period:
    value = try_parse_quarter(text)
    if value is None:
        raise BangfuError("input.bad_quarter", field=field, value=text)
    return value


def shift_quarter(period: Period, quarters: int) -> Period:
    """The quarter ``quarters`` after (negative: before) ``period``."""
    index = period.start.year * 4 + (period.start.month - 1) // 3 + quarters
    return quarter_period(index // 4, index % 4 + 1)
