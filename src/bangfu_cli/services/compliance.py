"""Summaries of a run of the rules (compliance rate by township, village, cadre; counts per
rule) and the one-line meaning of a finding. Running the rules is ``services.runner``'s."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from bangfu_cli.rules.findings import DUE, MET, OVERDUE, Finding
from bangfu_cli.services.runner import RunResult, check_rule_ids, run_rules

__all__ = ["RunResult", "check_rule_ids", "compliance", "run_rules", "status_counts"]


# --- summaries -------------------------------------------------------------------------------------


def _tallies(findings: Iterable[Finding], met: Counter | None) -> Iterable[tuple[tuple, str, int]]:
    """(met_key, status, count) for every listed finding and every tallied met one."""
    for f in findings:
        yield (f.rule, f.township, f.village, f.cadre, f.late), f.status, 1
    if met:
        for key, n in met.items():
            yield key, MET, n


def compliance(findings: Iterable[Finding], met: Counter | None = None) -> dict[str, list[dict[str, Any]]]:
    """Compliance rate = met periods ÷ judged periods (met + overdue), by township, village and
    cadre; periods still running and not yet met (due) are counted apart and not in the rate.
    ``met``: met findings tallied by ``run_rules(keep_met=False)``, counted as if listed."""
    levels: dict[str, dict[tuple, dict[str, Any]]] = {"township": {}, "village": {}, "cadre": {}}
    for (_rule, township, village, cadre, _late), status, n in _tallies(findings, met):
        keys = {
            "township": (township,) if township else None,
            "village": (township, village) if village else None,
            "cadre": (cadre,) if cadre else None,
        }
        for level, key in keys.items():
            if key is None:
                continue
            row = levels[level].setdefault(key, _blank(level, key))
            row[status] += n
    out: dict[str, list[dict[str, Any]]] = {}
    for level, rows in levels.items():
        listed = []
        for key in sorted(rows, key=lambda k: tuple(x or "" for x in k)):
            row = rows[key]
            judged = row[MET] + row[OVERDUE]
            row["required"] = judged
            row["rate"] = round(row[MET] / judged, 4) if judged else None
            listed.append(row)
        out[level] = listed
    return out


def _blank(level: str, key: tuple) -> dict[str, Any]:
    row: dict[str, Any] = {"level": level}
    if level == "township":
        row["township"] = key[0]
    elif level == "village":
        row["township"], row["village"] = key
    else:
        row["cadre"] = key[0]
    row.update({MET: 0, OVERDUE: 0, DUE: 0})
    return row


def status_counts(findings: Iterable[Finding], met: Counter | None = None) -> dict[str, dict[str, int]]:
    """Per rule: how many findings are met, due and overdue (``met`` as in ``compliance``)."""
    counts: dict[str, dict[str, int]] = {}
    for (rule, *_rest, late), status, n in _tallies(findings, met):
        row = counts.setdefault(rule, {MET: 0, DUE: 0, OVERDUE: 0, "late": 0})
        row[status] += n
        if late:
            row["late"] += n
    return counts
