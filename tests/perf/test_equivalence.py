"""The optimised paths of ``check``, ``overdue`` and ``visit add`` return exactly what the
straightforward ones return (``reference.py``), on a mid-size synthetic county."""

from __future__ import annotations

import dataclasses
import io
import json
import random
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bangfu_cli.domain.workdays import WorkCalendar
from bangfu_cli.rules import engine
from bangfu_cli.rules.context import default_since
from bangfu_cli.rules.needs import ASSISTANCE_KINDS
from bangfu_cli.rules.profiles import load_builtin
from bangfu_cli.services import compliance, runner
from bangfu_cli.services import parts as in_parts
from bangfu_cli.storage import rawsql, reader_records
from bangfu_cli.storage.reader import read_ledger
from tests.conftest import run_cli
from tests.perf import reference


def load_data(ledger, rules, as_of, since, **selection):
    """What the engine says it needs of the selection, read by storage."""
    return read_ledger(ledger.engine, engine.needs(rules, as_of, since, **selection))


def part_file(findings, fmt="json"):
    """One part of a listing as the runner writes it: (overdue, due, its file)."""
    return runner._listing_file(findings, ("overdue", "due"), fmt, None)


def run_in_parts(ledger, as_of, finish):
    """The whole ledger judged in parts, each part's open findings ending as ``finish`` of them."""
    from types import SimpleNamespace

    rules = engine.selected_rules(ledger.profile)
    since = default_since(as_of)
    by_household = [r for r in rules if r.kind not in ASSISTANCE_KINDS]
    once = [r for r in rules if r.kind in ASSISTANCE_KINDS]
    open_once, once_met, once_years, _not_judged = runner.judge_once(ledger, once, as_of, since, False)
    done = list(
        in_parts.judge_in_parts(ledger, by_household, as_of, since, runner.judge, finish, once=open_once)
    )
    met, years = Counter(once_met), set(once_years)
    for part in done:
        met.update(part.met)
        years.update(part.calendar_fallback_years)
    results = iter([p.result for p in done])
    return SimpleNamespace(parts=results, met=met, calendar_fallback_years=sorted(years))


TODAY = date(2026, 11, 27)
HOUSEHOLDS = 1500
AS_OFS = (TODAY, date(2026, 3, 31))


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """A 1,500-household synthetic county (two years, seed 3), built once for the module."""
    from bangfu_cli.services import samples, setup
    from bangfu_cli.services.ledger import open_ledger

    path = tmp_path_factory.mktemp("perf") / "county.db"
    ledger = open_ledger(str(path), operator="tester", today=TODAY, create=True)
    setup.ensure_profile(ledger, None)
    samples.generate_county(ledger, HOUSEHOLDS, years=2, seed=3)
    ledger.engine.dispose()
    return path


@pytest.fixture
def ledger(county):
    from bangfu_cli.services.ledger import open_ledger

    opened = open_ledger(str(county), operator="tester", today=TODAY)
    yield opened
    opened.engine.dispose()


def _town_and_village(ledger):
    from sqlalchemy import text

    with ledger.engine.connect() as conn:
        return conn.execute(text("SELECT township, id FROM village ORDER BY id LIMIT 1")).first()


def _selections(ledger):
    township, village_id = _town_and_village(ledger)
    ids = random.Random(5).sample(range(1, HOUSEHOLDS + 1), 40)
    return [
        {},
        {"township": township},
        {"township": township, "village_id": village_id},
        {"household_ids": ids},
        {"household_ids": [ids[0]]},
    ]


