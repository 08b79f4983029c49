"""Sealing the bytes a whole-ledger run leaves on disk for a moment (the parts' listing files,
names of household heads among them): each segment of ``SEGMENT`` bytes is XORed with a
keystream of SHAKE-128 over a per-run random key and the segment's number. The key is held only
in the memory of the run, so a file a killed run leaves behind is noise to whoever finds it.
Pure computation: the writer (``exporters.listing``) and the reader (``output.emit_files``)
do the I/O."""

from __future__ import annotations

import hashlib

SEGMENT = 1 << 20


def xor_segment(data: bytes, key: bytes, number: int) -> bytes:
    """Segment ``number`` sealed (or unsealed: the same operation) with ``key``."""
    stream = hashlib.shake_128(key + number.to_bytes(8, "little")).digest(len(data))
    return (int.from_bytes(data, "little") ^ int.from_bytes(stream, "little")).to_bytes(len(data), "little")
