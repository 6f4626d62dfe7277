"""Sleutelklaar's library: identifiers, ingest, rules and metrics for 2FA readiness.

The CLI (``dq``), the Streamlit pages and notebooks are thin fronts over this package.

>>> from dq import identifiers
>>> identifiers.check('').reason
'missing'
"""

__version__ = "0.1.0"


def open(path=None):  # noqa: A001 - the analyst's entry point: dq.open(path)
    """Open the snapshot store at ``path`` (default ``DQ_DB`` or ``data/sleutelklaar.duckdb``).

    >>> store = open('/nonexistent.duckdb')
    >>> store.exists()
    False
    """
    from dq.store import open_store

    return open_store(path)
