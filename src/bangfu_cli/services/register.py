"""The register (登记册, DOMAIN.md §9): which households a register covers, and each one with its
pairing history, visits and quarterly income, streamed from the ledger in chunks.

Households come in the order they are bound — township, village, 户编号 — a chunk at a time
(keyset pagination), and each chunk's visits, pairings, statuses and income are read with one
query each. Memory stays flat however large the ledger: only one chunk is held at a time.

ID numbers and phones are masked here, before any exporter sees them, unless the user asked to
reveal them (``reveal``); a reveal is written to the audit log by ``record_reveal``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bangfu_cli.domain.dates import parse_date, period_of
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.identity import mask_id, mask_phone

CHUNK = 200  # households per round trip; their visits come with them


@dataclass(frozen=True)
class Selection:
    """What a register covers: a place, optionally a cadre's households, and a date range."""

    township: str | None = None
    village: str | None = None
    village_id: int | None = None
    cadre_id: int | None = None
    cadre_label: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    as_of: date | None = None  # the day categories and risk states are shown for
    reveal: bool = False

    @property
    def quarter_from(self) -> str | None:
        return period_of("quarter", self.date_from).label if self.date_from else None

    @property
    def quarter_to(self) -> str | None:
        return period_of("quarter", self.date_to).label if self.date_to else None


@dataclass
class PairingLine:
    cadre: str
    name: str
    unit: str
    position: str | None
    phone: str | None
    kind: str
    start: date
    end: date | None
    end_reason: str | None


@dataclass
class VisitLine:
    id: int
    date: date
    mode: str
    cadre: str
    cadre_name: str
    content: str | None
    problems: str | None
    guarantees: str | None
    measures: str | None
    follow_up: str | None


@dataclass
class IncomeLine:
    quarter: str
    collected_on: date
    size: int
    wage_fen: int
    business_fen: int
    business_cost_fen: int
    transfer_fen: int
    property_fen: int
    excluded_fen: int
    rigid_expense_fen: int
    late: bool

    @property
    def net_fen(self) -> int:
        """Net income of the quarter (DOMAIN.md §7): excluded and rigid expense are not part of it."""
        return (
            self.wage_fen + self.business_fen - self.business_cost_fen + self.transfer_fen + self.property_fen
        )


@dataclass
class HouseholdEntry:
    id: int
    code: str
    head_name: str
    id_number: str | None
    phone: str | None
    township: str
    village: str
    size: int
    since: date
    closed_on: date | None
    as_of: date | None = None  # the day the category and risk state hold for
    tuopin: bool = False
    monitor_type: str | None = None
    risk: str | None = None
    pairings: list[PairingLine] = field(default_factory=list)
    visits: list[VisitLine] = field(default_factory=list)
    income: list[IncomeLine] = field(default_factory=list)


def build_selection(
    ledger: Any,
    *,
    township: str | None = None,
    village: str | None = None,
    cadre: str | None = None,
    year: int | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    reveal: bool = False,
) -> Selection:
    """Check the user's filters against the ledger; an unknown place or cadre is a BangfuError."""
    from sqlalchemy import select

    from bangfu_cli.storage.light import village as V

    if year is not None and (date_from or date_to):
        raise BangfuError("export.year_and_range")
    start = end = None
    if year is not None:
        if not 1990 <= year <= 2100:
            raise BangfuError("export.bad_year", value=year)
        start, end = date(year, 1, 1), date(year, 12, 31)
    if date_from:
        start = parse_date(date_from, "--from")
    if date_to:
        end = parse_date(date_to, "--to")
    if start and end and start > end:
        raise BangfuError("export.bad_range", start=start, end=end)
    township = township.strip() if township else None
    village_id = cadre_id = None
    cadre_label = None
    if township:
        with ledger.engine.connect() as conn:
            found = conn.execute(select(V.c.id).where(V.c.township == township).limit(1)).first()
            if found is None:
                known = [r[0] for r in conn.execute(select(V.c.township).distinct()).all()]
                raise BangfuError("export.unknown_township", text=township, known="、".join(known) or "—")
    if village or cadre:
        from bangfu_cli.services.resolve import resolve_cadre, resolve_village

        with ledger.read() as session:
            if village:
                v = resolve_village(session, village, township)
                village_id, township, village = v.id, v.township, v.name
            if cadre:
                c = resolve_cadre(session, cadre)
                cadre_id, cadre_label = c.id, f"{c.code} {c.name}"
    as_of = min(end, ledger.today) if end else ledger.today
    return Selection(
        township=township,
        village=village,
        village_id=village_id,
        cadre_id=cadre_id,
        cadre_label=cadre_label,
        date_from=start,
        date_to=end,
        as_of=as_of,
        reveal=reveal,
    )


