"""Township accounts on a shared PostgreSQL ledger: the statements behind ``bangfu access``.

The grants live in ``access_grant``; ``bangfu_grant`` / ``bangfu_revoke`` (SQL functions made by
migration 0009_access) record them and give or take the role's table privileges, and the
row-level security policies of that migration read them. Everything here runs as the ledger's
owner, in one transaction of the caller."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text


def is_shared(engine: Any) -> bool:
    """Whether the ledger is on PostgreSQL (the only backend with database roles)."""
    return engine.dialect.name == "postgresql"


def current_role(conn: Any) -> str:
    return conn.execute(text("SELECT current_user")).scalar_one()


def owns_ledger(conn: Any) -> bool:
    """Whether the connected role owns the ledger's tables (or is a superuser): only then may
    it grant, revoke and list."""
    return bool(
        conn.execute(
            text(
                "SELECT pg_has_role(current_user, c.relowner, 'USAGE') "
                "FROM pg_class c WHERE c.oid = to_regclass('access_grant')"
            )
        ).scalar()
    )


def role_exists(conn: Any, role: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None


def grant(conn: Any, role: str, township: str, read_only: bool) -> None:
    conn.execute(text("SELECT bangfu_grant(:r, :t, :ro)"), {"r": role, "t": township, "ro": read_only})


def renew_grants(conn: Any) -> int:
    """Give every granted role its table privileges again: a grant covers the tables there were
    when it was made, so after a migration has added tables the township roles could not read
    them. Roles since dropped from the server are passed over; how many grants were renewed."""
    if conn.execute(text("SELECT to_regclass('access_grant')")).scalar() is None:
        return 0
    rows = conn.execute(
        text(
            "SELECT role_name, township, read_only FROM access_grant g "
            "WHERE EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = g.role_name)"
        )
    ).all()
    for role, township, read_only in rows:
        grant(conn, role, township, bool(read_only))
    return len(rows)


def revoke(conn: Any, role: str, township: str | None) -> int:
    """How many grants were taken back."""
    return conn.execute(text("SELECT bangfu_revoke(:r, :t)"), {"r": role, "t": township}).scalar_one()


def grants(conn: Any, role: str | None = None) -> list[dict]:
    """Every grant (of ``role``), by role then township."""
    sql = "SELECT role_name, township, read_only, granted_at, granted_by FROM access_grant"
    params = {}
    if role is not None:
        sql += " WHERE role_name = :r"
        params["r"] = role
    rows = conn.execute(text(sql + ' ORDER BY role_name, township COLLATE "C"'), params)
    return [dict(r._mapping) for r in rows]


def mode_of(conn: Any, role: str, township: str) -> bool | None:
    """The grant's read-only flag, or None when the role has no grant there."""
    row = conn.execute(
        text("SELECT read_only FROM access_grant WHERE role_name = :r AND township = :t"),
        {"r": role, "t": township},
    ).first()
    return None if row is None else bool(row[0])


def townships(conn: Any) -> set[str]:
    """The ledger's townships (the owner sees them all)."""
    return {r[0] for r in conn.execute(text("SELECT DISTINCT township FROM village"))}
