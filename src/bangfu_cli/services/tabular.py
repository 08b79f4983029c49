"""Reading import files: the one reader every ``… import`` command stands on.

API (other importers rely on it; keep it):

``ColumnSpec(key, zh, required=False)``
    One column of an import format: ``key`` is the English name (also the JSON key), ``zh`` the
    Chinese header. A header cell matches either, ignoring case, surrounding spaces and a trailing
    ``*`` (how templates mark required columns).

``read_rows(path, columns) -> list[tuple[int, dict[str, str]]]``
    Every non-blank data row as ``(line, {key: text})``. ``line`` counts as the user sees the file
    in Excel/WPS: the header is line 1, the first data row line 2 (blank rows are skipped but still
    counted). Every column of ``columns`` is in the dict: the stripped text, ``''`` when empty or
    absent. Files: ``.csv`` in UTF-8, UTF-8 with BOM, or GB18030 (what Excel on Chinese Windows
    writes); ``.xlsx`` (first sheet; dates → ISO text, whole numbers without ``.0``).
    Raises ``BangfuError``: ``import.not_found``, ``import.bad_type``, ``import.unreadable``,
    ``import.unknown_columns`` (naming them), ``import.missing_columns``, ``import.empty``.

``read_table(path, columns) -> list[tuple[int, tuple[str, ...]]]``
    The same rows as ``read_rows``, each as a tuple in the order of ``columns`` instead of a dict
    (lighter and faster for files of hundreds of thousands of rows; same checks and errors).
    ``iter_table`` gives them one by one as the file is read; ``iter_blocks`` a block of rows at
    a time, by column (``(lines, cells)``, ``cells[k]`` the texts of ``columns[k]``), for a
    caller that checks a column of a block at once.

``collect_problems(file, columns=()) -> Problems``
    Validation collects every bad row instead of stopping at the first (a problem about one of
    ``columns`` names it by its Chinese header in Chinese)::

        problems = collect_problems(path, columns)
        for line, row in rows:
            with problems.row(line):            # a BangfuError inside becomes (line, message)
                day = parse_date(row["date"], "date")
            size = problems.value(line, parse_size, row["size"])   # None when it failed
            if something_wrong:
                problems.add(line, message("…", …))
        problems.raise_if_any()                 # RowError(file, [(line, reason), …]) → exit 2

    Raise before writing anything, or inside ``ledger.write()`` so the transaction rolls back.

``track(items, what)``
    Iterate, telling the progress display the command line installed (``show_progress_with``)
    when there are many items; ``what`` is the message key of the job (silent otherwise).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import compress, islice, zip_longest
from pathlib import Path
from typing import Any, TypeVar

from bangfu_cli.domain.errors import BangfuError, RowError
from bangfu_cli.domain.messages import Message, Words

T = TypeVar("T")

# Files with more rows than this show a progress bar while they are validated and written.
PROGRESS_FROM = 500
# Rows read, stripped and picked at once by ``iter_blocks`` (and so by every reader here).
ROWS_PER_BLOCK = 256


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # English name = JSON key, e.g. "code"
    zh: str  # Chinese header, e.g. "户编号"
    required: bool = False


def _norm_header(text: Any) -> str:
    value = "" if text is None else str(text)
    value = value.replace("\ufeff", "").strip()
    while value.endswith(("*", "＊")):
        value = value[:-1].rstrip()
    return value.lower()


def _display(path: Path) -> str:
    return str(path)


def read_rows(path: str | Path, columns: Sequence[ColumnSpec]) -> list[tuple[int, dict[str, str]]]:
    """Every non-blank data row of ``path`` as (line, {english key: stripped text})."""
    keys = [c.key for c in columns]
    return [(line, dict(zip(keys, values, strict=True))) for line, values in read_table(path, columns)]


def read_table(path: str | Path, columns: Sequence[ColumnSpec]) -> list[tuple[int, tuple[str, ...]]]:
    """Every non-blank data row of ``path`` as (line, (stripped text of each of ``columns``))."""
    return list(iter_table(path, columns))


def iter_table(path: str | Path, columns: Sequence[ColumnSpec]) -> Iterator[tuple[int, tuple[str, ...]]]:
    """``read_table`` row by row, as the file is read: a missing or unreadable file raises here,
    a bad header at the first row, a file without data rows at the end."""
    return _rows(iter_blocks(path, columns))


def iter_blocks(
    path: str | Path, columns: Sequence[ColumnSpec]
) -> Iterator[tuple[Sequence[int], list[tuple[str, ...]]]]:
    """The rows of ``read_table`` a block at a time, by column, as the file is read:
    ``(lines, cells)``, where ``cells[k]`` holds the stripped texts of ``columns[k]`` in the
    block's rows and ``lines`` their lines. A block has up to ``ROWS_PER_BLOCK`` rows (never
    none). Raises as ``iter_table`` does."""
    path = Path(path)
    shown = _display(path)
    if not path.exists():
        raise BangfuError("import.not_found", file=shown)
    if path.is_dir():
        raise BangfuError("import.unreadable", file=shown, detail="is a directory")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        records = _csv_records(path)
    elif suffix in (".xlsx", ".xlsm"):
        records = _xlsx_records(path)
    else:
        raise BangfuError("import.bad_type", file=shown)
    return _map_blocks(shown, records, columns)


def _rows(
    blocks: Iterable[tuple[Sequence[int], list[tuple[str, ...]]]],
) -> Iterator[tuple[int, tuple[str, ...]]]:
    for lines, cells in blocks:
        yield from zip(lines, zip(*cells, strict=True), strict=True)


def _header_positions(shown: str, cells: list[str], columns: Sequence[ColumnSpec]) -> dict[str, int]:
    """Where each column of ``columns`` is in the header row (absent optional columns left out)."""
    by_name: dict[str, ColumnSpec] = {}
    for spec in columns:
        by_name[spec.key.lower()] = spec
        by_name[spec.zh.lower()] = spec
    unknown: list[str] = []
    seen: dict[str, str] = {}
    positions: dict[str, int] = {}
    for pos, raw in enumerate(cells):
        name = _norm_header(raw)
        if not name:
            continue  # an unnamed column (Excel's trailing empties) is ignored
        spec = by_name.get(name)
        if spec is None:
            unknown.append(raw)
            continue
        if spec.key in seen:
            unknown.append(f"{raw} (= {seen[spec.key]})")
            continue
        seen[spec.key] = raw
        positions[spec.key] = pos
    if unknown:
        known = ", ".join(f"{c.zh} ({c.key}){'*' if c.required else ''}" for c in columns)
        raise BangfuError("import.unknown_columns", file=shown, columns=", ".join(unknown), known=known)
    missing = [f"{c.zh} ({c.key})" for c in columns if c.required and c.key not in seen]
    if missing:
        raise BangfuError("import.missing_columns", file=shown, columns=", ".join(missing))
    return positions


def _map_blocks(
    shown: str, records: Iterable[list[str]], columns: Sequence[ColumnSpec]
) -> Iterator[tuple[Sequence[int], list[tuple[str, ...]]]]:
    # Every cell is text (the readers give text only). A block of records is turned into columns
    # at once (``zip_longest`` pads short rows with empty cells; cells past the header's last
    # named column are never looked at), and only the columns asked for are stripped: the work
    # per row is in C, not in a Python loop.
    records = iter(records)
    line = 0
    for record in records:
        line += 1
        header = list(map(str.strip, record))
        if any(header):
            break
    else:
        raise BangfuError("import.empty", file=shown)
    positions = _header_positions(shown, header, columns)
    width = max(positions.values(), default=-1) + 1
    order = [positions.get(c.key) for c in columns]
    found = False
    while block := list(islice(records, ROWS_PER_BLOCK)):
        n = len(block)
        lines: Sequence[int] = range(line + 1, line + 1 + n)
        line += n
        by_column = list(islice(zip_longest(*block, fillvalue=""), width))
        empty = ("",) * n
        cells = [
            tuple(map(str.strip, by_column[pos])) if pos is not None and pos < len(by_column) else empty
            for pos in order
        ]
        # a row whose cells asked for are all empty is skipped
        keep = list(map(any, zip(*cells, strict=True)))
        if not all(keep):
            lines = list(compress(lines, keep))
            if not lines:
                continue
            cells = [tuple(compress(column, keep)) for column in cells]
        found = True
        yield lines, cells
    if not found:
        raise BangfuError("import.empty", file=shown)


def _csv_records(path: Path) -> Iterator[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BangfuError("import.unreadable", file=str(path), detail=exc.strerror or str(exc)) from exc
    text = None
    if b"\x00" not in raw:  # neither encoding writes a zero byte for anything but NUL
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    del raw
    if text is None:
        raise BangfuError("import.unreadable", file=str(path), detail="not a text file in UTF-8 or GB18030")
    sample = text[:4096]
    delimiter = ","
    first = sample.splitlines()[0] if sample else ""
    if first.count("\t") > first.count(",") and first.count("\t") > 0:
        delimiter = "\t"  # "CSV" saved as Unicode text from Excel is tab separated
    return _csv_iter(str(path), io.StringIO(text, newline=""), delimiter)


def _csv_iter(shown: str, stream: io.StringIO, delimiter: str) -> Iterator[list[str]]:
    from bangfu_cli.services.file_guard import check_csv_end

    reader = csv.reader(stream, delimiter=delimiter)
    started = last = 1  # the line the next (the last) record began on
    try:
        for record in reader:
            last = started
            yield record
            started = reader.line_num + 1
    except csv.Error as exc:
        raise BangfuError("import.unreadable", file=shown, detail=str(exc)) from exc
    check_csv_end(shown, stream.getvalue(), last, delimiter)


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a user would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value).strip()


def _xlsx_records(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    from bangfu_cli.services.file_guard import check_xlsx_size, refuse_formula

    check_xlsx_size(path)  # before openpyxl inflates anything
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise BangfuError("import.unreadable", file=str(path), detail=str(exc) or type(exc).__name__) from exc
    except Exception as exc:  # openpyxl raises its own errors for damaged workbooks
        raise BangfuError("import.unreadable", file=str(path), detail=type(exc).__name__) from exc
    try:
        sheet = book.worksheets[0]
        return [[cell_text(refuse_formula(path, c)) for c in row] for row in sheet.iter_rows()]
    finally:
        book.close()


@dataclass
class Problems:
    """The bad rows of one import, gathered so the user sees all of them at once. With the
    file's ``columns``, a problem names a column as the user reads it: its Chinese header in
    Chinese (``走访日期``), its key in English (``date``)."""

    file: str
    # (line, reason): a message not said yet (``domain.messages``), or a text already said
    items: list[tuple[int, Any]] = field(default_factory=list)
    columns: Sequence[ColumnSpec] = ()
    # (line, reason) of rows accepted with a warning (unusual, breaking no rule), noted while
    # the rows are read; the import's result carries them (``ImportResult.take_notes``)
    notes: list[tuple[int, Any]] = field(default_factory=list)

    def add(self, line: int, reason: Any) -> None:
        self.items.append((line, reason))

    def note(self, line: int, reason: Any) -> None:
        """Accept ``line`` with a warning: ``reason``, a message."""
        self.notes.append((line, reason))

    def column(self, key: str) -> Words | str:
        """How a problem names the column ``key``: its Chinese header in Chinese, its key in
        English (``Words``); a name that is not a column stays as it is."""
        for spec in self.columns:
            if spec.key == key:
                return Words(en=key, zh=spec.zh)
        return key

    def _reason(self, exc: BangfuError) -> Message:
        """The error as a problem of a row, the column it names as the user reads it."""
        said = exc.params.get("field")
        if isinstance(said, str) and self.columns:
            named = self.column(said)
            if named is not said:
                return Message(exc.key, {**exc.params, "field": named})
        return Message(exc.key, exc.params)

    @contextmanager
    def row(self, line: int) -> Iterator[None]:
        """Record a ``BangfuError`` raised inside the block as a problem of ``line``."""
        try:
            yield
        except RowError:
            raise
        except BangfuError as exc:
            self.add(line, self._reason(exc))

    def value(self, line: int, parse: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """``parse(*args, **kwargs)``, or None after recording its error for ``line``."""
        try:
            return parse(*args, **kwargs)
        except RowError:
            raise
        except BangfuError as exc:
            self.add(line, self._reason(exc))
            return None

    def bad(self, line: int) -> bool:
        return any(existing == line for existing, _ in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise RowError(self.file, sorted(self.items, key=lambda item: item[0]))


def collect_problems(file: str | Path, columns: Sequence[ColumnSpec] = ()) -> Problems:
    return Problems(str(file), columns=columns)


# The command line's progress display (``show_progress_with``): ``reporter(total, what)``, where
# ``what`` is a message key, is a context manager giving a function to call once per item done.
# None: no display (a library use, a test).
_reporter: Callable[[int, str], Any] | None = None


def show_progress_with(reporter: Callable[[int, str], Any] | None) -> None:
    """Long jobs report their progress to ``reporter`` from now on (None: to nobody)."""
    global _reporter
    _reporter = reporter


def track(items: Sequence[T], what: str) -> Iterator[T]:
    """Iterate ``items``, telling the progress display (message key ``what``) when there are many."""
    reporter = _reporter
    if reporter is None or len(items) < PROGRESS_FROM:
        yield from items
        return
    with reporter(len(items), what) as advance:
        for item in items:
            yield item
            advance()
