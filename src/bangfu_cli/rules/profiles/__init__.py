"""Policy profiles: which rules a locality applies, as data files shipped in this package
(``<id>.toml``) or loaded from a path. The ledger stores the active profile's id, and for a
profile loaded from a file, the file's text (so the ledger carries its own rules)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from bangfu_cli.domain.errors import BangfuError

HERE = Path(__file__).parent
DEFAULT = "xinfeng-2023"


def builtin_ids() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.toml"))


def resolve(spec: str) -> tuple[str, str | None]:
    """``(profile id, file text or None for a built-in)`` for an id or a path; validated."""
    if spec in builtin_ids():
        return spec, None
    path = Path(spec)
    if not path.is_file():
        raise BangfuError("profile.unknown", spec=spec, known=", ".join(builtin_ids()))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BangfuError("profile.unreadable", spec=spec, detail=str(exc)) from exc
    profile = parse(text, origin=spec)
    return profile["id"], text


def parse(text: str, origin: str) -> dict[str, Any]:
    """Parse and validate a profile's TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BangfuError("profile.unreadable", spec=origin, detail=str(exc)) from exc
    if not isinstance(data.get("id"), str):
        raise BangfuError("profile.unreadable", spec=origin, detail="missing id")
    return data


def load_builtin(profile_id: str) -> dict[str, Any]:
    return parse((HERE / f"{profile_id}.toml").read_text(encoding="utf-8"), origin=profile_id)


def load_active(ledger: Any) -> dict[str, Any]:
    """The ledger's active profile."""
    source = ledger.setting("profile.source")
    if source:
        return parse(source, origin=ledger.setting("profile.id") or "ledger")
    return load_builtin(ledger.setting("profile.id") or DEFAULT)