def _household_filters(sel: Selection) -> list:
    from sqlalchemy import or_, select

    from bangfu_cli.storage.light import household as H
    from bangfu_cli.storage.light import pairing as P
    from bangfu_cli.storage.light import village as V

    where: list = []
    if sel.village_id is not None:
        where.append(H.c.village_id == sel.village_id)
    elif sel.township:
        where.append(V.c.township == sel.township)
    # In the ledger at some time within the dates: not added after them, not closed before them.
    if sel.date_to:
        where.append(H.c.since <= sel.date_to)
    if sel.date_from:
        where.append(or_(H.c.closed_on.is_(None), H.c.closed_on >= sel.date_from))
    if sel.cadre_id is not None:
        paired = select(P.c.household_id).where(P.c.cadre_id == sel.cadre_id)
        if sel.date_to:
            paired = paired.where(P.c.start <= sel.date_to)
        if sel.date_from:
            paired = paired.where(or_(P.c.end.is_(None), P.c.end >= sel.date_from))
        where.append(H.c.id.in_(paired))
    return where


def count(ledger: Any, sel: Selection) -> tuple[int, int]:
    """(households, visits) the register will hold — for the progress bar and the summary."""
    from sqlalchemy import func, select

    from bangfu_cli.storage.light import household as H
    from bangfu_cli.storage.light import village as V
    from bangfu_cli.storage.light import visit as VI

    where = _household_filters(sel)
    with ledger.engine.connect() as conn:
        hh = select(H.c.id).join(V, V.c.id == H.c.village_id).where(*where)
        n_households = conn.execute(select(func.count()).select_from(hh.subquery())).scalar_one()
        visits = select(func.count(VI.c.id)).where(
            VI.c.household_id.in_(hh), VI.c.voided.is_(False), *_visit_dates(sel)
        )
        n_visits = conn.execute(visits).scalar_one()
    return n_households, n_visits


def _visit_dates(sel: Selection) -> list:
    from bangfu_cli.storage.light import visit as VI

    where = []
    if sel.date_from:
        where.append(VI.c.date >= sel.date_from)
    if sel.date_to:
        where.append(VI.c.date <= sel.date_to)
    return where


def iter_register(ledger: Any, sel: Selection, chunk: int = CHUNK) -> Iterator[HouseholdEntry]:
    """Every household of the selection in binding order, each with its register lines."""
    from sqlalchemy import select, tuple_

    from bangfu_cli.storage.light import household as H
    from bangfu_cli.storage.light import village as V

    cols = (
        H.c.id,
        H.c.code,
        H.c.head_name,
        H.c.id_number,
        H.c.phone,
        V.c.township,
        V.c.name,
        H.c.size,
        H.c.since,
        H.c.closed_on,
    )
    base = (
        select(*cols)
        .join(V, V.c.id == H.c.village_id)
        .where(*_household_filters(sel))
        .order_by(V.c.township, V.c.name, H.c.code)
        .limit(chunk)
    )
    after = None
    with ledger.engine.connect() as conn:
        while True:
            query = base
            if after is not None:
                query = query.where(tuple_(V.c.township, V.c.name, H.c.code) > after)
            rows = conn.execute(query).all()
            if not rows:
                return
            entries = {
                r[0]: HouseholdEntry(
                    id=r[0],
                    code=r[1],
                    head_name=r[2],
                    id_number=r[3] if sel.reveal else mask_id(r[3]),
                    phone=r[4] if sel.reveal else mask_phone(r[4]),
                    township=r[5],
                    village=r[6],
                    size=r[7],
                    since=r[8],
                    closed_on=r[9],
                    as_of=sel.as_of,
                )
                for r in rows
            }
            _fill(conn, sel, entries)
            yield from entries.values()
            if len(rows) < chunk:
                return
            last = rows[-1]
            after = (last[5], last[6], last[1])


