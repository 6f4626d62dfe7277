"""Junk never makes the engine raise, in either path; both paths keep agreeing on it."""

import duckdb
import pytest

from dq.identifiers import REASONS, check
from dq.identifiers.sql import classify

JUNK = [
    None,
    "",
    " ",
    "€",
    "😀" * 11,
    "x" * 10_000,
    "1" * 10_000,
    "0" * 10_000,
    "'; DROP TABLE accounts; --",
    "' OR 1=1 --",
    "\x00\x01\x02\x7f",
    "\x00" * 11,
    "85073003328\x00",
    "\u200b85073003328",
    "\u202e85073003328",
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "١٢٣٤٥٦٧٨٩٠١",  # Arabic-Indic digits
    "１２３４５６７８９０１",  # full-width digits
    "NaN",
    "inf",
    "-1",
    "1e999",
    "\r\n\r\n",
    "\\N",
    "85073003328\ud800",  # a lone surrogate (a non-UTF-8 file name or argument)
    "\udcff",
    float("nan"),
    object(),
]


@pytest.mark.parametrize("value", JUNK, ids=range(len(JUNK)))
def test_scalar_never_raises_on_junk(value):
    verdict = check(value)
    assert verdict.valid or verdict.reason in REASONS


def test_scalar_accepts_non_strings():
    assert check(90010100123).valid
    assert check(b"90010100123").reason == "format"
    assert check(3.5).reason == "length"


def test_sql_agrees_on_junk():
    assert classify(duckdb.connect(), JUNK) == [check(v) for v in JUNK]


class Unprintable:
    def __str__(self):
        raise RuntimeError("no text")


def test_check_never_raises_not_even_on_an_unprintable_object():
    assert check(Unprintable()).reason == "format"
    assert classify(duckdb.connect(), [Unprintable()]) == [check(Unprintable())]


def test_nan_is_missing_in_both_paths():
    assert check(float("nan")).reason == "missing"
    assert classify(duckdb.connect(), [float("nan")])[0].reason == "missing"
