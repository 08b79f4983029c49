"""What a help page writes after an option and in place of an argument: one rule, here.

A date option shows ``日期`` / ``DATE``, a household ``户编号`` / ``HOUSEHOLD``, a file ``文件`` /
``FILE``; an option whose values are a stored vocabulary lists them (``--mode home|phone|online``).
The word comes from the parameter's name; a name this does not know shows ``数`` / ``N`` for a
whole number and ``值`` / ``VALUE`` otherwise — never Typer's ``<str>`` or ``<int>``. The same word
names an argument in the usage line, in its help and in its errors (``年份`` for
``calendar show YEAR``)."""

from __future__ import annotations

from typing import Any

# parameter name → (Chinese, English)
_DATE = ("日期", "DATE")
_CADRE = ("干部", "CADRE")
WORDS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        (
            "as_of",
            "since",
            "until",
            "on",
            "day",
            "start",
            "end",
            "date_from",
            "date_to",
            "eliminated_on",
            "monitored_on",
            "plaque_on",
        ),
        _DATE,
    ),
    **dict.fromkeys(("cadre", "to", "collector"), _CADRE),
    **dict.fromkeys(
        ("file", "path", "output", "attachment", "photo", "report", "since_last"), ("文件", "FILE")
    ),
    "household": ("户编号", "HOUSEHOLD"),
    **dict.fromkeys(("local_rate", "province_rate"), ("增速", "RATE")),
    "township": ("乡镇", "TOWNSHIP"),
    "village": ("村", "VILLAGE"),
    "unit": ("单位", "UNIT"),
    "year": ("年份", "YEAR"),
    "years": ("年数", "YEARS"),
    "quarter": ("季度", "QUARTER"),
    "for_": ("期间", "PERIOD"),
    "fmt": ("格式", "FORMAT"),
    "layout": ("版式", "LAYOUT"),
    "db": ("账本", "LEDGER"),
    "by": ("登记人", "NAME"),
    "name": ("名称", "NAME"),
    "head_name": ("姓名", "NAME"),
    "contributor": ("名称", "NAME"),
    "id_number": ("证件号码", "ID"),
    "phone": ("电话", "PHONE"),
    "code": ("编号", "CODE"),
    "key": ("编号", "CODE"),
    "rule_id": ("规则", "RULE"),
    "rule": ("规则", "RULE"),
    "profile": ("配置", "PROFILE"),
    "role": ("职务", "ROLE"),
    "category": ("类别", "CATEGORY"),
    "kind": ("类型", "KIND"),
    "contributor_kind": ("类型", "KIND"),
    "level": ("层级", "LEVEL"),
    "form": ("方式", "FORM"),
    "action": ("操作", "ACTION"),
    "entity": ("记录类型", "KIND"),
    "what": ("操作", "ACTION"),
    "head": ("哈希", "HASH"),
    "timezone": ("时区", "ZONE"),
    "spec": ("设置", "SETTING"),
    "size": ("人数", "N"),
    "people": ("人员", "NAMES"),
    "beneficiaries": ("人数", "N"),
    "place": ("地点", "PLACE"),
    "position": ("职务", "POSITION"),
    "hours": ("学时", "HOURS"),
    "limit": ("条数", "N"),
    "households": ("户数", "N"),
    "seed": ("种子", "N"),
    "activity_id": ("编号", "ID"),
    "contribution_id": ("编号", "ID"),
    "training_id": ("编号", "ID"),
    "visit_id": ("编号", "ID"),
    **dict.fromkeys(
        (
            "amount",
            "wage",
            "business",
            "business_cost",
            "property_",
            "transfer",
            "rigid_expense",
            "excluded",
        ),
        ("金额", "AMOUNT"),
    ),
    **dict.fromkeys(
        (
            "reason",
            "note",
            "content",
            "result",
            "problems",
            "measures",
            "follow_up",
            "source",
            "education",
            "medical",
            "housing",
            "water",
            "guarantees",
            "correct",
            "late",
        ),
        ("说明", "NOTE"),
    ),
}
# options whose values are a stored vocabulary (i18n ``enum.<name>``), listed in their help
CHOICES = {
    "contributor_kind": "enum.contributor_kind",
    "mode": "enum.mode",
    "monitor_type": "enum.monitor_type",
    "risk": "enum.risk",
}
# ``overdue --status`` takes the statuses it lists, or all of them
FIXED_CHOICES = {"lang": ("zh", "en"), "status": ("overdue", "due", "all")}


def _lang() -> str:
    from bangfu_cli.i18n import current_lang

    return current_lang()


def choices(name: str | None) -> tuple[str, ...] | None:
    """The stored values an option takes, when they are a known vocabulary."""
    if name in FIXED_CHOICES:
        return FIXED_CHOICES[name]
    table = CHOICES.get(name or "")
    if table is None:
        return None
    from bangfu_cli.i18n import catalogue

    prefix = table + "."
    return tuple(k.removeprefix(prefix) for k in catalogue("en") if k.startswith(prefix))


def word(param: Any) -> str:
    """The word for ``param``'s value in the interface's language."""
    name = getattr(param, "name", None) or ""
    found = choices(name)
    if found:
        return "|".join(found)
    pair = WORDS.get(name)
    if pair is None:
        annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
        pair = ("数", "N") if annotation is int else ("值", "VALUE")
    return pair[0] if _lang() == "zh" else pair[1]


def install() -> bool:
    """Put ``word`` where Typer writes a value's type (``<str>``) and an argument's name; False
    when this Typer has no such places."""
    try:
        from typer import core
    except ImportError:
        return False
    parameter, argument = getattr(core, "_TyperParameter", None), getattr(core, "TyperArgument", None)
    if parameter is None or argument is None or not hasattr(parameter, "display_type"):
        return False
    if getattr(parameter.display_type, "bangfu_words", False):
        return True

    def display_type(self: Any, ctx: Any) -> str:
        return "" if self.param_type_name == "argument" else word(self)

    display_type.bangfu_words = True  # type: ignore[attr-defined]
    parameter.display_type = display_type
    # an argument is named by its word in the usage line, its help and its errors
    argument.display_name_raw = property(lambda self: self.metavar or word(self))

    def usage_name(self: Any) -> str:
        name = self.display_name_raw
        if not self.required and not name.startswith("["):  # a metavar may say its brackets
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    argument._usage_display_name = usage_name
    return True
