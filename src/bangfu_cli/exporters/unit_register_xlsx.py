"""The unit register (单位帮扶工作台账) as an Excel workbook: a sheet per unit (its code names the
sheet), printed A4 landscape, one page wide, its title rows repeated on every page. Three tables:
the unit's villages with the link dates, its activities of the year by date (amounts in yuan as
numbers), the trainings of its resident cadres. Every text goes through ``write_string``: a
content starting with ``=`` stays text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from bangfu_cli.domain.unit_register import UnitEntry, UnitSelection
from bangfu_cli.exporters.common import yuan
from bangfu_cli.exporters.unit_register import col, heading, meta, sections
from bangfu_cli.exporters.xlsx_cells import _lines, _span, _text, _workbook
from bangfu_cli.i18n import t

WIDTHS = (12, 18, 12, 14, 16, 36, 12, 20)
LAST = len(WIDTHS) - 1
LINE_HEIGHT = 13.5  # points per wrapped line of 10-point 宋体
SHEET_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})


class _Formats:
    def __init__(self, wb) -> None:
        font = {"font_name": "宋体", "font_size": 10}
        box = {**font, "border": 1, "valign": "vcenter", "text_wrap": True}
        plain = {**font, "valign": "vcenter"}
        self.title = (wb.add_format({**plain, "bold": True, "font_size": 16, "center_across": True}),) * 4
        self.meta = (
            wb.add_format({**plain, "font_size": 9, "font_color": "#555555", "center_across": True}),
        ) * 4
        band = {**font, "bold": True, "font_size": 11, "bg_color": "#DDEBF7", "valign": "vcenter"}
        self.band = _edges(wb, band)
        self.empty = _edges(wb, {**font, "font_color": "#777777", "center_across": True, "valign": "vcenter"})
        self.head = wb.add_format({**box, "bold": True, "bg_color": "#F2F2F2", "align": "center"})
        self.cell = wb.add_format(box)
        self.date = wb.add_format({**box, "num_format": "yyyy-mm-dd", "align": "center"})
        self.money = wb.add_format({**box, "num_format": "#,##0.00"})
        self.int = wb.add_format({**box, "align": "center"})


def _edges(wb, props: dict) -> tuple:
    """(single, first, middle, last): one box over several cells without merging them."""
    tb = {**props, "top": 1, "bottom": 1}
    return (
        wb.add_format({**tb, "left": 1, "right": 1}),
        wb.add_format({**tb, "left": 1}),
        wb.add_format(tb),
        wb.add_format({**tb, "right": 1}),
    )


def _sheet_name(code: str, used: set[str]) -> str:
    base = (code.translate(SHEET_BAD).strip("'") or "unit")[:28]
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[:25]}~{n}"
    used.add(name.lower())
    return name


def _setup(ws) -> None:
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, 1)
    ws.center_horizontally()
    ws.set_footer("&C" + t("export.meta.page"))


def _value(ws, row: int, c: int, key: str, value, fmt: _Formats) -> None:
    if isinstance(value, date):
        ws.write_datetime(row, c, value, fmt.date)
    elif key == "amount" and value is not None and value != "":
        ws.write_number(row, c, value, fmt.money)
    elif isinstance(value, int) and not isinstance(value, bool):
        ws.write_number(row, c, value, fmt.int)
    else:
        _text(ws, row, c, value, fmt.cell)


def _unit_sheet(wb, fmt: _Formats, e: UnitEntry, sel: UnitSelection, name: str) -> None:
    ws = wb.add_worksheet(name)
    _setup(ws)
    ws.set_row(0, 26)
    _span(ws, 0, 0, LAST, heading(e, sel), fmt.title)
    _span(ws, 1, 0, LAST, meta(e, sel), fmt.meta)
    row = 3
    for key, heads, rows, empty in sections(e, money=yuan):
        _span(ws, row, 0, LAST, t("export.unit.section." + key), fmt.band)
        row += 1
        for c, h in enumerate(heads):
            ws.write_string(row, c, col(h), fmt.head)
        row += 1
        if not rows:
            _span(ws, row, 0, len(heads) - 1, t("export.unit.section." + empty), fmt.empty)
            row += 1
        for values in rows:
            lines = max(_lines(v, WIDTHS[c]) if isinstance(v, str) else 1 for c, v in enumerate(values))
            ws.set_row(row, LINE_HEIGHT * lines + 2)
            for c, (h, v) in enumerate(zip(heads, values, strict=True)):
                _value(ws, row, c, h, v, fmt)
            row += 1
        row += 1


def write_xlsx(path: Path, entries: Iterable[UnitEntry], sel: UnitSelection) -> int:
    """The unit register as xlsx, a sheet per unit; returns the units written."""
    wb = _workbook(path)
    fmt = _Formats(wb)
    used: set[str] = set()
    n = 0
    for e in entries:
        _unit_sheet(wb, fmt, e, sel, _sheet_name(e.code, used))
        n += 1
    if n == 0:
        ws = wb.add_worksheet(t("export.unit.sheet_empty"))
        _setup(ws)
        _span(ws, 0, 0, LAST, t("export.unit.title_all", year=sel.year), fmt.title)
        _span(ws, 1, 0, LAST, t("export.unit.empty"), fmt.meta)
    wb.close()
    return n
