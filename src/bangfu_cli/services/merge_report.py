"""The conflict report of ``merge``: its rows (one per conflict, both versions, who changed each
and when) and the file ``--report`` names, checked before anything is merged."""

from __future__ import annotations

import json
from pathlib import Path

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.merge import MergeResult


def report_rows(result: MergeResult) -> list[dict]:
    """One row per conflict, for the report file and ``--format json``."""
    return [
        {
            "kind": c.kind,
            "key": c.key,
            "fields": ", ".join(c.fields),
            "ours": json.dumps(c.ours, ensure_ascii=False),
            "theirs": json.dumps(c.theirs, ensure_ascii=False),
            "ours_by": c.ours_by,
            "ours_at": c.ours_at,
            "theirs_by": c.theirs_by,
            "theirs_at": c.theirs_at,
            "source": c.source,
        }
        for c in result.conflicts
    ]


def report_target(path: str, force: bool) -> Path:
    """Where ``--report`` goes, checked before anything is merged (.csv or .json)."""
    from bangfu_cli.exporters.common import check_target

    target = check_target(path, force)
    if target.suffix.lower() not in (".csv", ".json"):
        raise BangfuError("exchange.report_format", path=str(target))
    return target


def write_report(target: Path, rows: list[dict]) -> None:
    from bangfu_cli.exporters.common import atomic_target
    from bangfu_cli.exporters.conflicts import write_report as write

    with atomic_target(target) as tmp:
        write(tmp, rows, "json" if target.suffix.lower() == ".json" else "csv")
