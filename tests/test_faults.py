"""Faults: a killed ingest, a full disk, an old store, a missing key. The store survives each."""

import os
import resource
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from click.testing import CliRunner
from conftest import ROOT, write_csv

from dq import metrics
from dq.cli import main
from dq.identifiers import build
from dq.store import SCHEMA_VERSION, Store

HEADERS = [
    "Instellingsnummer",
    "Gebruikersnaam",
    "Naam",
    "Voornaam",
    "Rijksregisternummer",
    "Groep",
    "Modules",
]


def _dq(*args, preexec=None, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "dq", *map(str, args)],
        capture_output=True,
        text=True,
        preexec_fn=preexec,
        timeout=timeout,
        env={**os.environ, "DQ_LANG": "nl"},
    )


def _snapshot_dates(db):
    return list(Store(db).snapshots().as_of.dt.date.astype(str))


@pytest.fixture(scope="module")
def large_export(tmp_path_factory):
    from dq import demo

    folder = tmp_path_factory.mktemp("large")
    files = demo.generate(
        folder, seed=3, schools=20, accounts=30_000, snapshots=1, formats=["utf-8-sig"]
    )
    return files[0]


# `dq ingest` through the library with a progress callback that prints each stage as it starts;
# at the chosen stage it stops and waits, so the kill lands exactly there, not at a guessed time
INGEST_REPORTING_STAGES = """
import sys, time
from dq.ingest import ingest
from dq.store import Store

db, path, hold = sys.argv[1:4]

def progress(stage, fraction):
    print(stage, flush=True)
    if stage == hold:
        time.sleep(600)  # held here until the test kills it

ingest(Store(db), [path], as_of="2026-11-20", progress=progress)
print("returned", flush=True)
"""


def _ingest_reporting_stages(db, export, hold):
    return subprocess.Popen(
        [sys.executable, "-c", INGEST_REPORTING_STAGES, str(db), str(export), hold],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )


def _wait_for_stage(process, stage) -> list[str]:
    """Read the stages the ingest reports until ``stage`` (or its end); returns those seen."""
    seen = []
    for line in process.stdout:
        seen.append(line.strip())
        if seen[-1] == stage:
            break
    return seen


# where each kill lands: (stage, seconds after the stage's marker); 0 holds it at the marker
KILLS = [
    ("read", 0.0),  # before the file is read
    ("check", 0.0),  # staged, before the rules run
    ("write", 0.0),  # judged, before the store is attached
    ("write", 0.05),  # while the snapshot is written
    ("write", 0.2),
    ("done", 0.0),  # committed: the snapshot is whole
]


def test_sigkill_at_each_ingest_stage_leaves_a_whole_store(tmp_path, large_export):
    db = tmp_path / "store.duckdb"
    small = write_csv(
        tmp_path / "w.csv",
        [["1", "a@s.be", "A", "A", build(1980, 1, 1, 1), "G", "Leerlingen"]],
        headers=HEADERS,
    )
    assert _dq("ingest", "--db", db, "--as-of", "2026-11-13", small).returncode == 0
    before = _snapshot_dates(db)
    for stage, delay in KILLS:
        # held at the stage when no delay is asked; else it runs on and is killed mid-stage
        process = _ingest_reporting_stages(db, large_export, stage if delay == 0 else "none")
        try:
            seen = _wait_for_stage(process, stage)
            assert seen[-1] == stage, seen  # the ingest reached the stage
            time.sleep(delay)  # a short offset into the stage, after its marker
            held = process.poll() is None
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.wait()
            process.stdout.close()
        assert held or delay > 0, stage  # a held ingest is always killed where it was held
        after = _snapshot_dates(db)
        if stage == "done":
            assert after == [*before, "2026-11-20"]  # the kill came after the commit
        elif delay == 0:
            assert after == before, stage  # before the write: nothing of it in the store
        else:
            assert after in (before, [*before, "2026-11-20"])  # mid-write: all or nothing
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == len(after)
            kept = con.execute(
                "SELECT count(*) FROM accounts WHERE as_of = '2026-11-13'"
            ).fetchone()
        assert kept == (1,), (stage, delay)  # the earlier snapshot is untouched
        if after != before:
            assert _dq("snapshots", "--db", db, "delete", "2026-11-20").returncode == 0
    # the store opens and takes the export whole afterwards
    assert _dq("ingest", "--db", db, "--as-of", "2026-11-20", large_export).returncode == 0
    assert _snapshot_dates(db) == [*before, "2026-11-20"]


def test_full_disk_gives_a_clear_message_and_changes_nothing(tmp_path, large_export):
    db = tmp_path / "store.duckdb"
    small = write_csv(
        tmp_path / "w.csv",
        [["1", "a@s.be", "A", "A", build(1980, 1, 1, 1), "G", "Leerlingen"]],
        headers=HEADERS,
    )
    assert _dq("ingest", "--db", db, "--as-of", "2026-11-13", small).returncode == 0
    before = _snapshot_dates(db)
    limit = db.stat().st_size + 256 * 1024

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = _dq("ingest", "--db", db, "--as-of", "2026-11-20", large_export, preexec=small_disk)
    assert result.returncode == 2, result.stderr
    assert "schijf vol" in result.stderr and "Traceback" not in result.stderr
    assert _snapshot_dates(db) == before
    assert _dq("ingest", "--db", db, "--as-of", "2026-11-20", small).returncode == 0


