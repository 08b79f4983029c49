"""``activity import|add|list|void``: keys, warnings for villages the unit does not assist,
attachments copied like visits' photos, the ``for`` period, voiding with a reason."""

from __future__ import annotations

from tests.assistance.conftest import ACTIVITY_HEADER, refused, rows, table_counts
from tests.conftest import run_cli
from tests.ledger_data.helpers import write_csv


def test_activity_import__chinese_and_english_values_and_idempotent(with_units, tmp_path):
    path = write_csv(
        tmp_path / "activities.csv",
        ACTIVITY_HEADER,
        "DW01,帮扶计划,2026-03-20,大塘埠镇,三江村,单位党组,2026年度计划,,,",
        "DW01,study,2026-02-10,,,党组会,专题研究,,,",
        'DW01,消费帮扶,2026-09-10,,,工会,采购脐橙,"12,500.50",,',
        "DW01,季度工作总结,2026-04-03,,,,一季度总结,,,2026年第1季度",
    )
    first = run_cli("activity", "import", str(path))
    assert first.exit_code == 0 and "4 added" in first.stderr, first.output
    listed = run_cli("activity", "list", "--unit", "DW01", "--format", "json").json()
    assert [(a["kind"], a["date"]) for a in listed] == [
        ("study", "2026-02-10"),
        ("plan", "2026-03-20"),
        ("summary", "2026-04-03"),
        ("consumption", "2026-09-10"),
    ]
    assert listed[2]["for"] == "2026Q1" and listed[3]["amount"] == 12500.5
    assert listed[1]["village"] == "三江村" and listed[0]["village"] is None
    before = table_counts(with_units)
    again = run_cli("activity", "import", str(path))
    assert again.exit_code == 0 and "4 unchanged" in again.stderr
    assert table_counts(with_units) == before


def test_activity_import__a_changed_amount_is_an_audited_update(with_units, tmp_path):
    header = ACTIVITY_HEADER
    run_cli(
        "activity",
        "import",
        str(write_csv(tmp_path / "a.csv", header, "DW01,消费帮扶,2026-09-10,,,,采购,100,,")),
    )
    result = run_cli(
        "activity",
        "import",
        str(write_csv(tmp_path / "b.csv", header, "DW01,消费帮扶,2026-09-10,,,,采购,150,,")),
    )
    assert result.exit_code == 0 and "1 updated" in result.stderr
    trail = run_cli("audit", "--entity", "unit_activity", "--format", "json").json()
    assert trail[0]["action"] == "import" and trail[1]["action"] == "update"
    assert trail[1]["changes"] == {"amount_fen": [10000, 15000]}


def test_activity__naming_a_village_the_unit_does_not_assist_that_day_is_accepted_with_a_warning(
    with_units, tmp_path
):
    # DW01 assists 大塘埠村 only from 2025-03-15, and never 龙井村
    path = write_csv(
        tmp_path / "activities.csv",
        ACTIVITY_HEADER,
        "DW01,主要负责同志调研,2025-03-14,大塘埠镇,大塘埠村,局长,调研,,,",
        "DW01,主要负责同志调研,2025-03-15,大塘埠镇,大塘埠村,局长,调研,,,",
        "DW01,班子成员调研,2025-05-20,,龙井村,副局长,学习,,,",
    )
    result = run_cli("activity", "import", str(path))
    assert result.exit_code == 0 and "3 added" in result.stderr
    assert "line 2: unit DW01 does not assist 大塘埠村 on 2025-03-14" in result.stderr
    assert "line 4: unit DW01 does not assist 龙井村 on 2025-05-20" in result.stderr
    assert "line 3" not in result.stderr


def test_activity__a_plan_without_a_village_when_the_unit_assists_none_warns_but_a_summary_does_not(
    with_units,
):
    plan = run_cli("activity", "add", "--unit", "DW02", "--kind", "plan", "--date", "2026-03-01")
    summary = run_cli("activity", "add", "--unit", "DW02", "--kind", "summary", "--date", "2026-03-25")
    assert plan.exit_code == 0 and "assists no village on 2026-03-01" in plan.stderr
    assert summary.exit_code == 0 and "assists no village" not in summary.stderr


def test_activity__attachment_is_copied_into_the_ledgers_attachments_folder(
    with_units, tmp_path, attachments
):  # noqa: E501
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "纪要.txt").write_text("会议纪要", encoding="utf-8")
    path = write_csv(
        folder / "activities.csv", ACTIVITY_HEADER, "DW01,研究部署,2026-02-10,,,党组会,研究,,纪要.txt,"
    )
    result = run_cli("activity", "import", str(path))
    assert result.exit_code == 0, result.output
    (name,) = [a["attachment"] for a in run_cli("activity", "list", "--format", "json").json()]
    assert name.endswith(".txt") and len(name) == 64 + 4
    assert (attachments / name).read_text(encoding="utf-8") == "会议纪要"


