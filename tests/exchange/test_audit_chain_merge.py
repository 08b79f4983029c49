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
