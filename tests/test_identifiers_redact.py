"""Redaction: no valid number stays in clear in a text, and SQL redacts exactly as Python."""

import random
import unicodedata

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dq.identifiers import build, check, redact
from dq.identifiers.sql import install

SEPARATORS = [" ", ".", "-", "/", "\u00a0", "\u202f", "\u2013", "\u2212"]
JUNK = ["NN: ", ", tel. 0474 12 34 56", "geboren 30/07/1985 ", "x", "€", " ", "\n", "12", ",00"]


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    install(connection)
    return connection


def sql_redact(con, texts):
    rows = con.execute(
        "SELECT dq_id_redact(t) FROM unnest(?::VARCHAR[]) WITH ORDINALITY AS u(t, i) ORDER BY i",
        [texts],
    ).fetchall()
    return [row[0] for row in rows]


def written(rng, number):
    """A number as people write it: plain, in the standard layout, or split anywhere."""
    shape = rng.randrange(4)
    if shape == 0:
        return number
    if shape == 1:
        return f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"
    out = []
    for char in number:
        out.append(char)
        if rng.random() < 0.3:
            out.append(rng.choice(SEPARATORS))
    return "".join(out).rstrip("".join(SEPARATORS))


def a_number(rng):
    number = build(
        rng.randint(1930, 2009),
        rng.choice([rng.randint(1, 12), 0]),
        rng.randint(0, 28),
        rng.randint(1, 997),
        kind=rng.choice(["nn", "nn", "bis"]),
    )
    if rng.random() < 0.3:  # a typo: not a valid number, must stay as it is
        i = rng.randrange(11)
        number = number[:i] + str((int(number[i]) + 1) % 10) + number[i + 1 :]
    return number


def a_text(rng):
    if rng.random() < 0.1:  # a whole value the engine repairs into a number
        number = a_number(rng)
        return rng.choice([number.lstrip("0"), number + ".0", f" {number}\t", number[1:]])
    pieces = []
    for _ in range(rng.randint(0, 4)):
        pieces.append(rng.choice(JUNK) if rng.random() < 0.5 else written(rng, a_number(rng)))
    return "".join(pieces)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), junk=st.lists(st.text(max_size=30), max_size=20))
def test_sql_redacts_exactly_as_python(con, seed, junk):
    rng = random.Random(seed)
    texts = [a_text(rng) for _ in range(400)] + junk + [None]
    assert sql_redact(con, texts) == [redact(t) for t in texts]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_no_valid_number_survives_in_clear(seed):
    rng = random.Random(seed)
    for _ in range(100):
        number = build(rng.randint(1930, 2009), rng.randint(1, 12), rng.randint(1, 28), 33)
        prefix = rng.choice(["", "NN: ", "nummer ", "x", "(", "\n"])
        text = prefix + written(rng, number) + rng.choice(["", " ", ", ", ".", ")"])
        assert "".join(c for c in redact(text) if c.isdigit()) == number[-2:]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_a_mask_never_makes_a_number_with_what_follows(con, seed):
    """Outside tester (tenth pass): a mask shows the check digits, and they made a number with
    the digits after them ('Peeters 85073003328 050512359': '28 050512359' is one). Redacted
    text holds no number: redacting it again changes nothing."""
    rng = random.Random(seed)
    texts = []
    for _ in range(100):
        first = a_number(rng)
        # digits that with the first number's check digits make a second number
        year = int(first[-2:]) + rng.choice([1900, 2000] if int(first[-2:]) < 20 else [1900])
        second = build(year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(1, 997))
        texts.append(rng.choice(["", "Peeters ", "NN "]) + written(rng, first) + " " + second[2:])
    for text, redacted in zip(texts, sql_redact(con, texts), strict=True):
        assert redacted == redact(text)
        assert redact(redacted) == redacted, (text, redacted)
    assert redact("Peeters 85073003328 050512359") == "Peeters ••.••.••-•••.••.••.••-•••.59"


def test_text_without_a_number_comes_back_unchanged(con):
    texts = ["Jan Peeters", "0474 12 34 56", "BE68 5390 0754 7034", "12345678901", ""]
    assert [redact(t) for t in texts] == texts
    assert sql_redact(con, texts) == texts
    text = "geen nummer hier"
    assert redact(text) is text


@pytest.mark.parametrize(
    "text",
    [
        "85073003328",
        "85.07.30-033.28",
        "NN: 850730 033 28",
        "85073003328.0",
        "  85073003328\t",
        "klas 3A / 85 07 30 033 28 / 2024",
    ],
)
def test_written_forms_are_masked(con, text):
    assert check("85073003328").valid
    redacted = redact(text)
    assert "033" not in redacted and "•••.28" in redacted
    assert sql_redact(con, [text]) == [redacted]


def test_digits_glued_to_a_number_are_no_number():
    assert redact("185073003328") == "185073003328"
    assert redact("85073003328 x") == "••.••.••-•••.28 x"


def test_a_longer_digit_run_is_left_whole_even_next_to_the_same_number(con):
    """Finding 10: masking works on positions, not on every occurrence of the digits."""
    n = build(1985, 7, 30, 33)
    text = n + " and 1" + n
    assert redact(text) == "••.••.••-•••.28 and 1" + n
    assert sql_redact(con, [text]) == [redact(text)]


