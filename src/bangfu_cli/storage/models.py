"""The ledger's tables.

Every record has a stable ``uuid`` besides its local integer id (ledgers will be merged at the
county), and ``recorded_at`` / ``recorded_by`` (who entered it and when — apart from the date
the thing happened, so back-filled entries are visible). Nothing is deleted: households are
closed, pairings and roles ended, visits voided, income records superseded.

Money is stored as integer fen (分) so that no amount ever passes through a float."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bangfu_cli.storage.ids import new_uuid


class Recorded(SQLModel):
    uuid: str = Field(default_factory=new_uuid, max_length=36, unique=True)
    recorded_at: datetime
    recorded_by: str = Field(max_length=64)


class Setting(SQLModel, table=True):
    """Ledger-wide settings: the active policy profile (id or the profile file's content)."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True, max_length=64)
    value: str


class Village(Recorded, table=True):
    __tablename__ = "village"
    __table_args__ = (UniqueConstraint("township", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    township: str = Field(max_length=64, index=True)
    name: str = Field(max_length=64)


class Household(Recorded, table=True):
    __tablename__ = "household"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    head_name: str = Field(max_length=64, index=True)
    id_number: str | None = Field(default=None, max_length=18)
    village_id: int = Field(foreign_key="village.id", index=True)
    size: int
    phone: str | None = Field(default=None, max_length=20)
    since: date
    closed_on: date | None = None
    close_reason: str | None = None


class HouseholdStatus(Recorded, table=True):
    """One row of a household's status history: valid from ``effective_on`` until the next row."""

    __tablename__ = "household_status"
    __table_args__ = (UniqueConstraint("household_id", "effective_on"),)
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    effective_on: date
    tuopin: bool
    monitor_type: str | None = Field(default=None, max_length=16)  # unstable / marginal / sudden
    risk: str | None = Field(default=None, max_length=16)  # open / eliminated (monitored only)
    note: str | None = None


class Cadre(Recorded, table=True):
    __tablename__ = "cadre"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=64, index=True)
    unit: str = Field(max_length=128)
    position: str | None = Field(default=None, max_length=64)
    phone: str | None = Field(default=None, max_length=20)
    leader: bool = False


class Pairing(Recorded, table=True):
    """Cadre ↔ household over [start, end] (end inclusive, open when None)."""

    __tablename__ = "pairing"
    __table_args__ = (
        Index("ix_pairing_household_start", "household_id", "start"),
        Index("ix_pairing_cadre_start", "cadre_id", "start"),
    )
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id")
    cadre_id: int = Field(foreign_key="cadre.id")
    kind: str = Field(max_length=16)  # pair / leader
    start: date
    end: date | None = None
    end_reason: str | None = None
    plaque_on: date | None = None  # 联系牌更换日期


class Role(Recorded, table=True):
    """A village-resident role (first secretary, team member) over [start, end]."""

    __tablename__ = "role"
    __table_args__ = (Index("ix_role_village_start", "village_id", "start"),)
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(foreign_key="cadre.id", index=True)
    village_id: int = Field(foreign_key="village.id")
    role: str = Field(max_length=32)  # first_secretary / team_member
    start: date
    end: date | None = None
    end_reason: str | None = None


class Visit(Recorded, table=True):
    __tablename__ = "visit"
    # The rules engine reads a household's visits from this index alone (covering: no table row
    # is read; migrations/versions/0004_covering_indexes.py).
    __table_args__ = (
        Index("ix_visit_household_date_cover", "household_id", "date", "voided", "mode", "cadre_id"),
        Index("ix_visit_cadre_date", "cadre_id", "date"),
        Index("ix_visit_date", "date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id")
    cadre_id: int = Field(foreign_key="cadre.id")
    date: date
    mode: str = Field(max_length=16)  # home / phone / online
    content: str | None = None
    problems: str | None = None
    measures: str | None = None
    guarantees: str | None = None  # 三保障饮水: 正常/ok, or the issue found
    follow_up: str | None = None
    photo: str | None = None  # file name in the attachments folder (content hash)
    voided: bool = False
    void_reason: str | None = None
    voided_at: datetime | None = None
    voided_by: str | None = Field(default=None, max_length=64)


class Income(Recorded, table=True):
    """A quarter's income record. A correction is a new row; the old one gets ``superseded_by``."""

    __tablename__ = "income"
    # Covering the rules engine's read of income records, as visits' (0004_covering_indexes).
    __table_args__ = (
        Index(
            "ix_income_household_quarter_cover",
            "household_id",
            "quarter",
            "superseded_by",
            "collected_on",
            "late_reason",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id")
    quarter: str = Field(max_length=7, index=True)  # 2023Q1
    collected_on: date
    size: int  # household size when collected (per-capita figures use it)
    wage_fen: int = 0
    business_fen: int = 0
    business_cost_fen: int = 0
    transfer_fen: int = 0
    property_fen: int = 0
    excluded_fen: int = 0
    rigid_expense_fen: int = 0
    collector_id: int | None = Field(default=None, foreign_key="cadre.id")
    note: str | None = None
    late_reason: str | None = None
    correct_reason: str | None = None
    superseded_by: int | None = Field(default=None, foreign_key="income.id")


class Threshold(Recorded, table=True):
    """监测范围: per-capita annual net income line (fen per person per year) for a year and place."""

    __tablename__ = "threshold"
    __table_args__ = (UniqueConstraint("year", "place"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int
    place: str = Field(default="", max_length=64)  # "" = the whole ledger
    amount_fen: int
    source: str | None = None


class Assessment(Recorded, table=True):
    """帮扶成效评估 of a monitored household for a quarter (DOMAIN.md §8)."""

    __tablename__ = "assessment"
    __table_args__ = (Index("ix_assessment_household_quarter", "household_id", "quarter"),)
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id")
    quarter: str = Field(max_length=7)
    assessed_on: date
    conclusion: str = Field(max_length=32)  # continue / strengthen / adjust / eliminate
    reasons: str  # JSON list of reason keys with their figures
    note: str | None = None
    superseded_by: int | None = Field(default=None, foreign_key="assessment.id")


class CalendarDay(Recorded, table=True):
    """A day of the official calendar a county imported: a holiday, or a weekend day worked in
    exchange (调休). Taken before the ``chinese-calendar`` package and the Monday–Friday fallback."""

    __tablename__ = "calendar_day"
    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True)
    kind: str = Field(max_length=16)  # holiday / workday
    name: str | None = Field(default=None, max_length=64)


class Audit(SQLModel, table=True):
    """Who did what, when: every write, and every reveal of personal data."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_uuid"),)
    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, max_length=36, unique=True)
    at: datetime = Field(index=True)
    by: str = Field(max_length=64)
    action: str = Field(max_length=32)  # add / update / close / end / void / supersede / reveal / import
    entity: str = Field(max_length=32)
    entity_uuid: str | None = Field(default=None, max_length=36)
    entity_key: str | None = Field(default=None, max_length=64)  # 户编号, 干部编号, visit id …
    changes: str | None = None  # JSON {field: [old, new]} or a note
    # The chain (storage.audit_chain): the written record's hash, the previous row's, this row's.
    records: str | None = Field(default=None, max_length=64)  # a bulk import's rows: "visit 1-500"
    record_hash: str | None = Field(default=None, max_length=64)
    prev_hash: str | None = Field(default=None, max_length=64)
    row_hash: str | None = Field(default=None, max_length=64)
    # On PostgreSQL ``by`` is the database role that wrote the row (row-level security holds a
    # township role to its own name) and this is the operator's name given with --by.
    operator: str | None = Field(default=None, max_length=64)


class AccessGrant(SQLModel, table=True):
    """A database role's access to one township's records (PostgreSQL; migration 0009_access)."""

    __tablename__ = "access_grant"
    role_name: str = Field(primary_key=True, max_length=64)
    township: str = Field(primary_key=True, max_length=64)
    read_only: bool
    granted_at: datetime
    granted_by: str = Field(max_length=64)


class Peer(SQLModel, table=True):
    """Another ledger this one exchanges files with: its UUID (unknown until a file from it is
    merged), a name given to it, and what was last sent to it and received from it (the highest
    local id of each table sent; the peer's own marks of the newest file merged here)."""

    __tablename__ = "peer"
    id: int | None = Field(default=None, primary_key=True)
    uuid: str | None = Field(default=None, max_length=36, unique=True)
    name: str = Field(max_length=128, index=True)
    sent_at: datetime | None = None
    sent_marks: str | None = None  # JSON {table: highest id sent}
    received_at: datetime | None = None
    received_marks: str | None = None  # JSON: the peer's {table: highest id} of its file


class UuidAlias(SQLModel, table=True):
    """A record another ledger knows by another UUID: the same record was made in both ledgers and
    a merge matched them by natural key. Later files name it by the other UUID."""

    __tablename__ = "uuid_alias"
    uuid: str = Field(primary_key=True, max_length=36)  # the other ledger's
    local_uuid: str = Field(max_length=36, index=True)
    entity: str = Field(max_length=32)


from bangfu_cli.storage import assistance_models  # noqa: E402, F401  (the tables of DOMAIN.md §10)
