"""The SQL of ledger exchange (``export ledger`` / ``merge``), generic over the exchanged tables.

Tables, columns and foreign keys come from the models' metadata and the spec of
``storage.exchange_spec``. Every statement is SQLAlchemy Core (no dialect's own SQL but one
PostgreSQL lock: ``settled_marks``), run on the
caller's connection: exports read a table in id order as a stream, with each foreign key given as
the UUID of the row it points to (ids are local to a ledger); merges look up a chunk of rows at a
time by UUID and by natural key (statements made once, keys bound: ``_select_in``), and insert
through ``storage.bulk``."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table, and_, bindparam, func, or_, select, union_all, update

from bangfu_cli.storage.exchange_spec import BY_NAME, TableSpec

STREAM_ROWS = 2_000  # rows fetched from the database at a time
# Audit actions that are not an edit of the record they name (no new version of it).
NOT_A_VERSION = ("reveal", "import", "merge")
CONFLICT = "conflict"


@cache
def metadata() -> Any:
    from sqlmodel import SQLModel

    import bangfu_cli.storage.models  # noqa: F401  (registers the tables)

    return SQLModel.metadata


def table(name: str) -> Table:
    return metadata().tables[name]


def exchanged() -> list[tuple[Table, TableSpec]]:
    """The exchanged tables, parents before children, the audit trail last."""
    ordered = [t for t in metadata().sorted_tables if t.name in BY_NAME]
    ordered.sort(key=lambda t: BY_NAME[t.name].kind == "audit")
    return [(t, BY_NAME[t.name]) for t in ordered]


def foreign_keys(tbl: Table) -> dict[str, str]:
    """{column: the table it points to}."""
    return {c.name: next(iter(c.foreign_keys)).column.table.name for c in tbl.columns if c.foreign_keys}


def data_columns(tbl: Table) -> list[str]:
    """Every column but the local id."""
    return [c.name for c in tbl.columns if c.name != "id"]


# ---------------------------------------------------------------- the ledger's identity and peers


def ledger_uuid(conn: Any) -> str:
    """The ledger's UUID (setting ``ledger.uuid``), made the first time it is asked for."""
    import uuid

    setting = table("setting")
    found = conn.execute(select(setting.c.value).where(setting.c.key == "ledger.uuid")).scalar()
    if found:
        return found
    value = str(uuid.uuid4())
    conn.execute(setting.insert().values(key="ledger.uuid", value=value))
    return value


def default_name(url: str) -> str:
    """A ledger's name until it is given one: its file's name, else its database's (never a password)."""
    from sqlalchemy.engine import make_url

    from bangfu_cli.storage.engine import sqlite_path

    path = sqlite_path(url)
    return (path.stem if path else make_url(url).database) or "bangfu"


def setting(conn: Any, key: str) -> str | None:
    s = table("setting")
    return conn.execute(select(s.c.value).where(s.c.key == key)).scalar()


def put_setting(conn: Any, key: str, value: str) -> None:
    s = table("setting")
    if setting(conn, key) is None:
        conn.execute(s.insert().values(key=key, value=value))
    else:
        conn.execute(update(s).where(s.c.key == key).values(value=value))


def find_peer(conn: Any, text: str) -> dict | None:
    """The peer named by its UUID or by its name."""
    peer = table("peer")
    row = conn.execute(select(peer).where(or_(peer.c.uuid == text, peer.c.name == text))).mappings().first()
    return dict(row) if row else None


def all_peers(conn: Any) -> list[dict]:
    peer = table("peer")
    return [dict(r) for r in conn.execute(select(peer).order_by(peer.c.id)).mappings()]


def save_peer(conn: Any, peer_id: int | None, **values: Any) -> int:
    peer = table("peer")
    for key in ("sent_marks", "received_marks"):
        if isinstance(values.get(key), dict):
            values[key] = json.dumps(values[key], sort_keys=True)
    if peer_id is None:
        return conn.execute(peer.insert().values(**values)).inserted_primary_key[0]
    conn.execute(update(peer).where(peer.c.id == peer_id).values(**values))
    return peer_id


