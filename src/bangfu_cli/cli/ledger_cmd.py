"""``bangfu init``, ``bangfu info`` and ``bangfu profile use``: the ledger itself."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import Format
from bangfu_cli.i18n import h, t

profile_app = typer.Typer(no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command(
        "init", help=h("Create the ledger (or migrate an existing one).", "创建账本（已有账本则升级）。")
    )(init)
    app.command(
        "info", help=h("Where the ledger is, its schema and row counts.", "账本位置、版本与记录数。")
    )(info)


def init(
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            help=h(
                "xinfeng-2023, suzhou-2022 or a profile file.",
                "政策配置：xinfeng-2023、suzhou-2022 或配置文件路径。",
            ),
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            help=h(
                "The time zone recorded times are shown in (default Asia/Shanghai; stored in UTC).",
                "显示登记时间所用的时区（默认 Asia/Shanghai，即北京时间；存储为 UTC）。",
            ),
        ),
    ] = None,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.rules import profiles
    from bangfu_cli.services import setup

    if profile:
        profiles.resolve(profile)  # refuse a bad profile before creating anything
    ledger = context.ledger(create=True)
    chosen = setup.ensure_profile(ledger, profile)
    if timezone:
        output.success(t("ledger.timezone_set", zone=setup.set_timezone(ledger, timezone)))
    if ledger.upgraded_from:
        output.success(
            t("ledger.upgraded", path=ledger.display, old=ledger.upgraded_from, new=ledger.revision)
        )
    output.success(t("ledger.created", path=ledger.display, profile=chosen))


def info(fmt: Format = "table") -> None:
    from bangfu_cli import output
    from bangfu_cli.services import setup

    data = setup.info(context.ledger())
    if output.check_format(fmt) == "json":
        output.emit_json(data)
        return
    rows = [{"item": t(f"info.{k}"), "value": v} for k, v in data["counts"].items()]
    if fmt == "csv":
        output.emit_csv([{"table": k, "rows": v} for k, v in data["counts"].items()], ["table", "rows"])
        return
    output.show_record(
        [
            ("info.ledger", data["ledger"]),
            ("info.revision", data["revision"]),
            ("info.profile", data["profile"]),
        ]
    )
    output.table(
        rows, [output.Column("item", "info.table"), output.Column("value", "info.rows", justify="right")]
    )


@profile_app.command(
    "use", help=h("Make a profile active: an id or a file.", "启用政策配置：配置编号或文件。")
)
def profile_use(
    spec: Annotated[str, typer.Argument(help=h("Profile id or path.", "配置编号或路径。"))],
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import setup

    chosen = setup.set_profile(context.ledger(), spec)
    output.success(t("ledger.profile_set", profile=chosen))


@profile_app.command("list", help=h("The built-in profiles.", "内置政策配置。"))
def profile_list(fmt: Format = "table") -> None:
    from bangfu_cli import output
    from bangfu_cli.rules import profiles

    rows = []
    for pid in profiles.builtin_ids():
        data = profiles.load_builtin(pid)
        rows.append({"id": pid, "document": data.get("document", "")})
    output.emit(rows, [output.Column("id", "info.profile"), output.Column("document", "info.document")], fmt)
