"""``bangfu social import|add|list|void|rating``: social contributions (社会帮扶) and their star
rating (``social rating``, SZ12: the rules rate, the scale is the profile's)."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.assist_shared import amount_col, col, opt_year, voided_col, voided_message
from bangfu_cli.cli.import_report import report
from bangfu_cli.cli.options import File, Format
from bangfu_cli.cli.options import opt as _opt
from bangfu_cli.i18n import h, t

app = typer.Typer(no_args_is_help=True)


@app.command(
    "import",
    help=h(
        "Import social contributions from a .csv or .xlsx file.",
        "从 .csv 或 .xlsx 文件导入社会帮扶记录。",
    ),
)
def import_(path: File, fmt: Format = "table") -> None:
    from bangfu_cli import output
    from bangfu_cli.services.social import import_contributions

    fmt = output.check_format(fmt)
    report(import_contributions(context.ledger(), path), fmt)


@app.command(
    "add",
    help=h(
        "Record one contribution.",
        "登记一条社会帮扶记录。",
    ),
)
def add(
    contributor: Annotated[str, _opt("--contributor", "Who contributed.", "贡献者。")],
    contributor_kind: Annotated[
        str,
        _opt(
            "--contributor-kind", "enterprise, organisation or person.", "贡献者类型：企业、社会组织或个人。"
        ),
    ],
    day: Annotated[str, _opt("--date", "Date.", "日期。")],
    form: Annotated[
        str, _opt("--form", "Form (donation, training, purchase…).", "方式（捐赠、培训、采购等）。")
    ] = "",
    amount: Annotated[str, _opt("--amount", "Amount in yuan.", "金额（元）。")] = "",
    hours: Annotated[str, _opt("--hours", "Hours given.", "时长（小时）。")] = "",
    beneficiaries: Annotated[str, _opt("--beneficiaries", "People who benefited.", "受益人数。")] = "",
    township: Annotated[str, _opt("--township", "Township.", "乡镇。")] = "",
    village: Annotated[str, _opt("--village", "Village.", "村。")] = "",
    result: Annotated[str, _opt("--result", "What it achieved.", "成效。")] = "",
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.social import add_contribution

    fmt = output.check_format(fmt)
    row = {"contributor": contributor, "contributor_kind": contributor_kind, "date": day, "form": form}
    row |= {"amount": amount, "hours": hours, "beneficiaries": beneficiaries, "township": township}
    row |= {"village": village, "result": result}
    report(add_contribution(context.ledger(), row), fmt, added=True)


@app.command(
    "list",
    help=h(
        "List social contributions.",
        "列出社会帮扶记录。",
    ),
)
def list_(
    contributor: Annotated[
        str | None, _opt("--contributor", "Only this contributor.", "只看该贡献者。")
    ] = None,
    year: Annotated[str | None, _opt("--year", "Only this year.", "只看该年。")] = None,
    voided: Annotated[bool, _opt("--voided", "Only voided records.", "只看已作废的记录。")] = False,
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.social import list_contributions

    fmt = output.check_format(fmt)
    rows = list_contributions(context.ledger(), contributor=contributor, year=opt_year(year), voided=voided)
    columns = [
        col("id", justify="right"),
        col("date"),
        col("contributor"),
        col("contributor_kind", "contributor_kind"),
        col("form"),
        amount_col(),
        col("hours", justify="right"),
        col("beneficiaries", justify="right"),
        col("village"),
        col("result"),
        voided_col(),
    ]
    output.emit(rows, columns, fmt, caption=t("assist.count", count=len(rows)))


@app.command(
    "void",
    help=h(
        "Void a wrong contribution record (the row is kept).",
        "作废一条错误的社会帮扶记录（记录保留）。",
    ),
)
def void(
    contribution_id: Annotated[int, typer.Argument(help=h("Record id.", "记录编号。"))],
    reason: Annotated[str, _opt("--reason", "Why it is voided.", "作废原因。")],
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.social import void_contribution

    fmt = output.check_format(fmt)
    row = void_contribution(context.ledger(), contribution_id, reason)
    if not output.emit_document(row, fmt):
        output.success(voided_message("contribution", contribution_id))


@app.command(
    "rating",
    help=h(
        "Star rating of the year's social contributors (SZ12): measures, points, thresholds.",
        "社会帮扶星级评价（SZ12）：各项数值、得分与门槛。",
    ),
)
def rating(
    year: Annotated[str, _opt("--year", "The year rated.", "评价年度。")],
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services.social import rating as rate

    fmt = output.check_format(fmt)
    rated = rate(context.ledger(), opt_year(year) or 0)
    if rated["borrowed"]:
        output.warn(t("assist.rating_borrowed", profile=context.ledger().profile.id, used=rated["borrowed"]))
    rows = rated["ratings"]
    if fmt == "json":
        output.emit_json(rows)
    elif fmt == "csv":
        flat = [{**r, **{f"{m}_points": n for m, n in r.pop("points").items()}} for r in rows]
        keys = ["contributor", "contributor_kind", "year", "amount", "count", "hours", "beneficiaries"]
        output.emit_csv(flat, [*keys, *(f"{m}_points" for m in rated["scale"]), "stars"])
    else:
        _rating_table(rows, rated["scale"], year)


def _rating_table(rows: list[dict], scale: dict, year: str) -> None:
    """Each rating with its four measures and their points, then the thresholds used."""
    from bangfu_cli import output

    if not rows:
        output.message(t("assist.rating_none", year=year))
        return

    def measure(key: str, money: bool = False):
        def show(value, row) -> str:
            text = f"{value:,.2f}" if money else f"{value:,g}"
            return f"{text} ({row['points'][key]})"

        return output.Column(key, f"assist.col.{key}", justify="right", show=show)

    columns = [
        col("contributor"),
        col("contributor_kind", "contributor_kind"),
        measure("amount", money=True),
        measure("count"),
        measure("hours"),
        measure("beneficiaries"),
        output.Column("stars", "assist.col.stars", show=lambda v, r: "★" * v if v else "0"),
    ]

    def number(v: float) -> str:
        return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"

    limits = {m: " / ".join(number(v) for v in values) for m, values in scale.items()}
    output.emit(rows, columns, "table", caption=t("assist.rating_thresholds", **limits))
