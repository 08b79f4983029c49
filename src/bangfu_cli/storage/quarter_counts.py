"""The counts behind the quarterly work summary: households by township and category on a day,
and visits by township and mode within the quarter."""

from __future__ import annotations

from datetime import date
from typing import Any


def category_counts(
    engine: Any, as_of: date, start: date, end: date, township: str | None
) -> list[tuple[str, bool, str | None, str | None, int]]:
    """(township, tuopin, monitor_type, risk, households) of the households in the ledger at some
    time from ``start`` to ``end``, by their status on ``as_of``."""
    from sqlalchemy import func, or_, select

    from bangfu_cli.storage.models import Household, HouseholdStatus, Village

    place = [Village.township == township] if township else []
    latest = (
        select(HouseholdStatus.household_id, func.max(HouseholdStatus.effective_on).label("on"))
        .where(HouseholdStatus.effective_on <= as_of)
        .group_by(HouseholdStatus.household_id)
        .subquery()
    )
    query = (
        select(
            Village.township,
            HouseholdStatus.tuopin,
            HouseholdStatus.monitor_type,
            HouseholdStatus.risk,
            func.count(),
        )
        .select_from(Household)
        .join(Village, Village.id == Household.village_id)
        .join(latest, latest.c.household_id == Household.id)
        .join(
            HouseholdStatus,
            (HouseholdStatus.household_id == Household.id) & (HouseholdStatus.effective_on == latest.c.on),
        )
        .where(
            Household.since <= end,
            or_(Household.closed_on.is_(None), Household.closed_on >= start),
            *place,
        )
        .group_by(
            Village.township, HouseholdStatus.tuopin, HouseholdStatus.monitor_type, HouseholdStatus.risk
        )
    )
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query).all()]


def visit_counts(engine: Any, start: date, end: date, township: str | None) -> list[tuple[str, str, int]]:
    """(township, mode, visits) of the visits not voided from ``start`` to ``end``."""
    from sqlalchemy import func, select

    from bangfu_cli.storage.models import Household, Village, Visit

    place = [Village.township == township] if township else []
    query = (
        select(Village.township, Visit.mode, func.count())
        .select_from(Visit)
        .join(Household, Household.id == Visit.household_id)
        .join(Village, Village.id == Household.village_id)
        .where(Visit.voided.is_(False), Visit.date >= start, Visit.date <= end, *place)
        .group_by(Village.township, Visit.mode)
    )
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query).all()]
