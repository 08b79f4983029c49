"""The other kinds of assistance of a synthetic county (``bangfu demo --households N``): read what
the county generator wrote (villages, resident roles, pairing cadres' units), draw the units,
village links, activities, trainings, partner county and contributions
(``generator.assistance``), write them in one transaction. One call,
``generate_assistance(ledger, start=…, end=…, seed=…)``, after the county is written."""

from __future__ import annotations

from datetime import date
from typing import Any

TABLES = ("unit", "unit_village", "unit_activity", "training", "partner", "partner_activity", "contribution")


def generate_assistance(ledger: Any, *, start: date, end: date, seed: int = 1) -> dict[str, int]:
    """Write the county's units, links, activities, trainings, partner and contributions for
    [start, end] in one transaction; nothing when the ledger already has units. Returns counts."""
    from bangfu_cli.storage import assistance as store

    with ledger.read() as session:
        inputs = store.synthetic_inputs(session)
    if inputs["has_units"] or not inputs["villages"]:
        return {}
    from bangfu_cli.generator.assistance import plan_assistance

    rows = plan_assistance(inputs, seed=seed, start=start, end=end, operator=ledger.operator)
    counts = {}
    with ledger.write() as session:
        for entity in TABLES:
            counts[entity] = store.insert_rows(session, entity, rows.get(entity, []))
        ledger.audit(session, "import", "demo", key=f"assistance seed {seed}", changes=dict(counts))
    return counts
