"""Which tables travel between ledgers (``export ledger`` / ``merge``), and how each is matched.

One line per table. The columns, their types and the foreign keys come from the tables'
SQLAlchemy metadata (``storage.models``); this spec adds only what the metadata cannot say:

- ``kind``: ``master`` — a record that is edited (its edits are audited): matched, and when both
  sides changed it since they last met, a conflict; ``append`` — a record that is only added, and
  at most marked once later (a visit's void, an income record's correction: ``settable``); the
  union of both sides is kept; ``audit`` — the audit trail, a union by UUID.
- ``natural``: the natural key (the one the imports use) matched when the UUID is not found;
  foreign-key columns in it are compared as the records they point to.
- ``scope``: how a ``--township`` export selects the table's rows: ``("township", column)``,
  ``("parent", fk_column)`` (the rows whose parent is selected), ``("referenced",)`` (the rows the
  selected rows of other tables point to: cadres, units — a table selected as their child,
  ``("parent", …)`` of them, does not select them back), ``("all",)`` or ``("audit",)`` (the audit rows
  of every selected record).

A table that joins the ledger joins the exchange by adding its line here; ``LOCAL`` names the
tables that stay in their ledger (a test checks that every table is in one or the other)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    name: str
    kind: str  # master / append / audit
    natural: tuple[str, ...] = ()
    scope: tuple[str, ...] = ("all",)
    settable: tuple[str, ...] = ()  # append: columns set once after the record was added
    compare: tuple[str, ...] = ()  # of ``settable``: those that must agree when both sides set them


VOID = ("voided", "void_reason", "voided_at", "voided_by")

SPECS: tuple[TableSpec, ...] = (
    TableSpec("village", "master", ("township", "name"), ("township", "township")),
    TableSpec("cadre", "master", ("code",), ("referenced",)),
    TableSpec("household", "master", ("code",), ("parent", "village_id")),
    TableSpec("household_status", "master", ("household_id", "effective_on"), ("parent", "household_id")),
    TableSpec("pairing", "master", ("household_id", "cadre_id", "kind", "start"), ("parent", "household_id")),
    TableSpec("role", "master", ("cadre_id", "role", "village_id", "start"), ("parent", "village_id")),
    TableSpec("threshold", "master", ("year", "place")),
    TableSpec("calendar_day", "master", ("day",)),
    TableSpec(
        "visit",
        "append",
        ("household_id", "cadre_id", "date", "mode", "content"),
        ("parent", "household_id"),
        settable=VOID,
        compare=("void_reason",),
    ),
    TableSpec(
        "income",
        "append",
        ("household_id", "quarter", "collected_on"),
        ("parent", "household_id"),
        settable=("superseded_by",),
        compare=("superseded_by",),
    ),
    TableSpec(
        "assessment",
        "append",
        ("household_id", "quarter", "assessed_on"),
        ("parent", "household_id"),
        settable=("superseded_by",),
        compare=("superseded_by",),
    ),
    # The other kinds of assistance (DOMAIN.md §10). Each is edited by a re-import (a changed
    # non-key field is an audited update) and voided with a reason: masters. A township's export
    # carries the units linked to its villages (with all their links and activities) and the
    # trainings of the cadres it carries; the county pairing is the county's, carried whole.
    TableSpec("unit", "master", ("code",), ("referenced",)),
    TableSpec("unit_village", "master", ("unit_id", "village_id", "start"), ("parent", "village_id")),
    TableSpec(
        "unit_activity",
        "master",
        ("unit_id", "kind", "date", "village_id", "content"),
        ("parent", "unit_id"),
    ),
    TableSpec("training", "master", ("cadre_id", "name", "start"), ("parent", "cadre_id")),
    TableSpec("partner", "master", ("name", "start")),
    TableSpec("partner_activity", "master", ("kind", "date", "cadre", "people", "content")),
    TableSpec(
        "contribution", "master", ("contributor", "date", "form", "amount_fen"), ("township", "township")
    ),
    TableSpec("audit", "audit", scope=("audit",)),
)

# The ledger's own: its profile and UUID, whom it exchanges with, and the other UUIDs of its records.
LOCAL = ("setting", "peer", "uuid_alias")
# Grants name the database roles of one server (``bangfu access``): never exchanged.
LOCAL += ("access_grant",)

BY_NAME = {spec.name: spec for spec in SPECS}
