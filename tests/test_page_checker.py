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


def test_checker_explains_the_official_rules_and_lossless_repairs():
    at = _checker()
    serial_999 = build(1985, 7, 3, 999)
    at.text_area(key="checker_text").input(f"'{NN}\n{serial_999}\n{build(1920, 5, 6, 7)}\n").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["oordeel"]) == ["geldig", "ongeldig", "geldig"]
    assert "tekstteken" in table["uitleg"].iloc[0]
    assert "volgnummer 000 of 999" in table["uitleg"].iloc[1]
    assert "ouder dan 100" in table["uitleg"].iloc[2]
    assert serial_999 not in table.to_string()
