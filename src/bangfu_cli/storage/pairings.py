"""Reading pairings (结对关系) with their cadres and households: what the pairing services and
the pairing import ask of the ledger. Plain functions over a session, returning records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def of_kind(session: Any, household_id: int, kind: str) -> list[tuple[Any, Any]]:
    """(pairing, cadre) of every pairing of ``kind`` of the household."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre, Pairing

    query = select(Pairing, Cadre).join(Cadre, Cadre.id == Pairing.cadre_id)
    return list(session.exec(query.where(Pairing.household_id == household_id, Pairing.kind == kind)).all())


def active(session: Any, household_id: int, kind: str, day: date) -> tuple[Any, Any] | None:
    """(pairing, cadre) of the household's pairing of ``kind`` active on ``day``, if any."""
    from sqlmodel import select

    from bangfu_cli.storage.light import active_on
    from bangfu_cli.storage.models import Cadre, Pairing

    return session.exec(
        select(Pairing, Cadre)
        .join(Cadre, Cadre.id == Pairing.cadre_id)
        .where(
            Pairing.household_id == household_id,
            Pairing.kind == kind,
            active_on(Pairing.start, Pairing.end, day),
        )
    ).first()


def latest_started_by(session: Any, household_id: int, kind: str, day: date) -> tuple[Any, Any] | None:
    """(pairing, cadre) of the household's last pairing of ``kind`` started by ``day``, if any."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre, Pairing

    return session.exec(
        select(Pairing, Cadre)
        .join(Cadre, Cadre.id == Pairing.cadre_id)
        .where(Pairing.household_id == household_id, Pairing.kind == kind, Pairing.start <= day)
        .order_by(Pairing.start.desc(), Pairing.id.desc())
    ).first()


def listing(
    session: Any,
    *,
    household_ids: list[int] | None = None,
    cadre_id: int | None = None,
    kind: str | None = None,
) -> list[tuple[Any, Any, Any, Any]]:
    """(pairing, cadre, household, village) by 户编号, kind and start: of ``household_ids``, of
    the cadre ``cadre_id``, of ``kind`` — each given condition holds."""
    from sqlmodel import select

    from bangfu_cli.storage.collation import by_codepoint
    from bangfu_cli.storage.models import Cadre, Household, Pairing, Village

    query = (
        select(Pairing, Cadre, Household, Village)
        .join(Cadre, Cadre.id == Pairing.cadre_id)
        .join(Household, Household.id == Pairing.household_id)
        .join(Village, Village.id == Household.village_id)
    )
    if household_ids is not None:
        query = query.where(Pairing.household_id.in_(household_ids))
    if cadre_id is not None:
        query = query.where(Pairing.cadre_id == cadre_id)
    if kind:
        query = query.where(Pairing.kind == kind)
    return list(
        session.exec(
            query.order_by(by_codepoint(Household.code), Pairing.kind, Pairing.start, Pairing.id)
        ).all()
    )


def of_cadre(session: Any, cadre_id: int) -> list[tuple[Any, Any, Any]]:
    """(pairing, household, village) of every pairing of the cadre, by start and 户编号."""
    from sqlmodel import select

    from bangfu_cli.storage.collation import by_codepoint
    from bangfu_cli.storage.models import Household, Pairing, Village

    return list(
        session.exec(
            select(Pairing, Household, Village)
            .join(Household, Household.id == Pairing.household_id)
            .join(Village, Village.id == Household.village_id)
            .where(Pairing.cadre_id == cadre_id)
            .order_by(Pairing.start, by_codepoint(Household.code), Pairing.id)
        ).all()
    )


def every(session: Any) -> list[Any]:
    """Every pairing record of the ledger."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Pairing

    return list(session.exec(select(Pairing)).all())


def as_stood(session: Any, rows: list[tuple[Any, Any, Any, Any]], cut: datetime) -> list[tuple[Any, ...]]:
    """``listing``'s rows as the ledger held them at ``cut`` (``domain.asof``): without the
    pairings made from then on, and each other one's span, end reason and door plate as they
    were before the ends, transfers and corrections made since (from the audit trail). A
    changed pairing is a plain copy, not the stored record."""
    from datetime import UTC
    from types import SimpleNamespace

    from sqlmodel import select

    from bangfu_cli.domain.asof import MADE, values_before
    from bangfu_cli.storage.models import Audit

    query = (
        select(Audit.entity_uuid, Audit.changes)
        .where(Audit.entity == "pairing", Audit.at >= cut.replace(tzinfo=UTC), Audit.action.not_in(MADE))
        .order_by(Audit.at, Audit.id)
    )
    fields = ("start", "end", "end_reason", "plaque_on")
    before = values_before(session.exec(query).all(), fields)
    out = []
    for pairing, *rest in rows:
        if _naive(pairing.recorded_at) >= cut:
            continue
        old = before.get(pairing.uuid)
        if old:
            kept = {k: getattr(pairing, k) for k in ("kind", "uuid", *fields)}
            for name, value in old.items():
                kept[name] = date.fromisoformat(value) if value and name != "end_reason" else value
            pairing = SimpleNamespace(**kept)
        out.append((pairing, *rest))
    return out


def _naive(at: datetime) -> datetime:
    """A stored time in UTC without its zone (as the cut is given)."""
    from datetime import UTC

    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at
