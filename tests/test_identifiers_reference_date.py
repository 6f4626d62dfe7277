"""The reference date: both paths refuse a birth after it, in both centuries, as 'date'.

python-stdnum reads the 2000s only up to the real clock's year and guesses the kind with the
real clock; the engine derives both from the reference date and the month instead.
"""

import datetime

import duckdb
import pytest

from dq.identifiers import build, check
from dq.identifiers.sql import classify

CASES = [
    # (reference date, birth, expected reason or None)
    (datetime.date(1984, 1, 1), (1985, 7, 30), "date"),  # a 1900s birth after the date
    (datetime.date(1985, 7, 29), (1985, 7, 30), "date"),
    (datetime.date(1985, 7, 30), (1985, 7, 30), None),
    (datetime.date(2005, 3, 1), (2010, 1, 1), "date"),  # a 2000s year after the date's
    (datetime.date(2026, 11, 29), (2027, 1, 5), "date"),
    (datetime.date(2031, 6, 15), (2029, 1, 1), None),  # after the real clock: still valid
    (datetime.date(2031, 6, 15), (2031, 6, 15), None),
    (datetime.date(2031, 6, 15), (2031, 6, 16), "date"),
]


@pytest.mark.parametrize(("today", "birth", "reason"), CASES)
@pytest.mark.parametrize("kind", ["nn", "bis"])
def test_birth_after_the_reference_date_is_date_in_both_paths(today, birth, reason, kind):
    number = build(*birth, 5, kind=kind)
    verdict = check(number, today)
    assert verdict.reason == reason
    if reason is None:
        assert verdict.kind == kind
    assert classify(duckdb.connect(), [number], today) == [verdict]


def test_born_next_year_is_date_not_checksum_with_todays_date():
    next_year = datetime.date.today().year + 1
    assert check(build(next_year, 1, 5, 5)).reason == "date"
    assert check(build(next_year, 1, 5, 5)[:-1] + "0").reason in ("checksum", "date")
