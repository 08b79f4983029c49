"""``bangfu unit import|add|list|show``: units (帮扶单位) and the villages they assist."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.assist_shared import col, voided_col
from bangfu_cli.cli.import_report import report
from bangfu_cli.cli.options import AsOf, File, Format, Township, Village, opt_date
from bangfu_cli.cli.options import opt as _opt
from bangfu_cli.i18n import h, t

app = typer.Typer(no_args_is_help=True)


@app.command(
    "import",
    help=h(
        "Import units and their village links from a .csv or .xlsx file.",
        "从 .csv 或 .xlsx 文件导入帮扶单位及定点帮扶关系。",
    ),
)
def import_(path: File, fmt: Format = "table") -> None:
    from bangfu_cli import output
    from bangfu_cli.services.units import import_units

    fmt = output.check_format(fmt)
    report(import_units(context.ledger(), path), fmt)


@app.command(
    "add",
    help=h(
        "Add a unit, or a village it assists.",
        "新增帮扶单位或其帮扶的村。",
    ),
)
def add(
    code: Annotated[str, _opt("--code", "单位编号.", "单位编号。")],
    name: Annotated[str, _opt("--name", "Unit name.", "单位名称。")],
    level: Annotated[
        str, _opt("--level", "central/provincial/city/county/township.", "层级：中直/省直/市直/县直/乡镇。")
    ] = "",
    township: Annotated[
        str, _opt("--township", "Township of the village assisted.", "帮扶村所在乡镇。")
    ] = "",
    village: Annotated[str, _opt("--village", "Village assisted.", "帮扶的村。")] = "",
    start: Annotated[str, _opt("--start", "First day of the link.", "帮扶开始日期。")] = "",
    end: Annotated[str, _opt("--end", "Last day of the link.", "帮扶结束日期。")] = "",
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.units import add_unit

    fmt = output.check_format(fmt)
    row = {"code": code, "name": name, "level": level, "township": township, "village": village}
    result = add_unit(context.ledger(), {**row, "start": start, "end": end})
    report(result, fmt, added=True)


@app.command(
    "list",
    help=h(
        "List units with the villages they assist and how many cadres name them; say which cadres' "
        "units match no unit.",
        "列出帮扶单位、帮扶的村及所属干部数，并指出单位无法匹配的干部。",
    ),
)
def list_(
    township: Township = None, village: Village = None, as_of: AsOf = None, fmt: Format = "table"
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.units import list_units

    fmt = output.check_format(fmt)
    rows, unmatched = list_units(
        context.ledger(), as_of=opt_date(as_of, "--as-of"), township=township, village=village
    )
    columns = [
        col("code"),
        col("name"),
        col("level", "unit_level"),
        col("villages"),
        col("links", justify="right"),
        col("cadres", justify="right"),
    ]
    output.emit(rows, columns, fmt, caption=t("assist.count", count=len(rows)))
    if unmatched:
        output.warn(t("assist.unmatched_title"))
        for item in unmatched:
            output.warn(t("assist.unmatched_line", unit=item["unit"], cadres="、".join(item["cadres"])))


@app.command(
    "show",
    help=h(
        "One unit with its villages, cadres and activities.",
        "查看一个帮扶单位及其帮扶村、干部和帮扶活动。",
    ),
)
def show(
    unit: Annotated[str, typer.Argument(help=h("单位编号 or exact name.", "单位编号或单位全称。"))],
    as_of: AsOf = None,
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.i18n import label
    from bangfu_cli.services.units import show_unit

    fmt = output.check_format(fmt)
    item = show_unit(context.ledger(), unit, opt_date(as_of, "--as-of"))
    if output.emit_document(item, fmt):
        return
    output.show_record(
        [
            ("assist.col.code", item["code"]),
            ("assist.col.name", item["name"]),
            ("assist.col.level", label("unit_level", item["level"])),
            ("assist.col.cadres", "、".join(f"{c['code']} {c['name']}" for c in item["cadres"])),
            ("assist.col.recorded", f"{item['recorded_at']} {item['recorded_by']}"),
        ],
        title=f"{item['code']} {item['name']}",
    )
    if item["villages"]:
        output.table(item["villages"], [col("township"), col("village"), col("start"), col("end")])
    if item["activities"]:
        output.table(
            item["activities"],
            [
                col("id", justify="right"),
                col("date"),
                col("kind", "activity_kind"),
                col("village"),
                col("content"),
                voided_col(),
            ],
        )
