"""Working days by the official Chinese calendar (public holidays and 调休 weekend workdays).

Three sources, in this order: the days a county imported (``bangfu calendar import``: the State
Council's arrangement of a year, as data), then ``chinese-calendar`` (the published calendar of
the years it knows), then Monday–Friday. A year with any imported day is covered: its days the
county did not list are answered by the package when it knows the year, else by Monday–Friday,
and either way the year is official. A year neither covers falls back to Monday–Friday and is
reported, so the output can say so (DOMAIN.md §4)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

HOLIDAY, WORKDAY = "holiday", "workday"


class WorkCalendar:
    """Answers "is this a working day" and "N working days after D".

    ``official`` maps each imported day to whether it is a working day; ``extra_holidays`` are
    dates a profile declares as holidays (e.g. a local holiday); ``fallback_years`` collects
    every year answered by the Monday–Friday fallback."""

    def __init__(
        self, extra_holidays: Iterable[date] = (), official: Mapping[date, bool] | None = None
    ) -> None:
        self.extra_holidays = frozenset(extra_holidays)
        self.official = dict(official or {})
        self.covered_years = frozenset(day.year for day in self.official)
        self.fallback_years: set[int] = set()
        self._cache: dict[date, bool] = {}
        self._added: dict[tuple[date, int], date] = {}  # add_workdays, by (start, n)

    def is_workday(self, day: date) -> bool:
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        imported = self.official.get(day)
        if imported is not None:
            result = imported
        else:
            result = False if day in self.extra_holidays else self._package(day)
        self._cache[day] = result
        return result

    def _package(self, day: date) -> bool:
        import chinese_calendar

        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            if day.year not in self.covered_years:
                self.fallback_years.add(day.year)
            return day.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself is not counted); each (start, n)
        counted once (a county's transfers start on a few hundred days)."""
        found = self._added.get((start, n))
        if found is not None:
            return found
        day = start
        counted = 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        self._added[(start, n)] = day
        return day

    def fell_back(self, start: date, end: date) -> bool:
        """Were the days after ``start`` up to ``end`` counted in a year without official data?
        (Asked after ``add_workdays(start, …)`` has counted them.)"""
        first = (start + timedelta(days=1)).year
        return any(year in self.fallback_years for year in range(first, end.year + 1))


def package_days(year: int) -> dict[date, tuple[str, str]]:
    """The non-standard days of ``year`` in ``chinese-calendar`` (a weekday off, a weekend day
    worked): ``{day: (HOLIDAY or WORKDAY, name)}``, empty for a year the package does not know."""
    import chinese_calendar

    days: dict[date, tuple[str, str]] = {}
    for day, name in chinese_calendar.holidays.items():
        if day.year == year and day.weekday() < 5:
            days[day] = (HOLIDAY, str(name))
    for day, name in chinese_calendar.workdays.items():
        if day.year == year and day.weekday() >= 5:
            days[day] = (WORKDAY, str(name))
    return dict(sorted(days.items()))


def chinese_holiday_name(name: str | None) -> str | None:
    """The Chinese name of a festival the ``chinese-calendar`` package names in English (it knows
    both); any other name (an imported day's, as the county wrote it) unchanged."""
    import chinese_calendar

    for holiday in chinese_calendar.Holiday:
        if holiday.value == name:
            return holiday.chinese
    return name


# The words of an imported day's kind (``bangfu calendar import``: 类型 ``kind``).
DAY_KINDS = {
    HOLIDAY: ("holiday", "休息日", "假日", "节假日", "放假"),
    WORKDAY: ("workday", "工作日", "上班", "调休上班"),
}


def parse_day_kind(text: str) -> str:
    """``holiday`` or ``workday`` from the words a county's file uses (Chinese or English)."""
    from bangfu_cli.domain.errors import BangfuError

    needle = (text or "").strip().lower()
    for value, words in DAY_KINDS.items():
        if needle in words:
            return value
    choices = " / ".join(f"{words[1]} ({value})" for value, words in DAY_KINDS.items())
    raise BangfuError("input.bad_choice", field="kind", value=text, choices=choices)
