"""Time the parts of one .xlsx fix list: where the seconds go (docs/performance.md).

    python -m bench.fixlist_stages STORE [--out FILE.xlsx]

The rows from DuckDB (``fixlist.rows``), their labels (``fixlist.for_people``), the row
writer (``dq.xlsx.TextRows.write_text_rows``) and ``Workbook.close`` (the sheet assembled
and deflated), each timed apart; the rows are held in memory between the parts, so the peak
here is above the command's, and the parts' sum is a little above the command's wall time
(which overlaps nothing either). ``bench.scale`` times the whole command.
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from pathlib import Path

import xlsxwriter

from dq import fixlist
from dq.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("store")
    parser.add_argument("--out")
    args = parser.parse_args()
    os.environ.setdefault("DQ_SECRET_KEY", "benchmark-only-key")
    out = Path(args.out or Path(tempfile.mkdtemp()) / "fixlist.xlsx")
    times = []
    # the million lists held here are no garbage, but the collector would scan them again
    # and again as they pile up; the streamed command holds one batch and does not pay that
    gc.disable()
    start = time.perf_counter()
    rows = list(fixlist.rows(Store(args.store), lang="nl"))
    times.append(("rows from DuckDB (fixlist.rows)", time.perf_counter() - start))
    start = time.perf_counter()
    people = list(fixlist.for_people(iter(rows), "nl"))
    times.append(("labels (fixlist.for_people)", time.perf_counter() - start))
    count = len(rows)
    del rows
    start = time.perf_counter()
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = fixlist._xlsx_sheet(book, "nl", codes=False)
    fixlist._write_xlsx_rows(sheet, iter(people))
    times.append(("row writer (write_text_rows)", time.perf_counter() - start))
    start = time.perf_counter()
    book.close()
    times.append(("Workbook.close (assemble, deflate)", time.perf_counter() - start))
    print(f"{count:,} rows -> {out} ({out.stat().st_size / 1e6:.1f} MB)")
    print("| part | seconds |\n|---|---:|")
    for name, seconds in times:
        print(f"| {name} | {seconds:.2f} |")
    print(f"| **all parts** | **{sum(s for _, s in times):.2f}** |")


if __name__ == "__main__":
    main()
