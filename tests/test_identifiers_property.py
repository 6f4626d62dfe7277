"""Property test: SQL verdict == scalar verdict == a verdict derived from python-stdnum.

Each example is a batch of values so the SQL path runs once per batch; 200 batches of 500
values give 100,000 generated values per run, biased towards the hard cases. Hypothesis
draws the batch's seed (so a failure is reproducible) and some arbitrary Unicode text.
"""

import datetime
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


FICTITIOUS = ("000001", "002001", "004001")


def century(number):
    """The century whose check digits hold (python-stdnum's rule), or None."""
    if 97 - int(number[:9]) % 97 == int(number[9:]):
        return 1900
    if 97 - int("2" + number[:9]) % 97 == int(number[9:]):
        return 2000
    return None


def official_divergence(number, today):
    """Why the official rules refuse a number python-stdnum accepts (README), or None."""
    if number[:6] not in FICTITIOUS:
        year, month, day = (
            century(number) + int(number[:2]),
            int(number[2:4]) % 20,
            int(number[4:6]),
        )
        if month and day:
            try:
                born = datetime.date(year, month, day)
            except ValueError:
                return "date"  # a known month with a day it does not have
        elif month:
            born = datetime.date(year, month, 1)
        else:
            born = datetime.date(year, 1, 1)
        if born > today:
            return "date"  # born after the reference date
    if ssn.guess_type(number) == "nn" and number[6:9] in ("000", "999"):
        return "serial"
    return None


def implausible(number, today):
    if number[:6] in FICTITIOUS:
        return False
    year, month, day = century(number) + int(number[:2]), int(number[2:4]) % 20, int(number[4:6])
    age = today.year - year - ((month, day) > (today.month, today.day))
    return age < 15 or age > 100


def stdnum_verdict(text, flags, today):
    """python-stdnum's verdict on a repaired value, with our reason codes."""
    try:
        number = ssn.validate(text)
    except stdnum_errors.InvalidLength:
        return Verdict(None, False, None, "length", tuple(flags))
    except stdnum_errors.InvalidFormat:
        return Verdict(None, False, None, "format", tuple(flags))
    except stdnum_errors.InvalidChecksum:
        # stdnum reads the 2000s only up to the real clock's year: a 2000s year after it is a
        # birth after the reference date (or no date at all), a listed divergence: 'date'
        if century(ssn.compact(text)) == 2000:
            return Verdict(None, False, None, "date", tuple(flags))
        return Verdict(None, False, None, "checksum", tuple(flags))
    except stdnum_errors.InvalidComponent:
        return Verdict(None, False, None, "date", tuple(flags))
    return Verdict(number, True, ssn.guess_type(number), None, tuple(flags))


