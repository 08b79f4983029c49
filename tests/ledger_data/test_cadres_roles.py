"""Cadres and village roles: add, import, list, show, assign, end; unknown villages."""

from __future__ import annotations

from tests.conftest import run_cli
from tests.ledger_data.helpers import CADRE_HEADER, ROLE_HEADER, counts, write_csv


def test_cadre_list_counts_paired_households_and_masks_phones(ledger):
    rows = {r["code"]: r for r in run_cli("cadre", "list", "--format", "json").json()}
    assert rows["C02"]["households"] == 2 and rows["C01"]["leader"] is True
    assert rows["C01"]["phone"] == "151****5824"
    in_village = run_cli("cadre", "list", "--village", "大塘埠村", "--format", "json").json()
    assert {r["code"] for r in in_village} == {"C01", "C02", "C03"}  # pairings, leader and first secretary
    assert [
        r["code"] for r in run_cli("cadre", "list", "--village", "三江村", "--format", "json").json()
    ] == ["C03"]


def test_cadre_show_by_name_with_pairings_and_roles(ledger):
    shown = run_cli("cadre", "show", "杨美香", "--format", "json").json()
    assert shown["code"] == "C03"
    assert [p["household"] for p in shown["pairings"]] == ["H003"]
    assert shown["roles"][0]["role"] == "first_secretary"
    assert run_cli("cadre", "show", "杨美").exit_code == 2


def test_cadre_add__a_phone_of_unusual_shape_is_kept_with_a_warning(ledger):
    ok = run_cli("cadre", "add", "--code", "C10", "--name", "林玉花", "--unit", "信丰县人民政府", "--leader")
    assert ok.exit_code == 0, ok.output
    odd = run_cli("cadre", "add", "--code", "C11", "--name", "甲", "--unit", "乙", "--phone", "1234")
    assert odd.exit_code == 0, odd.output
    assert "Warnings" in odd.stderr and "the phone **** is neither" in odd.stderr
    assert run_cli("cadre", "show", "C11", "--reveal", "--format", "json").json()["phone"] == "1234"
    before = counts()
    dup = run_cli("cadre", "add", "--code", "C10", "--name", "林玉花", "--unit", "信丰县人民政府")
    assert dup.exit_code == 2 and "already exists" in dup.stderr
    assert counts() == before


def test_cadre_import_reimport_and_update(ledger):
    before = counts()
    assert "3 unchanged" in run_cli("cadre", "import", str(ledger / "cadres.csv")).stderr
    assert counts() == before
    write_csv(ledger / "c.csv", CADRE_HEADER, "C02,袁祥明,大塘埠镇人民政府,副镇长,0797-3312345,否")
    assert "1 updated" in run_cli("cadre", "import", str(ledger / "c.csv")).stderr
    trail = run_cli("audit", "--key", "C02", "--limit", "1", "--format", "json").json()
    assert trail[0]["changes"] == {"position": ["科员", "副镇长"]}


def test_cadre_import_bad_rows(ledger):
    write_csv(ledger / "c.csv", CADRE_HEADER, "C20,,单位,,,", "C21,甲,单位,,,也许", "C 22,乙,单位,,,")
    before = counts()
    result = run_cli("cadre", "import", str(ledger / "c.csv"))
    assert result.exit_code == 2
    assert all(f"line {n}:" in result.stderr for n in (2, 3, 4))
    assert counts() == before


def test_role_import_of_an_unknown_village_lists_near_matches(ledger):
    write_csv(
        ledger / "r.csv",
        ROLE_HEADER,
        "C02,第一书记,大塘埠镇,三江,2024-01-01,",
        "C02,书记,大塘埠镇,三江村,2024-01-01,",
    )
    before = counts()
    result = run_cli("role", "import", str(ledger / "r.csv"))
    assert result.exit_code == 2
    assert "line 2:" in result.stderr and "三江村" in result.stderr
    assert "line 3:" in result.stderr
    assert counts() == before


def test_role_reimport_assign_end_and_list(ledger):
    before = counts()
    assert "1 unchanged" in run_cli("role", "import", str(ledger / "roles.csv")).stderr
    assert counts() == before
    ok = run_cli(
        "role", "assign", "C02", "--role", "工作队员", "--village", "三江村", "--start", "2024-03-01"
    )
    assert ok.exit_code == 0, ok.output
    dup = run_cli(
        "role", "assign", "C02", "--role", "team_member", "--village", "三江村", "--start", "2024-05-01"
    )
    assert dup.exit_code == 2
    ended = run_cli("role", "end", "C02", "--on", "2025-02-28", "--reason", "轮换")
    assert ended.exit_code == 0, ended.output
    rows = run_cli("role", "list", "--village", "三江村", "--format", "json").json()
    assert [(r["cadre"], r["role"], r["start"], r["end"]) for r in rows] == [
        ("C02", "team_member", "2024-03-01", "2025-02-28")
    ]
    assert run_cli("role", "list", "--active", "--format", "json").json()[0]["cadre"] == "C03"
    assert run_cli("role", "end", "C02", "--on", "2025-03-01").exit_code == 2


def test_role_import__a_second_first_secretary_at_the_same_time_is_refused(ledger):
    """大塘埠村 has C03 as first secretary from 2023-08-28, open-ended."""
    write_csv(ledger / "r.csv", ROLE_HEADER, "C02,第一书记,大塘埠镇,大塘埠村,2025-07-14,")
    before = counts()
    result = run_cli("role", "import", str(ledger / "r.csv"))
    assert result.exit_code == 2
    assert "line 2:" in result.stderr and "C03" in result.stderr and "one first secretary" in result.stderr
    assert counts() == before


def test_role_import__a_replacement_the_day_after_the_old_term_ends_is_accepted(ledger):
    write_csv(
        ledger / "r.csv",
        ROLE_HEADER,
        "C03,第一书记,大塘埠镇,大塘埠村,2023-08-28,2025-07-13",
        "C02,第一书记,大塘埠镇,大塘埠村,2025-07-14,",
    )
    result = run_cli("role", "import", str(ledger / "r.csv"))
    assert result.exit_code == 0, result.output
    rows = run_cli("role", "list", "--village", "大塘埠村", "--active", "--format", "json").json()
    assert [(r["cadre"], r["role"]) for r in rows] == [("C02", "first_secretary")]


def test_role_assign__second_first_secretary_refused_until_the_first_term_ends(ledger):
    args = ("role", "assign", "C02", "--role", "第一书记", "--village", "大塘埠村", "--start", "2025-07-14")
    before = counts()
    refused = run_cli(*args)
    assert refused.exit_code == 2
    assert "C03" in refused.stderr
    assert counts() == before
    assert run_cli("role", "end", "C03", "--on", "2025-07-13", "--reason", "轮换").exit_code == 0
    accepted = run_cli(*args)
    assert accepted.exit_code == 0, accepted.output
