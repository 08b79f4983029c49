"""Finding a household or cadre the way people refer to it: 户编号 / 干部编号, or a name when it is
unique (``village`` narrows). Unknown or ambiguous → one message listing the candidates."""

from __future__ import annotations

import difflib
from typing import Any

from bangfu_cli.domain.errors import BangfuError


def find_household(conn: Any, text: str) -> Any | None:
    """The household whose 户编号 is ``text``, or the only one whose head is named ``text``, as a
    Core row (id, code, head_name, village_id, since, closed_on); None otherwise — then
    ``resolve_household`` says why (unknown, near matches, or the candidates). Core only: for
    quick commands that must not build the ORM models."""
    from sqlalchemy import select

    from bangfu_cli.storage.light import household as h

    text = text.strip()
    cols = (h.c.id, h.c.code, h.c.head_name, h.c.village_id, h.c.since, h.c.closed_on)
    found = conn.execute(select(*cols).where(h.c.code == text)).first()
    if found is None:
        named = conn.execute(select(*cols).where(h.c.head_name == text).limit(2)).all()
        found = named[0] if len(named) == 1 else None
    return found


def find_cadre(conn: Any, text: str) -> Any | None:
    """The cadre whose 干部编号 is ``text``, or the only one named ``text`` (id, code, name); None
    otherwise (``resolve_cadre`` says why)."""
    from sqlalchemy import select

    from bangfu_cli.storage.light import cadre as c

    text = text.strip()
    cols = (c.c.id, c.c.code, c.c.name)
    found = conn.execute(select(*cols).where(c.c.code == text)).first()
    if found is None:
        named = conn.execute(select(*cols).where(c.c.name == text).limit(2)).all()
        found = named[0] if len(named) == 1 else None
    return found


def resolve_household(session: Any, text: str, village: str | None = None) -> Any:
    from sqlmodel import select

    from bangfu_cli.storage.models import Household, Village

    text = text.strip()
    found = session.exec(select(Household).where(Household.code == text)).first()
    if found:
        return found
    query = select(Household, Village).join(Village, Village.id == Household.village_id)
    query = query.where(Household.head_name == text)
    if village:
        query = query.where(Village.name == village.strip())
    matches = session.exec(query).all()
    if len(matches) == 1:
        return matches[0][0]
    if matches:
        listed = "; ".join(f"{h.code} {h.head_name} ({v.township} {v.name})" for h, v in matches[:10])
        raise BangfuError("resolve.household_ambiguous", text=text, candidates=listed)
    names = session.exec(select(Household.head_name, Household.code)).all()
    near = _nearest(text, names)
    raise BangfuError("resolve.household_unknown", text=text, near=near or "—")


def resolve_cadre(session: Any, text: str) -> Any:
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre

    text = text.strip()
    found = session.exec(select(Cadre).where(Cadre.code == text)).first()
    if found:
        return found
    matches = session.exec(select(Cadre).where(Cadre.name == text)).all()
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{c.code} {c.name} ({c.unit})" for c in matches[:10])
        raise BangfuError("resolve.cadre_ambiguous", text=text, candidates=listed)
    names = session.exec(select(Cadre.name, Cadre.code)).all()
    near = _nearest(text, names)
    raise BangfuError("resolve.cadre_unknown", text=text, near=near or "—")


def resolve_village(session: Any, name: str, township: str | None = None) -> Any:
    from sqlmodel import select

    from bangfu_cli.storage.models import Village

    query = select(Village).where(Village.name == name.strip())
    if township:
        query = query.where(Village.township == township.strip())
    matches = session.exec(query).all()
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{v.township} {v.name}" for v in matches)
        raise BangfuError("resolve.village_ambiguous", text=name, candidates=listed)
    known = session.exec(select(Village.name, Village.township)).all()
    near = _nearest(name, known)
    raise BangfuError("resolve.village_unknown", text=name, near=near or "—")


def _nearest(text: str, pairs: list[tuple[str, str]]) -> str:
    """Up to five near matches "name (key)" for a mistyped name or code."""
    by_word: dict[str, list[str]] = {}
    for name, key in pairs:
        by_word.setdefault(name, []).append(key)
        by_word.setdefault(key, []).append(name)
    close = difflib.get_close_matches(text, list(by_word), n=5, cutoff=0.5)
    return "; ".join(f"{w} ({', '.join(by_word[w][:3])})" for w in close)
