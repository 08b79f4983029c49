"""township accounts: grants, and row-level security on a shared PostgreSQL ledger

``access_grant`` lists which database roles may read (and, unless read-only, write) which
township's records; ``audit.operator`` keeps the operator's name beside the database role that
``audit.by`` holds on PostgreSQL.

On PostgreSQL only, the database itself enforces the grants, whatever client a role uses:

- ``bangfu_grant(role, township, read_only)`` / ``bangfu_revoke(role, township)`` (run by the
  ledger's owner, through ``bangfu access``) record a grant and give the role its table privileges:
  SELECT on every table, INSERT and UPDATE on the township tables and the audit trail only, so
  records without a township (cadres, settings, thresholds, …) are written by the owner alone.
- Row-level security on the township tables: a row is visible when its township (the household's
  village's, or the village's own) is granted to the role, and may be written when that grant is not
  read-only. An update of a visible but read-only row fails instead of matching nothing.
- The audit trail: a role adds rows in its own name (``by`` = the role) and reads its own.

The table owner (who runs ``bangfu init`` and the migrations) is not subject to these policies.

Revision ID: 0009_access
Revises: 0008_audit_chain
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009_access'
down_revision: str | None = '0008_audit_chain'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables whose rows belong to one township, and how a row finds it.
BY_HOUSEHOLD = ('household_status', 'pairing', 'visit', 'income', 'assessment')
TOWNSHIP_TABLES = ('village', 'household', 'role', *BY_HOUSEHOLD)

FUNCTIONS = r"""
CREATE FUNCTION bangfu_townships(who text, for_write boolean) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, @schema@ AS $$
    SELECT g.township FROM @schema@.access_grant g
    WHERE g.role_name = who AND (NOT for_write OR NOT g.read_only)
$$;

CREATE FUNCTION bangfu_villages(who text, for_write boolean) RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, @schema@ AS $$
    SELECT v.id FROM @schema@.village v
    WHERE v.township IN (SELECT @schema@.bangfu_townships(who, for_write))
$$;

CREATE FUNCTION bangfu_households(who text, for_write boolean) RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, @schema@ AS $$
    SELECT h.id FROM @schema@.household h
    WHERE h.village_id IN (SELECT @schema@.bangfu_villages(who, for_write))
$$;

CREATE FUNCTION bangfu_grant(who text, place text, ro boolean) RETURNS void
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, @schema@ AS $$
DECLARE
    t text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = who) THEN
        RAISE EXCEPTION 'no such role: %', who USING ERRCODE = '42704';
    END IF;
    INSERT INTO @schema@.access_grant AS g (role_name, township, read_only, granted_at, granted_by)
        VALUES (who, place, ro, now(), current_user)
        ON CONFLICT (role_name, township) DO UPDATE SET read_only = EXCLUDED.read_only
        WHERE g.read_only IS DISTINCT FROM EXCLUDED.read_only;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', '@schema@', who);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', '@schema@', who);
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %I', '@schema@', who);
    FOREACH t IN ARRAY ARRAY[@tables@, 'audit'] LOOP
        EXECUTE format('GRANT INSERT, UPDATE ON %I.%I TO %I', '@schema@', t, who);
    END LOOP;
END
$$;

CREATE FUNCTION bangfu_revoke(who text, place text) RETURNS integer
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, @schema@ AS $$
DECLARE
    gone integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = who) THEN
        RAISE EXCEPTION 'no such role: %', who USING ERRCODE = '42704';
    END IF;
    DELETE FROM @schema@.access_grant g
        WHERE g.role_name = who
          AND (place IS NULL OR g.township = place);
    GET DIAGNOSTICS gone = ROW_COUNT;
    IF NOT EXISTS (SELECT 1 FROM @schema@.access_grant g WHERE g.role_name = who) THEN
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I',
                       '@schema@', who);
        EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I',
                       '@schema@', who);
    END IF;
    RETURN gone;
END
$$;
"""


def _policies(schema: str) -> list[str]:
    def rows_of(table: str, for_write: bool) -> str:
        # current_user here is the role running the statement; inside the (SECURITY DEFINER)
        # functions it would be their owner, so it is passed in.
        args = f"current_user, {'true' if for_write else 'false'}"
        if table == 'village':
            return f"township IN (SELECT {schema}.bangfu_townships({args}))"
        if table in ('household', 'role'):
            return f"village_id IN (SELECT {schema}.bangfu_villages({args}))"
        return f"household_id IN (SELECT {schema}.bangfu_households({args}))"

    out = []
    for table in TOWNSHIP_TABLES:
        # Every bangfu reader sees every village and role (an import names villages, a cadre's
        # roles are shown with him); writes keep to the role's townships.
        read = 'true' if table in ('village', 'role') else rows_of(table, False)
        write = rows_of(table, True)
        out += [
            f'ALTER TABLE {table} ENABLE ROW LEVEL SECURITY',
            f'CREATE POLICY bangfu_read ON {table} FOR SELECT USING ({read})',
            f'CREATE POLICY bangfu_add ON {table} FOR INSERT WITH CHECK ({write})',
            # USING the read condition: an update of a row the role sees but may not write is
            # refused by WITH CHECK (an error), never silently matched by nothing.
            f'CREATE POLICY bangfu_change ON {table} FOR UPDATE USING ({read}) WITH CHECK ({write})',
        ]
    out += [
        'ALTER TABLE audit ENABLE ROW LEVEL SECURITY',
        'CREATE POLICY bangfu_read ON audit FOR SELECT USING (by = current_user)',
        'CREATE POLICY bangfu_add ON audit FOR INSERT WITH CHECK (by = current_user)',
        'ALTER TABLE access_grant ENABLE ROW LEVEL SECURITY',
        'CREATE POLICY bangfu_read ON access_grant FOR SELECT USING (role_name = current_user)',
    ]
    return out


def upgrade() -> None:
    op.create_table('access_grant',
    sa.Column('role_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('township', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('read_only', sa.Boolean(), nullable=False),
    sa.Column('granted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('granted_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('role_name', 'township')
    )
    op.add_column('audit', sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    if op.get_bind().dialect.name != 'postgresql':
        return
    schema = op.get_bind().exec_driver_sql('SELECT current_schema()').scalar()
    tables = ', '.join(f"'{t}'" for t in TOWNSHIP_TABLES)
    op.execute(FUNCTIONS.replace('@schema@', schema).replace('@tables@', tables))
    for statement in _policies(schema):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table in (*TOWNSHIP_TABLES, 'audit', 'access_grant'):
            for policy in ('bangfu_read', 'bangfu_add', 'bangfu_change'):
                op.execute(f'DROP POLICY IF EXISTS {policy} ON {table}')
            op.execute(f'ALTER TABLE {table} DISABLE ROW LEVEL SECURITY')
        op.execute('DROP FUNCTION bangfu_grant(text, text, boolean)')
        op.execute('DROP FUNCTION bangfu_revoke(text, text)')
        op.execute('DROP FUNCTION bangfu_households(text, boolean)')
        op.execute('DROP FUNCTION bangfu_villages(text, boolean)')
        op.execute('DROP FUNCTION bangfu_townships(text, boolean)')
    op.drop_column('audit', 'operator')
    op.drop_table('access_grant')
