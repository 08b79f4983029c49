"""``visit import`` (tuples read as the file is read, dict lookups, multi-row statements written on
a second thread, bulk UUIDs) leaves the ledger exactly as a plain row-by-row ORM import of the
same file does, on a mid-size synthetic ledger."""

from __future__ import annotations

import csv
import random
import re
import shutil
import sqlite3
import uuid
from datetime import date, timedelta

import pytest

from bangfu_cli.domain import vocab
from bangfu_cli.domain.dates import parse_date
from bangfu_cli.services.ledger import open_ledger
from tests.conftest import run_cli

# Compares the SQLite files the two import paths write (PostgreSQL's visit import is held to
# SQLite's output in tests/storage/test_same_output.py).
BACKENDS = ("sqlite",)

TODAY = date(2026, 11, 27)
COLUMNS = ("户编号", "干部编号", "走访日期", "方式", "走访内容", "发现问题", "帮扶措施", "三保障饮水")
VISIT_COLUMNS = (
    "id, household_id, cadre_id, date, mode, content, problems, measures, guarantees, follow_up,"
    " photo, voided, void_reason, voided_at, voided_by, recorded_by"
)


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """80 households with a year of visits (a few thousand), three of them closed in November,
    and a 3,000-row visits file."""
    from bangfu_cli.services import households as households_service
    from bangfu_cli.services import samples, setup

    where = tmp_path_factory.mktemp("county")
    db = where / "county.db"
    led = open_ledger(str(db), operator="tester", today=TODAY, create=True)
    setup.ensure_profile(led, None)
    samples.generate_county(led, 80, years=1, seed=3)
    with led.engine.connect() as c:
        codes = [r[0] for r in c.exec_driver_sql("SELECT code FROM household ORDER BY id LIMIT 3")]
    for code, day in zip(codes, (10, 20, 27), strict=True):
        households_service.close_household(led, code, date(2026, 11, day), "迁出")
    with led.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    led.engine.dispose()
    con = sqlite3.connect(db)
    households = [r[0] for r in con.execute("SELECT code FROM household WHERE closed_on IS NULL")]
    closed = con.execute("SELECT code, closed_on FROM household WHERE closed_on IS NOT NULL").fetchall()
    cadres = [r[0] for r in con.execute("SELECT code FROM cadre")]
    old = con.execute(
        "SELECT h.code, c.code, v.date, v.mode, v.content, v.problems, v.measures, v.guarantees"
        " FROM visit v JOIN household h ON h.id = v.household_id JOIN cadre c ON c.id = v.cadre_id"
        " ORDER BY v.id DESC LIMIT 200"
    ).fetchall()
    con.close()
    rnd = random.Random(7)
    modes = ["入户", "电话", "网络", "home", "Phone", "视频"]
    oks = ["正常", "ok", "OK", "无", "住房:漏雨", "", "  正常 "]
    rows = []
    for _ in range(2_700):
        day = date(2026, 10, 1) + timedelta(days=rnd.randrange(58))
        text = day.isoformat() if rnd.random() < 0.8 else day.strftime("%Y/%m/%d")
        rows.append(
            [
                rnd.choice(households),
                rnd.choice(cadres),
                text,
                rnd.choice(modes[:5]),
                rnd.choice(["了解家庭生产生活情况", "", " 宣讲政策 ", "=SUM(A1)"]),
                rnd.choice(["无", "", "缺劳力"]),
                rnd.choice(["持续跟踪帮扶", "", "落实产业奖补"]),
                rnd.choice(oks),
            ]
        )
    rows += [list(r[:2]) + [r[2], {"home": "入户", "phone": "电话"}.get(r[3], "网络"), *r[4:]] for r in old]
    for code, closed_on in closed:  # closed households' visits up to (and on) the day they closed
        last = date.fromisoformat(closed_on)
        for back in (0, 3, 40):
            rows.append(
                [code, rnd.choice(cadres), (last - timedelta(days=back)).isoformat(), "入户", "", "", "", ""]
            )
    rows += rnd.sample(rows, 100)  # the same visit twice in one file: recorded once
    rnd.shuffle(rows)
    path = where / "visits.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows([[v or "" for v in r] for r in rows])
    return db, path


