"""The ledger most tests here start from: the tiny township of ``helpers.small_ledger``."""

import pytest

from tests.ledger_data.helpers import small_ledger


@pytest.fixture
def ledger(tmp_path):
    small_ledger(tmp_path)
    return tmp_path
