"""The floor under issue 11's 1Mx2 and L targets: the least work any ingest must do, timed.

    python -m bench.floor [--runs 3] [--out bench/out] [--scenario 1Mx2|L]

Runs on the 1Mx2 export of ``bench.scale`` (or the L users export, 14 columns; both built
there if missing), each step a separate
process started by ``bench.launch`` (wall time and its own peak memory, median of
``--runs``). The steps add up, each doing all the work of the one before:

1. ``floor``: the issue's plain pipeline: read the CSV (``read_csv``, all text), collapse 2
   rows per account in one ``GROUP BY``, the number through the identifier engine and the
   keyed hash (the clear number dropped), write one table to a new store file, checkpoint.
2. ``+ masking``: the text cells the store keeps through the redaction (a number typed into
   a name, a username, a group, ...), which the privacy rules require of every kept cell.
3. ``+ statuses``: a status per account from the verdict, written as a second table of a
   million rows (the store keeps accounts and their statuses apart: pages read statuses).

Then the real ``dq ingest`` and the pandas + python-stdnum baseline on the same file, so the
ratios are from one run. Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.common import machine
from bench.scale import (
    DQ,
    SCENARIOS,
    baseline,
    baseline_million,
    build,
    median_process,
    million_exports,
)

READ = """
CREATE TEMP TABLE raw AS
SELECT * FROM read_csv($path, delim = ';', header = true, all_varchar = true)
"""
# 1: collapse; the cells the store keeps as they are. L's export has 14 columns: the store
# keeps e-mail, type, contact, active, last login and birth date too, and the number may be
# in either number column (one verdict on the first filled: less than the ingest does)
ACCOUNTS = """
SELECT Instellingsnummer AS school_id, lower(trim(Gebruikersnaam)) AS username,
    max(Naam) AS last_name, max(Voornaam) AS first_name,
    nullif(trim(max(Rijksregisternummer)), '') AS raw,
    list(Groep) AS groups, list(Modules) AS modules
FROM raw GROUP BY ALL
"""
ACCOUNTS_L = """
SELECT Instellingsnummer AS school_id, lower(trim(Gebruikersnaam)) AS username,
    max(Naam) AS last_name, max(Voornaam) AS first_name, max("E-mail") AS email,
    coalesce(nullif(trim(max(Rijksregisternummer)), ''), nullif(trim(max("BIS-nummer")), ''))
        AS raw,
    list(Groep) AS groups, list(Modules) AS modules, max(Type) AS type,
    list(Contactpersoon) AS contacts, max(Actief) AS active,
    max("Laatste aanmelding") AS last_login, max(Geboortedatum) AS birth_date
FROM raw GROUP BY ALL
"""
# 2: the same, every kept text cell through the redaction (dq_text_masked, dq/sql/ingest.sql)
MASKED = """
CREATE TEMP TABLE acc AS
SELECT * REPLACE (dq_text_masked(school_id) AS school_id, dq_text_masked(username) AS username,
    dq_text_masked(last_name) AS last_name, dq_text_masked(first_name) AS first_name,
    list_transform(groups, lambda g: dq_text_masked(g)) AS groups,
    list_transform(modules, lambda m: dq_text_masked(m)) AS modules)
FROM ("""
VERDICT = """
CREATE TEMP TABLE judged AS
SELECT * EXCLUDE (raw, number),
    CASE WHEN valid THEN dq_keyed_hash(number, $ipad, $opad) END AS hash,
    CASE WHEN valid THEN right(number, 2) END AS check_digits
FROM dq_id_verdicts('acc')
"""
WRITE = "CREATE TABLE store.accounts AS SELECT * FROM judged"
STATUSES = """
CREATE TABLE store.account_status AS
SELECT school_id, username,
    CASE WHEN reason = 'missing' THEN 'missing' WHEN NOT valid THEN 'invalid'
         WHEN kind = 'bis' THEN 'ready_bis' ELSE 'ready' END AS status,
    CASE WHEN NOT valid THEN reason END AS reason, flags, modules, kind, check_digits
FROM judged
"""

JUDGE_AND_WRITE = ["DROP TABLE raw", VERDICT, "DROP TABLE acc", WRITE]


def steps(accounts: str) -> dict[str, list[str]]:
    """The steps over one collapse (ACCOUNTS or ACCOUNTS_L), each adding to the one before."""
    collapse, masked = "CREATE TEMP TABLE acc AS " + accounts, MASKED + accounts + ")"
    return {
        "floor": [READ, collapse, *JUDGE_AND_WRITE],
        "masking": [READ, masked, *JUDGE_AND_WRITE],
        "statuses": [READ, masked, *JUDGE_AND_WRITE, STATUSES],
    }


STEPS = {"1Mx2": steps(ACCOUNTS), "L": steps(ACCOUNTS_L)}
LABELS = {
    "floor": "floor: read, collapse, verdict + keyed hash, write, checkpoint",
    "masking": "+ kept text cells through the redaction",
    "statuses": "+ statuses written (second table)",
}


def run_step(scenario: str, step: str, export: str, db: str) -> None:
    """One step, in this process (the measured child): an in-memory workspace with the
    identifier engine and the masking macros, the new store attached, one transaction."""
    import dq.ingest
    from dq.privacy import load_key
    from dq.store import Store, execute

    ipad, opad = load_key(create=True).pads()
    with Store(db).workspace() as con:
        execute(con, dq.ingest.QUERIES["workspace_tables"])
        con.execute("ATTACH $db AS store", {"db": db})
        con.execute("BEGIN")
        params = {"path": export, "ipad": ipad, "opad": opad}
        for sql in STEPS[scenario][step]:
            execute(con, sql, params)
        con.execute("COMMIT")
        con.execute("CHECKPOINT store")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="bench/out")
    parser.add_argument("--scenario", choices=list(STEPS), default="1Mx2")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--export", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        run_step(args.scenario, args.step, args.export, args.db)
        return
    if args.scenario == "L":
        export = build("L", SCENARIOS["L"], Path(args.out))[0][-1]
    else:
        export = million_exports(Path(args.out))[1_000_000]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "floor.duckdb"
        floor = [sys.executable, "-m", "bench.floor", "--db", str(db), "--export", str(export)]
        floor += ["--scenario", args.scenario]
        commands = [(LABELS[step], [*floor, "--step", step]) for step in LABELS] + [
            (
                "dq ingest (the whole rules)",
                [*DQ, "ingest", "--db", str(db), "--as-of", "2026-11-27", str(export)],
            )
        ]
        for label, command in commands:
            wall, mb, _ = median_process(command, args.runs, lambda: db.unlink(missing_ok=True))
            rows.append((label, wall, mb))
        if args.scenario == "L":  # (it checks its counts against the store just written)
            base = baseline("L", export, db, 1)[0]["seconds"]
        else:
            base = baseline_million(export, 1)["seconds"]
    print(
        f"{machine()}  command: python -m bench.floor --runs {args.runs} "
        f"--scenario {args.scenario}  ({export.name})\n"
    )
    print(
        f"baseline (pandas + stdnum per row + groupby): {base:.2f} s; 7x of it: {base / 7:.2f} s\n"
    )
    print(
        "| step (each adds to the one before) | wall time (median) | peak memory | x the baseline |"
    )
    print("|---|---:|---:|---:|")
    for label, wall, mb in rows:
        print(f"| {label} | {wall:.2f} s | {mb:,.0f} MB | {base / wall:.1f}x |")


if __name__ == "__main__":
    main()
