"""The parts' listing files of a whole-ledger run, sealed: what a part writes to disk (names of
household heads among it) is XORed with a keystream of SHAKE-128 over a per-run random key and
the segment's number, the key held only in the memory of the run. A file a killed run leaves
behind is noise to whoever finds it. Written and read in segments of ``SEGMENT`` bytes."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from typing import BinaryIO

SEGMENT = 1 << 20


def _xor(data: bytes, key: bytes, number: int) -> bytes:
    stream = hashlib.shake_128(key + number.to_bytes(8, "little")).digest(len(data))
    return (int.from_bytes(data, "little") ^ int.from_bytes(stream, "little")).to_bytes(len(data), "little")


class SealedWriter(io.RawIOBase):
    """A binary file whose bytes are sealed with ``key`` as they are written."""

    def __init__(self, raw: BinaryIO, key: bytes) -> None:
        self._raw, self._key, self._buffer, self._number = raw, key, bytearray(), 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) >= SEGMENT:
            self._flush_segment(bytes(self._buffer[:SEGMENT]))
            del self._buffer[:SEGMENT]
        return len(data)

    def _flush_segment(self, segment: bytes) -> None:
        self._raw.write(_xor(segment, self._key, self._number))
        self._number += 1

    def close(self) -> None:
        if not self.closed and self._buffer:
            self._flush_segment(bytes(self._buffer))
            self._buffer.clear()
        super().close()


def open_blocks(path: str, key: bytes | None) -> Iterator[bytes]:
    """The bytes of ``path`` in blocks, unsealed with ``key`` (read as they are without one)."""
    with open(path, "rb") as fh:
        number = 0
        while block := fh.read(SEGMENT):
            yield _xor(block, key, number) if key else block
            number += 1
