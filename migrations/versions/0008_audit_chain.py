"""a tamper-evident audit trail: every audit row chained to the one before it

Four columns on ``audit``: the rows a bulk import wrote (``records``, e.g. ``visit 101-5000``),
the hash of the record (or of those rows) a row wrote (``record_hash``), the hash of the row
before it (``prev_hash``) and its own (``row_hash``, over its content and ``prev_hash``). The
upgrade builds the chain from the rows already there, once, in their order, and gives the last
row about each record the record's hash as it stands at the upgrade; ``bangfu audit verify``
checks from then on (the upgrade's message says so).

Revision ID: 0008_audit_chain
Revises: 0007_calendar
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_audit_chain'
down_revision: str | None = '0007_calendar'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from bangfu_cli.storage.audit_chain import build_chain

    with op.batch_alter_table('audit') as batch:
        batch.add_column(sa.Column('records', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('record_hash', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))
    build_chain(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('audit') as batch:
        batch.drop_column('row_hash')
        batch.drop_column('prev_hash')
        batch.drop_column('record_hash')
        batch.drop_column('records')
