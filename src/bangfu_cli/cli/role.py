"""``bangfu role assign|end|import|list``."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.household import col, enum_show
from bangfu_cli.cli.import_report import report
from bangfu_cli.cli.options import AsOf, Cadre, File, Format, Township, Village, Wide, opt_date
from bangfu_cli.i18n import h, label, t

app = typer.Typer(no_args_is_help=True)

CadreArg = Annotated[str, typer.Argument(help=h("干部编号 or name.", "干部编号或姓名。"))]
RoleOpt = Annotated[
    str,
    typer.Option(
        "--role",
        help=h("first_secretary (第一书记) or team_member (工作队员).", "角色：第一书记或工作队员。"),
    ),
]


def _done(item: dict, key: str) -> None:
    from bangfu_cli import output

    output.success(
        t(
            key,
            cadre=f"{item['cadre']} {item['cadre_name']}",
            role=label("role", item["role"]),
            place=f"{item['township']} {item['village']}",
            start=item["start"],
            end=item["end"] or "…",
        )
    )


@app.command("assign", help=h("Give a cadre a village role from a date.", "任命驻村角色。"))
def assign(
    cadre: CadreArg,
    role: RoleOpt,
    village: Annotated[str, typer.Option("--village", help=h("Village.", "村。"))],
    start: Annotated[str, typer.Option("--start", help=h("First day.", "开始日期。"))],
    township: Township = None,
) -> None:
    from bangfu_cli.domain.dates import parse_date
    from bangfu_cli.domain.vocab import parse_role
    from bangfu_cli.services.roles import assign_role

    item = assign_role(
        context.ledger(), cadre, parse_role(role), village, township, parse_date(start, "--start")
    )
    _done(item, "records.role_assigned")


@app.command(
    "end", help=h("End a cadre's village role (--on is its last day).", "结束驻村任职（--on 为最后一天）。")
)
def end(
    cadre: CadreArg,
    on: Annotated[str, typer.Option("--on", help=h("Last day.", "结束日期。"))],
    reason: Annotated[str | None, typer.Option("--reason", help=h("Why.", "原因。"))] = None,
    role: Annotated[str | None, typer.Option("--role", help=h("Which role.", "哪个角色。"))] = None,
    village: Village = None,
    township: Township = None,
) -> None:
    from bangfu_cli.domain.dates import parse_date
    from bangfu_cli.domain.vocab import parse_role
    from bangfu_cli.services.roles import end_role

    item = end_role(
        context.ledger(),
        cadre,
        parse_date(on, "--on"),
        reason,
        role=parse_role(role) if role else None,
        village=village,
        township=township,
    )
    _done(item, "records.role_ended")


@app.command(
    "import", help=h("Import village roles from a .csv or .xlsx file.", "从 .csv 或 .xlsx 文件导入驻村任职。")
)
def import_(file: File, fmt: Format = "table") -> None:
    from bangfu_cli.output import check_format
    from bangfu_cli.services.imports import import_roles

    fmt = check_format(fmt)
    report(import_roles(context.ledger(), file), fmt)


@app.command("list", help=h("List village roles (history included).", "列出驻村任职（含历史）。"))
def list_(
    township: Township = None,
    village: Village = None,
    cadre: Cadre = None,
    role: Annotated[str | None, typer.Option("--role", help=h("Only this role.", "只看该角色。"))] = None,
    active: Annotated[
        bool, typer.Option("--active", help=h("Only roles held today.", "只列当前任职。"))
    ] = False,
    as_of: AsOf = None,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.domain.vocab import parse_role
    from bangfu_cli.services.roles import RoleFilter, list_roles

    output.check_format(fmt)
    flt = RoleFilter(
        township=township,
        village=village,
        cadre=cadre,
        role=parse_role(role) if role else None,
        as_of=opt_date(as_of, "--as-of"),
        active_only=active,
    )
    rows = list_roles(context.ledger(), flt)
    columns = [
        col("cadre"),
        col("cadre_name"),
        col("unit", wide=True),
        col("role", enum_show("role")),
        col("township", wide=True),
        col("village"),
        col("start"),
        col("end"),
    ]
    output.emit(rows, columns, fmt, caption=t("records.count", count=len(rows)))
