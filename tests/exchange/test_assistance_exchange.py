"""The records of the other kinds of assistance travel between ledgers: units, their village
links and activities (with their attachments), trainings, the partner county and its activities,
contributions — merged both ways, matched by UUID or natural key, never doubled."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.assistance.conftest import (
    ACTIVITY_HEADER,
    PARTNER_HEADER,
    SOCIAL_HEADER,
    TRAINING_HEADER,
    UNIT_HEADER,
    table_counts,
)
from tests.exchange.townships import cli, export, merge, merge_json
from tests.ledger_data.helpers import small_ledger, write_csv

# Township ledgers are SQLite files here by design (a clerk's workstation); the PostgreSQL round trip is
# tests/exchange/test_postgres.py.
BACKENDS = ("sqlite",)

TABLES = ("unit", "unit_village", "unit_activity", "training", "partner", "partner_activity", "contribution")


def _files(folder: Path) -> dict[str, Path]:
    """DW01 assists 大塘埠村 and 三江村, DW02 no village; three activities of DW01 (one without a
    village, one with an attachment); a training of C03; the partner's funds; a contribution."""
    (folder / "纪要.txt").write_text("会议纪要", encoding="utf-8")
    return {
        "unit": write_csv(
            folder / "units.csv",
            UNIT_HEADER,
            "DW01,信丰县财政局,县直,大塘埠镇,大塘埠村,2025-03-15,",
            "DW01,信丰县财政局,县直,大塘埠镇,三江村,2021-06-01,2025-06-30",
            "DW02,信丰县水利局,县直,,,,",
        ),
        "activity": write_csv(
            folder / "activities.csv",
            ACTIVITY_HEADER,
            "DW01,帮扶计划,2025-03-31,大塘埠镇,大塘埠村,单位党组,2025年度计划,,,",
            f"DW01,研究部署,2025-02-10,,,党组会,专题研究,,{folder / '纪要.txt'},",
            "DW01,消费帮扶,2025-09-01,大塘埠镇,大塘埠村,工会,采购农产品,1234.50,,",
        ),
        "training": write_csv(
            folder / "trainings.csv", TRAINING_HEADER, "C03,全省培训班,省级,2025-04-01,2025-04-05"
        ),
        "partner": write_csv(
            folder / "partner.csv", PARTNER_HEADER, "资金拨付到位,2025-07-15,,,300000,,第一批"
        ),
        "social": write_csv(
            folder / "social.csv",
            SOCIAL_HEADER,
            "某某公司,企业,2025-05-01,捐款,5000,,20,大塘埠镇,大塘埠村,修路",
        ),
    }


def _fill(db: Path, files: dict[str, Path]) -> None:
    for kind in ("unit", "activity", "training"):
        result = cli(db, kind, "import", str(files[kind]))
        assert result.exit_code == 0, result.output
    assert cli(db, "partner", "set", "深圳市龙华区", "--since", "2021-06-01").exit_code == 0
    assert cli(db, "partner", "import", str(files["partner"])).exit_code == 0
    assert cli(db, "social", "import", str(files["social"])).exit_code == 0


@pytest.fixture
def township(tmp_path: Path) -> Path:
    small_ledger(tmp_path)  # the test's own ledger (BANGFU_DB)
    db = tmp_path / "ledger.db"
    _fill(db, _files(tmp_path))
    return db


@pytest.fixture
def county(tmp_path: Path) -> Path:
    db = tmp_path / "county.db"
    assert cli(db, "init").exit_code == 0
    return db


def _assistance(db: Path) -> dict[str, int]:
    counts = table_counts(db)
    return {name: counts[name] for name in TABLES}


