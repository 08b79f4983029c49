"""The register as an Excel workbook, written row by row (XlsxWriter ``constant_memory``), so a
county's register takes the same memory as a village's.

**book** layout — what is printed and bound: a sheet per village, and per household a block
(household facts, pairing history, visits with a blank 农户签字 column, quarterly income) that
starts on a new page; A4 landscape, one page wide, the title rows repeated on every page.

**flat** layout — one row per visit with its household's columns, filters on, header frozen.

Every text goes through ``write_string``: a name or a note starting with ``=`` stays text."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache, partial
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellBlankTuple, CellNumberTuple, CellStringTuple, Worksheet

from bangfu_cli.exporters.common import (
    FLAT_COLUMNS,
    INCOME_HEADS,
    PAIR_HEADS,
    VISIT_HEADS,
    flat_rows,
    household_info,
    selection_text,
    span,
    title,
    yuan,
)
from bangfu_cli.i18n import label, t

# Book layout: nine columns, sized for Chinese text (a CJK character is two width units).
BOOK_WIDTHS = (12, 8, 11, 30, 20, 14, 24, 18, 12)
LAST = len(BOOK_WIDTHS) - 1
SIGN_HEIGHT = 20  # points: room for the household's signature on every visit row
MAX_BREAKS = 1000  # Excel allows 1,023 manual page breaks per sheet; a larger village continues
INFO_SPANS = ((0, 1), (2, 3), (4, 5), (6, LAST))
PAIR_SPANS = ((0, 0), (1, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, LAST))
COL_KEYS = set(PAIR_HEADS + VISIT_HEADS + INCOME_HEADS) | {
    "township",
    "village",
    "code",
    "head_name",
    "size",
    "id_number",
    "phone",
    "category",
    "risk",
    "since",
    "closed_on",
    "status_on",
}
SECTION_KEYS = ("pairings", "no_pairings", "visits", "no_visits", "income", "no_income")
SHEET_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})
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


class _Formats:
    def __init__(self, wb) -> None:
        font = {"font_name": "宋体", "font_size": 10}
        box = {**font, "border": 1, "valign": "vcenter", "text_wrap": True}
        self.title = self.spans(
            wb, {**font, "bold": True, "font_size": 16, "center_across": True}, edges=False
        )
        self.meta = self.spans(
            wb, {**font, "font_size": 9, "font_color": "#555555", "center_across": True}, edges=False
        )
        self.band = self.spans(wb, {**font, "bold": True, "font_size": 11, "bg_color": "#DDEBF7"})
        self.info = self.spans(wb, font)
        self.empty = self.spans(wb, {**font, "font_color": "#777777", "center_across": True})
        self.head = wb.add_format({**box, "bold": True, "bg_color": "#F2F2F2", "align": "center"})
        self.cell = wb.add_format(box)
        self.center = wb.add_format({**box, "align": "center"})
        self.date = wb.add_format({**box, "num_format": "yyyy-mm-dd", "align": "center"})
        self.money = wb.add_format({**box, "num_format": "#,##0.00"})
        self.int = wb.add_format({**box, "align": "center"})
        self.flat_head = wb.add_format(
            {**font, "bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True}
        )
        self.flat_text = wb.add_format(font)
        self.flat_date = wb.add_format({**font, "num_format": "yyyy-mm-dd"})
        self.head_span = self.spans(wb, {**font, "bold": True, "bg_color": "#F2F2F2", "center_across": True})
        # Every label once, in the interface language (looked up per row they would cost time).
        self.labels = {k: t("export.col." + k) for k in COL_KEYS}
        self.labels.update({k: t("export.section." + k) for k in SECTION_KEYS})
        self.labels.update({"kind." + k: label("kind", k) for k in ("pair", "leader")})
        self.labels["late_mark"] = t("export.late_mark")
        self.modes = {m: label("mode", m) for m in ("home", "phone", "online")}
        self.serials = _Serials()

    @staticmethod
    def spans(wb, props: dict, edges: bool = True) -> tuple:
        """Formats that draw one box over several cells without merging them: (single, first,
        middle, last). Merged ranges cost memory per cell for the whole workbook; a box of
        borders does not, and the text flows over the empty cells beside it."""
        if not edges:
            one = wb.add_format({**props, "valign": "vcenter"})
            return one, one, one, one
        tb = {**props, "valign": "vcenter", "top": 1, "bottom": 1}
        return (
            wb.add_format({**tb, "left": 1, "right": 1}),
            wb.add_format({**tb, "left": 1}),
            wb.add_format(tb),
            wb.add_format({**tb, "right": 1}),
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


class _BookSheet:
    """One village's sheet (or its continuation), written strictly top to bottom."""

    def __init__(self, wb, fmt: _Formats, name: str, heading: str, meta: str) -> None:
        self.ws = wb.add_worksheet(name, worksheet_class=_FastSheet)
        self.fmt = fmt
        self.labels = fmt.labels
        self.modes = fmt.modes
        self.row = 0
        self.breaks: list[int] = []
        ws = self.ws
        for col, width in enumerate(BOOK_WIDTHS):
            ws.set_column(col, col, width)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
        ws.repeat_rows(0, 1)
        ws.center_horizontally()
        ws.set_footer("&C" + t("export.meta.page"))
        ws.set_default_row(SIGN_HEIGHT)  # every row has room for a signature
        ws.set_row(0, 26)
        ws.set_row(1, 15)
        _span(ws, 0, 0, LAST, heading, fmt.title)
        _span(ws, 1, 0, LAST, meta, fmt.meta)
        self.row = 3

    def household(self, e) -> int:
        ws, f, L = self.ws, self.fmt, self.labels
        if self.row > 3:
            self.row += 1
            self.breaks.append(self.row)
        r = self.row
        _put(ws, r, 0, _box(t("export.section.household", code=e.code, head=e.head_name), 0, LAST, f.band))
        r += 1
        info = household_info(e)
        for line in info:
            cells = []
            for (key, value), (a, b) in zip(line, INFO_SPANS, strict=True):
                cells += _box(f"{L[key]}：{value}", a, b, f.info)
            _put(ws, r, 0, cells)
            r += 1

        _put(ws, r, 0, _box(L["pairings"], 0, LAST, f.band))
        r += 1
        cells = []
        for key, (a, b) in zip(PAIR_HEADS, PAIR_SPANS, strict=True):
            cells += _box(L[key], a, b, f.head_span)
        _put(ws, r, 0, cells)
        r += 1
        if not e.pairings:
            _put(ws, r, 0, _box(L["no_pairings"], 0, LAST, f.empty))
            r += 1
        for p in e.pairings:
            if _lines(p.unit, BOOK_WIDTHS[3]) > 1 or _lines(p.position, BOOK_WIDTHS[4]) > 1:
                ws.set_row(
                    r, 13.5 * max(_lines(p.unit, BOOK_WIDTHS[3]), _lines(p.position, BOOK_WIDTHS[4])) + 2
                )
            _put(
                ws,
                r,
                0,
                [
                    (L.get("kind." + p.kind, p.kind), f.center),
                    *_box(f"{p.name} {p.cadre}", 1, 2, f.info),
                    (p.unit, f.cell),
                    (p.position, f.cell),
                    (p.phone, f.center),
                    (span(p.start, p.end), f.center),
                    *_box(p.end_reason, 7, LAST, f.info),
                ],
            )
            r += 1

        _put(ws, r, 0, _box(L["visits"], 0, LAST, f.band))
        r += 1
        _put(ws, r, 0, [(L[key], f.head) for key in VISIT_HEADS])
        r += 1
        if not e.visits:
            _put(ws, r, 0, _box(L["no_visits"], 0, LAST, f.empty))
            r += 1
        modes = self.modes
        cell, center, date_fmt = f.cell, f.center, f.date
        serials = f.serials
        for v in e.visits:
            lines = max(
                _lines(v.content, BOOK_WIDTHS[3]),
                _lines(v.problems, BOOK_WIDTHS[4]),
                _lines(v.guarantees, BOOK_WIDTHS[5]),
                _lines(v.measures, BOOK_WIDTHS[6]),
                _lines(v.follow_up, BOOK_WIDTHS[7]),
            )
            if lines > 1:  # one line fits the default (signature) height
                ws.set_row(r, max(13.5 * lines + 2, SIGN_HEIGHT))
            cells = [
                (modes.get(v.mode, v.mode), center),
                (v.cadre_name, center),
                (v.content, cell),
                (v.problems, cell),
                (v.guarantees, cell),
                (v.measures, cell),
                (v.follow_up, cell),
                (None, cell),  # 农户签字: signed on paper
            ]
            day = v.date
            if type(day) is date and day >= EXCEL_SAFE_FROM:  # the date's serial in the same row
                _put(ws, r, 0, [(serials[day], date_fmt), *cells])
            else:
                _write_date(ws, r, 0, day, date_fmt, serials)
                _put(ws, r, 1, cells)
            r += 1

        _put(ws, r, 0, _box(L["income"], 0, LAST, f.band))
        r += 1
        _put(ws, r, 0, [(L[key], f.head) for key in INCOME_HEADS])
        r += 1
        if not e.income:
            _put(ws, r, 0, _box(L["no_income"], 0, LAST, f.empty))
            r += 1
        for i in e.income:
            _put(ws, r, 0, [(i.quarter + (L["late_mark"] if i.late else ""), f.center), (i.size, f.int)])
            _write_date(ws, r, 2, i.collected_on, f.date, serials)
            money = (
                i.wage_fen,
                i.business_fen,
                i.business_cost_fen,
                i.transfer_fen,
                i.property_fen,
                i.net_fen,
            )
            _put(ws, r, 3, [(yuan(fen), f.money) for fen in money])
            r += 1
        self.row = r
        _forget_written_rows(ws)  # memory stays flat however many households a sheet holds
        return len(e.visits)

    def finish(self) -> None:
        if self.breaks:
            self.ws.set_h_pagebreaks(self.breaks)
        _forget_written_rows(self.ws)


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


