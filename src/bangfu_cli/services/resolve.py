"""Finding a household or cadre the way people refer to it: 户编号 / 干部编号, or a name when it is
unique (``village`` narrows). Unknown or ambiguous → one message listing the candidates."""

from __future__ import annotations

import difflib
from typing import Any

from bangfu_cli.domain.errors import BangfuError


def find_household(conn: Any, text: str, village: str | None = None) -> Any | None:
    """The household whose 户编号 is ``text``, or the only one whose head is named ``text`` (in
    ``village``, when given), as a Core row (id, code, head_name, village_id, since, closed_on);
    None otherwise — ``resolve_household`` then says why. Core only: quick commands use it
    without building the ORM models."""
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
    otherwise (``resolve_cadre`` says why)."""
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


def resolve_household(session: Any, text: str, village: str | None = None) -> Any:
    """The household named (``find_household``) as an ORM record; unknown or ambiguous → one
    message with the near matches or the candidates."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Household, Village

    found = find_household(session.connection(), text, village)
    if found is not None:
        return session.get(Household, found.id)
    text = text.strip()
    query = select(Household, Village).join(Village, Village.id == Household.village_id)
    query = query.where(Household.head_name == text)
    if village:
        query = query.where(Village.name == village.strip())
    matches = session.exec(query).all()
    if matches:
        listed = "; ".join(f"{h.code} {h.head_name} ({v.township} {v.name})" for h, v in matches[:10])
        raise BangfuError("resolve.household_ambiguous", text=text, candidates=listed)
    names = session.exec(select(Household.head_name, Household.code)).all()
    raise BangfuError("resolve.household_unknown", text=text, near=near_matches(text, names))


def resolve_cadre(session: Any, text: str) -> Any:
    """The cadre named (``find_cadre``) as an ORM record; unknown or ambiguous → one message."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre

    found = find_cadre(session.connection(), text)
    if found is not None:
        return session.get(Cadre, found.id)
    text = text.strip()
    matches = session.exec(select(Cadre).where(Cadre.name == text)).all()
    if matches:
        listed = "; ".join(f"{c.code} {c.name} ({c.unit})" for c in matches[:10])
        raise BangfuError("resolve.cadre_ambiguous", text=text, candidates=listed)
    names = session.exec(select(Cadre.name, Cadre.code)).all()
    raise BangfuError("resolve.cadre_unknown", text=text, near=near_matches(text, names))


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
    raise BangfuError("resolve.village_unknown", text=name, near=near_matches(name, known))


def near_matches(text: str, pairs: list[tuple[str, str]]) -> str:
    """What an "unknown …" message ends with: the near matches of a mistyped ``text`` among
    ``pairs`` (``_nearest``) as a sentence, or nothing when none is near."""
    from bangfu_cli.i18n import t

    near = _nearest(text, pairs)
    return t("resolve.near", names=near) if near else ""


def _nearest(text: str, pairs: list[tuple[str, str]]) -> str:
    """Up to five near matches "name (key)" for a mistyped name or code."""
    by_word: dict[str, list[str]] = {}
    for name, key in pairs:
        by_word.setdefault(name, []).append(key)
        by_word.setdefault(key, []).append(name)
    close = difflib.get_close_matches(text, list(by_word), n=5, cutoff=0.5)
    return "; ".join(f"{w} ({', '.join(by_word[w][:3])})" for w in close)
