"""A merge holds one chunk of the file at a time: the look-ups of a chunk leave none of its
records' UUIDs in reference cycles, which only a full garbage collection frees and a command
seldom runs (``bangfu_cli.GC_THRESHOLDS``) — a county's merge kept every chunk's (benchmark i)."""

from __future__ import annotations

import gc
import uuid

from bangfu_cli.services import merge as merging
from tests.exchange.townships import FIRST, export, merge

BACKENDS = ("sqlite",)  # the ledgers are SQLite files whichever backend is chosen


def test_a_merge_leaves_no_chunk_of_uuids_in_reference_cycles(ledgers, tmp_path, monkeypatch):
    a = export(ledgers["a"], tmp_path / "a.bangfu", "--township", FIRST)
    monkeypatch.setattr(merging, "CHUNK", 20)  # many chunks
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds unreachable is kept in gc.garbage
    try:
        assert merge(ledgers["county"], a).exit_code == 0
        gc.collect()
        kept = [o for o in gc.garbage if isinstance(o, list) and o and all(_is_uuid(x) for x in o)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert kept == []


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)