def stdnum_derived(value, today=None):
    """The contract written out plainly, with python-stdnum as the judge of the last step and
    the listed divergences (official_divergence) applied on top of its verdict."""
    today = today or datetime.date.today()
    if value is None or not value.strip():
        return Verdict(None, False, None, "missing")
    text = value.strip()
    flags = []
    if text[:1] == "'" or (text[:2] == '="' and text[-1:] == '"' and len(text) > 2):
        text = text[1:] if text[0] == "'" else text[2:-1]
        flags.append("excel_text_marker_removed")
        if not text:
            return Verdict(None, False, None, "missing", tuple(flags))
    scientific = re.fullmatch(r"([0-9]+)(?:[.,]([0-9]+))?[eE]\+?([0-9]{1,3})", text)
    if scientific:
        whole, fraction, exponent = scientific.groups()
        fraction = fraction or ""
        exponent = int(exponent) if len(exponent) <= 18 else None
        if exponent is None or len(fraction) < exponent or set(fraction[exponent:]) - {"0"}:
            return Verdict(None, False, None, "excel_scientific", tuple(flags))
        text = whole.lstrip("0") + fraction[:exponent]
        flags.append("scientific_notation_expanded")
    excel_number = "excel_text_marker_removed" not in flags
    head = text.rstrip("0")
    body, zeros = head[:-1], len(text) - len(head)
    if zeros and head[-1:] in (".", ","):
        thousands = zeros == 2 and (
            (head[-1] == "," and re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", body))
            or (head[-1] == "." and re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", body))
            or re.fullmatch("[0-9]{1,3}([ \u00a0\u202f][0-9]{3})+", body)
        )
        if re.fullmatch("[0-9]+", body) or thousands:
            excel_number = excel_number and not thousands
            text = "".join(c for c in body if c.isdigit())
            flags.append("decimal_suffix_removed")
    if (
        excel_number
        and text.isascii()
        and text.isdigit()
        and 8 <= len(text) <= 10
        and text[0] != "0"
    ):
        padded = text.zfill(11)
        if (
            ssn.is_valid(padded)
            and century(padded) == 2000
            and not official_divergence(padded, today)
        ):
            text = padded
            flags.append("leading_zero_restored")
    text = "".join(
        c for c in text if not (c.isspace() or c in "./-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
    )
    verdict = stdnum_verdict(text, flags, today)
    if verdict.valid:
        divergence = official_divergence(verdict.number, today)
        if divergence:
            return Verdict(None, False, None, divergence, tuple(flags))
        if implausible(verdict.number, today):
            return Verdict(verdict.number, True, verdict.kind, None, (*flags, "implausible_age"))
    return verdict


def entered_value(rng: random.Random):
    """A value as an administrator might have entered it, or Excel might have left it."""
    shape = rng.randrange(11)
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
    elif shape == 8:  # lossless Excel forms: text markers, all-digit mantissa, thousands groups
        form = rng.randrange(4)
        if form == 0:
            return rng.choice(["'", "'", '="', "="]) + digits + rng.choice(["", '"', '"'])
        if form == 1:
            exponent = rng.choice([len(digits) - 1, len(digits) - 1, len(digits), 9])
            return digits[0] + rng.choice([",", "."]) + digits[1:] + f"E+{exponent}"
        grouped = f"{int(digits):,}" if digits.isdigit() else digits
        sep, dec = rng.choice([(".", ","), (",", "."), ("\u00a0", ","), (" ", ".")])
        return grouped.replace(",", sep) + dec + rng.choice(["00", "0", "01"])
    elif shape == 9:  # serials 000 and 999, impossible days, recent births (official rules)
        year = rng.choice([yy, 25, 26, 27])
        month, day = rng.choice([0, 1, 2, 4, 11, 12, 22, 41]), rng.choice([0, 1, 28, 29, 30, 31])
        body = f"{year:02d}{month:02d}{day:02d}{rng.choice(['000', '999', '001', '998'])}"
        digits = body + f"{97 - (int(body) + century) % 97:02d}"
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
    """All 100 month values x all 100 day values, both centuries, exhaustively."""
    values = []
    for mm in range(100):
        for dd in range(100):
            for yy in (0, 26, 27, 85):
                body = f"{yy:02d}{mm:02d}{dd:02d}001"
                for century in (0, 2_000_000_000):
                    values.append(body + f"{97 - (int(body) + century) % 97:02d}")
    expected = [stdnum_derived(v) for v in values]
    assert [check(v) for v in values] == expected
    assert classify(con, values) == expected


def test_divergences_from_stdnum_are_only_the_listed_ones(con):
    """Where we refuse what python-stdnum accepts, it is a listed official rule, each one seen.

    The README lists them: national register serial 000/999 (KB 3-4-1984 as amended by KB
    25-11-1997), a known month with a day it does not have, a birth after the reference date.
    """
    today = datetime.date(2026, 6, 15)
    values = []
    for yy in (0, 26, 27, 81, 84):
        for mm in (0, 1, 2, 4, 6, 7, 12, 13, 20, 22, 26, 40, 42, 46, 52):
            for dd in range(100):
                for serial in ("000", "001", "998", "999"):
                    body = f"{yy:02d}{mm:02d}{dd:02d}{serial}"
                    for century in (0, 2_000_000_000):
                        values.append(body + f"{97 - (int(body) + century) % 97:02d}")
    ours = [check(v, today) for v in values]
    assert classify(con, values, today) == ours
    seen = set()
    for value, verdict in zip(values, ours, strict=True):
        if ssn.is_valid(value) and not verdict.valid:
            divergence = official_divergence(value, today)
            assert divergence == verdict.reason, value
            seen.add((divergence, value[6:9] in ("000", "999") and int(value[2:4]) < 20))
        elif ssn.is_valid(value):
            assert official_divergence(value, today) is None, value
        else:
            assert not verdict.valid, value
    assert {reason for reason, _ in seen} == {"date", "serial"}
    assert ("date", False) in seen and ("serial", True) in seen


# The engine's fast path for digit groups joined by ' ', '.', '/' or '-' (85.07.30-033.28):
# only zeros, too short, too long (past what a BIGINT holds), a float suffix that is no suffix,
# and valid numbers in both centuries, against the scalar check.
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    groups=st.lists(
        st.one_of(st.text("0", min_size=1, max_size=4), st.text("0123456789", min_size=1)),
        min_size=2,
        max_size=8,
    ),
    separators=st.lists(st.sampled_from(" ./-"), min_size=7, max_size=7),
)
def test_separated_digit_groups_as_the_scalar_check(con, groups, separators):
    value = groups[0] + "".join(s + g for s, g in zip(separators, groups[1:], strict=False))
    body = f"{int(groups[0]) % 10**9:09d}"
    valid = body + f"{97 - int(body) % 97:02d}"  # a valid number of the 1900s, laid out
    laid_out = f"{valid[:2]}.{valid[2:4]}.{valid[4:6]}-{valid[6:9]}.{valid[9:]}"
    values = [value, laid_out, "00.00.00-000.00", "0.0", "1" * 25 + ".5"]
    assert classify(con, values) == [check(v) for v in values]
