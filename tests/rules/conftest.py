from tests.visits.conftest import town  # noqa: F401  (the tiny township ledger)
