"""Run one command and print its wall time and its own peak memory, as JSON.

    python -m bench.launch CMD [ARG...]

The benchmark starts this small process, which starts the measured command: ``ru_maxrss``
from ``wait4`` counts the resident pages a child was forked with, so the measured command
must be forked from a process this small, not from the benchmark once it has grown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> None:
    start = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:])
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": wall,
                "mb": usage.ru_maxrss / 1024,
                "exit": os.waitstatus_to_exitcode(status),
            }
        ),
        file=sys.stderr,
    )
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
