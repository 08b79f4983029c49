"""The quarterly work summary (季度工作总结) as HTML (charts as inline SVG) or xlsx (charts drawn
by Excel from the sheet's own cells). Neither needs a network to view. Every user text is escaped
(HTML) or written as a string (xlsx)."""

from __future__ import annotations

from html import escape
from pathlib import Path

import xlsxwriter

from bangfu_cli.domain.assessment import CONCLUSIONS
from bangfu_cli.domain.reports import (
    ALERT_KEYS,
    CATEGORY_KEYS,
    COLLECT_KEYS,
    MODE_KEYS,
    OVERDUE_KEYS,
    RATE_KEYS,
)
from bangfu_cli.exporters.quarter_assistance import KEYS as ASSIST_KEYS
from bangfu_cli.exporters.quarter_assistance import sections as assistance_sections
from bangfu_cli.i18n import current_lang, t
from bangfu_cli.i18n.reports import cell, collection_line


def _h(key: str) -> str:
    return t("report.col." + key)


def _title(rep) -> str:
    return t("report.title", place=rep.township or t("report.all_townships"), quarter=rep.quarter)


def _subtitle(rep) -> str:
    text = t(
        "report.subtitle", start=rep.start.isoformat(), end=rep.end.isoformat(), as_of=rep.as_of.isoformat()
    )
    if rep.chain:
        from bangfu_cli.exporters.common import chain_text

        text += "　" + chain_text(rep.chain)
    return text


def _sections(rep):
    """(heading, column keys, rows) of every table, in the order the report shows them."""
    cat = [{**r, "township": r["township"]} for r in rep.categories]
    yield t("report.section.categories"), ("township", *CATEGORY_KEYS), cat
    yield t("report.section.visits"), ("township", *MODE_KEYS), rep.visits
    yield t("report.section.rate_township"), ("township", *RATE_KEYS), rep.compliance_township
    yield t("report.section.rate_village"), ("township", "village", *RATE_KEYS), rep.compliance_village
    yield t("report.section.overdue", count=len(rep.overdue)), OVERDUE_KEYS, rep.overdue
    yield t("report.section.collection_missing"), COLLECT_KEYS, rep.collection_missing
    yield t("report.section.alerts", count=len(rep.alerts)), ALERT_KEYS, rep.alerts
    rows = [{"conclusion": label_conclusion(k), "count": rep.assessments.get(k, 0)} for k in CONCLUSIONS]
    yield t("report.section.assessments"), ("conclusion", "count"), rows
    yield from assistance_sections(rep)


def label_conclusion(key: str) -> str:
    return t("assess.conclusion." + key)


# --- HTML ------------------------------------------------------------------------------------------

CSS = """
@page { size: A4 portrait; margin: 14mm 12mm; }
body { font-family: "Microsoft YaHei", "SimSun", "PingFang SC", "Noto Sans CJK SC", sans-serif;
       font-size: 10pt; line-height: 1.35; margin: 0 auto; max-width: 190mm; color: #000; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 1mm; }
p.sub { text-align: center; color: #444; font-size: 9pt; margin: 0 0 4mm; }
h2 { font-size: 11.5pt; border-bottom: 1pt solid #333; margin: 5mm 0 2mm; padding-bottom: 0.5mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 2mm; }
th, td { border: 0.6pt solid #000; padding: 0.6mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f2f2f2; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
p.none { color: #666; }
svg { display: block; margin: 2mm 0 3mm; }
"""


def _e(value) -> str:
    return "" if value is None else escape(str(value), quote=True)


