"""An outside tester's round-four findings as a manager, an administrator and an analyst:
tile links, the language in links, unknown filters in the address, modules by name, and the
readiness axis in the chosen language."""

import urllib.parse

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dq import charts
from dq import formatting as fmt


@pytest.fixture
def on_demo(demo_store, monkeypatch):
    monkeypatch.setenv("DQ_DB", str(demo_store.path))
    return demo_store


def _app(lang: str, page: str | None = None, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_overview_link_opens_a_list_as_long_as_its_tile_in_the_same_language(on_demo, lang):
    at = _app(lang)
    view = on_demo.overview()
    counts = {tile["status"]: tile["value"] for tile in view["tiles"] if tile["status"]}
    counts["bis_key_activation"] = view["bis_holders"]
    links = [urllib.parse.parse_qs(link.proto.query_string) for link in at.get("page_link")]
    # one link per status tile and the BIS tile; scope and readiness are not a list
    assert len(links) == len(counts)
    for query in links:
        assert query["lang"] == [lang]
        ((name, (value,)),) = [(k, v) for k, v in query.items() if k != "lang"]
        assert on_demo.count_accounts(**{name: value}) == counts[value], (name, value)


def test_an_unknown_status_in_the_address_is_said_not_silently_dropped(on_demo):
    at = _app("en", "pages/fixlists.py", status="mising")
    warning = " ".join(w.value for w in at.warning)
    assert "mising" in warning and "missing" in warning  # the value and the accepted ones


def test_modules_may_be_named_as_the_pages_show_them(on_demo):
    by_id = on_demo.count_accounts(module="iregistratie")
    assert by_id > 0
    assert on_demo.count_accounts(module="iRegistratie") == by_id
    assert len(on_demo.accounts(module=["IREGISTRATIE"])) == by_id


def test_the_readiness_axis_is_in_the_chosen_language(on_demo):
    policy = on_demo.policy()
    trend, forecast = on_demo.trend("total"), on_demo.forecast("total")
    for lang, hundred in (("nl", "100\u00a0%"), ("en", "100%")):
        figure = charts.readiness_with_forecast(trend, forecast, policy, lang)
        assert figure.layout.yaxis.ticktext[-1] == hundred == fmt.percent(1.0, lang, 0)


@pytest.mark.parametrize("where", ["after", "before"])
def test_snapshots_delete_takes_db_before_or_after_delete(demo_store, tmp_path, where):
    import shutil

    from click.testing import CliRunner

    from dq.cli import main
    from dq.store import Store

    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_store.path, db)
    first = Store(db).dates()[0]
    args = (
        ["snapshots", "delete", "--db", str(db), str(first)[:10]]
        if where == "after"
        else ["snapshots", "--db", str(db), "delete", str(first)[:10]]
    )
    result = CliRunner().invoke(main, args, env={"DQ_DB": str(tmp_path / "other.duckdb")})
    assert result.exit_code == 0, result.output
    assert len(Store(db).dates()) == len(Store(demo_store.path).dates()) - 1
    assert not (tmp_path / "other.duckdb").exists()


def test_an_unknown_dq_lang_is_said_once_and_messages_stay_dutch(tmp_path):
    """--lang fr is refused; DQ_LANG=fr cannot be refused (it is the environment), so the
    command says it falls back to Dutch, unless --lang chose a language."""
    from click.testing import CliRunner

    from dq.cli import main

    db = str(tmp_path / "x.duckdb")
    runner = CliRunner()
    fallback = runner.invoke(main, ["snapshots", "--db", db], env={"DQ_LANG": "fr"})
    assert fallback.exit_code == 0
    assert fallback.stderr.count("DQ_LANG=fr") == 1 and "Nederlands" in fallback.stderr
    assert "Nog geen momentopnamen" in fallback.stdout
    for args in (["--lang", "en", "snapshots", "--db", db], ["snapshots", "--db", db, "--lang=en"]):
        chosen = runner.invoke(main, args, env={"DQ_LANG": "fr"})
        assert chosen.stderr == "" and "No snapshots yet" in chosen.stdout
    for value in ("en", "EN", "nl", ""):
        assert runner.invoke(main, ["snapshots", "--db", db], env={"DQ_LANG": value}).stderr == ""


def test_dq_open_refuses_what_is_no_store_at_once(tmp_path):
    """A damaged file carrying DuckDB's magic took 10 s and was called "in use by another
    program" ("could not read block" read as a lock); another program's DuckDB file, a folder
    and /dev/null were not refused, or were called missing (an outside tester)."""
    import os
    import time

    import duckdb

    import dq
    from dq.store import StoreError

    damaged = tmp_path / "damaged.duckdb"
    damaged.write_bytes(b"\0" * 8 + b"DUCK" + bytes(range(256)) * 20)
    foreign = tmp_path / "other.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE t (a INTEGER)")
    folder = tmp_path / "folder.duckdb"
    os.mkdir(folder)
    for path, words in [
        (damaged, "geen Sleutelklaar-databank"),
        (foreign, "geen Sleutelklaar-databank"),
        (folder, "databankbestand nodig"),
        ("/dev/null", "databankbestand nodig"),
    ]:
        start = time.monotonic()
        with pytest.raises(StoreError) as raised:
            dq.open(path)
        assert words in str(raised.value), (path, str(raised.value))
        assert time.monotonic() - start < 5