def _fill(conn: Any, sel: Selection, entries: dict[int, HouseholdEntry]) -> None:
    """Attach statuses, pairings, visits and income to one chunk of households."""
    from sqlalchemy import or_, select

    from bangfu_cli.storage.light import (
        cadre as C,
    )
    from bangfu_cli.storage.light import (
        household_status as S,
    )
    from bangfu_cli.storage.light import (
        income as INC,
    )
    from bangfu_cli.storage.light import (
        pairing as P,
    )
    from bangfu_cli.storage.light import (
        visit as VI,
    )

    ids = list(entries)
    status = (
        select(
            S.c.household_id,
            S.c.tuopin,
            S.c.monitor_type,
            S.c.risk,
        )
        .where(S.c.household_id.in_(ids), S.c.effective_on <= sel.as_of)
        .order_by(S.c.household_id, S.c.effective_on)
    )
    for hid, tuopin, monitor_type, risk in conn.execute(status):
        e = entries[hid]  # the latest row on or before the day wins
        e.tuopin, e.monitor_type, e.risk = bool(tuopin), monitor_type, risk

    pairings = (
        select(
            P.c.household_id,
            C.c.code,
            C.c.name,
            C.c.unit,
            C.c.position,
            C.c.phone,
            P.c.kind,
            P.c.start,
            P.c.end,
            P.c.end_reason,
        )
        .join(C, C.c.id == P.c.cadre_id)
        .where(P.c.household_id.in_(ids))
        .order_by(P.c.household_id, P.c.start, P.c.id)
    )
    if sel.date_to:
        pairings = pairings.where(P.c.start <= sel.date_to)
    if sel.date_from:
        pairings = pairings.where(or_(P.c.end.is_(None), P.c.end >= sel.date_from))
    for hid, code, name, unit, position, phone, kind, start, end, reason in conn.execute(pairings):
        entries[hid].pairings.append(
            PairingLine(
                code,
                name,
                unit,
                position,
                phone if sel.reveal else mask_phone(phone),
                kind,
                start,
                end,
                reason,
            )
        )

    visits = (
        select(
            VI.c.household_id,
            VI.c.id,
            VI.c.date,
            VI.c.mode,
            C.c.code,
            C.c.name,
            VI.c.content,
            VI.c.problems,
            VI.c.guarantees,
            VI.c.measures,
            VI.c.follow_up,
        )
        .join(C, C.c.id == VI.c.cadre_id)
        .where(VI.c.household_id.in_(ids), VI.c.voided.is_(False), *_visit_dates(sel))
        .order_by(VI.c.household_id, VI.c.date, VI.c.id)
    )
    for row in conn.execute(visits):
        entries[row[0]].visits.append(VisitLine(*row[1:]))

    income = (
        select(
            INC.c.household_id,
            INC.c.quarter,
            INC.c.collected_on,
            INC.c.size,
            INC.c.wage_fen,
            INC.c.business_fen,
            INC.c.business_cost_fen,
            INC.c.transfer_fen,
            INC.c.property_fen,
            INC.c.excluded_fen,
            INC.c.rigid_expense_fen,
            INC.c.late_reason,
        )
        .where(INC.c.household_id.in_(ids), INC.c.superseded_by.is_(None))
        .order_by(INC.c.household_id, INC.c.quarter, INC.c.id)
    )
    if sel.quarter_from:
        income = income.where(INC.c.quarter >= sel.quarter_from)
    if sel.quarter_to:
        income = income.where(INC.c.quarter <= sel.quarter_to)
    for row in conn.execute(income):
        entries[row[0]].income.append(IncomeLine(*row[1:11], late=bool(row[11])))


