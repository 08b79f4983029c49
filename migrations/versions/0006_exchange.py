"""ledger exchange: the peers a ledger exchanges files with, and the other UUIDs of its records

Every ledger has a UUID (setting ``ledger.uuid``); it is made the first time the ledger exports
or merges a file, so that an upgrade adds no row to an existing ledger.

Revision ID: 0006_exchange
Revises: 0005_assistance
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006_exchange'
down_revision: str | None = '0005_assistance'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('peer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('sent_marks', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('received_marks', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('peer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_name'), ['name'], unique=False)

    op.create_table('uuid_alias',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('local_uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.PrimaryKeyConstraint('uuid')
    )
    with op.batch_alter_table('uuid_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uuid_alias_local_uuid'), ['local_uuid'], unique=False)


def downgrade() -> None:
    op.drop_table('uuid_alias')
    op.drop_table('peer')