def test_activity__a_missing_attachment_is_a_bad_row_and_nothing_is_written(
    with_units, tmp_path, attachments
):  # noqa: E501
    before = table_counts(with_units)
    path = write_csv(
        tmp_path / "activities.csv",
        ACTIVITY_HEADER,
        "DW01,研究部署,2026-02-10,,,党组会,研究,,,",
        "DW01,研究部署,2026-07-10,,,党组会,研究,,没有这个文件.pdf,",
    )
    refused(run_cli("activity", "import", str(path)), "line 3", "没有这个文件.pdf")
    assert table_counts(with_units) == before
    assert not attachments.exists()


def test_activity_import__every_bad_row_with_its_line(with_units, tmp_path):
    before = table_counts(with_units)
    path = write_csv(
        tmp_path / "activities.csv",
        ACTIVITY_HEADER,
        "DW01,帮扶计划,2026-03-20,大塘埠镇,三江村,,,,,",
        "DW99,帮扶计划,2026-03-20,,,,,,,",
        "DW01,开会,2026-03-20,,,,,,,",
        "DW01,研究部署,2026-13-01,,,,,,,",
        "DW01,研究部署,2027-01-05,,,,,,,",
        "DW01,消费帮扶,2026-05-01,,,,,-5,,",
        "DW01,季度工作总结,2026-04-03,,,,,,,2026Q5",
        "DW01,帮扶计划,2026-03-20,大塘埠镇,,,,,,",
        "DW01,帮扶计划,2026-03-20,大塘埠镇,三江村,,,,,",
    )
    result = run_cli("activity", "import", str(path))
    refused(result, *(f"line {n}" for n in range(3, 11)))
    assert "line 2:" not in result.stderr
    assert table_counts(with_units) == before


def test_activity_import__unknown_columns_are_named(with_units, tmp_path):
    path = write_csv(tmp_path / "a.csv", ACTIVITY_HEADER + ",备注", "DW01,研究部署,2026-02-10,,,,,,,,x")
    refused(run_cli("activity", "import", str(path)), "备注")


def test_activity_void__with_a_reason_kept_and_audited_and_not_twice(with_units):
    added = run_cli("activity", "add", "--unit", "DW01", "--kind", "研究部署", "--date", "2026-02-10")
    assert added.exit_code == 0
    (activity,) = run_cli("activity", "list", "--format", "json").json()
    refused(run_cli("activity", "void", str(activity["id"]), "--reason", "  "), "--reason")
    voided = run_cli("activity", "void", str(activity["id"]), "--reason", "重复登记", "--format", "json")
    assert voided.exit_code == 0 and voided.json()["voided"] is True
    assert voided.json()["void_reason"] == "重复登记" and voided.json()["voided_by"] == "tester"
    assert run_cli("activity", "list", "--format", "json").json() == []
    assert len(run_cli("activity", "list", "--voided", "--format", "json").json()) == 1
    refused(run_cli("activity", "void", str(activity["id"]), "--reason", "again"), "already voided")
    refused(run_cli("activity", "void", "999", "--reason", "x"), "999")
    trail = run_cli("audit", "--entity", "unit_activity", "--action", "void", "--format", "json").json()
    assert trail[0]["changes"]["void_reason"] == [None, "重复登记"]
    assert rows(with_units, "SELECT count(*) FROM unit_activity") == [(1,)]


def test_activity_add__bad_input_is_exit_2_and_writes_nothing(with_units):
    before = table_counts(with_units)
    refused(run_cli("activity", "add", "--unit", "DW01", "--kind", "fax", "--date", "2026-02-10"), "fax")
    refused(run_cli("activity", "add", "--unit", "NOPE", "--kind", "plan", "--date", "2026-02-10"), "NOPE")
    refused(
        run_cli(
            "activity",
            "add",
            "--unit",
            "DW01",
            "--kind",
            "plan",
            "--date",
            "2026-02-10",
            "--village",
            "没有村",
        ),
        "没有村",
    )
    assert table_counts(with_units) == before


def test_activity_import__in_chinese_a_problem_names_the_column_by_its_chinese_header(with_units, tmp_path):
    path = write_csv(tmp_path / "a.csv", ACTIVITY_HEADER, "DW01,研究部署,2026-13-01,,,,,,,")
    result = run_cli("--lang", "zh", "activity", "import", str(path))
    refused(result, "第 2 行", "日期")
