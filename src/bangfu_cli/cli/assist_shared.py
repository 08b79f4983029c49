"""What the commands of the other kinds of assistance share: a listing's columns, an optional year
option (dates: ``options.opt_date``; an import's result: ``cli.import_report``)."""

from bangfu_cli.i18n import label, t


def col(key: str, enum: str | None = None, justify: str = "left"):
    from bangfu_cli.output import Column

    show = (lambda value, row: label(enum, value) if value else "") if enum else None
    return Column(key, f"assist.col.{key}", justify=justify, show=show)


def amount_col():
    """Yuan with two decimals; nothing for none."""
    from bangfu_cli.output import Column

    return Column("amount", "assist.col.amount", justify="right", show=lambda v, r: f"{v:,.2f}" if v else "")


def voided_col():
    from bangfu_cli.output import Column

    return Column("voided", "assist.col.voided", show=lambda v, r: t("enum.bool.true") if v else "")


def opt_year(text: str | None, field: str = "--year") -> int | None:
    from bangfu_cli.domain.errors import BangfuError

    if text is None:
        return None
    value = text.strip().removesuffix("年")
    if not (value.isdigit() and len(value) == 4):
        raise BangfuError("assist.bad_year", field=field, value=text)
    return int(value)


def voided_message(what: str, record_id: int) -> str:
    return t("assist.voided", what=t(f"assist.entity.{what}"), id=record_id)
