"""``bangfu audit verify``: walk the audit chain and every audited record, and name each break.

A break is one of: an audit row whose content no longer gives its hash (``edited``), a row whose
predecessor is not the row before it (``removed``: rows were deleted, or the chain rewritten
before it), a record whose row differs from the hash its last audit row recorded, or is gone
(``record_changed``, ``record_removed``: written outside bangfu), rows of a bulk import that no
longer give its hash (``records_changed``), and a printed head that is not
in the chain (``head_missing``: rows after it were removed or rewritten). Everything is read in
batches: memory stays flat on a county's millions of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Break:
    audit_id: int
    kind: str  # edited / removed / record_changed / record_removed / records_changed / head_missing
    entity: str | None = None
    key: str | None = None


@dataclass
class Verdict:
    head: str
    length: int
    breaks: list[Break] = field(default_factory=list)
    head_found: bool | None = None  # --head given: was it in the chain

    @property
    def whole(self) -> bool:
        return not self.breaks


def chain_head(ledger: Any) -> tuple[str, int]:
    """The chain's head hash and length, for the report and the register to print."""
    from bangfu_cli.storage.audit_chain import chain_length

    with ledger.engine.connect() as conn:
        return chain_length(conn)


def verify(ledger: Any, head: str | None = None, limit: int = 1000) -> Verdict:
    """Check the chain, then every audited record; ``head`` (a printed head) must be in the chain.
    At most ``limit`` breaks are listed (a wholesale rewrite would list every row)."""
    from bangfu_cli.domain import chain
    from bangfu_cli.storage.audit_chain import RECORD_TABLES, audited_records, chain_rows

    bulk: list[tuple[int, str, str]] = []  # (audit id, scope, hash) of the bulk imports

    wanted = head.strip().lower() if head else None
    verdict = Verdict(head=chain.GENESIS, length=0, head_found=False if wanted else None)
    with ledger.engine.connect() as conn:
        previous, previous_edited = chain.GENESIS, False
        for row in chain_rows(conn):
            if row["row_hash"] is None:
                continue  # written by a transaction still open (it seals when it commits)
            verdict.length += 1
            edited = chain.link(row["prev_hash"] or chain.GENESIS, row) != row["row_hash"]
            if row["prev_hash"] != previous and not previous_edited:
                verdict.breaks.append(Break(row["id"], "removed", row["entity"], row["entity_key"]))
            if edited:
                verdict.breaks.append(Break(row["id"], "edited", row["entity"], row["entity_key"]))
            if row["records"] and row["record_hash"]:
                bulk.append((row["id"], row["records"], row["record_hash"]))
            if wanted and row["row_hash"] == wanted:
                verdict.head_found = True
            previous, previous_edited = row["row_hash"], edited
        verdict.head = previous
        for table in RECORD_TABLES:
            for audit_id, uuid, stored, record in audited_records(conn, table):
                if record is None:
                    verdict.breaks.append(Break(audit_id, "record_removed", table, uuid))
                elif chain.record_hash(record) != stored:
                    verdict.breaks.append(Break(audit_id, "record_changed", table, uuid))
        _check_bulk(conn, bulk, verdict)
    if verdict.head_found is False:
        verdict.breaks.append(Break(verdict.length, "head_missing", None, wanted))
    verdict.breaks = verdict.breaks[:limit]
    return verdict


def _check_bulk(conn: Any, bulk: list[tuple[int, str, str]], verdict: Verdict) -> None:
    """Each bulk import's rows against its hash. A record of it changed later through bangfu has
    its own audit row (checked above), so an import with such a record is not compared whole."""
    from bangfu_cli.domain.chain import parse_scope
    from bangfu_cli.storage.audit_chain import RECORD_TABLES, later_audited, scope_hash

    for audit_id, scope, stored in bulk:
        try:
            known = parse_scope(scope)[0] in RECORD_TABLES
        except ValueError:
            known = False
        if not known:  # not a scope bangfu writes: the row was edited (said above)
            continue
        if later_audited(conn, scope, audit_id):
            continue
        if scope_hash(conn, scope) != stored:
            verdict.breaks.append(Break(audit_id, "records_changed", scope.split(" ")[0], scope))
