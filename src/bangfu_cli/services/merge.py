"""``merge``: reading another ledger's exchange file into this one, in one transaction.

Table by table, parents first, a chunk of rows at a time: a row is matched by UUID, then by its
natural key (``storage.exchange_spec``) among the rows the ledger held before the merge began the
table (two records of the file that share a key are both added, whichever chunks they are in);
its foreign keys, UUIDs in the file, become this ledger's ids. An unmatched row is added. A
matched row:

- master data (households, cadres, pairings, roles, villages, status rows, thresholds): when the
  file's version has seen every version this ledger has (``_seen`` ⊇ ours) it replaces ours; when
  ours has seen theirs, ours stays; otherwise both sides changed it since they last met — a
  **conflict**: ours stays, theirs goes to the report and the audit trail (with the versions it
  had seen, so the same file merged again is not a conflict again);
- append-only records (visits, income records, assessments): a void or a correction made on the
  other side is added to ours; a different void or correction on both sides, or a record with the
  same natural key and different content, is a conflict;
- audit rows: a union by UUID.

Merging a file twice, or an older file after a newer one, changes nothing more. ``dry_run`` does
all of it and rolls back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.ledger import Ledger, now

SKIP = ("id", "uuid", "recorded_at", "recorded_by")
CHUNK = 2_500  # rows of the file read, looked up and written at a time


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0


@dataclass
class Conflict:
    kind: str
    key: str
    fields: list[str]
    ours: dict
    theirs: dict
    ours_by: str | None
    ours_at: Any
    theirs_by: str | None
    theirs_at: Any
    source: str


@dataclass
class MergeResult:
    file: str
    source: dict
    dry_run: bool
    tables: dict[str, Counts] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    attachments: int = 0


class _DryRun(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


def merge(ledger: Ledger, path: str | Path, *, dry_run: bool = False) -> MergeResult:
    from bangfu_cli.services.exchange_file import Reader
    from bangfu_cli.storage import exchange as store

    reader = Reader(path)
    manifest = reader.manifest
    result = MergeResult(str(path), manifest["ledger"], dry_run)
    try:
        with ledger.write_core() as conn:
            if manifest["ledger"]["uuid"] == store.ledger_uuid(conn):
                raise BangfuError("exchange.own_file", path=str(path))
            merger = _Merger(ledger, conn, reader, result)
            for tbl, spec in store.exchanged():
                merger.table(tbl, spec)
            if dry_run:
                raise _DryRun
            _remember(ledger, conn, manifest, result)
        result.attachments = _copy_attachments(ledger, reader)
    except _DryRun:
        pass
    finally:
        reader.close()
    return result


def _remember(ledger: Ledger, conn: Any, manifest: dict, result: MergeResult) -> None:
    """The peer's marks, and one audit row for the merge."""
    from bangfu_cli.storage import exchange as store

    source = manifest["ledger"]
    peer = store.peer_for_source(conn, source["uuid"], source["name"])
    store.save_peer(
        conn,
        peer["id"] if peer else None,
        uuid=source["uuid"],
        name=peer["name"] if peer else source["name"][:128],
        received_at=now(),
        received_marks=manifest.get("marks") or {},
    )
    counts = {name: vars(c) for name, c in result.tables.items() if any(vars(c).values())}
    ledger.audit(
        conn,
        "merge",
        "ledger",
        entity_uuid=source["uuid"],
        key=source["name"][:64],
        changes={
            "file": Path(result.file).name,
            "exported_at": manifest.get("exported_at"),
            "counts": counts,
        },
    )


def _copy_attachments(ledger: Ledger, reader: Any) -> int:
    from bangfu_cli.services.visits import attachments_dir

    names = [n for n in reader.attachments() if "/" not in n and "\\" not in n and n not in ("", ".", "..")]
    if not names:
        return 0
    folder = attachments_dir(ledger)
    folder.mkdir(parents=True, exist_ok=True)
    copied = 0
    for name in names:
        target = folder / name
        if not target.exists():  # named by their content: the same name is the same file
            reader.extract(name, target)
            copied += 1
    return copied


