"""The README's commands work: the two it opens with, and every line of the tour."""

from __future__ import annotations

import re
import shlex

from tests.conftest import ROOT, run_cli, run_process

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(marker: str) -> str:
    m = re.search(rf"<!-- {marker} -->\s*```\n(.*?)\n```\s*<!-- /{marker} -->", README, re.S)
    assert m, f"README.md has no {marker} block"
    return m.group(1).strip()


def _tour() -> list[list[str]]:
    section = README.split("## A tour on the sample township", 1)[1].split("```", 2)[1]
    lines = []
    for line in section.strip().splitlines():
        command = line.split("  #", 1)[0].strip()
        # as written: the venv's bangfu, in the folder of the main command (which made .venv)
        assert command.startswith(".venv/bin/bangfu "), f"not runnable as written: {line}"
        lines.append(shlex.split(command)[1:])
    return lines


def test_readme_opens_with_the_two_commands():
    first_blocks = re.findall(r"```\n(.*?)\n```", README, re.S)[:2]
    assert first_blocks == [_block("main-command"), _block("test-command")]
    assert "pytest" in _block("test-command")
    assert "demo" in _block("main-command") and "overdue" in _block("main-command")


def test_the_main_command_builds_the_demo_ledger_and_lists_what_is_overdue(tmp_path):
    """The bangfu part of the main command, run as a separate process the way a user runs it."""
    commands = [c.strip() for c in _block("main-command").split("&&") if "bangfu " in c]
    db = tmp_path / "demo.db"
    for command in commands:
        args = shlex.split(command)[1:]
        args[args.index("--db") + 1] = str(db)
        result = run_process(*args, env={"BANGFU_LANG": "zh"}, timeout=300)
        assert result.returncode == 0, result.stderr
    assert "逾期" in result.stdout
    assert "Traceback" not in result.stderr


def test_every_tour_command_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    tour = _tour()
    assert tour and tour[0][:3] == ["--db", "demo.db", "demo"]
    for args in tour:
        result = run_cli(*args)
        expected = (0, 1) if "check" in args else (0,)
        assert result.exit_code in expected, f"bangfu {' '.join(args)}\n{result.output}"
        assert "Traceback" not in result.output
    assert (tmp_path / "登记册.xlsx").exists()
    assert (tmp_path / "季度报告.html").exists()
