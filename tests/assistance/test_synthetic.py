"""The synthetic county's assistance records (``services.synthetic_assistance``): one unit per
village, activities at realistic rates, deterministic for a seed, nothing after the span."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from tests.conftest import run_cli

TABLES = ("unit", "unit_village", "unit_activity", "training", "partner", "partner_activity", "contribution")


def _county(db: Path, seed: int) -> dict:
    from bangfu_cli.generator.draw import default_end, span
    from bangfu_cli.services.ledger import open_ledger
    from bangfu_cli.services.synthetic_assistance import generate_assistance

    assert run_cli("--db", str(db), "demo", "--households", "400", "--seed", str(seed)).exit_code == 0
    ledger = open_ledger(str(db), operator="demo", today=date(2026, 11, 27))
    end = default_end(ledger.today)
    start, _ = span(end, 2)
    # ``demo --households`` made them (``samples.generate_county``): a second call adds nothing
    assert generate_assistance(ledger, start=start, end=end, seed=seed) == {}  # once only
    ledger.engine.dispose()
    con = sqlite3.connect(db)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()
    return {"counts": counts, "end": end}


def _dump(db: Path) -> dict[str, list]:
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        con.close()


def test_synthetic_assistance__one_unit_per_village_deterministic_and_inside_the_span(tmp_path):
    made = _county(tmp_path / "a.db", seed=5)
    _county(tmp_path / "b.db", seed=5)
    a, b = _dump(tmp_path / "a.db"), _dump(tmp_path / "b.db")
    assert a == b
    con = sqlite3.connect(tmp_path / "a.db")
    villages = con.execute("SELECT count(*) FROM village").fetchone()[0]
    active = con.execute(
        'SELECT village_id, count(*) FROM unit_village WHERE "end" IS NULL GROUP BY village_id'
    ).fetchall()
    assert len(active) == villages and all(n == 1 for _, n in active)
    end = made["end"].isoformat()
    for table, column in (("unit_activity", "date"), ("training", '"end"'), ("partner_activity", "date")):
        assert con.execute(f"SELECT count(*) FROM {table} WHERE {column} > ?", (end,)).fetchone()[0] == 0
    plans = con.execute("SELECT count(*) FROM unit_activity WHERE kind = 'plan'").fetchone()[0]
    assert villages <= plans <= 3 * villages  # about one a year per village, a few missing
    con.close()
    assert made["counts"]["unit_activity"] > 10 * villages


def test_synthetic_assistance__the_commands_read_what_it_wrote(tmp_path):
    _county(tmp_path / "c.db", seed=2)
    units = run_cli("--db", str(tmp_path / "c.db"), "unit", "list", "--format", "json")
    assert units.exit_code == 0 and units.json()
    listed = run_cli("--db", str(tmp_path / "c.db"), "partner", "list", "--format", "json").json()
    assert len(listed["partners"]) == 1 and any(a["kind"] == "secondment" for a in listed["activities"])
