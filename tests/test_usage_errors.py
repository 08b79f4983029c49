"""A mistyped command line is answered in the interface's language: the usage, where help is, and
one error line naming what was wrong (with the near matches of a mistyped name); exit 2, nothing
written."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli

CASES = {
    "an unknown command": (
        ["vist", "list"],
        "错误：没有命令“vist”。相近的有：visit",
        'Error: No such command "vist". Near matches: visit',
    ),
    "an unknown option": (
        ["overdue", "--townsip", "永城镇"],
        "错误：没有选项 --townsip。相近的有：--township",
        "Error: No such option: --townsip. Near matches: --township",
    ),
    "a missing option": (
        ["visit", "add", "--cadre", "C01"],
        "错误：缺少必填选项 --household。",
        "Error: Missing option --household.",
    ),
    "a missing argument": (
        ["household", "show"],
        "错误：缺少必填参数 户编号。",
        "Error: Missing argument HOUSEHOLD.",
    ),
    "a whole number that is not one": (
        ["demo", "--households", "1.5"],
        "错误：--households 应为整数，“1.5”不是整数。",
        'Error: --households must be a whole number, not "1.5".',
    ),
    "extra words": (
        ["init", "again", "now"],
        "错误：多余的参数：again now。",
        "Error: Unexpected extra argument(s): again now.",
    ),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_usage_error__usage_help_and_one_error_line_in_the_interface_language(monkeypatch, lang, case):
    monkeypatch.setenv("BANGFU_LANG", lang)
    args, zh, en = CASES[case]
    r = run_cli(*args)
    assert r.exit_code == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert lines[-1] == (zh if lang == "zh" else en)
    command = " ".join(["bangfu", *args[: 2 if args[0] in ("visit", "household") else 1]])
    if case == "an unknown command":
        command = "bangfu"
    usage, hint = (
        ("用法：", f"查看帮助：{command} -h")
        if lang == "zh"
        else ("Usage: ", f"Try '{command} -h' for help.")
    )
    assert lines[:2] == [lines[0], hint] and lines[0].startswith(usage + command)
    assert len(lines) == 3 and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ["visit", "add", "--household"],
            "错误：选项 --household 后面要跟一个值。",
            "Error: Option --household needs a value.",
        ),
        (["--version=2"], "错误：选项 --version 不带值。", "Error: Option --version does not take a value."),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_usage_error__an_option_without_its_value_or_with_one_it_takes_none(monkeypatch, lang, args, zh, en):
    monkeypatch.setenv("BANGFU_LANG", lang)
    r = run_cli(*args)
    assert r.exit_code == 2
    assert r.stderr.strip() == (zh if lang == "zh" else en)


def test_usage_error__nothing_is_written(ledger_db):
    before = run_cli("info", "--format", "json").json()
    assert run_cli("visit", "add", "--household", "H001", "--cadre", "C01", "--mode", "入户").exit_code == 2
    assert run_cli("info", "--format", "json").json() == before


def test_a_group_without_its_command_shows_its_help_and_help_exits_0(monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", "zh")
    r = run_cli("visit")
    assert r.exit_code == 2 and "import" in r.output and "错误" not in r.output
    r = run_cli("visit", "-h")
    assert r.exit_code == 0 and "import" in r.stdout
    r = run_cli("--version")
    assert r.exit_code == 0 and r.stdout.startswith("bangfu ")


def test_an_error_typer_raises_outside_usage_is_one_line_and_exit_2(capsys):
    from typer._click.exceptions import FileError

    from bangfu_cli.cli.app import _usage_error

    with pytest.raises(SystemExit) as ended:
        _usage_error(FileError("visits.csv", "no such file"))
    assert ended.value.code == 2
    err = capsys.readouterr().err.strip()
    assert "visits.csv" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("lang", "usage", "error"),
    [
        ("zh", "用法：bangfu calendar show [选项] 年份", "错误：年份 应为整数，“abc”不是整数。"),
        (
            "en",
            "Usage: bangfu calendar show [OPTIONS] YEAR",
            'Error: YEAR must be a whole number, not "abc".',
        ),
    ],
)
def test_usage_error__an_argument_is_named_by_its_word_not_its_parameter(monkeypatch, lang, usage, error):
    monkeypatch.setenv("BANGFU_LANG", lang)
    lines = run_cli("calendar", "show", "abc").stderr.strip().splitlines()
    assert (lines[0], lines[-1]) == (usage, error)
