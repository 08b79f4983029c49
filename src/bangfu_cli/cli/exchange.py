"""``bangfu export ledger`` and ``bangfu merge``: township and county ledgers that meet offline
(CONTRACT.md), through an exchange file."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import Format, Township
from bangfu_cli.i18n import h, t


def register(app: typer.Typer) -> None:
    from bangfu_cli.cli.export import export_app

    export_app.command(
        "ledger",
        help=h(
            "The whole ledger (or one township of it) as one exchange file for another ledger to merge: "
            "records, their history, voids and corrections, the audit trail, attachments.",
            "把整个账本（或其中一个乡镇）导出为一个交换文件，供另一账本合并：记录及其历史、作废与更正、审计记录、附件。",
        ),
    )(export_ledger)
    app.command(
        "merge",
        help=h(
            "Merge another ledger's exchange file into this ledger, in one transaction. Exit 1 when a "
            "record was changed differently on both sides (a conflict: this ledger keeps its version).",
            "把另一账本的交换文件合并进本账本（一个事务）。"
            "有记录在两边被不同地修改（冲突，本账本保留自己的版本）时退出码为 1。",
        ),
    )(merge)


def export_ledger(
    output: Annotated[
        str, typer.Option("--output", "-o", help=h("The file to write.", "输出文件。"), show_default=False)
    ],
    township: Township = None,
    since_last: Annotated[
        str | None,
        typer.Option(
            "--since-last",
            help=h(
                "Only what changed since the last file for this ledger (its UUID or name).",
                "只导出自上次发给该账本（UUID 或名称）以来的变化。",
            ),
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help=h("Name this ledger (kept for later files).", "给本账本命名（之后沿用）。")
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=h("Overwrite an existing file.", "覆盖已有文件。"))
    ] = False,
) -> None:
    from bangfu_cli import output as out
    from bangfu_cli.services import exchange

    ledger = context.ledger()
    result = exchange.export_ledger(
        ledger, output, township=township, since_last=since_last, name=name, force=force
    )
    records = sum(n for table, n in result.counts.items() if table != "audit")
    out.success(
        t(
            "exchange.written",
            path=result.path,
            records=records,
            audit=result.counts.get("audit", 0),
            attachments=result.attachments,
        )
    )


def merge(
    file: Annotated[
        str, typer.Argument(help=h("An exchange file (export ledger).", "交换文件（export ledger 导出）。"))
    ],
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help=h("Show what would change; write nothing.", "只显示将会发生的变化，不写入。")
        ),
    ] = False,
    report: Annotated[
        str | None,
        typer.Option(
            "--report",
            help=h(
                "Write the conflicts to this file (.csv or .json).", "把冲突写入该文件（.csv 或 .json）。"
            ),
        ),
    ] = None,
    fmt: Format = "table",
    force: Annotated[
        bool, typer.Option("--force", help=h("Overwrite an existing report.", "覆盖已有报告。"))
    ] = False,
) -> None:
    from bangfu_cli import output as out
    from bangfu_cli.services import merge as service
    from bangfu_cli.services import merge_report

    fmt = out.check_format(fmt)
    target = merge_report.report_target(report, force) if report else None
    ledger = context.ledger()
    result = service.merge(ledger, file, dry_run=dry_run)
    conflicts = merge_report.report_rows(result)
    if target is not None:
        merge_report.write_report(target, conflicts)
    _show(result, conflicts, fmt)
    if conflicts:
        where = str(target) if target is not None else t("exchange.audit_only")
        out.warn(t("exchange.conflicts", count=len(conflicts), where=where))
        raise typer.Exit(1)


def _show(result, conflicts: list[dict], fmt: str) -> None:
    """What the merge added, updated, matched and found in conflict, by kind of record."""
    from bangfu_cli import output as out

    rows = [
        {"kind": name, "label": t(f"exchange.kind.{name}"), **vars(counts)}
        for name, counts in result.tables.items()
    ]
    if fmt == "json":
        document = {"file": result.file, "source": result.source, "dry_run": result.dry_run}
        out.emit_json({**document, "tables": rows, "conflicts": conflicts})
    else:
        columns = [
            out.Column("label", "exchange.col.table"),
            out.Column("added", "exchange.col.added", justify="right"),
            out.Column("updated", "exchange.col.updated", justify="right"),
            out.Column("unchanged", "exchange.col.unchanged", justify="right"),
            out.Column("conflicts", "exchange.col.conflicts", justify="right"),
        ]
        out.emit(rows, columns, fmt)
    source = result.source.get("name") or result.source.get("uuid")
    if result.dry_run:
        out.message(t("exchange.dry_run", source=source))
    else:
        out.success(t("exchange.merged", source=source, attachments=result.attachments))
