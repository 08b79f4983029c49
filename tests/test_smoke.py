import os
import subprocess
import sys

import pytest

from tests.conftest import run_cli


def test_missing_ledger_says_to_run_init_and_writes_nothing(tmp_path):
    result = run_cli("info")
    assert result.exit_code == 2
    assert "bangfu init" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "ledger.db").exists()


def test_init_then_info_reports_revision_and_profile(ledger_db):
    result = run_cli("info", "--format", "json")
    assert result.exit_code == 0, result.output
    data = result.json()
    from bangfu_cli.storage.schema import HEAD

    assert data["revision"] == HEAD == "0008_audit_chain"
    assert data["profile"] == "xinfeng-2023"


@pytest.mark.parametrize(
    ("raised", "code", "lang", "said"),
    [
        ("KeyboardInterrupt", 130, "en", "Interrupted; nothing was written."),
        ("KeyboardInterrupt", 130, "zh", "已中断，未写入任何内容。"),
        ("EOFError", 1, "en", "Aborted."),
        ("EOFError", 1, "zh", "已取消。"),
    ],
)
def test_ctrl_c_or_end_of_input_inside_a_command_is_said_in_one_line(tmp_path, raised, code, lang, said):
    """Typer turns Ctrl-C inside a command into a silent exit 130, and an end of input into an
    abort in English; the clerk is told what happened, in the interface's language."""
    probe = (
        "import sys\n"
        "from bangfu_cli.services import ledger\n"
        "def stopped(*args, **kwargs):\n"
        f"    raise {raised}\n"
        "ledger.open_ledger = stopped\n"
        f"sys.argv = ['bangfu', '--db', {str(tmp_path / 'l.db')!r}, 'household', 'list']\n"
        "from bangfu_cli.cli.app import main\n"
        "main()\n"
    )
    env = {**os.environ, "BANGFU_LANG": lang}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60
    )
    assert out.returncode == code
    assert out.stderr.strip().endswith(said) and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
