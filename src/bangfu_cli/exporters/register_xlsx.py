"""The register as an Excel workbook, written row by row (XlsxWriter ``constant_memory``), so a
county's register takes the same memory as a village's.

**book** layout — what is printed and bound: a sheet per village, and per household a block
(household facts, pairing history, visits with a blank 农户签字 column, quarterly income) that
starts on a new page; A4 landscape, one page wide, the title rows repeated on every page.

**flat** layout — one row per visit with its household's columns, filters on, header frozen.

Every text goes through ``write_string``: a name or a note starting with ``=`` stays text. How a
cell is written fast and byte for byte as XlsxWriter writes it is ``xlsx_cells``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

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
from bangfu_cli.exporters.xlsx_cells import (
    EXCEL_SAFE_FROM,
    _box,
    _FastSheet,
    _forget_written_rows,
    _lines,
    _put,
    _Serials,
    _span,
    _workbook,
    _write_date,
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
        """One household's block, from a new page; returns how many visits it holds."""
        if self.row > 3:
            self.row += 1
            self.breaks.append(self.row)
        r = self._facts(self.row, e)
        r = self._pairings(r, e.pairings)
        r = self._visits(r, e.visits)
        r = self._income(r, e.income)
        self.row = r
        _forget_written_rows(self.ws)  # memory stays flat however many households a sheet holds
        return len(e.visits)

    def _section(self, r: int, key: str, heads: list | None) -> int:
        """A section's band and, with ``heads`` (its header cells), its header row."""
        _put(self.ws, r, 0, _box(self.labels[key], 0, LAST, self.fmt.band))
        r += 1
        if heads is not None:
            _put(self.ws, r, 0, heads)
            r += 1
        return r

    def _none(self, r: int, key: str) -> int:
        _put(self.ws, r, 0, _box(self.labels[key], 0, LAST, self.fmt.empty))
        return r + 1

    def _facts(self, r: int, e) -> int:
        ws, f, L = self.ws, self.fmt, self.labels
        _put(ws, r, 0, _box(t("export.section.household", code=e.code, head=e.head_name), 0, LAST, f.band))
        r += 1
        for line in household_info(e):
            cells = []
            for (key, value), (a, b) in zip(line, INFO_SPANS, strict=True):
                cells += _box(f"{L[key]}：{value}", a, b, f.info)
            _put(ws, r, 0, cells)
            r += 1
        return r

    def _pairings(self, r: int, pairings: list) -> int:
        ws, f, L = self.ws, self.fmt, self.labels
        heads = []
        for key, (a, b) in zip(PAIR_HEADS, PAIR_SPANS, strict=True):
            heads += _box(L[key], a, b, f.head_span)
        r = self._section(r, "pairings", heads)
        if not pairings:
            r = self._none(r, "no_pairings")
        for p in pairings:
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
        return r

    def _visits(self, r: int, visits: list) -> int:
        ws, f = self.ws, self.fmt
        r = self._section(r, "visits", [(self.labels[key], f.head) for key in VISIT_HEADS])
        if not visits:
            r = self._none(r, "no_visits")
        modes = self.modes
        cell, center, date_fmt = f.cell, f.center, f.date
        serials = f.serials
        for v in visits:
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
        return r

    def _income(self, r: int, income: list) -> int:
        ws, f, L = self.ws, self.fmt, self.labels
        r = self._section(r, "income", [(L[key], f.head) for key in INCOME_HEADS])
        if not income:
            r = self._none(r, "no_income")
        for i in income:
            _put(ws, r, 0, [(i.quarter + (L["late_mark"] if i.late else ""), f.center), (i.size, f.int)])
            _write_date(ws, r, 2, i.collected_on, f.date, f.serials)
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
        return r

    def finish(self) -> None:
        if self.breaks:
            self.ws.set_h_pagebreaks(self.breaks)
        _forget_written_rows(self.ws)


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
