"""The ledger's enumerations, with the words users type for them in Chinese and English.

Stored values are the English identifiers of DOMAIN.md §2; labels come from the i18n catalogue
under ``enum.<name>.<value>``."""

from __future__ import annotations

from bangfu_cli.domain.errors import BangfuError

MODES = {
    "home": ("home", "入户", "入户走访", "上门"),
    "phone": ("phone", "电话", "电话联系"),
    "online": ("online", "网络", "微信", "网络/微信", "视频"),
}
PAIR_KINDS = {"pair": ("pair", "结对", "结对帮扶"), "leader": ("leader", "领导联系", "联系")}
ROLES = {
    "first_secretary": ("first_secretary", "第一书记", "第一书记（工作队长）", "工作队长"),
    "team_member": ("team_member", "工作队员", "驻村工作队员", "队员"),
}
MONITOR_TYPES = {
    "unstable": ("unstable", "脱贫不稳定户"),
    "marginal": ("marginal", "边缘易致贫户"),
    "sudden": ("sudden", "突发严重困难户"),
}
RISKS = {"open": ("open", "风险未消除", "未消除"), "eliminated": ("eliminated", "风险已消除", "已消除")}
YES = ("是", "true", "yes", "y", "1", "t")
NO = ("否", "false", "no", "n", "0", "f", "")
GUARANTEE_OK = ("ok", "正常", "无", "无问题", "")


def _lookup(table: dict[str, tuple[str, ...]], text: str, field: str) -> str:
    needle = text.strip().lower()
    for value, words in table.items():
        if needle in (w.lower() for w in words):
            return value
    choices = " / ".join(f"{words[1]} ({value})" for value, words in table.items())
    raise BangfuError("input.bad_choice", field=field, value=text, choices=choices)


def parse_mode(text: str) -> str:
    return _lookup(MODES, text, "mode")


def parse_pair_kind(text: str) -> str:
    return _lookup(PAIR_KINDS, text, "kind")


def parse_role(text: str) -> str:
    return _lookup(ROLES, text, "role")


def parse_monitor_type(text: str) -> str:
    return _lookup(MONITOR_TYPES, text, "monitor_type")


def parse_risk(text: str) -> str:
    return _lookup(RISKS, text, "risk")


def parse_bool(text: str | bool | int | None, field: str) -> bool:
    if isinstance(text, bool):
        return text
    if text is None:
        return False
    needle = str(text).strip().lower()
    if needle in YES:
        return True
    if needle in NO:
        return False
    raise BangfuError("input.bad_bool", field=field, value=str(text))


def guarantee_ok(text: str | None) -> bool:
    return (text or "").strip().lower() in GUARANTEE_OK
