"""``bangfu visit add|list|show|void|import``: the visit register."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import Cadre, File, Format, HouseholdOpt, Township, Village, Wide
from bangfu_cli.i18n import h, t

visit_app = typer.Typer(no_args_is_help=True)

Text = Annotated[str | None, typer.Option()]


def _opt(name: str, en: str, zh: str):
    return typer.Option(name, help=h(en, zh))


@visit_app.command("add", help=h("Record a visit to a household.", "登记一次走访。"))
def add(
    household: Annotated[
        str, _opt("--household", "Household (户编号 or head's name).", "户（户编号或户主姓名）。")
    ],
    cadre: Annotated[str, _opt("--cadre", "Cadre (干部编号 or name).", "干部（干部编号或姓名）。")],
    day: Annotated[str, _opt("--date", "Date of the visit.", "走访日期。")],
    mode: Annotated[
        str, _opt("--mode", "home, phone or online (入户/电话/网络).", "方式：入户、电话或网络。")
    ],
    content: Annotated[str | None, _opt("--content", "What was learned.", "走访内容。")] = None,
    problems: Annotated[str | None, _opt("--problems", "Problems found.", "发现问题。")] = None,
    measures: Annotated[str | None, _opt("--measures", "Measures taken.", "帮扶措施。")] = None,
    follow_up: Annotated[str | None, _opt("--follow-up", "Follow-up.", "后续跟进。")] = None,
    guarantees: Annotated[
        str | None,
        _opt(
            "--guarantees",
            "三保障/饮水 overall: ok or the issue found.",
            "三保障饮水总体：正常或发现的问题。",
        ),
    ] = None,
    education: Annotated[
        str | None, _opt("--education", "Education: ok or the issue.", "教育：正常或问题。")
    ] = None,
    medical: Annotated[
        str | None, _opt("--medical", "Medical care: ok or the issue.", "医疗：正常或问题。")
    ] = None,
    housing: Annotated[
        str | None, _opt("--housing", "Housing: ok or the issue.", "住房：正常或问题。")
    ] = None,
    water: Annotated[
        str | None, _opt("--water", "Drinking water: ok or the issue.", "饮水：正常或问题。")
    ] = None,
    photo: Annotated[str | None, _opt("--photo", "A photo file to attach.", "附上一张照片。")] = None,
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.domain.dates import parse_date
    from bangfu_cli.services import visits

    fmt = output.check_format(fmt)
    outcome = visits.add_visit(
        context.ledger(),
        household=household,
        cadre=cadre,
        day=parse_date(day, "--date"),
        mode=mode,
        content=content,
        problems=problems,
        measures=measures,
        follow_up=follow_up,
        guarantees=visits.guarantees_text(
            guarantees, education=education, medical=medical, housing=housing, water=water
        ),
        photo=photo,
    )
    _say_added(outcome, fmt)


def _say_added(outcome, fmt: str) -> None:
    """What a recorded visit settled and what is still due: JSON, or lines on screen."""
    from bangfu_cli import output
    from bangfu_cli.cli.import_report import say_warnings, warnings_json

    say_warnings(outcome.warnings)
    if outcome.calendar_fallback_years:
        years = "、".join(str(y) for y in outcome.calendar_fallback_years)
        output.warn(t("rules.calendar_fallback", years=years))
    if fmt == "json":
        output.emit_json(
            {
                **outcome.visit,
                "warnings": warnings_json(outcome.warnings),
                "satisfied": [f.to_json() for f in outcome.satisfied],
                "still_due": [f.to_json() for f in outcome.still_due],
            }
        )
        return
    output.success(t("visits.added", id=outcome.visit["id"], household=outcome.visit["household"]))
    from bangfu_cli.i18n.reports import describe

    for f in outcome.satisfied:
        output.message("  ✓ " + t("rules.finding.satisfied", rule=f.rule, period=f.period))
    if outcome.still_due:
        output.message(t("visits.still_due", count=len(outcome.still_due)))
        for f in outcome.still_due:
            output.message("  • " + describe(f))
    else:
        output.message(t("visits.nothing_due"))


def _when(value) -> str:
    """A recorded time in the ledger's time zone."""
    from datetime import datetime

    from bangfu_cli.output.tables import local_time

    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return local_time(value) if isinstance(value, datetime) else ""


