"""Conflicts (a record changed differently on both sides) and files that must be refused whole."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile

from tests.db import rows
from tests.exchange.test_townships_to_county import _change_size, _size
from tests.exchange.townships import FIRST, cli, counts, export, merge, merge_json

# Township ledgers are SQLite files, each named by its path (a township's own workstation);
# a county ledger on PostgreSQL is test_postgres.py's.
BACKENDS = ("sqlite",)

CODE = "3607221032010003"


def _county_with_first_township(ledgers, tmp_path):
    county = ledgers["county"]
    assert merge(county, export(ledgers["a"], tmp_path / "first.bangfu", "--township", FIRST)).exit_code == 0
    return ledgers["a"], county


def test_a_household_edited_differently_on_both_sides_is_a_conflict_the_receiver_keeps_its_version(
    ledgers, tmp_path
):
    township, county = _county_with_first_township(ledgers, tmp_path)
    _change_size(township, tmp_path, CODE, 5, "township.csv")
    _change_size(county, tmp_path, CODE, 9, "county.csv")
    file = export(township, tmp_path / "second.bangfu", "--township", FIRST)

    report = tmp_path / "conflicts.json"
    code, result = merge_json(county, file, "--report", str(report))

    assert code == 1
    assert _size(county, CODE) == 9
    [conflict] = json.loads(report.read_text(encoding="utf-8"))
    assert conflict["kind"] == "household" and conflict["key"] == CODE
    assert json.loads(conflict["ours"]) == {"size": 9}
    assert json.loads(conflict["theirs"]) == {"size": 5}
    assert conflict["ours_by"] == conflict["theirs_by"] == "tester"
    assert conflict["ours_at"] and conflict["theirs_at"]
    assert result["conflicts"] == [conflict]
    audit = cli(county, "audit", "--action", "conflict", "--format", "json").json()
    assert audit and audit[0]["key"] == CODE and audit[0]["changes"]["theirs"] == {"size": 5}

    # merged again: the conflict is known, nothing changes
    code, again = merge_json(county, file)
    assert code == 0 and _size(county, CODE) == 9


def test_an_edit_on_one_side_only_is_taken_without_conflict(ledgers, tmp_path):
    township, county = _county_with_first_township(ledgers, tmp_path)
    _change_size(township, tmp_path, CODE, 5)
    code, result = merge_json(county, export(township, tmp_path / "second.bangfu"))
    assert code == 0
    assert _size(county, CODE) == 5
    assert {t["kind"]: t["updated"] for t in result["tables"]}["household"] == 1


def test_the_conflict_report_opens_in_excel_with_chinese_headers(ledgers, tmp_path, monkeypatch):
    township, county = _county_with_first_township(ledgers, tmp_path)
    _change_size(township, tmp_path, CODE, 5, "township.csv")
    _change_size(county, tmp_path, CODE, 9, "county.csv")
    file = export(township, tmp_path / "second.bangfu")
    monkeypatch.setenv("BANGFU_LANG", "zh")

    report = tmp_path / "冲突.csv"
    result = merge(county, file, "--report", str(report))

    assert result.exit_code == 1
    raw = report.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:4] == ["类别", "记录", "字段", "保留的版本（本账本）"]
    assert rows[1][0] == "农户" and rows[1][1] == CODE


def test_a_dry_run_shows_what_would_be_added_and_writes_nothing(ledgers, tmp_path):
    county = ledgers["county"]
    file = export(ledgers["a"], tmp_path / "a.bangfu")
    before = counts(county)

    table = merge(county, file, "--dry-run")
    code, result = merge_json(county, file, "--dry-run")

    assert table.exit_code == 0 and "Households" in table.stdout
    assert code == 0 and result["dry_run"] is True
    assert {t["kind"]: t["added"] for t in result["tables"]}["household"] == 201
    assert counts(county) == before


def _sealed_copy(file, tmp_path, name):
    copy = tmp_path / name
    shutil.copy(file, copy)
    return copy


def _refused_unchanged(county, file, before):
    result = merge(county, file)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert counts(county) == before
    return result


def test_a_truncated_file_is_refused_and_the_ledger_is_unchanged(ledgers, tmp_path):
    county = ledgers["county"]
    file = export(ledgers["a"], tmp_path / "a.bangfu")
    before = counts(county)
    for keep in (len(file.read_bytes()) // 2, len(file.read_bytes()) - 10):
        cut = _sealed_copy(file, tmp_path, f"cut{keep}.bangfu")
        cut.write_bytes(file.read_bytes()[:keep])
        _refused_unchanged(county, cut, before)


def test_a_flipped_byte_anywhere_is_refused_and_the_ledger_is_unchanged(ledgers, tmp_path):
    county = ledgers["county"]
    file = export(ledgers["a"], tmp_path / "a.bangfu")
    before = counts(county)
    data = file.read_bytes()
    for at in (40, len(data) // 3, len(data) // 2, len(data) - 200):
        flipped = _sealed_copy(file, tmp_path, f"flip{at}.bangfu")
        flipped.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])
        result = _refused_unchanged(county, flipped, before)
    assert "damaged" in result.stderr


def test_files_that_are_not_bangfu_exports_or_come_from_a_newer_bangfu_are_refused(ledgers, tmp_path):
    county = ledgers["county"]
    before = counts(county)
    text = tmp_path / "notes.bangfu"
    text.write_text("not an export", encoding="utf-8")
    assert "not a bangfu" in _refused_unchanged(county, text, before).stderr
    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert "not a bangfu" in _refused_unchanged(county, other_zip, before).stderr

    from bangfu_cli.services.exchange_file import Writer

    newer = tmp_path / "newer.bangfu"
    writer = Writer(newer)
    writer.rows("household", iter([]))
    writer.finish({"ledger": {"uuid": "x", "name": "x"}, "schema": "0099_future", "marks": {}})
    assert "newer bangfu" in _refused_unchanged(county, newer, before).stderr


def test_a_ledger_gets_one_uuid_and_refuses_its_own_file(ledgers, tmp_path):
    township = ledgers["a"]
    file = export(township, tmp_path / "a.bangfu")
    [(uuid,)] = rows("SELECT value FROM setting WHERE key = 'ledger.uuid'", db=township)
    manifest = json.loads(zipfile.ZipFile(file).read("manifest.json"))
    assert manifest["ledger"]["uuid"] == uuid
    assert merge(township, file).exit_code == 2
