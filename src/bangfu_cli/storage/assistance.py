"""Reading and writing the records of the other kinds of assistance (DOMAIN.md §10): every SQL
statement of units, village links, unit activities, trainings, the partner county, pairing
activities and social contributions. Functions take an open session (``ledger.read()`` or
``ledger.write()``) and return ORM records or plain rows; voided records are left out unless
asked for."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select

from bangfu_cli.storage.assistance_models import (
    Contribution,
    Partner,
    PartnerActivity,
    Training,
    Unit,
    UnitActivity,
    UnitVillage,
)
from bangfu_cli.storage.collation import by_codepoint
from bangfu_cli.storage.light import active_on
from bangfu_cli.storage.models import Cadre, Village

# ---------------------------------------------------------------- lookups shared by every import


def villages(session: Any) -> dict[tuple[str, str], Village]:
    """Every village by (township, name)."""
    return {(v.township, v.name): v for v in session.exec(select(Village)).all()}


def cadres(session: Any) -> dict[str, Cadre]:
    """Every cadre by 干部编号."""
    return {c.code: c for c in session.exec(select(Cadre)).all()}


def cadre_units(session: Any) -> list[tuple[str, str, str]]:
    """(code, name, unit text) of every cadre."""
    return list(
        session.exec(select(Cadre.code, Cadre.name, Cadre.unit).order_by(by_codepoint(Cadre.code))).all()
    )


# ---------------------------------------------------------------- units and village links


def units(session: Any) -> dict[str, Unit]:
    """Every unit by 单位编号."""
    return {u.code: u for u in session.exec(select(Unit).order_by(by_codepoint(Unit.code))).all()}


def links(session: Any, unit_id: int | None = None) -> list[UnitVillage]:
    """The village links that are not voided (of one unit), oldest first."""
    query = select(UnitVillage).where(UnitVillage.voided.is_(False))
    if unit_id is not None:
        query = query.where(UnitVillage.unit_id == unit_id)
    return list(session.exec(query.order_by(UnitVillage.unit_id, UnitVillage.start, UnitVillage.id)).all())


def link_rows(session: Any) -> list[tuple[UnitVillage, Village]]:
    """Every link that is not voided, with its village."""
    query = (
        select(UnitVillage, Village)
        .join(Village, Village.id == UnitVillage.village_id)
        .where(UnitVillage.voided.is_(False))
        .order_by(UnitVillage.unit_id, UnitVillage.start, UnitVillage.id)
    )
    return list(session.exec(query).all())


def links_active_on(session: Any, unit_id: int, day: date) -> list[UnitVillage]:
    query = select(UnitVillage).where(
        UnitVillage.unit_id == unit_id,
        UnitVillage.voided.is_(False),
        active_on(UnitVillage.start, UnitVillage.end, day),
    )
    return list(session.exec(query).all())


# ---------------------------------------------------------------- unit activities


def activities_by_key(session: Any) -> dict[tuple, UnitActivity]:
    """Activities that are not voided by (unit_id, kind, date, village_id, content)."""
    rows = session.exec(select(UnitActivity).where(UnitActivity.voided.is_(False))).all()
    return {(a.unit_id, a.kind, a.date, a.village_id, a.content): a for a in rows}


def activity_rows(
    session: Any,
    *,
    unit_id: int | None = None,
    village_ids: list[int] | None = None,
    kind: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    voided: bool | None = False,
    activity_id: int | None = None,
) -> list[tuple[UnitActivity, Unit, Village | None]]:
    """Activities with their unit and village; ``voided`` None: voided or not."""
    query = (
        select(UnitActivity, Unit, Village)
        .join(Unit, Unit.id == UnitActivity.unit_id)
        .join(Village, Village.id == UnitActivity.village_id, isouter=True)
    )
    if activity_id is not None:
        query = query.where(UnitActivity.id == activity_id)
    if unit_id is not None:
        query = query.where(UnitActivity.unit_id == unit_id)
    if village_ids is not None:
        query = query.where(UnitActivity.village_id.in_(village_ids))
    if kind:
        query = query.where(UnitActivity.kind == kind)
    if date_from:
        query = query.where(UnitActivity.date >= date_from)
    if date_to:
        query = query.where(UnitActivity.date <= date_to)
    if voided is not None:
        query = query.where(UnitActivity.voided.is_(voided))
    return list(session.exec(query.order_by(UnitActivity.date, UnitActivity.id)).all())


# ---------------------------------------------------------------- trainings


def trainings_by_key(session: Any) -> dict[tuple, Training]:
    """Trainings that are not voided by (cadre_id, name, start)."""
    rows = session.exec(select(Training).where(Training.voided.is_(False))).all()
    return {(t.cadre_id, t.name, t.start): t for t in rows}


def training_rows(
    session: Any, *, cadre_id: int | None = None, year: int | None = None, voided: bool | None = False
) -> list[tuple[Training, Cadre]]:
    query = select(Training, Cadre).join(Cadre, Cadre.id == Training.cadre_id)
    if cadre_id is not None:
        query = query.where(Training.cadre_id == cadre_id)
    if year is not None:  # a training across 31 December belongs to both years
        query = query.where(Training.start <= date(year, 12, 31), Training.end >= date(year, 1, 1))
    if voided is not None:
        query = query.where(Training.voided.is_(voided))
    return list(session.exec(query.order_by(Training.start, by_codepoint(Cadre.code), Training.id)).all())


# ---------------------------------------------------------------- the partner county


def partners(session: Any) -> list[Partner]:
    """The partner spans that are not voided, oldest first."""
    query = select(Partner).where(Partner.voided.is_(False)).order_by(Partner.start, Partner.id)
    return list(session.exec(query).all())


def partner_activities_by_key(session: Any) -> dict[tuple, PartnerActivity]:
    """Pairing activities that are not voided by (kind, date, cadre, people, content)."""
    rows = session.exec(select(PartnerActivity).where(PartnerActivity.voided.is_(False))).all()
    return {(a.kind, a.date, a.cadre, a.people, a.content): a for a in rows}


def partner_activity_rows(
    session: Any,
    *,
    kind: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    voided: bool | None = False,
) -> list[PartnerActivity]:
    query = select(PartnerActivity)
    if kind:
        query = query.where(PartnerActivity.kind == kind)
    if date_from:  # a secondment still running on date_from is listed
        query = query.where((PartnerActivity.end.is_(None)) | (PartnerActivity.end >= date_from))
        query = query.where((PartnerActivity.kind == "secondment") | (PartnerActivity.date >= date_from))
    if date_to:
        query = query.where(PartnerActivity.date <= date_to)
    if voided is not None:
        query = query.where(PartnerActivity.voided.is_(voided))
    return list(session.exec(query.order_by(PartnerActivity.date, PartnerActivity.id)).all())


# ---------------------------------------------------------------- social contributions


def contributions_by_key(session: Any) -> dict[tuple, Contribution]:
    """Contributions that are not voided by (contributor, date, form, amount_fen)."""
    rows = session.exec(select(Contribution).where(Contribution.voided.is_(False))).all()
    return {(c.contributor, c.date, c.form, c.amount_fen): c for c in rows}


def contribution_rows(
    session: Any,
    *,
    contributor: str | None = None,
    year: int | None = None,
    voided: bool | None = False,
) -> list[tuple[Contribution, Village | None]]:
    query = select(Contribution, Village).join(Village, Village.id == Contribution.village_id, isouter=True)
    if contributor:
        query = query.where(Contribution.contributor == contributor)
    if year is not None:
        query = query.where(Contribution.date >= date(year, 1, 1), Contribution.date <= date(year, 12, 31))
    if voided is not None:
        query = query.where(Contribution.voided.is_(voided))
    return list(session.exec(query.order_by(Contribution.date, Contribution.id)).all())


# ---------------------------------------------------------------- any record


def get(session: Any, model: Any, record_id: int) -> Any:
    return session.get(model, record_id)


MODELS = {
    "unit_activity": UnitActivity,
    "training": Training,
    "partner": Partner,
    "partner_activity": PartnerActivity,
    "contribution": Contribution,
    "unit_village": UnitVillage,
}


# ---------------------------------------------------------------- the synthetic county


def synthetic_inputs(session: Any) -> dict[str, Any]:
    """What a synthetic county's assistance records are drawn from: its villages, the resident
    roles with their cadre's code and unit, the units of cadres holding a ``pair`` pairing, and
    whether the ledger already has units."""
    from sqlalchemy import func

    from bangfu_cli.storage.models import Pairing, Role

    role_rows = session.exec(
        select(Role.village_id, Role.role, Role.start, Role.end, Cadre.id, Cadre.code, Cadre.unit)
        .join(Cadre, Cadre.id == Role.cadre_id)
        .order_by(Role.village_id, Role.start, by_codepoint(Cadre.code), Role.id)
    ).all()
    pair_units = session.exec(
        select(Cadre.unit)
        .join(Pairing, Pairing.cadre_id == Cadre.id)
        .where(Pairing.kind == "pair")
        .distinct()
    ).all()
    return {
        "villages": list(
            session.exec(select(Village.id, Village.township, Village.name).order_by(Village.id)).all()
        ),
        "roles": list(role_rows),
        "pair_units": sorted(pair_units),
        "has_units": bool(session.scalar(select(func.count()).select_from(Unit))),
    }


def insert_rows(session: Any, entity: str, rows: list[dict[str, Any]]) -> int:
    """Bulk insert of ``rows`` (column → value) into the table of ``entity``."""
    from sqlalchemy import insert

    table = {**MODELS, "unit": Unit}[entity].__table__
    for start in range(0, len(rows), 5000):
        session.execute(insert(table), rows[start : start + 5000])
    return len(rows)
