"""Published test vectors, as tables: python-stdnum's (be.nn, be.bis, be.ssn) and the Belgian
government's (belgif rest-problem-java, SsinValidatorTest).

Each row: the value as the source's tests write it, and the verdict we give (valid with a
kind, or our reason code). Where we follow the official rules rather than stdnum, the row
says so. Both engine paths must agree.
"""

import datetime

import duckdb
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dq.identifiers import check
from dq.identifiers.sql import classify

# (value, kind or None, reason or None) - from stdnum's module docstrings and tests/*.doctest
STDNUM_VECTORS = [
    ("85.07.30-033 28", "nn", None),
    ("85 07 30 033 28", "nn", None),
    ("17 07 30 033 84", "nn", None),
    ("12345678901", None, "checksum"),
    ("75.06.08-980.09", "nn", None),
    ("00000100166", "nn", None),  # fictitious date 1900-00-01
    ("00000100195", "nn", None),  # fictitious date 2000-00-01
    ("00000000128", "nn", None),  # only birth year known (2000-00-00)
    ("00010000135", "nn", None),  # year and month known (2000-01-00)
    ("85073500107", None, "date"),  # stdnum: unknown day (35); officially July has no day 35
    ("85133000105", None, "date"),  # month 13
    ("98.47.28-997.65", "bis", None),
    ("98 47 28 997 65", "bis", None),
    ("01 49 07 001 85", "bis", None),
    ("75.46.08-980.95", "bis", None),
    ("75.26.08-980.52", "bis", None),  # sex unknown: month + 20
    ("00400100155", "bis", None),
    ("00200100112", "bis", None),
    ("00400100184", "bis", None),
    ("00200100141", "bis", None),
    ("00400000117", "bis", None),
    ("00200000171", "bis", None),
    ("00410000124", "bis", None),
    ("00210000178", "bis", None),
    ("85473500193", None, "date"),  # stdnum: valid; BIS July 35 is no date either
    ("85273500150", None, "date"),
    ("85533000191", None, "date"),  # BIS month 13
    ("85333000148", None, "date"),
]


# belgif's SsinValidatorTest (github.com/belgif/rest-problem-java), the government's validator.
BELGIF_VECTORS = [
    ("23292805780", "bis", None),
    ("81050003552", "nn", None),  # day 00: unknown
    ("92200006963", "bis", None),  # BIS month 20
    ("92321506985", "bis", None),  # BIS month 32
    ("92400006909", "bis", None),  # BIS month 40
    ("92521506931", "bis", None),  # BIS month 52
    ("70252501507", "bis", None),
    ("92471506993", "bis", None),
    ("19282416134", "bis", None),  # born in the 2000s
    ("80240199943", "bis", None),  # serial 999 occurs in BIS numbers
    ("81000003517", "nn", None),  # month 00
    ("81120103571", "nn", None),
    ("81050103522", "nn", None),
    ("19082416188", "nn", None),  # born in the 2000s
    ("00003241778", "nn", None),
    ("81130103578", None, "date"),  # month 13
    ("81043103522", None, "checksum"),  # belgif's "31 April": its check digits fail first
    ("81023003522", None, "checksum"),  # belgif's "30 February": the same
    ("81022903534", None, "date"),  # 29 February 1981 (python-stdnum: valid)
    ("47060200096", None, "serial"),  # national register serial 000 (python-stdnum: valid)
    ("99020299964", None, "serial"),  # national register serial 999 (python-stdnum: valid)
    ("81050103521", None, "checksum"),
    # belgif also refuses month 00 with a day ("81001202357"); the register puts exhausted day
    # counters into month-00 numbers (KB 3-4-1984), so we accept it, as python-stdnum does.
    ("81001202357", "nn", None),
    # an E typed for a digit is no scientific notation (an exponent has one or two digits):
    # python-stdnum's format, not "Excel destroyed the digits"
    ("850730E03328", None, "format"),
    ("85073003328E-5", None, "format"),
    ("850730E6389", None, "format"),
    # older Windows tools write three exponent digits: still scientific notation
    ("8,50730E+010", None, "excel_scientific"),
]
VECTORS = STDNUM_VECTORS + BELGIF_VECTORS


