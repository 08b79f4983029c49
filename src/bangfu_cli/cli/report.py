"""``bangfu report quarter``: the quarterly work summary, on screen and as .html or .xlsx."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import Format, Township
from bangfu_cli.i18n import h, t

report_app = typer.Typer(no_args_is_help=True)


@report_app.command(
    "quarter",
    help=h(
        "The quarterly work summary: households by category, visits by mode, compliance by township and "
        "village, overdue list, income collection and alerts, assessments.",
        "季度工作总结：分类户数、走访方式统计、各乡镇和村的走访达标率、逾期清单、收入采集与预警、成效评估。",
    ),
)
def quarter(
    quarter: Annotated[
        str, typer.Option("--quarter", "-q", help=h("The quarter, e.g. 2026Q3.", "季度，如 2026Q3。"))
    ],
    township: Township = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help=h("Also write report.html or report.xlsx.", "同时写出 .html 或 .xlsx 文件。"),
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=h("Overwrite an existing file.", "覆盖已有文件。"))
    ] = False,
    fmt: Format = "table",
) -> None:
    from bangfu_cli import output as out
    from bangfu_cli.services import quarter_report as service

    fmt = out.check_format(fmt)
    ledger = context.ledger()
    if output:  # refuse a bad path before the work
        service.check_output(output, force)
    rep = service.quarter_report(ledger, quarter, township)
    if fmt == "json":
        from dataclasses import asdict

        out.emit_json(asdict(rep))
    elif fmt == "csv":
        out.emit_csv(
            rep.compliance_village, ["township", "village", "met", "overdue", "due", "required", "rate"]
        )
    else:
        _summary(rep)
    if output:
        path, _ = service.write_quarter_report(rep, output, force=force)
        out.success(t("report.written", path=path))


def _summary(rep) -> None:
    from bangfu_cli import output as out
    from bangfu_cli.domain.reports import CATEGORY_KEYS, MODE_KEYS, RATE_KEYS
    from bangfu_cli.i18n.reports import collection_line

    def rate(value, _row):
        return "" if value is None else f"{value * 100:.1f}%"

    out.table(
        rep.categories,
        [out.Column("township", "report.col.township")]
        + [out.Column(k, "report.col." + k, justify="right") for k in CATEGORY_KEYS],
        title=t("report.title", place=rep.township or t("report.all_townships"), quarter=rep.quarter),
        caption=t("report.subtitle", start=rep.start, end=rep.end, as_of=rep.as_of),
    )
    out.table(
        rep.visits,
        [out.Column("township", "report.col.township")]
        + [out.Column(k, "report.col." + k, justify="right") for k in MODE_KEYS],
        title=t("report.section.visits"),
    )
    cols = [out.Column("township", "report.col.township"), out.Column("village", "report.col.village")]
    cols += [
        out.Column(k, "report.col." + k, justify="right", show=rate if k == "rate" else None)
        for k in RATE_KEYS
    ]
    out.table(rep.compliance_township, [cols[0], *cols[2:]], title=t("report.section.rate_township"))
    out.table(rep.compliance_village, cols, title=t("report.section.rate_village"))
    out.show_record(
        [
            ("report.line.overdue", len(rep.overdue)),
            ("report.line.collection", collection_line(rep)),
            ("report.line.alerts", len(rep.alerts)),
            (
                "report.line.assessments",
                "、".join(f"{t('assess.conclusion.' + k)} {n}" for k, n in sorted(rep.assessments.items()))
                or t("report.none"),
            ),
        ]
    )
    if rep.missing_parts:
        out.warn(t("report.missing_parts", parts=", ".join(rep.missing_parts)))