def _sheet_name(village: str, township: str, taken: set[str], part: int) -> str:
    base = village.translate(SHEET_BAD)[:28] or "Sheet"
    if any(n.split(" (")[0] == base for n in taken) and part == 1:
        base = f"{township}{village}".translate(SHEET_BAD)[:28]
    name = base if part == 1 else f"{base[:24]} ({part})"
    n = 2
    while name in taken:
        name = f"{base[:24]} ({n})"
        n += 1
    taken.add(name)
    return name


def write_book(path: Path, entries: Iterable, sel, advance: Callable[[int], None]) -> tuple[int, int]:
    """The book layout; returns (households, visits) written."""
    wb = _workbook(path)
    fmt = _Formats(wb)
    meta = selection_text(sel)
    taken: set[str] = set()
    sheet: _BookSheet | None = None
    key = None
    part = 0
    households = visits = 0
    for e in entries:
        if (e.township, e.village) != key or len(sheet.breaks) >= MAX_BREAKS:
            part = part + 1 if (e.township, e.village) == key else 1
            key = (e.township, e.village)
            if sheet is not None:
                sheet.finish()
            sheet = _BookSheet(
                wb, fmt, _sheet_name(e.village, e.township, taken, part), title(e.township, e.village), meta
            )
        visits += sheet.household(e)
        households += 1
        advance(len(e.visits))
    if sheet is None:  # nothing selected: a sheet that says so
        sheet = _BookSheet(wb, fmt, t("export.sheet.empty")[:31], title(sel.township, sel.village), meta)
        _span(sheet.ws, 3, 0, LAST, t("export.empty"), fmt.empty)
    sheet.finish()
    wb.close()
    return households, visits