def peer_for_source(conn: Any, uuid: str, name: str) -> dict | None:
    """The peer of a file's source ledger: by UUID, else a peer named so whose UUID is not known yet."""
    peer = table("peer")
    row = conn.execute(select(peer).where(peer.c.uuid == uuid)).mappings().first()
    if row is None:
        row = conn.execute(select(peer).where(peer.c.uuid.is_(None), peer.c.name == name)).mappings().first()
    return dict(row) if row else None


def aliases(conn: Any, uuids: Sequence[str]) -> dict[str, str]:
    """{another ledger's UUID: this ledger's} of records matched by natural key in earlier merges."""
    query = _select_in("uuid_alias", "uuid", ("uuid", "local_uuid"))
    found: dict[str, str] = {}
    for start in range(0, len(uuids), 900):
        found.update(conn.execute(query, {"keys": list(uuids[start : start + 900])}).all())
    return found


def has_aliases(conn: Any) -> bool:
    alias = table("uuid_alias")
    return conn.execute(select(alias.c.uuid).limit(1)).first() is not None


def save_aliases(conn: Any, entity: str, found: dict[str, str]) -> None:
    rows = [{"uuid": u, "local_uuid": mine, "entity": entity} for u, mine in found.items()]
    conn.execute(table("uuid_alias").insert(), rows)


def max_ids(conn: Any) -> dict[str, int]:
    """{table: its highest id}: what an export has seen of the ledger."""
    return {str(t.name): conn.execute(select(func.max(t.c.id))).scalar() or 0 for t, _ in exchanged()}


def settled_marks(conn: Any) -> dict[str, int]:
    """``max_ids`` that an export may remember as sent (``--since-last`` sends rows above them
    next time): every row at or below them is committed before the export's snapshot is taken.

    On SQLite writers take turns (the caller holds the write lock), so a row not yet committed
    always gets an id above every committed one. On PostgreSQL ids come from sequences, and a
    transaction that took an id before another transaction's may commit after it: a plain
    highest id would let the next file skip that row for good. So the marks are read first,
    then this waits until every transaction writing an exchanged table at that moment has ended
    (a SHARE lock, released when the caller's short transaction commits, just before the
    export's snapshot). Rows committed in between are sent again next time; merging is
    idempotent. ``LOCK TABLE`` is PostgreSQL's own statement: Core has none."""
    marks = max_ids(conn)
    if conn.dialect.name == "postgresql":
        quote = conn.dialect.identifier_preparer.quote
        names = ", ".join(quote(str(t.name)) for t, _ in exchanged())
        conn.exec_driver_sql(f"LOCK TABLE {names} IN SHARE MODE")
    return marks


def townships(conn: Any) -> list[str]:
    village = table("village")
    # sorted here: by code point on every database (storage.collation)
    return sorted(conn.execute(select(village.c.township).distinct()).scalars())


# ---------------------------------------------------------------- what an export selects


def _scope(name: str, township: str) -> Any:
    """A select of the ids of ``name`` in the township, or None for every row."""
    spec, tbl = BY_NAME[name], table(name)
    kind = spec.scope[0]
    if kind == "township":
        return select(tbl.c.id).where(tbl.c[spec.scope[1]] == township)
    if kind == "parent":
        column = spec.scope[1]
        parent = _scope(foreign_keys(tbl)[column], township)
        return None if parent is None else select(tbl.c.id).where(tbl.c[column].in_(parent))
    if kind == "referenced":
        parts = []
        for child, child_spec in exchanged():
            if child_spec.scope[0] in ("referenced", "all", "audit"):
                continue
            if child_spec.scope[0] == "parent" and foreign_keys(child)[child_spec.scope[1]] == name:
                continue  # selected through this table: it cannot select it
            for column, target in foreign_keys(child).items():
                if target == name:
                    parts.append(select(child.c[column]).where(child.c.id.in_(_scope(child.name, township))))
        return union_all(*parts) if parts else None
    return None


def _selected(tbl: Table, spec: TableSpec, township: str | None) -> Any:
    """The condition that a row is in the export's township (None: every row)."""
    if township is None:
        return None
    if spec.kind == "audit":
        parts = [
            select(t.c.uuid).where(t.c.id.in_(_scope(t.name, township)))
            for t, s in exchanged()
            if s.kind != "audit" and _scope(t.name, township) is not None
        ]
        return tbl.c.entity_uuid.in_(union_all(*parts))
    ids = _scope(tbl.name, township)
    return None if ids is None else tbl.c.id.in_(ids)


