from __future__ import annotations

import pytest

from tests import ledger_copy


@pytest.fixture
def town(tmp_path):
    """The tiny township ledger as this test's ledger: built once through the import commands,
    then copied for each test."""
    from tests.visits.ledger import build

    if not ledger_copy.restore("town"):
        build(tmp_path)
        ledger_copy.keep("town")
    return tmp_path
