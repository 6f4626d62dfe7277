"""Time every stage of one ingest: where the seconds go (the profile behind docs/performance.md).

    python -m bench.stages EXPORT [EXPORT ...] [--db DB]

Wraps the one statement runner (``dq.store.execute``) and the file reading, and prints per
stage the wall time, the process's resident memory after it and its peak so far (the stage
whose peak jumps is the one that sets the ingest's peak).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import dq.ingest
import dq.readers
import dq.rules
import dq.store

TIMES: list[tuple[str, float, float, float]] = []


def _rss_mb(field: str = "VmRSS") -> float:
    """The process's resident memory now (``VmRSS``) or its peak so far (``VmHWM``), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _named(sql: str) -> str:
    for module in (dq.ingest, dq.rules, dq.store):
        for name, text in module.QUERIES.items():
            if text == sql:
                return f"{module.__name__.split('.')[-1]}.{name}"
    return "rules.results" if sql == dq.rules.RESULTS_SQL else "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("exports", nargs="+")
    parser.add_argument("--db")
    args = parser.parse_args()
    os.environ.setdefault("DQ_SECRET_KEY", "benchmark-only-key")
    os.environ.setdefault("DQ_MAX_FILE_MB", "2000")
    execute, insert_rows = dq.store.execute, dq.readers.insert_rows

    def timed_execute(con, sql, params=None):
        start = time.perf_counter()
        execute(con, sql, params)
        TIMES.append((_named(sql), time.perf_counter() - start, _rss_mb(), _rss_mb("VmHWM")))

    def timed_insert(*a, **k):
        start = time.perf_counter()
        rows = insert_rows(*a, **k)
        TIMES.append(
            ("read file (staging)", time.perf_counter() - start, _rss_mb(), _rss_mb("VmHWM"))
        )
        return rows

    dq.store.execute = dq.ingest.execute = timed_execute
    dq.readers.insert_rows = timed_insert
    db = Path(args.db or tempfile.mkdtemp()) / "stages.duckdb" if not args.db else Path(args.db)
    start = time.perf_counter()
    dq.ingest.ingest(dq.store.Store(db), args.exports, as_of="2026-11-27")
    total = time.perf_counter() - start
    print("| stage | seconds | RSS after (MB) | peak so far (MB) |\n|---|---:|---:|---:|")
    for name, seconds, rss, peak in TIMES:
        if seconds >= 0.005:
            print(f"| {name} | {seconds:.2f} | {rss:,.0f} | {peak:,.0f} |")
    print(f"| **whole ingest (in-process)** | **{total:.2f}** | | {_rss_mb('VmHWM'):,.0f} |")


if __name__ == "__main__":
    main()