def _svg_bars(rows: list[dict], name_keys: tuple[str, ...]) -> str:
    """A horizontal bar chart of compliance rates, drawn inline (no script, no network)."""
    rows = [r for r in rows if r.get("rate") is not None]
    if not rows:
        return ""
    bar_h, gap, left, width = 16, 6, 150, 520
    height = len(rows) * (bar_h + gap) + 24
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}" height="{height}" '
        f'role="img" aria-label="{_e(t("report.chart.rate"))}" font-size="11">'
    ]
    for pct in (0, 25, 50, 75, 100):
        x = left + width * pct / 100
        out.append(
            f'<line x1="{x}" y1="0" x2="{x}" y2="{height - 18}" stroke="#ccc" stroke-width="0.6"/>'
            f'<text x="{x}" y="{height - 4}" text-anchor="middle" fill="#555">{pct}%</text>'
        )
    for i, r in enumerate(rows):
        y = i * (bar_h + gap) + 2
        name = " ".join(str(r[k]) for k in name_keys if r.get(k))
        w = width * r["rate"]
        colour = "#2e7d32" if r["rate"] >= 0.95 else "#f9a825" if r["rate"] >= 0.8 else "#c62828"
        out.append(
            f'<text x="{left - 6}" y="{y + bar_h - 4}" text-anchor="end">{_e(name)}</text>'
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 4}">{r["rate"] * 100:.1f}%</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _html_table(keys, rows) -> str:
    if not rows:
        return f'<p class="none">{_e(t("report.none"))}</p>'
    out = ["<table><thead><tr>", *(f"<th>{_e(_h(k))}</th>" for k in keys), "</tr></thead><tbody>"]
    for r in rows:
        out.append("<tr>")
        for k in keys:
            v = r.get(k)
            cls = ' class="n"' if isinstance(v, (int, float)) and not isinstance(v, bool) else ""
            out.append(f"<td{cls}>{_e(cell(k, v))}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def write_html(path: Path, rep) -> None:
    lang = "zh-CN" if current_lang() == "zh" else "en"
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{_e(_title(rep))}</title>'
        f"<style>{CSS}</style></head><body>",
        f'<h1>{_e(_title(rep))}</h1><p class="sub">{_e(_subtitle(rep))}</p>',
    ]
    for heading, keys, rows in _sections(rep):
        parts.append(f"<h2>{_e(heading)}</h2>")
        if keys == ("township", *RATE_KEYS):
            parts.append(_svg_bars(rows, ("township",)))
        elif keys == ("township", "village", *RATE_KEYS):
            parts.append(_svg_bars(rows, ("village",)))
        elif keys == COLLECT_KEYS:
            parts.append(f"<p>{_e(collection_line(rep))}</p>")
        parts.append(_html_table(keys, rows))
    if rep.missing_parts:
        parts.append(
            f'<p class="none">{_e(t("report.missing_parts", parts=", ".join(rep.missing_parts)))}</p>'
        )
    parts.append("</body></html>\n")
    path.write_text("".join(parts), encoding="utf-8")


# --- xlsx ------------------------------------------------------------------------------------------


