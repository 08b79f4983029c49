"""``bangfu access grant|revoke|list``: township accounts on a shared PostgreSQL ledger."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import Format
from bangfu_cli.i18n import h, t

access_app = typer.Typer(no_args_is_help=True)

RoleArg = Annotated[
    str, typer.Argument(help=h("An existing database role.", "已存在的数据库角色。"), show_default=False)
]


@access_app.command(
    "grant",
    help=h(
        "Let a database role read and write one township's records (--read-only: read them).",
        "允许数据库角色读写某乡镇的记录（--read-only：只读）。",
    ),
)
def grant(
    role: RoleArg,
    township: Annotated[str, typer.Option("--township", help=h("The township.", "乡镇。"))],
    read_only: Annotated[
        bool, typer.Option("--read-only", help=h("Read only, no writes.", "只读，不能写入。"))
    ] = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import access

    outcome = access.grant(context.ledger(), role, township, read_only=read_only)
    mode = t("access.mode.read" if read_only else "access.mode.write")
    output.success(t(f"access.granted_{outcome}", role=role.strip(), township=township.strip(), mode=mode))


@access_app.command(
    "revoke",
    help=h(
        "Take back a role's access to a township (without --township: to every township).",
        "收回角色对某乡镇的权限（不带 --township：收回全部）。",
    ),
)
def revoke(
    role: RoleArg,
    township: Annotated[
        str | None, typer.Option("--township", help=h("Only this township.", "只收回该乡镇。"))
    ] = None,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import access

    gone = access.revoke(context.ledger(), role, township)
    output.success(t("access.revoked", role=role.strip(), count=gone))


@access_app.command("list", help=h("Every role's townships.", "各角色可访问的乡镇。"))
def list_(fmt: Format = "table") -> None:
    from bangfu_cli import output
    from bangfu_cli.services import access

    fmt = output.check_format(fmt)
    rows = access.list_grants(context.ledger())
    output.emit(
        rows,
        [
            output.Column("role", "access.role"),
            output.Column("township", "access.township"),
            output.Column("mode", "access.mode_header", show=lambda v, r: t(f"access.mode.{v}")),
            output.Column("granted_at", "access.granted_at", show=lambda v, r: str(v)[:19]),
            output.Column("granted_by", "access.granted_by"),
        ],
        fmt,
        caption=t("records.count", count=len(rows)),
    )
