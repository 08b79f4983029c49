"""Creating a ledger, choosing its policy profile, and describing it (``init``, ``profile``, ``info``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bangfu_cli.rules import profiles
from bangfu_cli.services.ledger import Ledger


def set_profile(ledger: Ledger, spec: str) -> str:
    """Make ``spec`` (a built-in id or a profile file) the ledger's active profile."""
    from bangfu_cli.storage.settings import save_profile

    profile_id, source = profiles.resolve(spec)
    with ledger.write() as session:
        old_value = save_profile(session, profile_id, source or "")
        if old_value != profile_id or source:
            ledger.audit(
                session, "update", "setting", key="profile", changes={"profile": [old_value, profile_id]}
            )
    return profile_id


TIMEZONE = "timezone"  # the setting: the zone recorded times are shown in (stored in UTC)


def set_timezone(ledger: Ledger, name: str) -> str:
    """Make ``name`` (an IANA zone such as Asia/Shanghai) the zone the ledger's recorded times are
    shown in; they stay stored in UTC."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from bangfu_cli.domain.errors import BangfuError
    from bangfu_cli.storage.settings import save_setting

    name = name.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BangfuError("ledger.bad_timezone", value=name) from None
    with ledger.write() as session:
        old_value = save_setting(session, TIMEZONE, name)
        if old_value != name:
            ledger.audit(session, "update", "setting", key=TIMEZONE, changes={TIMEZONE: [old_value, name]})
    return name


def cut_for(ledger: Ledger, as_of: date | None) -> datetime | None:
    """The instant a reading ``as_of`` a day looks back from: the end of that day in the
    ledger's time zone, or None when the day is not over (``domain.asof``)."""
    from bangfu_cli.domain.asof import cut_needed, zone_named

    if as_of is None:
        return None
    return cut_needed(as_of, zone_named(ledger.setting(TIMEZONE)), ledger.today)


def ensure_profile(ledger: Ledger, spec: str | None) -> str:
    """On ``init``: set the profile when asked, or when the ledger has none yet."""
    current = ledger.setting("profile.id")
    if spec:
        return set_profile(ledger, spec)
    if current is None:
        return set_profile(ledger, profiles.DEFAULT)
    return current


def info(ledger: Ledger) -> dict[str, Any]:
    """Path, schema revision, profile and row counts."""
    from bangfu_cli.storage.settings import row_counts

    with ledger.read() as session:
        counts = row_counts(session)
    return {
        "ledger": ledger.display,
        "revision": ledger.revision,
        "profile": ledger.setting("profile.id") or profiles.DEFAULT,
        "counts": counts,
    }
