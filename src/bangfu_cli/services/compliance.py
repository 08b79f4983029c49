"""Running the rules on the ledger: load exactly the data a run needs as plain records, judge it
with the pure engine, and summarise the findings (compliance rate by township, village, cadre).

Loading is bounded by the selection and the window: only the selected households (one township,
one village, or a list), their status history, pairings and roles, and their visits dated between
the first period start the window needs and the as-of date (through the (household_id, date)
index), plus the latest visit before that where ``last_visit`` needs it (households with no visit
in the window of the modes a rule asks about). Plain SQL selects, no ORM objects."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.vocab import MODES
from bangfu_cli.domain.workdays import WorkCalendar
from bangfu_cli.rules import engine
from bangfu_cli.rules.context import default_since, earliest_start, selects, window_periods
from bangfu_cli.rules.data import (
    AssessmentFact,
    CadreFact,
    HouseholdFact,
    IncomeFact,
    LedgerData,
    PairingFact,
    RoleFact,
    StatusFact,
    VisitFact,
)
from bangfu_cli.rules.findings import DUE, MET, OVERDUE, Finding, place_key
from bangfu_cli.rules.profiles import Profile, RuleSpec

# The income rules' records are looked up by household id when the households such a rule can
# select are fewer than this share of the selection (else read in one pass).
OWNERS_BY_ID_BELOW = 0.5
NO_CADRE = -1  # cadre id of the "latest visit before the window" records (used for last_visit only)


@dataclass
class RunResult:
    findings: list[Finding]
    calendar_fallback_years: list[int]
    as_of: date
    since: date
    profile: Profile
    rules: list[RuleSpec] = field(default_factory=list)
    unevaluated: list[str] = field(default_factory=list)
    # With ``run_rules(keep_met=False)``: the met findings, counted by ``findings.met_key``
    # (``findings`` then holds only the due and overdue ones).
    met: Counter | None = None

    @property
    def open_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.status != MET]


def check_rule_ids(profile: Profile, rule_ids: Iterable[str] | None) -> list[str] | None:
    if not rule_ids:
        return None
    known = {r.id.upper(): r for r in profile.rules}
    out = []
    for rid in rule_ids:
        rule = known.get(rid.strip().upper())
        if rule is None:
            raise BangfuError(
                "rules.unknown_rule",
                rule=rid,
                profile=profile.id,
                known=", ".join(r.id for r in profile.rules),
            )
        if not rule.enabled:
            raise BangfuError("rules.rule_disabled", rule=rule.id, profile=profile.id)
        out.append(rule.id)
    return out


def _prepare(ledger: Any, as_of: date, since: date | None, rule_ids: Iterable[str] | None) -> tuple:
    """(rule ids asked for or None, since, the rules to judge) — refusing unknown or disabled
    rules and a window that ends before it starts."""
    ids = check_rule_ids(ledger.profile, list(rule_ids) if rule_ids else None)
    since = since or default_since(as_of)
    if since > as_of:
        raise BangfuError("rules.since_after_as_of", since=since.isoformat(), as_of=as_of.isoformat())
    return ids, since, engine.selected_rules(ledger.profile, ids)


def run_rules(
    ledger: Any,
    as_of: date,
    since: date | None = None,
    township: str | None = None,
    village: str | None = None,
    cadre: str | None = None,
    rule_ids: Iterable[str] | None = None,
    household_ids: Iterable[int] | None = None,
    keep_met: bool = True,
) -> RunResult:
    """Judge the selection. With ``keep_met=False`` met findings are counted in ``result.met``
    instead of listed (what ``check`` and ``overdue`` need; ``compliance`` and ``status_counts``
    take both)."""
    profile: Profile = ledger.profile
    ids, since, rules = _prepare(ledger, as_of, since, rule_ids)
    cadre_code = None
    village_id = None
    if township:
        _check_township(ledger, township)
    if village or cadre:
        with ledger.read() as session:
            if village:
                from bangfu_cli.services.resolve import resolve_village

                village_id = resolve_village(session, village, township).id
            if cadre:
                from bangfu_cli.services.resolve import resolve_cadre

                cadre_code = resolve_cadre(session, cadre).code
    whole = not (township or village or cadre or household_ids is not None)
    parts = _judge_in_parts(ledger, rules, as_of, since) if whole and not keep_met else None
    if parts is not None:
        findings: list[Finding] = []
        met: Counter | None = Counter()
        years: set[int] = set()
        for part in parts:
            findings += part.result
            met.update(part.met)
            years.update(part.calendar_fallback_years)
        fallback = sorted(years)
    else:
        findings, met, fallback = _judge(
            ledger,
            rules,
            as_of,
            since,
            keep_met,
            township=township,
            village_id=village_id,
            household_ids=list(household_ids) if household_ids is not None else None,
        )
    if cadre_code is not None:
        findings = [f for f in findings if f.cadre == cadre_code]
        if met is not None:
            met = Counter({k: n for k, n in met.items() if k[3] == cadre_code})
    return RunResult(
        findings=findings,
        calendar_fallback_years=fallback,
        as_of=as_of,
        since=since,
        profile=profile,
        rules=rules,
        unevaluated=[r.id for r in engine.unevaluated(profile, ids)],
        met=met,
    )


@dataclass
class PartedRun:
    """A whole ledger judged in parts (``run_in_parts``). ``parts`` yields what ``finish`` made
    of each part's open findings, the parts in listing order; ``met`` and
    ``calendar_fallback_years`` are complete once ``parts`` is exhausted."""

    rules: list[RuleSpec]
    unevaluated: list[str]
    as_of: date
    since: date
    parts: Iterator[Any]
    met: Counter = field(default_factory=Counter)
    calendar_fallback_years: list[int] = field(default_factory=list)


def run_in_parts(
    ledger: Any,
    as_of: date,
    since: date | None,
    finish: Callable[[list[Finding]], Any],
    rule_ids: Iterable[str] | None = None,
) -> PartedRun | None:
    """The whole ledger judged as ``run_rules(keep_met=False)`` judges it, in parts judged at once
    (one in a worker process), each part ending as ``finish`` of its open findings — computed in
    the process that judged the part, so a listing can be sorted and written out there too
    (``check`` and ``overdue`` with ``--format json``). The parts are villages in listing order
    (``findings.place_key``): every finding of a part is listed before any of the next.
    ``finish`` goes to the worker by name: a module-level function, or a ``functools.partial``
    of one. None when the ledger is not split (see ``_judge_in_parts``): judge it with
    ``run_rules`` then."""
    ids, since, rules = _prepare(ledger, as_of, since, rule_ids)
    parts = _judge_in_parts(ledger, rules, as_of, since, finish)
    if parts is None:
        return None
    run = PartedRun(
        rules=rules,
        unevaluated=[r.id for r in engine.unevaluated(ledger.profile, ids)],
        as_of=as_of,
        since=since,
        parts=iter(()),
    )

    def results() -> Iterator[Any]:
        years: set[int] = set()
        for part in parts:
            run.met.update(part.met)
            years.update(part.calendar_fallback_years)
            run.calendar_fallback_years = sorted(years)
            yield part.result

    run.parts = results()
    return run


def _judge(
    ledger: Any, rules: list[RuleSpec], as_of: date, since: date, keep_met: bool = False, **selection: Any
) -> tuple[list[Finding], Counter | None, list[int]]:
    """(findings, met tally or None, calendar fallback years) of ``rules`` over the selection
    (``load_data``'s keywords): every finding listed with ``keep_met``, else met ones tallied."""
    from bangfu_cli import cycles_uncollected

    profile = ledger.profile
    calendar = WorkCalendar(profile.extra_holidays)
    ids = [r.id for r in rules]
    met = None
    with cycles_uncollected():
        data = load_data(ledger, rules, as_of, since, **selection)
        if keep_met:
            findings = engine.evaluate(profile, data, as_of, since, calendar, ids)
        else:
            findings, met = engine.run(profile, data, as_of, since, calendar, ids)
        # Freed while collection is paused: nothing of it is left for ``cycles_uncollected`` to
        # hand back to the collector (a county part's ~5·10⁵ records).
        del data
    return findings, met, sorted(calendar.fallback_years)


# A whole ledger of at least this many households is judged in two parts at once, the second in
# a worker process, when the machine has a second core: loading and judging are Python work
# proportional to the households, and one process uses one core.
PARALLEL_FROM = 20_000
# Households this process judges more than the worker, for the time the worker takes to start:
# a forked worker has everything imported and starts at once; a spawned one starts a new
# interpreter and imports bangfu and SQLAlchemy first (~0.5 s of this machine's time).
WORKER_HEAD_START = {"fork": 0, "spawn": 1_500}
_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


@dataclass
class _Part:
    result: Any  # ``finish`` of the part's open findings, or the findings themselves
    met: Counter
    calendar_fallback_years: list[int]


def _judge_in_parts(
    ledger: Any, rules: list[RuleSpec], as_of: date, since: date, finish: Callable | None = None
) -> Iterator[_Part] | None:
    """``engine.run`` over the whole ledger in two parts, the second in a worker process: the
    parts in listing order, or None when a rule is not judged household by household, the
    ledger is small, the machine has one core, or no worker process can be started (then the
    caller judges it in one piece). A household is judged from its own records by every rule
    about households, so the parts together are the whole: the same findings (``tests/perf``).
    Without ``finish`` a part's result is its open findings. An error in the worker is raised
    here as it was raised there; a worker that dies (killed, out of memory) has its part judged
    here."""
    import os

    from bangfu_cli.storage.engine import sqlite_path

    if not _by_household(rules) or (os.cpu_count() or 1) < 2:
        return None
    if ledger.engine.dialect.name == "sqlite" and sqlite_path(ledger.url) is None:
        return None  # an in-memory ledger: a worker could not open it
    method = _start_method()
    split = _split_villages(ledger, WORKER_HEAD_START[method])
    if split is None:
        return None
    lower, upper = split
    try:
        import multiprocessing

        mp = multiprocessing.get_context(method)
        receiver, sender = mp.Pipe(duplex=False)
        ids = [r.id for r in rules]
        args = (sender, ledger.url, ledger.operator, ledger.today, ids, as_of, since, upper, finish)
        # A daemon: ended with this process if it is still at work when this one ends.
        worker = mp.Process(target=_work, args=args, name="bangfu-part", daemon=True)
        worker.start()
        sender.close()  # the worker's end: this process sees EOF if the worker dies
    except OSError:
        return None

    def parts() -> Iterator[_Part]:
        received = False
        try:
            yield _part(ledger, rules, as_of, since, lower, finish)
            try:
                outcome, value = receiver.recv()
            except EOFError:  # the worker died before it sent its part: the part is judged here
                yield _part(ledger, rules, as_of, since, upper, finish)
                return
            received = True
            if outcome == "raised":
                raise value
            result, met, fallback = value
            yield _Part(result if finish else [Finding(*row) for row in result], met, fallback)
        finally:
            receiver.close()
            if not received and worker.is_alive():
                worker.terminate()  # its part is not wanted any more (an error here) …
                worker.join(5)  # … and it is gone before the caller cleans up after it
            # A worker that has sent its part ends by itself; it is not waited for.

    return parts()


def _by_household(rules: list[RuleSpec]) -> bool:
    """Is every rule judged household by household? The rules of DOMAIN.md §10 find nothing in
    any part while ``load_data`` reads none of their records (``engine.unevaluated`` names them);
    once it does, they are to be judged once, not per part."""
    return all(r.subject == "household" for r in rules if r.kind not in engine.NEEDS_ASSISTANCE)


def _start_method() -> str:
    """How the worker process starts: "fork" on Linux when this process runs one thread (the
    worker then starts at once, with everything imported and no interpreter to tear down at its
    end); "spawn" elsewhere — Windows has nothing else, and macOS's system libraries are not
    safe to fork."""
    import sys
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _split_villages(ledger: Any, head_start: int = 0) -> tuple[list[int], list[int]] | None:
    """The ledger's villages with households in two parts in listing order (``place_key``), the
    first with ``head_start`` households more than half (it is judged here while the worker
    starts): the two then finish together. Villages listed at the same place stay in one part.
    None below ``PARALLEL_FROM`` households, or when one part would be empty."""
    from sqlalchemy import text

    with ledger.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT v.id, v.township, v.name, COUNT(h.id) FROM village v"
                " JOIN household h ON h.village_id = v.id GROUP BY v.id, v.township, v.name"
            )
        ).all()
    total = sum(r[3] for r in rows)
    if total < PARALLEL_FROM:
        return None
    places = sorted((place_key(town, name), vid, n) for vid, town, name, n in rows)
    wanted = min(total // 2 + head_start, total - 1)
    taken = cut = 0
    while cut < len(places) and (taken < wanted or places[cut][0] == places[cut - 1][0]):
        taken += places[cut][2]
        cut += 1
    if cut == len(places):
        return None
    return [p[1] for p in places[:cut]], [p[1] for p in places[cut:]]


def _part(
    ledger: Any, rules: list[RuleSpec], as_of: date, since: date, villages: list[int], finish: Callable | None
) -> _Part:
    from bangfu_cli import cycles_uncollected

    findings, met, fallback = _judge(ledger, rules, as_of, since, part=villages)
    with cycles_uncollected():  # the part's listing is made in bulk too
        result = finish(findings) if finish else findings
    return _Part(result, met or Counter(), fallback)


def _work(sender: Any, *args: Any) -> None:
    """The worker process: ``_judge_part(*args)`` sent back as ("done", its value), or as
    ("raised", the exception) — raised again in the process that waits for it (as a
    ``RuntimeError`` naming it when it cannot be pickled)."""
    try:
        reply: tuple = ("done", _judge_part(*args))
    except BaseException as exc:  # handed to the parent, which raises it
        reply = ("raised", exc)
    try:
        try:
            sender.send(reply)
        except (OSError, EOFError):
            pass  # the parent stopped listening (it stopped on an error of its own)
        except Exception as exc:  # the reply cannot be pickled: what went wrong is sent as text
            failed = reply[1] if reply[0] == "raised" else exc
            sender.send(("raised", RuntimeError(f"{type(failed).__name__}: {failed}")))
    finally:
        sender.close()


def _judge_part(
    url: str,
    operator: str,
    today: date,
    rule_ids: list[str],
    as_of: date,
    since: date,
    villages: list[int],
    finish: Callable | None,
) -> tuple:
    """In the worker process: (``finish`` of the part's open findings — or the findings as
    plain tuples, pickled ×5 faster than the dataclasses —, the met tally, the fallback years).
    The worker opens the ledger itself: a forked one shares no connection with its parent."""
    import gc

    from bangfu_cli import GC_THRESHOLDS, cycles_uncollected
    from bangfu_cli.services.ledger import open_ledger

    gc.set_threshold(*GC_THRESHOLDS)  # as the command's own process
    ledger = open_ledger(url, operator=operator, today=today)
    try:
        rules = engine.selected_rules(ledger.profile, rule_ids)
        findings, met, fallback = _judge(ledger, rules, as_of, since, part=villages)
    finally:
        ledger.engine.dispose()
    with cycles_uncollected():  # the part's listing is made in bulk too
        if finish is not None:
            return finish(findings), met, fallback
        fields_of = attrgetter(*_FINDING_FIELDS)
        return [fields_of(f) for f in findings], met, fallback


def _check_township(ledger: Any, township: str) -> None:
    """Refuse a township with no village in the ledger (a Core query: no ORM import needed)."""
    from sqlalchemy import text

    with ledger.engine.connect() as conn:
        found = conn.execute(
            text("SELECT id FROM village WHERE township = :t LIMIT 1"), {"t": township.strip()}
        ).first()
        if found is None:
            known = conn.execute(text("SELECT DISTINCT township FROM village")).scalars().all()
            raise BangfuError("rules.unknown_township", township=township, known="、".join(known) or "—")


def load_data(
    ledger: Any,
    rules: list[RuleSpec],
    as_of: date,
    since: date,
    *,
    township: str | None = None,
    village_id: int | None = None,
    household_ids: list[int] | None = None,
    part: list[int] | None = None,
) -> LedgerData:
    """The records the ``rules`` need for the selection and window, as plain immutable facts.
    ``part`` (village ids): the households of those villages, read like the whole ledger (by
    table scans, visits and income records by their covering indexes) — a part of a ledger
    judged in parts (``run_rules``).

    Read through the DB-API cursor (``storage.rawsql``): the county's visits are ~10⁶ rows, and
    SQLAlchemy's per-row processing was the largest part of loading them. Dates are parsed once
    per distinct value and shared; ``tests/perf`` proves the result equal to the ORM-free
    SQLAlchemy Core loader this replaced."""
    from bangfu_cli.storage.rawsql import Interned, Reader, id_lists

    conds: list[str] = []
    params: dict[str, Any] = {}
    if township:
        conds.append("v.township = :township")
        params["township"] = township.strip()
    if village_id is not None:
        conds.append("v.id = :village_id")
        params["village_id"] = village_id
    if household_ids is not None:
        conds.append("h.id IN (:household_ids)")
        params["household_ids"] = list(household_ids)
    selected = None
    if conds:
        selected = "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id"
        selected += " WHERE " + " AND ".join(conds)
    if part is not None:
        conds.append("h.village_id IN (:part)")
        params["part"] = list(part)
    where = (" WHERE " + " AND ".join(conds)) if conds else ""

    def of_households(column: str, covered: bool = False) -> str:
        """The selection's condition on a household id column. ``covered``: the table has an
        index on (household_id, …) holding every column read (visits, income records), so a
        part is read by probing it per household; other tables of a part by one scan each, not
        an index probe and a table row per row."""
        if selected is not None:
            return f"{column} IN ({selected})"
        if part is not None:
            probed = column if covered else db.scanned(column)
            return f"{probed} IN (SELECT id FROM household WHERE village_id IN (:part))"
        return "1 = 1"

    kinds = {r.period for r in rules if r.kind == "periodic" and r.period}
    first = earliest_start(kinds, since) if kinds else as_of
    per_cadre = any(r.subject == "cadre" for r in rules)
    needs = {r.kind for r in rules}

    with ledger.engine.connect() as conn:
        db = Reader(conn)
        day, end = db.day, db.quote("end")
        statuses: dict[int, list[StatusFact]] = defaultdict(list)
        sql = (
            "SELECT household_id, effective_on, tuopin, monitor_type, risk FROM household_status"
            f" WHERE {of_households('household_id')} ORDER BY household_id, effective_on"
        )
        days, new = db.days, tuple.__new__  # the facts are named tuples
        for batch in db.batches(sql, **params):
            for hid, on, tuopin, mtype, risk in batch:
                statuses[hid].append(new(StatusFact, (days[on], bool(tuopin), mtype, risk)))
        sql = (
            "SELECT h.id, h.code, h.head_name, v.township, v.name, h.village_id, h.size, h.since,"
            f" h.closed_on FROM household h JOIN village v ON v.id = h.village_id{where}"
            " ORDER BY v.township, v.name, h.code"
        )
        households = tuple(
            new(HouseholdFact, (*r[:7], days[r[7]], days[r[8]], tuple(statuses.get(r[0], ()))))
            for batch in db.batches(sql, **params)
            for r in batch
        )
        del statuses
        village_ids = sorted({h.village_id for h in households})

        pcols = f"id, household_id, cadre_id, kind, start, {end}, plaque_on"

        def pairing(r: tuple) -> PairingFact:
            return new(PairingFact, (*r[:4], days[r[4]], days[r[5]], days[r[6]]))

        sql = f"SELECT {pcols} FROM pairing WHERE {of_households('household_id')}"
        pairings = {r[0]: pairing(r) for r in db.rows(sql, **params)}
        leader_ids: list[int] = []
        if per_cadre:
            sql = (
                "SELECT DISTINCT cadre_id FROM pairing"
                f" WHERE kind = :leader AND {of_households('household_id')}"
            )
            leader_ids = sorted(r[0] for r in db.rows(sql, leader="leader", **params))
            if leader_ids and selected is not None:
                sql = f"SELECT {pcols} FROM pairing WHERE kind = :leader AND cadre_id IN (:leaders)"
                pairings.update({r[0]: pairing(r) for r in db.rows(sql, leader="leader", leaders=leader_ids)})

        sql = f"SELECT id, cadre_id, village_id, role, start, {end} FROM role"
        if selected is not None:
            sql += " WHERE village_id IN (:village_ids)"
        roles = tuple(
            RoleFact(r[0], r[1], r[2], r[3], day(r[4]), day(r[5]))
            for r in db.rows(sql, village_ids=village_ids)
        )

        visits_list: list[VisitFact] = []
        if kinds:
            # Read from the covering (household_id, date, voided, mode, cadre_id) index alone:
            # a selection's or a part's visits by probing it per household, the whole ledger's
            # by one scan of it (most of its visits are in the window).
            on = db.quote("date") if selected is not None else db.scanned(db.quote("date"))
            live = f"voided = :no AND {on} >= :first AND {on} <= :as_of"
            window = {"no": False, "first": first, "as_of": as_of}
            days, modes, new = db.days, Interned(), tuple.__new__  # VisitFact is a named tuple
            vcols = f"id, household_id, cadre_id, {db.quote('date')}, mode"
            sql = f"SELECT {vcols} FROM visit WHERE {live} AND {of_households('household_id', covered=True)}"
            for batch in db.batches(sql, **window, **params):
                visits_list += [new(VisitFact, (v, h, c, days[d], modes[m])) for v, h, c, d, m in batch]
            if per_cadre and leader_ids and selected is not None:
                # the leaders' visits outside the selection too (SZ4 judges the cadre)
                seen = {v.id for v in visits_list}
                sql = f"SELECT {vcols} FROM visit WHERE {live} AND cadre_id IN (:leaders)"
                visits_list.extend(
                    new(VisitFact, (vid, hid, cid, days[d], modes[m]))
                    for vid, hid, cid, d, m in db.rows(sql, **window, leaders=leader_ids)
                    if vid not in seen
                )
        visits_list.extend(_latest_before(db, households, visits_list, rules, first))

        sql = "SELECT id, code, name, unit, leader FROM cadre"
        if selected is not None:
            # Only the cadres the selection refers to (the engine looks cadres up by id).
            wanted = {p.cadre_id for p in pairings.values()}
            wanted.update(r.cadre_id for r in roles)
            wanted.update(v.cadre_id for v in visits_list if v.cadre_id != NO_CADRE)
            sql += " WHERE id IN (:cadre_ids)"
            params_c: dict[str, Any] = {"cadre_ids": sorted(wanted)}
        else:
            params_c = {}
        cadres = tuple(CadreFact(r[0], r[1], r[2], r[3], bool(r[4])) for r in db.rows(sql, **params_c))

        # Income records and assessments of the periods the window judges (the income rules
        # look records up by household and period label only).
        def labels(kind: str) -> list[str]:
            found = {
                p.label
                for r in rules
                if r.kind == kind
                for p in window_periods(r.period or "quarter", since, as_of)
            }
            return sorted(found)

        def records(kind: str, columns: str, table: str, covered: bool) -> Iterator[list[tuple]]:
            """Batches of (household_id, ``columns``) of the current (not superseded) records in
            ``table`` of the periods the window judges, of only the households a rule of
            ``kind`` can select: a status row of theirs matches its selector, which
            ``required_periods`` asks of a period's first day (in the synthetic county a fifth
            of the households, with a fifth of the income records). They are looked up by id when they
            are fewer than half of the selection; else the selection's records are read in one
            pass (``covered``: through a covering index) and the others left out here."""
            selectors = {r.selector for r in rules if r.kind == kind}
            ids = {h.id for h in households if any(selects(x, s) for s in h.statuses for x in selectors)}
            quarters = labels(kind)
            head = f"SELECT household_id, {columns} FROM {table} WHERE superseded_by IS NULL"
            if len(ids) < OWNERS_BY_ID_BELOW * len(households):
                sql = f"{head} AND quarter IN (:quarters) AND household_id IN (:owners)"
                for owners in id_lists(sorted(ids)):
                    yield from db.batches(sql, quarters=quarters, owners=owners)
                return
            # the window's quarters are a large part of the table: the whole ledger's by one scan
            quarter = "quarter" if selected is not None else db.scanned("quarter")
            sql = f"{head} AND {quarter} IN (:quarters) AND {of_households('household_id', covered)}"
            for batch in db.batches(sql, quarters=quarters, **params):
                yield [r for r in batch if r[0] in ids]

        incomes: tuple[IncomeFact, ...] = ()
        if "income_window" in needs:
            found: list[IncomeFact] = []
            for batch in records("income_window", "quarter, collected_on, late_reason", "income", True):
                found += [new(IncomeFact, (h, qt, days[on], bool(late))) for h, qt, on, late in batch]
            incomes = tuple(found)
        assessments: tuple[AssessmentFact, ...] = ()
        if "assessment" in needs:
            assessments = tuple(
                new(AssessmentFact, (h, qt, days[on]))
                for batch in records("assessment", "quarter, assessed_on", "assessment", False)
                for h, qt, on in batch
            )
    return LedgerData(
        households=households,
        cadres=cadres,
        pairings=tuple(pairings.values()),
        roles=roles,
        visits=tuple(visits_list),
        incomes=incomes,
        assessments=assessments,
    )


def _latest_before(
    db: Any, households: Iterable[HouseholdFact], window: list[VisitFact], rules: list[RuleSpec], first: date
) -> list[VisitFact]:
    """The latest non-voided visit before ``first``, per household and mode, where ``last_visit``
    needs it: for the households with no visit in the window of the modes a rule asks about (its
    ``modes``, or any mode). Every other household's last visit of those modes is in the window
    — a few hundred households of a county are left, read through the (household_id, date)
    index instead of a scan of every older visit."""
    from bangfu_cli.storage.rawsql import id_lists

    present = set(map(attrgetter("household_id", "mode"), window))  # of the window's visits
    every = frozenset(MODES)
    wanted: dict[frozenset, list[int]] = {}
    for modes in {frozenset(r.modes) or every for r in rules}:
        ids = [h.id for h in households if not any((h.id, m) in present for m in modes)]
        if ids:
            wanted[modes] = ids
    d = db.quote("date")
    sql = (
        f"SELECT household_id, mode, MAX({d}) FROM visit WHERE voided = :no AND {d} < :first"
        " AND mode IN (:modes) AND household_id IN (:ids) GROUP BY household_id, mode"
    )
    found: set[tuple] = set()
    for modes, ids in wanted.items():
        for some in id_lists(ids):
            rows = db.rows(sql, no=False, first=first, modes=sorted(modes), ids=some)
            found.update((hid, mode, day) for hid, mode, day in rows if day is not None)
    return [VisitFact(0, hid, NO_CADRE, db.day(day), mode) for hid, mode, day in sorted(found)]


# --- summaries -------------------------------------------------------------------------------------


def _tallies(findings: Iterable[Finding], met: Counter | None) -> Iterable[tuple[tuple, str, int]]:
    """(met_key, status, count) for every listed finding and every tallied met one."""
    for f in findings:
        yield (f.rule, f.township, f.village, f.cadre, f.late), f.status, 1
    if met:
        for key, n in met.items():
            yield key, MET, n


def compliance(findings: Iterable[Finding], met: Counter | None = None) -> dict[str, list[dict[str, Any]]]:
    """Compliance rate = met periods ÷ judged periods (met + overdue), by township, village and
    cadre; periods still running and not yet met (due) are counted apart and not in the rate.
    ``met``: met findings tallied by ``run_rules(keep_met=False)``, counted as if listed."""
    levels: dict[str, dict[tuple, dict[str, Any]]] = {"township": {}, "village": {}, "cadre": {}}
    for (_rule, township, village, cadre, _late), status, n in _tallies(findings, met):
        keys = {
            "township": (township,) if township else None,
            "village": (township, village) if village else None,
            "cadre": (cadre,) if cadre else None,
        }
        for level, key in keys.items():
            if key is None:
                continue
            row = levels[level].setdefault(key, _blank(level, key))
            row[status] += n
    out: dict[str, list[dict[str, Any]]] = {}
    for level, rows in levels.items():
        listed = []
        for key in sorted(rows, key=lambda k: tuple(x or "" for x in k)):
            row = rows[key]
            judged = row[MET] + row[OVERDUE]
            row["required"] = judged
            row["rate"] = round(row[MET] / judged, 4) if judged else None
            listed.append(row)
        out[level] = listed
    return out


def _blank(level: str, key: tuple) -> dict[str, Any]:
    row: dict[str, Any] = {"level": level}
    if level == "township":
        row["township"] = key[0]
    elif level == "village":
        row["township"], row["village"] = key
    else:
        row["cadre"] = key[0]
    row.update({MET: 0, OVERDUE: 0, DUE: 0})
    return row


def status_counts(findings: Iterable[Finding], met: Counter | None = None) -> dict[str, dict[str, int]]:
    """Per rule: how many findings are met, due and overdue (``met`` as in ``compliance``)."""
    counts: dict[str, dict[str, int]] = {}
    for (rule, *_rest, late), status, n in _tallies(findings, met):
        row = counts.setdefault(rule, {MET: 0, DUE: 0, OVERDUE: 0, "late": 0})
        row[status] += n
        if late:
            row["late"] += n
    return counts


def describe(finding: Any) -> str:
    """One line saying what a finding means, in the interface language (its message key, filled in)."""
    from bangfu_cli.i18n import t

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
