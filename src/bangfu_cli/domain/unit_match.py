"""Which unit a cadre's 单位 names (DOMAIN.md §10 "Scopes"): the unit whose code is the text, else
the one whose name is exactly the text (spaces trimmed), else none — the text then stays as it
is and makes no unit required. A cadre's unit has no history: past periods use the current one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitNames:
    """The units of a ledger, looked up by code and by name. A name shared by two units names
    neither (which one would be a guess)."""

    by_code: dict[str, str]  # code → code
    by_name: dict[str, str]  # name → code

    @classmethod
    def of(cls, units: Iterable[tuple[str, str]]) -> UnitNames:
        """From ``(code, name)`` pairs."""
        by_code: dict[str, str] = {}
        named: dict[str, list[str]] = {}
        for code, name in units:
            by_code[code.strip()] = code
            named.setdefault(name.strip(), []).append(code)
        return cls(by_code, {name: codes[0] for name, codes in named.items() if len(codes) == 1})

    def match(self, text: str | None) -> str | None:
        """The code of the unit ``text`` names, or None."""
        text = (text or "").strip()
        if not text:
            return None
        return self.by_code.get(text) or self.by_name.get(text)
