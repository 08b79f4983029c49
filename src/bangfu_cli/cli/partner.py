"""``bangfu partner set|import|add|list|activities|void``: the county pairing (县域结对) — the
partner county over time, and the pairing's activities."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.assist_shared import amount_col, col, voided_col, voided_message
from bangfu_cli.cli.import_report import report
from bangfu_cli.cli.options import File, Format, opt_date
from bangfu_cli.cli.options import opt as _opt
from bangfu_cli.i18n import h, t

app = typer.Typer(no_args_is_help=True)

KINDS = "head_visit/city_mutual_visit/county_mutual_visit/funds_disbursed/funds_spent/secondment"
KINDS_ZH = "党政主要领导赴对方调研/市级领导带队互访/县级主要负责同志互访/资金拨付到位/资金使用完成/挂职"


@app.command(
    "set",
    help=h(
        "Name the county's partner county from a date (another partner then ends the day before).",
        "登记结对县及起始日期（原结对县于前一日结束）。",
    ),
)
def set_(
    name: Annotated[str, typer.Argument(help=h("The partner county.", "结对县名称。"))],
    since: Annotated[str, _opt("--since", "First day of the pairing.", "结对开始日期。")],
    until: Annotated[str | None, _opt("--until", "Last day of the pairing.", "结对结束日期。")] = None,
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.domain.dates import parse_date
    from bangfu_cli.services.partner import set_partner

    fmt = output.check_format(fmt)
    done = set_partner(context.ledger(), name, parse_date(since, "--since"), opt_date(until, "--until"))
    if fmt == "json":
        output.emit_json({"outcome": done.outcome, "partner": done.partner, "ended": done.ended})
        return
    if done.ended is not None:
        old = done.ended
        if old["voided"]:
            output.message(t("assist.partner_voided", name=old["name"], start=old["start"]))
        else:
            output.message(t("assist.partner_ended", name=old["name"], end=old["end"]))
    p = done.partner
    if done.outcome == "unchanged":
        output.message(t("assist.partner_unchanged", name=p["name"], start=p["start"]))
    elif done.outcome == "updated":
        output.success(t("assist.partner_updated", name=p["name"], start=p["start"], end=p["end"] or "…"))
    else:
        output.success(t("assist.partner_added", name=p["name"], start=p["start"]))


@app.command(
    "import",
    help=h(
        "Import the pairing's activities from a .csv or .xlsx file.",
        "从 .csv 或 .xlsx 文件导入县域结对活动。",
    ),
)
def import_(path: File, fmt: Format = "table") -> None:
    from bangfu_cli import output
    from bangfu_cli.services.partner import import_partner_activities

    fmt = output.check_format(fmt)
    report(import_partner_activities(context.ledger(), path), fmt)


@app.command(
    "add",
    help=h(
        "Record one pairing activity.",
        "登记一次县域结对活动。",
    ),
)
def add(
    kind: Annotated[str, _opt("--kind", KINDS + ".", KINDS_ZH + "。")],
    day: Annotated[str, _opt("--date", "Date (a secondment's first day).", "日期（挂职为开始日期）。")],
    end: Annotated[str, _opt("--end", "A secondment's last day.", "挂职结束日期。")] = "",
    cadre: Annotated[str, _opt("--cadre", "The seconded cadre's code.", "挂职干部编号。")] = "",
    amount: Annotated[str, _opt("--amount", "Amount in yuan.", "金额（元）。")] = "",
    people: Annotated[str, _opt("--people", "Who took part.", "人员。")] = "",
    content: Annotated[str, _opt("--content", "What was done.", "内容。")] = "",
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.partner import add_partner_activity

    fmt = output.check_format(fmt)
    row = {"kind": kind, "date": day, "end": end, "cadre": cadre, "amount": amount}
    row |= {"people": people, "content": content}
    report(add_partner_activity(context.ledger(), row), fmt, added=True)


@app.command(
    "list",
    help=h(
        "List the partner counties and the pairing's activities.",
        "列出结对县及县域结对活动。",
    ),
)
def list_(
    kind: Annotated[str | None, _opt("--kind", "Only this kind of activity.", "只看该类活动。")] = None,
    date_from: Annotated[str | None, _opt("--from", "From this date.", "起始日期。")] = None,
    date_to: Annotated[str | None, _opt("--to", "Up to this date.", "截止日期。")] = None,
    voided: Annotated[bool, _opt("--voided", "Only voided activities.", "只看已作废的活动。")] = False,
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.partner import list_partner_activities, list_partners

    fmt = output.check_format(fmt)
    ledger = context.ledger()
    spans = list_partners(ledger)
    rows = list_partner_activities(
        ledger,
        kind=kind,
        date_from=opt_date(date_from, "--from"),
        date_to=opt_date(date_to, "--to"),
        voided=voided,
    )
    columns = [
        col("id", justify="right"),
        col("kind", "partner_kind"),
        col("date"),
        col("end"),
        col("cadre"),
        amount_col(),
        col("people"),
        col("content"),
        col("partner"),
        voided_col(),
    ]
    if fmt == "json":
        output.emit_json({"partners": spans, "activities": rows})
        return
    if fmt == "table" and spans:
        output.table(spans, [col("name"), col("start"), col("end")], title=t("assist.entity.partner"))
    output.emit(rows, columns, fmt, caption=t("assist.count", count=len(rows)))


@app.command(
    "void",
    help=h(
        "Void a wrong pairing activity (the row is kept).",
        "作废一条错误的县域结对活动（记录保留）。",
    ),
)
def void(
    activity_id: Annotated[int, typer.Argument(help=h("Activity id.", "活动编号。"))],
    reason: Annotated[str, _opt("--reason", "Why it is voided.", "作废原因。")],
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.partner import void_partner_activity

    fmt = output.check_format(fmt)
    row = void_partner_activity(context.ledger(), activity_id, reason)
    if not output.emit_document(row, fmt):
        output.success(voided_message("partner_activity", activity_id))
