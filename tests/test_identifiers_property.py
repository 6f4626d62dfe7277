"""Property test: SQL verdict == scalar verdict == a verdict derived from python-stdnum.

Each example is a batch of values so the SQL path runs once per batch; 200 batches of 500
values give 100,000 generated values per run, biased towards the hard cases. Hypothesis
draws the batch's seed (so a failure is reproducible) and some arbitrary Unicode text.
"""

import random
import re

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import exceptions as stdnum_errors
from stdnum.be import ssn

from dq.identifiers import Verdict, check
from dq.identifiers.sql import classify

BATCH = 500
SEPARATORS = [" ", ".", "-", "/", "\u00a0", "\u202f", "\u2010", "\u2013", "\u2014", "\u2212", "\t"]


def stdnum_derived(value):
    """The contract written out plainly, with python-stdnum as the judge of step 6."""
    if value is None or not value.strip():
        return Verdict(None, False, None, "missing")
    text = value.strip()
    if re.fullmatch(r"[0-9]+([.,][0-9]+)?[eE]\+?[0-9]+", text):
        return Verdict(None, False, None, "excel_scientific")
    flags = []
    head = text.rstrip("0")
    if len(head) < len(text) and head[-1:] in (".", ",") and re.fullmatch("[0-9]+", head[:-1]):
        text = head[:-1]
        flags.append("decimal_suffix_removed")
    text = "".join(
        c for c in text if not (c.isspace() or c in "./-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
    )
    if text.isascii() and text.isdigit() and 8 <= len(text) <= 10 and ssn.is_valid(text.zfill(11)):
        text = text.zfill(11)
        flags.append("leading_zero_restored")
    try:
        number = ssn.validate(text)
    except stdnum_errors.InvalidLength:
        return Verdict(None, False, None, "length", tuple(flags))
    except stdnum_errors.InvalidFormat:
        return Verdict(None, False, None, "format", tuple(flags))
    except stdnum_errors.InvalidChecksum:
        return Verdict(None, False, None, "checksum", tuple(flags))
    except stdnum_errors.InvalidComponent:
        return Verdict(None, False, None, "date", tuple(flags))
    return Verdict(number, True, ssn.guess_type(number), None, tuple(flags))


def entered_value(rng: random.Random):
    """A value as an administrator might have entered it, or Excel might have left it."""
    shape = rng.randrange(10)
    if shape == 0:
        return rng.choice([None, "", "  ", "abc", "€", "\u00a0"])
    yy, mm, dd, serial = (
        rng.randrange(100),
        rng.randrange(100),
        rng.randrange(100),
        rng.randrange(1000),
    )
    body = f"{yy:02d}{mm:02d}{dd:02d}{serial:03d}"
    century = rng.choice([0, 2_000_000_000])
    check_digits = 97 - (int(body) + century) % 97 + rng.choice([0, 0, 0, 1, -1, 50])
    digits = body + f"{check_digits % 100:02d}"
    if shape == 1:  # too short or too long: 7 to 13 digits
        digits = digits[: rng.randint(7, 11)] + "".join(
            rng.choices("0123456789", k=rng.randint(0, 2))
        )
    elif shape == 2:  # Excel dropped leading zeros
        digits = digits.lstrip("0") if rng.random() < 0.5 else digits[rng.randint(1, 3) :]
    elif shape == 3:  # float round trip
        digits += rng.choice([".0", ",0", ",00", ".000", ".5", ",01"])
    elif shape == 4:  # scientific notation
        mantissa = digits[0] + rng.choice([".", ",", ""]) + digits[1:6]
        return mantissa + rng.choice(["E+10", "e10", "E+9", "E-10", "E10", "e+0"])
    elif shape in (5, 6):  # separators, surrounding white space
        out = []
        for char in digits:
            out.append(char)
            if rng.random() < 0.2:
                out.append(rng.choice(SEPARATORS))
        lead, trail = rng.choice(["", " ", "\u00a0", "\t"]), rng.choice(["", " ", "\n"])
        digits = lead + "".join(out) + trail
    elif shape == 7:  # look-alike characters
        digits = digits.replace(rng.choice("0123456789"), rng.choice("\uff10\u0660O l\u00b7*"))
    return digits


@pytest.fixture(scope="module")
def con():
    return duckdb.connect()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(seed=st.integers(0, 2**32), text=st.lists(st.text(max_size=16), max_size=20))
def test_sql_equals_scalar_equals_stdnum(con, seed, text):
    rng = random.Random(seed)
    values = [entered_value(rng) for _ in range(BATCH)] + text
    expected = [stdnum_derived(v) for v in values]
    assert [check(v) for v in values] == expected
    assert classify(con, values) == expected


def test_every_month_and_day_in_both_centuries(con):
    """All 100 month values x days 00-99, both centuries, exhaustively."""
    values = []
    for mm in range(100):
        for dd in range(0, 100, 3):
            for yy in (0, 26, 27, 85):
                body = f"{yy:02d}{mm:02d}{dd:02d}001"
                for century in (0, 2_000_000_000):
                    values.append(body + f"{97 - (int(body) + century) % 97:02d}")
    expected = [stdnum_derived(v) for v in values]
    assert [check(v) for v in values] == expected
    assert classify(con, values) == expected
