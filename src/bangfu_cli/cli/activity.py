"""``bangfu activity import|add|list|void``: what units did (单位帮扶活动)."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.assist_shared import amount_col, col, voided_col, voided_message
from bangfu_cli.cli.import_report import report
from bangfu_cli.cli.options import File, Format, Township, Village, opt_date
from bangfu_cli.cli.options import opt as _opt
from bangfu_cli.i18n import h, t

app = typer.Typer(no_args_is_help=True)

KINDS = "plan/study/principal_visit/deputy_visit/team_report/summary/consumption"
KINDS_ZH = "帮扶计划/研究部署/主要负责同志调研/班子成员调研/听取驻村汇报/季度工作总结/消费帮扶"


@app.command(
    "import",
    help=h(
        "Import unit activities from a .csv or .xlsx file.",
        "从 .csv 或 .xlsx 文件导入单位帮扶活动。",
    ),
)
def import_(path: File, fmt: Format = "table") -> None:
    from bangfu_cli import output
    from bangfu_cli.services.activities import import_activities

    fmt = output.check_format(fmt)
    report(import_activities(context.ledger(), path), fmt)


@app.command(
    "add",
    help=h(
        "Record one unit activity.",
        "登记一次单位帮扶活动。",
    ),
)
def add(
    unit: Annotated[str, _opt("--unit", "单位编号 (or the unit's exact name).", "单位编号（或单位全称）。")],
    kind: Annotated[str, _opt("--kind", KINDS + ".", KINDS_ZH + "。")],
    day: Annotated[str, _opt("--date", "Date of the activity.", "活动日期。")],
    township: Annotated[str, _opt("--township", "Township of the village.", "村所在乡镇。")] = "",
    village: Annotated[
        str,
        _opt(
            "--village", "Village (empty: every village the unit assists).", "村（空：该单位帮扶的所有村）。"
        ),
    ] = "",
    people: Annotated[str, _opt("--people", "Who took part.", "参加人员。")] = "",
    content: Annotated[str, _opt("--content", "What was done.", "内容。")] = "",
    amount: Annotated[str, _opt("--amount", "Amount in yuan.", "金额（元）。")] = "",
    attachment: Annotated[
        str, _opt("--attachment", "A file to attach (photo, minutes).", "附件（照片、会议纪要）。")
    ] = "",
    for_: Annotated[
        str,
        _opt("--for", "The period it counts for: 2026, 2026H1, 2026Q1.", "所属期间：2026、2026H1、2026Q1。"),
    ] = "",
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.activities import add_activity

    fmt = output.check_format(fmt)
    row = {"unit": unit, "kind": kind, "date": day, "township": township, "village": village}
    row |= {"people": people, "content": content, "amount": amount, "attachment": attachment, "for": for_}
    report(add_activity(context.ledger(), row), fmt, added=True)


def _columns():
    return [
        col("id", justify="right"),
        col("date"),
        col("unit"),
        col("unit_name"),
        col("kind", "activity_kind"),
        col("township"),
        col("village"),
        col("content"),
        amount_col(),
        col("for"),
        voided_col(),
    ]


@app.command(
    "list",
    help=h(
        "List unit activities.",
        "列出单位帮扶活动。",
    ),
)
def list_(
    unit: Annotated[str | None, _opt("--unit", "Only this unit.", "只看该单位。")] = None,
    township: Township = None,
    village: Village = None,
    kind: Annotated[str | None, _opt("--kind", "Only this kind.", "只看该类型。")] = None,
    date_from: Annotated[str | None, _opt("--from", "From this date.", "起始日期。")] = None,
    date_to: Annotated[str | None, _opt("--to", "Up to this date.", "截止日期。")] = None,
    voided: Annotated[bool, _opt("--voided", "Only voided activities.", "只看已作废的活动。")] = False,
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.activities import list_activities

    fmt = output.check_format(fmt)
    rows = list_activities(
        context.ledger(),
        unit=unit,
        township=township,
        village=village,
        kind=kind,
        date_from=opt_date(date_from, "--from"),
        date_to=opt_date(date_to, "--to"),
        voided=voided,
    )
    output.emit(rows, _columns(), fmt, caption=t("assist.count", count=len(rows)))


@app.command(
    "void",
    help=h(
        "Void a wrong activity (the row is kept).",
        "作废一条错误的帮扶活动（记录保留）。",
    ),
)
def void(
    activity_id: Annotated[int, typer.Argument(help=h("Activity id.", "活动编号。"))],
    reason: Annotated[str, _opt("--reason", "Why it is voided.", "作废原因。")],
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.activities import void_activity

    fmt = output.check_format(fmt)
    row = void_activity(context.ledger(), activity_id, reason)
    if not output.emit_document(row, fmt):
        output.success(voided_message("unit_activity", activity_id))
