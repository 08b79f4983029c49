"""The weekly exchange: ``--since-last`` keeps the second file small; county → township carries
the county's new households and transfers back; the spec names every table of the ledger."""

from __future__ import annotations

import json
import zipfile

from tests.exchange.townships import FIRST, cli, counts, export, merge, merge_json, overdue

# Township ledgers are SQLite files, each named by its path (a township's own workstation);
# a county ledger on PostgreSQL is test_postgres.py's.
BACKENDS = ("sqlite",)

CODE = "3607221032010003"


def _tables(file) -> dict:
    return json.loads(zipfile.ZipFile(file).read("manifest.json"))["tables"]


def test_since_last_sends_only_what_changed_since_the_last_file_for_that_ledger(ledgers, tmp_path):
    township, county = ledgers["a"], ledgers["county"]
    first = export(township, tmp_path / "w1.bangfu", "--since-last", "county")
    assert merge(county, first).exit_code == 0
    result = cli(
        township,
        "visit",
        "add",
        "--household",
        CODE,
        "--cadre",
        "XF-GB-008",
        "--date",
        "2026-11-20",
        "--mode",
        "home",
    )
    assert result.exit_code == 0, result.output

    second = export(township, tmp_path / "w2.bangfu", "--since-last", "county")

    sent = _tables(second)
    assert sent["visit"] == 1 and sent["household"] == 0 and sent["pairing"] == 0
    assert second.stat().st_size < first.stat().st_size / 20
    code, report = merge_json(county, second)
    assert code == 0
    assert {t["kind"]: t["added"] for t in report["tables"]}["visit"] == 1
    assert counts(county)["visits"] == counts(township)["visits"]
    assert overdue(county) == overdue(township)


def test_a_since_last_file_whose_earlier_file_was_never_merged_is_refused_whole(ledgers, tmp_path):
    township, county = ledgers["a"], ledgers["county"]
    export(township, tmp_path / "lost.bangfu", "--since-last", "county")
    cli(
        township,
        "household",
        "add",
        "--code",
        "3607221032019999",
        "--head",
        "王五",
        "--township",
        FIRST,
        "--village",
        "大塘埠村",
        "--size",
        "3",
        "--since",
        "2026-11-01",
        "--tuopin",
    )
    second = export(township, tmp_path / "w2.bangfu", "--since-last", "county")
    before = counts(county)
    result = merge(county, second)
    assert result.exit_code == 2 and "earlier files" in result.stderr
    assert counts(county) == before


def test_county_to_township_brings_new_households_and_transfers_back(ledgers, tmp_path):
    township, county = ledgers["a"], ledgers["county"]
    assert merge(county, export(township, tmp_path / "up.bangfu", "--township", FIRST)).exit_code == 0
    added = cli(
        county,
        "household",
        "add",
        "--code",
        "3607221032019999",
        "--head",
        "王五",
        "--township",
        FIRST,
        "--village",
        "大塘埠村",
        "--size",
        "3",
        "--since",
        "2026-11-01",
        "--tuopin",
    )
    assert added.exit_code == 0, added.output
    moved = cli(
        county, "pair", "transfer", CODE, "--to", "XF-GB-009", "--on", "2026-11-10", "--reason", "县里调整"
    )
    assert moved.exit_code == 0, moved.output

    down = export(county, tmp_path / "down.bangfu", "--township", FIRST)
    code, report = merge_json(township, down)

    assert code == 0, report
    updated = {t["kind"]: (t["added"], t["updated"]) for t in report["tables"]}
    assert updated["household"] == (1, 0)
    assert updated["pairing"] == (1, 1)  # the new pairing, and the old one ended
    pairs = cli(township, "pair", "list", "--household", CODE, "--format", "json").json()
    assert [(p["cadre"], p["end"]) for p in pairs if p["start"] >= "2026"] == [("XF-GB-009", None)]
    assert overdue(township) == [i for i in overdue(county) if i["township"] in (FIRST, None)]

    # and back up again: the county already has it all
    code, report = merge_json(county, export(township, tmp_path / "up2.bangfu", "--township", FIRST))
    assert code == 0
    assert all(t["added"] == t["updated"] == 0 for t in report["tables"] if t["kind"] != "audit")


def test_every_table_of_the_ledger_is_exchanged_or_named_local():
    from bangfu_cli.storage.exchange import metadata
    from bangfu_cli.storage.exchange_spec import BY_NAME, LOCAL

    assert set(metadata().tables) == set(BY_NAME) | set(LOCAL)
    for spec in BY_NAME.values():
        columns = metadata().tables[spec.name].c
        assert all(name in columns for name in (*spec.natural, *spec.settable, *spec.compare)), spec.name


def test_records_made_in_both_ledgers_become_one_and_later_files_still_find_them(ledgers, tmp_path):
    """The county imported the township's files itself (other UUIDs): everything matches by
    natural key, nothing is doubled, and the next weekly file's visit finds its household."""
    township, county = ledgers["a"], ledgers["whole"]
    before = counts(county)
    code, report = merge_json(county, export(township, tmp_path / "w1.bangfu", "--since-last", "county"))
    assert code == 0, report["conflicts"]
    after = counts(county)
    assert {k: v for k, v in after.items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }

    visit = (
        "visit",
        "add",
        "--household",
        CODE,
        "--cadre",
        "XF-GB-008",
        "--date",
        "2026-11-20",
        "--mode",
        "home",
    )
    assert cli(township, *visit).exit_code == 0
    code, report = merge_json(county, export(township, tmp_path / "w2.bangfu", "--since-last", "county"))
    assert code == 0
    assert counts(county)["visits"] == before["visits"] + 1


def test_a_file_of_an_older_schema_is_read_missing_columns_taking_their_defaults(ledgers, tmp_path):
    from bangfu_cli.services.exchange_file import Writer
    from bangfu_cli.storage.schema import REVISIONS

    county = ledgers["county"]
    file = tmp_path / "old.bangfu"
    writer = Writer(file)
    stamp = {"recorded_at": "2024-01-01T00:00:00+00:00", "recorded_by": "old"}
    writer.rows(
        "cadre", iter([[{"uuid": "c-old-1", **stamp, "code": "OLD-1", "name": "旧干部", "unit": "县局"}]])
    )
    writer.finish({"ledger": {"uuid": "old-ledger", "name": "旧账本"}, "schema": REVISIONS[0], "marks": {}})

    code, report = merge_json(county, file)

    assert code == 0
    cadre = cli(county, "cadre", "show", "OLD-1", "--format", "json").json()
    assert cadre["code"] == "OLD-1" and cadre["leader"] is False


def test_the_imported_official_calendar_travels_with_the_ledger(ledgers, tmp_path):
    days = tmp_path / "calendar.csv"
    rows = "日期,类型,名称\n2027-02-06,工作日,调休（测试）\n2027-02-08,休息日,春节（测试）\n"
    days.write_text(rows, "utf-8")
    assert cli(ledgers["a"], "calendar", "import", str(days)).exit_code == 0
    code, _report = merge_json(ledgers["county"], export(ledgers["a"], tmp_path / "a.bangfu"))
    assert code == 0
    shown = cli(ledgers["county"], "calendar", "show", "2027", "--format", "json").json()
    assert [(d["date"], d["kind"], d["source"]) for d in shown["days"]] == [
        ("2027-02-06", "workday", "imported"),
        ("2027-02-08", "holiday", "imported"),
    ]
