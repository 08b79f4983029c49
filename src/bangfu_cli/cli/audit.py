"""``bangfu audit``: read the trail of who wrote or revealed what, and when."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import Format, Reveal
from bangfu_cli.i18n import h, t

What = Annotated[
    str | None,
    typer.Argument(
        metavar="[verify]",
        help=h(
            "verify: check that no audit row or audited record was changed or removed outside bangfu.",
            "verify：核验审计日志及其记录未在 bangfu 之外被修改或删除。",
        ),
    ),
]
Head = Annotated[
    str | None,
    typer.Option(
        "--head",
        help=h(
            "With verify: a chain head printed earlier (report, register) that must be in the chain.",
            "与 verify 同用：此前打印的链头（季度总结、登记册），须在链中。",
        ),
    ),
]


def register(app: typer.Typer) -> None:
    app.command(
        "audit",
        help=h(
            "Who recorded or revealed what, and when (newest first).",
            "审计日志：谁在何时登记或查看了什么（最新在前）。",
        ),
    )(audit)


def audit(
    what: What = None,
    head: Head = None,
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
    if what is not None or head is not None:
        _verify(what, head, fmt)
        return
    ledger = context.ledger()
    rows = list_audit(ledger, entity=entity, key=key, action=action, limit=limit, reveal=reveal)
    if reveal:
        record_reveal(ledger, "audit", len(rows))
    if fmt == "csv":
        import json

        flat = [{**r, "changes": json.dumps(r["changes"], ensure_ascii=False, default=str)} for r in rows]
        output.emit_csv(flat, ["id", "at", "by", "action", "entity", "key", "entity_uuid", "changes"])
        return
    if fmt == "table":
        for r in rows:
            r["at"] = r["at"].replace(microsecond=0)
    output.emit(
        rows,
        [
            output.Column("at", "trail.at"),
            output.Column("by", "trail.by"),
            output.Column("action", "trail.action"),
            output.Column("entity", "trail.entity"),
            output.Column("key", "trail.key"),
            output.Column("changes", "trail.changes", show=lambda v, r: describe_changes(v)),
        ],
        fmt,
        caption=t("records.count", count=len(rows)),
    )


def _verify(what: str | None, head: str | None, fmt: str) -> None:
    """``bangfu audit verify [--head HASH]``: exit 0 when whole, 1 naming each break."""
    from bangfu_cli import output
    from bangfu_cli.domain.errors import BangfuError
    from bangfu_cli.services.audit_verify import verify

    if (what or "").strip().lower() != "verify":
        raise BangfuError("audit.bad_action", value=what or "")
    verdict = verify(context.ledger(), head=head)
    breaks = [
        {"audit_id": b.audit_id, "kind": b.kind, "entity": b.entity, "key": b.key} for b in verdict.breaks
    ]
    if fmt == "json":
        output.emit_json(
            {"head": verdict.head, "length": verdict.length, "whole": verdict.whole, "breaks": breaks}
        )
    else:
        for b in breaks:
            output.error(
                t(f"audit.break_{b['kind']}", row=b["audit_id"], entity=b["entity"] or "", key=b["key"] or "")
            )
        say = output.success if verdict.whole else output.warn
        say(
            t(
                "audit.whole" if verdict.whole else "audit.broken",
                head=verdict.head,
                length=verdict.length,
                count=len(breaks),
            )
        )
    if not verdict.whole:
        raise typer.Exit(1)
