"""Small builders shared by the ledger-data tests: CSV files and valid ID numbers."""

from __future__ import annotations

from pathlib import Path

from bangfu_cli.domain.identity import id_check_digit
from tests import ledger_copy
from tests.conftest import run_cli

HOUSEHOLD_HEADER = (
    "户编号,户主姓名,证件号码,乡镇,村,家庭人口,联系电话,"
    "是否脱贫户,监测对象类型,纳入监测日期,风险消除日期,纳入台账日期"
)
CADRE_HEADER = "干部编号,姓名,单位,职务,联系电话,是否县级领导"
PAIR_HEADER = "户编号,干部编号,类型,开始日期,结束日期,结束原因,联系牌更换日期"
ROLE_HEADER = "干部编号,角色,乡镇,村,开始日期,结束日期"


def valid_id(serial: int, birth: str = "19600106") -> str:
    first17 = f"360722{birth}{serial:03d}"
    return first17 + id_check_digit(first17)


def write_csv(path: Path, header: str, *rows: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode(encoding))
    return path


def counts() -> dict[str, int]:
    result = run_cli("info", "--format", "json")
    assert result.exit_code == 0, result.output
    return result.json()["counts"]


def small_ledger(tmp_path: Path) -> None:
    """Three villages, four households, three cadres, pairings and a first secretary — built
    once through the real imports, then copied for each test (the CSV files are rewritten)."""
    if ledger_copy.restore("small_ledger"):
        _write_files(tmp_path)
        return
    assert run_cli("init").exit_code == 0
    _write_files(tmp_path, import_them=True)
    ledger_copy.keep("small_ledger")


def _write_files(tmp_path: Path, import_them: bool = False) -> None:
    households = write_csv(
        tmp_path / "households.csv",
        HOUSEHOLD_HEADER,
        f"H001,刘洪军,{valid_id(1)},大塘埠镇,大塘埠村,3,13720891101,是,,,,2021-01-01",
        f"H002,林洪福,{valid_id(2)},大塘埠镇,大塘埠村,6,15760931738,是,脱贫不稳定户,2023-09-19,,2021-01-01",
        f"H003,张三,{valid_id(3)},大塘埠镇,三江村,2,,否,边缘易致贫户,2024-05-10,2025-06-15,2024-01-01",
        f"H004,张三,{valid_id(4)},大塘埠镇,龙井村,4,,是,,,,2022-03-01",
    )
    cadres = write_csv(
        tmp_path / "cadres.csv",
        CADRE_HEADER,
        "C01,何洪龙,中共信丰县委,县委副书记,15182035824,是",
        "C02,袁祥明,大塘埠镇人民政府,科员,0797-3312345,否",
        "C03,杨美香,信丰县财政局,科员,13912345678,否",
    )
    pairings = write_csv(
        tmp_path / "pairings.csv",
        PAIR_HEADER,
        "H001,C02,结对,2021-01-01,,,",
        "H002,C02,结对,2021-01-01,,,",
        "H002,C01,领导联系,2023-03-01,,,",
        "H003,C03,结对,2024-01-01,,,",
    )
    roles = write_csv(tmp_path / "roles.csv", ROLE_HEADER, "C03,第一书记,大塘埠镇,大塘埠村,2023-08-28,")
    if not import_them:
        return
    for group, path in (("cadre", cadres), ("household", households), ("pair", pairings), ("role", roles)):
        result = run_cli(group, "import", str(path))
        assert result.exit_code == 0, result.output
