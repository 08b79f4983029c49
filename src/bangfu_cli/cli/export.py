"""``bangfu export register``: the visit register (登记册) as xlsx, html or csv."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import Cadre, Reveal, Township, Village
from bangfu_cli.i18n import h, t

export_app = typer.Typer(no_args_is_help=True)

Output = Annotated[
    str,
    typer.Option("--output", "-o", help=h("The file to write.", "输出文件。"), show_default=False),
]
Force = Annotated[bool, typer.Option("--force", help=h("Overwrite an existing file.", "覆盖已有文件。"))]
FileFormat = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help=h("xlsx, html or csv (default: from the file name).", "xlsx、html 或 csv（默认按文件扩展名）。"),
    ),
]
Layout = Annotated[
    str,
    typer.Option(
        "--layout",
        help=h(
            "book: a sheet per village, a page per household (for printing); flat: one row per visit.",
            "book：每村一个工作表、每户一页（用于打印装订）；flat：每次走访一行。",
        ),
    ),
]


@export_app.command(
    "register",
    help=h(
        "The visit register (登记册) of a township, village or cadre: per household its facts, pairing "
        "history, visits with a blank signature column, and quarterly income.",
        "导出帮扶情况登记册（乡镇、村或干部）：每户基本情况、结对历史、走访记录（含农户签字栏）与季度收入。",
    ),
)
def register(
    output: Output,
    fmt: FileFormat = None,
    township: Township = None,
    village: Village = None,
    cadre: Cadre = None,
    year: Annotated[
        int | None, typer.Option("--year", help=h("Visits of this year.", "只含该年度的走访。"))
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help=h("Visits on or after this date.", "起始日期（含）。"))
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help=h("Visits on or before this date.", "截止日期（含）。"))
    ] = None,
    layout: Layout = "book",
    reveal: Reveal = False,
    force: Force = False,
) -> None:
    from bangfu_cli import output as out
    from bangfu_cli.services import register as service

    ledger = context.ledger()
    sel = service.build_selection(
        ledger,
        township=township,
        village=village,
        cadre=cadre,
        year=year,
        date_from=date_from,
        date_to=date_to,
        reveal=reveal,
    )
    with out.progress(None, t("export.progress")) as bar:

        def start(total: int):
            task = bar.add_task(t("export.progress"), total=total)
            return lambda n: bar.advance(task, 1)

        result = service.export_register(
            ledger, sel, output=output, fmt=fmt, layout=layout, force=force, progress=start
        )
    if reveal:
        out.warn(t("audit.reveal_note"))
    if result.households == 0:
        out.warn(t("export.empty"))
    out.success(t("export.written", path=result.path, households=result.households, visits=result.visits))


@export_app.command(
    "unit-register",
    help=h(
        "The register of the assistance units (单位帮扶工作台账) for one year: per unit its villages, "
        "its activities by date and the trainings of its resident cadres, a page per unit.",
        "导出帮扶单位年度工作台账：每个单位一页，含定点帮扶村、按日期排列的帮扶活动与驻村干部培训。",
    ),
)
def unit_register(
    output: Output,
    year: Annotated[int, typer.Option("--year", help=h("The year.", "年度。"), show_default=False)],
    fmt: FileFormat = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help=h("Only this unit (code or name).", "只导出该单位（编号或名称）。")),
    ] = None,
    township: Annotated[
        str | None,
        typer.Option(
            "--township", help=h("Units assisting a village of this township.", "只导出帮扶该乡镇村的单位。")
        ),
    ] = None,
    force: Force = False,
) -> None:
    from bangfu_cli import output as out
    from bangfu_cli.services import unit_register as service

    ledger = context.ledger()
    sel = service.build_selection(ledger, year=year, unit=unit, township=township)
    result = service.export_unit_register(ledger, sel, output=output, fmt=fmt, force=force)
    if result.units == 0:
        out.warn(t("export.unit.empty"))
    out.success(
        t(
            "export.unit.written",
            path=result.path,
            units=result.units,
            activities=result.activities,
            trainings=result.trainings,
        )
    )
