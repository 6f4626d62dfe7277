"""Benchmark suite: a school group, a network of 100 schools for a year, a million accounts.

    python -m bench.scale [--scenarios S,M,L,1Mx2] [--runs 3] [--out bench/out]

1Mx2 is the plain large export (bench/million.sql: 1,000,000 accounts x 2 rows, 7 columns),
measured against the pandas + python-stdnum baseline in the same run; it also times the fix
lists of 500,000 accounts. Peak memory is each command's own: every measured command is
started by the small bench.launch process (ru_maxrss counts what a child was forked with).

Every measurement is a separate process (wall time and peak memory of the whole process,
median of ``--runs``), except the dashboard pages, which are timed server-side with AppTest.
The baseline is what a capable analyst would write with pandas and python-stdnum; both must
give the same counts. Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import machine

SCENARIOS = {
    "S": {"schools": 8, "accounts": 1_500, "snapshots": 6},
    "M": {"schools": 100, "accounts": 200_000, "snapshots": 52},
    "L": {"schools": 1_000, "accounts": 1_000_000, "snapshots": 1},
}
END = datetime.date(2026, 11, 27)
# the L export is about 300 MB, over the default 200 MB limit for one file
ENV = {**os.environ, "DQ_SECRET_KEY": b"benchmark-only-key".hex(), "DQ_MAX_FILE_MB": "2000"}


def run_process(args: list[str]) -> tuple[float, float, str]:
    """Run a command; (wall seconds, its own peak RSS in MB, stdout)."""
    # output goes to files, not pipes: a child writing more than a pipe holds would block
    # while we wait for it; bench.launch starts the command and reports its wait4 figures
    with tempfile.TemporaryFile("w+") as out_file, tempfile.TemporaryFile("w+") as err_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.launch", *args],
            stdout=out_file,
            stderr=err_file,
            env=ENV,
            text=True,
        )
        process.wait()
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    figures = json.loads(err.strip().splitlines()[-1])
    if figures["exit"] != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {err[-2000:]}")
    return figures["seconds"], figures["mb"], out


def median_process(args: list[str], runs: int, before=None) -> tuple[float, float, str]:
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(run_process(args))
    walls = [r[0] for r in results]
    return statistics.median(walls), max(r[1] for r in results), results[-1][2]


DQ = [sys.executable, "-m", "dq"]


def build(name: str, spec: dict, out: Path) -> tuple[list[Path], Path]:
    """Generate the scenario's exports (cached) and ingest all but the last snapshot."""
    from dq import demo

    folder = out / name
    exports = folder / "exports"
    if not exports.exists():
        demo.generate(exports, seed=11, end=END, formats=["utf-8-sig"], **spec)
    files = sorted(exports.glob("gebruikers_*"))
    base = folder / "base.duckdb"
    if not base.exists() and len(files) > 1:
        for users in files[:-1]:
            run_process([*DQ, "ingest", "--db", str(base), str(users)])
    return files, base


def measure(name: str, spec: dict, out: Path, runs: int) -> list[dict]:
    files, base = build(name, spec, out)
    rows: list[dict] = []
    db = out / name / "bench.duckdb"
    latest = files[-1]

    def fresh_copy():
        db.unlink(missing_ok=True)
        if base.exists():
            shutil.copy(base, db)

    wall, rss, _ = median_process([*DQ, "ingest", "--db", str(db), str(latest)], runs, fresh_copy)
    export_rows = sum(1 for _ in open(latest, encoding="utf-8-sig")) - 1
    rows.append(
        {
            "scenario": name,
            "what": f"ingest one snapshot ({export_rows:,} rows)",
            "seconds": wall,
            "mb": rss,
        }
    )
    wall, rss, _ = median_process([*DQ, "metrics", "--db", str(db), "--json"], runs)
    rows.append({"scenario": name, "what": "dq metrics --json", "seconds": wall, "mb": rss})
    if spec["snapshots"] > 1:
        # the figure is in-process (an analyst's notebook has dq and pandas loaded):
        # the three calls are timed inside the process, the whole process beside them
        code = (
            "import dq, sys, time; s = dq.open(sys.argv[1]); d = list(s.snapshots().as_of.dt.date)\n"
            "t = time.perf_counter()\n"
            "s.trend(by='module'); s.trend(by='school'); s.diff(d[-2], d[-1])\n"
            "print(time.perf_counter() - t)"
        )
        inside = []
        for _ in range(runs):
            wall, rss, printed = run_process([sys.executable, "-c", code, str(db)])
            inside.append((float(printed.strip().splitlines()[-1]), wall, rss))
        rows.append(
            {
                "scenario": name,
                "what": "trend (module, school) + diff of the last two, in-process",
                "seconds": statistics.median(x[0] for x in inside),
                "mb": max(x[2] for x in inside),
            }
        )
        rows.append(
            {
                "scenario": name,
                "what": "the same as a whole process (Python, imports, store opened)",
                "seconds": statistics.median(x[1] for x in inside),
                "mb": max(x[2] for x in inside),
            }
        )
    if name != "S":
        for suffix in ("csv", "xlsx"):
            target = out / name / f"fixlist.{suffix}"
            wall, rss, _ = median_process(
                [*DQ, "fixlist", "--db", str(db), "--out", str(target)], runs
            )
            rows.append(
                {
                    "scenario": name,
                    "what": f"dq fixlist --out .{suffix}",
                    "seconds": wall,
                    "mb": rss,
                }
            )
    if name in ("M", "S"):
        rows += pages(name, db)
    rows += baseline(name, latest, db, runs if name != "L" else 1)
    return rows