def _same_data(fast, slow, selected: bool, labels: set[str], rules, as_of, since) -> None:
    from bangfu_cli.rules.context import Context, selects

    assert fast.households == slow.households
    assert (fast.assistance is None) == (slow.assistance is None)
    if slow.assistance is not None:  # the records of DOMAIN.md §10, each table the same
        for name in (f.name for f in dataclasses.fields(slow.assistance)):
            assert Counter(getattr(fast.assistance, name)) == Counter(getattr(slow.assistance, name)), name
    assert sorted(fast.pairings, key=lambda p: p.id) == sorted(slow.pairings, key=lambda p: p.id)
    assert sorted(fast.roles, key=lambda r: r.id) == sorted(slow.roles, key=lambda r: r.id)
    # the window's visits are the same; of the latest visits before it (id 0, read for
    # last_visit), the fast loader reads only those last_visit can need …
    assert sorted(v for v in fast.visits if v.id) == sorted(v for v in slow.visits if v.id)
    assert {v for v in fast.visits if not v.id} <= {v for v in slow.visits if not v.id}
    # … so every household's last visit of the modes a rule asks about is the same
    cal = WorkCalendar()
    fast_ctx, slow_ctx = Context(fast, as_of, since, cal), Context(slow, as_of, since, cal)
    for modes in {tuple(r.modes) for r in rules} | {()}:
        for h in slow.households:
            assert fast_ctx.last_visit(h.id, modes) == slow_ctx.last_visit(h.id, modes), (h.code, modes)

    # incomes and assessments: those of the periods the window judges, of the households an
    # income rule can select (a status row of theirs matches its selector)
    def selectable(kind: str) -> set[int]:
        selectors = {r.selector for r in rules if r.kind == kind}
        return {h.id for h in slow.households if any(selects(x, s) for s in h.statuses for x in selectors)}

    owners = selectable("income_window")
    assert Counter(fast.incomes) == Counter(
        i for i in slow.incomes if i.quarter in labels and i.household_id in owners
    )
    owners = selectable("assessment")
    assert Counter(fast.assessments) == Counter(
        a for a in slow.assessments if a.quarter in labels and a.household_id in owners
    )
    if not selected:
        assert Counter(fast.cadres) == Counter(slow.cadres)
    else:  # the cadres the selection refers to, and no others
        referred = {p.cadre_id for p in slow.pairings} | {r.cadre_id for r in slow.roles}
        referred |= {v.cadre_id for v in slow.visits}
        assert Counter(fast.cadres) == Counter(c for c in slow.cadres if c.id in referred)


@pytest.mark.parametrize("by_id_below", [reader_records.OWNERS_BY_ID_BELOW, 0, 2])
@pytest.mark.parametrize("profile_id", ["xinfeng-2023", "suzhou-2022"])
def test_loader_over_the_raw_cursor_returns_what_the_core_loader_returns(
    ledger, profile_id, by_id_below, monkeypatch
):
    """… with the income rules' records read by household id, in one pass, and as chosen."""
    monkeypatch.setattr(reader_records, "OWNERS_BY_ID_BELOW", by_id_below)
    monkeypatch.setattr(rawsql, "IN_LIST_MAX", 7)  # several lists of ids
    rules = engine.selected_rules(load_builtin(profile_id))
    for as_of in AS_OFS:
        since = default_since(as_of)
        from bangfu_cli.rules.context import window_periods

        labels = {p.label for p in window_periods("quarter", since, as_of)}
        for sel in _selections(ledger):
            fast = load_data(ledger, rules, as_of, since, **sel)
            slow = reference.load_data(ledger, rules, as_of, since, **sel)
            _same_data(fast, slow, bool(sel), labels, rules, as_of, since)


@pytest.mark.parametrize("profile_id", ["xinfeng-2023", "suzhou-2022"])
def test_engine_run_tallies_met_findings_exactly_as_evaluate_lists_them(ledger, profile_id):
    profile = load_builtin(profile_id)
    rules = engine.selected_rules(profile)
    for as_of in AS_OFS:
        since = default_since(as_of)
        data = reference.load_data(ledger, rules, as_of, since)
        listed = engine.evaluate(profile, data, as_of, since, WorkCalendar(profile.extra_holidays))
        open_findings, met = engine.run(profile, data, as_of, since, WorkCalendar(profile.extra_holidays))
        assert open_findings == [f for f in listed if f.status != "met"]
        assert met == Counter(
            (f.rule, f.township, f.village, f.cadre, f.late) for f in listed if f.status == "met"
        )
        assert sum(met.values()) > 0
        assert compliance.compliance(open_findings, met) == reference.compliance(listed)
        assert compliance.status_counts(open_findings, met) == reference.status_counts(listed)
        # the whole straightforward path (Core loader + evaluate) equals the optimised one
        fast_data = load_data(ledger, rules, as_of, since)
        fast_open, fast_met = engine.run(profile, fast_data, as_of, since)
        assert fast_open == open_findings
        assert fast_met == met


def _reference_rows(ledger, as_of, **sel):
    from bangfu_cli.rules.findings import listing_key as _sort_key

    profile = ledger.profile
    rules = engine.selected_rules(profile)
    since = default_since(as_of)
    data = reference.load_data(ledger, rules, as_of, since, **sel)
    findings = engine.evaluate(profile, data, as_of, since, WorkCalendar(profile.extra_holidays))
    if sel.get("township"):  # the findings of units etc. of that township's villages (CONTRACT.md)
        findings = [
            f for f in findings if f.subject_key is None or (f.village and f.township == sel["township"])
        ]
    return findings, [
        reference.to_json(f) for f in sorted((f for f in findings if f.status != "met"), key=_sort_key)
    ]


