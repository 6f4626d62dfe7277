"""Repairs: only lossless ones, on what Excel really writes; never a false number.

An outside tester found dates, landline numbers and a 14-digit grouped value turned into
someone's valid number, and lossless Excel forms refused. Both engine paths must agree.
"""

import datetime

import duckdb
import pytest

from dq.identifiers import build, check
from dq.identifiers.sql import classify

N = build(1985, 7, 30, 33)
TODAY = datetime.date(2026, 11, 29)


@pytest.fixture(scope="module")
def con():
    return duckdb.connect()


LOSSLESS = [
    ("85,073,003,328.00", ("decimal_suffix_removed",)),  # English thousands format
    ("85.073.003.328,00", ("decimal_suffix_removed",)),  # Belgian thousands format
    ("85 073 003 328,00", ("decimal_suffix_removed",)),
    (N + ".0", ("decimal_suffix_removed",)),
    ("8,5073003328E+10", ("scientific_notation_expanded",)),
    ("8,50730033280E+10", ("scientific_notation_expanded",)),  # a trailing zero too many
    ("0,85073003328E+11", ("scientific_notation_expanded",)),  # mantissa below 1
    # three exponent digits, as older Windows tools write them
    ("8,5073003328E+010", ("scientific_notation_expanded",)),
    # white space inside is a separator (README step 6; python-stdnum says format)
    ("850730\t03328", ()),
    ("850730\r\n03328", ()),
    ("'8,5073003328E+10", ("excel_text_marker_removed", "scientific_notation_expanded")),
    ("8,5073003328e10\n", ("scientific_notation_expanded",)),
]


@pytest.mark.parametrize(("value", "flags"), LOSSLESS)
def test_lossless_excel_forms_are_the_number(con, value, flags):
    verdict = check(value, TODAY)
    assert (verdict.number, verdict.flags) == (N, flags)
    assert classify(con, [value], TODAY) == [verdict]


NOT_NUMBERS = [
    "85.073.003.328.000",  # 14 digits in thousands groups: not a lossless suffix
    "85.073.003.328,01",
    "85.073.003.328,0",  # thousands groups take exactly two decimals
    "8,5073003328E+11",  # too few decimals for the exponent: digits are gone
    "8,50730033281E+10",  # a decimal past the exponent that is no zero
]


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_lossy_forms_are_no_number(con, value):
    verdict = check(value, TODAY)
    assert not verdict.valid
    assert classify(con, [value], TODAY) == [verdict]


def written_dates(day: datetime.date) -> list[str]:
    return [day.strftime(f) for f in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")]


def test_dates_and_landlines_with_separators_never_become_valid(con):
    """Leading zeros go back only on plain digits: dates and phone numbers as written stay."""
    values, day = [], datetime.date(1930, 1, 1)
    while day <= TODAY:
        values += written_dates(day)
        day += datetime.timedelta(days=3)
    for area in range(2, 10):
        for rest in range(0, 10_000_000, 7919):
            line = f"0{area}{rest:07d}"
            values += [f"{line[:2]} {line[2:5]} {line[5:7]} {line[7:]}", f"{line[:3]}/{line[3:]}"]
    values += ["07/01/1941", "2000-12-31", "02 189 43 15", "0412.345.614"]
    assert not [v for v in values if check(v, TODAY).valid]
    verdicts = classify(con, values, TODAY)
    assert not [v for v, verdict in zip(values, verdicts, strict=True) if verdict.valid]


def test_leading_zeros_go_back_only_on_plain_excel_numbers(con):
    young = build(2003, 4, 5, 2)
    plain = [young[1:], young.lstrip("0"), young[1:] + ".0"]
    for value in plain:
        verdict = check(value, TODAY)
        assert verdict.number == young and "leading_zero_restored" in verdict.flags, value
    # a value that still starts with 0 was not stored by Excel as a number (Excel drops every
    # leading zero): a phone number such as 0403078975 is none (outside tester, tenth pass)
    phone = build(2000, 11, 7, 2)[1:]  # 0110700... : ten digits, one 0 left in front
    assert phone[0] == "0"
    refused = ["'" + young[1:], young[1:3] + " " + young[3:], young[1:4] + "." + young[4:], phone]
    for value in refused:
        assert not check(value, TODAY).valid, value
    assert classify(con, plain + refused, TODAY) == [check(v, TODAY) for v in plain + refused]