def _changed_since(tbl: Table, spec: TableSpec, marks: dict[str, int]) -> Any:
    """Rows added since ``marks`` (highest ids sent), or named by an audit row added since."""
    newer = tbl.c.id > marks.get(tbl.name, 0)
    if spec.kind == "audit":
        return newer
    audit = table("audit")
    edited = select(audit.c.entity_uuid).where(audit.c.id > marks.get("audit", 0))
    return or_(newer, tbl.c.uuid.in_(edited))


def export_rows(
    conn: Any, tbl: Table, spec: TableSpec, township: str | None, since: dict[str, int] | None
) -> Iterator[list[dict]]:
    """The table's selected rows in chunks, in id order, each a dict of its columns but the id,
    with a foreign key given as the UUID of the row it points to."""
    columns, joined = [], tbl
    for name in data_columns(tbl):
        target = foreign_keys(tbl).get(name)
        if target is None:
            columns.append(tbl.c[name])
            continue
        parent = table(target).alias(f"p_{name}")
        joined = joined.outerjoin(parent, parent.c.id == tbl.c[name])
        columns.append(parent.c.uuid.label(name))
    query = select(*columns).select_from(joined)
    conditions = [
        c
        for c in (_selected(tbl, spec, township), since and _changed_since(tbl, spec, since))
        if c is not None
    ]
    if conditions:
        query = query.where(and_(*conditions))
    result = conn.execution_options(stream_results=True, yield_per=STREAM_ROWS).execute(
        query.order_by(tbl.c.id)
    )
    for part in result.mappings().partitions(STREAM_ROWS):
        yield [dict(row) for row in part]


# ---------------------------------------------------------------- versions of a record


@cache
def _versions(skipped: tuple[str, ...]) -> Any:
    """The audit rows about records (``:keys``) of one entity (``:entity``) but ``skipped`` actions."""
    audit = table("audit")
    keys = audit.c.entity_uuid.in_(bindparam("keys", expanding=True))
    about = and_(audit.c.entity == bindparam("entity"), keys, audit.c.action.not_in(skipped))
    columns = (audit.c.entity_uuid, audit.c.uuid, audit.c.action, audit.c.changes, audit.c.at, audit.c.by)
    return select(*columns).where(about).order_by(audit.c.id)


def histories(conn: Any, entity: str, uuids: Sequence[str]) -> dict[str, set[str]]:
    """Per record UUID, the versions it has been through in this ledger: its own UUID (made),
    the UUIDs of the audit rows that changed it, and the versions a recorded conflict set aside."""
    found: dict[str, set[str]] = {u: {u} for u in uuids}
    rows = conn.execute(_versions(NOT_A_VERSION), {"entity": entity, "keys": list(uuids)})
    for entity_uuid, uuid, action, changes, _at, _by in rows:
        seen = found[entity_uuid]
        seen.add(uuid)
        if action == CONFLICT and changes:
            with contextlib.suppress(ValueError, AttributeError):
                seen.update(json.loads(changes).get("seen", ()))
    return found


def last_changes(conn: Any, entity: str, uuids: Sequence[str]) -> dict[str, tuple[Any, str]]:
    """Per record UUID, when and by whom it was last changed (its latest audit row)."""
    rows = conn.execute(_versions((*NOT_A_VERSION, CONFLICT)), {"entity": entity, "keys": list(uuids)})
    return {u: (at, by) for u, _uuid, _action, _changes, at, by in rows}


# ---------------------------------------------------------------- matching and writing


@cache
def _select_in(name: str, column: str, columns: tuple[str, ...] = (), upto: bool = False) -> Any:
    """``SELECT`` the ``columns`` (all when none) of the rows of ``name`` whose ``column`` is one
    of ``:keys`` (with ``upto``: whose id is at most ``:upto``, in id order). Made once, its keys
    bound when it runs: a statement made with its keys in it is left, keys and all, in a reference
    cycle that only a full collection frees, which a command seldom runs
    (``bangfu_cli.GC_THRESHOLDS``) — a county's merge kept every chunk's UUIDs (~90 MB)."""
    tbl = table(name)
    query = select(*(tbl.c[c] for c in columns)) if columns else select(tbl)
    query = query.where(tbl.c[column].in_(bindparam("keys", expanding=True)))
    return query.where(tbl.c.id <= bindparam("upto")).order_by(tbl.c.id) if upto else query


