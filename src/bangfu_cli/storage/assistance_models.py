"""The tables of the other kinds of assistance (DOMAIN.md §10): units (帮扶单位) and their village
links (定点帮扶关系), unit activities, trainings of resident cadres, the county's partner county
(县域结对) with the pairing's activities, and social contributions (社会帮扶).

As every table of the ledger: a stable ``uuid``, ``recorded_at`` / ``recorded_by``, nothing
deleted — a wrong record is voided with a reason, keeping who voided it and when. Amounts are
integer fen. A cadre's unit stays the text of ``cadre.unit``; it is matched to a unit by code,
then by exact name, when read (``domain.unit_match``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from bangfu_cli.storage.ids import new_uuid


class Recorded(SQLModel):
    """The columns every record has, as ``storage.models.Recorded`` (that module imports this
    one to register these tables; importing it back would close a circle)."""

    uuid: str = Field(default_factory=new_uuid, max_length=36, unique=True)
    recorded_at: dt.datetime
    recorded_by: str = Field(max_length=64)


class Voidable(SQLModel):
    voided: bool = False
    void_reason: str | None = None
    voided_at: dt.datetime | None = None
    voided_by: str | None = Field(default=None, max_length=64)


class Unit(Recorded, table=True):
    """帮扶单位: key ``code`` (单位编号)."""

    __tablename__ = "unit"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=128, index=True)
    level: str | None = Field(default=None, max_length=16)  # central/provincial/city/county/township


class UnitVillage(Recorded, Voidable, table=True):
    """定点帮扶关系: the unit assists the village over [start, end] (end inclusive, open when None)."""

    __tablename__ = "unit_village"
    __table_args__ = (
        Index("ix_unit_village_unit_start", "unit_id", "start"),
        Index("ix_unit_village_village_start", "village_id", "start"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    village_id: int = Field(foreign_key="village.id")
    start: dt.date
    end: dt.date | None = None


class UnitActivity(Recorded, Voidable, table=True):
    """单位帮扶活动: a plan, a study meeting, a visit, a report heard, a summary, a purchase.
    ``village_id`` None: it concerns every village the unit assists on ``date``.
    ``for_period`` (``2023``, ``2023H1``, ``2023Q1``): the period it counts for, when not the one
    containing ``date``."""

    __tablename__ = "unit_activity"
    __table_args__ = (Index("ix_unit_activity_unit_date", "unit_id", "date"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    kind: str = Field(max_length=24)
    date: dt.date = Field(index=True)
    village_id: int | None = Field(default=None, foreign_key="village.id")
    people: str | None = None
    content: str | None = None
    amount_fen: int = 0
    attachment: str | None = None  # file name in the attachments folder (content hash)
    for_period: str | None = Field(default=None, max_length=8)


class Training(Recorded, Voidable, table=True):
    """驻村干部培训: a training a cadre attended, first and last day included."""

    __tablename__ = "training"
    __table_args__ = (Index("ix_training_cadre_start", "cadre_id", "start"),)
    id: int | None = Field(default=None, primary_key=True)
    cadre_id: int = Field(foreign_key="cadre.id")
    name: str = Field(max_length=128)
    level: str = Field(max_length=16)  # national/provincial/city/county/township
    start: dt.date
    end: dt.date


class Partner(Recorded, Voidable, table=True):
    """县域结对: the county's partner county over [start, end] (one at a time)."""

    __tablename__ = "partner"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64)
    start: dt.date = Field(index=True)
    end: dt.date | None = None


class PartnerActivity(Recorded, Voidable, table=True):
    """县域结对活动. A ``secondment`` is a span [date, end] (open when ``end`` is None); the other
    kinds are one day. ``cadre`` is the seconded cadre's code as written (he may belong to the
    partner county, so it is not a reference to ``cadre``). It counts for the partner active on
    its date, found when read."""

    __tablename__ = "partner_activity"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=24)
    date: dt.date = Field(index=True)
    end: dt.date | None = None
    cadre: str | None = Field(default=None, max_length=32)
    amount_fen: int = 0
    people: str | None = None
    content: str | None = None


class Contribution(Recorded, Voidable, table=True):
    """社会帮扶: one contribution of an enterprise, organisation or person."""

    __tablename__ = "contribution"
    __table_args__ = (Index("ix_contribution_contributor_date", "contributor", "date"),)
    id: int | None = Field(default=None, primary_key=True)
    contributor: str = Field(max_length=128)
    contributor_kind: str = Field(max_length=16)  # enterprise/organisation/person
    date: dt.date = Field(index=True)
    form: str | None = Field(default=None, max_length=64)
    amount_fen: int = 0
    hours: float = 0.0
    beneficiaries: int = 0
    township: str | None = Field(default=None, max_length=64)
    village_id: int | None = Field(default=None, foreign_key="village.id")
    result: str | None = None
