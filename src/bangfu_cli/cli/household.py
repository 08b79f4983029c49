"""``bangfu household add|import|list|show|set-status|close``."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.import_report import report
from bangfu_cli.cli.options import (
    AsOf,
    Cadre,
    Category,
    File,
    Format,
    HouseholdOpt,
    Reveal,
    Risk,
    Township,
    Village,
    Wide,
    opt_date,
)
from bangfu_cli.i18n import h, label, t

app = typer.Typer(no_args_is_help=True)

HouseholdArg = Annotated[str, typer.Argument(help=h("户编号 or the head's name.", "户编号或户主姓名。"))]
OnDate = Annotated[str, typer.Option("--on", help=h("The date.", "日期。"))]
Reason = Annotated[str, typer.Option("--reason", help=h("Why.", "原因。"))]
IncludeClosed = Annotated[
    bool,
    typer.Option("--include-closed", help=h("Also list closed households.", "同时列出已销户的农户。")),
]


MonitorType = Annotated[
    str,
    typer.Option(
        "--monitor-type",
        help=h(
            "unstable, marginal or sudden (脱贫不稳定户, 边缘易致贫户, 突发严重困难户).",
            "监测对象类型：脱贫不稳定户（不稳定户）、边缘易致贫户（边缘户）或突发严重困难户（突发户）。",
        ),
    ),
]


# ---------------------------------------------------------------- helpers shared by the record commands


def col(key: str, show=None, justify: str = "left", wide: bool = False):
    from bangfu_cli.output import Column

    return Column(key, f"records.col.{key}", justify=justify, show=show, wide=wide)


def enum_show(enum: str):
    return lambda value, row: label(enum, value) if value else ""


def category_show(value, row) -> str:
    return t(f"records.category.{value}") if value else ""


def note_show(value, row) -> str:
    if value and value.startswith("import:"):
        return t(f"records.note.{value.removeprefix('import:')}")
    return value or ""


def bool_show(value, row) -> str:
    return t(f"enum.bool.{str(bool(value)).lower()}")


def emit_masked(ledger, rows: list[dict], columns: list, fmt: str, reveal: bool, what: str, **kwargs) -> None:
    """Print ``rows`` with IDs and phones masked unless ``reveal`` (which is audited)."""
    from bangfu_cli import output
    from bangfu_cli.services.privacy import mask_rows, record_reveal

    if reveal:
        record_reveal(ledger, what, len(rows))
    output.emit(mask_rows(rows, reveal), columns, fmt, **kwargs)
    if reveal:
        output.warn(t("audit.reveal_note"))


def selection(township, village, cadre, household, category, risk, as_of, include_closed=False):
    from bangfu_cli.domain.vocab import parse_risk
    from bangfu_cli.services.households import Selection
    from bangfu_cli.services.statuses import parse_category

    return Selection(
        township=township,
        village=village,
        cadre=cadre,
        household=household,
        category=parse_category(category) if category else None,
        risk=parse_risk(risk) if risk else None,
        as_of=opt_date(as_of, "--as-of"),
        include_closed=include_closed,
    )


# ---------------------------------------------------------------- commands


@app.command(
    "add", help=h("Add one household (checked like an imported row).", "新增一户（与导入同样校验）。")
)
def add(
    code: Annotated[str, typer.Option("--code", help=h("户编号.", "户编号。"))],
    head_name: Annotated[
        str, typer.Option("--head", "--head-name", help=h("Head of household.", "户主姓名。"))
    ],
    township: Annotated[str, typer.Option("--township", help=h("Township.", "乡镇。"))],
    village: Annotated[str, typer.Option("--village", help=h("Village.", "村。"))],
    size: Annotated[str, typer.Option("--size", help=h("Household members.", "家庭人口。"))],
    since: Annotated[
        str, typer.Option("--since", help=h("In the ledger from (obligations start).", "纳入台账日期。"))
    ],
    id_number: Annotated[str, typer.Option("--id-number", help=h("Head's ID number.", "证件号码。"))] = "",
    phone: Annotated[str, typer.Option("--phone", help=h("Phone.", "联系电话。"))] = "",
    tuopin: Annotated[
        bool | None,
        typer.Option(
            "--tuopin/--no-tuopin",
            help=h(
                "A 脱贫户? (default: yes unless the monitoring type is marginal or sudden)",
                "是否脱贫户（默认：是，边缘易致贫户、突发严重困难户除外）。",
            ),
        ),
    ] = None,
    monitor_type: MonitorType = "",
    monitored_on: Annotated[
        str, typer.Option("--monitored-on", help=h("纳入监测日期.", "纳入监测日期。"))
    ] = "",
    eliminated_on: Annotated[
        str, typer.Option("--eliminated-on", help=h("风险消除日期.", "风险消除日期。"))
    ] = "",
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.cli.import_report import report_record
    from bangfu_cli.domain.vocab import parse_monitor_type
    from bangfu_cli.services.households import add_household

    if tuopin is None:
        kind = parse_monitor_type(monitor_type) if monitor_type.strip() else None
        tuopin = kind not in ("marginal", "sudden")
    row = {
        "code": code,
        "head_name": head_name,
        "id_number": id_number,
        "township": township,
        "village": village,
        "size": size,
        "phone": phone,
        "tuopin": "1" if tuopin else "0",
        "monitor_type": monitor_type,
        "monitored_on": monitored_on,
        "eliminated_on": eliminated_on,
        "since": since,
    }
    fmt = output.check_format(fmt)
    added = add_household(context.ledger(), row)
    warnings = added.pop("warnings")
    said = t("records.household_added", code=added["code"])
    report_record(warnings, fmt, added, lambda: output.success(said))


@app.command(
    "import", help=h("Import households from a .csv or .xlsx file.", "从 .csv 或 .xlsx 文件导入农户。")
)
def import_(file: File, fmt: Format = "table") -> None:
    from bangfu_cli.output import check_format
    from bangfu_cli.services.imports import import_households

    fmt = check_format(fmt)
    report(import_households(context.ledger(), file), fmt)


# (key, how shown, only in the wide listing)
LIST_COLUMNS = (
    ("code", None, False),
    ("head_name", None, False),
    ("township", None, True),
    ("village", None, False),
    ("size", None, True),
    ("category", category_show, False),
    ("risk", enum_show("risk"), False),
    ("cadre_name", None, False),
    ("phone", None, True),
    ("id_number", None, True),
)


@app.command("list", help=h("List households with their status on a date.", "列出农户及其某日的状态。"))
def list_(
    township: Township = None,
    village: Village = None,
    cadre: Cadre = None,
    household: HouseholdOpt = None,
    category: Category = None,
    risk: Risk = None,
    as_of: AsOf = None,
    include_closed: IncludeClosed = False,
    reveal: Reveal = False,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.households import list_households

    output.check_format(fmt)
    sel = selection(township, village, cadre, household, category, risk, as_of, include_closed)
    ledger = context.ledger()
    rows = list_households(ledger, sel)
    columns = [col(k, show, wide=wide) for k, show, wide in LIST_COLUMNS]
    emit_masked(
        ledger, rows, columns, fmt, reveal, "household list", caption=t("records.count", count=len(rows))
    )


@app.command(
    "show", help=h("One household: status history and pairing history.", "查看一户：状态历史与结对历史。")
)
def show(
    household: HouseholdArg,
    village: Village = None,
    as_of: AsOf = None,
    reveal: Reveal = False,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.households import show_household
    from bangfu_cli.services.privacy import mask_record, record_reveal

    fmt = output.check_format(fmt)
    ledger = context.ledger()
    item = mask_record(show_household(ledger, household, village, opt_date(as_of, "--as-of")), reveal)
    if reveal:
        record_reveal(ledger, f"household {item['code']}", 1)
    if output.emit_document(item, fmt):
        return
    _show_household(item)
    if reveal:
        output.warn(t("audit.reveal_note"))


def _show_household(item: dict) -> None:
    """A household on screen: its record, then its status history and its pairing history."""
    from bangfu_cli import output

    output.show_record(
        [
            ("records.col.code", item["code"]),
            ("records.col.head_name", item["head_name"]),
            ("records.col.id_number", item["id_number"]),
            ("records.col.township", item["township"]),
            ("records.col.village", item["village"]),
            ("records.col.size", item["size"]),
            ("records.col.phone", item["phone"]),
            ("records.col.since", item["since"]),
            ("records.col.category", category_show(item["category"], item)),
            ("records.col.risk", label("risk", item["risk"])),
            ("records.col.cadre_name", item["cadre_name"]),
            ("records.col.closed_on", item["closed_on"]),
            ("records.col.close_reason", item["close_reason"]),
            ("records.col.recorded_by", item["recorded_by"]),
        ],
        title=f"{item['code']} {item['head_name']}",
    )
    output.table(
        item["status_history"],
        [
            col("effective_on"),
            col("tuopin", bool_show),
            col("monitor_type", enum_show("monitor_type")),
            col("risk", enum_show("risk")),
            col("note", note_show),
            col("recorded_by", wide=True),
        ],
        title=t("records.status_history"),
    )
    output.table(
        item["pairings"],
        [
            col("cadre"),
            col("cadre_name"),
            col("unit", wide=True),
            col("kind", enum_show("kind")),
            col("start"),
            col("end"),
            col("end_reason"),
            col("plaque_on", wide=True),
        ],
        title=t("records.pairing_history"),
    )


@app.command(
    "set-status",
    help=h(
        "Record a status change from a date (fields not given carry forward).",
        "登记自某日起的状态变化（未给出的项沿用原状态）。",
    ),
)
def set_status(
    household: HouseholdArg,
    on: OnDate,
    tuopin: Annotated[
        bool | None, typer.Option("--tuopin/--no-tuopin", help=h("A 脱贫户?", "是否脱贫户。"))
    ] = None,
    monitor_type: Annotated[
        str | None,
        typer.Option(
            "--monitor-type",
            help=h(
                "unstable, marginal or sudden (脱贫不稳定户, 边缘易致贫户, 突发严重困难户), "
                "or none to end monitoring.",
                "监测对象类型：脱贫不稳定户（不稳定户）、边缘易致贫户（边缘户）或突发严重困难户（突发户）；"
                "none 或“无”表示不再监测。",
            ),
        ),
    ] = None,
    risk: Risk = None,
    note: Annotated[str | None, typer.Option("--note", help=h("A note.", "备注。"))] = None,
    village: Village = None,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.domain.dates import parse_date
    from bangfu_cli.domain.vocab import parse_monitor_type, parse_risk
    from bangfu_cli.services.households import set_status as service

    day = parse_date(on, "--on")
    kind = None
    if monitor_type is not None:
        kind = (
            "none"
            if monitor_type.strip().lower() in ("none", "无", "否", "")
            else parse_monitor_type(monitor_type)
        )
    new = service(
        context.ledger(),
        household,
        day,
        village=village,
        tuopin=tuopin,
        monitor_type=kind,
        risk=parse_risk(risk) if risk else None,
        note=note,
    )
    if new is None:
        output.warn(t("records.status_unchanged", on=day))
        return
    output.success(
        t(
            "records.status_set",
            code=new["household"],
            on=day,
            category=category_show(new["category"], new),
            risk=label("risk", new["risk"]) or "—",
        )
    )


@app.command("close", help=h("Close a household (户销户); history is kept.", "销户（保留全部历史）。"))
def close(household: HouseholdArg, on: OnDate, reason: Reason, village: Village = None) -> None:
    from bangfu_cli import output
    from bangfu_cli.domain.dates import parse_date
    from bangfu_cli.services.households import close_household

    done = close_household(context.ledger(), household, parse_date(on, "--on"), reason, village)
    output.success(
        t(
            "records.household_closed_ok",
            code=done["household"],
            on=done["closed_on"],
            ended=done["pairings_ended"],
        )
    )
