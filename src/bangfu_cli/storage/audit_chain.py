"""The audit trail's chain in the database: sealing the rows a write transaction added (their
record's hash, the previous row's hash, their own), the chain's head, and the streamed reads
``audit verify`` walks. The hashes themselves are ``domain.chain``'s."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import text

from bangfu_cli.domain import chain

# Tables whose rows an audit row's ``entity`` names (and whose records carry a ``uuid``).
RECORD_TABLES = (
    "village",
    "cadre",
    "household",
    "household_status",
    "pairing",
    "role",
    "visit",
    "income",
    "threshold",
    "assessment",
    "unit",
    "unit_village",
    "unit_activity",
    "training",
    "partner",
    "partner_activity",
    "contribution",
    "calendar_day",
)
# An audit row's ``entity`` is its table's name, but for these.
ENTITY_TABLE = {"calendar": "calendar_day"}
TABLE_ENTITY = {table: entity for entity, table in ENTITY_TABLE.items()}
_UNSEALED = "bangfu_audit_unsealed"
SEAL_BATCH = 5_000  # unsealed audit rows read at a time
_ROW = 'id, uuid, at, "by", action, entity, entity_uuid, entity_key, changes, records, record_hash'
# Hashed too once the column exists (0009_access, after the chain was built by 0008_audit_chain).
_ROW_NOW = f"{_ROW}, operator"


def connection_of(target: Any) -> Any:
    """The Core connection of an ORM session, or ``target`` itself."""
    return target.connection() if hasattr(target, "connection") and hasattr(target, "flush") else target


def mark_unsealed(target: Any) -> None:
    connection_of(target).info[_UNSEALED] = True


def unchained(conn: Any, rows: list[dict]) -> list[dict]:
    """Audit rows merged from another ledger, without that ledger's links and ids (``records``
    names its ids): this ledger's chain takes them in when the merge commits (``seal``)."""
    mark_unsealed(conn)
    blank = {"records": None, "record_hash": None, "prev_hash": None, "row_hash": None}
    return [{**row, **blank} for row in rows]


def _record(conn: Any, table: str, uuid: str) -> dict | None:
    row = conn.execute(text(f'SELECT * FROM "{table}" WHERE uuid = :u'), {"u": uuid}).mappings().first()
    return dict(row) if row is not None else None


def scope_hash(conn: Any, scope: str) -> str | None:
    """The hash of the rows a bulk import's audit row names (``visit 101-5000``), as they are
    now, each row as text the database makes of it; None for a scope bangfu does not know."""
    table, first, last = chain.parse_scope(scope)
    if table not in RECORD_TABLES:
        return None
    if conn.dialect.name == "sqlite":
        names = [row[1] for row in conn.execute(text(f'PRAGMA table_info("{table}")'))]
        as_text = " || '|' || ".join(f'quote("{name}")' for name in names)
    else:
        as_text = "CAST(ROW(t.*) AS text)"
    query = text(f'SELECT {as_text} FROM "{table}" t WHERE id BETWEEN :a AND :b ORDER BY id')
    # Options of this statement only: set on the connection they would stay for the UPDATEs after it.
    query = query.execution_options(stream_results=True, yield_per=20_000)
    rows = conn.execute(query, {"a": first, "b": last})
    return chain.rows_hash(row[0] for row in rows)


def last_id(conn: Any, table: str) -> int:
    """The highest id of ``table`` (0 when empty): a bulk import's rows come after it."""
    return conn.execute(text(f'SELECT coalesce(max(id), 0) FROM "{table}"')).scalar_one()


def later_audited(conn: Any, scope: str, audit_id: int) -> bool:
    """Whether a record of a bulk import's scope was audited on its own after it (a change made
    through bangfu): the import's hash no longer covers it as it is."""
    table, first, last = chain.parse_scope(scope)
    query = text(
        f'SELECT 1 FROM audit a JOIN "{table}" r ON r.uuid = a.entity_uuid WHERE a.entity = :t'
        " AND a.id > :id AND r.id BETWEEN :a AND :b LIMIT 1"
    )
    return conn.execute(query, {"t": table, "id": audit_id, "a": first, "b": last}).first() is not None


def head(conn: Any) -> tuple[int, str]:
    """(id, hash) of the last sealed audit row; (0, GENESIS) when there is none."""
    row = conn.execute(
        text("SELECT id, row_hash FROM audit WHERE row_hash IS NOT NULL ORDER BY id DESC LIMIT 1")
    ).first()
    return (row[0], row[1]) if row else (0, chain.GENESIS)