def pages(name: str, db: Path) -> list[dict]:
    """Server-side run time of every page (AppTest), warm cache excluded: each page's
    first run, which reads from the store."""
    code = r"""
import json, sys, time
from streamlit.testing.v1 import AppTest
from dq.ui import PAGES
times = {}
for page in PAGES:
    at = AppTest.from_file(sys.argv[2], default_timeout=120)
    at.run()
    start = time.perf_counter()
    at.switch_page(page.script).run()
    assert not at.exception, at.exception
    times[page.url_path] = time.perf_counter() - start
print(json.dumps(times))
"""
    env_db = {"DQ_DB": str(db)}
    start = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-c", code, "x", str(Path(__file__).resolve().parents[1] / "app.py")],
        capture_output=True,
        text=True,
        env={**ENV, **env_db},
    )
    if process.returncode != 0:
        raise RuntimeError(process.stderr[-2000:])
    del start
    return [
        {"scenario": name, "what": f"page {page} (server side)", "seconds": seconds, "mb": None}
        for page, seconds in json.loads(process.stdout.strip().splitlines()[-1]).items()
    ]


def baseline(name: str, export: Path, db: Path, runs: int) -> list[dict]:
    """pandas + stdnum per row + groupby, against our ingest + metrics on the same file."""
    code = r"""
import json, sys, time
import pandas as pd
from stdnum.be import ssn
frame = pd.read_csv(sys.argv[1], sep=';', dtype=str, encoding='utf-8-sig', keep_default_na=False)
frame['key'] = frame['Instellingsnummer'] + '/' + frame['Gebruikersnaam'].str.strip().str.lower()
accounts = frame.groupby('key').agg(nn=('Rijksregisternummer', 'max'), bis=('BIS-nummer', 'max'))
def verdict(row):
    for value in (row.nn, row.bis):
        if value.strip():
            return 'valid' if ssn.is_valid(value) else 'invalid'
    return 'missing'
accounts['verdict'] = accounts.apply(verdict, axis=1)
print(json.dumps(accounts['verdict'].value_counts().to_dict()))
"""
    wall, rss, out = median_process([sys.executable, "-c", code, str(export)], runs)
    counts = json.loads(out)
    ours_code = (
        "import dq, sys, json; s = dq.open(sys.argv[1]); a = s.sql('SELECT count_if(number_valid) v, "
        "count_if(NOT number_present) m, count_if(number_present AND NOT number_valid) i FROM accounts "
        "WHERE as_of = (SELECT max(as_of) FROM snapshots)'); print(json.dumps(a.iloc[0].tolist()))"
    )
    _, _, ours_out = run_process([sys.executable, "-c", ours_code, str(db)])
    valid, missing, invalid = json.loads(ours_out)
    # the baseline does not repair Excel damage, so compare on what both see the same way
    agree = (
        counts.get("missing", 0) == missing
        and counts.get("valid", 0) + counts.get("invalid", 0) == valid + invalid
    )
    return [
        {
            "scenario": name,
            "what": "baseline: pandas + stdnum per row + groupby",
            "seconds": wall,
            "mb": rss,
            "note": f"counts {'agree' if agree else 'DIFFER'}: baseline {counts}, ours valid={valid} "
            f"invalid={invalid} missing={missing}",
        }
    ]


def million_exports(out: Path) -> dict[int, Path]:
    """The 1Mx2 exports (bench/million.sql), built once: 1,000,000 accounts with ~8 % empty
    numbers, and 500,000 accounts without any (every one of them is on the fix list)."""
    import duckdb

    folder = out / "1Mx2"
    folder.mkdir(parents=True, exist_ok=True)
    sql = (Path(__file__).parent / "million.sql").read_text(encoding="utf-8")
    exports = {}
    for accounts, missing in ((1_000_000, 8), (500_000, 100)):
        path = folder / f"gebruikers_{accounts}x2_{missing}pct_missing.csv"
        if not path.exists():
            duckdb.connect().execute(
                sql, {"accounts": accounts, "path": str(path), "missing_percent": missing}
            )
        exports[accounts] = path
    return exports