@pytest.mark.parametrize("room", [4 * 1024, 512 * 1024])
def test_a_write_that_fails_on_a_new_store_leaves_no_store_file(tmp_path, large_export, room):
    """Outside testers t35 and t36: an ingest that failed while writing a store it was
    creating left an empty store file behind ("store unchanged": here, never created); with
    room for only the file's first block, the stub was then refused as "no Sleutelklaar
    database" by every later ingest."""
    db = tmp_path / "new.duckdb"

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

    result = _dq("ingest", "--db", db, "--as-of", "2026-11-20", large_export, preexec=small_disk)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "schijf vol" in result.stderr
    assert not db.exists() and not db.with_name("new.duckdb.wal").exists()


def test_a_version_1_store_is_migrated_forward_on_open(tmp_path):
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute((ROOT / "tests" / "fixtures" / "store_v1.sql").read_text(encoding="utf-8"))
    store = Store(db)
    assert store.schema_version() == "1"
    result = metrics.metrics_json(store)
    assert store.schema_version() == SCHEMA_VERSION
    assert result["as_of"] == "2026-11-20"
    assert result["totals"]["ready"] == 2 and result["totals"]["invalid"] == 1
    assert (
        store.diff("2026-11-13", "2026-11-20").set_index("username").loc["bo@s.be", "change"]
        == "newly_ready"
    )


def test_a_version_2_store_is_migrated_forward_in_one_transaction(tmp_path):
    # tests/fixtures/store_v2: the v1 fixture as version 2 migrated it (EXPORT DATABASE), with
    # one column per status in snapshot_metrics; v3 keeps the counts long
    folder = ROOT / "tests" / "fixtures" / "store_v2"
    db = tmp_path / "v2.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute((folder / "schema.sql").read_text(encoding="utf-8"))
        load = (folder / "load.sql").read_text(encoding="utf-8")
        con.execute(load.replace("{folder}", str(folder)))
    store = Store(db)
    assert store.schema_version() == "2"
    result = metrics.metrics_json(store)
    assert store.schema_version() == SCHEMA_VERSION
    assert result["totals"]["ready"] == 2 and result["totals"]["invalid"] == 1
    assert result["totals"]["readiness"] == 2 / 3
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        counted = con.execute("SELECT sum(accounts) FROM snapshot_counts WHERE module IS NULL")
        assert counted.fetchone()[0] == 6  # 3 accounts in each of the two snapshots
        judged = con.execute(
            "SELECT count(*) FROM account_status WHERE number_kind IS NOT NULL"
        ).fetchone()[0]
    assert "snapshot_metrics" not in tables and "snapshot_counts" in tables
    assert judged > 0  # the judged number's kind was filled in by re-judging


def test_a_failed_migration_leaves_the_old_store_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute((ROOT / "tests" / "fixtures" / "store_v1.sql").read_text(encoding="utf-8"))
    store = Store(db)

    def broken(*args, **kwargs):
        raise RuntimeError("disk gone mid-migration")

    monkeypatch.setattr(Store, "_rejudge_all", broken)
    with pytest.raises(RuntimeError):
        metrics.metrics_json(store)
    assert store.schema_version() == "1"
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "account_status" not in tables and "snapshot_counts" not in tables


def test_a_store_from_a_newer_version_is_refused_clearly(tmp_path):
    db = tmp_path / "new.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    result = CliRunner().invoke(main, ["metrics", "--db", str(db)])
    assert result.exit_code == 2 and "schemaversie 99" in result.output


def test_missing_key_file_is_explained_never_silently_replaced(tmp_path, monkeypatch):
    monkeypatch.delenv("DQ_SECRET_KEY")
    key = tmp_path / "cfg" / "key"
    monkeypatch.setenv("DQ_KEY_FILE", str(key))
    db = tmp_path / "store.duckdb"
    rows = [["1", "a@s.be", "A", "A", build(1980, 1, 1, 1), "G", "Leerlingen"]]
    assert (
        CliRunner()
        .invoke(
            main,
            [
                "ingest",
                "--db",
                str(db),
                "--as-of",
                "2026-11-13",
                str(write_csv(tmp_path / "w.csv", rows, headers=HEADERS)),
            ],
        )
        .exit_code
        == 0
    )
    key.unlink()
    result = CliRunner().invoke(
        main, ["ingest", "--db", str(db), "--as-of", "2026-11-20", str(tmp_path / "w.csv")]
    )
    assert result.exit_code == 2 and "ontbreekt" in result.output and "opvolging" in result.output
    assert not key.exists()  # no new key was made behind the user's back
    key.write_text("not hex at all")
    result = CliRunner().invoke(
        main, ["ingest", "--db", str(db), "--as-of", "2026-11-20", str(tmp_path / "w.csv")]
    )
    assert result.exit_code == 2 and "kan niet gelezen worden" in result.output
