"""Metrics, trend, diff and forecast against small stores counted by hand; the CLI contracts."""

import datetime
import json

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import write_csv

from dq import metrics
from dq.cli import main
from dq.identifiers import build
from dq.ingest import ingest
from dq.policy import load_text
from dq.store import Store

HEADERS = [
    "Instellingsnummer",
    "Gebruikersnaam",
    "Naam",
    "Voornaam",
    "Rijksregisternummer",
    "Modules",
]
POLICY = load_text(
    '[modules.agenda]\nlabel = "Agenda"\nrequires_2fa = false\n'
    "[modules.leerlingen]\nenforced = 2027-01-31\n"
)
WEEK_1 = [
    ["A", "a1@s.be", "Aerts", "An", build(1980, 1, 1, 1), "Leerlingen"],
    ["A", "a2@s.be", "Baert", "Bo", "", "Leerlingen, Personeel"],
    ["A", "webservices@s.be", "", "", "", "Leerlingen"],
    ["B", "b1@s.be", "Claes", "Cas", "123", "Personeel"],
    ["B", "b2@s.be", "Dhont", "Dirk", "", "Agenda"],
]
WEEK_2 = [
    ["A", "a1@s.be", "Aerts", "An", build(1980, 1, 1, 1), "Leerlingen"],
    ["A", "a2@s.be", "Baert", "Bo", build(1981, 2, 2, 2), "Leerlingen, Personeel"],
    ["A", "webservices@s.be", "", "", "", "Leerlingen"],
    ["A", "a4@s.be", "Eyckmans", "Eva", "", "Leerlingen"],
    ["B", "b1@s.be", "Claes", "Cas", "123", "Personeel"],
]


@pytest.fixture(scope="module")
def counted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("counted")
    store = Store(folder / "counted.duckdb")
    ingest(
        store,
        [write_csv(folder / "w1.csv", WEEK_1, headers=HEADERS)],
        as_of="2026-11-13",
        policy=POLICY,
    )
    ingest(
        store,
        [write_csv(folder / "w2.csv", WEEK_2, headers=HEADERS)],
        as_of="2026-11-20",
        policy=POLICY,
    )
    return store


def counts(
    accounts, in_scope, ready, missing=0, invalid=0, exempt=0, not_required=0, readiness=None
):
    return {
        "accounts": accounts,
        "in_scope": in_scope,
        "ready": ready,
        "ready_bis": 0,
        "exempt": exempt,
        "inactive": 0,
        "missing": missing,
        "invalid": invalid,
        "conflict": 0,
        "external_unlinked": 0,
        "not_required": not_required,
        "readiness": readiness,
    }


