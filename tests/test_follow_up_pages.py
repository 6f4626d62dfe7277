"""The follow-up on the pages (AppTest): marking on the fix list, the counts on the overview
equal the CLI's, and the notify page shows the same count and a preview before sending."""

import json

import pytest
from click.testing import CliRunner
from conftest import ROOT
from streamlit.testing.v1 import AppTest
from test_follow_up import built, marked, store  # noqa: F401 - shared fixtures

from dq import marks, notify
from dq.cli import main
from dq.formatting import school_label


def app(page: str, lang: str = "nl") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def on_store(marked, monkeypatch):  # noqa: F811 - the fixture from test_follow_up
    monkeypatch.setenv("DQ_DB", str(marked.path))
    return marked


def test_overview_counts_per_school_equal_the_cli(on_store):
    at = app("pages/overview.py")
    shown = at.dataframe[0].value
    cli = CliRunner().invoke(main, ["marks", "--db", str(on_store.path), "--summary", "--json"])
    expected = [json.loads(line) for line in cli.output.splitlines()]
    names = on_store.policy()  # schools by id and, where the policy has one, their name
    assert shown.values.tolist() == [
        [
            school_label(r["school_id"], names),
            r["waiting"],
            r["confirmed"],
            r["reopened"],
            r["total"],
        ]
        for r in expected
    ]
    assert list(shown.columns)[1:4] == ["wacht op export", "bevestigd", "heropend"]
    english = app("pages/overview.py", "en").dataframe[0].value
    assert list(english.columns)[1:4] == ["waiting", "confirmed", "reopened"]


def test_marking_on_the_fix_list_page_is_stored_and_shown(on_store):
    at = app("pages/fixlists.py")
    before = at.dataframe[0].value  # the table for people: labelled columns
    assert dict(zip(before["Gebruikersnaam"], before["Markering"], strict=True))["b3"] == ""
    at.multiselect(key="fix_mark_accounts").set_value(["B · b3"]).run()
    at.radio(key="fix_mark_kind").set_value("notified").run()
    at.text_input(key="fix_mark_note").set_value("gebeld").run()
    at.button(key="fix_mark").click().run()
    assert not at.exception and at.success
    stored = marks.marks(on_store, latest_only=True).set_index("username")
    assert stored.loc["b3", "kind"] == "notified" and stored.loc["b3", "note"] == "gebeld"
    at.checkbox(key="fix_unmarked").check().run()
    assert at.dataframe[0].value.empty  # every failing account is marked now
    at.checkbox(key="fix_unmarked").uncheck().run()
    at.multiselect(key="fix_mark_accounts").set_value(["B · b3"]).run()
    at.button(key="fix_mark_undo").click().run()
    assert "b3" not in set(marks.marks(on_store).username)


def test_a_note_with_a_number_is_refused_on_the_page(on_store):
    from dq.identifiers import build

    at = app("pages/fixlists.py")
    at.multiselect(key="fix_mark_accounts").set_value(["B · b3"]).run()
    at.text_input(key="fix_mark_note").set_value("nummer " + build(1970, 7, 7, 7)).run()
    at.button(key="fix_mark").click().run()
    assert at.error and "b3" not in set(marks.marks(on_store).username)


def test_notify_page_shows_the_count_the_cli_writes_and_a_preview(on_store, tmp_path):
    at = app("pages/follow_up.py")
    assert at.metric[0].value == str(len(notify.school_messages(on_store, "nl")))
    cli = CliRunner().invoke(
        main, ["notify", "schools", "--db", str(on_store.path), "--out", str(tmp_path / "s")]
    )
    written = list((tmp_path / "s").glob("*.eml"))
    assert cli.exit_code == 0 and len(written) == int(at.metric[0].value) == 2
    assert any("fixlijst_A.xlsx" in c.value for c in at.caption)
    at.radio(key="follow_audience").set_value("people").run()
    at.multiselect(key="follow_status").set_value(["missing"]).run()
    assert at.metric[0].value == "2" and "Beste" in at.text[0].value
    assert at.info and "[smtp]" in at.info[0].value  # no SMTP configured: no send button
