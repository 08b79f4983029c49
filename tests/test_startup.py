"""`bangfu --help` stays light: the heavy libraries load only inside the commands that need them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sqlmodel", "sqlalchemy", "alembic", "openpyxl", "xlsxwriter")


def _modules_loaded_by(*args: str) -> set[str]:
    probe = (
        "import sys, json, runpy\n"
        f"sys.argv = ['bangfu', *{list(args)!r}]\n"
        "try:\n"
        "    from bangfu_cli.cli.app import main\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.__stdout__.write('\\n@@' + json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8", timeout=60
    )
    return set(json.loads(out.stdout.rsplit("@@", 1)[1]))


def test_help_does_not_import_heavy_modules():
    loaded = _modules_loaded_by("--help")
    assert sorted(m for m in loaded if m.split(".")[0] in HEAVY) == []


def test_every_group_help_does_not_import_heavy_modules():
    from typer.main import get_command

    from bangfu_cli.cli.app import app

    group = get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        loaded = _modules_loaded_by(name, "--help")
        heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
        assert heavy == [], f"`bangfu {name} --help` imports {heavy[:3]}"
