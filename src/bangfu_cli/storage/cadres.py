"""Reading cadres and their village roles (第一书记 / 驻村工作队员): what the cadre and role
services and their imports ask of the ledger. Plain functions over a session, returning records."""

from __future__ import annotations

from datetime import date
from typing import Any


def by_code(session: Any) -> dict[str, Any]:
    """Every cadre record by 干部编号."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre

    return {c.code: c for c in session.exec(select(Cadre)).all()}


def exists(session: Any, code: str) -> bool:
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre

    return session.exec(select(Cadre).where(Cadre.code == code)).first() is not None


def in_code_order(session: Any) -> list[Any]:
    from sqlmodel import select

    from bangfu_cli.storage.collation import by_codepoint
    from bangfu_cli.storage.models import Cadre

    return list(session.exec(select(Cadre).order_by(by_codepoint(Cadre.code))).all())


def holding_a_role(session: Any, day: date, township: str | None, village: str | None) -> set[int]:
    """The ids of the cadres holding a role on ``day`` in a village (of ``township``, named
    ``village``, when given)."""
    from sqlmodel import select

    from bangfu_cli.storage.light import active_on
    from bangfu_cli.storage.models import Role, Village

    query = (
        select(Role.cadre_id)
        .join(Village, Village.id == Role.village_id)
        .where(active_on(Role.start, Role.end, day))
    )
    if township:
        query = query.where(Village.township == township)
    if village:
        query = query.where(Village.name == village)
    return set(session.exec(query).all())


def roles_of(session: Any, cadre_id: int) -> list[tuple[Any, Any]]:
    """(role, village) of every role the cadre held."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Role, Village

    query = select(Role, Village).join(Village, Village.id == Role.village_id)
    return list(session.exec(query.where(Role.cadre_id == cadre_id)).all())


def same_roles_from(session: Any, cadre_id: int, village_id: int, role: str, start: date) -> list[Any]:
    """The cadre's ``role`` records in the village that start by ``start``."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Role

    query = select(Role).where(
        Role.cadre_id == cadre_id, Role.village_id == village_id, Role.role == role, Role.start <= start
    )
    return list(session.exec(query).all())


def secretaries(session: Any, village_id: int) -> list[tuple[Any, Any]]:
    """(role, cadre) of every first secretary of the village."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre, Role

    query = select(Role, Cadre).join(Cadre, Cadre.id == Role.cadre_id)
    return list(
        session.exec(query.where(Role.village_id == village_id, Role.role == "first_secretary")).all()
    )


def open_roles(session: Any, cadre_id: int, role: str | None, village_id: int | None) -> list[Any]:
    """The cadre's roles without an end (of ``role``, in ``village_id``, when given)."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Role

    query = select(Role).where(Role.cadre_id == cadre_id, Role.end.is_(None))
    if role:
        query = query.where(Role.role == role)
    if village_id is not None:
        query = query.where(Role.village_id == village_id)
    return list(session.exec(query).all())


def role_listing(
    session: Any,
    *,
    township: str | None = None,
    village_id: int | None = None,
    cadre_id: int | None = None,
    role: str | None = None,
) -> list[tuple[Any, Any, Any]]:
    """(role, cadre, village) by township, village and start — each given condition holds."""
    from sqlmodel import select

    from bangfu_cli.storage.collation import by_codepoint
    from bangfu_cli.storage.models import Cadre, Role, Village

    query = (
        select(Role, Cadre, Village)
        .join(Cadre, Cadre.id == Role.cadre_id)
        .join(Village, Village.id == Role.village_id)
    )
    if township:
        query = query.where(Village.township == township)
    if village_id is not None:
        query = query.where(Role.village_id == village_id)
    if cadre_id is not None:
        query = query.where(Role.cadre_id == cadre_id)
    if role:
        query = query.where(Role.role == role)
    return list(
        session.exec(
            query.order_by(by_codepoint(Village.township), by_codepoint(Village.name), Role.start, Role.id)
        ).all()
    )


def every_role(session: Any) -> list[Any]:
    from sqlmodel import select

    from bangfu_cli.storage.models import Role

    return list(session.exec(select(Role)).all())
