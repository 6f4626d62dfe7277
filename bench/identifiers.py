"""Benchmark: the SQL engine against a plain Python loop over stdnum.be.ssn, 1,000,000 values.

    python -m bench.identifiers [--n 1000000]

Prints values/second for both paths and their ratio, after checking that they agree.
"""

from __future__ import annotations

import argparse
import random
import time

import duckdb
import pandas as pd
from stdnum import exceptions as stdnum_errors
from stdnum.be import ssn

from bench.common import machine, median_time
from dq.identifiers import build, check
from dq.identifiers.sql import install


def realistic_values(n: int, seed: int = 7) -> list[str | None]:
    """Values as found in exports: mostly valid, some formatted, missing, damaged or mistyped."""
    rng = random.Random(seed)
    values: list[str | None] = []
    for _ in range(n):
        year = rng.randint(1950, 2008)
        number = build(
            year,
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(1, 997),
            kind="bis" if rng.random() < 0.04 else "nn",
        )
        roll = rng.random()
        if roll < 0.55:
            values.append(number)
        elif roll < 0.70:
            values.append(f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}")
        elif roll < 0.80:
            values.append(rng.choice([None, "", " "]))
        elif roll < 0.85:
            values.append(number.lstrip("0") if year >= 2000 else number + ".0")
        elif roll < 0.88:
            values.append(f"{number[0]},{number[1:6]}E+10")
        else:  # a typo: one digit changed
            i = rng.randrange(11)
            values.append(
                number[:i] + str((int(number[i]) + rng.randint(1, 9)) % 10) + number[i + 1 :]
            )
    return values


CLASSIFY = """
CREATE OR REPLACE TEMP TABLE verdicts AS
SELECT position, number, valid, kind, reason, flags FROM dq_id_verdicts('raw_values')
"""


def stdnum_loop(values: list[str | None]) -> list[tuple[bool, str | None]]:
    """The obvious alternative: python-stdnum on every value, one at a time."""
    out = []
    for value in values:
        try:
            number = ssn.validate(value or "")
            out.append((True, ssn.guess_type(number)))
        except stdnum_errors.ValidationError:
            out.append((False, None))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()

    values = realistic_values(args.n)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")  # as the store's connections do
    install(con)
    con.register("raw_frame", pd.DataFrame({"position": range(len(values)), "raw": values}))
    con.execute("CREATE TEMP TABLE raw_values AS SELECT * FROM raw_frame")

    sql_time, _ = median_time(lambda: con.execute(CLASSIFY), repeat=5)
    loop_time, loop = median_time(lambda: stdnum_loop(values), repeat=3)

    # Agreement 1: where the engine repaired nothing, its verdict is stdnum's on the raw value.
    rows = con.execute(
        "SELECT valid, kind, flags, reason FROM verdicts ORDER BY position"
    ).fetchall()
    unrepaired = [
        (i, r)
        for i, r in enumerate(rows)
        if not r[2] and r[3] not in ("missing", "excel_scientific")
    ]
    # The official rules refuse some numbers stdnum accepts (README): counted apart.
    differ = [(i, r) for i, r in unrepaired if (r[0], r[1]) != loop[i]]
    divergences = sum(loop[i][0] and r[3] in ("date", "serial") for i, r in differ)
    mismatches = len(differ) - divergences
    # Agreement 2: on a sample of everything, SQL equals the scalar engine.
    sample = random.Random(1).sample(range(len(values)), min(50_000, len(values)))
    scalar_mismatches = sum(
        (rows[i][0], rows[i][1], rows[i][3], tuple(rows[i][2]))
        != ((v := check(values[i])).valid, v.kind, v.reason, v.flags)
        for i in sample
    )

    n = len(values)
    print(f"machine: {machine()}  date: {time.strftime('%Y-%m-%d')}")
    print(f"values: {n:,} (valid after repair: {sum(r[0] for r in rows):,})")
    print(f"SQL engine (DuckDB):        {sql_time:6.3f} s  {n / sql_time:>12,.0f} values/s")
    print(f"stdnum.be.ssn Python loop:  {loop_time:6.3f} s  {n / loop_time:>12,.0f} values/s")
    print(f"ratio SQL / stdnum loop:    {loop_time / sql_time:6.1f}x faster")
    print(
        f"agreement: {len(unrepaired):,} unrepaired values, {mismatches} differ from stdnum "
        f"(plus {divergences:,} listed divergences: serial, impossible day, future birth); "
        f"{len(sample):,} sampled values, {scalar_mismatches} differ from the scalar engine"
    )
    if mismatches or scalar_mismatches:
        raise SystemExit("verdicts disagree")


if __name__ == "__main__":
    main()
