"""One typed read path: pages read only through Store methods (via ``ui.cached``), the logic
they used to hold (overview tiles and staleness, the policy form) lives in ``dq`` and is
tested here, and saving the policy page keeps what the page does not edit."""

import ast
import contextlib
import dataclasses
import datetime
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dq import formatting as fmt
from dq import metrics, policy
from dq.errors import DqError
from dq.store import Store, StoreError
from dq.ui import READS

PAGES = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]
# what a page must not do itself: open the store, run SQL, or call the metric functions
FORBIDDEN_CALLS = {"reader", "workspace", "attached", "sql", "execute"}
FORBIDDEN_IMPORTS = {"dq.metrics", "dq.sqlutil", "duckdb"}


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_reads_only_through_store_methods(page):
    tree = ast.parse(page.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):  # constants (CHANGES, FLAGS, ...) may be imported
            functions = [a.name for a in node.names if not a.name.isupper()]
            names = (
                {f"{node.module}.{a}" for a in functions} | {node.module} if functions else set()
            )
            assert not names & FORBIDDEN_IMPORTS, (page.name, names)
        if isinstance(node, ast.Import):
            assert not {a.name for a in node.names} & FORBIDDEN_IMPORTS, page.name
    for call in _calls(tree):
        assert call.func.attr not in FORBIDDEN_CALLS, (page.name, call.lineno, call.func.attr)
        if call.func.attr == "cached":  # ui.cached("<Store method>", store, ...)
            name = call.args[0]
            assert isinstance(name, ast.Constant) and name.value in READS, (page.name, call.lineno)


def test_every_cached_read_is_a_store_method_that_only_reads():
    for name in READS:
        assert callable(getattr(Store, name, None)), name
    assert not READS & {"set_policy", "delete_snapshot", "write_snapshot", "sql"}


def test_a_read_outside_the_list_is_refused(demo_store):
    from dq import ui

    with pytest.raises(ValueError, match="not a Store read"):
        ui.cached("delete_snapshot", demo_store, "2026-11-27")


def test_the_overview_tiles_are_the_metrics_of_the_last_two_snapshots(demo_store):
    view = demo_store.overview()
    dates = demo_store.dates()
    assert (view["as_of"], view["previous"]) == (dates[-1], dates[-2])
    now = metrics.metrics_json(demo_store, dates[-1])["totals"]
    before = metrics.metrics_json(demo_store, dates[-2])["totals"]
    tiles = {tile["key"]: tile for tile in view["tiles"]}
    assert list(tiles) == list(metrics.TILES)
    for key, tile in tiles.items():
        assert tile["value"] == now[key] and tile["previous"] == before[key], key
    assert tiles["missing"]["change"] == now["missing"] - before["missing"]
    assert tiles["readiness"]["change"] == pytest.approx(now["readiness"] - before["readiness"])
    assert view["bis_holders"] == len(demo_store.accounts(flag="bis_key_activation"))


def test_the_first_snapshot_has_no_change_and_staleness_starts_after_two_weeks(demo_store):
    first = demo_store.dates()[0]
    view = metrics.overview(demo_store, first, today=first + datetime.timedelta(days=14))
    assert view["previous"] is None and not view["stale"] and view["age_days"] == 14
    assert all(tile["change"] is None for tile in view["tiles"])
    later = metrics.overview(demo_store, first, today=first + datetime.timedelta(days=15))
    assert later["stale"] and later["age_days"] == 15