def record_reveal(ledger: Any, *, what: str, path: str, households: int) -> None:
    """Full ID numbers and phones left the ledger in a file: say so in the audit log."""
    from pathlib import Path

    from bangfu_cli.services.privacy import record_reveal as audit_reveal

    audit_reveal(ledger, f"{what} {Path(path).name}", households)


FORMATS = ("xlsx", "html", "csv")
LAYOUTS = ("book", "flat")


def output_format(fmt: str | None, path: str) -> str:
    """The file format: ``--format``, else the output file's extension."""
    if fmt:
        value = fmt.strip().lower()
        if value not in FORMATS:
            raise BangfuError("export.bad_format", value=fmt, choices=", ".join(FORMATS))
        return value
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix in ("htm", "html"):
        return "html"
    if suffix in FORMATS:
        return suffix
    raise BangfuError("export.unknown_format", path=path, choices=", ".join(FORMATS))


@dataclass
class ExportResult:
    path: str
    format: str
    layout: str
    households: int
    visits: int


def export_register(
    ledger: Any,
    sel: Selection,
    *,
    output: str,
    fmt: str | None = None,
    layout: str = "book",
    force: bool = False,
    progress: Any = None,
) -> ExportResult:
    """Write the register of ``sel`` to ``output`` (atomically); ``progress(total)`` returns an
    ``advance(n)`` callback."""
    from bangfu_cli.exporters.common import atomic_target, check_target

    target = check_target(output, force)
    fmt = output_format(fmt, output)
    layout = (layout or "book").strip().lower()
    if layout not in LAYOUTS:
        raise BangfuError("export.bad_layout", value=layout, choices=", ".join(LAYOUTS))
    if layout == "book" and fmt == "csv":
        layout = "flat"  # CSV has one table: always flat
    n_households, _ = count(ledger, sel)
    if fmt == "xlsx":
        from bangfu_cli.exporters import register_xlsx

        writer = register_xlsx.write_book if layout == "book" else register_xlsx.write_flat
    elif fmt == "html":
        from bangfu_cli.exporters.register_html import write_html as writer
    else:
        from bangfu_cli.exporters.register_csv import write_csv as writer
    try:
        with atomic_target(target) as tmp:
            advance = progress(n_households) if progress else (lambda n: None)
            households, visits = writer(tmp, iter_register(ledger, sel), sel, advance)
            if sel.reveal:  # recorded before the file appears: no unrecorded reveal
                record_reveal(ledger, what="register", path=str(target), households=households)
    except OSError as exc:
        raise BangfuError("export.write_failed", path=str(target), detail=exc.strerror or str(exc)) from exc
    return ExportResult(str(target), fmt, layout if fmt != "html" else "book", households, visits)


# --- the quarterly work summary (季度工作总结, 三(四) of the Xinfeng notice) ---------------------


@dataclass
class QuarterReport:
    quarter: str
    start: date
    end: date
    as_of: date
    township: str | None
    categories: list[dict] = field(default_factory=list)  # per township: counts by category
    visits: list[dict] = field(default_factory=list)  # per township: visits by mode
    compliance_township: list[dict] = field(default_factory=list)
    compliance_village: list[dict] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    collection: dict = field(default_factory=dict)  # totals
    collection_missing: list[dict] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)
    assessments: dict = field(default_factory=dict)  # conclusion -> count
    assessment_rows: list[dict] = field(default_factory=list)
    missing_parts: list[str] = field(default_factory=list)  # parts another service could not give


