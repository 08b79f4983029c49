"""The unit register (单位帮扶工作台账) as HTML and CSV, and what its xlsx shares with them: the
three tables of a unit's year (villages, activities, trainings of its resident cadres) as rows of
display values in the interface language.

HTML: one self-contained file, no script and nothing from the network, every user text escaped,
a page per unit on A4 landscape (the household register's print CSS). CSV: one row per line with
its unit's columns, UTF-8 with a BOM and CRLF as Excel and WPS write it, formula-like text
prefixed with ``'``."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from html import escape
from pathlib import Path

from bangfu_cli.domain.unit_register import UnitEntry, UnitSelection
from bangfu_cli.exporters.common import csv_text, yuan, yuan_text
from bangfu_cli.exporters.register_html import CSS
from bangfu_cli.i18n import current_lang, label, t

LINK_HEADS = ("township", "village", "start", "end")
ACTIVITY_HEADS = ("date", "kind", "township", "village", "people", "content", "amount", "attachment")
# Columns line up with the activities' above them: the training's name under their content.
TRAINING_HEADS = ("start", "end", "level", "cadre", "cadre_name", "training", "days")
CSV_HEADS = (
    "unit",
    "unit_name",
    "unit_level",
    "section",
    "date",
    "end",
    "kind",
    "township",
    "village",
    "people",
    "content",
    "amount",
    "attachment",
    "days",
)


def col(key: str) -> str:
    return t("export.unit.col." + key)


def heading(e: UnitEntry, sel: UnitSelection) -> str:
    return t("export.unit.title", year=sel.year, name=e.name)


def meta(e: UnitEntry, sel: UnitSelection) -> str:
    return t(
        "export.unit.meta",
        code=e.code,
        level=label("unit_level", e.level) or "—",
        start=sel.start.isoformat(),
        end=sel.end.isoformat(),
    )


def link_rows(e: UnitEntry) -> list[tuple]:
    return [(x.township, x.village, x.start, x.end) for x in e.links]


def activity_rows(e: UnitEntry, money=yuan_text) -> list[tuple]:
    """Activities by date: kind in words, amounts in yuan (``money`` formats fen)."""
    return [
        (
            a.date,
            label("activity_kind", a.kind),
            a.township or "",
            a.village or t("export.unit.every_village"),
            a.people or "",
            a.content or "",
            money(a.amount_fen) if a.amount_fen else "",
            a.attachment or "",
        )
        for a in e.activities
    ]


def training_rows(e: UnitEntry) -> list[tuple]:
    return [
        (x.start, x.end, label("training_level", x.level), x.cadre, x.cadre_name, x.name, x.days)
        for x in e.trainings
    ]


def sections(e: UnitEntry, money=yuan_text) -> tuple:
    """(section key, column keys, rows, key of the line shown when there is no row)."""
    return (
        ("links", LINK_HEADS, link_rows(e), "no_links"),
        ("activities", ACTIVITY_HEADS, activity_rows(e, money), "no_activities"),
        ("trainings", TRAINING_HEADS, training_rows(e), "no_trainings"),
    )


# ---------------------------------------------------------------- HTML


def _e(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return escape(str(value), quote=True)


NUMERIC = ("amount", "days")
CENTRED = ("date", "start", "end")


def _td(head: str, value) -> str:
    cls = "n" if head in NUMERIC else "c" if head in CENTRED else ""
    return f'<td class="{cls}">{_e(value)}</td>'


def _unit_html(e: UnitEntry, sel: UnitSelection) -> str:
    out = [
        '<section class="household">',
        f"<h1>{_e(heading(e, sel))}</h1>",
        f'<p class="meta">{_e(meta(e, sel))}</p>',
    ]
    for key, heads, rows, empty in sections(e):
        out.append(f"<h2>{_e(t('export.unit.section.' + key))}</h2><table><thead><tr>")
        out.extend(f"<th>{_e(col(h))}</th>" for h in heads)
        out.append("</tr></thead><tbody>")
        if not rows:
            note = _e(t("export.unit.section." + empty))
            out.append(f'<tr><td class="empty" colspan="{len(heads)}">{note}</td></tr>')
        for row in rows:
            out.append("<tr>" + "".join(_td(h, v) for h, v in zip(heads, row, strict=True)) + "</tr>")
        out.append("</tbody></table>")
    out.append("</section>\n")
    return "".join(out)


def write_html(path: Path, entries: Iterable[UnitEntry], sel: UnitSelection) -> int:
    """The unit register as HTML; returns the units written."""
    lang = "zh-CN" if current_lang() == "zh" else "en"
    doc_title = t("export.unit.title_all", year=sel.year)
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(doc_title)}</title><style>{CSS}</style></head><body>\n"
            f'<div class="screen-note">{_e(t("export.unit.print_hint"))}</div>\n'
        )
        for e in entries:
            fh.write(_unit_html(e, sel))
            n += 1
        if n == 0:
            fh.write(
                f'<section class="household"><h1>{_e(doc_title)}</h1>'
                f"<p>{_e(t('export.unit.empty'))}</p></section>\n"
            )
        fh.write("</body></html>\n")
    return n


# ---------------------------------------------------------------- CSV


def csv_rows(e: UnitEntry) -> Iterator[tuple]:
    """One row per village link, activity and training, each with its unit's columns."""
    unit = (e.code, e.name, label("unit_level", e.level))
    section = {k: t("export.unit.section." + k) for k in ("links", "activities", "trainings")}
    for x in e.links:
        yield (*unit, section["links"], x.start, x.end, "", x.township, x.village, "", "", None, "", None)
    for a in e.activities:
        yield (
            *unit,
            section["activities"],
            a.date,
            None,
            label("activity_kind", a.kind),
            a.township or "",
            a.village or t("export.unit.every_village"),
            a.people or "",
            a.content or "",
            yuan(a.amount_fen) if a.amount_fen else None,
            a.attachment or "",
            None,
        )
    for x in e.trainings:
        yield (
            *unit,
            section["trainings"],
            x.start,
            x.end,
            label("training_level", x.level),
            "",
            "",
            f"{x.cadre} {x.cadre_name}",
            x.name,
            None,
            "",
            x.days,
        )


def _csv_value(v) -> object:
    if v is None:
        return ""
    if isinstance(v, str):
        return csv_text(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, float):
        return f"{v:.2f}"
    return v


def write_csv(path: Path, entries: Iterable[UnitEntry], sel: UnitSelection) -> int:
    """The unit register as CSV; returns the units written."""
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([col(h) for h in CSV_HEADS])
        for e in entries:
            writer.writerows([_csv_value(v) for v in row] for row in csv_rows(e))
            n += 1
    return n
