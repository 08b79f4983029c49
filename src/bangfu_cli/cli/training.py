"""``bangfu training import|add|list|void``: trainings of resident cadres (驻村干部培训)."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.assist_shared import col, opt_year, voided_col, voided_message
from bangfu_cli.cli.import_report import report
from bangfu_cli.cli.options import File, Format
from bangfu_cli.cli.options import opt as _opt
from bangfu_cli.i18n import h, t

app = typer.Typer(no_args_is_help=True)


@app.command(
    "import",
    help=h(
        "Import trainings from a .csv or .xlsx file.",
        "从 .csv 或 .xlsx 文件导入驻村干部培训。",
    ),
)
def import_(path: File, fmt: Format = "table") -> None:
    from bangfu_cli import output
    from bangfu_cli.services.trainings import import_trainings

    fmt = output.check_format(fmt)
    report(import_trainings(context.ledger(), path), fmt)


@app.command(
    "add",
    help=h(
        "Record one training.",
        "登记一次培训。",
    ),
)
def add(
    cadre: Annotated[str, _opt("--cadre", "干部编号.", "干部编号。")],
    name: Annotated[str, _opt("--name", "Name of the training.", "培训名称。")],
    level: Annotated[
        str,
        _opt("--level", "national/provincial/city/county/township.", "层级：国家级/省级/市级/县级/乡镇级。"),
    ],
    start: Annotated[str, _opt("--start", "First day.", "开始日期。")],
    end: Annotated[str, _opt("--end", "Last day.", "结束日期。")],
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.trainings import add_training

    fmt = output.check_format(fmt)
    row = {"cadre": cadre, "name": name, "level": level, "start": start, "end": end}
    report(add_training(context.ledger(), row), fmt, added=True)


@app.command(
    "list",
    help=h(
        "List trainings (a training across 31 December is in both years).",
        "列出培训（跨年的培训两年都列出）。",
    ),
)
def list_(
    cadre: Annotated[str | None, _opt("--cadre", "Only this cadre.", "只看该干部。")] = None,
    year: Annotated[
        str | None, _opt("--year", "Only trainings with days in this year.", "只看该年的培训。")
    ] = None,
    voided: Annotated[bool, _opt("--voided", "Only voided trainings.", "只看已作废的培训。")] = False,
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.trainings import list_trainings

    fmt = output.check_format(fmt)
    rows = list_trainings(context.ledger(), cadre=cadre, year=opt_year(year), voided=voided)
    columns = [
        col("id", justify="right"),
        col("cadre"),
        col("cadre_name"),
        col("name"),
        col("level", "training_level"),
        col("start"),
        col("end"),
        col("days", justify="right"),
        voided_col(),
    ]
    output.emit(rows, columns, fmt, caption=t("assist.count", count=len(rows)))


@app.command(
    "void",
    help=h(
        "Void a wrong training (the row is kept).",
        "作废一条错误的培训记录（记录保留）。",
    ),
)
def void(
    training_id: Annotated[int, typer.Argument(help=h("Training id.", "培训编号。"))],
    reason: Annotated[str, _opt("--reason", "Why it is voided.", "作废原因。")],
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.trainings import void_training

    fmt = output.check_format(fmt)
    row = void_training(context.ledger(), training_id, reason)
    if not output.emit_document(row, fmt):
        output.success(voided_message("training", training_id))
