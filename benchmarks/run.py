"""Run every benchmark scenario against its baseline, interleaved in the same run, and write
``benchmarks/RESULTS.md``.

    python benchmarks/run.py [--quick] [--runs 5] [--households 50000] [--only a,b,...]

Ledgers are built with the synthetic generator under ``benchmarks/work/`` (git-ignored) and
reused while the generator's parameters and source are unchanged. ``--quick`` skips the city
(200,000 households). Every command runs as a separate process, as a user would run it; its
peak memory is that process's own ``ru_maxrss`` (``os.wait4``) or, when larger, the peak sum over
the process and its workers (sampled from ``/proc``). Scenarios whose command does not
exist in this build are reported as "not available". Issue 6 lists the targets."""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "RESULTS.md"
RUN_KEY = "_run"  # in work/measurements.json: the command, rounds and machine of the run that wrote it
TODAY = "2026-11-27"  # pinned: the ledgers end at the last full quarter before it
SEED = 1
YEARS = 2
PY = sys.executable
_script = Path(PY).with_name("bangfu")
BANGFU = [str(_script)] if _script.exists() else [PY, "-m", "bangfu_cli"]
ENV = {
    **os.environ,
    "BANGFU_TODAY": TODAY,
    "BANGFU_LANG": "en",
    "BANGFU_OPERATOR": "bench",
    "NO_COLOR": "1",
    "COLUMNS": "200",
}


# ------------------------------------------------------------------------------------------------
# ledgers
# ------------------------------------------------------------------------------------------------


def generator_fingerprint() -> str:
    """The generator's output version: ledgers built by the same version are reused."""
    from bangfu_cli import generator

    # "+units": the county has units, their activities, trainings, a partner county and
    # contributions (``services.synthetic_assistance``, called by ``generate_county``)
    return f"v{generator.VERSION}+units"


def ledger(households: int) -> tuple[Path, dict]:
    """The synthetic ledger of ``households`` households, built unless an identical one exists."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"county-{households}-y{YEARS}-s{SEED}.db"
    meta_path = path.with_suffix(".json")
    params = {
        "households": households,
        "years": YEARS,
        "seed": SEED,
        "today": TODAY,
        "generator": generator_fingerprint(),
    }
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("params") == params:
            upgrade(path)
            return path, meta
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), meta_path):
        p.unlink(missing_ok=True)
    print(f"building {path.name} …", flush=True)
    body = (
        "import json, time\n"
        "from bangfu_cli.services import samples, setup\n"
        "setup.ensure_profile(led, None)\n"
        "t = time.perf_counter()\n"
        f"s = samples.generate_county(led, {households}, years={YEARS}, seed={SEED})\n"
        "s['seconds'] = round(time.perf_counter() - t, 1)\n"
    )
    seconds, rss, out = _on_ledger(path, body, "print(json.dumps(s))\n", create=True, doing="building")
    summary = json.loads(out.strip().splitlines()[-1])
    meta = {
        "params": params,
        "summary": summary,
        "build_seconds": round(seconds, 1),
        "build_rss_mb": round(rss),
    }
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1))
    print(f"  {summary['visits']:,} visits in {seconds:.1f} s, peak {rss:.0f} MB", flush=True)
    return path, meta


def upgrade(path: Path) -> None:
    """Bring a reused ledger to this bangfu's schema before anything is timed on it (a command
    would otherwise migrate it in its first timed run)."""
    from bangfu_cli.storage.schema import HEAD

    con = sqlite3.connect(path)
    (revision,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
    con.close()
    if revision == HEAD:
        return
    print(f"upgrading {path.name} from {revision} to {HEAD} …", flush=True)
    _on_ledger(path, "", "", doing="upgrading")  # opening it upgrades it


def _on_ledger(path: Path, body: str, end: str, *, create: bool = False, doing: str) -> tuple:
    """(seconds, peak RSS, stdout) of a Python process that opens the ledger at ``path`` as
    ``led`` (creating it with ``create``; upgrading it if it is older), runs ``body``, writes
    its WAL back into the file and closes it, then runs ``end``."""
    code = (
        "from datetime import date\n"
        "from bangfu_cli.services.ledger import open_ledger\n"
        f"led = open_ledger({str(path)!r}, operator='bench', today=date.fromisoformat({TODAY!r}), "
        f"create={create})\n"
        f"{body}"
        "with led.engine.connect() as c:\n"
        "    c.exec_driver_sql('PRAGMA wal_checkpoint(TRUNCATE)')\n"
        "led.engine.dispose()\n"
        f"{end}"
    )
    seconds, rss, rc, out, err = run([PY, "-c", code], capture=True)
    if rc != 0:
        raise SystemExit(f"{doing} {path.name} failed:\n{err}")
    return seconds, rss, out


def first_township(db: Path) -> tuple[str, int]:
    """The ledger's first township (by village id) and its household count."""
    con = sqlite3.connect(db)
    (town,) = con.execute("SELECT township FROM village ORDER BY id LIMIT 1").fetchone()
    (n,) = con.execute(
        "SELECT count(*) FROM household h JOIN village v ON v.id = h.village_id WHERE v.township = ?", (town,)
    ).fetchone()
    con.close()
    return town, n


