"""``bangfu pair add|transfer|end|correct|import|list|plaque``."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.household import col, enum_show, selection
from bangfu_cli.cli.import_report import report, report_record
from bangfu_cli.cli.options import (
    AsOf,
    AsRecorded,
    Cadre,
    Category,
    File,
    Format,
    HouseholdOpt,
    Risk,
    Township,
    Village,
    Wide,
    opt_date,
)
from bangfu_cli.i18n import h, t

app = typer.Typer(no_args_is_help=True)

HouseholdArg = Annotated[str, typer.Argument(help=h("户编号 or the head's name.", "户编号或户主姓名。"))]
Kind = Annotated[
    str,
    typer.Option(
        "--kind", help=h("pair (结对) or leader (领导联系).", "类型：结对（pair）或领导联系（leader）。")
    ),
]


def _kind(text: str) -> str:
    from bangfu_cli.domain.vocab import parse_pair_kind

    return parse_pair_kind(text)


def _date(text: str, field: str):
    from bangfu_cli.domain.dates import parse_date

    return parse_date(text, field)


def _done(item: dict, key: str) -> None:
    from bangfu_cli import output
    from bangfu_cli.i18n import label

    output.success(
        t(
            key,
            household=f"{item['household']} {item['head_name']}",
            cadre=f"{item['cadre']} {item['cadre_name']}",
            kind=label("kind", item["kind"]),
            start=item["start"],
            end=item["end"] or "…",
            plaque=item["plaque_on"] or "—",
        )
    )


@app.command("add", help=h("Pair a cadre with a household from a date.", "建立结对关系。"))
def add(
    household: HouseholdArg,
    cadre: Annotated[str, typer.Argument(help=h("干部编号 or name.", "干部编号或姓名。"))],
    start: Annotated[str, typer.Option("--start", help=h("First day.", "开始日期。"))],
    kind: Kind = "pair",
    end: Annotated[str | None, typer.Option("--end", help=h("Last day.", "结束日期。"))] = None,
    plaque_on: Annotated[
        str | None, typer.Option("--plaque-on", help=h("Door plate replaced on.", "联系牌更换日期。"))
    ] = None,
    village: Village = None,
    fmt: Format = "table",
) -> None:
    from bangfu_cli.services.pairings import add_pairing

    fmt = _format(fmt)
    item = add_pairing(
        context.ledger(),
        household,
        cadre,
        kind=_kind(kind),
        start=_date(start, "--start"),
        end=opt_date(end, "--end"),
        plaque_on=opt_date(plaque_on, "--plaque-on"),
        village=village,
    )
    warnings = item.pop("warnings")
    report_record(warnings, fmt, item, lambda: _done(item, "records.pair_added"))


@app.command(
    "transfer",
    help=h(
        "Move a household to another cadre: the old pairing ends the day before --on.",
        "调整结对干部：原结对于 --on 前一日结束，新结对自 --on 开始。",
    ),
)
def transfer(
    household: HouseholdArg,
    to: Annotated[str, typer.Option("--to", help=h("The new cadre.", "新的帮扶干部。"))],
    on: Annotated[str, typer.Option("--on", help=h("First day of the new pairing.", "新结对开始日期。"))],
    reason: Annotated[str, typer.Option("--reason", help=h("Why.", "调整原因。"))],
    kind: Kind = "pair",
    plaque_on: Annotated[
        str | None, typer.Option("--plaque-on", help=h("Door plate replaced on.", "联系牌更换日期。"))
    ] = None,
    village: Village = None,
    fmt: Format = "table",
) -> None:
    from bangfu_cli.services.pairings import transfer as service

    fmt = _format(fmt)
    done = service(
        context.ledger(),
        household,
        to,
        _date(on, "--on"),
        reason,
        kind=_kind(kind),
        village=village,
        plaque_on=opt_date(plaque_on, "--plaque-on"),
    )
    warnings = done.pop("warnings")

    def said() -> None:
        _done(done["ended"], "records.pair_ended")
        _done(done["started"], "records.pair_added")

    report_record(warnings, fmt, done, said)


@app.command(
    "end", help=h("End a household's pairing (--on is its last day).", "结束结对（--on 为最后一天）。")
)
def end(
    household: HouseholdArg,
    on: Annotated[str, typer.Option("--on", help=h("Last day.", "结束日期。"))],
    reason: Annotated[str, typer.Option("--reason", help=h("Why.", "结束原因。"))],
    kind: Kind = "pair",
    cadre: Cadre = None,
    village: Village = None,
    fmt: Format = "table",
) -> None:
    from bangfu_cli.services.pairings import end_pairing

    fmt = _format(fmt)
    item = end_pairing(
        context.ledger(),
        household,
        _date(on, "--on"),
        reason,
        kind=_kind(kind),
        cadre_text=cadre,
        village=village,
    )
    warnings = item.pop("warnings")
    report_record(warnings, fmt, item, lambda: _done(item, "records.pair_ended"))


def _format(fmt: str) -> str:
    from bangfu_cli.output import check_format

    return check_format(fmt)


@app.command(
    "correct",
    help=h(
        "Correct a mistaken transfer: the household's latest transfer is voided (kept, with --reason)"
        " and the pairing it ended is restored, or with --to the right cadre takes the household from"
        " the same day. Nothing is deleted; the audit trail keeps who, when and why.",
        "更正错误的结对调整：作废该户最近一次调整产生的结对（保留记录及 --reason 原因），恢复原结对；"
        "用 --to 指定正确的干部则由其自同一日起结对。不删除任何记录，审计日志记录操作人、时间和原因。",
    ),
)
def correct(
    household: HouseholdArg,
    reason: Annotated[str, typer.Option("--reason", help=h("Why.", "更正原因。"))],
    to: Annotated[
        str | None,
        typer.Option("--to", help=h("The right cadre, if not the previous one.", "正确的帮扶干部。")),
    ] = None,
    kind: Kind = "pair",
    village: Village = None,
) -> None:
    from bangfu_cli.services.pair_correct import correct_transfer

    done = correct_transfer(context.ledger(), household, reason, to=to, kind=_kind(kind), village=village)
    _done(done["voided"], "records.pair_voided")
    if "restored" in done:
        _done(done["restored"], "records.pair_restored")
    else:
        _done(done["started"], "records.pair_added")


@app.command(
    "import", help=h("Import pairings from a .csv or .xlsx file.", "从 .csv 或 .xlsx 文件导入结对关系。")
)
def import_(file: File, fmt: Format = "table") -> None:
    from bangfu_cli.output import check_format
    from bangfu_cli.services.imports import import_pairings

    fmt = check_format(fmt)
    report(import_pairings(context.ledger(), file), fmt)


@app.command(
    "plaque",
    help=h(
        "Record the door plate (联系牌) replacement of the current pairing.", "登记当前结对的联系牌更换。"
    ),
)
def plaque(
    household: HouseholdArg,
    on: Annotated[str, typer.Option("--on", help=h("Replaced on.", "更换日期。"))],
    village: Village = None,
) -> None:
    from bangfu_cli.services.pairings import record_plaque

    _done(
        record_plaque(context.ledger(), household, _date(on, "--on"), village=village), "records.plaque_set"
    )


@app.command("list", help=h("List pairings (history included).", "列出结对关系（含历史）。"))
def list_(
    township: Township = None,
    village: Village = None,
    cadre: Cadre = None,
    household: HouseholdOpt = None,
    category: Category = None,
    risk: Risk = None,
    kind: Annotated[str | None, typer.Option("--kind", help=h("pair or leader.", "结对或领导联系。"))] = None,
    active: Annotated[
        bool, typer.Option("--active", help=h("Only pairings active today.", "只列当前有效的结对。"))
    ] = False,
    as_of: AsOf = None,
    as_recorded: AsRecorded = False,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.pairings import PairFilter, list_pairings

    output.check_format(fmt)
    sel = selection(township, village, cadre, household, category, risk, as_of, include_closed=True)
    rows = list_pairings(
        context.ledger(), sel, PairFilter(_kind(kind) if kind else None, active, as_recorded)
    )
    columns = [
        col("household"),
        col("head_name"),
        col("village", wide=True),
        col("cadre", wide=True),  # the compact listing names the cadre
        col("cadre_name"),
        col("kind", enum_show("kind")),
        col("start"),
        col("end", lambda value, row: t("records.voided_mark") if row.get("voided") else str(value or "")),
        col("end_reason", wide=True),
        col("plaque_on", wide=True),
    ]
    output.emit(rows, columns, fmt, caption=t("records.count", count=len(rows)))
