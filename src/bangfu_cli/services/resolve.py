"""Finding a household or cadre the way people refer to it: 户编号 / 干部编号, or a name when it is
unique (``village`` narrows). Unknown or ambiguous → one message listing the candidates."""

from __future__ import annotations

import difflib
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.messages import Message, message
from bangfu_cli.storage import names


def resolve_household(session: Any, text: str, village: str | None = None) -> Any:
    """The household named (``storage.names.find_household``) as an ORM record; unknown or ambiguous → one
    message with the near matches or the candidates."""
    found = names.find_household(session.connection(), text, village)
    if found is not None:
        return names.household(session, found.id)
    text = text.strip()
    matches = names.households_headed_by(session, text, village)
    if matches:
        listed = "; ".join(f"{h.code} {h.head_name} ({v.township} {v.name})" for h, v in matches[:10])
        raise BangfuError("resolve.household_ambiguous", text=text, candidates=listed)
    known = names.household_names(session)
    raise BangfuError("resolve.household_unknown", text=text, near=near_matches(text, known))


def resolve_cadre(session: Any, text: str) -> Any:
    """The cadre named (``storage.names.find_cadre``) as an ORM record; unknown or ambiguous → one message."""
    found = names.find_cadre(session.connection(), text)
    if found is not None:
        return names.cadre(session, found.id)
    text = text.strip()
    matches = names.cadres_named(session, text)
    if matches:
        listed = "; ".join(f"{c.code} {c.name} ({c.unit})" for c in matches[:10])
        raise BangfuError("resolve.cadre_ambiguous", text=text, candidates=listed)
    known = names.cadre_names(session)
    raise BangfuError("resolve.cadre_unknown", text=text, near=near_matches(text, known))


def resolve_village(session: Any, name: str, township: str | None = None) -> Any:
    matches = names.villages_named(session, name.strip(), township.strip() if township else None)
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{v.township} {v.name}" for v in matches)
        raise BangfuError("resolve.village_ambiguous", text=name, candidates=listed)
    known = names.village_names(session)
    raise BangfuError("resolve.village_unknown", text=name, near=near_matches(name, known))


def near_matches(text: str, pairs: list[tuple[str, str]]) -> Message | str:
    """What an "unknown …" message ends with: the near matches of a mistyped ``text`` among
    ``pairs`` (``_nearest``) as a sentence, or nothing when none is near."""
    near = _nearest(text, pairs)
    return message("resolve.near", names=near) if near else ""


def _nearest(text: str, pairs: list[tuple[str, str]]) -> str:
    """Up to five near matches "name (key)" for a mistyped name or code."""
    by_word: dict[str, list[str]] = {}
    for name, key in pairs:
        by_word.setdefault(name, []).append(key)
        by_word.setdefault(key, []).append(name)
    close = difflib.get_close_matches(text, list(by_word), n=5, cutoff=0.5)
    return "; ".join(f"{w} ({', '.join(by_word[w][:3])})" for w in close)
