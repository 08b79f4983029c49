"""Finding households, cadres and villages by what people call them: a code, or a name. What
the resolvers of ``services.resolve`` ask of the ledger."""

from __future__ import annotations

from typing import Any


def find_household(conn: Any, text: str, village: str | None = None) -> Any | None:
    """The household whose 户编号 is ``text``, or the only one whose head is named ``text`` (in
    ``village``, when given), as a Core row (id, code, head_name, village_id, since, closed_on);
    None otherwise. Core only: quick commands use it without building the ORM models."""
    from sqlalchemy import select

    from bangfu_cli.storage.light import household as h
    from bangfu_cli.storage.light import village as v

    narrow = ()
    if village:
        narrow = (h.c.village_id.in_(select(v.c.id).where(v.c.name == village.strip())),)
    cols = (h.c.id, h.c.code, h.c.head_name, h.c.village_id, h.c.since, h.c.closed_on)
    return _code_or_unique_name(conn, cols, h.c.code, h.c.head_name, text, narrow)


def find_cadre(conn: Any, text: str) -> Any | None:
    """The cadre whose 干部编号 is ``text``, or the only one named ``text`` (id, code, name); None
    otherwise."""
    from bangfu_cli.storage.light import cadre as c

    return _code_or_unique_name(conn, (c.c.id, c.c.code, c.c.name), c.c.code, c.c.name, text)


def _code_or_unique_name(conn: Any, cols: tuple, code: Any, name: Any, text: str, narrow: tuple = ()) -> Any:
    """The row whose ``code`` is ``text``, else the only one whose ``name`` is, else None."""
    from sqlalchemy import select

    text = text.strip()
    found = conn.execute(select(*cols).where(code == text)).first()
    if found is None:
        named = conn.execute(select(*cols).where(name == text, *narrow).limit(2)).all()
        found = named[0] if len(named) == 1 else None
    return found


def household(session: Any, household_id: int) -> Any:
    from bangfu_cli.storage.models import Household

    return session.get(Household, household_id)


def cadre(session: Any, cadre_id: int) -> Any:
    from bangfu_cli.storage.models import Cadre

    return session.get(Cadre, cadre_id)


def households_headed_by(session: Any, name: str, village: str | None) -> list[tuple[Any, Any]]:
    """(household, village) of the households whose head is ``name`` (in ``village``, when given)."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Household, Village

    query = select(Household, Village).join(Village, Village.id == Household.village_id)
    query = query.where(Household.head_name == name)
    if village:
        query = query.where(Village.name == village.strip())
    return list(session.exec(query).all())


def household_names(session: Any) -> list[tuple[str, str]]:
    """(head's name, 户编号) of every household."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Household

    return list(session.exec(select(Household.head_name, Household.code)).all())


def cadres_named(session: Any, name: str) -> list[Any]:
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre

    return list(session.exec(select(Cadre).where(Cadre.name == name)).all())


def cadre_names(session: Any) -> list[tuple[str, str]]:
    """(name, 干部编号) of every cadre."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre

    return list(session.exec(select(Cadre.name, Cadre.code)).all())


def villages_named(session: Any, name: str, township: str | None) -> list[Any]:
    """The village records named ``name`` (in ``township``, when given)."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Village

    query = select(Village).where(Village.name == name)
    if township:
        query = query.where(Village.township == township)
    return list(session.exec(query).all())


def village_names(session: Any) -> list[tuple[str, str]]:
    """(name, township) of every village."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Village

    return list(session.exec(select(Village.name, Village.township)).all())
