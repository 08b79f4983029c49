"""``bangfu overdue``, ``check``, ``rules`` and ``profile use`` through the real entry point."""

from __future__ import annotations

from tests.conftest import run_cli

CONTRACT_KEYS = [
    "rule", "source", "status", "township", "village", "household", "head_name", "cadre", "period",
    "period_start", "period_end", "required", "done", "days_overdue", "days_left", "last_visit",
]  # fmt: skip


def test_overdue__json_items_carry_the_contract_keys_and_never_visited_households_are_listed(town):
    r = run_cli("overdue", "--format", "json")
    assert r.exit_code == 0, r.output
    items = r.json()
    assert items and all(list(item)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS for item in items)
    assert {i["household"] for i in items} == {"H001", "H002", "H003"}
    first = next(i for i in items if i["rule"] == "XF1" and i["period"] == "2026Q1")
    assert first == {
        **first,
        "source": "信巩办字〔2023〕4号 一(1)",
        "status": "overdue",
        "township": "甲镇",
        "village": "一村",
        "head_name": "张大山",
        "cadre": "C01",
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "required": 1,
        "done": 0,
        "days_overdue": 241,
        "days_left": None,
        "last_visit": None,
    }
    townships = [i["township"] for i in items]
    assert townships == sorted(townships)


def test_overdue__filters_status_township_village_cadre_rule(town):
    def rows(*args):
        return run_cli("overdue", *args, "--format", "json").json()

    assert {i["status"] for i in rows("--status", "due")} == {"due"}
    assert {i["township"] for i in rows("--township", "乙镇")} == {"乙镇"}
    assert {i["household"] for i in rows("--village", "一村")} == {"H001", "H002"}
    assert {i["cadre"] for i in rows("--cadre", "C02")} == {"C02"}
    assert {i["rule"] for i in rows("--rule", "xf3")} == {"XF3"}
    (q1,) = rows("--as-of", "2026-02-15", "--since", "2026-01-01", "--rule", "XF1")
    assert (q1["period"], q1["status"], q1["days_left"]) == ("2026Q1", "due", 44)


def test_overdue__bad_inputs_exit_2_with_one_message(town):
    for args, word in (
        (("--status", "late"), "late"),
        (("--township", "丙镇"), "丙镇"),
        (("--rule", "XF99"), "XF99"),
        (("--as-of", "2026-02-30"), "2026-02-30"),
    ):
        r = run_cli("overdue", *args)
        assert r.exit_code == 2 and word in r.stderr and "Traceback" not in r.output


def test_overdue__table_grouped_by_township_with_counts(town):
    r = run_cli("overdue")
    assert r.exit_code == 0
    assert "甲镇:" in r.stdout and "乙镇:" in r.stdout and "overdue" in r.stdout


def test_overdue__summary_gives_compliance_rate_by_township_village_cadre(town):
    run_cli("visit", "add", "--household", "H003", "--cadre", "C03", "--date", "2026-11-02", "--mode", "home")
    doc = run_cli("overdue", "--summary", "--format", "json").json()
    assert set(doc) >= {"total", "township", "village", "cadre"}
    yi = next(r for r in doc["township"] if r["township"] == "乙镇")
    assert yi["met"] >= 1 and 0 < yi["rate"] < 1
    assert yi["rate"] == round(yi["met"] / (yi["met"] + yi["overdue"]), 4)
    csv = run_cli("overdue", "--summary", "--format", "csv").stdout.splitlines()
    assert csv[0] == "level,township,village,cadre,met,overdue,due,required,rate"
    assert run_cli("overdue", "--summary").exit_code == 0


def test_overdue__summary_level_shows_one_level_only(town):
    full = run_cli("overdue", "--summary", "--format", "json").json()
    doc = run_cli("overdue", "--summary", "--level", "township", "--format", "json").json()
    assert set(doc) == set(full) - {"village", "cadre"}
    assert doc["township"] == full["township"] and doc["total"] == full["total"]
    csv = run_cli("overdue", "--summary", "--level", "Village", "--format", "csv").stdout.splitlines()
    assert {line.split(",")[0] for line in csv[1:]} == {"total", "village"}
    table = run_cli("--lang", "zh", "overdue", "--summary", "--level", "cadre")
    assert table.exit_code == 0 and "干部" in table.stdout and "乙镇" not in table.stdout
    bad = run_cli("overdue", "--summary", "--level", "county")
    assert bad.exit_code == 2 and "county" in bad.stderr and "township" in bad.stderr
    alone = run_cli("overdue", "--level", "township")
    assert alone.exit_code == 2 and "--summary" in alone.stderr


