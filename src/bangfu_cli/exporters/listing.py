"""A part of a JSON or CSV listing (CONTRACT's ``--format json`` / ``csv``) written to a file in
the process that judged it (``services.runner``), for ``output.emit_files`` to write out with
the others: the same text as ``output.emit_json_rows`` and ``output.emit_csv`` write of the same
rows (``tests/perf`` compares them)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bangfu_cli.domain.seal import SEGMENT, xor_segment


def json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_bodies(rows: Iterable[dict]) -> Iterator[bytes]:
    """The rows' JSON items, 1,000 at a time, laid out as ``json.dumps(indent=2,
    ensure_ascii=False)`` lays out the items of an array, without the brackets."""
    from itertools import islice

    import orjson

    rows = iter(rows)
    while chunk := list(islice(rows, 1000)):
        # the chunk's items without "[\n" … "\n]"
        yield orjson.dumps(chunk, default=json_default, option=orjson.OPT_INDENT_2)[2:-2]


def csv_value(value: Any) -> Any:
    """A CSV cell of one value: dates as ISO text, None empty, booleans true / false."""
    if isinstance(value, (date, datetime)):
        return json_default(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class _Sealed(io.RawIOBase):
    """A binary file whose bytes are sealed with ``key`` as they are written (``domain.seal``)."""

    def __init__(self, raw: Any, key: bytes) -> None:
        self._raw, self._key, self._buffer, self._number = raw, key, bytearray(), 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += data
        while len(self._buffer) >= SEGMENT:
            self._segment(bytes(self._buffer[:SEGMENT]))
            del self._buffer[:SEGMENT]
        return len(data)

    def _segment(self, data: bytes) -> None:
        self._raw.write(xor_segment(data, self._key, self._number))
        self._number += 1

    def close(self) -> None:
        if not self.closed and self._buffer:
            self._segment(bytes(self._buffer))
            self._buffer.clear()
        super().close()


def part_file(
    rows: Iterable[Any], fmt: str = "json", folder: str | None = None, key: bytes | None = None
) -> str:
    """A temporary file holding the ``fmt`` listing of ``rows`` — JSON items (rows as dicts) or
    CSV rows without the header (rows as sequences of values) —: one part of a listing, made in
    the process that judged the part and written out with the others by ``output.emit_files``.
    Encoded and written 1,000 rows at a time, so a part takes no more memory than its rows, not
    the ~50 MB of its text. The file is made in ``folder`` (the system's temporary folder by
    default), sealed with ``key`` when one is given (``domain.seal``)."""
    import tempfile

    named = tempfile.NamedTemporaryFile
    with named("wb", prefix="bangfu-", suffix=f".{fmt}", dir=folder, delete=False) as plain:
        fh = io.BufferedWriter(_Sealed(plain.file, key)) if key else plain
        if fmt == "csv":
            text = io.TextIOWrapper(fh if key else fh.file, encoding="utf-8", newline="")
            writer = csv.writer(text, lineterminator="\n")
            writer.writerows([csv_value(v) for v in row] for row in rows)
            text.detach()  # the file is closed by its own block
        else:
            first = True
            for body in json_bodies(rows):
                if not first:
                    fh.write(b",\n")
                fh.write(body)
                first = False
        if key:
            fh.close()  # the last segment is sealed and written before the file closes
    return plain.name