def test_the_overview_page_shows_the_store_overview(demo_store, monkeypatch):
    monkeypatch.setenv("DQ_DB", str(demo_store.path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    view = demo_store.overview()
    shown = {m.label: m for m in at.metric}
    missing = next(t for t in view["tiles"] if t["key"] == "missing")
    assert shown["No number"].value == fmt.number(missing["value"], "en")
    assert shown["No number"].delta == fmt.signed(missing["change"], "en")


def _every_field_set() -> policy.Policy:
    """A policy where every field differs from the default one."""
    base = policy.load()
    sample = dataclasses.replace(
        base,
        # tables merge with the defaults on loading: keep those, add one
        modules=base.modules
        | {"x": policy.Module("x", "Module X", False, datetime.date(2027, 1, 1))},
        webservice_prefix="svc@",
        webservice_hints=("koppeling",),
        groups=base.groups | {"Staff*": ("x",)},
        red=0.5,
        amber=0.6,
        stale_days=30,
        columns=base.columns | {"Login": "username"},
        admins=("boss@school.be",),
        schools={"012345": {"contact": "ict@school.be", "name": "De Linde"}},
        renotify_days=3,
        account_types=base.account_types | {"external": ("*extern*",)},
        inactive_values=("weg",),
        count_inactive=True,
        active_values=("aan",),
        inactive_if="all_rows",
        generic_email_local_parts=("balie*",),
        name_particles=("vander",),
        placeholder_names=("onbekend",),
    )
    for field in dataclasses.fields(policy.Policy):
        if field.compare:
            assert getattr(sample, field.name) != getattr(base, field.name), (
                f"new policy field {field.name}: give it a non-default value here and make "
                "sure to_toml writes it"
            )
    return sample


def test_every_policy_field_survives_saving_as_toml():
    sample = _every_field_set()
    assert policy.load_text(policy.to_toml(sample)) == sample


def test_saving_the_policy_page_keeps_what_the_page_does_not_edit(
    demo_store, tmp_path, monkeypatch
):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_store.path, copy)
    store = Store(copy)
    current = store.policy()
    extra = dataclasses.replace(
        current,
        schools={"012345": {"contact": "ict@school.be", "name": "De Linde"}},
        renotify_days=3,
        admins=("boss@school.be",),
        count_inactive=True,
    )
    store.set_policy(policy.to_toml(extra))
    monkeypatch.setenv("DQ_DB", str(copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("pages/policy.py").run()
    at.number_input(key="policy_stale").set_value(200).run()
    at.button(key="policy_save").click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    saved = Store(copy).policy()
    assert saved.stale_days == 200
    assert saved == dataclasses.replace(extra, stale_days=200)


def _another_process_writes(path) -> None:
    """Nothing in this process holds the file: another process opens it to write at once."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; duckdb.connect(sys.argv[1]).execute('CHECKPOINT')",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture
def opened(monkeypatch) -> list:
    """The paths this process opens with dq.store.connect, in order (the real connect runs)."""
    from dq import store as store_module

    paths = []
    real = store_module.connect
    monkeypatch.setattr(
        store_module,
        "connect",
        lambda path=":memory:", **kw: paths.append(path) or real(path, **kw),
    )
    return paths


def test_a_reading_session_opens_the_store_once_and_sees_its_own_writes(
    fresh_store, tmp_path, opened
):
    from conftest import write_csv

    from dq import store as store_module
    from dq.ingest import ingest

    valid = "85073003328"
    ingest(
        fresh_store,
        [write_csv(tmp_path / "a.csv", [["1", "a@s.be", "A", "A", valid, "G", "Leerlingen"]])],
        as_of="2026-11-13",
    )
    with store_module.reading_session():
        for _ in range(3):
            assert len(fresh_store.snapshots()) == 1
            metrics.metrics_json(fresh_store)
        assert [p for p in opened if p != ":memory:"] == [str(fresh_store.path)]
        # a write in the session: the shared connection is closed first, later reads see it
        ingest(
            fresh_store,
            [write_csv(tmp_path / "b.csv", [["1", "b@s.be", "B", "B", valid, "G", "Leerlingen"]])],
            as_of="2026-11-20",
        )
        assert len(fresh_store.snapshots()) == 2
    # after the session nothing holds the file: another process can write at once
    _another_process_writes(fresh_store.path)


def test_each_store_question_opens_the_file_once_and_leaves_it_free(fresh_store, tmp_path, opened):
    """trend and diff asked the store eight questions on eight connections (0.3 s at M):
    one API call is one connection now, closed when the call returns."""
    from conftest import write_csv

    from dq.ingest import ingest

    valid = "85073003328"
    for day, name in (("2026-11-13", "a"), ("2026-11-20", "b")):
        row = ["1", f"{name}@s.be", "A", "A", valid, "G", "Leerlingen"]
        ingest(fresh_store, [write_csv(tmp_path / f"{name}.csv", [row])], as_of=day)
    calls = {
        "trend": lambda: fresh_store.trend(by="school"),
        "diff": lambda: fresh_store.diff(),
        "metrics": lambda: fresh_store.metrics(by="module"),
        "overview": lambda: fresh_store.overview(),
        "fixlist": lambda: fresh_store.fixlist(),
        "wrong filter": lambda: fresh_store.accounts(status="mising"),
        "wrong date": lambda: fresh_store.diff("1999-01-01", "2000-01-01"),
    }
    for name, call in calls.items():
        opened.clear()
        with contextlib.suppress(DqError):  # a call that refuses its arguments closes it too
            call()
        assert opened == [str(fresh_store.path)], name
        # closed again: a writer in another process gets the file at once
        _another_process_writes(fresh_store.path)


def test_a_connection_of_the_analysts_own_is_named_not_called_a_foreign_file(fresh_store, tmp_path):
    """Outside tester t25: with duckdb.connect(store) open in the notebook, every call said
    the file was no Sleutelklaar database. It is one; the message says what holds it."""
    import duckdb
    from conftest import write_csv

    from dq.ingest import ingest

    row = ["1", "a@s.be", "A", "A", "85073003328", "G", "Leerlingen"]
    ingest(fresh_store, [write_csv(tmp_path / "a.csv", [row])], as_of="2026-11-13")
    own = duckdb.connect(str(fresh_store.path))
    try:
        with pytest.raises(StoreError) as raised:
            fresh_store.metrics()
        assert raised.value.text_key() == "error.store_open_here"
        assert "con.close()" in raised.value.message("en")
        assert "geen Sleutelklaar-databank" not in raised.value.message("nl")
    finally:
        own.close()
    assert fresh_store.summary()["totals"]["ready"] == 1  # closed: the store reads again


def test_a_writing_command_does_not_hold_the_store_while_it_stages(
    fresh_store, tmp_path, monkeypatch
):
    """dq ingest reads the store's state, then stages its files (minutes for a large
    export): meanwhile the file must be free for another process to write."""
    from click.testing import CliRunner
    from conftest import write_csv

    from dq import ingest as ingest_module
    from dq.cli import main

    first = write_csv(tmp_path / "a.csv", [["1", "a@s.be", "A", "A", "85073003328", "G", "L"]])
    second = write_csv(tmp_path / "b.csv", [["1", "b@s.be", "B", "B", "85073003328", "G", "L"]])
    db = str(fresh_store.path)
    assert (
        CliRunner()
        .invoke(main, ["ingest", "--db", db, "--as-of", "2026-11-13", str(first)])
        .exit_code
        == 0
    )
    writes = []
    staging = ingest_module._workspace_tables

    def while_staging(con, policy):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import duckdb, sys; duckdb.connect(sys.argv[1]).execute('CHECKPOINT')",
                db,
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        writes.append(done.returncode)
        return staging(con, policy)

    monkeypatch.setattr(ingest_module, "_workspace_tables", while_staging)
    result = CliRunner().invoke(main, ["ingest", "--db", db, "--as-of", "2026-11-20", str(second)])
    assert result.exit_code == 0, result.output
    assert writes == [0]


def test_a_write_waits_for_a_read_in_another_thread_and_the_other_way_round(fresh_store, tmp_path):
    """The dashboard serves every user from one process: an import (a write) while another
    user's page reads must wait for the read, not fail as "not a store"; and a read waits
    for a write in progress."""
    import threading
    import time

    from conftest import write_csv

    from dq.ingest import ingest
    from dq.store import reading_session

    rows = [["1", "a@s.be", "A", "A", "85073003328", "G", "L"]]
    ingest(fresh_store, [write_csv(tmp_path / "a.csv", rows)], as_of="2026-11-13")
    opened, release = threading.Event(), threading.Event()

    def page_run():
        with reading_session():
            fresh_store.snapshots()
            opened.set()
            release.wait(10)

    reader = threading.Thread(target=page_run)
    reader.start()
    opened.wait(10)
    threading.Timer(1.0, release.set).start()
    start = time.monotonic()
    ingest(fresh_store, [write_csv(tmp_path / "b.csv", rows)], as_of="2026-11-20")
    assert time.monotonic() - start >= 0.9  # it waited for the page run to end
    reader.join()
    assert len(fresh_store.snapshots()) == 2

    with fresh_store.workspace() as con, fresh_store.attached(con):
        seen = []
        thread = threading.Thread(target=lambda: seen.append(len(fresh_store.snapshots())))
        thread.start()
        time.sleep(0.5)
        assert seen == []  # still waiting for the write
    thread.join(20)
    assert seen == [2]


def test_ingest_and_metrics_json_do_not_import_pandas(fresh_store, tmp_path):
    """The commands a scheduled job runs (ingest, then metrics --json) need neither pandas nor
    pyarrow: importing them costs ~0.5 s a process (profiled: the engine's module imported
    pandas for a helper only `classify` uses). Nor the duckdb package's Python layer over its
    compiled core (dq.db): 70 ms of a 0.15 s `dq metrics`."""
    from conftest import write_csv

    export = write_csv(tmp_path / "a.csv", [["1", "a@s.be", "A", "A", "85073003328", "G", "L"]])
    script = (
        "import sys\n"
        "from dq.cli import main\n"
        "for args in (['ingest', '--db', sys.argv[1], '--as-of', '2026-11-13', sys.argv[2]],\n"
        "             ['metrics', '--json', '--db', sys.argv[1]]):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as stop:\n"
        "        assert not stop.code, stop.code\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'duckdb') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(fresh_store.path), str(export)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


def test_dq_connections_get_the_duckdb_package_s_api_once_an_analyst_imports_it():
    """dq.db imports DuckDB's compiled core alone; the promise in its docstring: the objects
    are the package's own, so a notebook that imports duckdb has its relation API on them."""
    import duckdb as package

    from dq.db import duckdb as core

    con = core.connect()
    try:
        assert isinstance(con, package.DuckDBPyConnection)
        assert core.Error is package.Error and core.IOException is package.IOException
        assert con.sql("SELECT 42 AS x").fetchall() == [(42,)]
    finally:
        con.close()
