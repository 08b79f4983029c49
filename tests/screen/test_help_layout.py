"""A help line is wrapped by the columns it takes (a Chinese character takes two), between
Chinese characters or at a space, never inside a code, an option or a date, and never starting
with a closing mark."""

from __future__ import annotations

from bangfu_cli.cli.help_layout import width, wrap


def test_width__chinese_characters_take_two_columns():
    assert width("选项：") == 6
    assert width("--as-of 2026-11-27") == 18


def test_wrap__chinese_text_breaks_between_characters_within_the_limit():
    lines = wrap("把另一账本的交换文件合并进本账本（一个事务）。有记录在两边被不同地修改时退出码为 1。", 30)
    assert len(lines) > 1
    assert all(width(line) <= 30 for line in lines)
    assert (
        "".join(lines).replace(" ", "")
        == "把另一账本的交换文件合并进本账本（一个事务）。有记录在两边被不同地修改时退出码为1。"
    )


def test_wrap__never_splits_a_code_option_or_date():
    text = "按该日期判断，如 --as-of 2026-11-27，户编号 3607221032020028 或 XF-GB-011。"
    for limit in range(12, 40):
        words = " ".join(wrap(text, limit))
        for code in ("--as-of", "2026-11-27", "3607221032020028", "XF-GB-011"):
            assert code in words, (limit, code)


def test_wrap__a_closing_mark_stays_with_the_character_before_it():
    for limit in range(6, 30):
        for line in wrap("类别：脱贫户、监测对象、脱贫不稳定户（不稳定户）、边缘易致贫户。", limit)[1:]:
            assert line[:1] not in "，。、；：）", (limit, line)


def test_wrap__first_and_following_lines_take_their_indents():
    lines = wrap("用法 bangfu visit add 选项", 16, "> ", "  ")
    assert lines[0].startswith("> ") and all(line.startswith("  ") for line in lines[1:])


def test_wrap__a_bracketed_default_stays_whole():
    for limit in range(14, 40):
        assert "[默认：table]" in "\n".join(wrap("输出格式：table、json 或 csv。  [默认：table]", limit)), (
            limit
        )


def test_wrap__a_list_longer_than_the_line_breaks_after_a_slash_never_inside_a_code():
    codes = "head_visit/city_mutual_visit/county_mutual_visit/funds_disbursed/funds_spent/secondment."
    lines = wrap(codes, 40)
    assert all(width(line) <= 40 for line in lines) and len(lines) > 1
    assert all(line.endswith("/") for line in lines[:-1])
    assert "".join(lines) == codes


def test_help__every_english_page_fits_80_columns(monkeypatch):
    from typer.main import get_command

    from bangfu_cli.cli.app import app
    from tests.conftest import run_cli

    monkeypatch.setenv("BANGFU_LANG", "en")
    monkeypatch.setenv("COLUMNS", "80")

    def walk(cmd, path):
        yield path
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, (*path, name))

    wide = [
        f"{' '.join(path)}: {line}"
        for path in walk(get_command(app), ())
        for line in run_cli(*path, "-h").stdout.splitlines()
        if width(line) > 80
    ]
    assert not wide, "\n".join(wide)
