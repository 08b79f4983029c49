"""``bangfu overdue --summary``: compliance rates by township, village and cadre (each cadre
named beside the code on the screen)."""

from bangfu_cli.i18n import t


def print_summary(result, fmt: str, shown: tuple[str, ...], ledger=None) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import compliance

    levels = {k: v for k, v in compliance.compliance(result.findings, result.met).items() if k in shown}
    counts = compliance.status_counts(result.findings, result.met).values()
    met = sum(c["met"] for c in counts)
    over = sum(c["overdue"] for c in counts)
    due = sum(c["due"] for c in counts)
    judged = met + over
    total = {
        "met": met,
        "overdue": over,
        "due": due,
        "required": judged,
        "rate": round(met / judged, 4) if judged else None,
    }
    if fmt == "json":
        output.emit_json(
            {
                "as_of": result.as_of.isoformat(),
                "since": result.since.isoformat(),
                "profile": result.profile.id,
                "total": total,
                **levels,
            }
        )
        return
    keys = ["level", "township", "village", "cadre", "met", "overdue", "due", "required", "rate"]
    if fmt == "csv":
        rows = [{"level": "total", **total}] + [r for level in levels.values() for r in level]
        output.emit_csv(rows, keys)
        return

    _summary_tables(levels, ledger)
    rate = total["rate"]
    output.message(
        t(
            "rules.summary_total",
            met=met,
            required=judged,
            rate="—" if rate is None else f"{rate:.1%}",
            due=due,
        )
    )


def _summary_tables(levels: dict, ledger) -> None:
    """The summary's tables on the screen: each level's rows, cadres named beside their codes."""
    from bangfu_cli import output

    def rate(v, r):
        return "" if v is None else f"{v:.1%}"

    numbers = [
        output.Column("met", "rules.col.met", justify="right"),
        output.Column("overdue", "rules.col.overdue", justify="right"),
        output.Column("due", "rules.col.due", justify="right"),
        output.Column("required", "rules.col.required", justify="right"),
        output.Column("rate", "rules.col.rate", justify="right", show=rate),
    ]
    firsts = {
        "township": [output.Column("township", "rules.col.township")],
        "village": [
            output.Column("township", "rules.col.township"),
            output.Column("village", "rules.col.village"),
        ],
        "cadre": [
            output.Column("cadre", "rules.col.cadre", no_wrap=True),
            output.Column("cadre_name", "rules.col.cadre_name"),
        ],
    }
    if levels.get("cadre") and ledger is not None:  # the table names each cadre beside the code
        names = _cadre_names(ledger)
        levels["cadre"] = [{**row, "cadre_name": names.get(row.get("cadre"), "")} for row in levels["cadre"]]
    for level, rows in levels.items():
        if rows:
            output.table(rows, firsts[level] + numbers, title=t(f"rules.summary_{level}"))


def _cadre_names(ledger) -> dict[str, str]:
    from bangfu_cli.services.cadres import list_cadres
    from bangfu_cli.services.households import Selection

    return {row["code"]: row["name"] for row in list_cadres(ledger, Selection())}
