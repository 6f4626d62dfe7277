"""python-stdnum's published test vectors for be.nn, be.bis and be.ssn, as a table.

Each row: the value as stdnum's tests write it, and the verdict its tests expect
(valid with a kind, or the exception class as our reason code). Both engine paths must agree.
"""

import duckdb
import pytest

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
    ("85073500107", "nn", None),  # unknown day (35)
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
    ("85473500193", "bis", None),
    ("85273500150", "bis", None),
    ("85533000191", None, "date"),  # BIS month 13
    ("85333000148", None, "date"),
]


@pytest.mark.parametrize(("value", "kind", "reason"), STDNUM_VECTORS)
def test_scalar_verdict_equals_stdnum_vector(value, kind, reason):
    verdict = check(value)
    assert (verdict.valid, verdict.kind, verdict.reason) == (reason is None, kind, reason)
    if verdict.valid:
        assert verdict.number == "".join(c for c in value if c.isdigit())


def test_sql_verdicts_equal_stdnum_vectors():
    verdicts = classify(duckdb.connect(), [v for v, _, _ in STDNUM_VECTORS])
    got = [(v.kind, v.reason) for v in verdicts]
    assert got == [(kind, reason) for _, kind, reason in STDNUM_VECTORS]


def test_sql_birth_date_equals_stdnum_getters():
    from stdnum.be import ssn

    from dq.identifiers.sql import install

    valid = [v for v, kind, _ in STDNUM_VECTORS if kind]
    con = duckdb.connect()
    install(con)
    for value in valid:
        number = check(value).number
        got = con.execute(
            "SELECT dq_id_birth_year(?), dq_id_birth_month(?), dq_id_birth_date(?)",
            [number, number, number],
        ).fetchone()
        expected = (
            ssn.get_birth_year(number),
            ssn.get_birth_month(number),
            ssn.get_birth_date(number),
        )
        assert got == expected, value
