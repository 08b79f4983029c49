"""The quarterly summary's sections on the other kinds of assistance (DOMAIN.md §10): a section
per unit — its villages, what it did in the quarter (activities by kind) and what it still owes
(the unit rules' findings that are not met, from the same run of the rules as the rest of the
report) — and one for the county pairing (the partner, its activities of the quarter, funds
disbursed and spent in yuan, the SZ11 findings that are not met).

A township's report shows the units that assist its villages, each with everything it owes there:
its findings for the township's villages and its own duties, which have no village (a plan, a
study; the township's run of the rules leaves those out, so they are judged again for the whole
ledger, the unit rules alone). The county pairing is the county's: it is in the county's report
only."""

from __future__ import annotations

from typing import Any

from bangfu_cli.domain import vocab
from bangfu_cli.domain.reports import QuarterReport

OWED = ("overdue", "due")


def _yuan(fen: int) -> float:
    return fen / 100


def _in_order(counts: dict[str, tuple[int, int]], kinds: dict) -> dict[str, int]:
    """{kind: count} in the vocabulary's order (the order of the document's list)."""
    return {k: counts[k][0] for k in kinds if k in counts}


def _owed(findings: list, subject: str) -> list:
    keep = [f for f in findings if f.subject == subject and f.status in OWED]
    return sorted(keep, key=lambda f: (f.unit or "", f.rule, f.period or "", f.village or ""))


def report_assistance(
    ledger: Any, rep: QuarterReport, period: Any, township: str | None, findings: list
) -> None:
    """Fill ``rep.units`` and ``rep.county_pair``; ``findings``: the report's run of the rules."""
    from bangfu_cli.storage.assistance_quarter import pair_quarter, unit_quarter

    with ledger.read() as session:
        units = unit_quarter(session, period.start, period.end, township)
        pair = pair_quarter(session, period.start, period.end)
    if township is not None and units:
        findings = _unit_findings(ledger, rep.as_of, period.start, township)
    owed_by_unit: dict[str, list] = {}
    for f in _owed(findings, "unit"):
        owed_by_unit.setdefault(f.unit or "", []).append(f.to_json())
    rep.units = [
        {
            "unit": u["code"],
            "name": u["name"],
            "level": u["level"],
            "villages": [
                {
                    "township": town,
                    "village": name,
                    "start": start.isoformat(),
                    "end": end.isoformat() if end else None,
                }
                for town, name, start, end in u["villages"]
            ],
            "activities": _in_order(u["activities"], vocab.ACTIVITY_KINDS),
            "activity_count": sum(n for n, _ in u["activities"].values()),
            "amount": _yuan(sum(fen for _, fen in u["activities"].values())),
            "owes": owed_by_unit.get(u["code"], []),
        }
        for u in units
    ]
    if township is not None:
        return
    acts = pair["activities"]
    partners = pair["partners"]
    rep.county_pair = {
        "partner": partners[-1][0] if partners else None,
        "partners": [
            {"name": name, "start": start.isoformat(), "end": end.isoformat() if end else None}
            for name, start, end in partners
        ],
        "activities": _in_order(acts, vocab.PARTNER_KINDS),
        "funds_disbursed": _yuan(acts.get("funds_disbursed", (0, 0))[1]),
        "funds_spent": _yuan(acts.get("funds_spent", (0, 0))[1]),
        "findings": [f.to_json() for f in _owed(findings, "county_pair")],
    }


def _unit_findings(ledger: Any, as_of: Any, since: Any, township: str) -> list:
    """The unit rules' findings for ``township``'s villages and those with no village."""
    from bangfu_cli.rules.engine import selected_rules
    from bangfu_cli.rules.needs import ASSISTANCE_KINDS
    from bangfu_cli.services.runner import run_rules

    ids = [r.id for r in selected_rules(ledger.profile, None) if r.kind in ASSISTANCE_KINDS]
    if not ids:
        return []
    found = run_rules(ledger, as_of, since=since, rule_ids=ids).findings
    return [f for f in found if f.village is None or f.township == township]
