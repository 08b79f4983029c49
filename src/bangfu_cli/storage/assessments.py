"""Reading and writing 帮扶成效评估 (assessments), and the visits an assessment looks at."""

from __future__ import annotations

from datetime import date
from typing import Any


def visits_by_household(session: Any, up_to: date) -> dict[int, list[Any]]:
    """Every visit on or before ``up_to`` (voided ones too), by household, oldest first."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Visit

    visits: dict[int, list] = {}
    for v in session.exec(select(Visit).where(Visit.date <= up_to).order_by(Visit.date, Visit.id)).all():
        visits.setdefault(v.household_id, []).append(v)
    return visits


def active_assessment(session: Any, household_id: int, quarter: str) -> Any:
    """The household's assessment of ``quarter`` that no later one has replaced, if any."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Assessment

    return session.exec(
        select(Assessment).where(
            Assessment.household_id == household_id,
            Assessment.quarter == quarter,
            Assessment.superseded_by.is_(None),
        )
    ).first()


def add_assessment(session: Any, **values: Any) -> Any:
    """Insert one assessment; returns it with its id."""
    from bangfu_cli.storage.models import Assessment

    row = Assessment(**values)
    session.add(row)
    session.flush()
    return row


def assessments_with_places(
    session: Any, quarter: str | None, everything: bool
) -> list[tuple[Any, Any, Any]]:
    """(assessment, household, village) by quarter and 户编号; of one quarter when given;
    replaced assessments only with ``everything``."""
    from sqlmodel import select

    from bangfu_cli.storage.collation import by_codepoint
    from bangfu_cli.storage.models import Assessment, Household, Village

    query = (
        select(Assessment, Household, Village)
        .join(Household, Household.id == Assessment.household_id)
        .join(Village, Village.id == Household.village_id)
    )
    if quarter:
        query = query.where(Assessment.quarter == quarter)
    if not everything:
        query = query.where(Assessment.superseded_by.is_(None))
    return list(
        session.exec(query.order_by(Assessment.quarter, by_codepoint(Household.code), Assessment.id)).all()
    )