def ids_of(conn: Any, name: str, uuids: Iterable[str]) -> dict[str, int]:
    query = _select_in(name, "uuid", ("uuid", "id"))
    wanted = list(set(uuids))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 900):
        found.update(conn.execute(query, {"keys": wanted[start : start + 900]}).all())
    return found


def by_uuid(conn: Any, tbl: Table, uuids: Sequence[str]) -> dict[str, dict]:
    rows = conn.execute(_select_in(tbl.name, "uuid"), {"keys": list(uuids)}).mappings()
    return {row["uuid"]: dict(row) for row in rows}


def natural_key(spec: TableSpec, row: dict) -> tuple:
    return tuple("" if row[k] is None and table(spec.name).c[k].nullable else row[k] for k in spec.natural)


def max_id(conn: Any, tbl: Table) -> int:
    return conn.execute(select(func.max(tbl.c.id))).scalar() or 0


def by_natural(conn: Any, tbl: Table, spec: TableSpec, keys: Sequence[tuple], upto: int) -> dict[tuple, dict]:
    """The ledger's rows with these natural keys (foreign keys as local ids), first of each,
    among the rows of ids up to ``upto``: those the ledger held before the merge began the table.
    A row the same file added is never another row's match (two records of one file that share
    a key are both kept, whichever chunks they arrive in), and a merge into an empty table looks
    nothing up. Looked up by the key's first column alone (every table has an index leading with
    it; a row-value IN over several columns is not served by an index everywhere) reading the
    key's columns only, then compared; the whole rows of the matches are read by id."""
    if not spec.natural or not keys or upto <= 0:
        return {}
    wanted = set(keys)
    firsts = list({k[0] for k in wanted})
    query = _select_in(tbl.name, spec.natural[0], ("id", *spec.natural), upto=True)
    ids: dict[tuple, int] = {}
    for start in range(0, len(firsts), 900):
        for row in conn.execute(query, {"keys": firsts[start : start + 900], "upto": upto}).mappings():
            key = natural_key(spec, row)
            if key in wanted:
                ids.setdefault(key, row["id"])
    matched = list(set(ids.values()))
    rows: dict[int, dict] = {}
    for start in range(0, len(matched), 900):
        part = conn.execute(_select_in(tbl.name, "id"), {"keys": matched[start : start + 900]})
        rows.update((row["id"], dict(row)) for row in part.mappings())
    return {key: rows[row_id] for key, row_id in ids.items()}


def insert(conn: Any, tbl: Table, rows: list[dict]) -> int:
    """Insert rows (dicts of every column but the id) in bulk, in this order."""
    from bangfu_cli.storage.bulk import insert_rows

    if not rows:
        return 0
    if tbl.name == "audit":  # rows of another ledger's chain join this one's when committed
        from bangfu_cli.storage.audit_chain import unchained

        rows = unchained(conn, rows)
    names = data_columns(tbl)
    dialect = conn.dialect
    processors = [tbl.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]

    def encoded() -> Iterator[tuple]:
        for row in rows:
            yield tuple(p(row[n]) if p else row[n] for n, p in zip(names, processors, strict=True))

    return insert_rows(conn, tbl.name, names, encoded())


def update_row(conn: Any, tbl: Table, row_id: int, values: dict) -> None:
    conn.execute(update(tbl).where(tbl.c.id == row_id).values(**values))


def key_text(conn: Any, name: str, row_id: int) -> str:
    """The natural key of a row as text (a foreign key in it as the other row's key)."""
    tbl, spec = table(name), BY_NAME.get(name)
    row = conn.execute(select(tbl).where(tbl.c.id == row_id)).mappings().first()
    if row is None or spec is None:
        return str(row_id)
    fks = foreign_keys(tbl)
    parts = []
    for column in spec.natural or ("uuid",):
        value = row[column]
        if column in fks and value is not None:
            value = key_text(conn, fks[column], value)
        parts.append("" if value is None else str(value))
    return " ".join(parts)
