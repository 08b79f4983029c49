"""Every SQL statement of the unit register: the units of a selection (all, one by code, or those
linked during the year to a village of a township), each with its village links that touch the
year, its activities of the year that are not voided, and the trainings of its resident cadres
(the cadres whose 单位 names the unit and who hold a first-secretary or team-member role at some
time in the year) that touch the year."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bangfu_cli.domain.unit_match import UnitNames
from bangfu_cli.domain.unit_register import (
    ActivityLine,
    LinkLine,
    TrainingLine,
    UnitEntry,
    UnitSelection,
)
from bangfu_cli.storage.assistance_models import Training, Unit, UnitActivity, UnitVillage
from bangfu_cli.storage.models import Cadre, Role, Village

RESIDENT_ROLES = ("first_secretary", "team_member")


def _touches(start_col: Any, end_col: Any, sel: UnitSelection) -> Any:
    """[start, end] (end open when NULL) overlaps the selection's year."""
    return (start_col <= sel.end) & (end_col.is_(None) | (end_col >= sel.start))


def has_unit(session: Any, code: str) -> bool:
    return session.exec(select(Unit.id).where(Unit.code == code)).first() is not None


def unit_register(session: Any, sel: UnitSelection) -> list[UnitEntry]:
    """The units of ``sel`` by code, each with its lines of the year."""
    query = select(Unit).order_by(Unit.code)
    if sel.unit_code:
        query = query.where(Unit.code == sel.unit_code)
    if sel.township:
        linked = (
            select(UnitVillage.unit_id)
            .join(Village, Village.id == UnitVillage.village_id)
            .where(
                Village.township == sel.township,
                UnitVillage.voided.is_(False),
                _touches(UnitVillage.start, UnitVillage.end, sel),
            )
        )
        query = query.where(Unit.id.in_(linked))
    units = list(session.exec(query).all())
    if not units:
        return []
    entries = {u.id: UnitEntry(u.code, u.name, u.level) for u in units}
    _links(session, sel, entries)
    _activities(session, sel, entries)
    _trainings(session, sel, units, entries)
    return list(entries.values())


def _links(session: Any, sel: UnitSelection, entries: dict[int, UnitEntry]) -> None:
    query = (
        select(UnitVillage, Village)
        .join(Village, Village.id == UnitVillage.village_id)
        .where(
            UnitVillage.unit_id.in_(list(entries)),
            UnitVillage.voided.is_(False),
            _touches(UnitVillage.start, UnitVillage.end, sel),
        )
        .order_by(UnitVillage.start, Village.township, Village.name)
    )
    for link, village in session.exec(query).all():
        entries[link.unit_id].links.append(LinkLine(village.township, village.name, link.start, link.end))


def _activities(session: Any, sel: UnitSelection, entries: dict[int, UnitEntry]) -> None:
    query = (
        select(UnitActivity, Village)
        .join(Village, Village.id == UnitActivity.village_id, isouter=True)
        .where(
            UnitActivity.unit_id.in_(list(entries)),
            UnitActivity.voided.is_(False),
            UnitActivity.date >= sel.start,
            UnitActivity.date <= sel.end,
        )
        .order_by(UnitActivity.date, UnitActivity.id)
    )
    for a, village in session.exec(query).all():
        entries[a.unit_id].activities.append(
            ActivityLine(
                a.date,
                a.kind,
                village.township if village else None,
                village.name if village else None,
                a.people,
                a.content,
                a.amount_fen,
                a.attachment,
            )
        )


def _trainings(session: Any, sel: UnitSelection, units: list[Unit], entries: dict[int, UnitEntry]) -> None:
    resident = (
        select(Cadre)
        .where(
            Cadre.id.in_(
                select(Role.cadre_id).where(
                    Role.role.in_(RESIDENT_ROLES), _touches(Role.start, Role.end, sel)
                )
            )
        )
        .order_by(Cadre.code)
    )
    names = UnitNames.of((u.code, u.name) for u in session.exec(select(Unit)).all())
    by_code = {u.code: u.id for u in units}
    cadre_unit: dict[int, int] = {}
    cadres: dict[int, Cadre] = {}
    for cadre in session.exec(resident).all():
        unit_id = by_code.get(names.match(cadre.unit) or "")
        if unit_id is not None:
            cadre_unit[cadre.id] = unit_id
            cadres[cadre.id] = cadre
    if not cadre_unit:
        return
    query = (
        select(Training)
        .where(
            Training.cadre_id.in_(list(cadre_unit)),
            Training.voided.is_(False),
            _touches(Training.start, Training.end, sel),
        )
        .order_by(Training.start, Training.cadre_id, Training.id)
    )
    for tr in session.exec(query).all():
        cadre = cadres[tr.cadre_id]
        entries[cadre_unit[tr.cadre_id]].trainings.append(
            TrainingLine(cadre.code, cadre.name, tr.name, tr.level, tr.start, tr.end)
        )