def visit_rows(db: Path, year: int, township: str | None) -> int:
    con = sqlite3.connect(db)
    sql = (
        "SELECT count(*) FROM visit v JOIN household h ON h.id = v.household_id JOIN village g ON "
        "g.id = h.village_id "
        "WHERE v.voided = 0 AND v.date BETWEEN ? AND ?"
    )
    args: tuple = (f"{year}-01-01", f"{year}-12-31")
    if township:
        sql += " AND g.township = ?"
        args += (township,)
    (n,) = con.execute(sql, args).fetchone()
    con.close()
    return n


def import_file(db: Path, rows: int) -> Path:
    """``rows`` new visits (after the ledger's last date) by each household's paired cadre, as CSV."""
    path = WORK / f"{db.stem}-visits-{rows}.csv"
    if path.exists():
        return path
    con = sqlite3.connect(db)
    pairs = con.execute(
        "SELECT h.code, c.code FROM pairing p JOIN household h ON h.id = p.household_id "
        "JOIN cadre c ON c.id = p.cadre_id WHERE p.kind = 'pair' AND p.\"end\" IS NULL ORDER BY h.id"
    ).fetchall()
    con.close()
    first = date(2026, 10, 1)
    days = [(first + timedelta(days=i)).isoformat() for i in range((date.fromisoformat(TODAY) - first).days)]
    per = -(-rows // len(pairs))
    if per > len(days):
        raise SystemExit(f"{rows} rows need more households than {db.name} has")
    rng = random.Random(6)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["户编号", "干部编号", "走访日期", "方式", "走访内容", "发现问题", "帮扶措施", "三保障饮水"]
        )
        n = 0
        for household, cadre in pairs:
            for day in sorted(rng.sample(days, per)):
                if n == rows:
                    break
                mode = "入户" if rng.random() < 0.7 else "电话"
                w.writerow(
                    [household, cadre, day, mode, "了解家庭生产生活情况", "无", "持续跟踪帮扶", "正常"]
                )
                n += 1
    return path


def fresh_copy(db: Path, name: str) -> Path:
    """A copy of ``db`` to write to, on disk before anything is timed: a user's ledger was
    written long before the command runs, and a copy still in the page cache would be written
    back by the timed command's first ``fsync`` (SQLite's checkpoint at the end of an import:
    ~0.6 s of e) that the user never pays)."""
    target = WORK / name
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, target)
    with target.open("rb+") as fh:
        os.fsync(fh.fileno())
    return target


def all_visits_file(db: Path) -> Path:
    """Every visit of ``db`` as a ``visit import`` file (i: the import the exchange is judged by)."""
    path = WORK / f"{db.stem}-all-visits.csv"
    if path.exists() and path.stat().st_mtime >= db.with_suffix(".json").stat().st_mtime:
        return path
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT h.code, c.code, v.date, v.mode, v.content, v.problems, v.measures, v.guarantees "
        "FROM visit v JOIN household h ON h.id = v.household_id JOIN cadre c ON c.id = v.cadre_id "
        "ORDER BY v.id"
    )
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["户编号", "干部编号", "走访日期", "方式", "走访内容", "发现问题", "帮扶措施", "三保障饮水"]
        )
        w.writerows(rows)
    con.close()
    tmp.replace(path)
    return path


def without_visits(db: Path) -> Path:
    """``db`` with its visits taken out: what ``visit import`` of all of them starts from."""
    path = WORK / f"{db.stem}-no-visits.db"
    if path.exists() and path.stat().st_mtime >= db.with_suffix(".json").stat().st_mtime:
        return path
    tmp = WORK / f"{db.stem}-no-visits.tmp"
    shutil.copyfile(db, tmp)
    con = sqlite3.connect(tmp)
    con.execute("DELETE FROM visit")
    con.commit()
    con.execute("VACUUM")
    con.close()
    tmp.replace(path)
    return path