def test_metrics_json_equals_the_hand_count(counted):
    result = CliRunner().invoke(main, ["metrics", "--db", str(counted.path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "as_of": "2026-11-20",
        "totals": counts(5, 4, 2, missing=1, invalid=1, exempt=1, readiness=0.5),
        "by_module": {
            "leerlingen": counts(4, 3, 2, missing=1, exempt=1, readiness=2 / 3),
            "personeel": counts(2, 2, 1, invalid=1, readiness=0.5),
        },
        "by_school": {
            "A": counts(4, 3, 2, missing=1, exempt=1, readiness=2 / 3),
            "B": counts(1, 1, 0, invalid=1, readiness=0.0),
        },
    }


def test_metrics_of_an_earlier_snapshot_and_not_required(counted):
    week_1 = metrics.metrics_json(counted, "2026-11-13")
    assert week_1["totals"] == counts(
        5, 3, 1, missing=1, invalid=1, exempt=1, not_required=1, readiness=1 / 3
    )
    assert week_1["by_module"]["agenda"]["not_required"] == 1


def test_diff_json_contract(counted):
    result = CliRunner().invoke(
        main,
        ["diff", "--db", str(counted.path), "--from", "2026-11-13", "--to", "2026-11-20", "--json"],
    )
    assert json.loads(result.output) == {
        "newly_ready": ["A/a2@s.be"],
        "newly_failing": [],
        "still_failing": ["B/b1@s.be"],
        "new_accounts": ["A/a4@s.be"],
        "removed_accounts": ["B/b2@s.be"],
    }


def test_accounts_json_lists_every_account_with_days_failing(counted):
    result = CliRunner().invoke(main, ["accounts", "--db", str(counted.path), "--json"])
    rows = {r["username"]: r for r in map(json.loads, result.output.splitlines())}
    assert set(rows) == {"a1@s.be", "a2@s.be", "a4@s.be", "b1@s.be", "webservices@s.be"}
    assert rows["b1@s.be"] == {
        "school_id": "B",
        "username": "b1@s.be",
        "modules": ["personeel"],
        "status": "invalid",
        "reason": "length",
        "flags": [],
        "days_failing": 7,
    }
    assert rows["a4@s.be"]["days_failing"] == 0 and rows["a1@s.be"]["days_failing"] is None
    only = CliRunner().invoke(
        main, ["accounts", "--db", str(counted.path), "--json", "--status", "missing"]
    )
    assert [json.loads(x)["username"] for x in only.output.splitlines()] == ["a4@s.be"]


def test_trend_keeps_every_snapshot(counted):
    trend = counted.trend()
    assert list(trend.readiness) == [1 / 3, 0.5]
    by_school = counted.trend(by="school")
    assert len(by_school) == 4


@pytest.mark.parametrize("by", ["total", "module", "school", "school_module"])
def test_the_trend_table_equals_the_count_blocks_row_for_row(counted, by):
    # the frames are computed a column at a time, the JSON contract per row by block():
    # both must give the same counts, readiness and RAG colour for every snapshot and group
    frame = counted.trend(by=by)
    policy = counted.policy()
    with counted.reader() as con:
        rows = metrics._blocks(metrics._count_rows(con, None, by, policy), by)
    assert len(frame) == len(rows) > 0
    for got, want in zip(frame.to_dict("records"), rows, strict=True):
        assert got["as_of"].date() == want["as_of"]
        assert (got["school_id"], got["module"]) == (want["school_id"], want["module"])
        for name in metrics.COUNTS:
            assert got[name] == want[name], name
        if want["readiness"] is None:
            assert pd.isna(got["readiness"]) and pd.isna(got["rag"])
        else:
            assert got["readiness"] == pytest.approx(want["readiness"])
            assert got["rag"] == policy.rag(want["readiness"])
    json_rows = counted.summary("2026-11-20")["by_school"]
    if by == "school":
        last = frame[frame.as_of == "2026-11-20"]
        assert {r.school_id: r.in_scope for r in last.itertuples()} == {
            k: v["in_scope"] for k, v in json_rows.items()
        }


@pytest.mark.parametrize(
    "by, keys",
    [("module", ["module"]), ("school", ["school_id"]), ("school_module", ["school_id", "module"])],
)
def test_the_key_columns_are_text_columns(counted, by, keys):
    # outside tester t25: the column-at-a-time frames first came back with object keys, where
    # the per-row ones had pandas' str dtype (select_dtypes(include="str") lost them)
    for frame in (counted.trend(by=by), counted.metrics(by=by)):
        for key in keys:
            assert str(frame[key].dtype) == "str", (by, key, frame[key].dtype)


def test_an_empty_trend_keeps_its_column_types(tmp_path):
    # a store without snapshots: the same columns, counts as whole numbers, readiness a float
    store = Store(tmp_path / "empty.duckdb")
    ingest(store, [write_csv(tmp_path / "w.csv", WEEK_1, headers=HEADERS)], as_of="2026-11-13")
    store.delete_snapshot("2026-11-13")
    frame = store.trend(by="module")
    assert frame.empty and list(frame.columns) == list(counted_columns())
    assert {str(frame[c].dtype) for c in metrics.COUNTS} == {"int64"}
    assert str(frame["readiness"].dtype) == "float64"
    with pytest.raises(ValueError, match="by must be one of"):
        store.trend(by=["module"])  # a list is no dimension: the same message as a wrong name


def counted_columns():
    return ("as_of", "dimension", "school_id", "module", *metrics.COUNTS, "readiness", "rag")


def test_readable_metrics_in_dutch(counted):
    result = CliRunner().invoke(main, ["metrics", "--db", str(counted.path)])
    assert "Gereedheid op 2026-11-20" in result.output and "50,0\u00a0%" in result.output


def test_commands_on_a_missing_store_say_how_to_start(tmp_path):
    result = CliRunner().invoke(main, ["metrics", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "dq ingest" in result.output


def _series_store(tmp_path, valid_per_week, enforced="2027-01-31"):
    store = Store(tmp_path / "series.duckdb")
    policy = load_text(f"[modules.leerlingen]\nenforced = {enforced}\n")
    for week, valid in enumerate(valid_per_week):
        rows = [
            [
                "A",
                f"u{i}@s.be",
                f"N{i}",
                "X",
                build(1980, 1, 1, i + 1) if i < valid else "",
                "Leerlingen",
            ]
            for i in range(10)
        ]
        as_of = datetime.date(2026, 11, 6) + datetime.timedelta(weeks=week)
        ingest(
            store,
            [write_csv(tmp_path / f"w{week}.csv", rows, headers=HEADERS)],
            as_of=as_of,
            policy=policy,
        )
    return store


def test_forecast_steady_progress(tmp_path):
    row = _series_store(tmp_path, [5, 6, 7]).forecast().set_index("module").loc["leerlingen"]
    assert row["pace_per_day"] == pytest.approx(0.1 / 7)
    assert row["forecast_date"] == datetime.date(2026, 11, 20) + datetime.timedelta(days=21)
    assert row["verdict"] == "on_track"


def test_forecast_steady_progress_but_late(tmp_path):
    row = _series_store(tmp_path, [5, 6, 7], enforced="2026-12-01").forecast().iloc[0]
    assert row["verdict"] == "at_risk"


def test_forecast_no_progress(tmp_path):
    row = _series_store(tmp_path, [5, 5, 5]).forecast().iloc[0]
    assert row["verdict"] == "no_progress" and row["forecast_date"] is None


def test_forecast_already_complete(tmp_path):
    row = _series_store(tmp_path, [9, 10]).forecast().iloc[0]
    assert row["verdict"] == "complete" and row["forecast_date"] == datetime.date(2026, 11, 13)


def test_policy_change_rejudges_every_snapshot(counted, tmp_path):
    import shutil

    copy = Store(tmp_path / "copy.duckdb")
    shutil.copy(counted.path, copy.path)
    assert copy.set_policy("[modules.personeel]\nrequires_2fa = false\n") == 2
    totals = metrics.metrics_json(copy)["totals"]
    assert totals["not_required"] == 1 and totals["invalid"] == 0  # b1 only has personeel


def test_demo_store_aggregates_equal_a_recount_of_the_accounts(demo_store):
    stored = demo_store.metrics(by="school").set_index("school_id")
    recount = (
        demo_store.accounts().groupby("school_id")["status"].value_counts().unstack(fill_value=0)
    )
    for school, row in recount.iterrows():
        for status in (
            "ready",
            "ready_bis",
            "missing",
            "invalid",
            "conflict",
            "external_unlinked",
            "exempt",
        ):
            assert stored.loc[school, status] == row.get(status, 0)


def test_data_quality_tables_break_ties_by_name(tmp_path):
    """Outside tester t23: rows with equal counts came in another order from run to run
    (unknown modules and groups, flags, reasons; the Excel table is a UNION). Each table has
    one documented order: most accounts first, then by name."""
    store = Store(tmp_path / "s.duckdb")
    rows = []
    # five unknown modules and five unmapped groups, each on exactly two accounts
    for i, name in enumerate(["Zeta", "Alfa", "Mu", "Kappa", "Beta"]):
        for j in range(2):
            rows.append(["1", f"m{i}{j}@s.be", "N", "V", build(1980, 1, 1 + i, 1 + j), "", name])
            rows.append(["1", f"g{i}{j}@s.be", "N", "V", "", f"Groep{name}", ""])
    # reasons and flags with equal counts: a wrong check digit, a too short value
    rows.append(["1", "r1@s.be", "N", "V", "85073003329", "", "Leerlingen"])
    rows.append(["1", "r2@s.be", "N", "V", "123", "", "Leerlingen"])
    # two flags on one account each
    rows.append(["1", "f1@s.be", "N", "V", "'" + build(1981, 2, 3, 4), "", "Leerlingen"])
    rows.append(["1", "f2@s.be", "N", "V", build(1981, 2, 4, 5) + ",0", "", "Leerlingen"])
    ingest(store, [write_csv(tmp_path / "u.csv", rows)], as_of="2026-11-20")
    found = metrics.data_quality(store)
    unknown = found["unknown"]
    for kind in ("module", "group"):
        part = unknown[unknown.kind == kind]
        keys = list(zip(-part.accounts, part.name, strict=True))
        assert keys == sorted(keys) and len(keys) >= 5
    for table, column in (("reasons", "reason"), ("flags", "flag")):
        frame = found[table]
        keys = list(zip(-frame.accounts, frame[column], strict=True))
        assert keys == sorted(keys) and len(keys) >= 2
    excel = list(found["excel"].damage)
    assert excel == ["leading_zero_restored", "decimal_suffix_removed", "excel_scientific"]
    for _ in range(5):  # the same order every time
        again = metrics.data_quality(store)
        for table in ("unknown", "reasons", "flags", "excel"):
            assert again[table].equals(found[table])


def test_a_policy_given_to_ingest_judges_that_snapshot_and_later_ones_only(counted, tmp_path):
    # the README: earlier snapshots keep their verdicts until the policy is saved (set_policy)
    import shutil

    copy = Store(tmp_path / "copy.duckdb")
    shutil.copy(counted.path, copy.path)
    before = metrics.metrics_json(copy, "2026-11-13")["totals"]
    policy = load_text(POLICY.text + "[modules.personeel]\nrequires_2fa = false\n")
    export = write_csv(tmp_path / "w3.csv", WEEK_2, headers=HEADERS)
    ingest(copy, [export], as_of="2026-11-27", policy=policy)
    assert metrics.metrics_json(copy, "2026-11-13")["totals"] == before
    assert metrics.metrics_json(copy, "2026-11-27")["totals"]["not_required"] == 1
    later = write_csv(tmp_path / "w4.csv", WEEK_2, headers=HEADERS)
    ingest(copy, [later], as_of="2026-12-04")  # no policy given: the one kept in the store
    assert metrics.metrics_json(copy, "2026-12-04")["totals"]["not_required"] == 1
    assert metrics.metrics_json(copy, "2026-11-20")["totals"]["not_required"] == 0
