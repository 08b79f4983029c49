"""The county on PostgreSQL beside the county on SQLite, in one run (issue 18's targets).

    python benchmarks/run.py --pg [--runs 3] [--households 50000]

The SQLite county is the one ``run.py`` builds (``work/county-….db``, reused); a copy of it is
loaded into a PostgreSQL 16 server started from the ``pgserver`` wheel (``work/pg/``, kept between
runs, its copy reused while the SQLite file is unchanged). Each scenario runs on both ledgers,
interleaved, as separate processes:

- ``overdue --township T --format json`` and ``check --format json`` (reads: PostgreSQL within
  1.5× of SQLite),
- ``visit import`` of 500,000 rows into a fresh copy of each (≥ 50,000 rows/s on PostgreSQL;
  the rows go in by COPY), and
- ``export register`` xlsx for T and one year.

Writes the "PostgreSQL" section of RESULTS.md (between its markers) and
``work/pg-measurements.json``."""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from pathlib import Path

import run as bench

PG_DIR = bench.WORK / "pg"
BEGIN, END = "<!-- postgresql -->", "<!-- /postgresql -->"


# A county's server is configured for its ledger rather than left at PostgreSQL's defaults (128 MB
# of shared buffers: less than the county's visit table and its indexes). README, "Operations".
SETTINGS = {"shared_buffers": "1GB", "max_wal_size": "4GB", "effective_cache_size": "4GB"}


def server():
    import pgserver

    PG_DIR.mkdir(parents=True, exist_ok=True)
    PG_DIR.chmod(0o755)
    srv = pgserver.get_server(PG_DIR / "data", cleanup_mode=None)
    with _connect(srv) as admin:
        current = {k: admin.execute(f"SHOW {k}").fetchone()[0] for k in SETTINGS}
        if current != SETTINGS:
            for key, value in SETTINGS.items():
                admin.execute(f"ALTER SYSTEM SET {key} = '{value}'")
    if current != SETTINGS:
        from pgserver import pg_ctl

        pg_ctl(["-w", "restart", "-o", f"-h '' -k {srv.pgdata}"], pgdata=srv.pgdata, user=srv.system_user)
    return srv


def url(srv, database: str) -> str:
    return f"postgresql+psycopg://postgres@/{database}?host={srv.pgdata}"


def _connect(srv, database: str = "postgres"):
    import psycopg

    return psycopg.connect(f"postgresql://postgres@/{database}?host={srv.pgdata}", autocommit=True)


def load(srv, sqlite_db: Path, database: str) -> float:
    """Copy the SQLite ledger into a new PostgreSQL ledger ``database`` (migrated by ``bangfu
    init``, then every table by COPY, sequences advanced, analysed); seconds taken. Reused while
    the SQLite file is unchanged."""
    stamp = f"{sqlite_db.stat().st_size}-{sqlite_db.stat().st_mtime_ns}"
    marker = PG_DIR / f"{database}.loaded"
    if marker.exists() and marker.read_text() == stamp:
        return 0.0
    t0 = time.perf_counter()
    with _connect(srv) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')
    seconds, _rss, rc, _out, err = bench.run(
        [*bench.BANGFU, "--db", url(srv, database), "init"], capture=True
    )
    if rc != 0:
        raise SystemExit(f"bangfu init on PostgreSQL failed:\n{err}")
    from sqlmodel import SQLModel

    from bangfu_cli.storage import models  # noqa: F401

    src = sqlite3.connect(sqlite_db)
    with _connect(srv, database) as pg:
        pg.execute("SET session_replication_role = replica")  # a copy of a consistent ledger
        # what ``init`` wrote (the profile, its audit row) comes from the SQLite ledger instead
        pg.execute("TRUNCATE " + ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables))
        for table in SQLModel.metadata.sorted_tables:
            names = [c.name for c in table.columns]
            quoted = ", ".join(f'"{n}"' for n in names)
            try:
                rows = src.execute(f'SELECT {quoted} FROM "{table.name}"')
            except sqlite3.OperationalError:
                continue  # a table this ledger does not have yet
            with pg.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            if "id" in names:
                pg.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f'coalesce((SELECT max(id) FROM "{table.name}"), 1))'
                )
        pg.execute("ANALYZE")
    src.close()
    marker.write_text(stamp)
    return time.perf_counter() - t0