N = build(1985, 7, 30, 33)
BIS = build(1985, 7, 3, 999, kind="bis")
FULL_WIDTH = N.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
ARABIC = N.translate({ord(c): 0x0660 + int(c) for c in "0123456789"})
# The outside tester's cases (findings 1 and 2): each hides N or BIS in a text.
HIDDEN = [
    "8,5073003328E+10",
    "8.5073003328e10",
    "'8,5073003328E+10",
    "8,5073003328e10\n",
    "NN 8,5073003328E+10",
    "NN: 85.07.30 - 033.28",
    "NN: 850730  033 28",
    "NN: 850730\t033\t28",
    "NN: 85.07.30\n033.28",
    "NN:\r\n850730-033\r\n28",
    "NN: 85\u200907\u200930 033 28",
    "NN: 85\u200707\u200730 033 28",
    "NN: 85073\u200b003328",
    "NN: 85073\u200c003328",
    "NN: 85073\u200d003328",
    "NN: 85073\u2060003328",
    "NN: 85073\ufeff003328",
    "NN: 85073\u00ad003328",
    "NN: 85073\x00003328",
    "NN: 850730_033_28",
    "NN: 850730,033,28",
    "NN: 85:07:30:033:28",
    "NN: " + FULL_WIDTH,
    FULL_WIDTH,
    "NN: " + ARABIC,
    "NN: 85\uff0e07\uff0e30-033\uff0e28",
    "NN: 85\u00b707\u00b730-033\u00b728",
    "NN: 850730\u3000033\u300028",
    "NN" + N + "x",
    "NN ='" + N,
    "'" + N,
    '="' + N + '"',
    "85.073.003.328,00",
    "NN 85.073.003.328,00",
    "NN (850730) 033-28",
    "BIS " + BIS[:6] + "\u00a0" + BIS[6:],
]


def unicode_digits(text):
    return "".join(
        str(unicodedata.digit(c)) for c in text if unicodedata.digit(c, None) is not None
    )


@pytest.mark.parametrize("text", HIDDEN, ids=range(len(HIDDEN)))
def test_tester_cases_are_masked_the_same_in_both_paths(con, text):
    redacted = redact(text)
    assert N not in unicode_digits(redacted) and BIS not in unicode_digits(redacted)
    assert sql_redact(con, [text]) == [redacted]


GAPS = [
    " ", "  ", "   ", "\t", "\n", "\r\n", "\u00a0", "\u2009", "\u2007", "\u3000", ".", "\uff0e",
    "\u00b7", "-", " - ", " \u2013 ", "_", ",", ":", "/", "(", ") ", "\u200b", "\u200c", "\u200d",
    "\u2060", "\ufeff", "\u00ad", "\x00",
]  # fmt: skip
DIGIT_FORMS = [0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x1D7CE]


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    prefix=st.sampled_from(["", "NN: ", "nummer ", "(", "\n", "x "]),
    suffix=st.sampled_from(["", " ", ", ", ".", ")", " klas 3A"]),
)
def test_no_number_survives_whatever_the_separators_and_digits(con, seed, prefix, suffix):
    rng = random.Random(seed)
    number = build(rng.randint(1930, 2009), rng.randint(1, 12), rng.randint(1, 28), 33)
    zero = rng.choice(DIGIT_FORMS)
    out = []
    for i, char in enumerate(number):
        out.append(chr(zero + int(char)) if rng.random() < 0.3 else char)
        if i < 10 and rng.random() < 0.3:
            out.append(rng.choice(GAPS))
    text = prefix + "".join(out) + suffix
    redacted = redact(text)
    assert number not in unicode_digits(redacted), text
    assert sql_redact(con, [text]) == [redacted]


def test_redact_is_cheap_on_text_without_digit_runs(con):
    """The pre-filter keeps 200,000 ordinary cells well under a second."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE cells AS SELECT 'Leerkracht ' || i || ' school ' || (i % 97)"
        " AS t FROM range(200000) r(i)"
    )
    changed = con.execute("SELECT count(*) FROM cells WHERE dq_id_redact(t) <> t").fetchone()[0]
    assert changed == 0


def test_the_standard_layout_is_redacted_in_sql_exactly_as_in_python(con):
    # dq_id_redact judges "85.07.30-033.28" in SQL (6,014 calls to the Python redaction in a
    # million-account export before): valid, wrong check digits, BIS, unknown dates, born
    # after the reference date, and any 11 digits at all
    rng = random.Random(20261129)
    numbers = [a_number(rng) for _ in range(3000)]
    numbers += ["".join(rng.choice("0123456789") for _ in range(11)) for _ in range(3000)]
    numbers += [build(2026, 12, 31, 1), build(2026, 1, 1, 1), "00000000000", "99999999999"]
    texts = [f"{n[:2]}.{n[2:4]}.{n[4:6]}-{n[6:9]}.{n[9:]}" for n in numbers]
    assert sql_redact(con, texts) == [redact(t) for t in texts]
    assert any(check(n).valid for n in numbers) and not all(check(n).valid for n in numbers)
