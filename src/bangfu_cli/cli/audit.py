"""``bangfu audit``: read the trail of who wrote or revealed what, and when."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import Format, Reveal
from bangfu_cli.i18n import h, t


def register(app: typer.Typer) -> None:
    app.command(
        "audit",
        help=h(
            "Who recorded or revealed what, and when (newest first).",
            "审计日志：谁在何时登记或查看了什么（最新在前）。",
        ),
    )(audit)


def audit(
    entity: Annotated[
        str | None,
        typer.Option(
            "--entity",
            help=h(
                "household, household_status, cadre, pairing, role, village, visit, income, personal_data …",
                "对象类型，如 household、cadre、pairing、role、visit、income、personal_data。",
            ),
        ),
    ] = None,
    key: Annotated[
        str | None, typer.Option("--key", help=h("户编号, 干部编号 or another key.", "户编号、干部编号等。"))
    ] = None,
    action: Annotated[
        str | None,
        typer.Option("--action", help=h("add, update, close, end, reveal, import …", "操作类型。")),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help=h("How many entries.", "条数。"))] = 50,
    reveal: Reveal = False,
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.audit import describe_changes, list_audit
    from bangfu_cli.services.privacy import record_reveal

    fmt = output.check_format(fmt)
    ledger = context.ledger()
    rows = list_audit(ledger, entity=entity, key=key, action=action, limit=limit, reveal=reveal)
    if reveal:
        record_reveal(ledger, "audit", len(rows))
    if fmt == "csv":
        import json

        flat = [{**r, "changes": json.dumps(r["changes"], ensure_ascii=False, default=str)} for r in rows]
        output.emit_csv(
            flat, ["id", "at", "by", "operator", "action", "entity", "key", "entity_uuid", "changes"]
        )
        return
    if fmt == "table":
        for r in rows:
            r["at"] = r["at"].replace(microsecond=0)
    output.emit(
        rows,
        [
            output.Column("at", "trail.at"),
            # On PostgreSQL ``by`` is the database role; the operator's name goes beside it.
            output.Column("by", "trail.by", show=_who),
            output.Column("action", "trail.action"),
            output.Column("entity", "trail.entity"),
            output.Column("key", "trail.key"),
            output.Column("changes", "trail.changes", show=lambda v, r: describe_changes(v)),
        ],
        fmt,
        caption=t("records.count", count=len(rows)),
    )


def _who(by: str, row: dict) -> str:
    operator = row.get("operator")
    return f"{by} ({operator})" if operator and operator != by else by