def reference_import(db, path) -> dict:
    """The straightforward import: DictReader, one ORM query per code, ``Visit`` objects."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre, Household, Visit

    led = open_ledger(str(db), operator="tester", today=TODAY)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        records = list(csv.DictReader(fh))
    added = unchanged = 0
    stamp = led.stamp()
    with led.write() as session:
        seen = {(v.household_id, v.cadre_id, v.date, v.mode, v.content) for v in session.exec(select(Visit))}
        for r in records:
            cell = {k: (v or "").strip() for k, v in r.items()}
            h = session.exec(select(Household).where(Household.code == cell["户编号"])).one()
            c = session.exec(select(Cadre).where(Cadre.code == cell["干部编号"])).one()
            day = parse_date(cell["走访日期"], "date")
            assert day <= TODAY and (h.closed_on is None or h.closed_on >= day)
            mode = vocab.parse_mode(cell["方式"])
            content = cell["走访内容"] or None
            guarantees = cell["三保障饮水"] or None
            if guarantees is not None and vocab.guarantee_ok(guarantees):
                guarantees = "正常"
            key = (h.id, c.id, day, mode, content)
            if key in seen:
                unchanged += 1
                continue
            seen.add(key)
            session.add(
                Visit(
                    household_id=h.id,
                    cadre_id=c.id,
                    date=day,
                    mode=mode,
                    content=content,
                    problems=cell["发现问题"] or None,
                    measures=cell["帮扶措施"] or None,
                    guarantees=guarantees,
                    **stamp,
                )
            )
            added += 1
        session.flush()
        result = {"added": added, "updated": 0, "unchanged": unchanged}
        led.audit(session, "import", "visit", key=path.name, changes=result)
    led.engine.dispose()
    return result


def _visits(db) -> tuple[list, list]:
    con = sqlite3.connect(db)
    rows = con.execute(f"SELECT {VISIT_COLUMNS} FROM visit ORDER BY id").fetchall()
    extra = con.execute("SELECT uuid, recorded_at FROM visit ORDER BY id").fetchall()
    con.close()
    return rows, extra


@pytest.mark.parametrize(
    ("per_statement", "per_block"),
    [(7, 5), (2_700, 256), (2_700, 5_000)],
    ids=["many statements, blocks of 5", "two statements, blocks of 256", "one block"],
)
def test_fast_import__same_ledger_as_a_plain_orm_import_of_the_same_file(
    county, tmp_path, monkeypatch, per_statement, per_block
):
    """Blocks of 5 rows: most are good and new (checked by column), many hold a visit already
    in the ledger or in the file, or a closed household's (checked row by row)."""
    from bangfu_cli.services import tabular
    from bangfu_cli.storage import bulk

    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", per_statement)
    monkeypatch.setattr(tabular, "ROWS_PER_BLOCK", per_block)
    db, path = county
    before, _ = _visits(db)
    fast, plain = tmp_path / "fast.db", tmp_path / "plain.db"
    shutil.copyfile(db, fast)
    shutil.copyfile(db, plain)

    monkeypatch.setenv("BANGFU_DB", str(fast))
    result = run_cli("visit", "import", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    want = reference_import(plain, path)
    assert {k: result.json()[k] for k in want} == want
    assert want["added"] > 2_000 and want["unchanged"] >= 200  # both paths were exercised

    got_rows, got_extra = _visits(fast)
    want_rows, want_extra = _visits(plain)
    assert got_rows == want_rows  # every column but uuid and recorded_at, row for row, same ids
    con = sqlite3.connect(fast)  # written without SQLite's own foreign-key look-ups: none broken
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    new = got_extra[len(before) :]
    assert len({u for u, _ in got_extra}) == len(got_extra)  # uuids stay unique
    assert all(uuid.UUID(u).version == 7 and str(uuid.UUID(u)) == u for u, _ in new)
    assert all(uuid.UUID(u).variant == uuid.RFC_4122 for u, _ in new)
    # recorded_at: one stamp for the import, stored in the very form the ORM stores it
    shape = {re.sub(r"\d", "0", at) for _, at in new}
    assert shape == {re.sub(r"\d", "0", at) for _, at in want_extra[len(before) :]}
    assert len({at for _, at in new}) == 1

    again = run_cli("visit", "import", str(path), "--format", "json").json()
    assert again["added"] == 0 and again["unchanged"] == want["added"] + want["unchanged"]


def test_fast_import__a_bad_row_after_thousands_written_leaves_the_ledger_as_it_was(
    county, tmp_path, monkeypatch
):
    """The rows are written while the file is read: a bad row near the end still means nothing
    is written, and every bad row is listed."""
    from bangfu_cli.storage import bulk

    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 50)
    db, path = county
    fast = tmp_path / "fast.db"
    shutil.copyfile(db, fast)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    bad = tmp_path / "late.csv"
    late = [*lines[:2_500], "H404,C404,2026-10-01,入户,,,,", *lines[2_500:]]
    bad.write_text("\n".join(late), encoding="utf-8")
    before = _visits(fast)
    con = sqlite3.connect(fast)
    audits = con.execute("SELECT count(*) FROM audit").fetchone()
    con.close()

    monkeypatch.setenv("BANGFU_DB", str(fast))
    result = run_cli("visit", "import", str(bad))
    assert result.exit_code == 2
    assert "line 2501" in result.stderr and "H404" in result.stderr and "C404" in result.stderr
    assert _visits(fast) == before
    con = sqlite3.connect(fast)
    assert con.execute("SELECT count(*) FROM audit").fetchone() == audits
    con.close()


def test_uuid7_block__version_7_uuids_in_the_layout_of_new_uuid():
    import time

    from bangfu_cli.services.visit_import import uuid7_block
    from bangfu_cli.storage.ids import new_uuid

    ms = time.time_ns() // 1_000_000
    block = uuid7_block(4_096)
    later = uuid7_block(1)[0]
    assert len(block) == len(set(block)) == 4_096
    parsed = [uuid.UUID(u) for u in block]
    assert all(p.version == 7 and p.variant == uuid.RFC_4122 for p in parsed)
    assert [str(p) for p in parsed] == block
    assert {u[19] for u in block} == set("89ab")  # the variant's two random bits all occur
    assert len({u[15:18] + u[20:23] + u[24:] for u in block}) == 4_096  # every random digit is used
    assert abs((parsed[0].int >> 80) - ms) < 60_000  # Unix milliseconds in the first 48 bits
    assert {u[:13] for u in block} == {block[0][:13]} and later[:13] >= block[0][:13]
    layout = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    assert layout.fullmatch(new_uuid()) and all(layout.fullmatch(u) for u in block)
