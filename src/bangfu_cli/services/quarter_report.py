"""The quarterly work summary (季度工作总结, 三(四) of the Xinfeng notice): the counts of the
quarter, its compliance, income collection and alerts, and its assessments, gathered from the
other use-cases; and the summary written as .html or .xlsx (``exporters.quarter_report``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.reports import QuarterReport
from bangfu_cli.services.quarter_assistance import report_assistance
from bangfu_cli.services.register import build_selection

_CATEGORY_ROW = {
    "tuopin": 0,
    "unstable": 0,
    "marginal": 0,
    "sudden": 0,
    "risk_open": 0,
    "risk_eliminated": 0,
    "assisted": 0,
}


def quarter_report(ledger: Any, quarter: str, township: str | None = None) -> QuarterReport:
    """Everything the quarterly summary shows, for the whole ledger or one township."""
    from bangfu_cli.domain.dates import parse_quarter

    period = parse_quarter(quarter, "--quarter")
    if period.start > ledger.today:
        raise BangfuError("report.future_quarter", quarter=period.label, today=ledger.today.isoformat())
    sel = build_selection(ledger, township=township)
    # A finished quarter is judged the day after it ends, so its last periods are met or overdue.
    judge_day = min(period.end + timedelta(days=1), ledger.today)
    as_of = min(period.end, ledger.today)  # the day categories are counted on
    rep = QuarterReport(period.label, period.start, period.end, judge_day, sel.township)

    rep.categories = _categories(ledger, as_of, period, sel.township)
    rep.visits = _visits(ledger, period, sel.township)
    findings = _report_compliance(ledger, rep, period, sel.township)
    _report_income(ledger, rep, period, sel.township)
    _report_assessments(ledger, rep, period, sel.township)
    report_assistance(ledger, rep, period, sel.township, findings)
    from bangfu_cli.services.audit_verify import chain_head

    rep.chain = chain_head(ledger)
    return rep


def _categories(ledger: Any, as_of: date, period: Any, township: str | None) -> list[dict]:
    """Households per township by category (counted on ``as_of``), townships in order."""
    from bangfu_cli.storage.quarter_counts import category_counts

    by_town: dict[str, dict] = {}
    for town, tuopin, monitor_type, risk, n in category_counts(
        ledger.engine, as_of, period.start, period.end, township
    ):
        row = by_town.setdefault(town, {"township": town, **_CATEGORY_ROW})
        if tuopin and not monitor_type:
            row["tuopin"] += n
        if monitor_type:
            row[monitor_type] = row.get(monitor_type, 0) + n
            row["risk_open" if risk != "eliminated" else "risk_eliminated"] += n
        if tuopin or monitor_type:
            row["assisted"] += n
    return [by_town[k] for k in sorted(by_town)]


def _visits(ledger: Any, period: Any, township: str | None) -> list[dict]:
    """Visits per township by mode within the quarter, townships in order."""
    from bangfu_cli.storage.quarter_counts import visit_counts

    visits: dict[str, dict] = {}
    for town, mode, n in visit_counts(ledger.engine, period.start, period.end, township):
        row = visits.setdefault(town, {"township": town, "home": 0, "phone": 0, "online": 0, "total": 0})
        row[mode] = row.get(mode, 0) + n
        row["total"] += n
    return [visits[k] for k in sorted(visits)]


def _report_compliance(ledger: Any, rep: QuarterReport, period: Any, township: str | None) -> list:
    """The compliance tables and overdue list; returns every finding of the run (the assistance
    sections read theirs from it)."""
    try:
        from bangfu_cli.services import compliance
    except ImportError:
        rep.missing_parts.append("compliance")
        return []
    result = compliance.run_rules(ledger, rep.as_of, since=period.start, township=township)
    # Periods of this quarter: those that end inside it (months, the quarter) or contain its end.
    findings = [
        f
        for f in result.findings
        if f.household is not None
        and f.period_start is not None
        and f.period_start <= period.end
        and (f.period_end is None or f.period_end >= period.start)
    ]
    rates = compliance.compliance(findings)
    rep.compliance_township = rates.get("township", [])
    rep.compliance_village = rates.get("village", [])
    rep.overdue = [
        f.to_json()
        for f in sorted(
            (f for f in result.findings if f.status == "overdue"),
            key=lambda f: (f.township or "", f.village or "", f.household or "", f.rule, f.period or ""),
        )
    ]
    return result.findings


def _report_income(ledger: Any, rep: QuarterReport, period: Any, township: str | None) -> None:
    try:
        from bangfu_cli.services import income_report as income
    except ImportError:
        rep.missing_parts.append("income")
        return
    rows, totals = income.collect(ledger, period.label, township=township)
    rep.collection = totals
    rep.collection_missing = [r for r in rows if r["status"] in ("missing", "late")]
    rep.alerts, _ = income.alerts(ledger, period.label, township=township)


def _report_assessments(ledger: Any, rep: QuarterReport, period: Any, township: str | None) -> None:
    try:
        from bangfu_cli.services import assess
    except ImportError:
        rep.missing_parts.append("assessments")
        return
    rows = [
        r for r in assess.list_assessments(ledger, period.label) if not township or r["township"] == township
    ]
    rep.assessment_rows = rows
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["conclusion"]] = counts.get(r["conclusion"], 0) + 1
    rep.assessments = counts


def write_quarter_report(rep: QuarterReport, output: str, *, force: bool = False) -> tuple[str, str]:
    """The report as .html or .xlsx, written atomically; returns (path, format)."""
    from bangfu_cli.exporters.common import atomic_target, check_target

    target = check_target(output, force)
    suffix = target.suffix.lower()
    if suffix in (".html", ".htm"):
        from bangfu_cli.exporters.quarter_report import write_html as writer

        fmt = "html"
    elif suffix == ".xlsx":
        from bangfu_cli.exporters.quarter_report import write_xlsx as writer

        fmt = "xlsx"
    else:
        raise BangfuError("report.bad_suffix", path=output)
    try:
        with atomic_target(target) as tmp:
            writer(tmp, rep)
    except OSError as exc:
        raise BangfuError("export.write_failed", path=str(target), detail=exc.strerror or str(exc)) from exc
    return str(target), fmt


def check_output(output: str, force: bool) -> None:
    """Refuse a report path that cannot be written (or exists, without ``force``) before the work."""
    from bangfu_cli.exporters.common import check_target

    check_target(output, force)
