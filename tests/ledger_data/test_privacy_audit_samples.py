"""Masking, reveal auditing, the audit command, and loading every sample file."""

from __future__ import annotations

import os

import pytest

from tests.conftest import SAMPLES, run_cli
from tests.ledger_data.helpers import counts, valid_id


def test_id_numbers_and_phones_are_masked_in_table_json_and_csv(ledger):
    full_id = valid_id(1)
    for fmt in ("table", "json", "csv"):
        out = run_cli("household", "list", "--format", fmt).stdout
        assert full_id not in out and "13720891101" not in out
        assert full_id[:6] + "********" + full_id[-4:] in out
        assert "137****1101" in out
    shown = run_cli("household", "show", "H001", "--format", "json").json()
    assert shown["id_number"] == full_id[:6] + "********" + full_id[-4:]
    assert counts()["audit"] == counts()["audit"]  # listing writes nothing


def test_reveal_shows_everything_and_is_written_to_the_audit_log(ledger):
    before = counts()["audit"]
    out = run_cli("household", "list", "--reveal", "--format", "json")
    assert valid_id(1) in out.stdout and "13720891101" in out.stdout
    assert counts()["audit"] == before + 1
    trail = run_cli("audit", "--action", "reveal", "--format", "json").json()
    assert trail[0]["changes"] == {"what": "household list", "count": 4}
    # on PostgreSQL the trail names the database role, the operator beside it (CONTRACT.md)
    role = "postgres" if "://" in os.environ["BANGFU_DB"] else "tester"
    assert (trail[0]["by"], trail[0]["operator"]) == (role, "tester")
    shown = run_cli("household", "show", "H001", "--reveal", "--format", "json").json()
    assert shown["id_number"] == valid_id(1)


def test_audit_masks_personal_data_in_changes_unless_revealed(ledger):
    trail = run_cli("audit", "--entity", "household", "--key", "H001", "--format", "json").json()
    added = trail[-1]["changes"]
    assert added["id_number"][1].startswith("360722*")
    table = run_cli("audit", "--limit", "3")
    assert table.exit_code == 0 and "When" in table.stdout
    assert run_cli("audit", "--limit", "0").exit_code == 2


def test_privacy_helpers_mask_every_phone_field():
    from bangfu_cli.services.privacy import mask_record

    record = {"id_number": valid_id(5), "phone": "13912345678", "cadre_phone": "13812345678", "name": "甲"}
    masked = mask_record(record, reveal=False)
    assert masked["phone"] == "139****5678" and masked["cadre_phone"] == "138****5678"
    assert masked["name"] == "甲" and mask_record(record, reveal=True) == record


@pytest.mark.skipif(not (SAMPLES / "households.csv").exists(), reason="samples/ is not there yet")
def test_demo_creates_the_ledger_loads_every_sample_file_and_reloading_changes_nothing(tmp_path):
    result = run_cli("demo")
    assert result.exit_code == 0, result.output
    first = counts()
    assert first["households"] >= 150 and first["cadres"] >= 30 and first["pairings"] >= 150
    assert first["roles"] >= 5 and first["villages"] >= 6
    again = run_cli("demo")
    assert again.exit_code == 0, again.output
    # visit and income imports are another module's; the records must not change
    assert {k: v for k, v in counts().items() if k != "audit"} == {
        k: v for k, v in first.items() if k != "audit"
    }


def test_demo_refuses_a_bad_household_count(tmp_path):
    result = run_cli("demo", "--households", "0")
    assert result.exit_code == 2 and "Traceback" not in result.output
