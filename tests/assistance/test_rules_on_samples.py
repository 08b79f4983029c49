"""The rules of units, resident cadres and the county pairing judged on the ledger of `bangfu
demo`: every deliberate irregularity samples/README.md lists shows up as it says (as of
2026-11-27, the tests' today)."""

from __future__ import annotations

from tests.conftest import run_cli


def _items(*args: str) -> list[dict]:
    result = run_cli("overdue", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return result.json()


def _keys(items: list[dict], *keys: str) -> set[tuple]:
    return {tuple(i[k] for k in keys) for i in items}


def test_suzhou_units_rules_show_the_samples_late_and_missing_plans_and_short_years():
    assert run_cli("demo").exit_code == 0
    assert run_cli("profile", "use", "suzhou-2022").exit_code == 0
    sz5 = _items("--rule", "SZ5")
    # 1. late plan: XF-DW-04 for 坪石村 on 2026-04-15 — overdue, late, done, days frozen at 15
    (late,) = [i for i in sz5 if i["unit"] == "XF-DW-04"]
    assert (late["village"], late["period"], late["status"], late["late"]) == (
        "坪石村",
        "2026-03-31",
        "overdue",
        True,
    )
    assert (late["done"], late["days_overdue"], late["subject"], late["household"]) == (1, 15, "unit", None)
    # 2. missing plan: XF-DW-05 for 长岗村
    assert ("XF-DW-05", "长岗村", "overdue", False) in _keys(sz5, "unit", "village", "status", "late")
    every = _items("--rule", "SZ5", "--since", "2025-01-01", "--status", "all")
    # 3. a link from 2025-03-15 owes no 2025 plan; 4. the unit taking over on 2026-07-01 owes none in 2026
    assert not [i for i in every if i["unit"] == "XF-DW-08" and i["period"] == "2025-03-31"]
    assert not [i for i in every if i["unit"] == "XF-DW-09"]
    # 5. one study in 2025 (SZ6 needs two)
    sz6 = _items("--rule", "SZ6", "--since", "2025-01-01")
    assert ("XF-DW-06", "2025", "overdue", 1) in _keys(sz6, "unit", "period", "status", "done")
    # 6. no team report in 2025H2 (SZ9: the selecting unit, no village)
    sz9 = _items("--rule", "SZ9", "--since", "2025-01-01")
    assert ("XF-DW-03", "2025H2", None, "overdue") in _keys(sz9, "unit", "period", "village", "status")
    # 12. short training year: XF-GB-021 has 4 days of 7 in 2025 (township days do not count)
    sz10 = _items("--rule", "SZ10", "--since", "2025-01-01")
    (short,) = [i for i in sz10 if i["cadre"] == "XF-GB-021"]
    assert (short["period"], short["done"], short["required"], short["subject"]) == ("2025", 4, 7, "cadre")
    assert short["village"] == "坪石村"
    # 13. a training across 31 December counts in each year: XF-GB-015 is not short in 2025
    assert not [i for i in sz10 if i["cadre"] == "XF-GB-015"]


def test_suzhou_county_pairing_rules_show_the_gap_the_late_visit_and_the_open_items():
    assert run_cli("demo").exit_code == 0
    assert run_cli("profile", "use", "suzhou-2022").exit_code == 0
    # 14. the secondment gap of one day, 2025-03-01
    gap = _items("--rule", "SZ11E", "--since", "2025-01-01")
    assert [(i["period_start"], i["period_end"], i["days_overdue"]) for i in gap] == [
        ("2025-03-01", "2025-03-01", 1)
    ]
    assert gap[0]["subject"] == "county_pair" and gap[0]["unit"] is None and gap[0]["cadre"] is None
    # 15. the city-level visit after 31 October (late), funds not yet spent, no heads' visit in 2026H2
    late = _items("--rule", "SZ11B")
    assert [(i["period"], i["status"], i["late"]) for i in late] == [("2026-10-31", "overdue", True)]
    assert [(i["period"], i["status"]) for i in _items("--rule", "SZ11D")] == [("2026-11-30", "due")]
    assert [(i["period"], i["status"]) for i in _items("--rule", "SZ11A")] == [("2026H2", "due")]
    # a county-pairing item has no village: a township's selection leaves it out
    assert not _items("--rule", "SZ11A", "--township", "大塘埠镇")


def test_xinfeng_unit_rules_show_the_late_summary_and_the_missing_purchase():
    assert run_cli("demo").exit_code == 0
    # 7. the 2026Q1 summary sent on 2026-04-03 with 所属期间 2026Q1: late by three days
    xf9 = _items("--rule", "XF9", "--since", "2026-01-01")
    (late,) = [i for i in xf9 if i["unit"] == "XF-DW-02" and i["period"] == "2026-03-31"]
    assert (late["status"], late["late"], late["days_overdue"]) == ("overdue", True, 3)
    # 8. no consumption purchase of XF-DW-08 in 2025
    xf10 = _items("--rule", "XF10", "--since", "2025-01-01")
    assert ("XF-DW-08", "2025", "overdue") in _keys(xf10, "unit", "period", "status")


def test_check_names_the_cadres_whose_unit_matches_no_unit_and_judges_every_rule():
    assert run_cli("demo").exit_code == 0
    assert run_cli("profile", "use", "suzhou-2022").exit_code == 0
    result = run_cli("check", "--format", "json")
    assert result.exit_code == 1
    # 16. the cadres of units the ledger does not keep are named on stderr
    assert "matches no unit" in result.stderr and "XF-GB-001" in result.stderr
    assert "not judged" not in result.stderr  # every rule of the profile is judged
    rules = {i["rule"] for i in result.json()}
    assert {"SZ5", "SZ6", "SZ9", "SZ10", "SZ11A", "SZ11B", "SZ11D"} <= rules
    unit_items = [i for i in result.json() if i["rule"] not in ("SZ1", "SZ2", "SZ3", "SZ4")]
    assert all(i["household"] is None and i["head_name"] is None and "unit" in i for i in unit_items)
    # rules lists them as evaluated
    listed = run_cli("rules", "--format", "json").json()
    assert [r["id"] for r in listed if r["enabled"] and not r["evaluated"]] == []


def test_village_and_cadre_selections_keep_the_items_of_that_place_or_cadre():
    assert run_cli("demo").exit_code == 0
    assert run_cli("profile", "use", "suzhou-2022").exit_code == 0
    here = _items("--village", "坪石村", "--rule", "SZ5", "--rule", "SZ10", "--since", "2025-01-01")
    assert here and all(i["village"] == "坪石村" for i in here)
    mine = _items("--cadre", "XF-GB-021", "--rule", "SZ10", "--rule", "SZ5", "--since", "2025-01-01")
    assert mine and all(i["cadre"] == "XF-GB-021" for i in mine)
    summary = run_cli("overdue", "--rule", "SZ5", "--summary", "--format", "json").json()
    assert summary["total"]["overdue"] == 2 and summary["total"]["met"] > 0
    csv = run_cli("overdue", "--rule", "SZ5", "--format", "csv").stdout.splitlines()
    assert csv[0].endswith(",subject,late,unit") and any(line.endswith(",XF-DW-04") for line in csv)
    table = run_cli("overdue", "--rule", "SZ5").stdout
    assert "XF-DW-04" in table and "XF-DW-05" in table


def test_a_ledger_without_units_reports_the_unit_rules_as_not_judged(tmp_path):
    from tests.conftest import SAMPLES

    assert run_cli("init").exit_code == 0
    for name in ("cadres", "households", "roles"):
        assert (
            run_cli(
                name.rstrip("s") if name != "households" else "household",
                "import",
                str(SAMPLES / f"{name}.csv"),
            ).exit_code
            == 0
        ), name
    assert run_cli("profile", "use", "suzhou-2022").exit_code == 0
    result = run_cli("overdue", "--rule", "SZ5", "--rule", "SZ11A", "--format", "json")
    assert result.exit_code == 0 and result.json() == []
    assert "SZ5, SZ11A" in result.stderr and "not judged" in result.stderr


def test_social_rating_gives_every_contributor_of_the_year_its_measures_points_and_stars():
    assert run_cli("demo").exit_code == 0
    assert run_cli("profile", "use", "suzhou-2022").exit_code == 0
    rated = run_cli("social", "rating", "--year", "2026", "--format", "json")
    assert rated.exit_code == 0, rated.stderr
    items = rated.json()
    assert items and all(i["year"] == 2026 for i in items)
    keys = {
        "contributor",
        "contributor_kind",
        "year",
        "amount",
        "count",
        "hours",
        "beneficiaries",
        "points",
        "stars",
    }
    assert all(set(i) == keys for i in items)
    assert all(set(i["points"]) == {"amount", "count", "hours", "beneficiaries"} for i in items)
    assert all(0 <= i["stars"] <= 5 for i in items)
    table = run_cli("social", "rating", "--year", "2026")
    assert "1,000 / 10,000" in table.stdout  # the thresholds used are printed
    assert run_cli("social", "rating", "--year", "1999", "--format", "json").json() == []
    refused = run_cli("social", "rating", "--year", "twenty")
    assert refused.exit_code == 2 and "twenty" in refused.stderr


def test_social_rating_under_a_profile_without_a_scale_says_whose_scale_it_uses():
    assert run_cli("demo").exit_code == 0  # xinfeng-2023: no SZ12
    rated = run_cli("social", "rating", "--year", "2026", "--format", "json")
    assert rated.exit_code == 0 and rated.json()
    assert "suzhou-2022" in rated.stderr