def empty_ledger() -> Path:
    """A new ledger with nothing in it (the target of a merge)."""
    path = WORK / "empty.db"
    if not path.exists():
        tmp = WORK / "empty-tmp.db"
        tmp.unlink(missing_ok=True)
        _on_ledger(tmp, "from bangfu_cli.services import setup\nsetup.ensure_profile(led, None)\n", "",
                   create=True, doing="creating")  # fmt: skip
        tmp.replace(path)
    return path


def exchange_file(db: Path) -> Path:
    """The whole ledger ``db`` as an exchange file (written by the export scenario each round;
    made here once so that a merge can run first)."""
    path = WORK / f"{db.stem}.bangfu"
    if not path.exists():
        _s, _r, rc, _o, err = run([*BANGFU, "--db", str(db), "export", "ledger", "-o", str(path)])
        if rc != 0:
            raise SystemExit(f"exporting {db.name} failed:\n{err}")
    return path


# ------------------------------------------------------------------------------------------------
# measuring
# ------------------------------------------------------------------------------------------------


def run(cmd: list[str], capture: bool = False) -> tuple[float, float, int, str, str]:
    """(seconds, peak RSS in MB, exit code, stdout, stderr) of one process. The peak is the
    larger of the process's own ``ru_maxrss`` and the largest sum of the RSS of the process and
    its descendants (``check`` on a large ledger judges half of it in a worker process) sampled
    every 20 ms from ``/proc``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=out if capture else subprocess.DEVNULL, stderr=err, env=ENV, cwd=ROOT
        )
        tree_peak = [0.0]
        done = threading.Event()
        sampler = threading.Thread(target=_sample_tree, args=(proc.pid, done, tree_peak), daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (
            seconds,
            max(usage.ru_maxrss / 1024, tree_peak[0]),
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def _sample_tree(pid: int, done: threading.Event, peak: list[float]) -> None:
    """The largest sum of VmRSS over ``pid`` and its descendants, in MB, until ``done`` (read
    from ``/proc/PID/status`` and ``/proc/PID/task/*/children``: a few files per sample)."""
    if not Path(f"/proc/{pid}").exists():
        return
    while not done.wait(0.05):
        total, todo, seen = 0, [pid], set()
        while todo:
            p = todo.pop()
            if p in seen:
                continue
            seen.add(p)
            try:
                for line in Path(f"/proc/{p}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                for task in Path(f"/proc/{p}/task").iterdir():
                    todo += [int(c) for c in (task / "children").read_text().split()]
            except (OSError, ValueError):
                continue
        peak[0] = max(peak[0], total / 1024)


@dataclass
class Measure:
    """One timed command: a scenario or a baseline."""

    key: str
    title: str
    cmd: Callable[[], list[str]]
    ok: tuple[int, ...] = (0,)
    prepare: Callable[[], None] | None = None
    available: bool = True
    times: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    error: str | None = None

    def once(self) -> None:
        if not self.available or self.error:
            return
        if self.prepare:
            self.prepare()
        seconds, rss, rc, _out, err = run(self.cmd())
        if rc not in self.ok:
            self.error = f"exit {rc}: {err.strip().splitlines()[-1] if err.strip() else ''}"[:300]
            return
        self.times.append(seconds)
        self.rss.append(rss)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def has_command(*words: str) -> bool:
    _s, _r, rc, _o, _e = run([*BANGFU, *words, "--help"])
    return rc == 0


# ------------------------------------------------------------------------------------------------
# the scenarios
# ------------------------------------------------------------------------------------------------


def build(args: argparse.Namespace) -> tuple[dict[str, Measure], list[dict], dict]:
    county, county_meta = ledger(args.households)
    half, half_meta = ledger(args.households // 2)
    city = city_meta = None
    if not args.quick:
        city, city_meta = ledger(200_000)
    town, town_households = first_township(county)
    info = {
        "county": county_meta,
        "half": half_meta,
        "city": city_meta,
        "township": town,
        "township_households": town_households,
    }
    scratch = WORK / "scratch.db"
    csv_file = import_file(county, 500_000)
    year = int(TODAY[:4])
    overdue_ok = has_command("overdue")
    check_ok = has_command("check")
    add_ok = has_command("visit", "add")
    import_ok = has_command("visit", "import")
    export_ok = has_command("export", "register")
    fresh_add = fresh_copy(county, "scratch-add.db") if add_ok else None
    counter = iter(range(10**9))
    add_households = _households(county, 400)

    def add_cmd() -> list[str]:
        code = add_households[next(counter) % len(add_households)]
        return [*BANGFU, "--db", str(fresh_add), "visit", "add", "--household", code[0], "--cadre", code[1],
                "--date", "2026-11-20", "--mode", "home", "--content", "benchmark"]  # fmt: skip

    out_xlsx = WORK / "register.xlsx"
    m = {
        "pass": Measure("pass", "`python -c pass`", lambda: [PY, "-c", "pass"]),
        "floor": Measure("floor", '`python -c "import sqlmodel"`', lambda: [PY, "-c", "import sqlmodel"]),
        "help": Measure("help", "`bangfu --help`", lambda: [*BANGFU, "--help"]),
        "add": Measure("add", "`visit add` (county)", add_cmd, available=add_ok),
        "overdue": Measure(
            "overdue",
            f"`overdue --township {town} --format json` (county)",
            lambda: [*BANGFU, "--db", str(county), "overdue", "--township", town, "--format", "json"],
            available=overdue_ok,
        ),
        "raw_overdue": Measure(
            "raw_overdue",
            "`raw_overdue.py` (sqlite3, XF1/XF2)",
            lambda: [PY, str(HERE / "raw_overdue.py"), str(county), town, TODAY],
        ),
        "check_half": Measure(
            "check_half",
            f"`check` ({args.households // 2:,} households)",
            lambda: [*BANGFU, "--db", str(half), "check", "--format", "json"],
            ok=(0, 1),
            available=check_ok,
        ),
        "check": Measure(
            "check",
            f"`check` (county, {args.households:,} households)",
            lambda: [*BANGFU, "--db", str(county), "check", "--format", "json"],
            ok=(0, 1),
            available=check_ok,
        ),
        "import": Measure(
            "import",
            "`visit import` 500,000 rows (county)",
            lambda: [*BANGFU, "--db", str(scratch), "visit", "import", str(csv_file)],
            prepare=lambda: fresh_copy(county, "scratch.db"),
            available=import_ok,
        ),
        "raw_import": Measure(
            "raw_import",
            "`raw_import.py` (csv + sqlite3 executemany)",
            lambda: [PY, str(HERE / "raw_import.py"), str(scratch), str(csv_file)],
            prepare=lambda: fresh_copy(county, "scratch.db"),
        ),
        "export_town": Measure(
            "export_town",
            f"`export register` xlsx, {town} {year}",
            lambda: [
                *BANGFU,
                "--db",
                str(county),
                "export",
                "register",
                "--format",
                "xlsx",
                "-o",
                str(out_xlsx),
                "--township",
                town,
                "--year",
                str(year),
                "--force",
            ],  # fmt: skip
            available=export_ok,
        ),
        "raw_export_town": Measure(
            "raw_export_town",
            "`raw_export.py` (sqlite3 + xlsxwriter), township",
            lambda: [PY, str(HERE / "raw_export.py"), str(county), str(WORK / "raw.xlsx"), str(year), town],
        ),
        "export_county": Measure(
            "export_county",
            f"`export register` xlsx, county {year}",
            lambda: [
                *BANGFU,
                "--db",
                str(county),
                "export",
                "register",
                "--format",
                "xlsx",
                "-o",
                str(out_xlsx),
                "--year",
                str(year),
                "--force",
            ],  # fmt: skip
            available=export_ok,
        ),
        "raw_export_county": Measure(
            "raw_export_county",
            "`raw_export.py`, county",
            lambda: [PY, str(HERE / "raw_export.py"), str(county), str(WORK / "raw.xlsx"), str(year)],
        ),
    }
    # h) the listing a county office reads: the whole county's findings as a table, against
    # the same findings as JSON (the judging is the same; the difference is the printing)
    m["listing"] = Measure(
        "listing",
        "`overdue` table, whole county",
        lambda: [*BANGFU, "--db", str(county), "overdue"],
        available=overdue_ok,
    )
    m["listing_json"] = Measure(
        "listing_json",
        "`overdue --format json`, whole county",
        lambda: [*BANGFU, "--db", str(county), "overdue", "--format", "json"],
        available=overdue_ok,
    )
    if city is not None:
        m["check_city"] = Measure(
            "check_city",
            "`check` (city, 200,000 households)",
            lambda: [*BANGFU, "--db", str(city), "check", "--format", "json"],
            ok=(0, 1),
            available=check_ok,
        )
    # i) a whole ledger exported and merged into an empty one, against `visit import` of the
    # same visits (into the same ledger without them); the half ledger for the peak memory
    exchange_ok = has_command("export", "ledger") and has_command("merge")
    for key, db, label in (("", county, "county"), ("_half", half, f"{args.households // 2:,} households")):
        shipped = WORK / f"{db.stem}.bangfu"
        m[f"xexport{key}"] = Measure(
            f"xexport{key}",
            f"`export ledger`, {label}",
            lambda db=db, shipped=shipped: [
                *BANGFU,
                "--db",
                str(db),
                "export",
                "ledger",
                "-o",
                str(shipped),
                "--force",
            ],  # fmt: skip
            available=exchange_ok,
        )
        m[f"xmerge{key}"] = Measure(
            f"xmerge{key}",
            f"`merge` into an empty ledger, {label}",
            lambda key=key: [
                *BANGFU,
                "--db",
                str(WORK / f"scratch-merge{key}.db"),
                "merge",
                str(WORK / f"{(county if not key else half).stem}.bangfu"),
            ],  # fmt: skip
            prepare=lambda key=key, db=db: (
                exchange_file(db),
                fresh_copy(empty_ledger(), f"scratch-merge{key}.db"),
            ),
            available=exchange_ok,
        )
    m["ximport"] = Measure(
        "ximport",
        f"`visit import` of the county's {county_meta['summary']['visits']:,} visits",
        lambda: [
            *BANGFU,
            "--db",
            str(WORK / "scratch-ximport.db"),
            "visit",
            "import",
            str(all_visits_file(county)),
        ],  # fmt: skip
        prepare=lambda: fresh_copy(without_visits(county), "scratch-ximport.db"),
        available=import_ok,
    )
    info["rows"] = {
        "import": 500_000,
        "export_town": visit_rows(county, year, town),
        "export_county": visit_rows(county, year, None),
        "raw_export_town": visit_rows(county, year, town),
        "raw_export_county": visit_rows(county, year, None),
    }
    pairs = [
        ("help", "pass"),
        ("add", "floor"),
        ("overdue", "raw_overdue"),
        ("check_half", "floor"),
        ("check", "floor"),
        ("check_city", "floor"),
        ("import", "raw_import"),
        ("export_town", "raw_export_town"),
        ("export_county", "raw_export_county"),
        ("listing", "listing_json"),
        ("xexport", "ximport"),
        ("xmerge", "ximport"),
        ("xexport_half", "pass"),
        ("xmerge_half", "pass"),
    ]
    return m, [{"scenario": s, "baseline": b} for s, b in pairs if s in m], info


def _households(db: Path, n: int) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT h.code, c.code FROM pairing p JOIN household h ON h.id = p.household_id JOIN cadre c "
        "ON c.id = p.cadre_id WHERE p.kind = 'pair' AND p.\"end\" IS NULL ORDER BY h.id LIMIT ?",
        (n,),
    ).fetchall()
    con.close()
    return rows


# ------------------------------------------------------------------------------------------------
# the report
# ------------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    try:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "load average at the end (1/5/15 min)": load,
    }


def command_line(args: argparse.Namespace) -> str:
    return (
        "python benchmarks/run.py"
        + (" --quick" if args.quick else "")
        + (f" --only {args.only}" if args.only else "")
        + (f" --runs {args.runs}" if args.runs != 5 else "")
    )


def fmt_s(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f} s"


def spread(m: Measure) -> str:
    return f"{min(m.times):.2f}–{max(m.times):.2f} s" if m.times else "—"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**pass**" if ok else "**FAIL**")


def report(
    m: dict[str, Measure],
    pairs: list[dict],
    info: dict,
    args: argparse.Namespace,
    profile_notes: str,
    rounds: int,
    run: dict | None = None,
) -> str:
    """RESULTS.md. ``run``: the saved record of the run that measured (``--report``)."""
    floor = m["floor"].median
    rows = info["rows"]
    lines = ["# Benchmark results", ""]
    if run:  # --report: the run that measured, and its machine
        made = (
            f"Generated by `{run['command']}` ({run['rounds']} of {run['runs']} rounds done;"
            " rewritten by `--report`)"
        )
    elif args.report:
        made = "Generated by `python benchmarks/run.py --report`: rewritten from the saved measurements"
    else:
        made = f"Generated by `{command_line(args)}` ({rounds} of {args.runs} rounds done)"
    lines += [
        made + ". Every scenario runs interleaved with its baseline "
        "in the same run "
        "(the machines are shared and noisy: the ratio or difference to the baseline is the figure "
        "that counts). "
        "Times are wall-clock seconds of a separate process, Python start included; peak memory is that "
        "process's own maximum RSS."
        + (
            " Rows of scenarios outside this run come from the run that last measured them "
            "(`work/measurements.json`), so their baseline may be from that run."
            if args.only or args.report
            else ""
        ),
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in (run["machine"] if run else machine()).items()]
    lines += ["", "## Ledgers", ""]
    for name in ("county", "half", "city"):
        meta = info.get(name)
        if not meta:
            lines.append(f"- {name}: skipped (`--quick`)")
            continue
        s = meta["summary"]
        lines.append(
            f"- {name}: {s['households']:,} households, {s['townships']} townships, "
            f"{s['villages']} villages, "
            f"{s['cadres']:,} cadres, {s['pairings']:,} pairings ({s['transfers']:,} transfers), "
            f"{s['visits']:,} visits, {s['income']:,} income records, {s['start']} – {s['end']} "
            f"(seed {s['seed']}); "
            f"generated in {s['seconds']} s (process {meta['build_seconds']} s, peak "
            f"{meta['build_rss_mb']} MB)"
        )
    lines += [f"- township T = {info['township']} ({info['township_households']:,} households)", ""]
    lines += [
        "## Results",
        "",
        "| | scenario | median | min–max | baseline | baseline median | vs baseline | target | "
        "result | peak RSS |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    results = []

    def add(label: str, s: Measure, b: Measure, target: str, ok: bool | None, vs: str | None = None) -> None:
        if not s.available:
            results.append(
                f"| {label} | {s.title} | not available | | {b.title} | {fmt_s(b.median)} | | "
                f"{target} | n/a | |"
            )
            return
        if s.error:
            results.append(
                f"| {label} | {s.title} | error: {s.error} | | {b.title} | {fmt_s(b.median)} | | "
                f"{target} | n/a | |"
            )
            return
        if vs is None and s.median is not None and b.median:
            vs = f"×{s.median / b.median:.2f}, {s.median - b.median:+.2f} s"
        peak = f"{max(s.rss):.0f} MB" if s.rss else "—"
        results.append(
            f"| {label} | {s.title} | {fmt_s(s.median)} | {spread(s)} | {b.title} | "
            f"{fmt_s(b.median)} | {vs or '—'} "
            f"| {target} | {verdict(ok)} | {peak} |"
        )

    def within(key: str, limit: float, base: float | None) -> bool | None:
        med = m[key].median
        return None if med is None or base is None else med <= base + limit

    add("a", m["help"], m["pass"], "≤ 0.30 s", None if m["help"].median is None else m["help"].median <= 0.30)
    add("b", m["add"], m["floor"], "≤ floor + 0.25 s", within("add", 0.25, floor))
    over = m["overdue"]
    vs_floor = f"; floor {over.median - floor:+.2f} s" if over.median and floor else ""
    vs = (
        f"×{over.median / m['raw_overdue'].median:.2f} raw{vs_floor}"
        if over.median and m["raw_overdue"].median
        else None
    )
    add("c", over, m["raw_overdue"], "≤ floor + 0.50 s", within("overdue", 0.50, floor), vs)
    add("d", m["check_half"], m["floor"], "(linearity reference)", None)
    add("d", m["check"], m["floor"], "≤ floor + 5 s", within("check", 5.0, floor))
    if "check_city" in m:
        add("d", m["check_city"], m["floor"], "≤ floor + 20 s", within("check_city", 20.0, floor))
    else:
        results.append(
            "| d | `check` (city, 200,000 households) | skipped (`--quick`) | | | | | ≤ floor + 20 "
            "s | n/a | |"
        )
    imp = m["import"]
    rate = rows["import"] / imp.median if imp.median else None
    raw_rate = rows["import"] / m["raw_import"].median if m["raw_import"].median else None
    vs = (
        f"{rate:,.0f} vs {raw_rate:,.0f} rows/s (×{imp.median / m['raw_import'].median:.2f})"
        if rate and raw_rate
        else None
    )
    add("e", imp, m["raw_import"], "≥ 50,000 rows/s", None if rate is None else rate >= 50_000, vs)
    for key, raw in (("export_town", "raw_export_town"), ("export_county", "raw_export_county")):
        e = m[key]
        rate = rows[key] / e.median if e.median else None
        raw_rate = rows[raw] / m[raw].median if m[raw].median else None
        vs = f"{rows[key]:,} rows: {rate:,.0f} vs {raw_rate:,.0f} rows/s" if rate and raw_rate else None
        add("f", e, m[raw], "≥ 5,000 visit rows/s", None if rate is None else rate >= 5_000, vs)
    lst, lst_json = m["listing"], m["listing_json"]
    ratio = lst.median / lst_json.median if lst.median and lst_json.median else None
    add("h", lst, lst_json, "≤ ×2 the JSON listing (ours)", None if ratio is None else ratio <= 2)
    # i) issue 19: exporting and merging the whole county, each within 4× the import of its visits
    ximp = m["ximport"]
    for key in ("xexport", "xmerge"):
        x = m[key]
        ratio = x.median / ximp.median if x.median and ximp.median else None
        add("i", x, ximp, "≤ ×4 the import", None if ratio is None else ratio <= 4)
    for key in ("xexport_half", "xmerge_half"):
        if m[key].times:
            add("i", m[key], m["pass"], "(memory: beside the county's)", None, "—")
    lines += results
    lines += ["", "## Linearity and memory", ""]
    ch, hf = m["check"], m["check_half"]
    if len(ch.times) < 3 or len(hf.times) < 3:
        lines.append(
            f"- d) linearity: not judged — `check` has {len(hf.times)} and {len(ch.times)} runs at the two "
            "sizes; three or more each are needed for a verdict on a noisy machine."
        )
    elif ch.median and hf.median and floor:
        v_full, v_half = info["county"]["summary"]["visits"], info["half"]["summary"]["visits"]
        t_ratio = (ch.median - floor) / max(hf.median - floor, 1e-6)
        judged = "linear or better" if t_ratio <= v_full / v_half * 1.1 else "FASTER THAN LINEAR"
        if "check_city" in m and m["check_city"].median:
            judged = "judged with the city below"
        lines.append(
            f"- d) `check` above the floor: {hf.median - floor:.2f} s for {v_half:,} visits, "
            f"{ch.median - floor:.2f} s "
            f"for {v_full:,} visits: time ×{t_ratio:.2f} for visits ×{v_full / v_half:.2f} → "
            f"{judged} (10 % noise allowed)."
        )
        if "check_city" in m and m["check_city"].median:
            # The floor is not `check`'s own fixed cost (it imports sqlmodel, which `check` does
            # not), so the ratio above leans towards "faster than linear". With three sizes the
            # cost of each further visit needs no fixed cost: it must not grow with the size.
            v_city, t_city = info["city"]["summary"]["visits"], m["check_city"].median
            c_ratio = (t_city - floor) / (ch.median - floor)
            lines.append(f"- city vs county: time ×{c_ratio:.2f} for visits ×{v_city / v_full:.2f}.")
            first = (ch.median - hf.median) / (v_full - v_half) * 1e6
            second = (t_city - ch.median) / (v_city - v_full) * 1e6
            lines.append(
                f"- d) cost of each further visit: {first:.1f} µs from 25,000 to 50,000 households, "
                f"{second:.1f} µs from 50,000 to 200,000 → "
                f"{'linear or better' if second <= first * 1.1 else 'FASTER THAN LINEAR'}"
                " (10 % noise allowed)."
            )
    else:
        lines.append("- d) linearity: not measured (`check` not available or failed).")
    # issue 6, g): the county `check` ≤ 500 MB, the export ≤ 200 MB whatever the size
    for key, limit in (
        ("check", 500),
        ("check_half", None),
        ("check_city", None),
        ("export_town", 200),
        ("export_county", 200),
    ):
        if key in m and m[key].rss:
            peak = max(m[key].rss)
            judged = "(no target: for scale)"
            if limit:
                judged = f"(target ≤ {limit} MB) → {verdict(peak <= limit)}"
            lines.append(f"- g) peak RSS of {m[key].title}: {peak:.0f} MB {judged}")
    for key in ("xexport", "xmerge"):
        big, small = m[key], m[f"{key}_half"]
        if big.rss and small.rss:
            grow = max(big.rss) / max(small.rss)
            lines.append(
                f"- i) peak RSS of {big.title}: {max(big.rss):.0f} MB; of {small.title}: "
                f"{max(small.rss):.0f} MB (×{grow:.2f} for a ledger ×2) → "
                f"{'bounded' if grow <= 1.25 else 'GROWS WITH THE LEDGER'} (25 % allowed)"
            )
    lines += ["", "## Every run", ""]
    for s in m.values():
        if s.times:
            lines.append(f"- {s.key}: " + ", ".join(f"{t:.2f}" for t in s.times) + " s")
    if profile_notes:
        lines += ["", profile_notes.strip()]
    return "\n".join(lines) + "\n"


def write_results(text: str) -> None:
    """RESULTS.md, keeping the PostgreSQL section ``--pg`` wrote (benchmarks/pg.py)."""
    begin, end = "<!-- postgresql -->", "<!-- /postgresql -->"
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if begin in old and end in old:
        text = text.rstrip("\n") + "\n\n" + begin + old.split(begin, 1)[1].split(end, 1)[0] + end + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def compile_package() -> None:
    """Byte-compile bangfu_cli as installing its wheel does: an editable install run with
    PYTHONDONTWRITEBYTECODE would otherwise compile every module of the package on every run."""
    import compileall

    import bangfu_cli

    compileall.compile_dir(Path(bangfu_cli.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="skip the city (200,000 households)")
    parser.add_argument("--runs", type=int, default=5, help="runs of every scenario (default 5)")
    parser.add_argument(
        "--households", type=int, default=50_000, help="the county's households (default 50,000)"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated scenario letters (a–f, h, i) to run (b, c, d go together)"
    )
    parser.add_argument(
        "--report", action="store_true", help="only rewrite RESULTS.md from the saved measurements"
    )
    parser.add_argument(
        "--pg",
        action="store_true",
        help="the county on PostgreSQL beside SQLite (benchmarks/pg.py; its own section of RESULTS.md)",
    )
    args = parser.parse_args()
    if args.pg:
        import pg

        pg.main(args)
        return
    compile_package()
    measures, pairs, info = build(args)
    letters = {"help": "a", "add": "b", "overdue": "c", "check": "d", "check_half": "d", "check_city": "d",
               "import": "e", "export_town": "f", "export_county": "f", "listing": "h",
               "xexport": "i", "xmerge": "i", "xexport_half": "i", "xmerge_half": "i"}  # fmt: skip
    only = set(args.only.split(",")) - {""}
    if only & {"b", "c", "d"}:
        # b, c and d are all judged against the floor: measured in one run, or the figures kept
        # from an earlier run would be compared with another run's floor.
        only |= {"b", "c", "d"}
    chosen = [p for p in pairs if not only or letters[p["scenario"]] in only]
    saved = WORK / "measurements.json"
    if args.report:
        only, chosen, args.runs = {"-"}, [], 0
    if only and saved.exists():
        # scenarios not chosen this time keep the figures of the run that last measured them
        previous = json.loads(saved.read_text())
        for key, value in previous.items():
            if key in measures and not any(key in (p["scenario"], p["baseline"]) for p in chosen):
                measures[key].times, measures[key].rss = value["times"], value["rss"]
                measures[key].error = value["error"]
    notes = HERE / "PROFILE.md"
    if args.report:
        run = json.loads(saved.read_text()).get(RUN_KEY) if saved.exists() else None
        text = notes.read_text(encoding="utf-8") if notes.exists() else ""
        write_results(report(measures, pairs, info, args, text, 0, run))
    for r in range(args.runs):
        for p in chosen:
            order = (p["scenario"], p["baseline"]) if r % 2 == 0 else (p["baseline"], p["scenario"])
            for key in order:
                print(f"run {r + 1}/{args.runs}: {key}", flush=True)
                measures[key].once()
        # written after every round, so an interrupted run still leaves its figures
        record = {k: {"times": v.times, "rss": v.rss, "error": v.error} for k, v in measures.items()}
        record[RUN_KEY] = {
            "command": command_line(args),
            "rounds": r + 1,
            "runs": args.runs,
            "machine": machine(),
        }
        saved.write_text(json.dumps(record, indent=1))
        write_results(
            report(
                measures,
                pairs,
                info,
                args,
                notes.read_text(encoding="utf-8") if notes.exists() else "",
                r + 1,
            )
        )
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
