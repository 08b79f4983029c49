"""Corrections of pairings: ``pair end`` warns when it leaves a household with no paired cadre
(XF5), and ``pair correct`` undoes a mistaken transfer — nothing deleted, every step audited."""

from __future__ import annotations

import pytest

from tests import db
from tests.conftest import run_cli


def _spans(household: str) -> list[tuple]:
    rows = run_cli("pair", "list", "--household", household, "--kind", "pair", "--format", "json").json()
    return [(r["cadre"], r["start"], r["end"], r["end_reason"], r["voided"]) for r in rows]


def _transfer(to: str = "C03") -> None:
    moved = run_cli("pair", "transfer", "H001", "--to", to, "--on", "2025-04-10", "--reason", "工作调动")
    assert moved.exit_code == 0, moved.output


def test_pair_end_warns_when_the_household_is_left_without_a_paired_cadre(ledger):
    result = run_cli("pair", "end", "H001", "--on", "2026-11-20", "--reason", "调离")
    assert result.exit_code == 0, result.output
    assert "H001" in result.stderr and "2026-11-21" in result.stderr and "XF5" in result.stderr
    (item,) = [
        i for i in run_cli("overdue", "--rule", "XF5", "--format", "json").json() if i["household"] == "H001"
    ]
    assert item["period_start"] == "2026-11-21"


def test_pair_end_of_a_leader_contact_does_not_warn(ledger):
    leader = run_cli("pair", "end", "H002", "--on", "2026-11-20", "--kind", "leader", "--reason", "调离")
    assert leader.exit_code == 0 and "XF5" not in leader.stderr


def test_pair_end_of_a_household_closed_that_day_does_not_warn(ledger):
    closed = run_cli("household", "close", "H001", "--on", "2026-11-20", "--reason", "自然消除")
    assert closed.exit_code == 0, closed.output
    ended = run_cli("pair", "end", "H001", "--on", "2026-11-20", "--reason", "销户")
    assert ended.exit_code == 0 and "XF5" not in ended.stderr


def test_pair_end_warns_in_chinese_too(ledger):
    result = run_cli("--lang", "zh", "pair", "end", "H001", "--on", "2026-11-20", "--reason", "调离")
    assert result.exit_code == 0 and "没有结对干部" in result.stderr


def test_pair_correct_voids_the_wrong_pairing_and_restores_the_previous_one(ledger):
    _transfer()
    result = run_cli("pair", "correct", "H001", "--reason", "调错了户")
    assert result.exit_code == 0, result.output
    # corrected today: a listing as of a past day reads the corrected pairings by their dates
    assert _spans("H001") == [
        ("C02", "2021-01-01", None, None, False),
        ("C03", "2025-04-10", "2025-04-09", "调错了户", True),  # kept, holding on no day
    ]
    assert run_cli("household", "show", "H001", "--format", "json").json()["cadre"] == "C02"
    active = run_cli(
        "pair", "list", "--household", "H001", "--as-of", "2025-06-01", "--format", "json"
    ).json()
    assert [r["cadre"] for r in active] == ["C02"]
    trail = run_cli("audit", "--entity", "pairing", "--key", "H001", "--format", "json").json()
    assert [row["action"] for row in trail][:2] == ["restore", "void"]
    # on PostgreSQL ``by`` is the database role and the operator's name stands beside it
    assert all("tester" in (row["by"], row.get("operator")) and row["at"] for row in trail[:2])
    assert "调错了户" in str(trail[0]["changes"]) and "调错了户" in str(trail[1]["changes"])


def test_a_corrected_transfer_asks_for_no_door_plate_any_more(ledger):
    _transfer()
    xf6 = ("overdue", "--rule", "XF6", "--since", "2025-01-01", "--format", "json")
    assert [i["household"] for i in run_cli(*xf6).json()] == ["H001"]
    assert run_cli("pair", "correct", "H001", "--reason", "误操作").exit_code == 0
    assert run_cli(*xf6).json() == []


def test_pair_correct_to_the_right_cadre_from_the_same_day(ledger):
    _transfer("C03")
    result = run_cli("pair", "correct", "H001", "--to", "C01", "--reason", "选错干部")
    assert result.exit_code == 0, result.output
    assert _spans("H001") == [
        ("C02", "2021-01-01", "2025-04-09", "工作调动", False),
        ("C03", "2025-04-10", "2025-04-09", "选错干部", True),
        ("C01", "2025-04-10", None, None, False),
    ]
    shown = run_cli("pair", "list", "--household", "H001").stdout
    assert "voided" in shown


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["H004", "--reason", "x"], "no transfer to correct"),  # never transferred
        (["H001", "--reason", ""], "--reason"),
        (["H001", "--to", "C03", "--reason", "x"], "C03"),  # the wrong cadre again
        (["H001", "--to", "C09", "--reason", "x"], "C09"),
    ],
)
def test_pair_correct_refusals_write_nothing(ledger, args, needle):
    _transfer()
    before = _spans("H001")
    result = run_cli("pair", "correct", *args)
    assert result.exit_code == 2 and needle in result.stderr and "Traceback" not in result.output
    assert _spans("H001") == before


def test_a_transfer_corrected_once_cannot_be_corrected_again_to_reach_further_back(ledger):
    _transfer()
    assert run_cli("pair", "correct", "H001", "--reason", "误操作").exit_code == 0
    again = run_cli("pair", "correct", "H001", "--reason", "再次")
    assert again.exit_code == 2 and "no transfer to correct" in again.stderr


def test_a_listing_as_of_a_day_before_the_correction_shows_the_transfer_as_it_stood(ledger):
    _transfer()
    db.back_date("pairing", "2025-04-10 09:00", "1 = 1")
    db.back_date("audit", "2025-04-10 09:00", "entity = 'pairing'", column="at")
    last_pairing, last_audit = db.rows("SELECT (SELECT max(id) FROM pairing), (SELECT max(id) FROM audit)")[0]
    assert run_cli("pair", "correct", "H001", "--to", "C01", "--reason", "选错干部").exit_code == 0
    db.back_date("pairing", "2025-06-02 00:00", f"id > {last_pairing}")
    db.back_date("audit", "2025-06-02 00:00", f"id > {last_audit}", column="at")

    def active(as_of: str, *recorded: str) -> list[str]:
        args = ("pair", "list", "--household", "H001", "--kind", "pair", "--as-of", as_of, *recorded)
        return [(r["cadre"], r["voided"]) for r in run_cli(*args, "--format", "json").json()]

    # as recorded: the transfer as it stood at 23:59 that day; corrected at midnight
    assert active("2025-06-01", "--as-recorded") == [("C03", False)]
    assert active("2025-06-02", "--as-recorded") == [("C01", False)]
    assert active("2025-06-01") == [("C01", False)]  # by their dates: the corrected pairings
