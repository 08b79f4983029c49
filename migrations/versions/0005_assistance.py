"""units, village links, unit activities, trainings, county pairing, social contributions

The records of DOMAIN.md §10. New tables only: no existing row is touched.

Revision ID: 0005_assistance
Revises: 0004_covering_indexes
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0005_assistance'
down_revision: str | None = '0004_covering_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('partner',
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('voided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_start'), ['start'], unique=False)

    op.create_table('partner_activity',
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('voided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('cadre', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('people', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('partner_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_activity_date'), ['date'], unique=False)

    op.create_table('unit',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_name'), ['name'], unique=False)

    op.create_table('contribution',
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('voided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contributor', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('contributor_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('form', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('beneficiaries', sa.Integer(), nullable=False),
    sa.Column('township', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('result', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.create_index('ix_contribution_contributor_date', ['contributor', 'date'], unique=False)
        batch_op.create_index(batch_op.f('ix_contribution_date'), ['date'], unique=False)

    op.create_table('training',
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('voided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.create_index('ix_training_cadre_start', ['cadre_id', 'start'], unique=False)

    op.create_table('unit_activity',
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('voided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('people', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('attachment', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('for_period', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('unit_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_activity_date'), ['date'], unique=False)
        batch_op.create_index('ix_unit_activity_unit_date', ['unit_id', 'date'], unique=False)

    op.create_table('unit_village',
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('voided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('unit_village', schema=None) as batch_op:
        batch_op.create_index('ix_unit_village_unit_start', ['unit_id', 'start'], unique=False)
        batch_op.create_index('ix_unit_village_village_start', ['village_id', 'start'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('unit_village', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_village_village_start')
        batch_op.drop_index('ix_unit_village_unit_start')

    op.drop_table('unit_village')
    with op.batch_alter_table('unit_activity', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_activity_unit_date')
        batch_op.drop_index(batch_op.f('ix_unit_activity_date'))

    op.drop_table('unit_activity')
    with op.batch_alter_table('training', schema=None) as batch_op:
        batch_op.drop_index('ix_training_cadre_start')

    op.drop_table('training')
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_date'))
        batch_op.drop_index('ix_contribution_contributor_date')

    op.drop_table('contribution')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_name'))

    op.drop_table('unit')
    with op.batch_alter_table('partner_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_activity_date'))

    op.drop_table('partner_activity')
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_start'))

    op.drop_table('partner')