def write_xlsx(path: Path, rep) -> None:
    """The summary sheet (every table of ``_sections``) and, for the rate tables, a sheet of
    bar charts drawn from the summary's own cells."""
    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    font = {"font_name": "宋体", "font_size": 10}
    fmts = {
        "title": wb.add_format({**font, "bold": True, "font_size": 14}),
        "head": wb.add_format({**font, "bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True}),
        "text": wb.add_format({**font, "border": 1}),
        "wrap": wb.add_format({**font, "border": 1, "text_wrap": True, "valign": "top"}),
        "num": wb.add_format({**font, "border": 1}),
        "pct": wb.add_format({**font, "border": 1, "num_format": "0.0%"}),
        "h2": wb.add_format({**font, "bold": True, "font_size": 11}),
    }
    ws = wb.add_worksheet(t("report.sheet.summary")[:31])
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_column(0, 2, 12)
    ws.set_column(3, 3, 19)
    ws.set_column(4, 12, 12)
    ws.write_string(0, 0, _title(rep), fmts["title"])
    ws.write_string(1, 0, _subtitle(rep))
    row, chart_rows = _xlsx_tables(ws, rep, fmts)
    _xlsx_charts(wb, ws, chart_rows)
    if rep.missing_parts:
        ws.write_string(row, 0, t("report.missing_parts", parts=", ".join(rep.missing_parts)))
    wb.close()


def _xlsx_tables(ws, rep, fmts: dict) -> tuple[int, dict[str, tuple[int, int, int]]]:
    """Every table from row 3; returns the next free row and, per rate table, (first row, last
    row, rate column)."""
    row = 3
    chart_rows: dict[str, tuple[int, int, int]] = {}
    for heading, keys, rows in _sections(rep):
        ws.write_string(row, 0, heading, fmts["h2"])
        row += 1
        if keys == COLLECT_KEYS:
            ws.write_string(row, 0, collection_line(rep))
            row += 1
        if not rows:
            ws.write_string(row, 0, t("report.none"))
            row += 2
            continue
        if keys == ASSIST_KEYS:
            ws.write_string(row, 0, _h(keys[0]), fmts["head"])
            ws.merge_range(row, 1, row, DETAIL_LAST_COL, _h(keys[1]), fmts["head"])
        else:
            for col, k in enumerate(keys):
                ws.write_string(row, col, _h(k), fmts["head"])
        first = row + 1
        for r in rows:
            row += 1
            if keys == ASSIST_KEYS:
                _xlsx_detail_row(ws, row, r, fmts)
                continue
            for col, k in enumerate(keys):
                _xlsx_cell(ws, row, col, k, r.get(k), fmts)
        if keys[-len(RATE_KEYS) :] == RATE_KEYS:
            chart_rows[heading] = (first, row, len(keys) - 1)
        row += 2
    return row, chart_rows


# An assistance section's detail (a unit's villages, what it owes) runs to a paragraph: it is
# written across the sheet's columns B–I and wrapped there, its row as tall as its lines. The
# columns are 12 × 7 + 19 widths of the default font's "0"; 宋体 10 pt fits some 1.3 of its
# half-width characters in one (a Chinese character counting two): DETAIL_WIDTH per line.
DETAIL_LAST_COL = 8
DETAIL_WIDTH = int((12 * 7 + 19) * 1.3)
ITEM_WIDTH = int(12 * 1.3)
LINE_POINTS = 13.5


def _xlsx_detail_row(ws, row: int, r: dict, fmts: dict) -> None:
    from math import ceil
    from unicodedata import east_asian_width

    item, text = cell("item", r["item"]), cell("detail", r["detail"])
    ws.write_string(row, 0, item, fmts["wrap"])
    ws.merge_range(row, 1, row, DETAIL_LAST_COL, text, fmts["wrap"])

    def lines(words: str, per_line: int) -> int:
        return ceil(sum(2 if east_asian_width(ch) in "WF" else 1 for ch in words) / per_line)

    ws.set_row(row, LINE_POINTS * max(1, lines(text, DETAIL_WIDTH), lines(item, ITEM_WIDTH)))


def _xlsx_cell(ws, row: int, col: int, key: str, value, fmts: dict) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmts["text"])
    elif key == "rate":
        ws.write_number(row, col, value, fmts["pct"])
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value, fmts["num"])
    else:
        ws.write_string(row, col, cell(key, value), fmts["text"])


def _xlsx_charts(wb, ws, chart_rows: dict[str, tuple[int, int, int]]) -> None:
    """A bar chart of each rate table, on a sheet of their own (none without rate tables)."""
    charts = wb.add_worksheet(t("report.sheet.charts")[:31]) if chart_rows else None
    if charts is not None:
        charts.set_paper(9)
        charts.fit_to_pages(1, 0)
    chart_at = 1
    for heading, (first, last, rate_col) in chart_rows.items():
        chart = wb.add_chart({"type": "bar"})
        name_col = rate_col - len(RATE_KEYS)
        chart.add_series(
            {
                "name": t("report.chart.rate"),
                "categories": [ws.name, first, name_col, last, name_col],
                "values": [ws.name, first, rate_col, last, rate_col],
                "data_labels": {"value": True, "num_format": "0.0%"},
                "fill": {"color": "#2E7D32"},
            }
        )
        chart.set_title({"name": heading, "name_font": {"size": 11}})
        chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%"})
        chart.set_legend({"none": True})
        chart.set_size({"width": 640, "height": max(220, 28 * (last - first + 1) + 80)})
        charts.insert_chart(chart_at, 1, chart)
        chart_at += max(14, (last - first + 1) * 2 + 6)
