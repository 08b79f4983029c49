"""Everything the user sees: tables (Rich), JSON and CSV on stdout, messages on stderr.
The only package that imports rich; tables on the screen are ``output.tables``.

A listing is a list of dict rows with English keys (the JSON keys) and a list of
``Column``s saying which keys the table and CSV show and under which translated header."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.i18n import t
from bangfu_cli.output.tables import LONG_TABLE as LONG_TABLE
from bangfu_cli.output.tables import Column as Column
from bangfu_cli.output.tables import _console, _plain, table
from bangfu_cli.output.tables import cells as cells
from bangfu_cli.output.tables import print_table as print_table

FORMATS = ("table", "json", "csv")


def check_format(fmt: str) -> str:
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise BangfuError("input.bad_format", value=fmt)
    return fmt


def json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=json_default))
    sys.stdout.write("\n")
    sys.stdout.flush()


def emit_json_rows(rows) -> None:
    """Write a JSON array of flat objects (scalar values) to stdout, byte for byte as
    ``output.emit_json(list(rows))`` writes it (``indent=2``), without holding the list or the
    whole text: a county ``check`` lists ~10⁵ findings (~100 MB of JSON).

    Rows are encoded 1,000 at a time by orjson, whose two-space layout is the standard
    library's ``indent=2`` with ``ensure_ascii=False`` (``tests/perf`` compares them) at a tenth
    of the time; only the brackets between chunks are re-laid. Dates and datetimes are written
    by orjson as the ISO text ``json_default`` makes of them (compared by the same test), so rows
    can carry them as they are (``Finding.json_row``)."""
    _emit_json_items([body] for body in _json_bodies(rows))


def emit_files(paths: Iterable[str], fmt: str, header: Sequence[str], key: bytes | None = None) -> None:
    """Write the listing whose rows are those in the files made by ``exporters.listing.part_file``, in turn:
    what ``emit_json_rows`` or ``emit_csv`` (with the columns ``header``) writes for all their rows.
    The files are the caller's to delete; ``key`` unseals them (``domain.seal``)."""
    from bangfu_cli.domain.seal import SEGMENT, xor_segment

    def blocks(path: str) -> Iterator[bytes]:
        with open(path, "rb") as fh:
            number = 0
            while block := fh.read(SEGMENT):
                yield xor_segment(block, key, number) if key else block
                number += 1

    if fmt == "json":
        _emit_json_items(blocks(path) for path in paths)
        return
    import codecs

    # Through stdout as text, as ``emit_csv`` writes: the same line ends and encoding.
    csv.writer(sys.stdout, lineterminator="\n").writerow(header)
    decode = codecs.getincrementaldecoder("utf-8")().decode
    for path in paths:
        for block in blocks(path):
            sys.stdout.write(decode(block))
    sys.stdout.flush()


def _emit_json_items(items: Iterable[Iterable[bytes]]) -> None:
    """Write a JSON array to stdout from its items' UTF-8 text, each item given in blocks (the
    items' layout is ``orjson``'s ``OPT_INDENT_2`` inside an array; an item of no blocks is
    skipped): as bytes where stdout encodes UTF-8 (a file, a pipe, a Windows console), else
    through its own encoding, never cutting a character in two."""
    out = sys.stdout
    utf8 = getattr(out, "buffer", None) is not None and (
        (getattr(out, "encoding", "") or "").lower().replace("-", "").replace("_", "") == "utf8"
    )
    if utf8:
        out.flush()
        write = out.buffer.write
    else:
        import codecs

        decode = codecs.getincrementaldecoder("utf-8")().decode

        def write(data: bytes) -> None:
            out.write(decode(data))

    first = True
    for item in items:
        opened = False
        for block in item:
            if not opened:
                write(b"[\n" if first else b",\n")
                first, opened = False, True
            write(block)
    write(b"[]\n" if first else b"\n]\n")
    (out.buffer if utf8 else out).flush()


def _json_bodies(rows) -> Iterator[bytes]:
    from itertools import islice

    import orjson

    rows = iter(rows)
    while chunk := list(islice(rows, 1000)):
        # the chunk's items without "[\n" … "\n]"
        yield orjson.dumps(chunk, default=json_default, option=orjson.OPT_INDENT_2)[2:-2]


