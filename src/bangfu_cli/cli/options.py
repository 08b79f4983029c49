"""Option aliases shared by several commands, so every command spells them the same way."""

from typing import Annotated

import typer

from bangfu_cli.i18n import h

Format = Annotated[
    str,
    typer.Option("--format", "-f", help=h("Output: table, json or csv.", "输出格式：table、json 或 csv。")),
]
Township = Annotated[str | None, typer.Option("--township", help=h("Only this township.", "只看该乡镇。"))]
Village = Annotated[str | None, typer.Option("--village", help=h("Only this village.", "只看该村。"))]
Cadre = Annotated[
    str | None,
    typer.Option("--cadre", help=h("Only this cadre (code or name).", "只看该干部（编号或姓名）。")),
]
HouseholdOpt = Annotated[
    str | None,
    typer.Option(
        "--household", help=h("Only this household (code or head's name).", "只看该户（户编号或户主姓名）。")
    ),
]
Category = Annotated[
    str | None,
    typer.Option(
        "--category",
        help=h(
            "tuopin, monitored, unstable, marginal or sudden (脱贫户, 监测对象, 不稳定户, 边缘户, 突发户).",
            "类别：脱贫户、监测对象、脱贫不稳定户（不稳定户）、边缘易致贫户（边缘户）或突发严重困难户（突发户）。",
        ),
    ),
]
Risk = Annotated[
    str | None,
    typer.Option(
        "--risk", help=h("open or eliminated.", "风险状态：open（未消除）或 eliminated（已消除）。")
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help=h("Judge as of this date (default today).", "按该日期判断（默认今天）。")),
]
AsRecorded = Annotated[
    bool,
    typer.Option(
        "--as-recorded",
        help=h(
            "With --as-of a past day: the ledger as it stood at the end of that day (records"
            " entered, voided or corrected later left out).",
            "与 --as-of 同用：按该日结束时台账的样子判断（之后录入、作废或更正的记录不算）。",
        ),
    ),
]
Since = Annotated[
    str | None,
    typer.Option(
        "--since",
        help=h(
            "List periods ending on or after this date (default: one year before --as-of).",
            "列出在该日期及以后结束的周期（默认：判断日期前一年）。",
        ),
    ),
]
Reveal = Annotated[
    bool,
    typer.Option(
        "--reveal",
        help=h(
            "Show full ID numbers and phones (written to the audit log).",
            "显示完整证件号码和电话（记入审计日志）。",
        ),
    ),
]


def opt(name: str, en: str, zh: str):
    """An option with its help in both languages: ``opt("--to", "Up to this date.", "截止日期。")``."""
    return typer.Option(name, help=h(en, zh))


def opt_date(text: str | None, field: str):
    """The date an optional date option was given (None when it was not)."""
    from bangfu_cli.domain.dates import parse_date

    return parse_date(text, field) if text else None


File = Annotated[str, typer.Argument(help=h("A .csv or .xlsx file.", ".csv 或 .xlsx 文件。"))]


def _set_wide(value: bool) -> bool:
    if value:
        from bangfu_cli.output.tables import set_wide

        set_wide(True)
    return value


Wide = Annotated[
    bool,
    typer.Option(
        "--wide",
        callback=_set_wide,
        help=h(
            "Show every column on the screen, however narrow the terminal (json and csv always have all).",
            "屏幕上显示全部列，无论终端多窄（json、csv 总是全部列）。",
        ),
    ),
]
