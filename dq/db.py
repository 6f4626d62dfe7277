"""DuckDB, as every module of dq imports it: ``from dq.db import duckdb``.

dq talks to DuckDB through connections and SQL only. The ``duckdb`` package's ``__init__``
also loads its Python relational API (relations, expressions, Arrow sources, and
``importlib.metadata`` for its version): 70 ms of the 0.15 s a ``dq metrics`` process needs
before its first query, for nothing dq calls. The package's compiled core, ``_duckdb``, is
what ``duckdb`` re-exports as it is (connections, ``connect``, the exception classes), so
dq imports that alone. The objects are the same either way: an analyst who imports duckdb
in a notebook gets the full API on dq's connections too (the package adds its relation
methods to the same connection class). A duckdb without that core module falls back to
the package. tests/test_read_path.py checks that ``dq metrics`` and ``dq ingest`` do not
load the package.

>>> import dq.db
>>> dq.db.duckdb.connect().execute("SELECT 42").fetchall()
[(42,)]
"""

try:
    import _duckdb as duckdb
except ImportError:  # pragma: no cover - a duckdb release without the separate core
    import duckdb

__all__ = ["duckdb"]
