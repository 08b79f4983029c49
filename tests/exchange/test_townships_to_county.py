"""Townships → county: each township's file merged into an empty county ledger gives the county
what one ledger holding every township gives; merging again, or out of order, changes nothing."""

from __future__ import annotations

from tests.exchange.townships import (
    FIRST,
    SECOND,
    check,
    counts,
    export,
    merge,
    merge_json,
    overdue,
    register,
)

# Township ledgers are SQLite files, each named by its path (a township's own workstation);
# a county ledger on PostgreSQL is test_postgres.py's.
BACKENDS = ("sqlite",)


def test_two_township_files_merged_into_an_empty_county_equal_the_ledger_holding_both(ledgers, tmp_path):
    a = export(ledgers["a"], tmp_path / "a.bangfu", "--township", FIRST)
    b = export(ledgers["b"], tmp_path / "b.bangfu", "--township", SECOND)
    county = ledgers["county"]

    assert merge(county, a).exit_code == 0
    assert merge(county, b).exit_code == 0

    whole = ledgers["whole"]
    assert overdue(county) == overdue(whole)
    assert check(county) == check(whole)
    assert register(county, tmp_path / "c.csv") == register(whole, tmp_path / "w.csv")
    mine, theirs = counts(county), counts(whole)
    for kind in (
        "villages",
        "households",
        "household_status",
        "cadres",
        "pairings",
        "roles",
        "visits",
        "income",
    ):
        assert mine[kind] == theirs[kind], kind


def test_a_township_export_of_the_whole_ledger_carries_only_its_records_and_the_cadres_they_name(
    ledgers, tmp_path
):
    file = export(ledgers["whole"], tmp_path / "a.bangfu", "--township", FIRST)
    county = ledgers["county"]
    code, report = merge_json(county, file)
    assert code == 0
    added = {t["kind"]: t["added"] for t in report["tables"]}
    township = counts(ledgers["a"])
    assert added["household"] == township["households"]
    assert added["visit"] == township["visits"]
    assert added["cadre"] == township["cadres"]  # every cadre of the township is named by its records
    assert overdue(county) == overdue(ledgers["a"])


def test_merging_the_same_file_twice_changes_nothing_more(ledgers, tmp_path):
    a = export(ledgers["a"], tmp_path / "a.bangfu", "--township", FIRST)
    county = ledgers["county"]
    assert merge(county, a).exit_code == 0
    before = counts(county)

    code, report = merge_json(county, a)

    assert code == 0
    assert all(t["added"] == t["updated"] == t["conflicts"] == 0 for t in report["tables"])
    after = counts(county)
    assert after["audit"] == before["audit"] + 1  # the merge itself, nothing else
    assert {k: v for k, v in after.items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }


def test_files_merged_out_of_order_give_the_same_county(ledgers, tmp_path):
    a = export(ledgers["a"], tmp_path / "a.bangfu", "--township", FIRST)
    b = export(ledgers["b"], tmp_path / "b.bangfu", "--township", SECOND)
    county = ledgers["county"]

    assert merge(county, b).exit_code == 0
    assert merge(county, a).exit_code == 0

    assert overdue(county) == overdue(ledgers["whole"])
    assert check(county) == check(ledgers["whole"])


def test_an_older_file_merged_after_a_newer_one_keeps_the_newer_version(ledgers, tmp_path):
    township, county = ledgers["a"], ledgers["county"]
    old = export(township, tmp_path / "old.bangfu")
    _change_size(township, tmp_path, "3607221032010003", 7)
    new = export(township, tmp_path / "new.bangfu")

    assert merge(county, new).exit_code == 0
    code, report = merge_json(county, old)

    assert code == 0
    assert _size(county, "3607221032010003") == 7
    assert sum(t["updated"] + t["added"] for t in report["tables"] if t["kind"] != "audit") == 0


def _change_size(db, tmp_path, code: str, size: int, name: str = "edit.csv") -> None:
    from tests.exchange.townships import cli

    row = cli(db, "household", "list", "--format", "json").json()
    item = next(h for h in row if h["code"] == code)
    path = tmp_path / name
    path.write_text(
        "户编号,户主姓名,乡镇,村,家庭人口,是否脱贫户,纳入台账日期\n"
        f"{code},{item['head_name']},{item['township']},{item['village']},{size},是,{item['since']}\n",
        encoding="utf-8",
    )
    result = cli(db, "household", "import", str(path))
    assert result.exit_code == 0, result.output


def _size(db, code: str) -> int:
    from tests.exchange.townships import cli

    return next(h for h in cli(db, "household", "list", "--format", "json").json() if h["code"] == code)[
        "size"
    ]
