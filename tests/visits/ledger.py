"""A tiny township ledger built through the real import commands (today is 2026-11-27)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli

HOUSEHOLDS = """\
户编号,户主姓名,乡镇,村,家庭人口,是否脱贫户,监测对象类型,纳入监测日期,风险消除日期,纳入台账日期
H001,张大山,甲镇,一村,3,是,脱贫不稳定户,2025-01-01,,2025-01-01
H002,李小河,甲镇,一村,2,是,,,,2025-01-01
H003,王石头,乙镇,二村,4,是,,,,2025-01-01
"""
CADRES = """干部编号,姓名,单位,是否县级领导
C01,赵干部,县农业局,否
C02,钱书记,县财政局,否
C03,孙干部,县教育局,否
"""
PAIRINGS = """户编号,干部编号,类型,开始日期,结束日期
H001,C01,结对,2025-01-01,
H002,C01,结对,2025-01-01,
H003,C03,结对,2025-01-01,
"""
ROLES = """干部编号,角色,乡镇,村,开始日期
C02,第一书记,甲镇,一村,2025-01-01
"""


def build(tmp_path: Path) -> Path:
    assert run_cli("init").exit_code == 0
    for kind, text in (("household", HOUSEHOLDS), ("cadre", CADRES), ("pair", PAIRINGS), ("role", ROLES)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        result = run_cli(kind, "import", str(path))
        assert result.exit_code == 0, result.output
    return tmp_path