def quarter_report(ledger: Any, quarter: str, township: str | None = None) -> QuarterReport:
    """Everything the quarterly summary shows, for the whole ledger or one township."""
    from sqlalchemy import func, or_, select

    from bangfu_cli.domain.dates import parse_quarter
    from bangfu_cli.storage.models import Household, HouseholdStatus, Village, Visit

    period = parse_quarter(quarter, "--quarter")
    if period.start > ledger.today:
        raise BangfuError("report.future_quarter", quarter=period.label, today=ledger.today.isoformat())
    sel = build_selection(ledger, township=township)
    # A finished quarter is judged the day after it ends, so its last periods are met or overdue.
    judge_day = min(period.end + timedelta(days=1), ledger.today)
    as_of = min(period.end, ledger.today)  # the day categories are counted on
    rep = QuarterReport(period.label, period.start, period.end, judge_day, sel.township)

    place = [Village.township == sel.township] if sel.township else []
    with ledger.engine.connect() as conn:
        latest = (
            select(HouseholdStatus.household_id, func.max(HouseholdStatus.effective_on).label("on"))
            .where(HouseholdStatus.effective_on <= as_of)
            .group_by(HouseholdStatus.household_id)
            .subquery()
        )
        rows = conn.execute(
            select(
                Village.township,
                HouseholdStatus.tuopin,
                HouseholdStatus.monitor_type,
                HouseholdStatus.risk,
                func.count(),
            )
            .select_from(Household)
            .join(Village, Village.id == Household.village_id)
            .join(latest, latest.c.household_id == Household.id)
            .join(
                HouseholdStatus,
                (HouseholdStatus.household_id == Household.id)
                & (HouseholdStatus.effective_on == latest.c.on),
            )
            .where(
                Household.since <= period.end,
                or_(Household.closed_on.is_(None), Household.closed_on >= period.start),
                *place,
            )
            .group_by(
                Village.township, HouseholdStatus.tuopin, HouseholdStatus.monitor_type, HouseholdStatus.risk
            )
        ).all()
        by_town: dict[str, dict] = {}
        for town, tuopin, monitor_type, risk, n in rows:
            row = by_town.setdefault(
                town,
                {
                    "township": town,
                    "tuopin": 0,
                    "unstable": 0,
                    "marginal": 0,
                    "sudden": 0,
                    "risk_open": 0,
                    "risk_eliminated": 0,
                    "assisted": 0,
                },
            )
            if tuopin and not monitor_type:
                row["tuopin"] += n
            if monitor_type:
                row[monitor_type] = row.get(monitor_type, 0) + n
                row["risk_open" if risk != "eliminated" else "risk_eliminated"] += n
            if tuopin or monitor_type:
                row["assisted"] += n
        rep.categories = [by_town[k] for k in sorted(by_town)]

        rows = conn.execute(
            select(Village.township, Visit.mode, func.count())
            .select_from(Visit)
            .join(Household, Household.id == Visit.household_id)
            .join(Village, Village.id == Household.village_id)
            .where(Visit.voided.is_(False), Visit.date >= period.start, Visit.date <= period.end, *place)
            .group_by(Village.township, Visit.mode)
        ).all()
        visits: dict[str, dict] = {}
        for town, mode, n in rows:
            row = visits.setdefault(town, {"township": town, "home": 0, "phone": 0, "online": 0, "total": 0})
            row[mode] = row.get(mode, 0) + n
            row["total"] += n
        rep.visits = [visits[k] for k in sorted(visits)]

    _report_compliance(ledger, rep, period, sel.township)
    _report_income(ledger, rep, period, sel.township)
    _report_assessments(ledger, rep, period, sel.township)
    return rep


def _report_compliance(ledger: Any, rep: QuarterReport, period: Any, township: str | None) -> None:
    try:
        from bangfu_cli.services import compliance
    except ImportError:
        rep.missing_parts.append("compliance")
        return
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
