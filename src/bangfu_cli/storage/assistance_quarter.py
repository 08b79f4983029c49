"""Every SQL statement of the quarterly summary's assistance sections: per unit, its village
links that touch the quarter and its activities of the quarter counted by kind (with the amount
of its purchases); the partner county active in the quarter and the pairing's activities of the
quarter counted by kind, amounts summed. Voided records are left out."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from bangfu_cli.storage.assistance_models import Partner, PartnerActivity, Unit, UnitActivity, UnitVillage
from bangfu_cli.storage.models import Village


def unit_quarter(session: Any, start: date, end: date, township: str | None = None) -> list[dict[str, Any]]:
    """The units of the ledger (of ``township``: those linked to one of its villages in the
    quarter) by code: ``code``, ``name``, ``level``, ``villages`` (township, village, start, end)
    and ``activities`` {kind: (count, amount in fen)}."""
    links = session.exec(
        select(UnitVillage, Village)
        .join(Village, Village.id == UnitVillage.village_id)
        .where(
            UnitVillage.voided.is_(False),
            UnitVillage.start <= end,
            UnitVillage.end.is_(None) | (UnitVillage.end >= start),
        )
        .order_by(UnitVillage.start, Village.township, Village.name)
    ).all()
    units: dict[int, dict[str, Any]] = {}
    for u in session.exec(select(Unit).order_by(Unit.code)).all():
        units[u.id] = {"code": u.code, "name": u.name, "level": u.level, "villages": [], "activities": {}}
    for link, village in links:
        units[link.unit_id]["villages"].append((village.township, village.name, link.start, link.end))
    counts = session.exec(
        select(UnitActivity.unit_id, UnitActivity.kind, func.count(), func.sum(UnitActivity.amount_fen))
        .where(UnitActivity.voided.is_(False), UnitActivity.date >= start, UnitActivity.date <= end)
        .group_by(UnitActivity.unit_id, UnitActivity.kind)
    ).all()
    for unit_id, kind, n, fen in counts:
        units[unit_id]["activities"][kind] = (n, fen or 0)
    rows = list(units.values())
    if township:
        rows = [u for u in rows if any(v[0] == township for v in u["villages"])]
    return rows


def pair_quarter(session: Any, start: date, end: date) -> dict[str, Any]:
    """``partners`` active in the quarter (name, start, end) and the pairing's ``activities`` of
    the quarter {kind: (count, amount in fen)}; a secondment counts when its span touches it."""
    partners = session.exec(
        select(Partner.name, Partner.start, Partner.end)
        .where(
            Partner.voided.is_(False), Partner.start <= end, Partner.end.is_(None) | (Partner.end >= start)
        )
        .order_by(Partner.start)
    ).all()
    touches = (PartnerActivity.date <= end) & (
        (PartnerActivity.date >= start)
        | (
            (PartnerActivity.kind == "secondment")
            & (PartnerActivity.end.is_(None) | (PartnerActivity.end >= start))
        )
    )
    counts = session.exec(
        select(PartnerActivity.kind, func.count(), func.sum(PartnerActivity.amount_fen))
        .where(PartnerActivity.voided.is_(False), touches)
        .group_by(PartnerActivity.kind)
    ).all()
    return {
        "partners": [tuple(p) for p in partners],
        "activities": {kind: (n, fen or 0) for kind, n, fen in counts},
    }
