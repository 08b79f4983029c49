"""The register as one self-contained HTML file: no script, no font or image from the network,
print CSS that puts every household on its own A4 landscape page. Streamed: each household is
written as soon as it is read. Every user text is escaped."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path

from bangfu_cli.exporters.common import (
    INCOME_HEADS,
    PAIR_HEADS,
    VISIT_HEADS,
    household_info,
    selection_text,
    span,
    title,
    yuan_text,
)
from bangfu_cli.i18n import current_lang, label, t

CSS = """
@page { size: A4 landscape; margin: 9mm 9mm 10mm 9mm; }
* { box-sizing: border-box; }
body { font-family: "Microsoft YaHei", "SimSun", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
       sans-serif; font-size: 9pt; line-height: 1.3; color: #000; margin: 0; }
.screen-note { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif;
               background: #f4f4f4; padding: 8px 16px; font-size: 10pt; }
section.household { padding: 0; }
section.household + section.household { break-before: page; page-break-before: always; }
h1 { font-size: 14pt; text-align: center; margin: 0 0 1mm; letter-spacing: 0.08em; }
p.meta { text-align: center; font-size: 8pt; color: #444; margin: 0 0 2mm; }
h2 { font-size: 10pt; margin: 2mm 0 0.8mm; padding: 0.6mm 1.5mm; background: #ddebf7;
     -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 0.6pt solid #000; padding: 0.5mm 1.2mm; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #f2f2f2; text-align: center; font-weight: bold;
     -webkit-print-color-adjust: exact; print-color-adjust: exact; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.info th { width: 10%; text-align: left; }
table.info td { width: 15%; }
td.c, th.c { text-align: center; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.empty { text-align: center; color: #666; }
table.visits td { height: 6mm; }
@media screen {
  body { background: #e8e8e8; }
  section.household { background: #fff; width: 277mm; margin: 6mm auto; padding: 6mm 8mm;
                      box-shadow: 0 1px 4px rgba(0,0,0,.25); }
}
@media print { .screen-note { display: none; } }
"""


def _e(value) -> str:
    return "" if value is None else escape(str(value), quote=True)


def _household(e, heading: str, meta: str) -> str:
    """One household's section: its facts, pairings, visits and income."""
    out = ['<section class="household">', f"<h1>{_e(heading)}</h1>", f'<p class="meta">{_e(meta)}</p>']
    out.append(f"<h2>{_e(t('export.section.household', code=e.code, head=e.head_name))}</h2>")
    info = household_info(e)
    out.append('<table class="info"><tbody>')
    for line in info:
        cells = "".join(f"<th>{_e(t(f'export.col.{k}'))}</th><td>{_e(v)}</td>" for k, v in line)
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    _pairings(out, e.pairings)
    _visits(out, e.visits)
    _income(out, e.income)
    out.append("</section>\n")
    return "".join(out)


def _table_head(out: list[str], section: str, table: str, heads: tuple) -> None:
    """A section's heading and the start of its table (``table``: up to the header row)."""
    out.append(f"<h2>{_e(t('export.section.' + section))}</h2>")
    out.append(table)
    for key in heads:
        out.append(f"<th>{_e(t('export.col.' + key))}</th>")
    out.append("</tr></thead><tbody>")


def _pairings(out: list[str], pairings: list) -> None:
    _table_head(
        out,
        "pairings",
        '<table><colgroup><col style="width:7%"><col style="width:16%"><col style="width:22%">'
        '<col style="width:12%"><col style="width:11%"><col style="width:18%"><col></colgroup><thead><tr>',
        PAIR_HEADS,
    )
    if not pairings:
        out.append(f'<tr><td class="empty" colspan="7">{_e(t("export.section.no_pairings"))}</td></tr>')
    for p in pairings:
        out.append(
            f'<tr><td class="c">{_e(label("kind", p.kind))}</td><td>{_e(p.name)}（{_e(p.cadre)}）</td>'
            f"<td>{_e(p.unit)}</td><td>{_e(p.position)}</td><td>{_e(p.phone)}</td>"
            f'<td class="c">{_e(span(p.start, p.end))}</td><td>{_e(p.end_reason)}</td></tr>'
        )
    out.append("</tbody></table>")


def _visits(out: list[str], visits: list) -> None:
    _table_head(
        out,
        "visits",
        '<table class="visits"><colgroup><col style="width:9%"><col style="width:5%"><col style="width:7%">'
        '<col style="width:21%"><col style="width:14%"><col style="width:10%"><col style="width:16%">'
        '<col style="width:10%"><col></colgroup><thead><tr>',
        VISIT_HEADS,
    )
    if not visits:
        out.append(f'<tr><td class="empty" colspan="9">{_e(t("export.section.no_visits"))}</td></tr>')
    for v in visits:
        out.append(
            f'<tr><td class="c">{v.date.isoformat()}</td><td class="c">{_e(label("mode", v.mode))}</td>'
            f'<td class="c">{_e(v.cadre_name)}</td><td>{_e(v.content)}</td><td>{_e(v.problems)}</td>'
            f"<td>{_e(v.guarantees)}</td><td>{_e(v.measures)}</td><td>{_e(v.follow_up)}</td>"
            "<td></td></tr>"
        )
    out.append("</tbody></table>")


def _income(out: list[str], income: list) -> None:
    _table_head(out, "income", "<table><thead><tr>", INCOME_HEADS)
    if not income:
        out.append(f'<tr><td class="empty" colspan="9">{_e(t("export.section.no_income"))}</td></tr>')
    for i in income:
        quarter = i.quarter + (t("export.late_mark") if i.late else "")
        money = (i.wage_fen, i.business_fen, i.business_cost_fen, i.transfer_fen, i.property_fen, i.net_fen)
        out.append(
            f'<tr><td class="c">{_e(quarter)}</td><td class="c">{i.size}</td>'
            f'<td class="c">{i.collected_on.isoformat()}</td>'
            + "".join(f'<td class="n">{yuan_text(f)}</td>' for f in money)
            + "</tr>"
        )
    out.append("</tbody></table>")


def write_html(path: Path, entries: Iterable, sel, advance: Callable[[int], None]) -> tuple[int, int]:
    """The register as HTML; returns (households, visits) written."""
    meta = selection_text(sel)
    doc_title = title(sel.township, sel.village)
    lang = "zh-CN" if current_lang() == "zh" else "en"
    households = visits = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(doc_title)}</title><style>{CSS}</style></head><body>\n"
            f'<div class="screen-note">{_e(t("export.html.print_hint"))}</div>\n'
        )
        for e in entries:
            fh.write(_household(e, title(e.township, e.village), meta))
            households += 1
            visits += len(e.visits)
            advance(len(e.visits))
        if households == 0:
            fh.write(
                f'<section class="household"><h1>{_e(doc_title)}</h1><p class="meta">{_e(meta)}</p>'
                f"<p>{_e(t('export.empty'))}</p></section>\n"
            )
        fh.write("</body></html>\n")
    return households, visits