def fresh_pg(srv, source: str, target: str) -> None:
    with _connect(srv) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def main(args) -> None:
    bench.compile_package()
    county, meta = bench.ledger(args.households)
    srv = server()
    loaded = load(srv, county, "county")
    town, town_households = bench.first_township(county)
    csv_file = bench.import_file(county, 500_000)
    year = int(bench.TODAY[:4])
    out = bench.WORK / "register-pg.xlsx"
    on = {"sqlite": str(county), "postgresql": url(srv, "county")}
    scratch = {"sqlite": str(bench.WORK / "scratch.db"), "postgresql": url(srv, "scratch")}
    prepare = {
        "sqlite": lambda: bench.fresh_copy(county, "scratch.db"),
        "postgresql": lambda: fresh_pg(srv, "county", "scratch"),
    }
    scenarios = {
        "overdue": (
            f"`overdue --township {town} --format json`",
            lambda db: ["overdue", "--township", town, "--format", "json"],
            False,
        ),  # fmt: skip
        "check": ("`check --format json`", lambda db: ["check", "--format", "json"], False),
        "import": ("`visit import` 500,000 rows", lambda db: ["visit", "import", str(csv_file)], True),
        "export": (
            f"`export register` xlsx, {town} {year}",
            lambda db: [
                "export",
                "register",
                "--format",
                "xlsx",
                "-o",
                str(out),
                "--township",
                town,
                "--year",
                str(year),
                "--force",
            ],
            False,
        ),  # fmt: skip
    }
    times: dict[str, dict[str, list[float]]] = {k: {"sqlite": [], "postgresql": []} for k in scenarios}
    errors: dict[str, str] = {}
    for r in range(args.runs):
        for key, (_label, argv, writes) in scenarios.items():
            order = ("sqlite", "postgresql") if r % 2 == 0 else ("postgresql", "sqlite")
            for backend in order:
                if writes:
                    prepare[backend]()
                db = scratch[backend] if writes else on[backend]
                print(f"run {r + 1}/{args.runs}: {key} on {backend}", flush=True)
                seconds, _rss, rc, _o, err = bench.run([*bench.BANGFU, "--db", db, *argv(db)], capture=True)
                if rc not in (0, 1):
                    errors[f"{key}/{backend}"] = err.strip().splitlines()[-1] if err.strip() else f"exit {rc}"
                else:
                    times[key][backend].append(seconds)
        record = {"times": times, "errors": errors, "runs": r + 1, "households": args.households,
                  "township": town, "township_households": town_households, "load_seconds": loaded,
                  "machine": bench.machine(), "visits": meta["summary"].get("visits")}  # fmt: skip
        (bench.WORK / "pg-measurements.json").write_text(json.dumps(record, indent=1, ensure_ascii=False))
        write_section(section(record, scenarios))
    print(f"wrote the PostgreSQL section of {bench.RESULTS}")


def section(record: dict, scenarios: dict) -> str:
    med = {
        k: {b: statistics.median(v) if v else None for b, v in by.items()}
        for k, by in record["times"].items()
    }
    lines = [
        BEGIN,
        "## PostgreSQL (issue 18)",
        "",
        f"Generated by `python benchmarks/run.py --pg --households {record['households']} --runs "
        f"{record['runs']}`: the same county ({record['households']:,} households, {record['visits']:,} "
        f"visits) in SQLite and, copied, in PostgreSQL 16 (the `pgserver` wheel, on this machine, over a "
        f"Unix socket), each scenario on both ledgers interleaved. Township T = {record['township']} "
        f"({record['township_households']:,} households). Medians of {record['runs']} runs, seconds.",
        "",
        "| scenario | SQLite | PostgreSQL | PostgreSQL / SQLite | target | result |",
        "|---|---|---|---|---|---|",
    ]
    for key, (label, _argv, _writes) in scenarios.items():
        s, p = med[key]["sqlite"], med[key]["postgresql"]
        ratio = f"×{p / s:.2f}" if s and p else "–"
        if key == "import":
            rate = 500_000 / p if p else None
            target = "≥ 50,000 rows/s"
            ok = rate is not None and rate >= 50_000
            ratio += f" ({rate:,.0f} rows/s)" if rate else ""
        else:
            target = "≤ ×1.5"
            ok = bool(s and p and p / s <= 1.5)
        shown = [f"{x:.2f} s" if x is not None else "failed" for x in (s, p)]
        lines.append(
            f"| {label} | {shown[0]} | {shown[1]} | {ratio} | {target} | **{'pass' if ok else 'FAIL'}** |"
        )
    for where, message in record["errors"].items():
        lines.append(f"\n- {where}: {message}")
    machine = record["machine"]
    load = machine.get("load average at the end (1/5/15 min)", "")
    cpu = f"{machine.get('CPU', '')}, {machine.get('cores', '')} cores"
    lines += ["", f"Machine: {cpu}, load at the end {load}, {machine.get('date', '')}.", END]
    return "\n".join(lines) + "\n"


def write_section(text: str) -> None:
    old = bench.RESULTS.read_text(encoding="utf-8") if bench.RESULTS.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = head + text.rstrip("\n") + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + text
    bench.RESULTS.write_text(new, encoding="utf-8")
