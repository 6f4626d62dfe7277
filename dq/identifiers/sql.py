"""The national-number engine over whole columns, in DuckDB.

:func:`install` puts the engine's macros (``engine.sql``) on a connection; afterwards
``SELECT * FROM dq_id_verdicts('some_table')`` judges the ``raw`` column of any table or view
with the same steps and the same verdicts as :func:`dq.identifiers.check`.

>>> import duckdb
>>> con = duckdb.connect()
>>> [v.reason for v in classify(con, ['', '123', None])]
['missing', 'length', 'missing']
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import cache
from importlib import resources

from dq.db import duckdb
from dq.identifiers import (
    REDACT_MAX_GAP,
    REDACT_MIN_DIGITS,
    Verdict,
    _as_text,
    number_key,
    redact,
)

FUNCTION_EXISTS = "SELECT count(*) FROM duckdb_functions() WHERE function_name = ?"
# A superset of the texts in which dq.identifiers.redact can change anything: eight digit-like
# characters (ASCII digits, or any non-ASCII character) each at most REDACT_MAX_GAP characters
# (no ASCII letter) from the next. A whole value the engine accepts either has such a run or
# has no ASCII letter at all (engine.sql checks those by length).
_DIGIT_LIKE = r"(?:[0-9]|[^\x00-\x7f])"
REDACT_PREFILTER = (
    f"{_DIGIT_LIKE}(?:[^A-Za-z]{{0,{REDACT_MAX_GAP}}}{_DIGIT_LIKE}){{{REDACT_MIN_DIGITS - 1}}}"
)
ENGINE_SQL = resources.files("dq.identifiers").joinpath("engine.sql").read_text(encoding="utf-8")


@cache
def lookalike_map() -> tuple[str, str]:
    """python-stdnum's map of look-alike characters (full-width digits, dashes, ...) to ASCII.

    Returned as two equal-length strings for SQL ``translate()``. Taken from stdnum's table
    when it has one; otherwise found by asking stdnum's public ``clean()`` about every
    character, which gives the same map more slowly.

    >>> src, dst = lookalike_map()
    >>> dst[src.index('\\uff15')]
    '5'
    """
    from stdnum import util

    table = getattr(util, "_char_map", None)
    if isinstance(table, dict) and table:
        pairs = sorted(table.items())
    else:  # pragma: no cover - only for a future stdnum without the table
        chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF)
        pairs = [(a, b) for a, b in zip(chars, util.clean(chars), strict=True) if a != b]
    return "".join(a for a, _ in pairs), "".join(b for _, b in pairs)


def install(con: duckdb.DuckDBPyConnection, today: datetime.date | None = None) -> None:
    """Create the engine's macros on ``con`` (idempotent; temporary, so nothing is stored).

    ``today`` is the reference date (the export date at ingest; by default today's date):
    nobody is born after it, and ages for ``implausible_age`` are taken on it.
    """
    source, target = lookalike_map()
    con.execute("SET VARIABLE dq_id_map_from = ?", [source])
    con.execute("SET VARIABLE dq_id_map_to = ?", [target])
    today = today or datetime.date.today()
    con.execute("SET VARIABLE dq_id_year = ?", [today.year])
    con.execute("SET VARIABLE dq_id_month = ?", [today.month])
    con.execute("SET VARIABLE dq_id_day = ?", [today.day])
    con.execute(
        "SET VARIABLE dq_id_today_key = ?", [today.year * 10000 + today.month * 100 + today.day]
    )
    # Redaction runs the Python code itself on the few cells that could hold a number (see
    # engine.sql): the cluster-and-window search does not translate into SQL that is both exact
    # and fast, and one implementation cannot disagree with itself.
    con.execute("SET VARIABLE dq_id_redact_prefilter = ?", [REDACT_PREFILTER])
    con.execute("SET VARIABLE dq_id_redact_min_digits = ?", [REDACT_MIN_DIGITS])
    if not con.execute(FUNCTION_EXISTS, ["dq_id_redact_text"]).fetchall()[0][0]:
        con.create_function(
            "dq_id_redact_text",
            _redact_on,
            ["VARCHAR", "INTEGER"],
            "VARCHAR",
            side_effects=False,
        )
    # and what a number cell says, to compare an account's rows (few: a function, not macros
    # that cost ~0.08 s to plan in every ingest)
    if not con.execute(FUNCTION_EXISTS, ["dq_id_number_key"]).fetchall()[0][0]:
        con.create_function(
            "dq_id_number_key",
            _number_key_on,
            ["VARCHAR", "INTEGER"],
            "VARCHAR",
            null_handling="special",  # a cell without digits ('0', 'x') has no key: NULL
            side_effects=False,
        )
    # The macros read the variables when they run, so a connection needs them only once.
    if not con.execute(FUNCTION_EXISTS, ["dq_id_verdicts"]).fetchall()[0][0]:
        con.execute(ENGINE_SQL)


def _redact_on(text: str | None, today_key: int) -> str | None:
    """:func:`dq.identifiers.redact` for the SQL function (``today_key`` = yyyymmdd)."""
    return redact(text, _day(today_key))


def _day(key: int) -> datetime.date:
    """The date of a yyyymmdd key."""
    return datetime.date(key // 10000, key // 100 % 100, key % 100)


def _number_key_on(text: str | None, today_key: int) -> str | None:
    """:func:`dq.identifiers.number_key` for the SQL function (``today_key`` = yyyymmdd)."""
    return number_key(text, _day(today_key))


CLASSIFY_VALUES = """
SELECT number, valid, kind, reason, flags
FROM dq_id_verdicts('dq_id_input')
ORDER BY position
"""


def classify(
    con: duckdb.DuckDBPyConnection,
    values: Iterable[object],
    today: datetime.date | None = None,
) -> list[Verdict]:
    """Judge many values at once in SQL; the verdicts come back in input order.

    Non-string values are turned into text first, as :func:`dq.identifiers.check` does;
    ``today`` is the reference date, as there.
    """
    # DuckDB holds UTF-8 only: a lone surrogate becomes U+FFFD, junk either way ('format').
    texts = [_as_text(v) for v in values]
    texts = [
        t if t is None or t.isascii() else t.encode("utf-8", "replace").decode() for t in texts
    ]
    import pandas as pd  # only here: an ingest or `dq metrics` does not need it (~0.5 s)

    frame = pd.DataFrame({"position": range(len(texts)), "raw": pd.Series(texts, dtype="object")})
    install(con, today)
    con.register("dq_id_input", frame)
    try:
        rows = con.execute(CLASSIFY_VALUES).fetchall()
    finally:
        con.unregister("dq_id_input")
    return [Verdict(n, bool(ok), k, r, tuple(f)) for n, ok, k, r, f in rows]
