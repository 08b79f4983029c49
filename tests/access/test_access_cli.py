"""``bangfu access``: township accounts the database itself enforces (row-level security), checked
through bangfu and through psql, another client of the same ledger."""

from __future__ import annotations

import pytest

from tests import db
from tests.access.shared import OTHER, TOWN, as_role, county, new_role, psql
from tests.conftest import run_cli
from tests.test_help_examples import SHARED_ONLY, _all_examples, _arguments

VISIT = ("visit", "add", "--cadre", "XF-GB-008", "--date", "2026-11-20", "--mode", "home", "--household")
HOME = "3607221032010003"  # a household of TOWN


def test_on_a_ledger_file_access_commands_exit_2_saying_a_shared_postgresql_ledger_is_needed(ledger_db):
    for args in (("grant", "clerk", "--township", TOWN), ("revoke", "clerk"), ("list",)):
        result = run_cli("access", *args)
        assert result.exit_code == 2, result.output
        assert "needs a shared PostgreSQL ledger" in result.stderr
        assert "Traceback" not in result.output


@pytest.fixture
def ledger(monkeypatch):
    return county(monkeypatch)


def test_a_township_role_sees_only_its_township_in_bangfu_and_in_psql(ledger):
    clerk = new_role()
    assert run_cli("access", "grant", clerk, "--township", TOWN).exit_code == 0
    mine = run_cli("--db", as_role(ledger, clerk), "household", "list", "--format", "json").json()
    assert {h["township"] for h in mine} == {TOWN}
    assert len(mine) == db.count("household") - 1
    seen = psql(
        ledger,
        clerk,
        "SELECT count(*) FROM household h JOIN village v ON v.id = h.village_id WHERE v.township = '三溪乡'",
    )
    assert seen.stdout.strip() == "0", seen.stderr
    assert psql(ledger, clerk, "SELECT count(*) FROM pairing").stdout.strip() == str(db.count("pairing") - 1)
    # and the cadres, records of no township, are there for every granted role
    assert psql(ledger, clerk, "SELECT count(*) FROM cadre").stdout.strip() == str(db.count("cadre"))


def test_a_township_role_writes_its_own_township_and_the_audit_names_the_role_with_the_operator(ledger):
    clerk = new_role()
    run_cli("access", "grant", clerk, "--township", TOWN)
    done = run_cli("--db", as_role(ledger, clerk), "--by", "王芳", *VISIT, HOME)
    assert done.exit_code == 0, done.output
    assert db.rows("SELECT by, operator FROM audit WHERE entity = 'visit'") == [(clerk, "王芳")]
    trail = run_cli("--db", as_role(ledger, clerk), "audit", "--format", "json").json()
    assert [(r["by"], r["operator"]) for r in trail] == [(clerk, "王芳")]  # its own rows only


