"""A Chinese interface is Chinese all the way: Typer's own words on help pages, errors that name
options as typed, the audit trail's actions and kinds, a file that is not a ledger, and choices
given in Chinese words or their usual short forms."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli

HOUSEHOLD = "3607221032020028"


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", "zh")


@pytest.mark.parametrize("args", [(), ("visit", "add"), ("income", "show"), ("household",)])
def test_help__typer_words_in_chinese(zh, args):
    out = run_cli(*args, "--help").stdout
    assert out.startswith("用法：bangfu")
    assert "显示本帮助并退出。" in out
    assert "选项：" in out
    for english in ("Usage:", "Options:", "Commands:", "Arguments:", "[required]", "Show this message"):
        assert english not in out, english


def test_help__required_marks_and_defaults_in_chinese(zh):
    out = run_cli("visit", "add", "--help").stdout
    assert "[必填]" in out and "[默认：table]" in out
    assert "命令：" in run_cli("--help").stdout
    assert "[默认：2；不小于 1]" in run_cli("demo", "--help").stdout  # not Typer's "x>=1"
    assert "[1900～2100；必填]" in run_cli("calendar", "show", "--help").stdout


def test_help__english_interface_keeps_typer_words(monkeypatch):
    out = run_cli("visit", "add", "--help").stdout
    assert out.startswith("Usage: bangfu") and "Options:" in out and "[required]" in out
    assert "Show this message and exit." in out


def test_usage_error__said_in_chinese_with_the_chinese_usage_line(zh):
    result = run_cli("household", "status")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "用法：bangfu household [选项] 命令 [参数]..."
    assert "Usage" not in result.stderr and "Did you mean" not in result.stderr


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("visit", "add", "--household", HOUSEHOLD, "--cadre", "XF-GB-011", "--date", "2026-11-20",
          "--mode", "飞鸽"), "--mode"),
        (("income", "add", HOUSEHOLD, "-q", "2026Q3", "--on", "2026-10-01", "--wage", "很多"), "--wage"),
        (("household", "list", "--risk", "大"), "--risk"),
    ],
)  # fmt: skip
def test_bad_value__the_error_names_the_option_as_typed(demo, zh, args, option):
    result = run_cli(*args)
    assert result.exit_code == 2
    assert option in result.stderr
    bare = option.removeprefix("--")
    assert f"{bare} 的" not in result.stderr.replace(option, "")


def test_audit__actions_and_kinds_in_chinese(demo, zh):
    from bangfu_cli.i18n import catalogue

    entries = run_cli("audit", "--limit", "5000", "--format", "json").json()
    words = catalogue("zh")
    for entry in entries:  # every action and kind of record the demo writes has its Chinese word
        assert f"trail.actions.{entry['action']}" in words, entry["action"]
        assert f"trail.entities.{entry['entity']}" in words, entry["entity"]
    out = run_cli("audit", "--wide", "--entity", "income", "--limit", "3").stdout
    assert "导入" in out and "收入" in out
    for english in (" import ", " income "):
        assert english not in out


def test_audit__changed_fields_and_stored_codes_in_chinese_json_as_stored(demo, zh):
    from bangfu_cli.i18n import catalogue

    entries = run_cli("audit", "--limit", "5000", "--format", "json").json()
    words = catalogue("zh")
    for entry in entries:  # every field the demo's changes name has its Chinese word
        for field in entry["changes"] or {}:
            assert f"trail.fields.{field}" in words, field
    assessed = [e for e in entries if e["entity"] == "assessment"]
    assert {"conclusion"} == {f for e in assessed for f in e["changes"]}
    assert {"continue", "eliminate"} <= {e["changes"]["conclusion"][1] for e in assessed}
    out = run_cli("audit", "--entity", "assessment", "--limit", "200").stdout
    assert "结论：持续帮扶" in out and "结论：按程序消除风险" in out
    assert "conclusion" not in out and "eliminate" not in out


def test_not_a_ledger__one_sentence_not_the_database_error(tmp_path, zh):
    bad = tmp_path / "名册.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a database at all" * 50)
    result = run_cli("--db", str(bad), "overdue")
    assert result.exit_code == 2
    assert result.stderr.count("\n") <= 2  # one sentence (folded to the terminal at most once)
    assert "不是 bangfu 账本" in result.stderr
    for words in ("sqlite3", "DatabaseError", "file is not a database"):
        assert words not in result.stderr


def test_choices__chinese_words_and_short_forms(demo, zh):
    def codes(*args):
        return [r.get("household") or r.get("code") for r in run_cli(*args, "--format", "json").json()]

    assert codes("household", "list", "--category", "边缘户") == codes(
        "household", "list", "--category", "marginal"
    )
    assert codes("household", "list", "--category", "边缘户")
    assert codes("overdue", "--status", "逾期") == codes("overdue", "--status", "overdue")
    by_village = run_cli("overdue", "--summary", "--level", "村", "--format", "json").json()
    assert by_village["village"] and "cadre" not in by_village


def test_help__each_choice_option_lists_its_values(zh):
    assert "边缘户" in run_cli("household", "list", "--help").stdout
    assert "逾期" in run_cli("overdue", "--help").stdout and "村" in run_cli("overdue", "--help").stdout
    status_help = run_cli("household", "set-status", "--help").stdout
    assert "边缘易致贫户" in status_help and "突发严重困难户" in status_help


def test_number_below_its_minimum__said_as_such_not_as_a_non_number(zh):
    result = run_cli("audit", "--limit", "0")
    assert result.exit_code == 2
    assert "--limit 至少为 1" in result.stderr and "不是整数" not in result.stderr


def test_audit__filters_take_the_chinese_words_it_shows(demo, zh):
    chinese = run_cli("audit", "--entity", "收入", "--action", "导入", "--format", "json").json()
    assert chinese == run_cli("audit", "--entity", "income", "--action", "import", "--format", "json").json()
    assert chinese
