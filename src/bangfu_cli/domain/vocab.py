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
    "unstable": ("unstable", "脱贫不稳定户", "不稳定户"),
    "marginal": ("marginal", "边缘易致贫户", "边缘户"),
    "sudden": ("sudden", "突发严重困难户", "突发户"),
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


# ---- the other kinds of assistance (DOMAIN.md §10, CONTRACT.md "The other kinds of assistance")

UNIT_LEVELS = {
    "central": ("central", "中直", "中直单位", "中央"),
    "provincial": ("provincial", "省直", "省直单位", "省"),
    "city": ("city", "市直", "市直单位", "市"),
    "county": ("county", "县直", "县直单位", "县"),
    "township": ("township", "乡镇", "乡镇单位", "镇"),
}
ACTIVITY_KINDS = {
    "plan": ("plan", "帮扶计划", "年度帮扶计划"),
    "study": ("study", "研究部署", "专题研究", "研究部署帮扶工作"),
    "principal_visit": ("principal_visit", "主要负责同志调研", "主要负责同志走访调研"),
    "deputy_visit": ("deputy_visit", "班子成员调研", "分管负责同志或班子成员调研", "分管负责同志调研"),
    "team_report": ("team_report", "听取驻村汇报", "听取驻村工作汇报"),
    "summary": ("summary", "季度工作总结", "季度工作总结报送", "工作总结"),
    "consumption": ("consumption", "消费帮扶", "消费帮扶采购或对接活动", "消费帮扶采购"),
}
TRAINING_LEVELS = {
    "national": ("national", "国家级", "国家"),
    "provincial": ("provincial", "省级", "省"),
    "city": ("city", "市级", "市"),
    "county": ("county", "县级", "县"),
    "township": ("township", "乡镇级", "乡镇"),
}
PARTNER_KINDS = {
    "head_visit": ("head_visit", "党政主要领导赴对方调研", "主要领导调研"),
    "city_mutual_visit": ("city_mutual_visit", "市级领导带队互访", "市级互访"),
    "county_mutual_visit": (
        "county_mutual_visit",
        "县级主要负责同志互访",
        "县级党政主要负责同志互访",
        "县级互访",
    ),
    "funds_disbursed": ("funds_disbursed", "资金拨付到位", "帮扶资金拨付到位"),
    "funds_spent": ("funds_spent", "资金使用完成", "帮扶资金拨付使用完成", "帮扶资金使用完成"),
    "secondment": ("secondment", "挂职", "选派挂职", "挂职干部"),
}
CONTRIBUTOR_KINDS = {
    "enterprise": ("enterprise", "企业", "民营企业"),
    "organisation": ("organisation", "社会组织", "organization"),
    "person": ("person", "个人", "爱心人士"),
}


def parse_unit_level(text: str) -> str:
    return _lookup(UNIT_LEVELS, text, "level")


def parse_activity_kind(text: str) -> str:
    return _lookup(ACTIVITY_KINDS, text, "kind")


def parse_training_level(text: str) -> str:
    return _lookup(TRAINING_LEVELS, text, "level")


def parse_partner_kind(text: str) -> str:
    return _lookup(PARTNER_KINDS, text, "kind")


def parse_contributor_kind(text: str) -> str:
    return _lookup(CONTRIBUTOR_KINDS, text, "contributor_kind")