def test_check__exit_1_when_anything_is_overdue_and_0_otherwise(town, tmp_path, monkeypatch):
    r = run_cli("check", "--format", "json")
    assert r.exit_code == 1
    assert {f["status"] for f in r.json()} == {"overdue", "due"}
    monkeypatch.setenv("BANGFU_DB", str(tmp_path / "empty.db"))
    assert run_cli("init").exit_code == 0
    ok = run_cli("check")
    assert ok.exit_code == 0 and "nothing overdue" in ok.stderr


def test_rules__lists_the_profile_with_clauses_and_meaning(town):
    listed = run_cli("rules", "--format", "json").json()
    assert [r["id"] for r in listed] == [f"XF{i}" for i in range(1, 11)]
    one = run_cli("rules", "XF3", "--format", "json").json()
    assert one["source"] == "信巩办字〔2023〕4号 一(3)" and one["period"] == "month"
    assert "first secretary" in one["meaning"]
    assert run_cli("--lang", "zh", "rules", "XF3").stdout.count("第一书记") >= 1
    assert run_cli("rules", "SZ1").exit_code == 2


def test_rules__one_rule_shows_its_households_visitor_and_modes_in_words(town):
    zh = run_cli("--lang", "zh", "rules", "XF1").stdout
    assert "监测对象" in zh and "结对干部" in zh and "入户" in zh
    assert "monitored" not in zh and "paired" not in zh and "home" not in zh
    en = run_cli("--lang", "en", "rules", "XF4").stdout
    assert "Households out of poverty" in en and "first secretary" in en
    assert run_cli("rules", "XF1", "--format", "json").json()["selector"] == "monitored"  # ids in JSON
    # every selector, visitor and subject a bundled profile uses has words in both languages
    from bangfu_cli.i18n import catalogue
    from bangfu_cli.rules.profiles import builtin_ids, load_builtin

    for name in builtin_ids():
        for rule in load_builtin(name).rules:
            words = {"selector": rule.selector, "visitor": rule.visitor, "subject": rule.subject}
            for kind, value in words.items():
                if value:
                    assert all(f"rules.{kind}.{value}" in catalogue(lang) for lang in ("zh", "en")), value


def test_profile_use__suzhou_then_sz_rules_apply_and_a_bad_file_is_refused(town, tmp_path):
    assert run_cli("profile", "use", "suzhou-2022").exit_code == 0
    ids = {f["rule"] for f in run_cli("overdue", "--format", "json").json()}
    # the town keeps resident cadres and no training: SZ10 is judged from them
    assert ids <= {"SZ1", "SZ2", "SZ3", "SZ4", "SZ10"} and "SZ2" in ids
    bad = tmp_path / "mine.toml"
    bad.write_text('id = "mine"\n[[rules]]\nid = "M1"\nkind = "periodic"\n', encoding="utf-8")
    r = run_cli("profile", "use", str(bad))
    assert r.exit_code == 2 and "M1" in r.stderr
    assert run_cli("rules", "--format", "json").json()[0]["id"] == "SZ1"


def test_year_outside_calendar_data__notice_on_stderr_and_json_unchanged(town, monkeypatch):
    monkeypatch.setenv("BANGFU_TODAY", "2040-10-20")
    r = run_cli("pair", "transfer", "H001", "--to", "C03", "--on", "2040-10-01", "--reason", "调动")
    assert r.exit_code == 0, r.output
    out = run_cli("overdue", "--rule", "XF6", "--format", "json")
    assert out.exit_code == 0
    assert "2040" in out.stderr and "Monday" in out.stderr
    (item,) = out.json()
    assert (item["period"], item["status"], item["days_overdue"]) == ("2040-10-10", "overdue", 10)
