"""The "Nummer controleren" page, run by Streamlit's AppTest."""

from conftest import page_test

from dq.identifiers import build

NN = build(1990, 1, 1, 1)


def _checker():
    at = page_test("checker.py")
    return at.run()


def test_checker_shows_masked_verdicts_and_reveals_on_request():
    at = _checker()
    assert not at.exception
    at.text_area(key="checker_text").input(f"{NN}\n{NN[:-1]}0\n").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["oordeel"]) == ["geldig", "ongeldig"]
    assert NN not in table.to_string()
    assert "controlegetal klopt niet" in table["uitleg"].iloc[1]
    at.checkbox(key="checker_reveal").check().run()
    assert at.dataframe[0].value["nummer"].iloc[0] == NN


def test_checker_switches_to_english():
    at = _checker()
    at.sidebar.radio(key="_lang_switch").set_value("en").run()
    at.text_area(key="checker_text").input("abc").run()
    assert not at.exception
    assert at.title[0].value == "Check numbers"
    assert list(at.dataframe[0].value["verdict"]) == ["invalid"]