def million(out: Path, runs: int) -> list[dict]:
    """1Mx2: ingest + metrics against the pandas + stdnum baseline on the same file, then the
    fix lists of 500,000 accounts (a snapshot whose every account misses its number)."""
    folder = out / "1Mx2"
    exports = million_exports(out)
    db = folder / "bench.duckdb"
    export = exports[1_000_000]

    def fresh():
        for stale in (db, db.with_name(db.name + ".wal")):
            stale.unlink(missing_ok=True)

    ingest = [*DQ, "ingest", "--db", str(db), "--as-of", "2026-11-27", str(export)]
    metrics_json = [*DQ, "metrics", "--db", str(db), "--json"]
    both, peaks, ingest_walls, metric_walls = [], [], [], []
    for _ in range(runs):
        fresh()
        wall, rss, _ = run_process(ingest)
        ingest_walls.append(wall)
        peaks.append(rss)
        m_wall, _, _ = run_process(metrics_json)
        metric_walls.append(m_wall)
        both.append(wall + m_wall)
    # a start-up of ~0.3 s varies by ±0.05 s from run to run here: five more, the median
    for _ in range(5):
        m_wall, metrics_rss, metrics_out = run_process(metrics_json)
        metric_walls.append(m_wall)
    totals = json.loads(metrics_out)["totals"]
    base = baseline_million(export, runs)
    ours = statistics.median(both)
    rows = [
        {
            "scenario": "1Mx2",
            "what": "dq ingest (2,000,000 rows)",
            "seconds": statistics.median(ingest_walls),
            "mb": max(peaks),
        },
        {
            "scenario": "1Mx2",
            "what": "dq metrics --json",
            "seconds": statistics.median(metric_walls),
            "mb": metrics_rss,
        },
        {
            "scenario": "1Mx2",
            "what": "ingest + metrics",
            "seconds": ours,
            "mb": max(peaks),
            "note": f"{base['seconds'] / ours:.1f}x the baseline",
        },
    ]
    counts = base["counts"]
    agree = counts == {
        "missing": totals["missing"],
        "invalid": totals["invalid"],
        "valid": totals["accounts"] - totals["missing"] - totals["invalid"],
    }
    rows.append(
        {
            "scenario": "1Mx2",
            "what": "baseline: pandas + stdnum per row + groupby",
            "seconds": base["seconds"],
            "mb": base["mb"],
            "note": f"counts {'agree' if agree else 'DIFFER'}: baseline {counts}, ours {totals}",
        }
    )
    half = folder / "fixlist.duckdb"
    if not half.exists():
        run_process(
            [*DQ, "ingest", "--db", str(half), "--as-of", "2026-11-27", str(exports[500_000])]
        )
    for suffix in ("csv", "xlsx"):
        target = folder / f"fixlist.{suffix}"
        wall, rss, _ = median_process(
            [*DQ, "fixlist", "--db", str(half), "--out", str(target)], runs
        )
        rows.append(
            {
                "scenario": "1Mx2",
                "what": f"dq fixlist of 500,000 accounts --out .{suffix}",
                "seconds": wall,
                "mb": rss,
            }
        )
    return rows


def baseline_million(export: Path, runs: int) -> dict:
    """What an analyst would write: pandas read_csv, stdnum per row, groupby per account."""
    code = r"""
import json, sys
import pandas as pd
from stdnum.be import ssn
frame = pd.read_csv(sys.argv[1], sep=';', dtype=str, keep_default_na=False)
frame['key'] = frame['Instellingsnummer'] + '/' + frame['Gebruikersnaam'].str.strip().str.lower()
accounts = frame.groupby('key').agg(nn=('Rijksregisternummer', 'max'))
def verdict(value):
    return 'missing' if not value.strip() else ('valid' if ssn.is_valid(value) else 'invalid')
accounts['verdict'] = accounts['nn'].map(verdict)
print(json.dumps(accounts['verdict'].value_counts().to_dict()))
"""
    wall, rss, out = median_process([sys.executable, "-c", code, str(export)], runs)
    return {"seconds": wall, "mb": rss, "counts": json.loads(out)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenarios", default="S,M,L")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="bench/out")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # what make bench prepares: the bytecode pip writes for a regular install (without it,
    # an editable install and PYTHONDONTWRITEBYTECODE set, every measured command compiles
    # what changed again) and the texts' .mo files (else each command compiles its catalog)
    package = Path(__file__).resolve().parent.parent / "dq"
    compileall.compile_dir(str(package), quiet=1)
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "-q", "compile", "-d", str(package / "locale"), "-D", "dq"], check=True
    )
    print(
        f"machine: {machine()}  date: {datetime.date.today()}  command: python -m bench.scale "
        f"--scenarios {args.scenarios} --runs {args.runs}\n"
    )
    print("| scenario | measurement | wall time (median) | peak memory | note |")
    print("|---|---|---:|---:|---|")
    results = []
    for name in args.scenarios.split(","):
        measured = (
            million(out, args.runs)
            if name == "1Mx2"
            else measure(name, SCENARIOS[name], out, args.runs)
        )
        for row in measured:
            results.append(row)
            mb = "" if row["mb"] is None else f"{row['mb']:,.0f} MB"
            print(
                f"| {row['scenario']} | {row['what']} | {row['seconds']:.2f} s | {mb} | {row.get('note', '')} |",
                flush=True,
            )
    (out / "results.json").write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
