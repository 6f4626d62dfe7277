"""The SQL spelling of Python's notions (white space, look-alikes) is the same set."""

import duckdb

from dq.identifiers import _WS
from dq.identifiers.sql import install, lookalike_map


def _all_characters():
    return [chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF and i != 0]


def test_python_whitespace_set_is_str_isspace():
    assert set(_WS) == {c for c in _all_characters() if c.isspace()}


def test_sql_trim_removes_exactly_python_whitespace():
    con = duckdb.connect()
    install(con)
    chars = _all_characters()
    con.execute("CREATE TEMP TABLE c AS SELECT unnest(?::VARCHAR[]) AS ch", [chars])
    trimmed = {
        row[0] for row in con.execute("SELECT ch FROM c WHERE dq_id_trim(ch) = ''").fetchall()
    }
    assert trimmed == {c for c in chars if c.isspace()}


def test_lookalike_map_is_stdnum_clean():
    from stdnum.util import clean

    source, target = lookalike_map()
    assert clean(source) == target
    assert len(source) == len(target) > 100


def test_the_number_key_in_sql_is_python_number_key_also_without_digits():
    """dq_id_number_key (an account's rows compared): a cell without digits ('0', 'x', NULL)
    has no key, and says so as NULL (a fuzzed export of '0' and '1' crashed the ingest)."""
    from dq.identifiers import build, number_key

    con = duckdb.connect()
    install(con)
    n = build(1985, 7, 30, 33)
    values = ["0", "00", "x", None, "", "1", n, f"{n[:2]}.{n[2:4]}.{n[4:6]}-{n[6:9]}.{n[9:]}"]
    got = con.execute(
        "SELECT list(dq_id_number_key(v, 20261127) ORDER BY i) "
        "FROM unnest(?::VARCHAR[]) WITH ORDINALITY AS u(v, i)",
        [values],
    ).fetchone()[0]
    assert got == [number_key(v) for v in values] == [None, None, None, None, None, "1", n, n]
