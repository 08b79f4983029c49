"""The JSON and CSV text of a listing (CONTRACT's ``--format json`` / ``csv``), as UTF-8 bytes:
how a value is encoded, and a part of a listing of findings written to a file in the process
that judged it (``services.runner``), for ``output.emit_files`` to write out with the others."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any


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


def part_file(
    findings: Iterable[Any],
    statuses: tuple[str, ...] = ("overdue", "due"),
    fmt: str = "json",
    folder: str | None = None,
) -> tuple[int, int, str]:
    """(overdue, due, a temporary file holding the ``fmt`` listing — JSON items or CSV rows
    without the header — of the ``findings`` of those ``statuses`` in listing order): one part
    of the listing of ``check`` or ``overdue``, made in the process that judged the part
    (sent to a worker by name, as a ``functools.partial``) and written out with the others by
    ``output.emit_files``. Encoded and written 1,000 rows at a time, so a part takes no more
    memory than its findings, not the ~50 MB of its text. The file is made in ``folder`` (the
    system's temporary folder by default)."""
    import tempfile

    from bangfu_cli.rules.findings import CSV_KEYS, OVERDUE, json_rows, listing_key

    listed = sorted((f for f in findings if f.status in statuses), key=listing_key)
    over = sum(1 for f in listed if f.status == OVERDUE)
    named = tempfile.NamedTemporaryFile
    with named("wb", prefix="bangfu-", suffix=f".{fmt}", dir=folder, delete=False) as fh:
        if fmt == "csv":
            text = io.TextIOWrapper(fh.file, encoding="utf-8", newline="")
            writer = csv.writer(text, lineterminator="\n")
            # the cells ``output.emit_csv`` makes of ``f.to_json()``, read off the finding directly
            values = attrgetter(*CSV_KEYS)
            writer.writerows([csv_value(v) for v in values(f)] for f in listed)
            text.detach()  # the file is closed by its own block
        else:
            first = True
            for body in json_bodies(json_rows(listed)):
                if not first:
                    fh.write(b",\n")
                fh.write(body)
                first = False
    return over, len(listed) - over, fh.name
