"""The schema revisions this release knows, oldest first. Checked on every open without
importing Alembic; ``tests/storage/test_migrations.py`` checks the list against migrations/."""

REVISIONS = (
    "0001_core",
    "0002_visits",
    "0003_income",
    "0004_covering_indexes",
    "0005_assistance",
    "0006_exchange",
    "0007_calendar",
    "0008_audit_chain",
    "0009_access",
)
HEAD = REVISIONS[-1]