def _columns():
    from bangfu_cli.i18n import label
    from bangfu_cli.output import Column

    return [
        Column("id", "visits.col.id", justify="right"),
        Column("date", "visits.col.date", no_wrap=True),
        Column("household", "visits.col.household"),
        Column("head_name", "visits.col.head_name"),
        Column("village", "visits.col.village", wide=True),
        Column("cadre_name", "visits.col.cadre"),
        Column("mode", "visits.col.mode", show=lambda v, r: label("mode", v)),
        Column("content", "visits.col.content"),
        Column("guarantees", "visits.col.guarantees", wide=True),
        Column("voided", "visits.col.voided", show=lambda v, r: t("enum.bool.true") if v else "", wide=True),
    ]


@visit_app.command("list", help=h("List visits.", "列出走访记录。"))
def list_(
    household: HouseholdOpt = None,
    cadre: Cadre = None,
    township: Township = None,
    village: Village = None,
    date_from: Annotated[str | None, _opt("--from", "From this date.", "起始日期。")] = None,
    date_to: Annotated[str | None, _opt("--to", "Up to this date.", "截止日期。")] = None,
    mode: Annotated[str | None, _opt("--mode", "Only this mode.", "只看该方式。")] = None,
    voided: Annotated[bool, _opt("--voided", "Only voided visits.", "只看已作废的走访。")] = False,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.domain.dates import parse_date
    from bangfu_cli.services import visits

    fmt = output.check_format(fmt)
    rows = visits.list_visits(
        context.ledger(),
        household=household,
        cadre=cadre,
        township=township,
        village=village,
        date_from=parse_date(date_from, "--from") if date_from else None,
        date_to=parse_date(date_to, "--to") if date_to else None,
        mode=mode,
        voided=voided,
    )
    output.emit(rows, _columns(), fmt, caption=t("visits.count", count=len(rows)))


@visit_app.command("show", help=h("Show one visit.", "查看一次走访。"))
def show(
    visit_id: Annotated[int, typer.Argument(help=h("Visit id.", "走访编号。"))],
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import visits

    fmt = output.check_format(fmt)
    row = visits.show_visit(context.ledger(), visit_id)
    _print_one(row, fmt)


def _print_one(row: dict, fmt: str) -> None:
    from bangfu_cli import output
    from bangfu_cli.i18n import label

    if fmt == "json":
        output.emit_json(row)
        return
    if fmt == "csv":
        output.emit_csv([row], list(row))
        return
    pairs = [
        ("visits.col.id", row["id"]),
        ("visits.col.date", row["date"]),
        (
            "visits.col.household",
            f"{row['household']} {row['head_name']} ({row['township']} {row['village']})",
        ),
        ("visits.col.cadre", f"{row['cadre']} {row['cadre_name']}"),
        ("visits.col.mode", label("mode", row["mode"])),
        ("visits.col.content", row["content"]),
        ("visits.col.problems", row["problems"]),
        ("visits.col.measures", row["measures"]),
        ("visits.col.guarantees", row["guarantees"]),
        ("visits.col.follow_up", row["follow_up"]),
        ("visits.col.photo", row["photo"]),
        ("visits.col.recorded", f"{_when(row['recorded_at'])} {row['recorded_by']}"),
    ]
    if row["voided"]:
        pairs.append(
            ("visits.col.voided", f"{_when(row['voided_at'])} {row['voided_by']}: {row['void_reason']}")
        )
    output.show_record(pairs)


@visit_app.command(
    "void", help=h("Void a wrong visit (the row is kept).", "作废一条错误的走访（记录保留）。")
)
def void(
    visit_id: Annotated[int, typer.Argument(help=h("Visit id.", "走访编号。"))],
    reason: Annotated[str, _opt("--reason", "Why it is voided.", "作废原因。")],
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import visits

    fmt = output.check_format(fmt)
    row = visits.void_visit(context.ledger(), visit_id, reason)
    if fmt == "json":
        output.emit_json(row)
        return
    output.success(t("visits.voided", id=visit_id))


@visit_app.command(
    "import", help=h("Import visits from a .csv or .xlsx file.", "从 .csv 或 .xlsx 文件导入走访。")
)
def import_(path: File, fmt: Format = "table") -> None:
    from bangfu_cli import output
    from bangfu_cli.services.visit_import import import_visits

    fmt = output.check_format(fmt)
    from bangfu_cli.cli.import_report import report

    report(import_visits(context.ledger(), path), fmt)
