"""Reading the official calendar a county imported (``calendar_day``): what the calendar
service and the working-day calendar of a rules run ask of the ledger."""

from __future__ import annotations

from datetime import date
from typing import Any


def by_day(session: Any) -> dict[date, Any]:
    """Every imported day's record, by its date."""
    from sqlmodel import select

    from bangfu_cli.storage.models import CalendarDay

    return {d.day: d for d in session.exec(select(CalendarDay)).all()}


def official_days(engine: Any) -> dict[date, bool]:
    """Every imported day → is it a working day (the rows are few: ~30 a year). Read with
    SQLAlchemy Core (``storage.light``): a rules run builds no ORM model."""
    from sqlalchemy import select

    from bangfu_cli.storage.light import calendar_day

    with engine.connect() as conn:
        rows = conn.execute(select(calendar_day.c.day, calendar_day.c.kind)).all()
    return {day: kind == "workday" for day, kind in rows}


def of_year(session: Any, year: int) -> list[Any]:
    """The imported days of ``year``, in date order."""
    from sqlmodel import select

    from bangfu_cli.storage.models import CalendarDay

    first, last = date(year, 1, 1), date(year, 12, 31)
    query = select(CalendarDay).where(CalendarDay.day >= first, CalendarDay.day <= last)
    return list(session.exec(query.order_by(CalendarDay.day)).all())
