"""A database password is never shown: not by ``info``, not in a message about a server that
cannot be reached, not in a ``BANGFU_DEBUG`` traceback — masked as ``***``, exit 2, one line."""

from __future__ import annotations

import pytest

from bangfu_cli.storage.location import error_detail, shown
from tests.conftest import run_cli

# No ledger of the test's own: the URLs name servers that are not there.
BACKENDS = ()

SECRET = "s3cret:pw"
UNREACHABLE = "postgresql+psycopg://clerk:s3cret%3Apw@127.0.0.1:1/county"


def test_a_url_is_shown_with_its_password_masked_wherever_it_is_written():
    assert shown(UNREACHABLE) == "postgresql+psycopg://clerk:***@127.0.0.1:1/county"
    assert shown("postgresql://clerk@/county?host=/run/pg&password=x%40y") == (
        "postgresql://clerk@/county?host=/run/pg&password=***"
    )
    assert shown("/home/clerk/ledger.db") == "/home/clerk/ledger.db"
    detail = error_detail(RuntimeError(f"(psycopg.OperationalError) no: {SECRET}\nmore"), UNREACHABLE)
    assert detail == "no: *** more"


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "BANGFU_DEBUG"])
def test_an_unreachable_server_is_one_message_exit_2_and_no_password(debug, monkeypatch):
    monkeypatch.setenv("BANGFU_DB", UNREACHABLE)
    if debug:
        monkeypatch.setenv("BANGFU_DEBUG", "1")
    result = run_cli("info")
    assert result.exit_code == 2, result.output
    assert "s3cret" not in result.output
    assert "Cannot open the ledger postgresql+psycopg://clerk:***@127.0.0.1:1/county" in result.stderr
    assert result.stderr.count("Error:") == 1 and "Traceback" not in result.output  # one message


def test_a_password_given_with_db_is_not_shown_either():
    result = run_cli("--db", UNREACHABLE, "overdue", "--format", "json")
    assert result.exit_code == 2 and "s3cret" not in result.output and "clerk:***@" in result.stderr
