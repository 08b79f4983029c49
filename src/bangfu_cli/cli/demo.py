"""``bangfu demo``: fill the ledger with the bundled sample township, or (with ``--households``)
a synthetic county."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.i18n import h, t


def register(app: typer.Typer) -> None:
    app.command(
        "demo",
        help=h(
            "Load the bundled sample township into the ledger (or, with --households, a synthetic county).",
            "把自带的样例乡镇载入账本（或用 --households 生成模拟县）。",
        ),
    )(demo)


def demo(
    households: Annotated[
        int | None,
        typer.Option(
            "--households", min=1, help=h("Generate this many synthetic households.", "生成的模拟农户数。")
        ),
    ] = None,
    years: Annotated[int, typer.Option("--years", min=1, help=h("Years of history.", "历史年数。"))] = 2,
    seed: Annotated[
        int, typer.Option("--seed", help=h("Random seed (same seed, same ledger).", "随机种子。"))
    ] = 1,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.cli.import_report import report_warnings
    from bangfu_cli.services import samples, setup

    # like ``init``, demo sets the ledger up when there is none (the README's first command relies on it)
    ledger = context.ledger(create=True)
    setup.ensure_profile(ledger, None)
    if households is not None:
        samples.generate_county(ledger, households=households, years=years, seed=seed)
        output.success(t("demo.generated", households=households, path=ledger.display))
        return
    # the late reason is stored with the records, in the language of the command
    for done in samples.load_samples(ledger, t("demo.late_reason")):
        output.message(t("import.done", **done.counts()))
        report_warnings(done)  # rows of the samples taken with a warning
    assessed = _assess_samples(ledger)
    if assessed:
        output.message(t("demo.assessed", count=assessed))
    output.success(t("demo.loaded", path=ledger.display))


SAMPLE_YEARS = (2025, 2026)  # the years the samples' visits and income cover
ASSESS_BEFORE_END = 5  # a quarter's assessment is dated this many days before the quarter ends


def _assess_samples(ledger) -> int:
    """Record the quarterly assessments (XF8) a county would have made on the samples: each
    quarter of the sample years that has reached its assessment day, dated that day, with the
    conclusions ``assess`` proposes. A quarter that already has assessments is left as it is,
    so loading the samples again changes nothing."""
    from datetime import timedelta

    from bangfu_cli.domain.income import quarter_of
    from bangfu_cli.services import assess

    count = 0
    for year in SAMPLE_YEARS:
        for quarter in range(1, 5):
            period = quarter_of(f"{year}Q{quarter}")
            day = period.end - timedelta(days=ASSESS_BEFORE_END)
            if day > ledger.today:
                return count
            if not assess.list_assessments(ledger, period.label):
                count += len(assess.save(ledger, period.label, day.isoformat()))
    return count
