"""Shared helpers for the benchmarks: timing, peak memory, the machine's description."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import time
from collections.abc import Callable


def machine() -> str:
    """Cores, memory and Python/DuckDB versions of this machine, for docs/performance.md."""
    import duckdb

    with open("/proc/meminfo", encoding="ascii") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    return (
        f"{os.cpu_count()} cores, {total_kb / 2**20:.0f} GiB RAM, {platform.machine()}, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}"
    )


def median_time(run: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """The median wall time of ``repeat`` runs, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
