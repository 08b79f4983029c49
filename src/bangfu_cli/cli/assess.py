"""``bangfu assess``: the quarterly 帮扶成效评估 — proposals with reasons, ``--save`` to record them,
and ``assess list``."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import Format, Township, Village, Wide
from bangfu_cli.i18n import h, t

assess_app = typer.Typer(invoke_without_command=True)


def reasons_text(reasons: list[dict]) -> str:
    parts = []
    for r in reasons:
        params = {k: v for k, v in r.items() if k != "key"}
        text = t(f"assess.reason.{r['key']}", **params)
        if r.get("estimated"):
            text += t("assess.estimated_suffix")
        parts.append(text)
    return "；".join(parts)


def _columns():
    from bangfu_cli import output

    return [
        output.Column("village", "assess.col.village"),
        output.Column("household", "assess.col.household", no_wrap=True),
        output.Column("head_name", "assess.col.head_name"),
        output.Column("quarter", "assess.col.quarter", no_wrap=True),
        output.Column("conclusion", "assess.col.conclusion", show=lambda v, _r: t(f"assess.conclusion.{v}")),
        output.Column("reasons", "assess.col.reasons", show=lambda v, _r: reasons_text(v)),
    ]


@assess_app.callback()
def assess(
    ctx: typer.Context,
    quarter: Annotated[
        str | None, typer.Option("--quarter", "-q", help=h("Quarter, e.g. 2026Q3.", "季度，如 2026Q3。"))
    ] = None,
    save: Annotated[
        bool,
        typer.Option("--save", help=h("Record the proposed conclusions.", "记录评估结论。")),
    ] = False,
    on: Annotated[
        str | None,
        typer.Option("--on", help=h("Assessment date (default today).", "评估日期（默认今天）。")),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help=h("Note.", "备注。"))] = None,
    township: Township = None,
    village: Village = None,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    """Propose (and with --save record) the quarter's assessment of every 监测对象."""
    if ctx.invoked_subcommand:
        return
    from bangfu_cli import output
    from bangfu_cli.cli.import_report import say_warnings, warnings_json
    from bangfu_cli.domain.errors import BangfuError
    from bangfu_cli.services import assess as svc

    if not quarter:
        raise BangfuError("assess.quarter_needed")
    output.check_format(fmt)
    ledger = context.ledger()
    if save:
        rows = svc.save(ledger, quarter, on, township, village, note)
    else:
        rows = svc.propose(ledger, quarter, township, village)
    warnings = []
    for row in rows:
        row.pop("household_id", None)
        if save:  # the same for every row saved: said once, carried by each item of the JSON
            warnings = row["warnings"]
            row["warnings"] = warnings_json(warnings)
    say_warnings(warnings)
    counts = {
        c: sum(1 for r in rows if r["conclusion"] == c)
        for c in ("continue", "strengthen", "adjust", "eliminate")
    }
    caption = t("assess.caption", total=len(rows), **counts)
    output.emit(rows, _columns(), fmt, title=t("assess.title", quarter=quarter), caption=caption)
    if save:
        output.success(t("assess.saved", count=len(rows), quarter=quarter))


@assess_app.command("list", help=h("Recorded assessments.", "已记录的评估。"))
def assess_list(
    quarter: Annotated[
        str | None, typer.Option("--quarter", "-q", help=h("Only this quarter.", "只看该季度。"))
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help=h("Include superseded assessments.", "包括已被替代的评估。"))
    ] = False,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import assess as svc

    output.check_format(fmt)
    rows = svc.list_assessments(context.ledger(), quarter, everything)
    columns = [
        *_columns(),
        output.Column("assessed_on", "assess.col.assessed_on", wide=True),
        output.Column("recorded_by", "assess.col.recorded_by", wide=True),
    ]
    output.emit(rows, columns, fmt)
