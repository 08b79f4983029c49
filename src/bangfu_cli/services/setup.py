"""Creating a ledger, choosing its policy profile, and describing it (``init``, ``profile``, ``info``)."""

from __future__ import annotations

from typing import Any

from bangfu_cli.rules import profiles
from bangfu_cli.services.ledger import Ledger


def set_profile(ledger: Ledger, spec: str) -> str:
    """Make ``spec`` (a built-in id or a profile file) the ledger's active profile."""
    from bangfu_cli.storage.models import Setting

    profile_id, source = profiles.resolve(spec)
    with ledger.write() as session:
        old = session.get(Setting, "profile.id")
        old_value = old.value if old else None
        session.merge(Setting(key="profile.id", value=profile_id))
        session.merge(Setting(key="profile.source", value=source or ""))
        if old_value != profile_id or source:
            ledger.audit(
                session, "update", "setting", key="profile", changes={"profile": [old_value, profile_id]}
            )
    return profile_id


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
    from sqlalchemy import func, select

    from bangfu_cli.storage import models as m

    tables = {
        "villages": m.Village,
        "households": m.Household,
        "household_status": m.HouseholdStatus,
        "cadres": m.Cadre,
        "pairings": m.Pairing,
        "roles": m.Role,
        "visits": m.Visit,
        "income": m.Income,
        "thresholds": m.Threshold,
        "assessments": m.Assessment,
        "audit": m.Audit,
    }
    with ledger.read() as session:
        counts = {
            name: session.scalar(select(func.count()).select_from(model)) for name, model in tables.items()
        }
    return {
        "ledger": ledger.display,
        "revision": ledger.revision,
        "profile": ledger.setting("profile.id") or profiles.DEFAULT,
        "counts": counts,
    }
