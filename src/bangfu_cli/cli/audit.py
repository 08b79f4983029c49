"""``bangfu audit``: read the trail of who wrote or revealed what, and when."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import Format, Reveal, Wide
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
                "对象类型：农户（household）、干部（cadre）、结对（pairing）、驻村任职（role）、走访（visit）、"
                "收入（income）、成效评估（assessment）、个人信息（personal_data）等。",
            ),
        ),
    ] = None,
    key: Annotated[
        str | None, typer.Option("--key", help=h("户编号, 干部编号 or another key.", "户编号、干部编号等。"))
    ] = None,
    action: Annotated[
        str | None,
        typer.Option(
            "--action",
            help=h(
                "add, update, close, end, reveal, import …",
                "操作类型：新增（add）、修改（update）、销户（close）、终止（end）、查看明文（reveal）、导入（import）等。",
            ),
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help=h("How many entries.", "条数。"))] = 50,
    reveal: Reveal = False,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.audit import list_audit
    from bangfu_cli.services.privacy import record_reveal

    fmt = output.check_format(fmt)
    if what is not None or head is not None:
        _verify(what, head, fmt)
        return
    ledger = context.ledger()
    entity, action = _stored("entities", entity), _stored("actions", action)
    rows = list_audit(ledger, entity=entity, key=key, action=action, limit=limit, reveal=reveal)
    if reveal:
        record_reveal(ledger, "audit", len(rows))
    _print(rows, fmt)


def _print(rows: list[dict], fmt: str) -> None:
    """The trail as a table (in the interface's words) or as CSV/JSON (stored values)."""
    from bangfu_cli import output
    from bangfu_cli.cli.audit_words import describe

    if fmt == "csv":
        import json

        flat = [{**r, "changes": json.dumps(r["changes"], ensure_ascii=False, default=str)} for r in rows]
        output.emit_csv(
            flat, ["id", "at", "by", "operator", "action", "entity", "key", "entity_uuid", "changes"]
        )
        return
    output.emit(
        rows,
        [
            output.Column("at", "trail.at", no_wrap=True),  # in the ledger's time zone, to the minute
            # On PostgreSQL ``by`` is the database role; the operator's name goes beside it.
            output.Column("by", "trail.by", show=_who),
            output.Column("action", "trail.action", show=lambda v, r: _word("actions", v)),
            # the kind of record only when the terminal has room (--entity narrows the trail to one)
            output.Column("entity", "trail.entity", show=lambda v, r: _word("entities", v), wide=True),
            output.Column("key", "trail.key"),
            output.Column("changes", "trail.changes", show=lambda v, r: describe(v, r.get("entity"))),
        ],
        fmt,
        caption=t("records.count", count=len(rows)),
    )


def _stored(kind: str, text: str | None) -> str | None:
    """The stored action or kind of record for the word a user typed (``农户`` → household)."""
    from bangfu_cli.i18n import catalogue

    if text is None:
        return None
    prefix = f"trail.{kind}."
    for lang in ("zh", "en"):
        for key, word in catalogue(lang).items():
            if key.startswith(prefix) and word == text.strip():
                return key.removeprefix(prefix)
    return text


def _word(kind: str, value: str | None) -> str:
    """An action or a kind of record in the interface's language (as stored when not known)."""
    from bangfu_cli.i18n import catalogue, current_lang

    key = f"trail.{kind}.{value}"
    return t(key) if key in catalogue(current_lang()) else value or ""


def _who(by: str, row: dict) -> str:
    operator = row.get("operator")
    return f"{by} ({operator})" if operator and operator != by else by


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
