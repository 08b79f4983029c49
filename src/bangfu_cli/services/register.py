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

    from bangfu_cli.services.resolve import resolve_cadre, resolve_village
    from bangfu_cli.storage.models import Village

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
    with ledger.read() as session:
        if township:
            found = session.execute(select(Village.id).where(Village.township == township).limit(1)).first()
            if found is None:
                known = [r[0] for r in session.execute(select(Village.township).distinct()).all()]
                raise BangfuError("export.unknown_township", text=township, known="、".join(known) or "—")
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

    from bangfu_cli.storage.models import Household, Pairing, Village

    where: list = []
    if sel.village_id is not None:
        where.append(Household.village_id == sel.village_id)
    elif sel.township:
        where.append(Village.township == sel.township)
    # In the ledger at some time within the dates: not added after them, not closed before them.
    if sel.date_to:
        where.append(Household.since <= sel.date_to)
    if sel.date_from:
        where.append(or_(Household.closed_on.is_(None), Household.closed_on >= sel.date_from))
    if sel.cadre_id is not None:
        paired = select(Pairing.household_id).where(Pairing.cadre_id == sel.cadre_id)
        if sel.date_to:
            paired = paired.where(Pairing.start <= sel.date_to)
        if sel.date_from:
            paired = paired.where(or_(Pairing.end.is_(None), Pairing.end >= sel.date_from))
        where.append(Household.id.in_(paired))
    return where


def count(ledger: Any, sel: Selection) -> tuple[int, int]:
    """(households, visits) the register will hold — for the progress bar and the summary."""
    from sqlalchemy import func, select

    from bangfu_cli.storage.models import Household, Village, Visit

    where = _household_filters(sel)
    with ledger.engine.connect() as conn:
        hh = select(Household.id).join(Village, Village.id == Household.village_id).where(*where)
        n_households = conn.execute(select(func.count()).select_from(hh.subquery())).scalar_one()
        visits = select(func.count(Visit.id)).where(
            Visit.household_id.in_(hh), Visit.voided.is_(False), *_visit_dates(sel)
        )
        n_visits = conn.execute(visits).scalar_one()
    return n_households, n_visits


def _visit_dates(sel: Selection) -> list:
    from bangfu_cli.storage.models import Visit

    where = []
    if sel.date_from:
        where.append(Visit.date >= sel.date_from)
    if sel.date_to:
        where.append(Visit.date <= sel.date_to)
    return where


def iter_register(ledger: Any, sel: Selection, chunk: int = CHUNK) -> Iterator[HouseholdEntry]:
    """Every household of the selection in binding order, each with its register lines."""
    from sqlalchemy import select, tuple_

    from bangfu_cli.storage.models import Household, Village

    cols = (
        Household.id,
        Household.code,
        Household.head_name,
        Household.id_number,
        Household.phone,
        Village.township,
        Village.name,
        Household.size,
        Household.since,
        Household.closed_on,
    )
    base = (
        select(*cols)
        .join(Village, Village.id == Household.village_id)
        .where(*_household_filters(sel))
        .order_by(Village.township, Village.name, Household.code)
        .limit(chunk)
    )
    after = None
    with ledger.engine.connect() as conn:
        while True:
            query = base
            if after is not None:
                query = query.where(tuple_(Village.township, Village.name, Household.code) > after)
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

    from bangfu_cli.storage.models import Cadre, HouseholdStatus, Income, Pairing, Visit

    ids = list(entries)
    status = (
        select(
            HouseholdStatus.household_id,
            HouseholdStatus.tuopin,
            HouseholdStatus.monitor_type,
            HouseholdStatus.risk,
        )
        .where(HouseholdStatus.household_id.in_(ids), HouseholdStatus.effective_on <= sel.as_of)
        .order_by(HouseholdStatus.household_id, HouseholdStatus.effective_on)
    )
    for hid, tuopin, monitor_type, risk in conn.execute(status):
        e = entries[hid]  # the latest row on or before the day wins
        e.tuopin, e.monitor_type, e.risk = bool(tuopin), monitor_type, risk

    pairings = (
        select(
            Pairing.household_id,
            Cadre.code,
            Cadre.name,
            Cadre.unit,
            Cadre.position,
            Cadre.phone,
            Pairing.kind,
            Pairing.start,
            Pairing.end,
            Pairing.end_reason,
        )
        .join(Cadre, Cadre.id == Pairing.cadre_id)
        .where(Pairing.household_id.in_(ids))
        .order_by(Pairing.household_id, Pairing.start, Pairing.id)
    )
    if sel.date_to:
        pairings = pairings.where(Pairing.start <= sel.date_to)
    if sel.date_from:
        pairings = pairings.where(or_(Pairing.end.is_(None), Pairing.end >= sel.date_from))
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
            Visit.household_id,
            Visit.id,
            Visit.date,
            Visit.mode,
            Cadre.code,
            Cadre.name,
            Visit.content,
            Visit.problems,
            Visit.guarantees,
            Visit.measures,
            Visit.follow_up,
        )
        .join(Cadre, Cadre.id == Visit.cadre_id)
        .where(Visit.household_id.in_(ids), Visit.voided.is_(False), *_visit_dates(sel))
        .order_by(Visit.household_id, Visit.date, Visit.id)
    )
    for row in conn.execute(visits):
        entries[row[0]].visits.append(VisitLine(*row[1:]))

    income = (
        select(
            Income.household_id,
            Income.quarter,
            Income.collected_on,
            Income.size,
            Income.wage_fen,
            Income.business_fen,
            Income.business_cost_fen,
            Income.transfer_fen,
            Income.property_fen,
            Income.excluded_fen,
            Income.rigid_expense_fen,
            Income.late_reason,
        )
        .where(Income.household_id.in_(ids), Income.superseded_by.is_(None))
        .order_by(Income.household_id, Income.quarter, Income.id)
    )
    if sel.quarter_from:
        income = income.where(Income.quarter >= sel.quarter_from)
    if sel.quarter_to:
        income = income.where(Income.quarter <= sel.quarter_to)
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
        from bangfu_cli.services import income
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
