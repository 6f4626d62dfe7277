"""Questions the library and the CLI refuse: unknown filter values, dates without a snapshot,
a missing store; and the defaults they take (dq diff: the last two snapshots)."""

import json

import pytest
from click.testing import CliRunner

import dq
from dq.cli import main
from dq.filters import FilterError
from dq.store import StoreError


def test_dq_exports_open_check_and_the_error_base():
    assert {"open", "check", "DqError"} <= set(dq.__all__)
    assert dq.check("").reason == "missing"


def test_open_on_a_missing_file_raises_a_human_message(tmp_path):
    with pytest.raises(StoreError) as caught:
        dq.open(tmp_path / "nope.duckdb")
    assert isinstance(caught.value, dq.DqError)
    assert str(caught.value).startswith("Er is nog geen databank op") and "nope.duckdb" in str(
        caught.value
    )


@pytest.mark.parametrize("call", ["metrics", "accounts", "fixlist", "diff"])
def test_a_date_without_a_snapshot_is_refused_listing_the_dates(demo_store, call):
    store = dq.open(demo_store.path)
    dates = [d.isoformat() for d in store.dates()]
    with pytest.raises(FilterError) as caught:
        if call == "diff":
            store.diff("2026-11-21", dates[-1])
        else:
            getattr(store, call)("2026-11-21")
    message = caught.value.message("en")
    assert "2026-11-21" in message and all(d in message for d in dates)


@pytest.mark.parametrize(
    ("name", "value", "listed"),
    [
        ("status", "mising", "missing"),
        ("reason", "checksom", "checksum"),
        ("flag", "stal", "stale"),
        ("module", "leerling", "leerlingen"),
        ("school", "75865", None),
    ],
)
def test_unknown_filter_values_are_refused_by_the_api(demo_store, name, value, listed):
    store = dq.open(demo_store.path)
    for read in (store.accounts, store.fixlist):
        with pytest.raises(FilterError) as caught:
            read(**{name: value})
        message = caught.value.message("en")
        assert f"'{value}'" in message
        schools = set(store.metrics(by="school").school_id)
        expected = listed or sorted(schools)[0]
        assert expected in message


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--status", "mising"),
        ("--reason", "checksom"),
        ("--flag", "stal"),
        ("--module", "leerling"),
        ("--school", "75865"),
    ],
)
def test_cli_refuses_unknown_filter_values_with_the_accepted_ones(demo_store, option, value):
    db = str(demo_store.path)
    result = CliRunner().invoke(
        main, ["--lang", "en", "fixlist", "--db", db, option, value, "--out", "-"]
    )
    assert result.exit_code == 2, result.output
    assert f"'{value}'" in result.output and "Accepted:" in result.output
    if option == "--status":
        accounts = CliRunner().invoke(main, ["accounts", "--db", db, option, value])
        assert accounts.exit_code == 2


def test_cli_refuses_a_date_without_a_snapshot(demo_store):
    result = CliRunner().invoke(
        main, ["--lang", "en", "metrics", "--db", str(demo_store.path), "--as-of", "2026-11-21"]
    )
    assert result.exit_code == 2 and "There is no snapshot of 2026-11-21" in result.output


def test_known_filter_values_still_answer(demo_store):
    store = dq.open(demo_store.path)
    school = sorted(store.metrics(by="school").school_id)[0]
    assert len(store.accounts(status="missing", school=school)) > 0


def test_cli_diff_without_dates_compares_the_last_two(demo_store):
    db = str(demo_store.path)
    store = dq.open(db)
    old, new = store.dates()[-2:]
    default = CliRunner().invoke(main, ["diff", "--db", db, "--json"])
    explicit = CliRunner().invoke(
        main, ["diff", "--db", db, "--json", "--from", old.isoformat(), "--to", new.isoformat()]
    )
    assert default.exit_code == 0, default.output
    assert json.loads(default.output) == json.loads(explicit.output)
    assert any(json.loads(default.output).values())
    older = store.dates()[-3]
    other = CliRunner().invoke(main, ["diff", "--db", db, "--json", "--from", older.isoformat()])
    assert json.loads(other.output) != json.loads(default.output)


# --- issue 14, point 2 (part): accounts without a recognised module are not a module ------


@pytest.fixture(scope="module")
def with_unknown_modules(tmp_path_factory):
    from conftest import write_csv

    from dq.identifiers import build
    from dq.ingest import ingest
    from dq.store import Store

    folder = tmp_path_factory.mktemp("unknown")
    store = Store(folder / "u.duckdb")
    for week, date in enumerate(("2026-11-20", "2026-11-27")):
        rows = [
            ["1", "a@s.be", "A", "A", build(1980, 1, 1, 1), "G", "Leerlingen"],
            ["1", "b@s.be", "B", "B", "" if week == 0 else build(1980, 1, 2, 1), "G", "Personeel"],
            ["1", "c@s.be", "C", "C", build(1980, 1, 3, 1), "G", "Kantine"],
            ["2", "d@s.be", "D", "D", "", "G", ""],
        ]
        ingest(store, [write_csv(folder / f"u{week}.csv", rows)], as_of=date)
    return store


def test_unknown_modules_are_no_module_for_managers(with_unknown_modules, monkeypatch):
    store = with_unknown_modules
    known = set(store.policy().modules)
    for frame in (
        store.metrics(by="module"),
        store.metrics(by="school_module"),
        store.trend(by="module"),
        store.forecast(by="module"),
        store.forecast(by="school_module"),
    ):
        assert set(frame["module"]) <= known and len(frame) > 0
    from dq import metrics

    assert set(metrics.metrics_json(store)["by_module"]) <= known
    unknown = metrics.data_quality(store)["unknown"]
    assert {"kantine", "unknown"} <= set(unknown[unknown.kind == "module"].name)

    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DQ_DB", str(store.path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/modules_schools.py").run()
    assert not at.exception
    labels = {m.label for m in store.policy().modules.values()}  # the picker shows the names
    assert set(at.selectbox(key="matrix_module").options) <= labels
