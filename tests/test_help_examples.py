"""Every command's ``--help`` ends with examples, in Chinese and in English, each on its own line
within 80 columns — and every example runs on the sample ledger of ``bangfu demo``."""

from __future__ import annotations

import shlex
import shutil
import sqlite3
import unicodedata

import pytest

from bangfu_cli.i18n import LANGS, catalogue
from tests.conftest import SAMPLES, run_cli, run_process
from tests.test_cli_walk import COMMANDS, IDS

GLOBAL_OPTIONS = ("--db", "--lang", "--by")  # each takes a value


def _examples(lang: str, path: tuple[str, ...]) -> list[str]:
    """The examples of a command as typed: continued lines joined."""
    text = catalogue(lang).get(f"examples.{' '.join(path)}", "")
    joined = text.replace(" \\\n", " ")
    return [line.strip() for line in joined.splitlines() if line.strip()]


def _arguments(example: str) -> list[str]:
    words = shlex.split(example)
    assert words[0] == "bangfu", example
    return words[1:]


def _command_words(args: list[str]) -> list[str]:
    """The arguments after the global options (``--db demo.db``)."""
    while args and args[0] in GLOBAL_OPTIONS:
        args = args[2:]
    return args


def _cells(line: str) -> int:
    """Display width: a Chinese character takes two cells."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=IDS)
def test_every_command_has_examples_of_itself(path, cmd, lang):
    found = _examples(lang, path)
    assert found, f"no examples for `bangfu {' '.join(path)}` in i18n/{lang}/examples.toml"
    for example in found:
        words = _command_words(_arguments(example))
        assert tuple(words[: len(path)]) == path, f"an example of another command: {example}"


def test_every_example_belongs_to_a_command():
    known = {" ".join(path) for path, _ in COMMANDS}
    for lang in LANGS:
        keys = {k.removeprefix("examples.") for k in catalogue(lang) if k.startswith("examples.")}
        assert sorted(keys - known) == [], lang


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=IDS)
def test_help_ends_with_its_examples_one_a_line_within_80_columns(path, cmd, lang, monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", lang)
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli(*path, "--help")
    assert result.exit_code == 0, result.output
    written = catalogue(lang)[f"examples.{' '.join(path)}"].strip().splitlines()
    heading = catalogue(lang)["help.examples"] + ("：" if lang == "zh" else ":")  # the language's colon
    lines = result.stdout.rstrip("\n").splitlines()
    assert lines[-len(written) - 1 :] == [heading, *(f"  {line}" for line in written)]
    too_wide = [line for line in lines[-len(written) :] if _cells(line) > 80]
    assert too_wide == []


def _groups() -> list[tuple[tuple[str, ...], object]]:
    from typer.main import get_command

    from bangfu_cli.cli.app import app

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            if path:
                yield path, cmd
            for name, sub in cmd.commands.items():
                yield from walk(sub, (*path, name))

    return list(walk(get_command(app), ()))


GROUPS = _groups()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("path", "group"), GROUPS, ids=[" ".join(p) for p, _ in GROUPS])
def test_a_group_help_ends_with_the_first_example_of_each_of_its_commands(path, group, lang, monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", lang)
    result = run_cli(*path, "--help")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    section = lines[lines.index(catalogue(lang)["help.examples"] + ("：" if lang == "zh" else ":")) + 1 :]
    commands = [name for name, sub in group.commands.items() if not hasattr(sub, "commands")]
    assert commands
    firsts = [
        catalogue(lang)[f"examples.{' '.join((*path, name))}"].strip().splitlines()[0] for name in commands
    ]
    assert [line for line in section if not line.startswith("      ")] == [f"  {line}" for line in firsts]


# --- every example runs -----------------------------------------------------------------------


def _all_examples() -> list[tuple[str, str]]:
    """Each distinct example once, with a language it is written in."""
    seen: dict[str, str] = {}
    for lang in LANGS:
        for path, _ in COMMANDS:
            for example in _examples(lang, path):
                seen.setdefault(example, lang)
    return [(lang, example) for example, lang in seen.items()]


# Commands that need a shared PostgreSQL ledger (on the sample ledger, a file, they exit 2 by
# design): their examples run on one in tests/access/test_access_cli.py.
SHARED_ONLY = ("access",)
EXAMPLES = [
    (lang, ex) for lang, ex in _all_examples() if _command_words(_arguments(ex))[0] not in SHARED_ONLY
]


@pytest.fixture(scope="module")
def sample_ledger(tmp_path_factory):
    """The ledger `bangfu demo` builds, once for the module (each example runs on a copy)."""
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    done = run_process("--db", str(db), "demo", env={"BANGFU_TODAY": "2026-11-27", "BANGFU_LANG": "en"})
    assert done.returncode == 0, done.stderr
    return db


def _copy(source, target) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


@pytest.mark.parametrize(("lang", "example"), EXAMPLES, ids=[f"{lang}: {ex}" for lang, ex in EXAMPLES])
def test_example_runs_on_the_sample_ledger(lang, example, sample_ledger, tmp_path, monkeypatch):
    """Run from a scratch folder holding ``samples/``: files an example writes land there, and the
    files it reads are the bundled samples."""
    _copy(sample_ledger, tmp_path / "ledger.db")  # BANGFU_DB (conftest)
    shutil.copytree(SAMPLES, tmp_path / "samples", ignore=shutil.ignore_patterns("*.py", "*.md"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BANGFU_LANG", lang)
    result = run_cli(*_arguments(example))
    assert result.exit_code in (0, 1), f"{example}\n{result.output}"
    assert "Traceback" not in result.output


@pytest.mark.parametrize("lang", LANGS)
def test_rich_help_keeps_the_examples_one_a_line_too(lang, monkeypatch, capsys):
    """The help is plain today (fast to start); should it turn to Rich, the examples stay lines."""
    from typer.main import get_command

    from bangfu_cli.cli.app import app
    from bangfu_cli.i18n import set_lang

    monkeypatch.setenv("COLUMNS", "80")
    set_lang(lang)
    root = get_command(app)
    visit = root.commands["visit"]
    add = visit.commands["add"]
    monkeypatch.setattr(add, "rich_markup_mode", "rich")
    monkeypatch.setattr(add, "epilog", None)
    parent = visit.context_class(
        visit, info_name="visit", parent=root.context_class(root, info_name="bangfu")
    )
    ctx = add.context_class(add, info_name="add", parent=parent)
    add.format_help(ctx, ctx.make_formatter())
    shown = [line.strip() for line in capsys.readouterr().out.splitlines()]
    for line in catalogue(lang)["examples.visit add"].strip().splitlines():
        assert line.strip() in shown
