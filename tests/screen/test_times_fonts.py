"""Times a clerk reads: recorded times stored in UTC, shown in the ledger's time zone (Asia/Shanghai
unless ``init --timezone`` says otherwise); HTML outputs name Windows and macOS fonts first."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.conftest import run_cli

FONTS_FIRST = '"Microsoft YaHei", "SimSun", "PingFang SC", "Noto Sans CJK SC"'


def test_local_time__utc_shown_in_beijing_time_by_default():
    from bangfu_cli.output.tables import local_time, set_zone

    set_zone(None)
    assert local_time(datetime(2026, 12, 4, 16, 3, 1, tzinfo=UTC)) == "2026-12-05 00:03"
    assert local_time(datetime(2026, 12, 4, 16, 3, 1)) == "2026-12-05 00:03"  # stored without a zone: UTC


def test_audit__times_in_the_ledgers_zone_json_keeps_utc(ledger_db):
    run_cli("cadre", "add", "--code", "C1", "--name", "甲", "--unit", "县财政局")
    stored = run_cli("audit", "--format", "json").json()[0]["at"]
    at = datetime.fromisoformat(stored)
    assert at.utcoffset().total_seconds() == 0  # stored, and given in JSON, as UTC
    table = run_cli("audit").stdout
    beijing = at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    assert beijing in table
    assert "+00:00" not in table


def test_init_timezone__a_ledger_setting_that_changes_what_is_shown(ledger_db):
    run_cli("cadre", "add", "--code", "C1", "--name", "甲", "--unit", "县财政局")
    at = datetime.fromisoformat(run_cli("audit", "--format", "json").json()[0]["at"])
    result = run_cli("init", "--timezone", "UTC")
    assert result.exit_code == 0, result.output
    table = run_cli("audit").stdout
    assert at.strftime("%Y-%m-%d %H:%M") in table
    assert run_cli("audit", "--format", "json").json()[1]["at"] == at.isoformat()  # stored as it was


def test_init_timezone__an_unknown_zone_is_refused_and_nothing_written(ledger_db):
    before = run_cli("audit", "--format", "json").json()
    result = run_cli("init", "--timezone", "Mars/Olympus")
    assert result.exit_code == 2
    assert "Mars/Olympus" in result.stderr and "Traceback" not in result.stderr
    assert run_cli("audit", "--format", "json").json() == before


def _font_families(html: str) -> list[str]:
    return re.findall(r"font-family:\s*([^;]+);", html)


def test_html__register_and_quarter_report_name_windows_and_mac_fonts_first(demo, tmp_path):
    register, report = tmp_path / "登记册.html", tmp_path / "季度报告.html"
    assert (
        run_cli("export", "register", "--year", "2025", "--format", "html", "-o", str(register)).exit_code
        == 0
    )
    assert run_cli("report", "quarter", "--quarter", "2026Q3", "-o", str(report)).exit_code == 0
    for path in (register, report):
        families = _font_families(path.read_text(encoding="utf-8"))
        assert families, path
        for family in families:
            family = " ".join(family.split())
            assert family.startswith('"Microsoft YaHei"'), family
            assert family.endswith("sans-serif"), family
            assert '"PingFang SC"' in family and '"Noto Sans CJK SC"' in family
        assert any(" ".join(f.split()).startswith(FONTS_FIRST) for f in families)
