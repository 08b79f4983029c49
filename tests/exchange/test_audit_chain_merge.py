"""A merged file's audit rows join the receiving ledger's chain: after merging, and merging
again, ``audit verify`` finds the county's trail whole, and the merged rows are chained."""

from __future__ import annotations

import sqlite3

from tests.exchange.townships import FIRST, SECOND, cli, export, merge

BACKENDS = ("sqlite",)  # the chain's columns are read with sqlite3


def test_the_rows_a_merge_brings_are_chained_and_the_trail_verifies_whole(ledgers, tmp_path):
    a = export(ledgers["a"], tmp_path / "a.bangfu", "--township", FIRST)
    b = export(ledgers["b"], tmp_path / "b.bangfu", "--township", SECOND)
    county = ledgers["county"]
    for file in (a, b, a):
        assert merge(county, file).exit_code == 0
        result = cli(county, "audit", "verify")
        assert result.exit_code == 0, result.output
    con = sqlite3.connect(county)
    total, chained = con.execute("SELECT count(*), count(row_hash) FROM audit").fetchone()
    assert total == chained > 2


def test_a_merged_trail_sealed_a_few_rows_at_a_time_is_chained_as_in_one_pass(ledgers, tmp_path, monkeypatch):
    from bangfu_cli.storage import audit_chain
    from bangfu_cli.storage.engine import make_engine, url_for
    from bangfu_cli.storage.session import write_core

    a = export(ledgers["a"], tmp_path / "a.bangfu", "--township", FIRST)
    county = ledgers["county"]
    (before,) = sqlite3.connect(county).execute("SELECT max(id) FROM audit").fetchone()
    monkeypatch.setattr(audit_chain, "SEAL_BATCH", 2)
    assert merge(county, a).exit_code == 0
    result = cli(county, "audit", "verify")
    assert result.exit_code == 0, result.output
    batched = _chain(county, before)
    assert len(batched) > 3 * audit_chain.SEAL_BATCH

    # the same rows unsealed, and sealed again in one pass
    con = sqlite3.connect(county)
    con.execute(
        "UPDATE audit SET prev_hash = NULL, row_hash = NULL, record_hash = NULL WHERE id > ?", (before,)
    )
    con.commit()
    con.close()
    monkeypatch.setattr(audit_chain, "SEAL_BATCH", 1_000_000)
    engine = make_engine(url_for(str(county)))
    with write_core(engine) as conn:
        audit_chain.mark_unsealed(conn)
    engine.dispose()
    assert _chain(county, before) == batched


def _chain(db, after: int) -> list[tuple]:
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT id, prev_hash, row_hash, record_hash FROM audit WHERE id > ? ORDER BY id", (after,)
    ).fetchall()
    con.close()
    assert all(row[2] for row in rows)
    return rows
