"""The bundled samples carry the other kinds of assistance with the irregularities
samples/README.md lists, and ``bangfu demo`` loads them."""

from __future__ import annotations

from pathlib import Path

from tests.assistance.conftest import rows
from tests.conftest import SAMPLES, run_cli

FILES = ("units.csv", "activities.csv", "trainings.csv", "partner.csv", "contributions.csv")


def test_samples_readme_lists_every_assistance_file():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for name in FILES:
        assert (SAMPLES / name).exists() and f"| {name} |" in readme


def test_demo_loads_the_assistance_samples_with_their_irregularities(tmp_path: Path, attachments):
    result = run_cli("demo")
    assert result.exit_code == 0, result.output
    db = tmp_path / "ledger.db"
    counts = {
        t: rows(db, f"SELECT count(*) FROM {t}")[0][0]
        for t in (
            "unit",
            "unit_village",
            "unit_activity",
            "training",
            "partner",
            "partner_activity",
            "contribution",
        )
    }
    assert counts["unit"] == 10 and counts["unit_village"] == 9 and counts["partner"] == 1
    assert counts["unit_activity"] > 150 and counts["training"] > 50 and counts["contribution"] == 12
    # the two activities imported with a warning on purpose
    assert "unit XF-DW-01 does not assist 三江村 on 2025-05-21" in result.stderr
    assert "unit XF-DW-07 assists no village on 2026-09-08" in result.stderr
    late_plan = run_cli(
        "activity", "list", "--unit", "XF-DW-04", "--kind", "plan", "--from", "2026-01-01", "--format", "json"
    ).json()
    assert [a["date"] for a in late_plan] == ["2026-04-15"]
    summary = run_cli(
        "activity",
        "list",
        "--unit",
        "XF-DW-02",
        "--from",
        "2026-04-03",
        "--to",
        "2026-04-03",
        "--kind",
        "summary",
        "--format",
        "json",
    ).json()
    assert summary[0]["for"] == "2026Q1"
    (attached,) = [a for a in run_cli("activity", "list", "--format", "json").json() if a["attachment"]]
    assert (attachments / attached["attachment"]).exists()
    gaps = rows(db, "SELECT date, \"end\" FROM partner_activity WHERE kind = 'secondment' ORDER BY date")
    assert gaps[:2] == [("2024-03-01", "2025-02-28"), ("2025-03-02", "2026-02-28")]
    units = run_cli("unit", "list")
    assert "大塘埠镇卫生院: XF-GB-029、XF-GB-030" in units.stderr


def test_short_training_year_in_the_samples_counts_fewer_than_seven_days_at_county_level_or_above():
    import csv
    from datetime import date

    with (SAMPLES / "trainings.csv").open(encoding="utf-8-sig") as fh:
        items = [r for r in csv.DictReader(fh) if r["干部编号"] == "XF-GB-021" and r["开始日期"] < "2026"]
    counted = sum(
        (date.fromisoformat(r["结束日期"]) - date.fromisoformat(r["开始日期"])).days + 1
        for r in items
        if r["层级"] != "乡镇级"
    )
    assert counted == 4
