"""``bangfu access``: which database roles may read and write which township's records.

The database enforces the grants (row-level security, migration 0009_access); these use-cases
only record them, as the ledger's owner, each in one write transaction. A ledger in an SQLite file
has no roles: every command here refuses it."""

from __future__ import annotations

from typing import Any

from bangfu_cli.domain.errors import BangfuError


def _checked(ledger: Any, conn: Any, role: str | None = None) -> None:
    from bangfu_cli.storage import access

    if not access.owns_ledger(conn):
        raise BangfuError("access.not_owner", role=access.current_role(conn))
    if role is not None and not access.role_exists(conn, role):
        raise BangfuError("access.no_role", role=role)


def _shared(ledger: Any) -> None:
    from bangfu_cli.storage import access

    if not access.is_shared(ledger.engine):
        raise BangfuError("access.needs_postgres")


def _name(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise BangfuError("access.empty", field=what)
    return value


def grant(ledger: Any, role: str, township: str, *, read_only: bool) -> str:
    """Let ``role`` read (and unless ``read_only``, write) ``township``'s records; what changed:
    ``added``, ``changed`` (the mode) or ``unchanged``."""
    from bangfu_cli.storage import access

    _shared(ledger)
    role, township = _name(role, "ROLE"), _name(township, "--township")
    with ledger.write_core() as conn:
        _checked(ledger, conn, role)
        before = access.mode_of(conn, role, township)
        access.grant(conn, role, township, read_only)
        outcome = "added" if before is None else "unchanged" if before == read_only else "changed"
        if outcome != "unchanged":
            ledger.audit(
                conn,
                "grant",
                "access",
                key=f"{role}@{township}"[:64],
                changes={"read_only": [before, read_only]},
            )
    return outcome


def revoke(ledger: Any, role: str, township: str | None) -> int:
    """Take back ``role``'s grant of ``township`` (every grant without it); how many."""
    from bangfu_cli.storage import access

    _shared(ledger)
    role = _name(role, "ROLE")
    township = _name(township, "--township") if township is not None else None
    with ledger.write_core() as conn:
        _checked(ledger, conn, role)
        gone = access.revoke(conn, role, township)
        if gone:
            ledger.audit(
                conn, "revoke", "access", key=f"{role}@{township or '*'}"[:64], changes={"grants": gone}
            )
    return gone


def list_grants(ledger: Any) -> list[dict]:
    from bangfu_cli.storage import access

    _shared(ledger)
    with ledger.engine.connect() as conn:
        _checked(ledger, conn)
        rows = access.grants(conn)
    return [
        {
            "role": r["role_name"],
            "township": r["township"],
            "mode": "read" if r["read_only"] else "write",
            "granted_at": r["granted_at"],
            "granted_by": r["granted_by"],
        }
        for r in rows
    ]
