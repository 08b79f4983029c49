"""The official calendar as data (CONTRACT.md "The official calendar, as data"): importing a
year's arrangement (holidays and the weekend days worked in exchange, 调休), showing a year's
non-standard days and where each came from, and the working-day calendar a rules run counts
with — the imported days first, then the ``chinese-calendar`` package, then Monday–Friday."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain.dates import parse_date
from bangfu_cli.domain.messages import message
from bangfu_cli.domain.workdays import HOLIDAY, WORKDAY, WorkCalendar, package_days, parse_day_kind
from bangfu_cli.services.fields import text
from bangfu_cli.services.importing import ImportResult, run_import, upsert
from bangfu_cli.services.tabular import ColumnSpec, Problems, track
from bangfu_cli.storage import calendar as store

CALENDAR_COLUMNS = (
    ColumnSpec("date", "日期", True),
    ColumnSpec("kind", "类型", True),
    ColumnSpec("name", "名称"),
)

# Where a day of ``calendar show`` came from.
IMPORTED, PACKAGE, PROFILE = "imported", "package", "profile"


def work_calendar(ledger: Any) -> WorkCalendar:
    """The calendar a rules run counts working days with: the profile's extra holidays, and the
    days the county imported, which come before everything else."""
    return WorkCalendar(ledger.profile.extra_holidays, store.official_days(ledger.engine))


def parse_day(problems: Problems, line: int, row: dict[str, str]) -> dict[str, Any] | None:
    v = problems.value
    values = {
        "day": v(line, _required_date, row["date"]),
        "kind": v(line, _required_kind, row["kind"]),
        "name": v(line, text, row["name"], "name"),
    }
    if problems.bad(line):
        return None
    if values["kind"] == WORKDAY and values["day"].weekday() < 5:
        # a day worked in exchange (调休) falls on a weekend: a weekday is one already
        problems.note(line, message("records.workday_on_weekday", date=values["day"].isoformat()))
    return values


def _required_date(value: str) -> date:
    text(value, "date", required=True)
    return parse_date(value, "date")


def _required_kind(value: str) -> str:
    text(value, "kind", required=True)
    return parse_day_kind(value)


def import_calendar(ledger: Any, path: str | Path) -> ImportResult:
    """One transaction; a date already imported is updated when its kind or name changed
    (audited, old → new), left alone when not."""
    natural_key = lambda values: values["day"]  # noqa: E731
    return run_import(ledger, path, CALENDAR_COLUMNS, parse_day, natural_key, _store, "calendar")


def _store(ledger: Any, session: Any, parsed: list, problems: Problems, file: str) -> ImportResult:
    from bangfu_cli.storage.models import CalendarDay

    result = ImportResult(file)
    existing = store.by_day(session)
    for _line, values in track(parsed, "records.writing"):
        key = values["day"].isoformat()
        outcome, _ = upsert(
            ledger, session, CalendarDay, existing.get(values["day"]), values, "calendar", key, flush=False
        )
        result.count(outcome)
    session.flush()
    return result


def show_calendar(ledger: Any, year: int) -> dict[str, Any]:
    """The non-standard days of ``year`` (a weekday off, a weekend day worked, and every day the
    county imported), each with its source: ``imported`` before ``package`` before ``profile``
    for a day named by several. ``covered`` says whether the year has official data."""
    days: dict[date, dict[str, Any]] = {}
    for day in sorted(ledger.profile.extra_holidays):
        if day.year == year:
            days[day] = {"date": day, "kind": HOLIDAY, "name": None, "source": PROFILE}
    for day, (kind, name) in package_days(year).items():
        days[day] = {"date": day, "kind": kind, "name": name, "source": PACKAGE}
    with ledger.read() as session:
        imported = store.of_year(session, year)
    for record in imported:
        days[record.day] = {"date": record.day, "kind": record.kind, "name": record.name, "source": IMPORTED}
    return {
        "year": year,
        "covered": bool(imported) or _package_knows(year),
        "days": [days[day] for day in sorted(days)],
    }


def _package_knows(year: int) -> bool:
    probe = WorkCalendar()
    probe.is_workday(date(year, 1, 1))
    return year not in probe.fallback_years
