"""Sleutelklaar's library: identifiers, ingest, rules and metrics for 2FA readiness.

The CLI (``dq``), the Streamlit pages and notebooks are thin fronts over this package. The
analyst's entry points are :func:`open` (a snapshot store), :func:`check` (one number) and
:class:`DqError` (every problem with a message for people).

>>> import dq
>>> dq.check('').reason
'missing'
>>> try:
...     dq.open('/nonexistent.duckdb')
... except dq.DqError as error:
...     print(error.message('en'))  # doctest: +ELLIPSIS
There is no database at /nonexistent.duckdb yet. ...
"""

from dq.errors import DqError

__version__ = "0.1.0"
__all__ = ["DqError", "check", "open"]


def open(path=None):  # noqa: A001 - the analyst's entry point: dq.open(path)
    """Open the existing snapshot store at ``path`` (default ``DQ_DB`` or
    ``data/sleutelklaar.duckdb``); a path without a store raises
    :class:`dq.store.StoreError` whose ``str()`` says what to do, and so does a file that is
    no DuckDB database (a CSV, an empty file), at once rather than at the first question.

    >>> open('/nonexistent.duckdb')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    dq.store.StoreError: Er is nog geen databank op /nonexistent.duckdb. ...
    >>> import tempfile
    >>> open(tempfile.mkstemp(suffix='.csv')[1])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    dq.store.StoreError: ... is geen Sleutelklaar-databank...
    """
    from dq.store import StoreError, check_store_file, open_store

    store = open_store(path)
    check_store_file(str(store.path))  # a folder, /dev/null, a CSV: said as such
    if not store.exists():
        raise StoreError("missing", path=str(store.path))
    with store.reader():  # another program's DuckDB file, a damaged one: refused now
        pass
    return store


def check(value: object):
    """The verdict on one national register or BIS number (see :func:`dq.identifiers.check`).

    >>> check('').valid
    False
    """
    from dq import identifiers

    return identifiers.check(value)
