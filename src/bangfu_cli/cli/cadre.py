"""``bangfu cadre add|import|list|show``."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.household import (
    bool_show,
    col,
    emit_masked,
    enum_show,
    opt_date,
    selection,
)
from bangfu_cli.cli.import_report import report
from bangfu_cli.cli.options import (
    AsOf,
    Category,
    File,
    Format,
    HouseholdOpt,
    Reveal,
    Risk,
    Township,
    Village,
    Wide,
)
from bangfu_cli.i18n import h, t

app = typer.Typer(no_args_is_help=True)


@app.command("add", help=h("Add one cadre.", "新增一名干部。"))
def add(
    code: Annotated[str, typer.Option("--code", help=h("干部编号.", "干部编号。"))],
    name: Annotated[str, typer.Option("--name", help=h("Name.", "姓名。"))],
    unit: Annotated[str, typer.Option("--unit", help=h("Work unit.", "单位。"))],
    position: Annotated[str, typer.Option("--position", help=h("Position.", "职务。"))] = "",
    phone: Annotated[str, typer.Option("--phone", help=h("Phone.", "联系电话。"))] = "",
    leader: Annotated[bool, typer.Option("--leader", help=h("A county-level leader.", "县级领导。"))] = False,
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.cli.import_report import report_record
    from bangfu_cli.services.cadres import add_cadre

    row = {
        "code": code,
        "name": name,
        "unit": unit,
        "position": position,
        "phone": phone,
        "leader": "1" if leader else "0",
    }
    fmt = output.check_format(fmt)
    values = add_cadre(context.ledger(), row)
    warnings = values.pop("warnings")
    said = t("records.cadre_added", code=values["code"], name=values["name"])
    report_record(warnings, fmt, values, lambda: output.success(said))


@app.command("import", help=h("Import cadres from a .csv or .xlsx file.", "从 .csv 或 .xlsx 文件导入干部。"))
def import_(file: File, fmt: Format = "table") -> None:
    from bangfu_cli.output import check_format
    from bangfu_cli.services.imports import import_cadres

    fmt = check_format(fmt)
    report(import_cadres(context.ledger(), file), fmt)


@app.command(
    "list", help=h("List cadres and how many households each is paired with.", "列出干部及结对户数。")
)
def list_(
    township: Township = None,
    village: Village = None,
    household: HouseholdOpt = None,
    category: Category = None,
    risk: Risk = None,
    cadre: Annotated[str | None, typer.Option("--cadre", help=h("Only this cadre.", "只看该干部。"))] = None,
    as_of: AsOf = None,
    reveal: Reveal = False,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.cadres import list_cadres

    output.check_format(fmt)
    sel = selection(township, village, cadre, household, category, risk, as_of)
    ledger = context.ledger()
    rows = list_cadres(ledger, sel)
    columns = [
        col("code"),
        col("name"),
        col("unit"),
        col("position", wide=True),
        col("phone", wide=True),
        col("leader", bool_show),
        col("households", justify="right"),
    ]
    emit_masked(ledger, rows, columns, fmt, reveal, "cadre list", caption=t("records.count", count=len(rows)))


@app.command("show", help=h("One cadre with pairings and roles.", "查看一名干部及其结对与驻村任职。"))
def show(
    cadre: Annotated[str, typer.Argument(help=h("干部编号 or name.", "干部编号或姓名。"))],
    as_of: AsOf = None,
    reveal: Reveal = False,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.cadres import show_cadre
    from bangfu_cli.services.privacy import mask_record, record_reveal

    fmt = output.check_format(fmt)
    ledger = context.ledger()
    item = mask_record(show_cadre(ledger, cadre, opt_date(as_of, "--as-of")), reveal)
    if reveal:
        record_reveal(ledger, f"cadre {item['code']}", 1)
    if output.emit_document(item, fmt):
        return
    output.show_record(
        [
            ("records.col.code", item["code"]),
            ("records.col.name", item["name"]),
            ("records.col.unit", item["unit"]),
            ("records.col.position", item["position"]),
            ("records.col.phone", item["phone"]),
            ("records.col.leader", item["leader"]),
            ("records.col.households", item["households"]),
        ],
        title=f"{item['code']} {item['name']}",
    )
    output.table(
        item["pairings"],
        [
            col("household"),
            col("head_name"),
            col("village"),
            col("kind", enum_show("kind")),
            col("start"),
            col("end"),
            col("end_reason"),
        ],
        title=t("records.pairing_history"),
    )
    if item["roles"]:
        output.table(
            item["roles"],
            [col("role", enum_show("role")), col("township"), col("village"), col("start"), col("end")],
            title=t("records.roles"),
        )
