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
    from bangfu_cli.cli.assist_shared import warning_text
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
        output.message(t("import.done", **done))
        for item in done.get("warnings", ()):  # rows of the assistance samples taken with a warning
            output.warn(warning_text(item))
    output.success(t("demo.loaded", path=ledger.display))
