"""``bangfu income …``: record and import quarterly income, the collection worklist, a household's
figures, thresholds (监测范围), alerts and the 两个高于 growth test."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import AsOf, AsRecorded, Cadre, File, Format, Township, Village, Wide
from bangfu_cli.i18n import h, t

income_app = typer.Typer(no_args_is_help=True)
threshold_app = typer.Typer(no_args_is_help=True)
income_app.add_typer(
    threshold_app, name="threshold", help=h("Thresholds (监测范围) per year.", "年度监测范围（收入标准）。")
)

QuarterOpt = Annotated[
    str, typer.Option("--quarter", "-q", help=h("Quarter, e.g. 2026Q3.", "季度，如 2026Q3。"))
]
Late = Annotated[
    str | None,
    typer.Option(
        "--late",
        help=h(
            "Accept a record collected outside its window, with this reason.",
            "接受采集窗口之外的记录（补录），并注明原因。",
        ),
    ),
]


def _amount(en: str, zh: str):
    return typer.Option(help=h(f"{en} (yuan).", f"{zh}（元）。"))


Collector = Annotated[
    str | None,
    typer.Option(
        "--collector", help=h("Collecting cadre (default: the paired cadre).", "采集人（默认结对干部）。")
    ),
]
Correct = Annotated[
    str | None,
    typer.Option(
        "--correct",
        help=h(
            "Replace the quarter's record, with this reason (both are kept).",
            "更正该季度已有记录并注明原因（新旧记录都保留）。",
        ),
    ),
]


@income_app.command("add", help=h("Record a household's income for a quarter.", "登记一户某季度的收入。"))
def add(
    household: Annotated[str, typer.Argument(help=h("户编号 or head's name.", "户编号或户主姓名。"))],
    quarter: QuarterOpt,
    on: Annotated[str, typer.Option("--on", help=h("Date collected.", "采集日期。"))],
    wage: Annotated[str | None, _amount("Wage income", "工资性收入")] = None,
    business: Annotated[str | None, _amount("Business income", "生产经营性收入")] = None,
    business_cost: Annotated[str | None, _amount("Business costs", "生产经营性支出")] = None,
    transfer: Annotated[str | None, _amount("Transfer income", "转移性收入")] = None,
    property_: Annotated[
        str | None, typer.Option("--property", help=h("Property income (yuan).", "财产性收入（元）。"))
    ] = None,
    excluded: Annotated[
        str | None, _amount("One-off protective transfers, not counted", "不计入收入的保障性补助")
    ] = None,
    rigid_expense: Annotated[str | None, _amount("Rigid expense", "刚性支出")] = None,
    collector: Collector = None,
    note: Annotated[str | None, typer.Option("--note", help=h("Note.", "备注。"))] = None,
    late: Late = None,
    correct: Correct = None,
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.cli.import_report import report_record
    from bangfu_cli.services import income as svc

    fmt = output.check_format(fmt)

    amounts = {
        "wage": wage,
        "business": business,
        "business_cost": business_cost,
        "transfer": transfer,
        "property": property_,
        "excluded": excluded,
        "rigid_expense": rigid_expense,
    }
    done = svc.add_income(
        context.ledger(),
        household,
        quarter,
        on,
        amounts,
        collector=collector,
        note=note,
        late=late,
        correct=correct,
    )
    key = (
        "income.corrected" if done["corrected"] else ("income.added_late" if done["late"] else "income.added")
    )
    warnings = done.pop("warnings")
    report_record(warnings, fmt, done, lambda: output.success(t(key, **done)))


@income_app.command(
    "import", help=h("Import income records (.csv / .xlsx).", "导入收入采集记录（.csv / .xlsx）。")
)
def import_(file: File, late: Late = None, fmt: Format = "table") -> None:
    from bangfu_cli import output
    from bangfu_cli.cli.import_report import report
    from bangfu_cli.services import income as svc
    from bangfu_cli.services.tabular import track

    fmt = output.check_format(fmt)
    result = svc.import_income(
        context.ledger(), file, late=late, track=lambda rows: track(rows, t("income.importing"))
    )
    report(result, fmt)


@income_app.command("collect", help=h("The collection worklist of a quarter.", "季度收入采集工作清单。"))
def collect(
    quarter: QuarterOpt,
    everyone: Annotated[
        bool,
        typer.Option(
            "--all", help=h("Every assisted household, not only 监测对象.", "全部帮扶对象户，不只监测对象。")
        ),
    ] = False,
    township: Township = None,
    village: Village = None,
    cadre: Cadre = None,
    as_of: AsOf = None,
    as_recorded: AsRecorded = False,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import income_report as svc

    output.check_format(fmt)
    ledger = context.ledger()
    rows, totals = svc.collect(ledger, quarter, everyone, township, village, cadre, as_of, as_recorded)
    columns = [
        output.Column("township", "income.col.township", wide=True),
        output.Column("village", "income.col.village"),
        output.Column("household", "income.col.household", no_wrap=True),
        output.Column("head_name", "income.col.head_name"),
        output.Column("cadre_name", "income.col.cadre"),
        output.Column("status", "income.col.status", show=lambda v, _r: t(f"income.status.{v}")),
        output.Column("collected_on", "income.col.collected_on", wide=True),
        output.Column("days_overdue", "income.col.days", justify="right", show=_days),
        output.Column("net_income", "income.col.net_income", justify="right", show=_money, wide=True),
    ]
    said = "income.collect_caption_closed" if totals["days_closed"] else "income.collect_caption"
    caption = t(said, quarter=rows[0]["quarter"] if rows else quarter, **totals)
    output.emit(rows, columns, fmt, title=t("income.collect_title", quarter=quarter), caption=caption)


def _days(_value, row) -> str:
    """Days overdue, else days left: one column, as in ``overdue``."""
    if row.get("days_overdue"):
        return t("rules.days.overdue", days=row["days_overdue"])
    if row.get("days_left") is not None:
        return t("rules.days.due", days=row["days_left"])
    return ""


def _money(value, _row=None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}"


@income_app.command("show", help=h("A household's income, quarter by quarter.", "一户的逐季度收入。"))
def show(
    household: Annotated[str, typer.Argument(help=h("户编号 or head's name.", "户编号或户主姓名。"))],
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import income_report as svc

    output.check_format(fmt)
    head, rows = svc.show(context.ledger(), household)
    if fmt == "json":
        output.emit_json({**head, "quarters": rows})
        return

    def per_capita(value, row) -> str:
        if row["superseded_by"]:
            return t("income.superseded", id=row["superseded_by"])
        text = _money(value)
        return f"{text} {t('income.estimated_mark')}" if row["estimated"] else text

    columns = [
        output.Column("quarter", "income.col.quarter", no_wrap=True),
        output.Column("collected_on", "income.col.collected_on"),
        *(
            output.Column(key, f"income.col.{key}", justify="right", show=_money, wide=True)
            for key in ("wage", "business", "business_cost", "transfer", "property", "excluded")
        ),
        output.Column("rigid_expense", "income.col.rigid_expense", justify="right", show=_money, wide=True),
        output.Column("net_income", "income.col.net_income", justify="right", show=_money),
        output.Column("size", "income.col.size", justify="right", wide=True),
        output.Column("per_capita", "income.col.per_capita", justify="right", show=per_capita),
        output.Column("threshold", "income.col.threshold", justify="right", show=_money),
        # the reasons only when some record has one: they are rare, and the table is wide
        *(
            output.Column(key, f"income.col.{key}")
            for key in ("late_reason", "correct_reason")
            if any(row.get(key) for row in rows)
        ),
    ]
    title = f"{head['household']} {head['head_name']} ({head['township']} {head['village']})"
    output.emit(rows, columns, fmt, title=title, caption=t("income.show_caption"))


@threshold_app.command(
    "set", help=h("Set the year's threshold (yuan per person per year).", "设置年度监测范围（元/人/年）。")
)
def threshold_set(
    year: Annotated[str, typer.Argument(help=h("Year.", "年度。"))],
    amount: Annotated[str, typer.Argument(help=h("Yuan per person per year.", "元/人/年。"))],
    source: Annotated[
        str | None, typer.Option("--source", help=h("The document that sets it.", "依据文件。"))
    ] = None,
    place: Annotated[
        str | None,
        typer.Option("--place", help=h("Only this township or village.", "仅适用于该乡镇或村。")),
    ] = None,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import income as svc

    done = svc.set_threshold(context.ledger(), year, amount, source, place)
    output.success(t("income.threshold_set", **done, place_text=done["place"] or t("income.whole_ledger")))


@threshold_app.command(
    "list", help=h("Thresholds from the ledger and the profile.", "账本和政策配置中的监测范围。")
)
def threshold_list(fmt: Format = "table") -> None:
    from bangfu_cli import output
    from bangfu_cli.services import income as svc

    output.check_format(fmt)
    rows = svc.list_thresholds(context.ledger())
    columns = [
        output.Column("year", "income.col.year"),
        output.Column("place", "income.col.place", show=lambda v, _r: v or t("income.whole_ledger")),
        output.Column("amount", "income.col.threshold", justify="right", show=_money),
        output.Column("source", "income.col.source"),
        output.Column("origin", "income.col.origin", show=lambda v, _r: t(f"income.origin.{v}")),
    ]
    output.emit(rows, columns, fmt)


@income_app.command(
    "alerts", help=h("Income alerts of a quarter, each with its figures.", "季度收入预警及其计算依据。")
)
def alerts(
    quarter: QuarterOpt,
    township: Township = None,
    village: Village = None,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import income_report as svc

    output.check_format(fmt)
    rows, no_threshold = svc.alerts(context.ledger(), quarter, township, village)
    if no_threshold:
        output.warn(t("income.no_threshold_warning", count=len(no_threshold), quarter=quarter))
    columns = [
        output.Column("village", "income.col.village"),
        output.Column("household", "income.col.household", no_wrap=True),
        output.Column("head_name", "income.col.head_name"),
        output.Column("alert", "income.col.alert", show=lambda v, _r: t(f"income.alert.{v}")),
        output.Column("formula", "income.col.formula"),
        output.Column(
            "estimated",
            "income.col.estimated",
            show=lambda v, _r: t("income.estimated_mark") if v else "",
            wide=True,
        ),
        output.Column("source", "income.col.source", wide=True),
    ]
    output.emit(rows, columns, fmt, title=t("income.alerts_title", quarter=quarter, count=len(rows)))


@income_app.command(
    "growth",
    help=h(
        "两个高于: per-capita income growth of the 脱贫户 against the rates.",
        "“两个高于”：脱贫户人均纯收入增速与农民收入增速比较。",
    ),
)
def growth(
    year: Annotated[str, typer.Option("--year", help=h("The year judged.", "评价年度。"))],
    local_rate: Annotated[
        str,
        typer.Option(
            "--local-rate",
            help=h("Local farmers' income growth, % (7.5 or 7.5%).", "当地农民收入增速，%（7.5 或 7.5%）。"),
        ),
    ],
    province_rate: Annotated[
        str | None,
        typer.Option(
            "--province-rate", help=h("The province's farmers' income growth, %.", "全省农民收入增速，%。")
        ),
    ] = None,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.domain.income import percent_text
    from bangfu_cli.services import income_report as svc

    output.check_format(fmt)
    result = svc.growth(context.ledger(), year, local_rate, province_rate)
    if fmt == "json":
        output.emit_json(result)
        return
    if fmt == "csv":
        output.emit_csv([result], list(result))
        return
    from decimal import Decimal

    def pct(value) -> str:
        return "" if value is None else percent_text(Decimal(str(value)))

    def verdict(value) -> str:
        return "" if value is None else t("income.pass" if value else "income.fail")

    output.show_record(
        [
            ("income.growth.year", result["year"]),
            (
                "income.growth.households",
                f"{result['households']} ({t('income.growth.estimated', n=result['estimated_households'])})",
            ),
            ("income.growth.before", f"{_money(result['per_capita_before'])} ({result['people_before']})"),
            ("income.growth.after", f"{_money(result['per_capita'])} ({result['people']})"),
            ("income.growth.growth", f"{pct(result['growth'])}  [{result['formula']}]"),
            ("income.growth.local", f"{pct(result['local_rate'])} → {verdict(result['passes_local'])}"),
            (
                "income.growth.province",
                f"{pct(result['province_rate'])} → {verdict(result['passes_province'])}"
                if result["province_rate"] is not None
                else "—",
            ),
            ("income.col.source", result["source"]),
        ],
        title=t("income.growth.title"),
    )
