"""``partner set|import|list``: one partner at a time, the same values change nothing, another
partner ends the old one the day before, ``--until`` sets or moves the end; a pairing activity
dated when no partner is active is accepted with a warning."""

from __future__ import annotations

from tests.assistance.conftest import PARTNER_HEADER, refused, rows, table_counts
from tests.conftest import run_cli
from tests.ledger_data.helpers import write_csv


def _spans(db):
    return rows(db, 'SELECT name, start, "end", voided FROM partner ORDER BY id')


def test_partner_set__the_same_values_change_nothing(ledger):
    assert run_cli("partner", "set", "昆山市", "--since", "2021-06-01").exit_code == 0
    before = table_counts(ledger)
    again = run_cli("partner", "set", "昆山市", "--since", "2021-06-01", "--format", "json")
    assert again.exit_code == 0 and again.json()["outcome"] == "unchanged"
    assert table_counts(ledger) == before


def test_partner_set__another_partner_ends_the_old_one_the_day_before(ledger):
    run_cli("partner", "set", "昆山市", "--since", "2021-06-01")
    result = run_cli("partner", "set", "江阴市", "--since", "2025-01-01")
    assert result.exit_code == 0, result.output
    assert _spans(ledger) == [("昆山市", "2021-06-01", "2024-12-31", 0), ("江阴市", "2025-01-01", None, 0)]
    listed = run_cli("partner", "list", "--format", "json").json()["partners"]
    assert [(p["name"], p["active"]) for p in listed] == [("昆山市", False), ("江阴市", True)]


def test_partner_set__until_sets_and_moves_the_end(ledger):
    run_cli("partner", "set", "昆山市", "--since", "2021-06-01")
    assert (
        run_cli("partner", "set", "昆山市", "--since", "2021-06-01", "--until", "2025-12-31").exit_code == 0
    )
    assert _spans(ledger) == [("昆山市", "2021-06-01", "2025-12-31", 0)]
    assert (
        run_cli("partner", "set", "昆山市", "--since", "2021-06-01", "--until", "2026-06-30").exit_code == 0
    )
    assert _spans(ledger) == [("昆山市", "2021-06-01", "2026-06-30", 0)]
    trail = run_cli("audit", "--entity", "partner", "--format", "json").json()
    assert trail[0]["changes"] == {"end": ["2025-12-31", "2026-06-30"]}


def test_partner_set__a_partner_named_by_mistake_on_the_same_day_is_voided(ledger):
    run_cli("partner", "set", "昆三市", "--since", "2021-06-01")
    assert run_cli("partner", "set", "昆山市", "--since", "2021-06-01").exit_code == 0
    assert _spans(ledger) == [("昆三市", "2021-06-01", None, 1), ("昆山市", "2021-06-01", None, 0)]


def test_partner_set__bad_input_is_exit_2_and_writes_nothing(ledger):
    run_cli("partner", "set", "昆山市", "--since", "2023-01-01")
    before = table_counts(ledger)
    refused(run_cli("partner", "set", "江阴市", "--since", "2022-01-01"), "昆山市")  # before the current one
    refused(run_cli("partner", "set", "江阴市", "--since", "2027-01-01"), "2027-01-01")  # future
    refused(run_cli("partner", "set", "江阴市", "--since", "2025-01-01", "--until", "2024-01-01"))
    refused(run_cli("partner", "set", "123", "--since", "2025-01-01"))
    assert table_counts(ledger) == before


def test_partner_import__an_activity_with_no_partner_active_is_accepted_with_a_warning(ledger, tmp_path):
    run_cli("partner", "set", "昆山市", "--since", "2025-03-01")
    path = write_csv(
        tmp_path / "partner.csv",
        PARTNER_HEADER,
        "党政主要领导赴对方调研,2025-02-28,,,,县委书记,调研",
        "head_visit,2025-03-01,,,,县委书记,调研",
        "挂职,2025-03-02,2026-02-28,KS-01,,,挂任副县长",
        '资金拨付到位,2025-03-20,,,"5,000,000",,资金到位',
    )
    result = run_cli("partner", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "line 2: no partner county is active on 2025-02-28" in result.stderr
    assert "line 3" not in result.stderr
    items = run_cli("partner", "list", "--format", "json").json()["activities"]
    assert [(a["kind"], a["partner"]) for a in items] == [
        ("head_visit", None),
        ("head_visit", "昆山市"),
        ("secondment", "昆山市"),
        ("funds_disbursed", "昆山市"),
    ]
    assert items[2]["end"] == "2026-02-28" and items[3]["amount"] == 5000000.0
    again = run_cli("partner", "import", str(path))
    assert "4 unchanged" in again.stderr


def test_partner_import__an_end_is_for_a_secondment_only_and_bad_rows_are_listed(ledger, tmp_path):
    before = table_counts(ledger)
    path = write_csv(
        tmp_path / "partner.csv",
        PARTNER_HEADER,
        "党政主要领导赴对方调研,2025-04-01,2025-04-03,,,,",
        "挂职,2025-03-02,2025-03-01,KS-01,,,",
        "互访,2025-03-02,,,,,",
        "挂职,,,KS-01,,,",
    )
    refused(run_cli("partner", "import", str(path)), "line 2", "line 3", "line 4", "line 5")
    assert table_counts(ledger) == before