def test_check_json_equals_the_straightforward_path_byte_for_byte(ledger, county):
    _findings, rows = _reference_rows(ledger, TODAY)
    result = run_cli("--db", str(county), "check", "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert result.stdout == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def test_overdue_township_json_and_summary_equal_the_straightforward_path(ledger, county):
    township, _ = _town_and_village(ledger)
    findings, rows = _reference_rows(ledger, TODAY, township=township)
    result = run_cli("--db", str(county), "overdue", "--township", township, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"

    summary = run_cli("--db", str(county), "overdue", "--township", township, "--summary", "--format", "json")
    levels = reference.compliance(findings)
    doc = summary.json()
    assert {k: doc[k] for k in ("township", "village", "cadre")} == levels
    met = sum(1 for f in findings if f.status == "met")
    over = sum(1 for f in findings if f.status == "overdue")
    assert doc["total"]["met"] == met and doc["total"]["overdue"] == over
    assert doc["total"]["due"] == sum(1 for f in findings if f.status == "due")


def test_check_table_counts_equal_the_straightforward_counts(ledger, county):
    findings, _rows = _reference_rows(ledger, TODAY)
    counts = reference.status_counts(findings)
    result = run_cli("--db", str(county), "check")
    for rule, row in counts.items():
        line = next(x for x in result.stdout.splitlines() if f" {rule} " in x)
        numbers = [int(w) for w in line.replace("│", " ").split() if w.isdigit()]
        assert numbers[-4:] == [row["overdue"], row["due"], row["met"], row["late"]]


def test_streamed_json_is_byte_for_byte_emit_json():
    from bangfu_cli import output
    from bangfu_cli.output import emit_json_rows

    rows = [
        {"a": '引号"与\\反斜杠', "b": None, "c": True, "d": 0, "e": "line\nbreak, {x}: y"},
        {"a": "", "b": -3, "c": False, "d": 1.5, "e": "тест\t✓"},
        {  # dates and datetimes as rows carry them (``Finding.json_row``)
            "a": date(2026, 3, 31),
            "b": datetime(2026, 3, 31, 8, 5),
            "c": datetime(2026, 3, 31, 8, 5, 7, 120),
            "d": datetime(2026, 3, 31, 8, 5, tzinfo=UTC),
            "e": datetime(2026, 3, 31, 8, 5, 7, 999999, tzinfo=timezone(timedelta(hours=8))),
        },
    ]
    for case in (rows, rows[:1], rows[2:], []):
        out = io.StringIO()
        old, sys.stdout = sys.stdout, out
        try:
            output.emit_json(case)
            expected = out.getvalue()
            out.seek(0)
            out.truncate()
            emit_json_rows(iter(case))
        finally:
            sys.stdout = old
        assert out.getvalue() == expected


def test_a_listing_as_json_is_the_standard_librarys_text_whichever_writer_writes_it(monkeypatch):
    """``output.emit`` writes flat rows through orjson (``emit_json_rows``) and anything else
    through the standard library (``emit_json``): the same text either way, for every control
    character, separators, surrogate-free astral text, floats at the edges of plain decimals and
    whole numbers at the edge of 64 bits; what orjson would write differently goes to the
    standard library."""
    from bangfu_cli import output

    awkward = "".join(chr(c) for c in range(32)) + '\x7f"\\/\u2028\u2029\ufeff😀𠀀'
    flat = [
        {"text": awkward, "n": (1 << 63) - 1, "m": -(1 << 63), "f": 0.0001, "g": 9999999999999998.0},
        {"text": "", "n": 0, "m": True, "f": 0.0, "g": -0.5, "day": date(2026, 3, 31)},
    ]
    other = [
        [{"x": 1e16}],  # 1e+16 in the standard library, 1e16 in orjson
        [{"x": 1e-05}],
        [{"x": float("nan")}],
        [{"x": 1 << 64}],
        [{"x": [1, 2]}],  # not flat
        [{1: "x"}],
        [("a", 1)],
    ]
    used = []
    real = output.emit_json_rows
    monkeypatch.setattr(output, "emit_json_rows", lambda rows: used.append(True) or real(rows))
    for rows, fast in [(flat, True), (flat[:1], True), ([], True)] + [(r, False) for r in other]:
        out = io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        used.clear()
        output.emit(rows, [], "json")
        assert bool(used) is fast, rows
        want = json.dumps(rows, ensure_ascii=False, indent=2, default=output.json_default)
        assert out.getvalue() == want + "\n", rows


def test_last_visit_by_bisect_equals_a_scan_of_every_visit():
    from bangfu_cli.domain.facts import LedgerData, VisitFact
    from bangfu_cli.rules.context import Context

    rng = random.Random(11)
    visits = tuple(
        VisitFact(
            i,
            rng.randint(1, 5),
            1,
            date(2026, rng.randint(1, 12), rng.randint(1, 28)),
            rng.choice(["home", "phone", "online"]),
        )
        for i in range(1, 300)
    )
    for as_of in (date(2026, 1, 1), date(2026, 6, 15), date(2026, 12, 31), date(2025, 1, 1)):
        ctx = Context(LedgerData(visits=visits), as_of, default_since(as_of), WorkCalendar())
        for hid in range(0, 7):
            for modes in ((), ("home",), ("phone", "online"), ("online",)):
                mine = sorted(
                    v.date
                    for v in visits
                    if v.household_id == hid and v.date <= as_of and (not modes or v.mode in modes)
                )
                assert ctx.last_visit(hid, modes) == (mine[-1] if mine else None)


def test_visit_add_judges_the_household_from_its_own_records_only(ledger):
    from bangfu_cli.domain.facts import VisitFact

    rules = engine.selected_rules(ledger.profile)
    since = default_since(TODAY)
    whole = load_data(ledger, rules, TODAY, since)
    for hid in (1, 2, 700):
        data = load_data(ledger, rules, TODAY, since, household_ids=[hid])
        assert [h.id for h in data.households] == [hid]
        assert data.visits and all(v.household_id == hid for v in data.visits)
        assert all(p.household_id == hid for p in data.pairings)
        # the household's findings are the same as in a whole-county run
        one = engine.evaluate(ledger.profile, data, TODAY, since)
        everyone = [f for f in engine.evaluate(ledger.profile, whole, TODAY, since) if f.household_id == hid]
        assert one == everyone
        assert isinstance(data.visits[0], VisitFact)


def test_raw_sql_placeholders_follow_the_driver_paramstyle():
    from bangfu_cli.storage.rawsql import Reader

    class Dialect:
        paramstyle = "qmark"

    reader = Reader.__new__(Reader)
    reader.dialect = Dialect()
    reader._bind_date = None
    sql = "SELECT 1 WHERE a = :a AND b IN (:bs) AND c IN (:none) AND d = '12:30'"
    params = {"a": 1, "bs": [2, 3], "none": []}
    expected = {
        "qmark": ("SELECT 1 WHERE a = ? AND b IN (?, ?) AND c IN (NULL) AND d = '12:30'", (1, 2, 3)),
        "format": ("SELECT 1 WHERE a = %s AND b IN (%s, %s) AND c IN (NULL) AND d = '12:30'", (1, 2, 3)),
        "numeric": ("SELECT 1 WHERE a = :1 AND b IN (:2, :3) AND c IN (NULL) AND d = '12:30'", (1, 2, 3)),
        "named": (
            "SELECT 1 WHERE a = :a AND b IN (:bs_0, :bs_1) AND c IN (NULL) AND d = '12:30'",
            {"a": 1, "bs_0": 2, "bs_1": 3},
        ),
        "pyformat": (
            "SELECT 1 WHERE a = %(a)s AND b IN (%(bs_0)s, %(bs_1)s) AND c IN (NULL) AND d = '12:30'",
            {"a": 1, "bs_0": 2, "bs_1": 3},
        ),
    }
    for style, want in expected.items():
        Dialect.paramstyle = style
        assert reader._compile(sql, params) == want


def test_to_json_converts_every_date_field_of_the_contract():
    """``Finding.to_json`` converts only the fields listed in ``_DATE_KEYS``: a date-typed
    contract field added later must be listed too."""
    from dataclasses import fields

    from bangfu_cli.rules.findings import _DATE_KEYS, JSON_KEYS, Finding

    dated = {f.name for f in fields(Finding) if f.name in JSON_KEYS and "date" in str(f.type)}
    assert dated <= set(_DATE_KEYS)


def _places(ledger, village_ids):
    from sqlalchemy import text

    from bangfu_cli.rules.findings import place_key

    with ledger.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, township, name FROM village")).all()
    return [place_key(town, name) for vid, town, name in rows if vid in set(village_ids)]


def test_a_ledger_judged_in_two_processes_gives_what_one_process_gives(ledger, county, monkeypatch):
    """The whole-ledger run in two parts (villages in listing order, the second in a worker
    process) lists the same findings, tallies the same met periods, and `check` writes the same
    JSON."""
    from bangfu_cli.rules.findings import listing_key as _sort_key

    monkeypatch.setattr(in_parts, "PARALLEL_FROM", 10**9)
    one = compliance.run_rules(ledger, TODAY, keep_met=False)
    monkeypatch.setattr(in_parts, "PARALLEL_FROM", 1_000)
    monkeypatch.setattr(in_parts, "WORKER_HEAD_START", {"fork": 0, "spawn": 0})  # parts of ~750
    monkeypatch.setattr("os.cpu_count", lambda: 2)  # split on a one-core machine too
    lower, upper = in_parts.split_villages(ledger)  # split indeed, in listing order
    assert lower and upper
    assert max(_places(ledger, lower)) < min(_places(ledger, upper))
    two = compliance.run_rules(ledger, TODAY, keep_met=False)
    # the county has units (XF9, XF10): their rules are judged once, whatever the parts
    assert "unit" in {f.subject for f in one.findings}
    assert {k[0] for k in one.met} >= {"XF9", "XF10"}
    assert sorted(two.findings, key=_sort_key) == sorted(one.findings, key=_sort_key)
    assert Counter(two.findings) == Counter(one.findings)
    assert two.met == one.met and sum(two.met.values()) > 0
    assert two.calendar_fallback_years == one.calendar_fallback_years

    # check's JSON is sorted and encoded by the part that judged it, then written part after part
    parted = run_in_parts(ledger, TODAY, part_file)
    pieces = list(parted.parts)
    for _over, _due, path in pieces:
        assert Path(path).stat().st_size > 0
        Path(path).unlink()
    assert len(pieces) == 2
    assert parted.met == one.met and parted.calendar_fallback_years == one.calendar_fallback_years
    open_ones = [f for f in one.findings if f.status != "met"]
    assert sum(over for over, _due, _path in pieces) == sum(1 for f in open_ones if f.status == "overdue")
    assert sum(over + due for over, due, _path in pieces) == len(open_ones)
    _findings, rows = _reference_rows(ledger, TODAY)
    result = run_cli("--db", str(county), "check", "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    # … and so is the whole ledger's `overdue` JSON, by status and by rule
    for args, keep in (
        ((), lambda r: True),
        (("--status", "overdue"), lambda r: r["status"] == "overdue"),
        (("--status", "due", "--rule", "XF2"), lambda r: r["status"] == "due" and r["rule"] == "XF2"),
    ):
        listed = run_cli("--db", str(county), "overdue", *args, "--format", "json")
        assert listed.exit_code == 0, listed.stderr
        want = [r for r in rows if keep(r)]
        assert want and listed.stdout == json.dumps(want, ensure_ascii=False, indent=2) + "\n", args
    # … and their CSV, against the same commands judged in one piece

    by_parts = []
    real_listed = in_parts.judge_in_parts

    def listed(*args, **kwargs):
        done = real_listed(*args, **kwargs)
        if done is not None:  # written by parts
            by_parts.append(args[-1].keywords["fmt"])
        return done

    monkeypatch.setattr(in_parts, "judge_in_parts", listed)
    for args in (("check",), ("overdue",), ("overdue", "--status", "due", "--rule", "XF2")):
        monkeypatch.setattr(in_parts, "PARALLEL_FROM", 1_000)
        parts = run_cli("--db", str(county), *args, "--format", "csv")
        monkeypatch.setattr(in_parts, "PARALLEL_FROM", 10**9)
        whole = run_cli("--db", str(county), *args, "--format", "csv")
        assert parts.exit_code == whole.exit_code and parts.stdout == whole.stdout, args
        assert whole.stdout.count("\n") > 100, args
    assert by_parts == ["csv"] * 3  # the first of each pair was written by parts


def _split_small(monkeypatch):
    monkeypatch.setattr(in_parts, "PARALLEL_FROM", 1_000)
    monkeypatch.setattr(in_parts, "WORKER_HEAD_START", {"fork": 0, "spawn": 0})
    monkeypatch.setattr("os.cpu_count", lambda: 2)


def _whole(ledger, monkeypatch):
    monkeypatch.setattr(in_parts, "PARALLEL_FROM", 10**9)
    one = compliance.run_rules(ledger, TODAY, keep_met=False)
    _split_small(monkeypatch)
    return one


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker is forked on Linux only")
def test_the_worker_is_forked_on_linux_and_spawned_elsewhere_with_the_same_findings(ledger, monkeypatch):
    """On Linux the worker is forked (it starts at once); elsewhere, or when this process runs a
    second thread, spawned. Both judge the same part."""
    import threading

    one = _whole(ledger, monkeypatch)
    assert in_parts.start_method() == "fork"
    started = []
    real = in_parts.start_method
    monkeypatch.setattr(in_parts, "start_method", lambda: started.append(real()) or started[-1])
    forked = compliance.run_rules(ledger, TODAY, keep_met=False)
    assert started == ["fork"]
    monkeypatch.setattr(in_parts, "start_method", lambda: started.append("spawn") or "spawn")
    spawned = compliance.run_rules(ledger, TODAY, keep_met=False)
    assert started == ["fork", "spawn"]
    for two in (forked, spawned):
        assert Counter(two.findings) == Counter(one.findings) and two.met == one.met

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert real() == "spawn"  # forking a process that runs threads is not safe
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(sys, "platform", "win32")
    assert real() == "spawn"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a forked worker runs this module's patches")
def test_a_worker_that_dies_has_its_part_judged_here_and_its_error_is_raised_here(ledger, monkeypatch):
    import os

    from bangfu_cli.domain.errors import BangfuError

    one = _whole(ledger, monkeypatch)
    monkeypatch.setattr(in_parts, "_judge_part", lambda *a: os._exit(9))  # killed, out of memory
    survived = compliance.run_rules(ledger, TODAY, keep_met=False)
    assert Counter(survived.findings) == Counter(one.findings) and survived.met == one.met

    def refuses(*_args):
        raise BangfuError("ledger.missing", path="elsewhere.db")

    monkeypatch.setattr(in_parts, "_judge_part", refuses)
    with pytest.raises(BangfuError) as raised:
        compliance.run_rules(ledger, TODAY, keep_met=False)
    assert raised.value.key == "ledger.missing" and raised.value.params == {"path": "elsewhere.db"}

    def unpicklable(*_args):
        raise ValueError(lambda: None)  # an exception pickle cannot send

    monkeypatch.setattr(in_parts, "_judge_part", unpicklable)
    with pytest.raises(RuntimeError, match="ValueError"):
        compliance.run_rules(ledger, TODAY, keep_met=False)


@pytest.mark.parametrize("subject_key", [None, "县农业农村局"])
def test_json_row_and_to_json_equal_the_straightforward_conversion(subject_key):
    from bangfu_cli.rules.findings import Finding

    f = Finding(
        "XF1", "文件", "overdue", "unit" if subject_key else "household", "rules.msg", "永城镇", "一村",
        "H1", "张三", "C1", "2026Q3", date(2026, 7, 1), date(2026, 9, 30), 1, 0, 58, None,
        date(2026, 5, 4), True, subject_key, 7, 9,
    )  # fmt: skip
    want = reference.to_json(f)
    assert list(f.to_json().items()) == list(want.items())  # same keys in the same order
    row = f.json_row()
    assert list(row) == list(want)
    assert row["period_start"] == date(2026, 7, 1) and row["last_visit"] == date(2026, 5, 4)
    assert {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()} == want


def test_json_rows_are_json_row_of_each_finding():
    from bangfu_cli.rules.findings import Finding, json_rows

    def finding(n: int, subject_key: str | None) -> Finding:
        return Finding(
            "XF1", "文件", "overdue", "household", "rules.msg", "永城镇", "一村", f"H{n}", "张三", None,
            "2026Q3", date(2026, 7, 1), date(2026, 9, 30), 1, 0, n, None, None, False, subject_key, n, None,
        )  # fmt: skip

    plain = [finding(n, None) for n in range(5)]
    mixed = plain[:2] + [finding(9, "县农业农村局")] + plain[2:]
    blank = plain[:1] + [finding(8, "")]  # an empty key is still a key
    for findings in (plain, mixed, blank, []):
        got = list(json_rows(findings))
        assert got == [f.json_row() for f in findings]
        assert [list(r) for r in got] == [list(f.json_row()) for f in findings]  # key order too


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("encoding", [None, "utf-8", "gb18030"])
def test_listing_written_by_parts_is_what_one_listing_writes(encoding, fmt):
    """``part_file`` for each part and ``emit_files`` write what ``emit_json_rows`` or
    ``emit_csv`` writes for the whole listing — to a text stream (no bytes underneath), a UTF-8
    one, and a GB18030 one (a Chinese Windows console)."""
    from bangfu_cli import output
    from bangfu_cli.rules.findings import CSV_KEYS, Finding, listing_key

    def finding(n: int, village: str, status: str) -> Finding:
        return Finding(
            "XF1", "信巩办字〔2023〕4号 一(1)", status, "household", "rules.msg", "永城镇", village,
            f"H{n:03d}", "张三" * (n % 3 + 1), "C1", "2026Q3", date(2026, 7, 1), date(2026, 9, 30), 1, 0,
            n if status == "overdue" else None, None if status == "overdue" else n, None, False, None, n, 1,
        )  # fmt: skip

    lower = [finding(n, "东村", "overdue" if n % 2 else "due") for n in range(2_500)]
    upper = [finding(n, "西村", "due") for n in range(3)] + [finding(9, "西村", "met")]
    made = [part_file(part, fmt=fmt) for part in (lower, [], upper)]
    assert [m[:2] for m in made] == [(1_250, 1_250), (0, 0), (0, 3)]

    def written(write) -> str:
        raw = io.BytesIO()
        stream = io.StringIO() if encoding is None else io.TextIOWrapper(raw, encoding=encoding)
        old, sys.stdout = sys.stdout, stream
        try:
            write()
        finally:
            sys.stdout = old
        return stream.getvalue() if encoding is None else raw.getvalue().decode(encoding)

    listed = sorted((f for f in lower + upper if f.status != "met"), key=listing_key)
    try:
        got = written(lambda: output.emit_files((path for _o, _d, path in made), fmt, CSV_KEYS))
    finally:
        for _o, _d, path in made:
            Path(path).unlink()
    if fmt == "csv":
        assert got == written(lambda: output.emit_csv((f.to_json() for f in listed), CSV_KEYS))
        assert got.count("\n") == len(listed) + 1 and "张三" in got
    else:
        assert got == written(lambda: output.emit_json_rows(f.json_row() for f in listed))
        assert json.loads(got)[0]["head_name"].startswith("张三")


def test_household_list_of_a_place_reads_its_own_rows_and_lists_what_the_whole_list_has(county, monkeypatch):
    """``household list --township/--village`` reads the status rows and pairings of the place's
    villages only (not the ledger's): the same households, statuses and cadres as the whole
    list filtered by place."""
    from bangfu_cli.storage import households

    everyone = run_cli("--db", str(county), "household", "list", "--format", "json").json()
    towns = sorted({h["township"] for h in everyone})
    read_by_village = []
    real = households.load_statuses
    monkeypatch.setattr(
        households,
        "load_statuses",
        lambda session, ids=None, village_ids=None, **kw: (
            read_by_village.append(village_ids is not None) or real(session, ids, village_ids, **kw)
        ),
    )
    for town in towns:
        listed = run_cli(
            "--db", str(county), "household", "list", "--township", town, "--format", "json"
        ).json()
        assert listed == [h for h in everyone if h["township"] == town], town
    village = everyone[0]["village"]
    listed = run_cli(
        "--db", str(county), "household", "list", "--village", village, "--format", "json"
    ).json()
    assert listed == [h for h in everyone if h["village"] == village]
    assert any(read_by_village)  # a township of 500+ households went through its villages
    assert all(h["cadre"] for h in everyone[:50])  # the pairings are there to compare


def test_cycle_collection_is_paused_inside_and_left_as_it_was(ledger, monkeypatch):
    """A part is loaded and judged with the cycle collector off (``cycles_uncollected``), which
    is back as it was afterwards — on, or off when the caller had it off — even after an error."""
    import gc

    from bangfu_cli import cycles_uncollected

    seen = []
    real = runner.read_ledger
    monkeypatch.setattr(runner, "read_ledger", lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k))
    assert gc.isenabled()
    compliance.run_rules(ledger, TODAY, township=_town_and_village(ledger)[0])
    # two reads: the households of the township, and the records of units (XF9, XF10)
    assert seen == [False, False] and gc.isenabled()
    with pytest.raises(KeyError), cycles_uncollected():
        raise KeyError("an error inside")
    assert gc.isenabled()
    gc.disable()
    try:
        with cycles_uncollected():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_was_made_while_cycles_were_uncollected_is_old_but_still_collectable():
    """Leaving ``cycles_uncollected`` puts what was made inside in the oldest generation (the
    young pass that follows would walk all of it), leaves objects someone froze frozen, and a
    cycle made inside is still collected by a full pass."""
    import gc
    import weakref

    from bangfu_cli import cycles_uncollected

    class Node:
        pass

    with cycles_uncollected():
        kept = [Node() for _ in range(1_000)]
        cycle = Node()
        cycle.self = cycle
        gone = weakref.ref(cycle)
        del cycle
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(n) in oldest for n in kept)
    assert gone() is not None  # not collected on leaving …
    gc.collect()
    assert gone() is None  # … but by the next full pass

    frozen = Node()
    gc.freeze()
    try:
        count = gc.get_freeze_count()
        with cycles_uncollected():
            _made = Node()
        assert gc.get_freeze_count() == count  # nobody's frozen objects were let go
        assert id(frozen) not in {id(o) for o in gc.get_objects(generation=2)}
    finally:
        gc.unfreeze()


def test_a_listing_by_parts_stopped_early_leaves_no_file_and_no_worker(county, monkeypatch):
    """A reader that stops early (``check --format json | head``): the parts' folder goes with
    whatever the worker wrote in it, and the worker does not outlive the command."""
    import multiprocessing
    import os
    import tempfile

    from bangfu_cli import output
    from bangfu_cli.services.orphans import runs_root

    _split_small(monkeypatch)
    folders = []
    mkdtemp = tempfile.mkdtemp

    def recorded(*args, **kwargs):
        folders.append(mkdtemp(*args, **kwargs))
        return folders[-1]

    def stops(paths, fmt, header, key=None):
        next(iter(paths))  # the first part's file, then the reader goes away
        raise BrokenPipeError

    def made() -> set:
        runs = set(runs_root().glob(f"{os.getpid()}-*"))  # the runs' folder stays; this run's go
        return runs | set(Path(tempfile.gettempdir()).glob("bangfu-*")) - {runs_root()}

    before = made()
    monkeypatch.setattr(tempfile, "mkdtemp", recorded)
    monkeypatch.setattr(output, "emit_files", stops)
    run_cli("--db", str(county), "check", "--format", "json")
    assert len(folders) == 1 and not Path(folders[0]).exists()
    assert made() <= before  # no part's file left in the temporary folder either
    for worker in [p for p in multiprocessing.active_children() if p.name == "bangfu-part"]:
        worker.join(10)  # one that had sent its part ends by itself
        assert not worker.is_alive()


def test_the_engine_reads_visits_and_income_records_from_their_covering_indexes(ledger, monkeypatch):
    """The loader's reads of visits and income records are answered from their covering
    indexes alone (migration 0004), never from the wide rows: for the whole ledger, a part of
    it and a township. A column added to one of those reads must be added to its index."""
    import sqlite3

    from bangfu_cli.storage import rawsql
    from bangfu_cli.storage.engine import sqlite_path

    reads: list[tuple[str, object]] = []
    batches = rawsql.Reader.batches

    def recorded(self, sql, **params):
        reads.append(self._compile(sql, params))
        return batches(self, sql, **params)

    monkeypatch.setattr(rawsql.Reader, "batches", recorded)
    rules = engine.selected_rules(ledger.profile)
    township, _village_id = _town_and_village(ledger)
    monkeypatch.setattr(in_parts, "PARALLEL_FROM", 1)
    villages, _upper = in_parts.split_villages(ledger)
    since = default_since(TODAY)
    for selection in ({}, {"part": villages}, {"township": township}):
        load_data(ledger, rules, TODAY, since, **selection)

    con = sqlite3.connect(sqlite_path(ledger.url))
    checked = 0
    for text, args in reads:
        for table in ("visit", "income"):
            if f"FROM {table} " not in text:
                continue
            steps = [row[-1] for row in con.execute(f"EXPLAIN QUERY PLAN {text}", args)]
            touching = [s for s in steps if s.startswith((f"SCAN {table}", f"SEARCH {table}"))]
            assert touching and all("COVERING INDEX" in s for s in touching), (text, steps)
            checked += 1
    con.close()
    assert checked >= 3 * 2  # visits and income records of each selection


def test_the_parts_files_hold_no_household_name_in_clear_and_list_the_same(county, monkeypatch):
    """The parts' files are sealed with the run's key: a head's name found in the listing is
    nowhere in the files on disk, and the listing is the one a whole run makes."""
    import sqlite3

    from bangfu_cli import output

    _split_small(monkeypatch)
    emit = output.emit_files
    seen: list[bytes] = []

    def reading(paths, fmt, header, key=None):
        paths = list(paths)
        seen.extend(Path(p).read_bytes() for p in paths)
        emit(paths, fmt, header, key=key)

    monkeypatch.setattr(output, "emit_files", reading)
    parted = run_cli("--db", str(county), "check", "--format", "json")
    assert len(seen) == 2 and all(seen)
    names = {r["head_name"] for r in parted.json() if r["head_name"]}
    assert names
    con = sqlite3.connect(county)
    assert {r[0] for r in con.execute("SELECT head_name FROM household")} >= names
    for data in seen:
        assert not any(name.encode() in data for name in names)
    monkeypatch.setattr(in_parts, "PARALLEL_FROM", 10**9)
    assert run_cli("--db", str(county), "check", "--format", "json").stdout == parted.stdout
