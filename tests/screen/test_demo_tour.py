"""The first steps of a new user: the demo ledger looks like a real township's (its quarterly
assessments recorded), summaries by cadre name the cadre, and shell completion works."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT, run_cli


def test_demo__records_the_quarterly_assessments_a_county_would_have(demo):
    findings = run_cli("overdue", "--status", "overdue", "--format", "json").json()
    assert findings, "the samples keep their deliberate irregularities"
    assert [f for f in findings if f["rule"] == "XF8"] == []
    quarters = {a["quarter"] for a in run_cli("assess", "list", "--format", "json").json()}
    assert quarters == {"2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"}


def test_demo__loading_again_records_no_second_assessment(demo_db, tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "again.db"
    shutil.copy(demo_db, copy)
    monkeypatch.setenv("BANGFU_DB", str(copy))
    before = run_cli("assess", "list", "--all", "--format", "json").json()
    assert run_cli("demo").exit_code == 0
    assert run_cli("assess", "list", "--all", "--format", "json").json() == before


def test_summary_by_cadre__names_beside_codes(demo, monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", "zh")
    out = run_cli("overdue", "--summary", "--level", "cadre").stdout
    assert "XF-GB-011" in out and "胡梅珍" in out
    line = next(line for line in out.splitlines() if "XF-GB-011" in line)
    assert "胡梅珍" in line


def test_completion__typer_completion_installed_and_answering():
    env = {
        **os.environ,
        "_BANGFU_COMPLETE": "complete_bash",
        "COMP_WORDS": "bangfu hou",
        "COMP_CWORD": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", "from bangfu_cli.cli.app import main; main()"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["household"]
    assert "--install-completion" in run_cli("--help").stdout
    assert "--install-completion" in (ROOT / "README.md").read_text(encoding="utf-8")
