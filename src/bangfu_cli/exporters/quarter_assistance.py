"""The quarterly summary's assistance sections in words: a two-column table (item, detail) per
unit and one for the county pairing, as ``exporters.quarter_report`` prints every table."""

from __future__ import annotations

from collections.abc import Iterator

from bangfu_cli.i18n import label, t

KEYS = ("item", "detail")


def _row(item: str, detail: str) -> dict:
    return {"item": t("report.assist." + item), "detail": detail or t("report.none")}


def _span(start: str, end: str | None) -> str:
    return t("export.span.closed", start=start, end=end) if end else t("export.span.open", start=start)


def _money(yuan: float) -> str:
    return t("report.assist.yuan", amount=f"{yuan:,.2f}")


def _kinds(counts: dict, enum: str) -> str:
    parts = [t("report.assist.times", kind=label(enum, k), n=n) for k, n in counts.items()]
    return "、".join(parts)


def _owed(findings: list[dict]) -> list[dict]:
    rows = []
    for f in findings:
        place = f.get("village") or ""
        key = "report.assist.owed_overdue" if f["status"] == "overdue" else "report.assist.owed_due"
        text = t(
            key,
            rule=f["rule"],
            period=f.get("period") or "",
            place=place,
            required=f["required"],
            done=f["done"],
            days=f.get("days_overdue") if f["status"] == "overdue" else f.get("days_left"),
        )
        rows.append(_row("owes", text.replace("  ", " ")))
    return rows or [_row("owes", "")]


def unit_rows(u: dict) -> list[dict]:
    villages = "；".join(
        f"{v['township']}{v['village']}（{_span(v['start'], v['end'])}）" for v in u["villages"]
    )
    did = _kinds(u["activities"], "activity_kind")
    if did:
        did = t("report.assist.total", kinds=did, n=u["activity_count"])
        if u["amount"]:
            did += "，" + _money(u["amount"])
    return [_row("villages", villages), _row("activities", did), *_owed(u["owes"])]


def pair_rows(p: dict) -> list[dict]:
    partners = "；".join(f"{x['name']}（{_span(x['start'], x['end'])}）" for x in p["partners"])
    return [
        _row("partner", partners),
        _row("pair_activities", _kinds(p["activities"], "partner_kind")),
        _row("funds_disbursed", _money(p["funds_disbursed"])),
        _row("funds_spent", _money(p["funds_spent"])),
        *_owed(p["findings"]),
    ]


def sections(rep) -> Iterator[tuple[str, tuple[str, ...], list[dict]]]:
    """(heading, column keys, rows): a section per unit, then the county pairing."""
    for u in rep.units:
        yield t("report.section.unit", code=u["unit"], name=u["name"]), KEYS, unit_rows(u)
    if rep.county_pair:
        yield t("report.section.county_pair"), KEYS, pair_rows(rep.county_pair)
