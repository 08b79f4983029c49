"""``bangfu rules [ID]``: the active profile's rules with their clauses and plain meaning."""

from typing import Annotated

import typer

from bangfu_cli.cli import context
from bangfu_cli.cli.options import Format, Wide
from bangfu_cli.i18n import catalogue, current_lang, h, label, t


def register(app: typer.Typer) -> None:
    app.command(
        "rules",
        help=h(
            "The active profile's rules: clause, meaning, who and how often.",
            "当前政策配置的规则：条款、含义、对象与频次。",
        ),
    )(rules)


def rule_record(rule, lang: str) -> dict:
    from bangfu_cli.rules.engine import EVALUATORS

    return {
        "id": rule.id,
        "kind": rule.kind,
        "subject": rule.subject,
        "source": rule.source,
        "title": rule.title(lang),
        "meaning": rule.meaning(lang),
        "title_zh": rule.title_zh,
        "title_en": rule.title_en,
        "meaning_zh": rule.meaning_zh,
        "meaning_en": rule.meaning_en,
        "enabled": rule.enabled,
        "evaluated": rule.enabled and rule.kind in EVALUATORS,
        "selector": rule.selector,
        "visitor": rule.visitor,
        "modes": list(rule.modes),
        "period": rule.period,
        "min_count": rule.min_count,
        "workdays": rule.workdays,
        "deadline": _deadline(rule),
        "activity": rule.activity,
    }


def _deadline(rule) -> str | None:
    """The rule's fixed deadlines as month-days ("03-31"; XF9: one in each quarter), or None."""
    days = rule.deadlines or ((rule.deadline,) if rule.deadline else ())
    return ", ".join(f"{m:02d}-{d:02d}" for m, d in days) or None


def rules(
    rule_id: Annotated[
        str | None, typer.Argument(help=h("One rule, e.g. XF3.", "某条规则，如 XF3。"))
    ] = None,
    fmt: Format = "table",
    wide: Wide = False,
) -> None:
    from bangfu_cli import output
    from bangfu_cli.domain.errors import BangfuError
    from bangfu_cli.i18n import current_lang

    fmt = output.check_format(fmt)
    profile = context.ledger().profile
    lang = current_lang()
    chosen = list(profile.rules)
    if rule_id:
        rule = profile.rule(rule_id)
        if rule is None:
            raise BangfuError(
                "rules.unknown_rule",
                rule=rule_id,
                profile=profile.id,
                known=", ".join(r.id for r in profile.rules),
            )
        chosen = [rule]
    records = [rule_record(r, lang) for r in chosen]
    if fmt == "json":
        output.emit_json(records[0] if rule_id else records)
        return
    if fmt == "csv":
        keys = ["id", "kind", "subject", "source", "title", "period", "min_count", "enabled", "meaning"]
        output.emit_csv(records, keys)
        return
    if rule_id:
        _show_rule(records[0])
    else:
        _show_rules(records, profile)


def _show_rule(r: dict) -> None:
    """One rule on screen, field by field."""
    from bangfu_cli import output

    output.show_record(
        [
            ("rules.col.id", r["id"]),
            ("rules.col.title", r["title"]),
            ("rules.col.source", r["source"]),
            ("rules.col.meaning", r["meaning"]),
            ("rules.col.kind", t(f"rules.kind.{r['kind']}")),
            ("rules.col.selector", _word("selector", r["selector"]) or _word("subject", r["subject"])),
            ("rules.col.visitor", _word("visitor", r["visitor"])),
            ("rules.col.modes", [label("mode", m) for m in r["modes"]]),
            ("rules.col.period", _period(r)),
            ("rules.col.enabled", _state(r)),
        ]
    )


def _show_rules(records: list[dict], profile) -> None:
    """The profile's rules on screen, one line each."""
    from bangfu_cli import output

    rows = [{**r, "period": _period(r), "enabled": _state(r)} for r in records]
    output.table(
        rows,
        [
            output.Column("id", "rules.col.id", no_wrap=True),
            output.Column("title", "rules.col.title"),
            output.Column("source", "rules.col.source"),
            output.Column("period", "rules.col.period"),
            output.Column("enabled", "rules.col.enabled"),
        ],
        title=t("rules.rules_title", profile=profile.id, document=profile.document),
    )


def _period(r: dict) -> str:
    parts = []
    if r["period"]:
        parts.append(f"≥{r['min_count']} / {t('rules.period.' + r['period'])}")
    if r["workdays"]:
        parts.append(t("rules.workdays", n=r["workdays"]))
    if r["deadline"]:
        parts.append(f"≤ {r['deadline']}")
    return "; ".join(parts) or t(f"rules.kind.{r['kind']}")


def _word(kind: str, value: str | None) -> str | None:
    """A selector, visitor or subject id in the interface language (the id when none is known)."""
    if not value:
        return None
    key = f"rules.{kind}.{value}"
    return t(key) if key in catalogue(current_lang()) else value


def _state(r: dict) -> str:
    if not r["enabled"]:
        return t("rules.disabled")
    if not r["evaluated"]:
        return t("rules.no_evaluator")
    return t("enum.bool.true")
