"""Every page through Streamlit's AppTest: demo store and empty store, Dutch and English.

The app runs from app.py (the router), so page links resolve as in the browser.
"""

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dq import metrics, rules
from dq.ui import PAGES


def app(db, lang="nl") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    return at


@pytest.fixture
def on_demo(demo_store, monkeypatch):
    monkeypatch.setenv("DQ_DB", str(demo_store.path))
    return demo_store


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", [p.script for p in PAGES])
def test_every_page_runs_on_the_demo_store(on_demo, page, lang):
    at = app(on_demo, lang)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert at.title, page


@pytest.mark.parametrize("page", [p.script for p in PAGES])
def test_every_page_is_friendly_on_an_empty_store(tmp_path, monkeypatch, page):
    monkeypatch.setenv("DQ_DB", str(tmp_path / "nothing-yet.duckdb"))
    at = app(None)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    if page in ("pages/overview.py", "pages/fixlists.py", "pages/progress.py"):
        assert "Nog geen gegevens" in at.info[0].value


def test_overview_kpis_equal_the_api(on_demo):
    at = app(on_demo)
    assert not at.exception
    api = metrics.metrics_json(on_demo)["totals"]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Geen nummer"] == f"{api['missing']:,}".replace(",", ".")
    assert shown["Ongeldig nummer"] == str(api["invalid"])
    assert shown["Conflicten"] == str(api["conflict"])
    assert shown["Gereedheid"] == f"{api['readiness']:.1%}"
    assert shown["Accounts in scope"] == f"{api['in_scope']:,}".replace(",", ".")


def test_fixlist_filters_change_the_table_and_downloads_match(on_demo):
    at = app(on_demo)
    at.switch_page("pages/fixlists.py").run()
    everything = at.dataframe[0].value
    assert len(everything) == len(on_demo.fixlist())
    at.multiselect(key="fix_status").set_value(["invalid"]).run()
    invalid = at.dataframe[0].value  # the table for people: labels, who and what to do first
    assert list(invalid.columns[:5]) == [
        "Naam",
        "Voornaam",
        "Gebruikersnaam",
        "School",
        "Wat te doen",
    ]
    assert set(invalid["Status"]) == {"Ongeldig nummer"} and len(invalid) == len(
        on_demo.fixlist(status="invalid")
    )
    assert not invalid["Ingevulde waarde"].str.fullmatch(r"[0-9]{11}").any()
    at.checkbox(key="fix_full_values").check().run()
    assert not at.exception


def test_fixlist_opens_prefiltered_from_a_query_parameter(on_demo):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["status"] = "conflict"
    at.run()
    at.switch_page("pages/fixlists.py").run()
    assert at.multiselect(key="fix_status").value == ["conflict"]
    assert set(at.dataframe[0].value["Status"]) == {"Conflicten"}


def test_matrix_cell_lists_its_accounts(on_demo):
    at = app(on_demo)
    at.switch_page("pages/modules_schools.py").run()
    school = at.selectbox(key="matrix_school").options[1]
    at.selectbox(key="matrix_school").set_value(school).run()
    at.selectbox(key="matrix_module").set_value("personeel").run()
    shown = at.dataframe[0].value
    # the accounts that are not ready there, as the caption says
    expected = on_demo.accounts(school=school, module="personeel", status=list(rules.FAILING))
    assert 0 < len(expected) < len(on_demo.accounts(school=school, module="personeel"))
    assert sorted(shown["username"]) == sorted(expected["username"])
    assert f"{len(expected)} accounts" in at.caption[-1].value


def test_progress_compares_two_snapshots(on_demo):
    at = app(on_demo)
    at.switch_page("pages/progress.py").run()
    dates = on_demo.snapshots().as_of.dt.date.tolist()
    changes = on_demo.diff(dates[-2], dates[-1])
    shown = {m.label: m.value for m in at.metric}
    assert shown["Nieuw in orde"] == str((changes.change == "newly_ready").sum())


def test_policy_page_rejects_an_invalid_value(on_demo, tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copy(on_demo.path, copy)
    monkeypatch.setenv("DQ_DB", str(copy))
    at = app(None)
    at.switch_page("pages/policy.py").run()
    at.number_input(key="policy_red").set_value(99.0).run()
    at.number_input(key="policy_amber").set_value(50.0).run()
    at.button(key="policy_save").click().run()
    assert at.error and "thresholds.red" in at.error[0].value
    at.number_input(key="policy_red").set_value(70.0).run()
    at.number_input(key="policy_amber").set_value(90.0).run()
    at.button(key="policy_save").click().run()
    assert not at.error and at.success


def test_import_page_previews_and_rejects_a_bad_file(tmp_path, monkeypatch):
    monkeypatch.setenv("DQ_DB", str(tmp_path / "new.duckdb"))
    at = app(None)
    at.switch_page("pages/import_data.py").run()
    assert not at.exception
    assert "Nog geen momentopnamen" in at.info[0].value
