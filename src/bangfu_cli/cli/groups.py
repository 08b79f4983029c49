"""Every command of ``bangfu``, in the order ``bangfu --help`` lists them: the ledger first, then
the records a clerk keeps, then what the township and county read out of them.

An entry is a Typer sub-app with its name and help, or a ``register(app)`` function that adds
top-level commands. Each module imports only typer and light modules when loaded."""

from bangfu_cli.cli import (
    access,
    assess,
    audit,
    cadre,
    calendar_cmd,
    demo,
    exchange,
    export,
    household,
    income,
    ledger_cmd,
    overdue,
    pair,
    report,
    role,
    rules_cmd,
    visit,
)
from bangfu_cli.cli.assistance_groups import ENTRIES as ASSISTANCE  # unit, activity, training, …
from bangfu_cli.i18n import h

ENTRIES: list = [
    ledger_cmd.register,  # init, info
    (ledger_cmd.profile_app, "profile", h("The active policy profile.", "当前政策配置。")),
    (household.app, "household", h("Households and their status history.", "农户及其状态历史。")),
    (cadre.app, "cadre", h("Cadres (帮扶干部).", "帮扶干部。")),
    (pair.app, "pair", h("Pairings of cadres with households (结对).", "结对关系。")),
    (role.app, "role", h("Village roles: first secretaries, team members.", "驻村任职：第一书记、队员。")),
    (visit.visit_app, "visit", h("Visits: add, list, void, import.", "走访：登记、查询、作废、导入。")),
    (income.income_app, "income", h("Quarterly income, thresholds, alerts.", "季度收入、监测范围与预警。")),
    (assess.assess_app, "assess", h("Quarterly assessment (帮扶成效评估).", "季度帮扶成效评估。")),
    *ASSISTANCE,
    overdue.register,  # overdue, check
    rules_cmd.register,  # rules
    (calendar_cmd.app, "calendar", h("The official holiday calendar, as data.", "国家节假日安排（数据）。")),
    (export.export_app, "export", h("Export the register (登记册).", "导出登记册。")),
    (report.report_app, "report", h("Quarterly work summary.", "季度工作总结。")),
    audit.register,  # audit
    (
        access.access_app,
        "access",
        h("Township accounts on a shared PostgreSQL ledger.", "共享 PostgreSQL 账本的乡镇账号权限。"),
    ),
    demo.register,  # demo
    exchange.register,  # export ledger, merge
]
