"""Reading and writing quarterly income records and income thresholds (监测范围), and the
household, village, status and pairing rows the income use-cases read with them."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any


def ledger_thresholds(session: Any) -> list[Any]:
    """Every threshold row stored in the ledger (the profile's are not here)."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Threshold

    return list(session.exec(select(Threshold)).all())


def find_threshold(session: Any, year: int, place: str) -> Any:
    from sqlmodel import select

    from bangfu_cli.storage.models import Threshold

    return session.exec(select(Threshold).where(Threshold.year == year, Threshold.place == place)).first()


def add_threshold(session: Any, **values: Any) -> Any:
    from bangfu_cli.storage.models import Threshold

    row = Threshold(**values)
    session.add(row)
    return row


def update_threshold(session: Any, row: Any, amount_fen: int, source: str | None) -> None:
    """New amount; the source only when one is given."""
    if source is not None:
        row.source = source
    row.amount_fen = amount_fen
    session.add(row)


def households_with_villages(session: Any, household_ids: list[int] | None = None) -> list[tuple[Any, Any]]:
    """(household, village) of every household, or of ``household_ids``."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Household, Village

    query = select(Household, Village).join(Village, Village.id == Household.village_id)
    if household_ids is not None:
        query = query.where(Household.id.in_(household_ids))
    return list(session.exec(query).all())


def all_statuses(session: Any) -> list[Any]:
    """Every household status row, oldest ``effective_on`` first."""
    from sqlmodel import select

    from bangfu_cli.storage.models import HouseholdStatus

    return list(
        session.exec(select(HouseholdStatus).order_by(HouseholdStatus.effective_on, HouseholdStatus.id)).all()
    )


def all_income(session: Any) -> list[Any]:
    """Every income record (corrected ones too), by quarter, then as recorded."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Income

    return list(session.exec(select(Income).order_by(Income.quarter, Income.id)).all())


def all_pairings(session: Any) -> list[Any]:
    """Every pairing (and 包联) row, oldest start first."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Pairing

    return list(session.exec(select(Pairing).order_by(Pairing.start, Pairing.id)).all())


def cadres_by_id(session: Any) -> dict[int, Any]:
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre

    return {c.id: c for c in session.exec(select(Cadre)).all()}


def cadres_by_code(session: Any) -> dict[str, Any]:
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre

    return {c.code: c for c in session.exec(select(Cadre)).all()}


def households_by_code(session: Any) -> dict[str, Any]:
    from sqlmodel import select

    from bangfu_cli.storage.models import Household

    return {h.code: h for h in session.exec(select(Household)).all()}


def paired_cadre_id(session: Any, household_id: int, day: date) -> int | None:
    """The cadre paired (kind ``pair``) with the household on ``day``, if any."""
    from sqlmodel import select

    from bangfu_cli.storage.light import active_on
    from bangfu_cli.storage.models import Pairing

    pairing = session.exec(
        select(Pairing).where(
            Pairing.household_id == household_id,
            Pairing.kind == "pair",
            active_on(Pairing.start, Pairing.end, day),
        )
    ).first()
    return pairing.cadre_id if pairing else None


def pairs_by_household(session: Any) -> dict[int, list[Any]]:
    """Every ``pair`` pairing, by household."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Pairing

    found: dict[int, list] = defaultdict(list)
    for p in session.exec(select(Pairing).where(Pairing.kind == "pair")).all():
        found[p.household_id].append(p)
    return found


def active_income(session: Any, household_id: int, quarter: str) -> Any:
    """The household's record of ``quarter`` that no correction has replaced, if any."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Income

    return session.exec(
        select(Income).where(
            Income.household_id == household_id, Income.quarter == quarter, Income.superseded_by.is_(None)
        )
    ).first()


def active_income_by_key(session: Any) -> dict[tuple[int, str], Any]:
    """Every record no correction has replaced, by (household id, quarter)."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Income

    return {
        (r.household_id, r.quarter): r
        for r in session.exec(select(Income).where(Income.superseded_by.is_(None))).all()
    }


def add_income_records(session: Any, records: list[dict[str, Any]]) -> list[Any]:
    """Insert the records (column → value); returns them with their ids."""
    from bangfu_cli.storage.models import Income

    rows = [Income(**values) for values in records]
    for row in rows:
        session.add(row)
    session.flush()
    return rows


def supersede(session: Any, old: Any, new_id: int) -> None:
    """Mark ``old`` (an income record or an assessment) as replaced by the row ``new_id``."""
    old.superseded_by = new_id
    session.add(old)