def seal(conn: Any) -> None:
    """Chain the audit rows this transaction added, each with the hash of the record it wrote as
    the record now stands (so a record changed after its audit row, in the same transaction, is
    hashed as committed). Nothing to do, and no query, when the transaction wrote no audit row."""
    if not conn.info.pop(_UNSEALED, False):
        return
    if conn.dialect.name == "postgresql":  # writers append one after another
        conn.execute(text("SELECT pg_advisory_xact_lock(2112)"))
    last_id, previous = head(conn)
    for row in _unsealed(conn, last_id):
        fields = dict(row)
        table = ENTITY_TABLE.get(fields["entity"], fields["entity"])
        if fields["entity_uuid"] and table in RECORD_TABLES:
            record = _record(conn, table, fields["entity_uuid"])
            fields["record_hash"] = chain.record_hash(record) if record is not None else None
        elif fields["records"]:  # a bulk import: one hash over the rows it wrote
            fields["record_hash"] = scope_hash(conn, fields["records"])
        row_hash = chain.link(previous, fields)
        conn.execute(
            text("UPDATE audit SET prev_hash = :p, row_hash = :h, record_hash = :r WHERE id = :id"),
            {"p": previous, "h": row_hash, "r": fields["record_hash"], "id": fields["id"]},
        )
        previous = row_hash


def _unsealed(conn: Any, after: int) -> Iterator[Any]:
    """The audit rows after id ``after`` not chained yet, oldest first, read ``SEAL_BATCH`` at a
    time (a merge brings another ledger's whole trail); each batch is read whole before the
    caller writes."""
    query = text(f"SELECT {_ROW_NOW} FROM audit WHERE id > :last AND row_hash IS NULL ORDER BY id LIMIT :n")
    while rows := conn.execute(query, {"last": after, "n": SEAL_BATCH}).mappings().all():
        yield from rows
        after = rows[-1]["id"]


def build_chain(conn: Any) -> int:
    """Chain every audit row of a ledger that had no chain (the upgrade to it): the last row
    about each record gets the record's hash as it stands. Returns the rows chained."""
    query = "SELECT max(id) FROM audit WHERE entity_uuid IS NOT NULL GROUP BY entity, entity_uuid"
    last_rows = {row[0] for row in conn.execute(text(query))}
    previous, count = chain.GENESIS, 0
    for row in conn.execute(text(f"SELECT {_ROW} FROM audit ORDER BY id")).mappings().all():
        fields = dict(row)
        table = ENTITY_TABLE.get(fields["entity"], fields["entity"])
        if fields["id"] in last_rows and table in RECORD_TABLES:
            record = _record(conn, table, fields["entity_uuid"])
            fields["record_hash"] = chain.record_hash(record) if record is not None else None
        row_hash = chain.link(previous, fields)
        conn.execute(
            text("UPDATE audit SET prev_hash = :p, row_hash = :h, record_hash = :r WHERE id = :id"),
            {"p": previous, "h": row_hash, "r": fields["record_hash"], "id": fields["id"]},
        )
        previous, count = row_hash, count + 1
    return count


def chain_rows(conn: Any, batch: int = 10_000) -> Iterator[dict]:
    """Every audit row with its hashes, oldest first, read in batches (a county has millions)."""
    last = 0
    query = text(f"SELECT {_ROW_NOW}, prev_hash, row_hash FROM audit WHERE id > :last ORDER BY id LIMIT :n")
    while True:
        rows = conn.execute(query, {"last": last, "n": batch}).mappings().all()
        if not rows:
            return
        for row in rows:
            yield dict(row)
        last = rows[-1]["id"]


def audited_records(conn: Any, table: str, batch: int = 5_000) -> Iterator[tuple[int, str, str, dict | None]]:
    """(audit id, record uuid, its last audited hash, the record now or None) for every record of
    ``table`` an audit row hashed, its last such row only; read in batches."""
    last = 0
    query = text(
        "SELECT a.id, a.entity_uuid, a.record_hash FROM audit a WHERE a.entity = :t"
        " AND a.entity_uuid IS NOT NULL AND a.record_hash IS NOT NULL AND a.id > :last"
        " AND NOT EXISTS (SELECT 1 FROM audit b"
        " WHERE b.entity = a.entity AND b.entity_uuid = a.entity_uuid AND b.id > a.id"
        " AND b.record_hash IS NOT NULL) ORDER BY a.id LIMIT :n"
    )
    while True:
        rows = conn.execute(query, {"t": TABLE_ENTITY.get(table, table), "last": last, "n": batch}).all()
        if not rows:
            return
        uuids = [r[1] for r in rows]
        records = {
            rec["uuid"]: dict(rec)
            for rec in conn.execute(
                text(f'SELECT * FROM "{table}" WHERE uuid IN :u').bindparams(_expanding("u")), {"u": uuids}
            ).mappings()
        }
        for audit_id, uuid, stored in rows:
            yield audit_id, uuid, stored, records.get(uuid)
        last = rows[-1][0]


def _expanding(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name, expanding=True)


def chain_length(conn: Any) -> tuple[str, int]:
    """(the head's hash, how many rows are chained)."""
    _, last = head(conn)
    count = conn.execute(text("SELECT count(*) FROM audit WHERE row_hash IS NOT NULL")).scalar_one()
    return last, count