class _Merger:
    def __init__(self, ledger: Ledger, conn: Any, reader: Any, result: MergeResult) -> None:
        self.ledger, self.conn, self.reader, self.result = ledger, conn, reader, result
        self.alias: dict[str, str] = {}  # their UUID → ours, for records matched by natural key
        self.ids: dict[str, dict[str, int]] = {}  # per table: UUID → local id, as looked up
        from bangfu_cli.storage import exchange as store

        self.remembered = store.has_aliases(conn)  # none yet: no look-up per chunk

    # ------------------------------------------------------------ foreign keys

    def local_ids(self, target: str, uuids: set[str]) -> dict[str, int]:
        from bangfu_cli.storage import exchange as store

        known = self.ids.setdefault(target, {})
        wanted = {self.alias.get(u, u) for u in uuids} - known.keys()
        if wanted:
            known.update(store.ids_of(self.conn, target, wanted))
            if missing := wanted - known.keys():  # known here under another UUID?
                self.learn(missing)
                known.update(store.ids_of(self.conn, target, {self.alias.get(u, u) for u in missing}))
        return {u: known[self.alias.get(u, u)] for u in uuids if self.alias.get(u, u) in known}

    def learn(self, uuids: set[str]) -> None:
        """The aliases an earlier merge found for these UUIDs (records made in both ledgers)."""
        from bangfu_cli.storage import exchange as store

        if not self.remembered:
            return
        if unknown := [u for u in uuids if u is not None and u not in self.alias]:
            self.alias.update(store.aliases(self.conn, unknown))

    def remap(self, tbl: Any, rows: list[dict], deferred: list) -> None:
        from bangfu_cli.storage import exchange as store

        for column, target in store.foreign_keys(tbl).items():
            if target == tbl.name:  # points into its own table: set once the table is in
                for row in rows:
                    if row[column] is not None:
                        deferred.append((row["uuid"], column, row[column]))
                        row[column] = None
                continue
            wanted = {row[column] for row in rows if row[column] is not None}
            found = self.local_ids(target, wanted)
            for row in rows:
                if row[column] is None:
                    continue
                if row[column] not in found:
                    raise BangfuError(
                        "exchange.missing_parent", path=self.result.file, table=tbl.name, parent=target
                    )
                row[column] = found[row[column]]

    # ------------------------------------------------------------ a table

    def table(self, tbl: Any, spec: Any) -> None:
        from bangfu_cli.services.exchange_file import decoder
        from bangfu_cli.storage import exchange as store

        counts = self.result.tables.setdefault(str(tbl.name), Counts())
        decode = decoder(tbl)
        before = store.max_id(self.conn, tbl)  # rows above it are this file's: never matched by key
        deferred: list = []
        for chunk in self.reader.rows(tbl.name, CHUNK):
            rows = [decode(raw) for raw in chunk]
            pending: list = []
            self.remap(tbl, rows, pending)
            if spec.kind == "audit":
                self.learn({row["entity_uuid"] for row in rows})
                for row in rows:
                    row["entity_uuid"] = self.alias.get(row["entity_uuid"], row["entity_uuid"])
            else:
                self.learn({row["uuid"] for row in rows})
            ours = store.by_uuid(self.conn, tbl, [self.alias.get(row["uuid"], row["uuid"]) for row in rows])
            loose = [row for row in rows if self.alias.get(row["uuid"], row["uuid"]) not in ours]
            by_key = store.by_natural(
                self.conn, tbl, spec, [store.natural_key(spec, r) for r in loose], before
            )
            new, matched, found = [], [], {}
            for row, raw in zip(rows, chunk, strict=True):
                mine = ours.get(self.alias.get(row["uuid"], row["uuid"]))
                if mine is None and spec.natural:
                    mine = by_key.get(store.natural_key(spec, row))
                if mine is None:
                    new.append(row)
                    continue
                if mine["uuid"] != row["uuid"] and row["uuid"] not in self.alias:
                    self.alias[row["uuid"]] = found[row["uuid"]] = mine["uuid"]
                matched.append((row, raw, mine))
            if found and not self.result.dry_run:
                store.save_aliases(self.conn, str(tbl.name), found)
            counts.added += store.insert(self.conn, tbl, new)
            added = {row["uuid"] for row in new} if pending else set()
            deferred.extend((uuid, column, target, uuid in added) for uuid, column, target in pending)
            if spec.kind == "master":
                self.masters(tbl, spec, matched, counts)
            elif spec.kind == "append":
                self.appends(tbl, spec, matched, counts)
            else:
                counts.unchanged += len(matched)
        self.settle_deferred(tbl, spec, deferred, counts)

    def masters(self, tbl: Any, spec: Any, matched: list, counts: Counts) -> None:
        from bangfu_cli.storage import exchange as store

        differing = [(row, raw, mine, _diff(row, mine)) for row, raw, mine in matched]
        differing = [d for d in differing if d[3]]
        counts.unchanged += len(matched) - len(differing)
        if not differing:
            return
        seen = store.histories(self.conn, str(tbl.name), [mine["uuid"] for _, _, mine, _ in differing])
        for row, raw, mine, fields in differing:
            theirs = set(raw.get("_seen") or (row["uuid"],))
            if seen[mine["uuid"]] <= theirs:
                store.update_row(self.conn, tbl, mine["id"], {f: row[f] for f in fields})
                counts.updated += 1
            elif theirs <= seen[mine["uuid"]]:
                counts.unchanged += 1  # ours is the newer version of it
            else:
                changed = raw.get("_changed") or [raw.get("recorded_at"), raw.get("recorded_by")]
                self.conflict(tbl, spec, row, mine, fields, changed, sorted(theirs), counts)

    def appends(self, tbl: Any, spec: Any, matched: list, counts: Counts) -> None:
        from bangfu_cli.storage import exchange as store

        flag = spec.settable[0] if spec.settable else None
        for row, raw, mine in matched:
            fields = [f for f in _diff(row, mine) if f not in spec.settable]
            if flag and row[flag] not in (None, False) and mine[flag] in (None, False) and not fields:
                store.update_row(self.conn, tbl, mine["id"], {f: row[f] for f in spec.settable})
                counts.updated += 1
                continue
            if flag and row[flag] not in (None, False) and mine[flag] not in (None, False):
                fields += [f for f in spec.compare if row[f] != mine[f]]
            if fields:
                when = [raw.get("recorded_at"), raw.get("recorded_by")]
                self.conflict(tbl, spec, row, mine, fields, when, None, counts)
            else:
                counts.unchanged += 1

    def settle_deferred(self, tbl: Any, spec: Any, deferred: list, counts: Counts) -> None:
        """Foreign keys into the record's own table (a correction's ``superseded_by``)."""
        from bangfu_cli.storage import exchange as store

        for start in range(0, len(deferred), 500):
            part = deferred[start : start + 500]
            own = self.local_ids(tbl.name, {d[0] for d in part})
            targets = self.local_ids(tbl.name, {d[2] for d in part})
            rows = {
                r["id"]: r
                for r in store.by_uuid(
                    self.conn, tbl, list({self.alias.get(d[0], d[0]) for d in part})
                ).values()
            }
            for uuid, column, target, added in part:
                mine = rows[own[uuid]]
                if target not in targets:
                    raise BangfuError(
                        "exchange.missing_parent", path=self.result.file, table=tbl.name, parent=tbl.name
                    )
                value = targets[target]
                if mine[column] == value:
                    continue
                if mine[column] is None:
                    store.update_row(self.conn, tbl, mine["id"], {column: value})
                    if not added:
                        counts.updated += 1
                elif column in spec.compare:
                    row = dict(mine, **{column: value})
                    when = [None, None]
                    self.conflict(tbl, spec, row, mine, [column], when, None, counts)

    # ------------------------------------------------------------ conflicts

    def conflict(
        self,
        tbl: Any,
        spec: Any,
        row: dict,
        mine: dict,
        fields: list,
        changed: list,
        seen: list | None,
        counts: Counts,
    ) -> None:
        from bangfu_cli.storage import exchange as store

        counts.conflicts += 1
        key = self.describe(tbl, spec, mine)
        ours_at, ours_by = store.last_changes(self.conn, str(tbl.name), [mine["uuid"]]).get(
            mine["uuid"], (mine.get("recorded_at"), mine.get("recorded_by"))
        )
        source = self.result.source
        item = Conflict(
            kind=tbl.name,
            key=key,
            fields=list(fields),
            ours={f: _plain(mine[f]) for f in fields},
            theirs={f: _plain(row[f]) for f in fields},
            ours_by=ours_by,
            ours_at=_plain(ours_at),
            theirs_by=changed[1],
            theirs_at=_plain(changed[0]),
            source=source.get("name") or source.get("uuid"),
        )
        self.result.conflicts.append(item)
        changes = {
            "source": {"uuid": source.get("uuid"), "name": source.get("name")},
            "kept": item.ours,
            "theirs": item.theirs,
            "theirs_by": item.theirs_by,
            "theirs_at": item.theirs_at,
        }
        if seen is not None:
            changes["seen"] = seen
        self.ledger.audit(
            self.conn, "conflict", tbl.name, entity_uuid=mine["uuid"], key=key[:64], changes=changes
        )

    def describe(self, tbl: Any, spec: Any, mine: dict) -> str:
        """The record's natural key as a clerk reads it (a foreign key as the other record's key)."""
        from bangfu_cli.storage import exchange as store

        fks = store.foreign_keys(tbl)
        parts = []
        for name in spec.natural or ("uuid",):
            value = mine[name]
            if name in fks and value is not None:
                value = store.key_text(self.conn, fks[name], value)
            parts.append("" if value is None else str(_plain(value)))
        return " / ".join(parts)


def _diff(row: dict, mine: dict) -> list[str]:
    return [f for f, v in row.items() if f not in SKIP and not f.startswith("_") and mine.get(f) != v]


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
