"""Writing cells into XlsxWriter quickly and exactly as XlsxWriter would: dates as serial
numbers, a worksheet that turns the register's cells into their XML with a fraction of the work
(``_FastSheet``), boxes of borders instead of merged cells, row heights for wrapped text, rows
forgotten once written, and a package deflated at ``ZIP_LEVEL``. The register's layouts
(``register_xlsx``) stand on these; ``tests/exports/test_register_xlsx_fast_paths`` proves the
sheets are the same bytes as XlsxWriter's own calls write."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from functools import lru_cache, partial
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellBlankTuple, CellNumberTuple, CellStringTuple, Worksheet

EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 of Excel's 1900 date system, valid from 1900-03-01
EXCEL_SAFE_FROM = date(1900, 3, 1)


class _Serials(dict):
    """Dates as Excel serial numbers, each distinct date computed once. A date cell written with
    ``write_number(serial, date format)`` is the same XML as ``write_datetime`` writes, at a
    fraction of its cost (XlsxWriter converts through datetime arithmetic per call)."""

    def __missing__(self, day: date) -> int:
        self[day] = serial = (day - EXCEL_EPOCH).days
        return serial


# What makes XlsxWriter escape a string cell (control characters, its own _xHHHH_ escapes, the two
# non-characters, rich strings) — such a cell is left to it; and what makes it keep whitespace.
_NEEDS_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]|^<r>")
_EDGE_SPACE = re.compile(r"^\s|\s$")
_XML_SPECIAL = re.compile("[&<>]")
_COLUMN_NAMES = [xl_col_to_name(c) for c in range(64)]


class _FastSheet(Worksheet):
    """A worksheet that writes the register's cells — text, numbers and blanks, each with a format,
    in ``constant_memory`` mode — as the very XML ``Worksheet._write_cell`` writes for them, with
    a fraction of its work per cell (one f-string instead of attribute lists, escaping only what
    needs it). Every other cell goes to XlsxWriter. ``tests/exports/test_register_xlsx_fast_paths``
    proves the sheets are the same bytes as with the plain ``Worksheet``.

    A cell whose format already has its style number is turned into its XML as soon as it is
    put (it is kept in the row's table as that text until the row is written); a format used
    for the first time waits for the row to be written, as XlsxWriter numbers formats in the
    order it writes them. The row's own tag is made once per kind of row."""

    def __init__(self) -> None:
        super().__init__()
        self._row_tags: dict[tuple, str] = {}  # what follows the row number, by kind of row

    def _escape_attributes(self, attribute):
        # XlsxWriter escapes every attribute, numbers included (through a caught TypeError).
        if type(attribute) is not str:
            return attribute
        return super()._escape_attributes(attribute)

    def _cell_xml(self, row: int, col: int, cell) -> str | None:
        """The XML of one cell, or None for a cell XlsxWriter must write itself."""
        if type(cell) is str:  # made when it was put
            return cell
        fmt = cell.format
        if fmt is None or col >= 64:
            return None
        kind = type(cell)
        if kind is CellStringTuple:
            return _xml(row, col, fmt._get_xf_index(), str, cell.string)
        if kind is CellBlankTuple:
            return _xml(row, col, fmt._get_xf_index(), None, None)
        if kind is CellNumberTuple:
            return _xml(row, col, fmt._get_xf_index(), float, cell.number)
        return None

    def _write_cell(self, row: int, col: int, cell) -> None:
        xml = self._cell_xml(row, col, cell) if self.constant_memory else None
        if xml is None:
            super()._write_cell(row, col, cell)
        else:
            self.fh.write(xml)

    def _row_tag(self, row_num: int) -> str:
        """``<row …>`` as ``Worksheet._write_row`` writes it for a row with cells: everything
        after the row number depends only on the row's settings and the sheet's row heights."""
        info = self.row_info.get(row_num)
        key = (
            self.default_row_height,
            info and (info.height, info.row_format, info.hidden, info.level, info.collapsed),
        )
        rest = self._row_tags.get(key)
        if rest is None:
            fh, self.fh = self.fh, io.StringIO()
            try:
                self._write_row(0, None, info)
                rest = self._row_tags[key] = self.fh.getvalue()[len('<row r="1"') :]
            finally:
                self.fh = fh
        return f'<row r="{row_num + 1}"{rest}'

    def _write_single_row(self, current_row_num=0) -> None:
        # XlsxWriter's constant_memory row writer (worksheet.py, _write_single_row), with the
        # cells of the row joined into one write instead of one write per cell.
        row_num = self.previous_row
        self.previous_row = current_row_num
        cells = self.table.get(row_num)
        if cells:
            write = self.fh.write
            parts: list[str] = [self._row_tag(row_num)]
            for col_num in range(self.dim_colmin, self.dim_colmax + 1):
                cell = cells.get(col_num)
                if cell is None:
                    continue
                xml = self._cell_xml(row_num, col_num, cell)
                if xml is None:
                    write("".join(parts))
                    parts.clear()
                    super()._write_cell(row_num, col_num, cell)
                else:
                    parts.append(xml)
            parts.append("</row>")
            write("".join(parts))
        elif row_num in self.row_info or row_num in self.comments:
            self._write_empty_row(row_num, None, self.row_info[row_num])
        self.table.clear()

    def put_row(self, row: int, first: int, cells: list) -> None:
        """``cells`` — (value, format) pairs — into ``row`` from column ``first``, stored exactly
        as ``_put_one`` stores them cell by cell (text, a number, or a blank box for None/""),
        with one bounds check and one flush of the previous row for the whole row."""
        last = first + len(cells) - 1
        if (
            not self.constant_memory
            or row < self.previous_row
            or self._check_dimensions(row, first)
            or self._check_dimensions(row, last)
        ):
            for col, (value, fmt) in enumerate(cells, start=first):
                _put_one(self, row, col, value, fmt)
            return
        if row > self.previous_row:
            self._write_single_row(row)
        table = self.table[row]
        short = self.xls_strmax // 2  # shorter texts never need XlsxWriter's truncation check
        for col, (value, fmt) in enumerate(cells, start=first):
            kind = type(value)
            # the format's style number when it has one (see the class's docstring)
            xf = fmt.xf_index if fmt is not None and col < 64 else None
            if kind is str and value and len(value) <= short:
                table[col] = (xf and _xml(row, col, xf, str, value)) or CellStringTuple(value, fmt)
            elif value is None or value == "":
                if fmt is not None:
                    table[col] = (xf and _xml(row, col, xf, None, None)) or CellBlankTuple(fmt)
            elif kind is int or kind is float:
                table[col] = (xf and _xml(row, col, xf, float, value)) or CellNumberTuple(value, fmt)
            else:
                _put_one(self, row, col, value, fmt)


def _xml(row: int, col: int, xf: int, kind, value) -> str | None:
    """A cell's XML as ``Worksheet._write_cell`` writes it: text (``kind`` str), a number
    (float) or a blank (None) with style ``xf``; None for a text XlsxWriter must write itself."""
    if kind is str:
        body = _text_body(value)
        if body is None:
            return None
        return f'<c r="{_COLUMN_NAMES[col]}{row + 1}" s="{xf}" t="inlineStr">{body}'
    if kind is None:
        return f'<c r="{_COLUMN_NAMES[col]}{row + 1}" s="{xf}"/>'
    return f'<c r="{_COLUMN_NAMES[col]}{row + 1}" s="{xf}"><v>{value:.16G}</v></c>'


@lru_cache(maxsize=16384)  # names, units and visit texts recur from row to row
def _text_body(text: str) -> str | None:
    """What follows ``<c … t="inlineStr">`` for a text cell, as ``Worksheet._write_cell`` writes
    it; None when XlsxWriter must write the cell itself (escapes, rich strings)."""
    if _NEEDS_ESCAPE.search(text) or text.endswith("</r>"):
        return None
    keep = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
    if _XML_SPECIAL.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<is><t{keep}>{text}</t></is></c>"


def _put_one(ws, row: int, col: int, value, fmt) -> None:
    """One cell: a blank box for None/"", a number, else text (never a formula)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif type(value) in (int, float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _put(ws, row: int, first: int, cells: list) -> None:
    """A row of (value, format) cells from column ``first``; one cell at a time on a plain sheet."""
    put_row = getattr(ws, "put_row", None)
    if put_row is not None:
        put_row(row, first, cells)
        return
    for col, (value, fmt) in enumerate(cells, start=first):
        _put_one(ws, row, col, value, fmt)


def _box(value, first: int, last: int, fmts: tuple) -> list:
    """The cells of ``value`` in a box from column ``first`` to ``last`` (see ``_span``)."""
    if first == last:
        return [(value, fmts[0])]
    return [(value, fmts[1]), *((None, fmts[2]) for _ in range(first + 1, last)), (None, fmts[3])]


def _write_date(ws, row: int, col: int, day: date, fmt, serials: _Serials) -> None:
    if type(day) is date and day >= EXCEL_SAFE_FROM:
        ws.write_number(row, col, serials[day], fmt)
    else:  # a datetime, or before March 1900 (Excel's 1900 leap-year bug): XlsxWriter converts it
        ws.write_datetime(row, col, day, fmt)


# zlib level of the package's parts. XlsxWriter deflates at zlib's default (6); level 1 takes a third
# of the time for a file about a third larger (a township's 29 MB of sheet XML: 0.55 → 0.18 s,
# 3.1 → 4.1 MB) — the register is written far more often than it is mailed.
ZIP_LEVEL = 1


class _Workbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook, its package deflated at ``ZIP_LEVEL``. XlsxWriter opens the zip
    file in ``_store_workbook`` through its module's ``ZipFile`` with no level of its own; should
    that change, the package is written as XlsxWriter writes it."""

    def _store_workbook(self) -> None:
        import xlsxwriter.workbook as module

        plain = getattr(module, "ZipFile", None)
        if plain is not zipfile.ZipFile:
            return super()._store_workbook()
        module.ZipFile = partial(plain, compresslevel=ZIP_LEVEL)
        try:
            return super()._store_workbook()
        finally:
            module.ZipFile = plain


def _workbook(path: Path):
    return _Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )


def _units(text: str) -> float:
    """Display width in Excel column units: a CJK (full-width, three UTF-8 bytes) character takes two."""
    n = len(text)
    return n + (len(text.encode("utf-8")) - n) / 2


@lru_cache(maxsize=8192)  # the same texts recur from visit to visit
def _lines(text, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide (newlines kept)."""
    if not text:
        return 1
    usable = max(width - 0.5, 1.0)
    return sum(max(1, -(-int(_units(part) * 100) // int(usable * 100))) for part in str(text).split("\n"))


def _text(ws, row: int, col: int, value, fmt) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _span(ws, row: int, first: int, last: int, value, fmts: tuple) -> None:
    """``value`` in a box from column ``first`` to ``last``."""
    if first == last:
        _text(ws, row, first, value, fmts[0])
        return
    _text(ws, row, first, value, fmts[1])
    for col in range(first + 1, last):
        ws.write_blank(row, col, None, fmts[2])
    ws.write_blank(row, last, None, fmts[3])


def _forget_written_rows(ws) -> None:
    """Drop the explicit heights of rows XlsxWriter has already written to its temporary file.

    In ``constant_memory`` mode a row's cells are written out as soon as a later row is begun,
    but the row's ``set_row`` height stays in ``row_info``/``row_sizes`` until the workbook
    closes (~230 bytes a row), so memory grew with the county. Only the last row is still
    pending (``previous_row``): it keeps its height. Nothing else reads these entries for a
    sheet without images or charts."""
    pending = ws.previous_row
    for store in (ws.row_info, ws.row_sizes):
        keep = store.get(pending)
        store.clear()
        if keep is not None:
            store[pending] = keep
