"""covering indexes for the rules engine's reads of visits and income records

The engine reads a household's visits (date, mode, cadre, voided) and its income records
(quarter, collection date, late reason, superseded) and nothing else of those rows. With these
columns in the (household_id, …) indexes the database answers both reads from the index alone,
without touching the wide rows (content, problems, uuid …): on the county ledger the visits'
read takes half the time. The new indexes serve every lookup the old ones served (same leading
columns), so they replace them and a write maintains as many indexes as before.

Revision ID: 0004_covering_indexes
Revises: 0003_income
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0004_covering_indexes'
down_revision: str | None = '0003_income'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VISIT = ['household_id', 'date', 'voided', 'mode', 'cadre_id']
INCOME = ['household_id', 'quarter', 'superseded_by', 'collected_on', 'late_reason']


def upgrade() -> None:
    op.create_index('ix_visit_household_date_cover', 'visit', VISIT, unique=False)
    op.drop_index('ix_visit_household_date', table_name='visit')
    op.create_index('ix_income_household_quarter_cover', 'income', INCOME, unique=False)
    op.drop_index('ix_income_household_quarter', table_name='income')


def downgrade() -> None:
    op.create_index('ix_income_household_quarter', 'income', ['household_id', 'quarter'], unique=False)
    op.drop_index('ix_income_household_quarter_cover', table_name='income')
    op.create_index('ix_visit_household_date', 'visit', ['household_id', 'date'], unique=False)
    op.drop_index('ix_visit_household_date_cover', table_name='visit')
