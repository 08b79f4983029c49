"""Pairings: import checks (overlaps, unknown references, dates), transfer, end, plaque, list."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.ledger_data.helpers import PAIR_HEADER, counts, write_csv


def test_transfer_ends_the_old_pairing_the_day_before_and_starts_the_new_one(ledger):
    result = run_cli("pair", "transfer", "H001", "--to", "C03", "--on", "2025-04-10", "--reason", "工作调动")
    assert result.exit_code == 0, result.output
    rows = run_cli("pair", "list", "--household", "H001", "--format", "json").json()
    spans = [(r["cadre"], r["start"], r["end"], r["end_reason"]) for r in rows]
    assert spans == [("C02", "2021-01-01", "2025-04-09", "工作调动"), ("C03", "2025-04-10", None, None)]
    # entered today: a listing as of a past day reads the pairings by their own dates
    active = run_cli(
        "pair", "list", "--household", "H001", "--as-of", "2025-04-09", "--format", "json"
    ).json()
    assert [r["cadre"] for r in active] == ["C02"]
    assert run_cli("household", "show", "H001", "--format", "json").json()["cadre"] == "C03"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["H001", "--to", "C02", "--on", "2025-04-10", "--reason", "x"], "already paired"),
        (["H004", "--to", "C02", "--on", "2025-04-10", "--reason", "x"], "no active pairing"),
        (["H001", "--to", "C09", "--on", "2025-04-10", "--reason", "x"], "C09"),
        (["H001", "--to", "C03", "--on", "2027-04-10", "--reason", "x"], "after today"),
        (["H001", "--to", "C03", "--on", "2021-01-01", "--reason", "x"], "no day"),
        (["H001", "--to", "C03", "--on", "2025-04-10", "--reason", ""], "--reason"),
        (["H001", "--to", "C03", "--on", "2025-04-10"], "--reason"),
    ],
)
def test_transfer_bad_input_exit_2_nothing_written(ledger, args, needle):
    before = counts()
    result = run_cli("pair", "transfer", *args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr and "Traceback" not in result.output
    assert counts() == before


def test_pair_add_refuses_an_overlap_and_warns_of_a_start_before_since(ledger):
    before = counts()
    overlap = run_cli("pair", "add", "H001", "C03", "--start", "2024-01-01")
    assert overlap.exit_code == 2 and "overlap" in overlap.stderr
    assert counts() == before
    early = run_cli("pair", "add", "H004", "C03", "--start", "2020-01-01", "--end", "2022-02-28")
    assert early.exit_code == 0, early.output
    assert "2022-03-01" in early.stderr and "accepted" in early.stderr  # a warning, on stderr
    ok = run_cli("pair", "add", "H004", "C03", "--start", "2022-03-01")
    assert ok.exit_code == 0, ok.output
    assert "before" not in ok.stderr
    leader = run_cli("pair", "add", "H001", "C01", "--kind", "领导联系", "--start", "2024-01-01")
    assert leader.exit_code == 0, leader.output


def test_end_and_plaque(ledger):
    ended = run_cli("pair", "end", "H003", "--on", "2025-12-31", "--reason", "风险消除")
    assert ended.exit_code == 0, ended.output
    assert run_cli("pair", "end", "H003", "--on", "2026-01-05", "--reason", "x").exit_code == 2
    plaque = run_cli("pair", "plaque", "H001", "--on", "2024-02-01")
    assert plaque.exit_code == 0, plaque.output
    row = run_cli("pair", "list", "--household", "H001", "--format", "json").json()[0]
    assert row["plaque_on"] == "2024-02-01"
    trail = run_cli("audit", "--entity", "pairing", "--limit", "1", "--format", "json").json()
    assert trail[0]["changes"] == {"plaque_on": [None, "2024-02-01"]}


def test_import_reports_overlaps_unknowns_and_dates_for_every_row(ledger):
    write_csv(
        ledger / "bad.csv",
        PAIR_HEADER,
        "H001,C03,结对,2024-01-01,,,",  # overlaps C02's open pairing in the ledger
        "H004,C03,结对,2022-03-01,2023-12-31,,",
        "H004,C02,结对,2023-06-01,,,",  # overlaps the row above in the same file
        "H999,C03,结对,2024-01-01,,,",
        "H004,C77,结对,2024-01-01,,,",
        "H003,C01,领导联系,2023-01-01,,,",  # before the household's since
        "H003,C01,领导联系,2024-02-01,2024-01-01,,",  # end before start
        "H003,C01,师徒,2024-02-01,,,",
    )
    before = counts()
    result = run_cli("pair", "import", str(ledger / "bad.csv"))
    assert result.exit_code == 2
    for line in (2, 4, 5, 6, 8, 9):
        assert f"line {line}:" in result.stderr, line
    assert "line 3:" not in result.stderr
    assert "line 7:" not in result.stderr  # before the household's since: a warning, not a refusal
    assert "H999" in result.stderr and "C77" in result.stderr
    assert counts() == before


def test_reimport_changes_nothing_and_an_end_date_is_an_update(ledger):
    before = counts()
    again = run_cli("pair", "import", str(ledger / "pairings.csv"))
    assert again.exit_code == 0 and "4 unchanged" in again.stderr
    assert counts() == before
    write_csv(ledger / "end.csv", PAIR_HEADER, "H003,C03,结对,2024-01-01,2025-12-31,风险消除,")
    assert "1 updated" in run_cli("pair", "import", str(ledger / "end.csv")).stderr
    row = run_cli("pair", "list", "--household", "H003", "--format", "json").json()[0]
    assert row["end"] == "2025-12-31" and row["end_reason"] == "风险消除"


def test_list_filters_by_cadre_kind_and_village(ledger):
    rows = run_cli("pair", "list", "--format", "json").json()
    assert len(rows) == 4 and {"household", "cadre", "kind", "start", "end"} <= set(rows[0])
    assert len(run_cli("pair", "list", "--cadre", "C02", "--format", "json").json()) == 2
    assert len(run_cli("pair", "list", "--kind", "leader", "--format", "json").json()) == 1
    assert len(run_cli("pair", "list", "--village", "三江村", "--format", "json").json()) == 1
    table = run_cli("--lang", "zh", "pair", "list")
    assert "领导联系" in table.stdout and "结对" in table.stdout


def test_import_accepts_pairings_before_the_households_since_with_a_warning_naming_the_rows(ledger):
    """A leader's contact set for the whole year, a household entered after its pairing: real data
    that breaks no rule (obligations count from 纳入台账日期) is imported, and the rows are named."""
    write_csv(
        ledger / "early.csv",
        PAIR_HEADER,
        "H003,C01,领导联系,2023-01-01,,,",  # H003 entered the ledger on 2024-01-01
        "H004,C03,结对,2022-03-01,2022-12-31,,",  # on its since: no warning
        "H004,C01,领导联系,2022-01-01,,,",  # H004 entered on 2022-03-01
    )
    before = counts()
    result = run_cli("pair", "import", str(ledger / "early.csv"))
    assert result.exit_code == 0, result.output
    assert "3 added" in result.stderr and "2 rows accepted" in result.stderr
    assert "line 2:" in result.stderr and "line 4:" in result.stderr and "line 3:" not in result.stderr
    assert counts()["pairings"] == before["pairings"] + 3
    again = run_cli("pair", "import", str(ledger / "early.csv"))
    assert again.exit_code == 0 and "3 unchanged" in again.stderr


def test_a_pairing_before_since_adds_no_obligation_before_since(ledger):
    """XF1 and XF5 judge the household from its 纳入台账日期, not from its pairing's start."""
    write_csv(ledger / "early.csv", PAIR_HEADER, "H003,C01,领导联系,2023-01-01,,,")
    assert run_cli("pair", "import", str(ledger / "early.csv")).exit_code == 0
    found = run_cli("check", "--as-of", "2024-06-30", "--since", "2023-01-01", "--format", "json").json()
    early = [f for f in found if f["household"] == "H003" and (f["period_end"] or "9") < "2024-01-01"]
    assert early == []
