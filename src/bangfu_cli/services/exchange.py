"""``export ledger``: the records of a ledger (or of one township), their history, voids and
corrections, audit rows and attachments, written into one exchange file that another ledger
merges (``services.merge``; CONTRACT.md "Township and county ledgers that meet offline").

Every record travels with its UUID; a foreign key travels as the UUID of the record it points
to. A record that is edited (master data: ``storage.exchange_spec``) also carries the versions it
has been through (``_seen``: its UUID and those of the audit rows that changed it) and who changed
it last, when (``_changed``): the receiving ledger tells from them which side changed it since the
two ledgers last met. ``--since-last PEER`` writes only what was added or changed since the last
file made for that peer, and remembers what this file holds."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.ledger import Ledger, now

UUID_SHAPE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


@dataclass
class ExportResult:
    path: str
    ledger_uuid: str
    ledger_name: str
    township: str | None
    peer: str | None
    since: bool  # only what changed since the last file for the peer
    counts: dict[str, int] = field(default_factory=dict)
    attachments: int = 0


def ledger_name(ledger: Ledger, conn: Any) -> str:
    from bangfu_cli.storage import exchange as store

    return store.setting(conn, "ledger.name") or store.default_name(ledger.url)


def export_ledger(
    ledger: Ledger,
    output: str,
    *,
    township: str | None = None,
    since_last: str | None = None,
    name: str | None = None,
    force: bool = False,
) -> ExportResult:
    from bangfu_cli.exporters.common import check_target
    from bangfu_cli.storage import exchange as store

    target = check_target(output, force)
    township = township.strip() if township else None
    # Three transactions, so that no clerk waits for the file to be written: a short write (the
    # ledger's UUID and name, the peer, and the marks of what this file holds), the export itself
    # in one read snapshot, and a short write of the marks sent to the peer.
    with ledger.write_core() as conn:
        uuid = store.ledger_uuid(conn)
        if name and name.strip():
            store.put_setting(conn, "ledger.name", name.strip())
        own_name = ledger_name(ledger, conn)
        if township is not None and township not in (known := store.townships(conn)):
            raise BangfuError("export.unknown_township", text=township, known="、".join(known) or "—")
        peer, since = _peer(conn, since_last, uuid)
        marks = store.settled_marks(conn)
    result = ExportResult(str(target), uuid, own_name, township, since_last, since is not None)
    with ledger.read_core() as conn:
        _write(ledger, conn, target, result, since, marks)
    if peer is not None:
        with ledger.write_core() as conn:
            store.save_peer(conn, peer, sent_at=now(), sent_marks=marks)
    return result


def _write(ledger: Ledger, conn: Any, target: Any, result: ExportResult, since: Any, marks: dict) -> None:
    """The exchange file of the selection, read from ``conn``'s snapshot."""
    from bangfu_cli.exporters.common import atomic_target
    from bangfu_cli.services.exchange_file import Writer
    from bangfu_cli.storage import exchange as store

    photos: set[str] = set()
    with atomic_target(target) as tmp:
        writer = Writer(tmp)
        try:
            for tbl, spec in store.exchanged():
                chunks = store.export_rows(conn, tbl, spec, result.township, since)
                if spec.kind == "master":
                    chunks = _with_versions(conn, str(tbl.name), chunks)
                for column in ("photo", "attachment"):  # a visit's photo, an activity's file
                    if column in tbl.c:
                        chunks = _noting_photos(chunks, photos, column)
                result.counts[str(tbl.name)] = writer.rows(tbl.name, chunks)
            result.attachments = _attachments(ledger, writer, photos)
            writer.finish(
                {
                    "ledger": {"uuid": result.ledger_uuid, "name": result.ledger_name},
                    "schema": ledger.revision,
                    "exported_at": now().isoformat(),
                    "exported_by": ledger.operator,
                    "selection": {"township": result.township, "since_last": result.peer, "since": since},
                    "tables": result.counts,
                    "marks": marks,
                }
            )
        except BaseException:
            writer.abandon()
            raise


def _peer(conn: Any, text: str | None, own_uuid: str) -> tuple[int | None, dict | None]:
    """The peer named by ``--since-last`` (made when it is new) and the marks of the last file
    sent to it (None: everything of the selection)."""
    from bangfu_cli.storage import exchange as store

    if text is None:
        return None, None
    text = text.strip()
    if not text or text == own_uuid:
        raise BangfuError("exchange.bad_peer", peer=text)
    found = store.find_peer(conn, text)
    if found is None:
        is_uuid = bool(UUID_SHAPE.match(text))
        return store.save_peer(conn, None, uuid=text.lower() if is_uuid else None, name=text), None
    marks = json.loads(found["sent_marks"]) if found["sent_marks"] else None
    return found["id"], marks


def _with_versions(conn: Any, entity: str, chunks: Iterator[list[dict]]) -> Iterator[list[dict]]:
    from bangfu_cli.storage import exchange as store

    for chunk in chunks:
        uuids = [row["uuid"] for row in chunk]
        seen = store.histories(conn, entity, uuids)
        changed = store.last_changes(conn, entity, uuids)
        for row in chunk:
            row["_seen"] = sorted(seen[row["uuid"]])
            at, by = changed.get(row["uuid"], (row["recorded_at"], row["recorded_by"]))
            row["_changed"] = [at.isoformat() if at else None, by]
        yield chunk


def _noting_photos(chunks: Iterator[list[dict]], photos: set[str], column: str) -> Iterator[list[dict]]:
    for chunk in chunks:
        photos.update(row[column] for row in chunk if row.get(column))
        yield chunk


def _attachments(ledger: Ledger, writer: Any, photos: set[str]) -> int:
    from bangfu_cli.services.visits import attachments_dir

    folder = attachments_dir(ledger)
    written = 0
    for photo in sorted(photos):
        source = folder / photo
        if "/" not in photo and "\\" not in photo and source.is_file():
            writer.attachment(photo, source)
            written += 1
    return written
