"""The ``setting`` table (key → value, e.g. the active policy profile) and the size of the
ledger (rows per table) that ``bangfu info`` shows."""

from __future__ import annotations

from typing import Any


def read_setting(engine: Any, key: str) -> str | None:
    """The value of ``key``, or None. A Core query, not the ORM: reading the profile must not
    import sqlmodel and every model (a third of the start-up of ``overdue``)."""
    from sqlalchemy import column, select, table

    setting = table("setting", column("key"), column("value"))
    with engine.connect() as conn:
        row = conn.execute(select(setting.c.value).where(setting.c.key == key)).first()
        return row[0] if row else None


def save_profile(session: Any, profile_id: str, source: str) -> str | None:
    """Store the active profile (its id and the file it came from); returns the previous id."""
    from bangfu_cli.storage.models import Setting

    old = session.get(Setting, "profile.id")
    old_value = old.value if old else None
    session.merge(Setting(key="profile.id", value=profile_id))
    session.merge(Setting(key="profile.source", value=source))
    return old_value


def save_setting(session: Any, key: str, value: str) -> str | None:
    """Store ``key`` = ``value``; returns the previous value."""
    from bangfu_cli.storage.models import Setting

    old = session.get(Setting, key)
    old_value = old.value if old else None
    session.merge(Setting(key=key, value=value))
    return old_value


def row_counts(session: Any) -> dict[str, int]:
    """Rows per table, under the names ``info`` shows."""
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
    return {name: session.scalar(select(func.count()).select_from(model)) for name, model in tables.items()}
