from datetime import date

import pytest

from tests.income.builders import Book


@pytest.fixture
def book(ledger_db):
    """The test ledger with one village, cadre C1, a monitored household H1 (size 4) and a
    脱贫户 H2 that is not monitored, both paired with C1."""
    b = Book(ledger_db)
    b.cadre("C1")
    b.household("360722000001", cadre="C1")
    b.household("360722000002", statuses=((date(2021, 1, 1), True, None, None),), cadre="C1")
    yield b