def emit_csv(rows: Iterable[dict], keys: Sequence[str]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(keys)
    writer.writerows(_csv_cells(row, keys) for row in rows)
    sys.stdout.flush()


def _csv_cells(row: dict, keys: Sequence[str]) -> list:
    return [_csv_value(row.get(k)) for k in keys]


def _csv_value(value: Any) -> Any:
    """``_csv_cells``'s cell for one value."""
    if isinstance(value, (date, datetime)):
        return json_default(value)
    return _csv(value)


def _csv(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def emit(
    rows: Sequence[dict],
    columns: Sequence[Column],
    fmt: str,
    *,
    title: str | None = None,
    caption: str | None = None,
    json_document: Any = None,
) -> None:
    """Print a listing in ``fmt``. JSON gets every key of every row (or ``json_document``)."""
    fmt = check_format(fmt)
    if fmt == "json":
        if json_document is None and _flat_rows(rows):
            emit_json_rows(rows)  # the same text, a fraction of the time and memory
        else:
            emit_json(json_document if json_document is not None else list(rows))
    elif fmt == "csv":
        keys = list(rows[0].keys()) if rows else [c.key for c in columns]
        emit_csv(rows, keys)
    else:
        table(rows, columns, title=title, caption=caption)


# Values ``emit_json_rows`` (orjson) writes exactly as ``emit_json`` (the standard library) does.
_SAME_IN_ORJSON = frozenset((str, int, bool, type(None), date, datetime))


def _flat_rows(rows: Sequence[Any]) -> bool:
    """Is every row a flat object ``emit_json_rows`` writes as ``emit_json`` would: text keys,
    and text, whole numbers (of 64 bits), booleans, nulls, dates or floats that both write in
    plain decimals (``1e+16`` and ``NaN`` are the standard library's own)?"""
    for row in rows:
        if type(row) is not dict:
            return False
        for key, value in row.items():
            kind = type(value)
            if type(key) is not str:
                return False
            if kind is int:
                if not -(1 << 63) <= value < (1 << 64):
                    return False
            elif kind is float:
                if not (value == 0 or 1e-4 <= abs(value) < 1e16):
                    return False
            elif kind not in _SAME_IN_ORJSON:
                return False
    return True


def emit_document(item: dict, fmt: str) -> bool:
    """JSON or CSV of one record (CSV: its scalar fields); False when ``fmt`` is table."""
    if fmt == "json":
        emit_json(item)
        return True
    if fmt == "csv":
        flat = {k: v for k, v in item.items() if not isinstance(v, (list, dict))}
        emit_csv([flat], list(flat))
        return True
    return False


def message(text: str) -> None:
    """A message for the user, on stderr (stdout stays clean for data)."""
    _say(text)


def success(text: str) -> None:
    _say(text, "green")


def warn(text: str) -> None:
    _say(text, "yellow")


def error(text: str) -> None:
    from bangfu_cli.domain.secrets import hide_passwords

    text = hide_passwords(text)  # a driver's error may quote the database URL
    _say(text, prefix=t("error.prefix"), prefix_style="bold red")


# What a line of a message may not be broken inside: a run of printable ASCII (a code, a date, a
# number, an English word); Chinese text breaks between any two characters.
_CLOSING = "。，、；：！？）》」』”’"  # never at the start of a line: kept with what it closes
_UNBROKEN = re.compile(rf"[!-~]+[{_CLOSING}]*|\s+|.[{_CLOSING}]*", re.S)


def wrap_words(text: str, width: int) -> list[str]:
    """``text``'s lines folded to ``width`` terminal cells, never inside a code, a date or a word
    (one wider than the line stands alone on its line)."""
    from rich.cells import cell_len

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for piece in _UNBROKEN.findall(paragraph):
            size = cell_len(piece)
            if used + size > width and line.strip():
                lines.append(line.rstrip())
                if piece.isspace():
                    line, used = "", 0
                    continue
                line, used = "", 0
            line += piece
            used += size
        lines.append(line.rstrip())
    return lines


def _say(text: str, style: str | None = None, prefix: str = "", prefix_style: str | None = None) -> None:
    """Write a message on stderr, folded to the terminal's width by ``wrap_words``."""
    from rich.text import Text

    console = _console(stderr=True)
    folded = Text("\n".join(wrap_words(prefix + text, console.width)), style=style or "")
    if prefix and prefix_style:
        folded.stylize(prefix_style, 0, len(prefix))
    console.print(folded, soft_wrap=True)


def show_record(pairs: Sequence[tuple[str, Any]], *, title: str | None = None) -> None:
    """A record as two columns: translated field name, value."""
    from rich.markup import escape
    from rich.table import Table

    tbl = Table(title=title, show_header=False, box=None, padding=(0, 2))
    tbl.add_column(style="bold", no_wrap=True)
    tbl.add_column(overflow="fold")
    for header, value in pairs:
        tbl.add_row(escape(t(header)), escape(_plain(value)))
    _console().print(tbl)


def progress(total: int | None, description: str):
    """A progress bar on stderr for long jobs; silent when stderr is not a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=_console(stderr=True),
        transient=True,
        disable=not sys.stderr.isatty(),
    )
