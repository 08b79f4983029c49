"""``bangfu overdue`` (the main report) and ``bangfu check`` (every rule; exit 1 when anything is
overdue). Both run ``services.runner.judged`` once and print what it returns."""

from operator import itemgetter
from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import AsOf, AsRecorded, Cadre, Format, Since, Township, Village, Wide
from bangfu_cli.cli.summary import print_summary
from bangfu_cli.i18n import h, t
from bangfu_cli.rules.findings import CSV_KEYS, json_rows

STATUSES = ("overdue", "due", "all")
SUMMARY_LEVELS = ("township", "village", "cadre")
# The words a clerk types for them (Chinese, and the usual short forms).
STATUS_WORDS = {"逾期": "overdue", "待办": "due", "待完成": "due", "全部": "all", "所有": "all"}
LEVEL_WORDS = {"乡镇": "township", "乡": "township", "镇": "township", "村": "village", "干部": "cadre"}


def register(app: typer.Typer) -> None:
    app.command(
        "overdue",
        help=h(
            "Who is overdue or due a visit (or other duty), by township and village.",
            "逾期与待办清单：按乡镇、村列出未按要求走访等事项。",
        ),
    )(overdue)
    app.command(
        "check",
        help=h(
            "Run every rule of the active profile; exit 1 when anything is overdue.",
            "按当前政策配置检查全部规则；有逾期时退出码为 1。",
        ),
    )(check)


RuleOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rule", help=h("Only this rule (repeatable), e.g. XF1.", "只看该规则（可重复），如 XF1。")
    ),
]


Level = Annotated[
    str | None,
    typer.Option(
        "--level",
        help=h(
            "With --summary: only the township, village or cadre table (a county's cadre table "
            "has thousands of rows).",
            "与 --summary 同用：只列乡镇（township）、村（village）或干部（cadre）一级"
            "（全县的干部表有数千行）。",
        ),
    ),
]


def _dates(as_of: str | None, since: str | None):
    from bangfu_cli.domain.dates import parse_date

    day = parse_date(as_of, "--as-of") if as_of else context.today()
    return day, parse_date(since, "--since") if since else None


def _notices(result) -> None:
    from bangfu_cli import output

    if result.calendar_fallback_years:
        years = "、".join(str(y) for y in result.calendar_fallback_years)
        output.warn(t("rules.calendar_fallback", years=years))
    if result.unevaluated:
        output.warn(t("rules.unevaluated", rules=", ".join(result.unevaluated)))


def _unknown_units(result) -> None:
    """``check`` names the cadres whose 单位 matches no unit (they make no unit owe anything)."""
    from bangfu_cli import output

    if result.unknown_unit_cadres:
        output.warn(t("rules.unknown_units", cadres=", ".join(result.unknown_unit_cadres)))


def _days(value, row) -> str:
    if row.get("status") == "overdue":
        return t("rules.days.overdue", days=row.get("days_overdue"))
    if row.get("status") == "due":
        return t("rules.days.due", days=row.get("days_left"))
    return ""


def _once_each(show, *keys: str):
    """``show(value, row)`` worked out once per distinct value of the row's ``keys`` (a
    county's listing has 2·10⁵ rows, a few hundred distinct day counts and two statuses)."""
    made: dict = {}
    key_of = itemgetter(*keys)

    def shown(value, row) -> str:
        key = key_of(row)
        text = made.get(key)
        if text is None:
            text = made[key] = show(value, row)
        return text

    return shown


def _columns(per_cadre: bool = False, households: bool = True):
    from bangfu_cli.i18n import label
    from bangfu_cli.output import Column

    # A table's columns are made for it, so these texts are in the language it is printed in.
    cols = [] if per_cadre else [Column("village", "rules.col.village")]
    if not per_cadre and households:
        cols += [
            Column("household", "rules.col.household", no_wrap=True),
            Column("head_name", "rules.col.head_name"),
        ]
    cols += [
        Column("rule", "rules.col.rule"),
        Column("period", "rules.col.period", no_wrap=True),
        Column(
            "status",
            "rules.col.status",
            show=_once_each(lambda v, r: label("status", v), "status"),
            wide=True,
        ),
        Column(
            "done",
            "rules.col.done",
            justify="right",
            show=lambda v, r: f"{r['done']}/{r['required']}",
            wide=True,
        ),
        Column(
            "days_overdue",
            "rules.col.days",
            justify="right",
            show=_once_each(_days, "status", "days_overdue", "days_left"),
        ),
        Column("cadre", "rules.col.cadre", no_wrap=True),
        Column("last_visit", "rules.col.last_visit", no_wrap=True, wide=True),
        Column("source", "rules.col.source", wide=True),
    ]
    return cols


