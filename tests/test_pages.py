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
    assert shown["Geen nummer"] == str(api["missing"])
    assert shown["Ongeldig nummer"] == str(api["invalid"])
    assert shown["Conflicten"] == str(api["conflict"])
    assert shown["Gereedheid"] == f"{api['readiness'] * 100:.1f}\u00a0%".replace(".", ",")
    assert shown["Accounts in scope"] == f"{api['in_scope']:,}".replace(",", ".")


def test_overview_tiles_format_numbers_per_language(on_demo):
    api = metrics.metrics_json(on_demo)["totals"]
    assert api["in_scope"] >= 1000 and 0 < api["readiness"] < 1  # both separators show
    dutch = {m.label: m.value for m in app(on_demo, "nl").metric}
    english = {m.label: m.value for m in app(on_demo, "en").metric}
    assert dutch["Accounts in scope"] == f"{api['in_scope']:,}".replace(",", ".")  # 1.491
    assert english["Accounts in scope"] == f"{api['in_scope']:,}"  # 1,491
    assert dutch["Gereedheid"].endswith("\u00a0%") and "," in dutch["Gereedheid"]  # 83,6 %
    assert english["Readiness"] == f"{api['readiness']:.1%}"  # 83.6%
    assert all(not m.delta or m.delta[0] in "+-" for m in app(on_demo).metric)


def test_chart_dates_are_in_the_chosen_language(on_demo):
    from dq import charts

    trend, forecast = on_demo.trend("total"), on_demo.forecast("total")
    policy = on_demo.policy()
    dutch = charts.readiness_with_forecast(trend, forecast, policy, "nl").layout.xaxis.ticktext
    english = charts.readiness_with_forecast(trend, forecast, policy, "en").layout.xaxis.ticktext
    assert "23 okt" in dutch and "23 Oct" in english
    lines = charts.trend_lines(on_demo.trend("module"), "module", "nl", policy)
    assert "iRegistratie" in {trace.name for trace in lines.data}
    assert "23 okt" in lines.layout.xaxis.ticktext


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
    assert sorted(shown["Gebruikersnaam"]) == sorted(expected["username"])
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


def raw_codes(policy) -> set[str]:
    """What a table for people must never show: codes, field names, unlabelled module ids."""
    from dq import rules
    from dq.identifiers import REASONS

    codes = {r.id for r in (*rules.STATUSES, *rules.FLAGS)} | set(REASONS) | set(metrics.CHANGES)
    codes |= {m for m, module in policy.modules.items() if module.label != m}
    fields = {"username", "last_name", "first_name", "school_id", "days_failing", "as_of"}
    fields |= {"status", "reason", "flags", "modules", "groups", "action", "entered_value"}
    fields |= {"status_before", "status_after", "ingested_at", "sha256_prefixes", "number_group"}
    fields |= {"same_person"}
    return (codes - {"valid"}) | fields  # "valid" is also the English word for a valid reason


def unreadable(frame, codes: set[str]) -> list[str]:
    """Column names and cells of a shown table that are codes, field names or no-values."""
    import re

    found = [f"column {c}" for c in frame.columns if str(c) in codes]
    for column in frame.columns:
        for value in frame[column].tolist():
            text = str(value)
            parts = {p.strip() for p in re.split(r"[,\n]", text)}
            if parts & codes or parts & {"None", "nan", "NaN", "<NA>", "NaT"}:
                found.append(f"{column}: {text!r}")
            elif re.fullmatch(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?", text):
                found.append(f"{column}: raw date {text!r}")
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", [p.script for p in PAGES])
def test_no_table_shows_a_raw_code_or_field_name(on_demo, page, lang):
    at = app(on_demo, lang)
    at.switch_page(page).run()
    if page == "pages/checker.py":  # the checker shows a table once it has values
        at.text_area(key="checker_text").set_value("12345678901\nabc").run()
    assert not at.exception, at.exception
    codes = raw_codes(on_demo.policy())
    if page == "pages/checker.py":  # its verdict words: "invalid" is English for "ongeldig"
        codes -= {"invalid"}
    tables = [d.value for d in at.dataframe] + [tb.value for tb in at.table]
    if page == "pages/policy.py":  # the policy's editors edit the ids; column_config labels them
        tables = []
    elif page not in ("pages/help.py", "pages/follow_up.py", "pages/overview.py"):
        assert tables, page
    for frame in tables:
        assert unreadable(frame, codes) == [], page


def test_the_language_is_kept_in_the_address_across_reloads_and_page_switches(on_demo):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"  # a reload of .../?lang=en: a new session, only the address
    at.run()
    assert at.title[0].value == "Overview" and at.query_params["lang"] == "en"
    at.switch_page("pages/fixlists.py").run()
    assert at.title[0].value == "Fix lists" and at.query_params["lang"] == "en"
    at.sidebar.radio(key="_lang_switch").set_value("nl").run()  # the switch writes the address
    assert at.title[0].value == "Fixlijsten" and at.query_params["lang"] == "nl"
    at.switch_page("pages/progress.py").run()
    assert at.title[0].value == "Voortgang" and at.query_params["lang"] == "nl"


def test_without_a_language_in_the_address_the_page_is_dutch_and_says_so(on_demo):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert at.title[0].value == "Overzicht" and at.query_params["lang"] == "nl"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    "page",
    ["pages/fixlists.py", "pages/follow_up.py", "pages/import_data.py", "pages/checker.py"],
)
def test_widget_placeholders_are_in_the_chosen_language(on_demo, page, lang):
    from dq.i18n import t

    at = app(on_demo, lang)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    multiselects = list(at.multiselect)
    assert multiselects or page in ("pages/import_data.py", "pages/checker.py")
    for widget in multiselects:  # Streamlit's own would be "Choose options" and "Select all"
        assert widget.proto.placeholder == t("ui.placeholder.many", lang), widget.key
        assert widget.proto.select_all == 0, widget.key
    for widget in at.selectbox:
        assert widget.proto.placeholder in (t("ui.placeholder.one", lang), ""), widget.key
    for widget in at.text_area:
        assert widget.proto.placeholder == t("ui.placeholder.paste", lang)
