"""``bangfu calendar import|show``: the official calendar as data (holidays and 调休 working
days of a year the ``chinese-calendar`` package does not know yet)."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import File, Format
from bangfu_cli.i18n import h, label, t

app = typer.Typer(no_args_is_help=True)


@app.command(
    "import",
    help=h(
        "Import a year's official arrangement (日期, 类型 休息日/工作日, 名称) from a .csv or .xlsx file."
        " Imported days come before the chinese-calendar package and the Monday–Friday fallback.",
        "从 .csv 或 .xlsx 文件导入某年的国家节假日安排（日期、类型 休息日/工作日、名称），"
        "优先于 chinese-calendar 数据和周一至周五的推算。",
    ),
)
def import_(file: File, fmt: Format = "table") -> None:
    from bangfu_cli.cli.import_report import report
    from bangfu_cli.output import check_format
    from bangfu_cli.services.calendar import import_calendar

    fmt = check_format(fmt)
    report(import_calendar(context.ledger(), file), fmt)


@app.command(
    "show",
    help=h(
        "A year's holidays and 调休 working days, and where each came from.",
        "列出某年的节假日和调休上班日及其来源。",
    ),
)
def show(
    year: Annotated[
        int, typer.Argument(help=h("The year, e.g. 2027.", "年份，如 2027。"), min=1900, max=2100)
    ],
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.domain.workdays import chinese_holiday_name
    from bangfu_cli.i18n import current_lang
    from bangfu_cli.output import Column
    from bangfu_cli.services.calendar import show_calendar

    fmt = output.check_format(fmt)
    shown = show_calendar(context.ledger(), year)
    if fmt == "json":
        output.emit_json(shown)
        return
    columns = [
        Column("date", "calendar.col.date"),
        Column("kind", "calendar.col.kind", show=lambda value, row: label("day_kind", value)),
        Column(
            "name",
            "calendar.col.name",
            show=lambda value, row: (chinese_holiday_name(value) if current_lang() == "zh" else value) or "",
        ),
        Column("source", "calendar.col.source", show=lambda value, row: t(f"calendar.source.{value}")),
    ]
    covered = "calendar.covered" if shown["covered"] else "calendar.not_covered"
    note = t(covered, year=year, count=len(shown["days"]))
    if fmt == "table" and not shown["days"]:  # no table to caption: the note alone, on stderr
        output.warn(note)
        return
    output.emit(shown["days"], columns, fmt, caption=note if fmt == "table" else None)
