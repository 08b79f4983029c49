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
    assert data["revision"] == "0003_income"
    assert data["profile"] == "xinfeng-2023"