def _print_findings(findings, result) -> None:
    """Tables grouped by township (villages in order, the most overdue first), with counts."""
    from bangfu_cli import output

    if not findings:
        output.message(t("rules.nothing", as_of=result.as_of.isoformat()))
        return
    groups: dict[str | None, list] = {}
    owed: dict[tuple, list] = {}  # the rules of units, resident cadres and the county pairing
    for f in findings:
        if f.subject_key is None:
            groups.setdefault(f.township, []).append(f)
        elif f.subject == "county_pair":
            owed.setdefault((1, f.subject_key), []).append(f)
        else:
            owed.setdefault((0, f.unit) if f.unit else (2, ""), []).append(f)
    caption = t(
        "rules.caption",
        as_of=result.as_of.isoformat(),
        since=result.since.isoformat(),
        profile=result.profile.id,
    )
    for township, items in groups.items():
        overdue = sum(1 for f in items if f.status == "overdue")
        due = len(items) - overdue
        if township is None:
            title = t("rules.per_cadre_title", overdue=overdue, due=due)
        else:
            title = t("rules.township_title", township=township, overdue=overdue, due=due)
        rows = list(json_rows(items))  # dates as ``date``s: the table shows them as ISO text
        output.table(rows, _columns(per_cadre=township is None), title=title, caption=caption)
    for (order, key), items in sorted(owed.items()):
        overdue = sum(1 for f in items if f.status == "overdue")
        counts = {"overdue": overdue, "due": len(items) - overdue}
        if order == 0:
            title = t("rules.unit_title", unit=key, **counts)
        elif order == 1:
            title = t("rules.county_pair_title", partner=key, **counts)
        else:
            title = t("rules.no_unit_title", **counts)
        rows = list(json_rows(items))
        output.table(rows, _columns(households=False), title=title, caption=caption)


def overdue(
    township: Township = None,
    village: Village = None,
    cadre: Cadre = None,
    rule: RuleOpt = None,
    as_of: AsOf = None,
    since: Since = None,
    as_recorded: AsRecorded = False,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            help=h("overdue, due or all (逾期, 待办, 全部).", "逾期（overdue）、待办（due）或全部（all）。"),
        ),
    ] = "all",
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help=h(
                "Compliance rate (met ÷ judged periods) by township, village and cadre.",
                "完成率（已完成周期 ÷ 已判断周期），按乡镇、村和干部统计。",
            ),
        ),
    ] = False,
    level: Level = None,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.domain.errors import BangfuError
    from bangfu_cli.services import runner

    fmt = output.check_format(fmt)
    wanted = STATUS_WORDS.get(status.strip(), status.strip().lower())
    if wanted not in STATUSES:
        raise BangfuError("rules.bad_status", value=status)
    levels = _levels(summary, level)
    day, start = _dates(as_of, since)
    shown = ("overdue", "due") if wanted == "all" or summary else (wanted,)
    listed = fmt if fmt != "table" and not summary else None
    selection = {"township": township, "village": village, "cadre": cadre, "rule_ids": rule}
    ledger = context.ledger()
    judging = {"statuses": shown, "fmt": listed, "as_stood": as_recorded, **selection}
    with runner.judged(ledger, day, start, **judging) as result:
        _notices(result)
        if summary:
            print_summary(result, fmt, levels, ledger)
        elif listed:
            output.emit_files(result.files, fmt, CSV_KEYS, key=result.key)
        else:
            _print_findings(result.findings, result)


def _levels(summary: bool, level: str | None) -> tuple[str, ...]:
    """The summary's levels: all, or the one ``--level`` names (only with ``--summary``)."""
    from bangfu_cli.domain.errors import BangfuError

    if level is None:
        return SUMMARY_LEVELS
    if not summary:
        raise BangfuError("rules.level_without_summary")
    levels = (LEVEL_WORDS.get(level.strip(), level.strip().lower()),)
    if levels[0] not in SUMMARY_LEVELS:
        raise BangfuError("rules.bad_level", value=level, choices=", ".join(SUMMARY_LEVELS))
    return levels


def check(
    as_of: AsOf = None, since: Since = None, as_recorded: AsRecorded = False, fmt: Format = "table"
) -> None:
    from bangfu_cli import output
    from bangfu_cli.services import compliance, runner

    fmt = output.check_format(fmt)
    day, start = _dates(as_of, since)
    listed = fmt if fmt != "table" else None
    with runner.judged(context.ledger(), day, start, fmt=listed, as_stood=as_recorded) as result:
        _notices(result)
        _unknown_units(result)
        if listed:
            output.emit_files(result.files, fmt, CSV_KEYS, key=result.key)
        else:
            from bangfu_cli.i18n import current_lang

            counts = compliance.status_counts(result.findings, result.met)
            lang = current_lang()
            rows = []
            for rule in result.rules:
                c = counts.get(rule.id, {"met": 0, "due": 0, "overdue": 0, "late": 0})
                rows.append({"rule": rule.id, "title": rule.title(lang), **c})
            output.table(
                rows,
                [
                    output.Column("rule", "rules.col.rule"),
                    output.Column("title", "rules.col.title"),
                    output.Column("overdue", "rules.col.overdue", justify="right"),
                    output.Column("due", "rules.col.due", justify="right"),
                    output.Column("met", "rules.col.met", justify="right"),
                    output.Column("late", "rules.col.late", justify="right"),
                ],
            )
    _checked(result, result.overdue, result.due)


def _checked(run, n_over: int, n_due: int) -> None:
    """The closing line of ``check`` and its exit: 1 when anything is overdue."""
    from bangfu_cli import output

    key = "rules.check_overdue" if n_over else "rules.check_ok"
    output.message(t(key, rules=len(run.rules), as_of=run.as_of.isoformat(), overdue=n_over, due=n_due))
    raise typer.Exit(1 if n_over else 0)