def write_flat(path: Path, entries: Iterable, sel, advance: Callable[[int], None]) -> tuple[int, int]:
    """The flat layout; returns (households, visits) written."""
    wb = _workbook(path)
    fmt = _Formats(wb)
    ws = wb.add_worksheet(t("export.sheet.flat")[:31], worksheet_class=_FastSheet)
    for col, (_key, header, width, _kind) in enumerate(FLAT_COLUMNS):
        ws.set_column(col, col, width)
        ws.write_string(0, col, t(header), fmt.flat_head)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    kinds = [c[3] for c in FLAT_COLUMNS]
    text_fmt, date_fmt, serials = fmt.flat_text, fmt.flat_date, fmt.serials
    row = 1
    households = visits = 0
    for e in entries:
        for values in flat_rows(e):
            for col, value in enumerate(values):
                if value is None or value == "":
                    continue
                kind = kinds[col]
                if kind == "text":
                    ws.write_string(row, col, value, text_fmt)
                elif kind == "date":
                    _write_date(ws, row, col, value, date_fmt, serials)
                else:
                    ws.write_number(row, col, value)
            row += 1
        households += 1
        visits += len(e.visits)
        advance(len(e.visits))
    ws.autofilter(0, 0, max(row - 1, 0), len(FLAT_COLUMNS) - 1)
    wb.close()
    return households, visits