def _listed(db: Path, *args: str) -> list[dict]:
    result = cli(db, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return result.json()


def _activities(db: Path) -> list[tuple]:
    return sorted(
        (a["unit"], a["kind"], a["date"], a["village"] or "", a["amount"], a["attachment"] or "")
        for a in _listed(db, "activity", "list")
    )


def test_a_township_ledger_with_units_merges_into_the_county_whole_and_twice_changes_nothing(
    township, county, tmp_path
):
    file = export(township, tmp_path / "t.bangfu")
    assert merge(county, file).exit_code == 0
    assert (
        _assistance(county)
        == _assistance(township)
        == {
            "unit": 2,
            "unit_village": 2,
            "unit_activity": 3,
            "training": 1,
            "partner": 1,
            "partner_activity": 1,
            "contribution": 1,
        }
    )
    assert _activities(county) == _activities(township)
    (name,) = [a[5] for a in _activities(county) if a[5]]
    assert (county.parent / "attachments" / name).read_text(encoding="utf-8") == "会议纪要"
    assert _listed(county, "training", "list") == _listed(township, "training", "list")
    code, report = merge_json(county, file)
    assert code == 0
    assert all(t["added"] == 0 for t in report["tables"])
    assert _assistance(county) == _assistance(township)


def test_units_merge_both_ways_an_activity_and_a_link_added_at_the_county_reach_the_township(
    township, county, tmp_path
):
    assert merge(county, export(township, tmp_path / "up.bangfu")).exit_code == 0
    assert (
        cli(
            county,
            "unit",
            "add",
            "--code",
            "DW02",
            "--name",
            "信丰县水利局",
            "--level",
            "县直",
            "--township",
            "大塘埠镇",
            "--village",
            "龙井村",
            "--start",
            "2025-07-01",
        ).exit_code
        == 0
    )
    added = cli(county, "activity", "add", "--unit", "DW02", "--kind", "研究部署", "--date", "2025-07-20")
    assert added.exit_code == 0, added.output

    assert merge(township, export(county, tmp_path / "down.bangfu")).exit_code == 0
    assert _assistance(township) == _assistance(county)
    assert _assistance(township)["unit_village"] == 3 and _assistance(township)["unit_activity"] == 4
    assert _activities(township) == _activities(county)
    # and back up: nothing doubled
    code, _ = merge_json(county, export(township, tmp_path / "up2.bangfu"))
    assert code == 0
    assert _assistance(county) == _assistance(township)


def test_the_same_units_imported_in_both_ledgers_match_by_natural_key(township, tmp_path, monkeypatch):
    folder = tmp_path / "county-files"
    folder.mkdir()
    county = folder / "ledger.db"
    with monkeypatch.context() as m:  # a copy of the same small ledger, then the same files imported again
        m.setenv("BANGFU_DB", str(county))
        small_ledger(folder)
    _fill(county, _files(folder))
    before = _assistance(county)

    code, _ = merge_json(county, export(township, tmp_path / "t.bangfu"))

    assert code == 0
    assert _assistance(county) == before
    assert _activities(county) == _activities(township)


def test_a_voided_activity_travels_as_a_void(township, county, tmp_path):
    assert merge(county, export(township, tmp_path / "1.bangfu")).exit_code == 0
    (first,) = [a["id"] for a in _listed(township, "activity", "list") if a["kind"] == "plan"]
    assert cli(township, "activity", "void", str(first), "--reason", "重复登记").exit_code == 0
    assert merge(county, export(township, tmp_path / "2.bangfu")).exit_code == 0
    assert [a["kind"] for a in _listed(county, "activity", "list")].count("plan") == 0
    assert _assistance(county)["unit_activity"] == 3  # voided, not deleted


def test_a_township_export_carries_the_units_of_its_villages_with_their_links_and_activities(
    township, county, tmp_path
):
    file = export(township, tmp_path / "t.bangfu", "--township", "大塘埠镇")
    assert merge(county, file).exit_code == 0
    assert [u["code"] for u in _listed(county, "unit", "list")] == ["DW01"]  # DW02 assists no village
    assert _assistance(county)["unit_village"] == 2
    assert _assistance(county)["unit_activity"] == 3  # the one without a village too
    assert _assistance(county)["training"] == 1  # C03 travels as the first secretary of 大塘埠村
