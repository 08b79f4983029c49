"""How the quarterly work summary's figures read in words — a cell of its tables and the line
on income collection — shared by the screen (``report quarter``) and the files it writes."""

from __future__ import annotations

from bangfu_cli.i18n import t


def cell(key: str, value) -> str:
    """A value as the report shows it."""
    if value is None:
        return ""
    if key == "rate":
        return f"{value * 100:.1f}%"
    if key == "status":
        return t("report.collect." + value)
    if key == "alert":
        return t("income.alert." + value)
    if key in ("value", "limit") and isinstance(value, float):
        return f"{value:,.2f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def collection_line(rep) -> str:
    c = rep.collection
    if not c:
        return t("report.not_available")
    return t(
        "report.collection_line",
        total=c.get("total", 0),
        collected=c.get("collected", 0),
        late=c.get("late", 0),
        missing=c.get("missing", 0),
        start=cell("d", c.get("window_start")),
        end=cell("d", c.get("window_end")),
    )


def describe(finding) -> str:
    """One line saying what a finding means, in the interface language (its message key, filled in)."""
    days = finding.days_overdue if finding.status == "overdue" else finding.days_left
    return t(
        finding.message,
        rule=finding.rule,
        period=finding.period or "",
        period_end=finding.period_end.isoformat() if finding.period_end else "",
        start=finding.period_start.isoformat() if finding.period_start else "",
        done=finding.done,
        required=finding.required,
        days="" if days is None else days,
    )