def test_a_write_outside_the_roles_townships_is_exit_2_with_one_message_and_nothing_written(ledger):
    clerk = new_role()
    run_cli("access", "grant", clerk, "--township", TOWN)
    run_cli("access", "grant", clerk, "--township", OTHER, "--read-only")
    visits, audits = db.count("visit"), db.count("audit")
    as_clerk = as_role(ledger, clerk)
    for args in (
        (*VISIT, "X001"),  # seen (read-only), not writable
        (
            "household",
            "add",
            "--code",
            "X002",
            "--head",
            "赵六",
            "--township",
            OTHER,
            "--village",
            "三溪村",
            "--size",
            "2",
            "--since",
            "2026-01-01",
        ),
        (
            "cadre",
            "add",
            "--code",
            "C-NEW",
            "--name",
            "某某",
            "--unit",
            "县农业农村局",
        ),  # no township: owner's
    ):
        result = run_cli("--db", as_clerk, *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.count("Error:") == 1 and "Nothing was written" in result.stderr, result.stderr
        assert "Traceback" not in result.output
    assert (db.count("visit"), db.count("audit")) == (visits, audits)
    assert db.count("cadre") == 45


def test_psql_cannot_write_another_township_either(ledger):
    clerk = new_role()
    run_cli("access", "grant", clerk, "--township", TOWN)
    (other,) = db.rows("SELECT id FROM household WHERE code = 'X001'")[0]
    insert = (
        "INSERT INTO visit (uuid, recorded_at, recorded_by, household_id, cadre_id, date, mode, voided) "
        f"VALUES ('u-psql', now(), 'psql', {other}, 1, '2026-11-01', 'home', false)"
    )
    refused = psql(ledger, clerk, insert)
    assert refused.returncode != 0 and "row-level security" in refused.stderr
    assert "permission denied" in psql(ledger, clerk, "UPDATE cadre SET name = 'x'").stderr
    assert (
        psql(ledger, clerk, "UPDATE household SET size = 9 WHERE code = 'X001'").stdout.strip() == "UPDATE 0"
    )
    assert db.rows("SELECT size FROM household WHERE code = 'X001'") == [(3,)]


def test_granting_again_changes_only_the_mode_and_revoke_without_township_revokes_all(ledger):
    clerk = new_role()
    assert run_cli("access", "grant", clerk, "--township", TOWN).exit_code == 0
    again = run_cli("access", "grant", clerk, "--township", TOWN)
    assert again.exit_code == 0 and "nothing changed" in again.stderr
    run_cli("access", "grant", clerk, "--township", TOWN, "--read-only")
    run_cli("access", "grant", clerk, "--township", OTHER)
    listed = run_cli("access", "list", "--format", "json").json()
    assert [(g["role"], g["township"], g["mode"]) for g in listed if g["role"] == clerk] == [
        (clerk, OTHER, "write"),
        (clerk, TOWN, "read"),
    ]
    assert db.count("audit") and len(db.rows("SELECT 1 FROM audit WHERE entity = 'access'")) == 3
    assert run_cli("access", "revoke", clerk).exit_code == 0
    assert [g for g in run_cli("access", "list", "--format", "json").json() if g["role"] == clerk] == []
    gone = psql(ledger, clerk, "SELECT count(*) FROM household")
    assert gone.returncode != 0 and "permission denied" in gone.stderr


def test_an_unknown_role_or_a_caller_who_does_not_own_the_ledger_is_exit_2(ledger):
    unknown = run_cli("access", "grant", "no_such_role_here", "--township", TOWN)
    assert unknown.exit_code == 2 and "no database role" in unknown.stderr
    clerk = new_role()
    run_cli("access", "grant", clerk, "--township", TOWN)
    other = new_role()
    for args in (("grant", other, "--township", TOWN), ("revoke", clerk), ("list",)):
        result = run_cli("--db", as_role(ledger, clerk), "access", *args)
        assert result.exit_code == 2 and "does not own this ledger" in result.stderr, result.output


@pytest.mark.parametrize(
    ("lang", "example"), [e for e in _all_examples() if _arguments(e[1])[0] in SHARED_ONLY]
)
def test_the_access_examples_run_on_a_shared_ledger(lang, example, ledger, monkeypatch):
    from tests import pg

    for role in ("clerk_datangbu", "county_office"):
        pg.server().psql(f"DO $$BEGIN CREATE ROLE {role}; EXCEPTION WHEN duplicate_object THEN END$$;")
    monkeypatch.setenv("BANGFU_LANG", lang)
    result = run_cli(*_arguments(example))
    assert result.exit_code == 0, f"{example}\n{result.output}"


def test_a_township_role_imports_visits_of_its_township_and_not_of_another(ledger, tmp_path):
    clerk = new_role()
    run_cli("access", "grant", clerk, "--township", TOWN)
    mine = tmp_path / "mine.csv"
    mine.write_text(f"household,cadre,date,mode\n{HOME},XF-GB-008,2026-11-02,home\n", encoding="utf-8")
    done = run_cli("--db", as_role(ledger, clerk), "visit", "import", str(mine))
    assert done.exit_code == 0, done.output  # row-level security: INSERTs, not COPY
    assert db.rows("SELECT recorded_by FROM visit") == [("tester",)]
    other = tmp_path / "other.csv"
    other.write_text("household,cadre,date,mode\nX001,XF-GB-008,2026-11-03,home\n", encoding="utf-8")
    refused = run_cli("--db", as_role(ledger, clerk), "visit", "import", str(other))
    assert refused.exit_code == 2 and "X001" in refused.stderr
    assert db.count("visit") == 1


def test_an_upgrade_by_the_owner_gives_township_roles_the_tables_a_release_added(ledger):
    from sqlalchemy import create_engine

    from bangfu_cli.storage.migrate import upgrade

    clerk, gone = new_role(), new_role()
    run_cli("access", "grant", clerk, "--township", TOWN, "--read-only")
    run_cli("access", "grant", gone, "--township", TOWN)
    db.execute("CREATE TABLE later_release (id integer)")  # as a newer release's migration would
    db.execute(f"DROP OWNED BY {gone}; DROP ROLE {gone}")  # and a role since dropped: passed over
    refused = psql(ledger, clerk, "SELECT count(*) FROM later_release")
    assert refused.returncode != 0 and "permission denied" in refused.stderr
    engine = create_engine(ledger)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    assert psql(ledger, clerk, "SELECT count(*) FROM later_release").stdout.strip() == "0"
    # the grant is renewed as it was: still read-only
    listed = run_cli("access", "list", "--format", "json").json()
    assert [g["mode"] for g in listed if g["role"] == clerk] == ["read"]
