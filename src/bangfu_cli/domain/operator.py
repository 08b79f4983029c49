"""Who writes: the operator name every record and audit row carries, and what makes one real."""

from __future__ import annotations

import unicodedata

from bangfu_cli.domain.errors import BangfuError

MAX_OPERATOR = 64

# Bidirectional overrides, embeddings and isolates reorder what a reader sees ("Trojan source").
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def check_operator(name: str | None, source: str) -> str:
    """``name`` stripped, or exit 2 when it is empty, too long, or hides control or
    direction-changing characters (an audit trail must say plainly who wrote)."""
    value = (name or "").strip()
    if not value:
        raise BangfuError("operator.empty", source=source)
    if len(value) > MAX_OPERATOR:
        raise BangfuError("operator.too_long", source=source, limit=MAX_OPERATOR, length=len(value))
    for ch in value:
        if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            raise BangfuError("operator.bad_char", source=source, code=f"U+{ord(ch):04X}")
    return value
