"""The command groups of ``bangfu`` and the top-level commands, in the order help lists them."""

from __future__ import annotations

from bangfu_cli.cli import ledger_cmd

GROUPS: list = []
COMMANDS = [ledger_cmd.register]

from bangfu_cli.cli import export as _export  # noqa: E402
from bangfu_cli.i18n import h as _h  # noqa: E402

GROUPS.append((_export.export_app, "export", _h("Export the register (登记册).", "导出登记册。")))

from bangfu_cli.cli import assess as _assess  # noqa: E402
from bangfu_cli.cli import income as _income  # noqa: E402

_INCOME_HELP = _h("Quarterly income, thresholds, alerts.", "季度收入、监测范围与预警。")
GROUPS.append((_income.income_app, "income", _INCOME_HELP))
GROUPS.append(
    (_assess.assess_app, "assess", _h("Quarterly assessment (帮扶成效评估).", "季度帮扶成效评估。"))
)

from bangfu_cli.cli import audit as _audit  # noqa: E402
from bangfu_cli.cli import cadre as _cadre  # noqa: E402
from bangfu_cli.cli import demo as _demo  # noqa: E402
from bangfu_cli.cli import household as _household  # noqa: E402
from bangfu_cli.cli import pair as _pair  # noqa: E402
from bangfu_cli.cli import role as _role  # noqa: E402

GROUPS.append((_household.app, "household", _h("Households and their status history.", "农户及其状态历史。")))
GROUPS.append((_cadre.app, "cadre", _h("Cadres (帮扶干部).", "帮扶干部。")))
GROUPS.append((_pair.app, "pair", _h("Pairings of cadres with households (结对).", "结对关系。")))
GROUPS.append(
    (_role.app, "role", _h("Village roles: first secretaries, team members.", "驻村任职：第一书记、队员。"))
)
COMMANDS.append(_demo.register)
COMMANDS.append(_audit.register)

from bangfu_cli.cli import overdue as _overdue  # noqa: E402
from bangfu_cli.cli import rules_cmd as _rules_cmd  # noqa: E402

COMMANDS.extend([_overdue.register, _rules_cmd.register])

from bangfu_cli.cli import visit as _visit  # noqa: E402

GROUPS.append(
    (_visit.visit_app, "visit", _h("Visits: add, list, void, import.", "走访：登记、查询、作废、导入。"))
)

from bangfu_cli.cli import report as _report  # noqa: E402

GROUPS.append((_report.report_app, "report", _h("Quarterly work summary.", "季度工作总结。")))
