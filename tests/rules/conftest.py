from tests.visits.conftest import town, town_template  # noqa: F401  (the tiny township ledger)
