"""On a Chinese interface every help page and every usage error speaks the user's words: a
value is named 日期, 户编号, 文件 or its choices (never Typer's ``<str>``, ``TEXT``, ``INTEGER``),
the usage line reads ``用法：bangfu [选项] 命令 [参数]...``, and an option or argument is named
as it is typed (``--mode``) or read (年份), never by its parameter's name (``monitor_type``).

Help texts take the language the app was loaded in, so the walk runs in a process of its own
(this module run as a script) with a Chinese interface."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ENGLISH_TYPES = re.compile(
    r"<\w+>|\bx[<>]=|\b(TEXT|INTEGER|FLOAT|BOOLEAN|OPTIONS|COMMAND|ARGS|Usage|Options)\b"
)


def _commands():
    from typer.main import get_command

    from bangfu_cli.cli.app import app

    def walk(cmd, path):
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, (*path, name))

    yield from walk(get_command(app), ())


def _error_calls(cmd) -> list[list[str]]:
    """Command lines that stop at a usage error: nothing given when something is required, and
    each whole-number parameter given a word."""
    calls = []
    if not hasattr(cmd, "commands") and any(p.required for p in cmd.params):
        calls.append([])
    for param in cmd.params:
        if getattr(param.type_descriptor, "annotation", None) is not int or getattr(param, "is_flag", False):
            continue
        args = ["X" for p in cmd.params if p.param_type_name == "argument" and p is not param]
        calls.append([*args, "abc"] if param.param_type_name == "argument" else [*args, param.opts[0], "abc"])
    return calls


def _walk() -> dict:
    """Every command's help and usage errors, with the names of its parameters."""
    from tests.conftest import run_cli

    seen = {}
    for path, cmd in _commands():
        errors = []
        for args in _error_calls(cmd):
            result = run_cli(*path, *args)
            errors.append([" ".join(args), result.exit_code, result.stderr])
        params = [
            [p.name, [o.lstrip("-") for o in getattr(p, "opts", [])], p.param_type_name] for p in cmd.params
        ]
        seen[" ".join(path) or "bangfu"] = {
            "help": run_cli(*path, "-h").stdout,
            "errors": errors,
            "params": params,
        }
    return seen


@pytest.fixture(scope="module")
def walked():
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "BANGFU_LANG": "zh", "COLUMNS": "80"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.screen.test_value_names"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _internal_names(params, text: str) -> list[str]:
    """The parameter names that ``text`` shows bare, where a user would type an option
    (``--as-of``) or read an argument's word (年份)."""
    text = re.sub(r"bangfu( [a-z-]+)*", "bangfu", text)  # the command's own path
    text = re.sub(r"samples/\S+", "", text)  # the examples' sample files
    found = []
    for name, typed, kind in params:
        if kind == "option" and name in typed:
            continue  # ``--township``'s name is ``township``: said as ``--township``, never bare
        if re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text):
            found.append(name)
    return found


def test_walk__every_help_page_and_usage_error_in_chinese_words(walked):
    bad = []
    for command, seen in walked.items():
        if not seen["help"].startswith(f"用法：{'bangfu' if command == 'bangfu' else 'bangfu ' + command}"):
            bad.append(f"{command} -h: {seen['help'][:60]}")
        texts = [(f"{command} -h", seen["help"])]
        for args, code, stderr in seen["errors"]:
            if code != 2:
                bad.append(f"{command} {args}: exit {code}")
            texts.append((f"{command} {args}", stderr))
        for what, text in texts:
            if match := ENGLISH_TYPES.search(text):
                bad.append(f"{what}: {match[0]!r}")
            if names := _internal_names(seen["params"], text):
                bad.append(f"{what}: {names}")
    assert not bad, "\n".join(bad)


def test_walk__every_help_line_fits_80_columns_a_chinese_character_two(walked):
    from bangfu_cli.cli.help_layout import width

    wide = [
        f"{command}: {line}"
        for command, seen in walked.items()
        for line in seen["help"].splitlines()
        if width(line) > 80
    ]
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("calendar show", "用法：bangfu calendar show [选项] 年份"),
        ("income threshold set", "用法：bangfu income threshold set [选项] 年份 金额"),
        ("rules", "用法：bangfu rules [选项] [规则]"),
        ("audit", "用法：bangfu audit [选项] [verify]"),
    ],
)
def test_walk__arguments_in_the_usage_line_by_their_words(walked, command, usage):
    assert walked[command]["help"].splitlines()[0] == usage


def test_walk__a_choice_lists_the_values_its_command_takes(walked):
    status = [line for line in walked["overdue"]["help"].splitlines() if "--status" in line]
    assert status and "overdue|due|all" in status[0]  # all, not a finding's "met"


def test_walk__reaches_every_command_and_its_errors(walked):
    assert len(walked) > 80
    assert sum(len(seen["errors"]) for seen in walked.values()) > 20


if __name__ == "__main__":
    print(json.dumps(_walk(), ensure_ascii=False))
