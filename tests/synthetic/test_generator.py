"""The synthetic county: deterministic per seed, complete (every category, transfers, status
changes, never-visited households) and true to the ledger's invariants."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import defaultdict
from datetime import date

import pytest

from bangfu_cli import generator
from bangfu_cli.domain.identity import id_problem, phone_ok
from bangfu_cli.services import samples, setup
from bangfu_cli.services.ledger import open_ledger
from bangfu_cli.storage.light import columns

TODAY = date(2026, 11, 27)
N = 300


def _build(path, households=N, seed=1, fast=True, years=2):
    ledger = open_ledger(str(path), operator="tester", today=TODAY, create=True)
    setup.ensure_profile(ledger, None)
    summary = samples.generate_county(ledger, households, years=years, seed=seed, fast=fast)
    ledger.engine.dispose()
    return summary


def _dump(path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        out = {}
        for t in generator.TABLES:
            cols = ", ".join(f'"{c}"' for c in columns(t))
            out[t] = con.execute(f"SELECT {cols} FROM {t} ORDER BY id").fetchall()
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    path = tmp_path_factory.mktemp("county") / "a.db"
    summary = _build(path)
    return summary, _dump(path)


def _rows(dump, table, *cols):
    names = columns(table)
    idx = [names.index(c) for c in cols]
    return [tuple(r[i] for i in idx) for r in dump[table]]


def test_same_seed_writes_identical_rows_and_another_seed_different_ones(county, tmp_path):
    summary, dump = county
    again = tmp_path / "b.db"
    assert _build(again) == summary
    assert _dump(again) == dump
    other = tmp_path / "c.db"
    _build(other, seed=2)
    other_dump = _dump(other)
    assert other_dump["household"] != dump["household"]
    assert other_dump["visit"] != dump["visit"]


@pytest.mark.parametrize(
    ("households", "years", "seed", "fingerprint"),
    [
        (150, 1, 7, "066dbc03edd90f95237e4f29ead6cc3c6525cf809e0c59f9dd321817f103bf35"),
        (400, 2, 11, "61fb0ee9182d5c23e2051067f41f4465cfdcdd86f6cf6bf88862c7bdb6004b12"),
    ],
)
def test_a_seeds_ledger_is_the_one_generator_version_1_wrote(tmp_path, households, years, seed, fingerprint):
    """Every row of every table (tables by name, rows by id, columns in ``storage.light`` order),
    hashed: the rows for a seed change only with ``VERSION`` (the benchmarks reuse ledgers of the
    same version)."""
    assert generator.VERSION == 1
    path = tmp_path / "fp.db"
    _build(path, households=households, seed=seed, years=years)
    digest = hashlib.sha256()
    dump = _dump(path)
    for table in sorted(dump):
        for row in dump[table]:
            digest.update(repr(row).encode())
    assert digest.hexdigest() == fingerprint


def test_fast_path_writes_exactly_what_sqlalchemy_core_writes(tmp_path):
    fast, core = tmp_path / "fast.db", tmp_path / "core.db"
    assert _build(fast, households=800, seed=5) == _build(core, households=800, seed=5, fast=False)
    assert _dump(fast) == _dump(core)
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    fast_con, core_con = sqlite3.connect(fast), sqlite3.connect(core)
    try:
        assert fast_con.execute(schema).fetchall() == core_con.execute(schema).fetchall()
    finally:
        fast_con.close()
        core_con.close()


def test_summary_counts_match_the_tables(county):
    summary, dump = county
    assert summary["households"] == N == len(dump["household"])
    assert summary["visits"] == len(dump["visit"]) > N * 10
    assert summary["income"] == len(dump["income"]) > 0
    assert summary["start"] == "2024-10-01" and summary["end"] == "2026-09-30"
    # ~1 cadre per 12 households, plus first secretaries, leaders and a spare per village
    assert N / 12 <= summary["cadres"] <= N / 4


def test_every_category_and_status_changes_mid_span_are_present(county):
    _summary, dump = county
    statuses = _rows(
        dump, "household_status", "household_id", "effective_on", "tuopin", "monitor_type", "risk"
    )
    kinds = {(tuopin, mtype) for _h, _d, tuopin, mtype, _r in statuses}
    assert (1, None) in kinds  # 脱贫户
    assert {m for _t, m in kinds} >= {"unstable", "marginal", "sudden"}
    assert {r for *_x, r in statuses} >= {"open", "eliminated"}
    per_household = defaultdict(list)
    for h, d, *_rest in statuses:
        per_household[h].append(d)
    changed = [ds for ds in per_household.values() if len(ds) > 1]
    assert len(changed) >= 5
    assert any(max(ds) > "2024-10-01" for ds in changed)


def test_transfers_end_the_old_pairing_the_day_before_the_new_one_starts(county):
    _summary, dump = county
    pairs = _rows(dump, "pairing", "household_id", "kind", "start", "end", "plaque_on")
    by_household = defaultdict(list)
    for h, kind, start, end, plaque in pairs:
        if kind == "pair":
            by_household[h].append((start, end, plaque))
    transfers = 0
    for spans in by_household.values():
        spans.sort()
        for (_s0, e0, _p0), (s1, _e1, p1) in zip(spans, spans[1:], strict=False):
            assert e0 is not None and e0 < s1
            if date.fromisoformat(s1).toordinal() - date.fromisoformat(e0).toordinal() == 1:
                transfers += 1
            if p1 is not None:
                assert p1 >= s1
    assert transfers >= 5
    assert any(kind == "leader" for _h, kind, *_r in pairs)


def test_no_overlapping_pairings_and_all_inside_the_households_time(county):
    _summary, dump = county
    households = {
        h: (since, closed) for h, since, closed in _rows(dump, "household", "id", "since", "closed_on")
    }
    spans = defaultdict(list)
    for h, kind, start, end in _rows(dump, "pairing", "household_id", "kind", "start", "end"):
        since, closed = households[h]
        assert start >= since
        if closed:
            assert end is not None and end <= closed
        assert end is None or start <= end
        spans[(h, kind)].append((start, end or "9999-12-31"))
    for items in spans.values():
        items.sort()
        for (_a, b), (c, _d) in zip(items, items[1:], strict=False):
            assert b < c
    assert any(closed for _since, closed in households.values())


def test_visits_are_in_the_past_inside_the_households_time_by_someone_responsible(county):
    _summary, dump = county
    households = {
        h: (since, closed, v)
        for h, since, closed, v in _rows(dump, "household", "id", "since", "closed_on", "village_id")
    }
    pairs = defaultdict(list)
    for h, c, start, end in _rows(dump, "pairing", "household_id", "cadre_id", "start", "end"):
        pairs[h].append((c, start, end or "9999-12-31"))
    roles = defaultdict(list)
    for c, v, role, start, end in _rows(dump, "role", "cadre_id", "village_id", "role", "start", "end"):
        if role == "first_secretary":
            roles[v].append((c, start, end or "9999-12-31"))
    visited = set()
    for h, c, day, recorded in _rows(dump, "visit", "household_id", "cadre_id", "date", "recorded_at"):
        since, closed, village = households[h]
        assert since <= day <= (closed or TODAY.isoformat())
        assert day <= "2026-09-30" and recorded[:10] <= TODAY.isoformat() and recorded[:10] >= day
        holders = [x for x, s, e in pairs[h] + roles[village] if s <= day <= e]
        assert c in holders
        visited.add(h)
    never = set(households) - visited
    assert never
    assert any(not households[h][1] for h in never)  # not merely closed households


def test_id_numbers_have_valid_check_digits_and_phones_are_well_formed(county):
    _summary, dump = county
    for id_number, phone in _rows(dump, "household", "id_number", "phone"):
        assert id_problem(id_number) is None
        assert phone is None or phone_ok(phone)
    for (phone,) in _rows(dump, "cadre", "phone"):
        assert phone_ok(phone)


def test_first_secretaries_one_at_a_time_some_villages_without_some_replaced(county):
    _summary, dump = county
    villages = {v for (v,) in _rows(dump, "village", "id")}
    fs = defaultdict(list)
    for v, role, start, end in _rows(dump, "role", "village_id", "role", "start", "end"):
        if role == "first_secretary":
            fs[v].append((start, end or "9999-12-31"))
    assert villages - set(fs)
    assert any(len(spans) > 1 for spans in fs.values())
    for spans in fs.values():
        spans.sort()
        for (_a, b), (c, _d) in zip(spans, spans[1:], strict=False):
            assert b < c


def test_income_is_collected_in_the_window_or_marked_late(county):
    _summary, dump = county
    rows = _rows(dump, "income", "quarter", "collected_on", "late_reason", "wage_fen")
    assert rows
    for quarter, on, late, wage in rows:
        assert on <= "2026-09-30" and wage >= 0
        y, q = int(quarter[:4]), int(quarter[-1])
        lo = date(y, 3 * q, 25).isoformat()
        hi = (date(y + 1, 1, 5) if q == 4 else date(y, 3 * q + 1, 5)).isoformat()
        assert (lo <= on <= hi) or late


def test_refuses_a_ledger_that_already_has_households(tmp_path):
    path = tmp_path / "x.db"
    _build(path, households=20)
    ledger = open_ledger(str(path), operator="tester", today=TODAY)
    from bangfu_cli.domain.errors import BangfuError

    with pytest.raises(BangfuError) as info:
        samples.generate_county(ledger, 20)
    assert info.value.key == "synthetic.not_empty"


def test_demo_command_fills_the_ledger(cli):
    result = cli("demo", "--households", "60", "--seed", "3")
    assert result.exit_code == 0, result.output
    info = cli("info", "--format", "json").json()
    assert info["counts"]["households"] == 60
    assert info["counts"]["visits"] > 0
