"""Working days by the official Chinese calendar (public holidays and 调休 weekend workdays).

``chinese-calendar`` carries the State Council's published calendar. For a year it does not
cover, we fall back to Monday–Friday and report it, so the output can say so (DOMAIN.md §4)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


class WorkCalendar:
    """Answers "is this a working day" and "N working days after D".

    ``extra_holidays`` are dates a profile declares as holidays (e.g. a local holiday);
    ``fallback_years`` collects every year answered by the Monday–Friday fallback."""

    def __init__(self, extra_holidays: Iterable[date] = ()) -> None:
        self.extra_holidays = frozenset(extra_holidays)
        self.fallback_years: set[int] = set()
        self._cache: dict[date, bool] = {}
        self._added: dict[tuple[date, int], date] = {}  # add_workdays, by (start, n)

    def is_workday(self, day: date) -> bool:
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        result = False if day in self.extra_holidays else self._official(day)
        self._cache[day] = result
        return result

    def _official(self, day: date) -> bool:
        import chinese_calendar

        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
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