@pytest.mark.parametrize(("value", "kind", "reason"), VECTORS)
def test_scalar_verdict_equals_stdnum_vector(value, kind, reason):
    verdict = check(value)
    assert (verdict.valid, verdict.kind, verdict.reason) == (reason is None, kind, reason)
    if verdict.valid:
        assert verdict.number == "".join(c for c in value if c.isdigit())


def test_sql_verdicts_equal_stdnum_vectors():
    verdicts = classify(duckdb.connect(), [v for v, _, _ in VECTORS])
    got = [(v.kind, v.reason) for v in verdicts]
    assert got == [(kind, reason) for _, kind, reason in VECTORS]


def test_sql_birth_date_equals_stdnum_getters():
    from stdnum.be import ssn

    from dq.identifiers.sql import install

    valid = [v for v, kind, _ in STDNUM_VECTORS if kind]
    con = duckdb.connect()
    install(con)
    for value in valid:
        number = check(value).number
        got = con.execute(
            "SELECT dq_id_birth_year(?::BIGINT), dq_id_birth_month(?::BIGINT),"
            " dq_id_birth_date(?::BIGINT)",
            [number, number, number],
        ).fetchone()
        expected = (
            ssn.get_birth_year(number),
            ssn.get_birth_month(number),
            ssn.get_birth_date(number),
        )
        assert got == expected, value


@pytest.fixture(scope="module")
def birth_con():
    from dq.identifiers.sql import install

    con = duckdb.connect()
    install(con, today=datetime.date(2026, 11, 27))
    return con


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    yy=st.integers(0, 99),
    mm=st.sampled_from([*range(13), *range(20, 33), *range(40, 53)]),
    dd=st.integers(0, 31),
    serial=st.integers(1, 998),
    in_2000s=st.booleans(),
    born=st.one_of(st.none(), st.dates(datetime.date(1900, 1, 1), datetime.date(2026, 12, 31))),
    shift=st.sampled_from(["day", "month", "year", "century", "none"]),
    century_known=st.booleans(),
)
def test_birth_mismatch_reads_what_the_number_knows(
    birth_con, yy, mm, dd, serial, in_2000s, born, shift, century_known
):
    """dq_id_birth_mismatch (the ingest's birthdate_mismatch) against python-stdnum's getters:
    the year differs, or the month when the number knows it, or the day when it knows the
    whole date. Unknown months (00), unknown days (00), BIS months and the 2000s included.
    A date written with two year digits (century_known false) compares the year's last two."""
    from stdnum.be import ssn

    body = f"{yy:02d}{mm:02d}{dd:02d}{serial:03d}"
    number = body + f"{97 - (int(body) + (2_000_000_000 if in_2000s else 0)) % 97:02d}"
    assume(check(number, today=datetime.date(2026, 11, 27)).valid)
    year, month, date = (
        ssn.get_birth_year(number),
        ssn.get_birth_month(number),
        ssn.get_birth_date(number),
    )
    if born is None and year is not None:  # the encoded date, or one part of it moved
        born = date or datetime.date(year, month or 1, 1)
        if shift == "day":
            born += datetime.timedelta(days=1)
        elif shift == "month":
            born = born.replace(month=born.month % 12 + 1, day=1)
        elif shift == "year":
            born = born.replace(year=born.year - 1, day=1)
        elif shift == "century":
            born = born.replace(year=born.year - 100, day=1)
    assume(born is not None)
    expected = year is not None and (
        (born.year != year if century_known else born.year % 100 != year % 100)
        or (month is not None and born.month != month)
        or (date is not None and (born.month, born.day) != (date.month, date.day))
    )
    got = birth_con.execute(
        "SELECT dq_id_birth_mismatch(?::BIGINT, ?::DATE, century_known := ?)",
        [int(number), born, century_known],
    ).fetchone()[0]
    assert bool(got) == expected, (number, born)
