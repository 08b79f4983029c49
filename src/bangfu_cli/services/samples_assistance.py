"""Loading the sample township's records of the other kinds of assistance (``samples/units.csv``
and the files after it; ``samples/generate_assistance.py`` writes them): units, activities,
trainings, the partner county and its activities, social contributions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

ASSISTANCE_FILES = ("units.csv", "activities.csv", "trainings.csv", "partner.csv", "contributions.csv")
# The sample county's partner county and since when (samples/README.md).
PARTNER = ("深圳市龙华区", date(2021, 6, 1))


def load_assistance_samples(ledger: Any, folder: Path) -> list[Any]:
    """Import the files in dependency order (units before their activities; the partner county
    before its activities); the result of each file, its warnings included (the samples carry
    two on purpose). A folder without them (an older installation) loads nothing."""
    from bangfu_cli.services.activities import import_activities
    from bangfu_cli.services.partner import import_partner_activities, set_partner
    from bangfu_cli.services.social import import_contributions
    from bangfu_cli.services.trainings import import_trainings
    from bangfu_cli.services.units import import_units

    if not (folder / "units.csv").exists():
        return []
    results = []
    for name, func in (
        ("units.csv", import_units),
        ("activities.csv", import_activities),
        ("trainings.csv", import_trainings),
    ):
        results.append(func(ledger, folder / name))
    set_partner(ledger, PARTNER[0], PARTNER[1])
    for name, func in (
        ("partner.csv", import_partner_activities),
        ("contributions.csv", import_contributions),
    ):
        results.append(func(ledger, folder / name))
    return results
