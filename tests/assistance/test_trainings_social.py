"""``training import|add|list`` and ``social import|add|list``: keys, checks, a training across
31 December listed in both years, voiding."""

from __future__ import annotations

from tests.assistance.conftest import SOCIAL_HEADER, TRAINING_HEADER, refused, table_counts
from tests.conftest import run_cli
from tests.ledger_data.helpers import write_csv


def test_training_import__levels_in_both_languages_and_idempotent(ledger, tmp_path):
    path = write_csv(
        tmp_path / "trainings.csv",
        TRAINING_HEADER,
        "C03,全省驻村干部培训班,省级,2025-05-05,2025-05-09",
        "C03,驻村第一书记示范培训,city,2025-12-29,2026-01-02",
        "C02,政策宣讲,乡镇,2025-09-01,2025-09-02",
    )
    assert run_cli("training", "import", str(path)).exit_code == 0
    before = table_counts(ledger)
    again = run_cli("training", "import", str(path))
    assert again.exit_code == 0 and "3 unchanged" in again.stderr
    assert table_counts(ledger) == before
    y2026 = run_cli("training", "list", "--year", "2026", "--format", "json").json()
    assert [(t["name"], t["level"], t["days"]) for t in y2026] == [("驻村第一书记示范培训", "city", 5)]
    assert len(run_cli("training", "list", "--year", "2025", "--format", "json").json()) == 3
    assert len(run_cli("training", "list", "--cadre", "C02", "--format", "json").json()) == 1


def test_training_import__bad_rows_listed_and_nothing_written(ledger, tmp_path):
    before = table_counts(ledger)
    path = write_csv(
        tmp_path / "trainings.csv",
        "cadre,name,level,start,end",
        "C03,轮训,county,2025-05-05,2025-05-09",
        "C99,轮训,county,2025-05-05,2025-05-09",
        "C03,轮训2,区级,2025-05-05,2025-05-09",
        "C03,轮训3,county,2025-05-09,2025-05-05",
        "C03,轮训4,county,2025-05-05,",
    )
    refused(run_cli("training", "import", str(path)), "line 3", "line 4", "line 5", "line 6")
    assert table_counts(ledger) == before


def test_training_add_then_a_changed_last_day_is_an_audited_update_and_void(ledger):
    args = ["training", "add", "--cadre", "C03", "--name", "轮训", "--level", "县级", "--start", "2026-04-07"]
    assert run_cli(*args, "--end", "2026-04-09").exit_code == 0
    assert "1 updated" in run_cli(*args, "--end", "2026-04-10").stderr
    trail = run_cli("audit", "--entity", "training", "--format", "json").json()
    assert trail[0]["changes"] == {"end": ["2026-04-09", "2026-04-10"]}
    (training,) = run_cli("training", "list", "--format", "json").json()
    assert run_cli("training", "void", str(training["id"]), "--reason", "未参加").exit_code == 0
    assert run_cli("training", "list", "--format", "json").json() == []


def test_social_import__english_headers_and_values_idempotent_with_place(ledger, tmp_path):
    path = write_csv(
        tmp_path / "social.csv",
        "contributor,contributor_kind,date,form,amount,hours,beneficiaries,township,village,result",
        "绿源合作社,enterprise,2025-03-16,捐赠,30000,,35,大塘埠镇,三江村,捐赠果苗",
        "志愿服务队,organisation,2025-07-12,志愿服务,,64.5,30,大塘埠镇,,防溺水宣传",
        "刘建华,个人,2025-12-28,捐赠,5000.00,,4,,,慰问",
    )
    assert run_cli("social", "import", str(path)).exit_code == 0
    again = run_cli("social", "import", str(path))
    assert "3 unchanged" in again.stderr
    items = run_cli("social", "list", "--year", "2025", "--format", "json").json()
    assert [(c["contributor_kind"], c["amount"], c["hours"], c["village"]) for c in items] == [
        ("enterprise", 30000.0, 0.0, "三江村"),
        ("organisation", 0.0, 64.5, None),
        ("person", 5000.0, 0.0, None),
    ]
    assert items[1]["township"] == "大塘埠镇"


def test_social_import__bad_rows_listed_and_nothing_written(ledger, tmp_path):
    before = table_counts(ledger)
    path = write_csv(
        tmp_path / "social.csv",
        SOCIAL_HEADER,
        "绿源合作社,公司,2025-03-16,捐赠,30000,,35,,,",
        "绿源合作社,企业,2025-03-16,捐赠,abc,,35,,,",
        "绿源合作社,企业,2025-03-17,捐赠,1,2.55,35,,,",
        "绿源合作社,企业,2025-03-18,捐赠,1,,3.5,,,",
        "绿源合作社,企业,2025-03-19,捐赠,1,,3,大塘埠镇,无此村,",
        ",企业,2025-03-20,捐赠,1,,3,,,",
    )
    refused(run_cli("social", "import", str(path)), *(f"line {n}" for n in range(2, 8)))
    assert table_counts(ledger) == before


def test_social_add_and_void(ledger):
    added = run_cli(
        "social",
        "add",
        "--contributor",
        "信丰县脐橙协会",
        "--contributor-kind",
        "社会组织",
        "--date",
        "2026-05-10",
        "--form",
        "技术培训",
        "--hours",
        "6",
        "--beneficiaries",
        "40",
    )
    assert added.exit_code == 0, added.output
    (item,) = run_cli("social", "list", "--format", "json").json()
    assert run_cli("social", "void", str(item["id"]), "--reason", "重复").exit_code == 0
    assert run_cli("social", "list", "--voided", "--format", "json").json()[0]["void_reason"] == "重复"
