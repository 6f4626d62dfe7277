"""The snapshot store: one DuckDB file, opened briefly, by one place in the code.

Readers open it read-only for the length of one question, or of one reading command within
a :func:`reading_session`; the writer (an ingest) attaches it to an in-memory workspace
only for its final transaction. DuckDB lets one process write at a
time, so both wait a little for a lock held by another process instead of failing at once.

>>> import tempfile, os
>>> store = open_store(os.path.join(tempfile.mkdtemp(), 'x.duckdb'))
>>> store.exists()
False
>>> store.snapshots().empty
True
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from dq.db import duckdb
from dq.errors import STOP_REQUESTS, DqError
from dq.sqlutil import load_queries, quote_identifier

if TYPE_CHECKING:  # pandas is imported only where a DataFrame is made (fast CLI start-up)
    import pandas as pd

# 1: snapshots, files, accounts and contacts (first release of the store)
# 2: adds account_status and snapshot_metrics (the rules' verdicts and the aggregates)
# 3: aggregates long in snapshot_counts (one row per status); the judged number on account_status
SCHEMA_VERSION = "3"
DEFAULT_DB = "data/sleutelklaar.duckdb"
SCHEMA_SQL = resources.files("dq").joinpath("sql", "schema.sql").read_text(encoding="utf-8")
QUERIES = load_queries("store.sql")


class StoreError(DqError):
    """The store cannot be used right now; the message says why and what to do."""

    prefix = "error.store_"


def default_path() -> Path:
    """``DQ_DB`` when set, else ``data/sleutelklaar.duckdb``."""
    return Path(os.environ.get("DQ_DB") or DEFAULT_DB)


def _is_lock_error(error: duckdb.Error) -> bool:
    """A lock held by another process, or the file open in another mode in this process
    (the dashboard's threads: one page reads while an import writes)."""
    text = str(error).lower()
    # "lock" as a word: a damaged file's "could not read block" is no lock
    return bool(re.search(r"\block\b|conflicting|file handle conflict", text))


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, or ROLLBACK on any error; the original error is the one raised
    (a rollback after a failed commit must not hide why the commit failed). After a stop
    request (:data:`STOP_REQUESTS`) it rolls back instead of committing."""
    con.execute("BEGIN")
    try:
        yield con
        if STOP_REQUESTS:
            raise KeyboardInterrupt
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise


# DuckDB must never fetch or load code on its own (e.g. the SQLite scanner for a wrong --db)
SETTINGS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def connect(
    path: str = ":memory:", read_only: bool = False, **config: object
) -> duckdb.DuckDBPyConnection:
    """The one place that opens a DuckDB connection, with :data:`SETTINGS` applied (and any
    other ``config``).

    >>> connect().execute("SELECT current_setting('autoload_known_extensions')").fetchone()
    (False,)
    """
    return duckdb.connect(path, read_only=read_only, config={**SETTINGS, **config})


def check_store_path(path: str) -> None:
    """Refuse a store location that cannot be a database file: ``:memory:`` (nothing would be
    kept), an address (``s3://``, ``http://``: any ``scheme://``) and anything that exists but
    is no regular file (``/dev/null``, a folder). Checked before any folder is created.

    >>> check_store_path("s3://bucket/x.duckdb")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    dq.store.StoreError: ...een databankbestand nodig...
    """
    if path.strip() == ":memory:" or path.startswith(":memory:"):
        raise StoreError("no_file", path=path)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", path):
        raise StoreError("no_file", path=path)
    if os.path.exists(path) and not os.path.isfile(path):
        raise StoreError("no_file", path=path)


def check_store_file(path: str) -> None:
    """Refuse a file that exists but is not a DuckDB database (text, SQLite, truncated).

    A file's header is read once per file (by inode) and process: reading it means opening
    and closing the file, and on POSIX closing any descriptor of a file drops every lock this
    process holds on it, so a check while another thread's connection reads would let another
    process write under that reader (seen in the load test: "could not read enough bytes").

    >>> import tempfile
    >>> check_store_file(tempfile.mkstemp()[1])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    dq.store.StoreError: ... is geen Sleutelklaar-databank...
    """
    check_store_path(path)
    try:
        seen = (os.path.abspath(path), os.stat(path).st_ino)
    except FileNotFoundError:
        return
    except OSError:
        raise StoreError("read_only", path=path) from None
    if seen in _CHECKED_FILES:
        return
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
    except FileNotFoundError:
        return
    except OSError:
        raise StoreError("read_only", path=path) from None
    if head[8:12] != DUCKDB_MAGIC:
        raise StoreError("not_a_store", path=path)
    _CHECKED_FILES.add(seen)


_CHECKED_FILES: set[tuple[str, int]] = set()  # (path, inode) whose header was a DuckDB one


def _open_problem(error: duckdb.Error, path: str) -> StoreError:
    """The message for a store file DuckDB would not open (other than a lock)."""
    text = str(error).lower()
    if "permission denied" in text or "read-only" in text or "read only" in text:
        return StoreError("read_only", path=path)
    # an analyst's own duckdb.connect(path) in this process: DuckDB allows one configuration
    # per file and process, so ours cannot open it beside that one
    if "different configuration" in text:
        return StoreError("open_here", path=path)
    return StoreError("not_a_store", path=path)


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> None:
    """Run a named block of SQL (one or more statements, each ending in ``;`` at the end of a
    line that is no comment), each with the parameters it uses."""
    statement: list[str] = []
    for line in sql.splitlines() + [";"]:
        code = line.strip() and not line.lstrip().startswith("--")
        statement.append(line)
        if code and line.rstrip().endswith(";"):
            text = "\n".join(statement).rstrip().removesuffix(";")
            statement = []
            if any(s.strip() and not s.lstrip().startswith("--") for s in text.splitlines()):
                used = {k: v for k, v in (params or {}).items() if f"${k}" in text}
                con.execute(text, used)


def retry_locked(action, what: str, wait_seconds: float, errors=duckdb.Error):
    """``action()``, retried while another process holds the store's write lock. An error of
    type ``errors`` that is no lock says what is wrong with the file (not a store, read-only);
    a lock still held after ``wait_seconds`` is ``busy``: the one retry loop of the store."""
    deadline = time.monotonic() + wait_seconds
    delay = 0.02
    while True:
        try:
            return action()
        except errors as error:
            if not _is_lock_error(error):
                raise _open_problem(error, what) from None
            if time.monotonic() > deadline:
                raise StoreError("busy", path=what) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def connect_with_retry(
    path: str, read_only: bool, wait_seconds: float
) -> duckdb.DuckDBPyConnection:
    """Open the file, retrying while another process holds the write lock."""
    check_store_file(path)
    return retry_locked(lambda: connect(path, read_only=read_only), path, wait_seconds)


LIST_SNAPSHOTS = """
SELECT s.as_of, s.ingested_at, s.tool_version, s.rules_version,
       list(f.file_name ORDER BY f.file_name) AS files,
       list(f.kind ORDER BY f.file_name) AS kinds,
       list(left(f.sha256, 12) ORDER BY f.file_name) AS sha256_prefixes,
       sum(f.rows_read) FILTER (WHERE f.kind = 'users')::BIGINT AS user_rows,
       (SELECT count(*) FROM accounts a WHERE a.as_of = s.as_of) AS accounts,
       (SELECT count(*) FROM contacts c WHERE c.as_of = s.as_of) AS contacts
FROM snapshots s LEFT JOIN snapshot_files f USING (as_of)
GROUP BY ALL
ORDER BY s.as_of
"""


_SESSION = threading.local()


@contextlib.contextmanager
def reading_session() -> Iterator[None]:
    """Within it, this thread's reads of a store file share one read-only connection,
    opened on the first read and closed when the session ends: one CLI command opens the
    file once rather than once per question (opening a DuckDB file costs ~25 ms), and all
    its questions see the same state of the store. The dashboard uses it only per
    :class:`Store` call (:func:`one_connection`): held for a whole page run, its threads
    would keep the file from a writer. A write to the file during the
    session (:meth:`Store.attached`) closes the shared connection first. Nested sessions
    are one session.

    >>> import tempfile, os
    >>> store = Store(os.path.join(tempfile.mkdtemp(), "x.duckdb"))
    >>> with reading_session():
    ...     store.snapshots().empty, store.snapshots().empty
    (True, True)
    """
    if getattr(_SESSION, "open", None) is not None:
        yield
        return
    _SESSION.open = {}
    try:
        yield
    finally:
        shared, _SESSION.open = _SESSION.open, None
        for con in shared.values():
            with contextlib.suppress(duckdb.Error):
                con.close()


def one_connection(method):
    """A :class:`Store` reading method whose questions share one connection: the figures of
    one call come from one state of the file, and the file is opened once rather than once
    per question (``trend`` + ``diff`` opened it eight times, ~0.3 s at M). Inside a longer
    :func:`reading_session` (a CLI command), that session's connection."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with reading_session():
            return method(*args, **kwargs)

    return wrapper


def _close_shared(path: Path) -> None:
    """Close this thread's session connection to ``path``, if one is open."""
    shared = getattr(_SESSION, "open", None)
    con = shared.pop(os.path.abspath(path), None) if shared else None
    if con is not None:
        with contextlib.suppress(duckdb.Error):
            con.close()


class Store:
    """A snapshot store at ``path``. Cheap to create; the file is opened per question."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def _version_in(self, con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> str | None:
        """The store's schema version; None for a file without tables (a new store). Another
        program's database (tables but no ``meta`` holding a schema version) is refused, so
        that nothing is ever written into it."""
        catalog = catalog or con.execute("SELECT current_database()").fetchone()[0]
        tables = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = $db", {"db": catalog}
        ).fetchone()[0]
        if not tables:
            return None
        meta = f"{quote_identifier(catalog)}.meta"  # a quoted name, never a value
        try:
            row = con.execute(
                f"SELECT value FROM {meta} WHERE key = 'schema_version'"  # noqa: S608
            ).fetchall()
        except duckdb.Error:
            row = []  # no meta table, or one of another shape
        if not row or not str(row[0][0]).isdigit():
            raise StoreError("not_a_store", path=str(self.path))
        return row[0][0]

    def exists(self) -> bool:
        """Whether the database file exists."""
        return self.path.is_file()

    def mtime(self) -> float:
        """The file's modification time (0 when absent): a cache key for the dashboard."""
        try:
            wal = self.path.with_name(self.path.name + ".wal")
            return max(self.path.stat().st_mtime, wal.stat().st_mtime if wal.exists() else 0.0)
        except OSError:
            return 0.0

    @contextlib.contextmanager
    def reader(
        self, wait_seconds: float = 10.0, migrate: bool = True
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection for one question, closed afterwards (within a
        :func:`reading_session`, the session's shared connection).

        A store written by an older version is migrated forward first (once).
        """
        shared = getattr(_SESSION, "open", None)
        key = os.path.abspath(self.path)
        if shared is not None and key in shared:
            yield shared[key]
            return
        if not self.exists():
            raise StoreError("missing", path=str(self.path))
        con = connect_with_retry(str(self.path), read_only=True, wait_seconds=wait_seconds)
        try:
            found = self._version_in(con)
        except StoreError:
            con.close()
            raise
        if found is not None and int(found) > int(SCHEMA_VERSION):
            con.close()
            raise StoreError("version", path=str(self.path), found=found, expected=SCHEMA_VERSION)
        # an older store is migrated forward; a DuckDB file without tables (left by a first
        # ingest that was interrupted) gets the empty tables, so it reads as a store with no
        # snapshots rather than failing on a missing table
        if migrate and found != SCHEMA_VERSION:
            con.close()
            with self.workspace() as work, self.attached(work):
                pass  # attaching migrates
            con = connect_with_retry(str(self.path), read_only=True, wait_seconds=wait_seconds)
            found = SCHEMA_VERSION
        if shared is not None and found == SCHEMA_VERSION:
            shared[key] = con  # closed when the session ends
            yield con
            return
        try:
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def workspace(self, today=None) -> Iterator[duckdb.DuckDBPyConnection]:
        """An in-memory DuckDB with the identifier engine installed (``today``: the reference
        date for the engine, an ingest's export date), for staging work.

        Nothing it holds may reach the disk: spilling is off (an ingest's early stages hold
        numbers in clear), and row order is not kept (every stage joins on keys).
        """
        from dq.identifiers.sql import install

        con = connect(temp_directory="")
        try:
            con.execute("SET preserve_insertion_order = false")
            install(con, today=today)
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def attached(
        self, con: duckdb.DuckDBPyConnection, wait_seconds: float = 60.0
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """Attach the store file as ``store`` to a workspace, with its schema ensured. A
        session's shared read connection to the file is closed first (later reads see what
        is written)."""
        check_store_path(str(self.path))
        _close_shared(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        check_store_file(str(self.path))
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise StoreError("read_only", path=str(self.path))
        created = not self.path.exists()
        try:
            retry_locked(
                lambda: con.execute("ATTACH $path AS store", {"path": str(self.path)}),
                str(self.path),
                wait_seconds,
            )
            try:
                self._ensure_schema(con)
                yield con
            finally:
                with contextlib.suppress(duckdb.Error):
                    con.execute("USE memory")
                with contextlib.suppress(duckdb.Error):
                    con.execute("DETACH store")
        except BaseException as error:
            if created:  # a store this write was to create is not left behind half-made
                self._remove_new_file()
                if isinstance(error, StoreError) and error.code == "not_a_store":
                    # there was no file: creating it failed (a full disk left a stub of it)
                    raise StoreError("not_created", path=str(self.path)) from None
            raise

    def _remove_new_file(self) -> None:
        for leftover in (self.path, self.path.with_name(self.path.name + ".wal")):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def policy(self):
        """The policy in force for this store: the one saved in it, else the default.

        >>> Store('/nonexistent.duckdb').policy().webservice_prefix
        'webservices@'
        """
        from dq import policy as policy_module

        if self.exists():
            with self.reader() as con:
                try:
                    row = con.execute("SELECT value FROM meta WHERE key = 'policy'").fetchone()
                except duckdb.CatalogException:
                    row = None
            if row:
                return policy_module.load_text(row[0], "policy (store)", stored=True)
        return policy_module.load()

    def set_policy(self, text: str) -> int:
        """Validate and save a policy, then re-judge every snapshot with it (one transaction).

        Raises :class:`dq.policy.PolicyError` for an invalid policy; returns the number of
        snapshots re-judged.
        """
        from dq import policy as policy_module

        policy = policy_module.load_text(text, "policy")
        with self.workspace() as con, self.attached(con):
            with transaction(con):
                execute(con, QUERIES["write_meta"], {"key": "policy", "value": text})
                count = self._rejudge_all(con, policy)
        return count

    def _rejudge_all(self, con: duckdb.DuckDBPyConnection, policy) -> int:
        """Re-judge every stored snapshot, oldest first (streaks build on the one before)."""
        from dq import rules

        dates = [d for (d,) in con.execute(QUERIES["all_snapshots"]).fetchall()]
        for date in dates:
            rules.judge(con, date, policy)
            execute(con, QUERIES["replace_statuses"], {"as_of": date})
        return len(dates)

    def ingest_state(self, as_of) -> tuple[bool, dict[str, set[str | None]]]:
        """In one read: whether the store already holds hashes (so needs its own key back),
        and per content already ingested for ``as_of`` (its keyed hash) the digests of the options
        of each of its files still in the snapshot (None when not recorded)."""
        if not self.exists():
            return False, {}
        with self.reader() as con:
            try:
                keyed = con.execute(
                    "SELECT count(*) FROM meta WHERE key = 'key_fingerprint'"
                ).fetchall()
                rows = con.execute(QUERIES["ingested_files"], {"as_of": as_of}).fetchall()
            except duckdb.CatalogException:
                return False, {}
        ingested: dict[str, set[str | None]] = {}
        for sha, options in rows:
            ingested.setdefault(sha, set()).add(options)
        return bool(keyed[0][0]), ingested

    def has_users_export(self, as_of) -> bool:
        """Whether a users export of ``as_of`` was loaded (contacts alone are refused)."""
        if not self.exists():
            return False
        with self.reader() as con:
            return bool(con.execute(QUERIES["has_users_export"], {"as_of": as_of}).fetchone()[0])

    def key_fingerprint(self, con: duckdb.DuckDBPyConnection) -> str | None:
        """The fingerprint of the key the attached store's hashes were made with, if any."""
        row = con.execute(QUERIES["read_meta"], {"key": "key_fingerprint"}).fetchone()
        return row[0] if row else None

    def write_snapshot(self, con: duckdb.DuckDBPyConnection, snapshot: dict) -> None:
        """The one transaction of an ingest: write what the workspace holds for a snapshot.

        ``snapshot`` gives ``as_of``, ``users``/``contacts`` (whether those files came, so
        ``accounts_final``/``contacts_final`` replace the date's rows), ``schools`` (of the
        users files), ``files`` (one dict per file for ``snapshot_files``), ``fingerprint``
        (the key's, written once), ``policy_text`` (a policy to keep, or None), ``tool`` and
        ``rules`` (versions). The statuses and counts are the workspace's ``judged_status``
        and ``judged_counts``; later snapshots' failing streaks are carried forward.
        """
        as_of = snapshot["as_of"]
        params = {"as_of": as_of}
        with transaction(con):
            if snapshot.get("fingerprint"):
                execute(
                    con,
                    QUERIES["write_meta"],
                    {"key": "key_fingerprint", "value": snapshot["fingerprint"]},
                )
            if snapshot["users"]:
                execute(
                    con, QUERIES["replace_accounts"], {**params, "schools": snapshot["schools"]}
                )
            if snapshot["contacts"]:
                execute(con, QUERIES["replace_contacts"], params)
            execute(
                con,
                QUERIES["replace_snapshot"],
                {**params, "tool": snapshot["tool"], "rules": snapshot["rules"]},
            )
            for file in snapshot["files"]:
                execute(con, QUERIES["add_file"], {**params, **file})
            if snapshot.get("policy_text") is not None:
                execute(
                    con, QUERIES["write_meta"], {"key": "policy", "value": snapshot["policy_text"]}
                )
            execute(con, QUERIES["replace_statuses"], params)
            self._carry_streaks(con, as_of)

    def _carry_streaks(self, con: duckdb.DuckDBPyConnection, as_of) -> None:
        from dq.rules import FAILING

        for (date,) in con.execute(QUERIES["later_snapshots"], {"as_of": as_of}).fetchall():
            execute(con, QUERIES["carry_streaks"], {"as_of": date, "failing": list(FAILING)})

    def _ensure_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        """Create the tables of a new store; migrate an older one forward, in one transaction.

        A store written by a newer Sleutelklaar is refused rather than half understood.
        """
        found = self._version_in(con, "store")
        if found is not None and int(found) > int(SCHEMA_VERSION):
            raise StoreError("version", path=str(self.path), found=found, expected=SCHEMA_VERSION)
        if found == SCHEMA_VERSION:
            return
        try:
            with transaction(con):
                con.execute("USE store")
                con.execute(SCHEMA_SQL)  # every CREATE is IF NOT EXISTS: adds what a store lacks
                con.execute("USE memory")
                if found is not None and int(found) < int(SCHEMA_VERSION):
                    from dq import policy as policy_module

                    execute(con, QUERIES["migrate_to_3"])
                    stored = con.execute(QUERIES["read_meta"], {"key": "policy"}).fetchall()
                    policy = (
                        policy_module.load_text(stored[0][0], stored=True)
                        if stored
                        else policy_module.load()
                    )
                    self._rejudge_all(con, policy)
                execute(
                    con, QUERIES["write_meta"], {"key": "schema_version", "value": SCHEMA_VERSION}
                )
        finally:
            with contextlib.suppress(duckdb.Error):
                con.execute("USE memory")

    def schema_version(self) -> str | None:
        """The schema version written in the file (None for a file without one)."""
        with self.reader(migrate=False) as con:
            return self._version_in(con)

    @one_connection
    def snapshots(self) -> pd.DataFrame:
        """Every snapshot with its provenance: files, hash prefixes, rows, accounts.

        >>> list(Store('/nonexistent.duckdb').snapshots().columns)[:3]
        ['as_of', 'ingested_at', 'tool_version']
        """
        import pandas as pd

        if not self.exists():
            return pd.DataFrame(
                columns=[
                    "as_of",
                    "ingested_at",
                    "tool_version",
                    "rules_version",
                    "files",
                    "kinds",
                    "sha256_prefixes",
                    "user_rows",
                    "accounts",
                    "contacts",
                ]
            )
        with self.reader() as con:
            return con.execute(LIST_SNAPSHOTS).df()

    def delete_snapshot(self, as_of: str) -> bool:
        """Remove one snapshot and everything in it; returns whether it existed."""
        with self.workspace() as con, self.attached(con):
            exists = con.execute(QUERIES["snapshot_exists"], {"as_of": as_of}).fetchone()[0]
            if not exists:
                return False
            with transaction(con):
                execute(con, QUERIES["delete_snapshot"], {"as_of": as_of})
            return True

    # The analyst's API: thin methods over dq.metrics and dq.fixlist. A date must be one of
    # :meth:`dates` (no silent nearest); filter values are checked by dq.filters.validate,
    # the same check the CLI makes.

    def dates(self) -> list:
        """The snapshot dates in the store, oldest first.

        >>> Store('/nonexistent.duckdb').dates()
        []
        """
        from dq.filters import snapshot_dates

        return snapshot_dates(self)

    def latest(self, as_of=None):
        """The snapshot date in force: ``as_of`` when it exists (else FilterError), the latest
        for None, None for an empty or missing store."""
        from dq import metrics

        return metrics.resolve_as_of(self, as_of) if self.exists() else None

    def _checked(self, as_of, filters: dict):
        from dq.filters import normalise, validate

        resolved = self.latest(as_of)
        normalise(self, filters)
        validate(self, resolved, **filters)
        return resolved

    @one_connection
    def metrics(self, as_of=None, by: str = "total") -> pd.DataFrame:
        """Status counts and readiness of a snapshot (default: the latest; a date without a
        snapshot raises :class:`dq.filters.FilterError` listing the dates that exist).

        ``by`` is ``total``, ``module``, ``school`` or ``school_module``. Example::

            store = dq.open("data/sleutelklaar.duckdb")
            store.metrics(by="module")[["module", "in_scope", "readiness", "rag"]]
        """
        from dq import metrics

        return metrics.metrics(self, self._checked(as_of, {}), by)

    @one_connection
    def trend(self, by: str = "total") -> pd.DataFrame:
        """Counts and readiness of every snapshot, e.g. ``store.trend(by="school")``."""
        from dq import metrics

        return metrics.trend(self, by)

    @one_connection
    def diff(self, old=None, new=None) -> pd.DataFrame:
        """Account-level comparison of two snapshots, e.g. ``store.diff("2026-11-20",
        "2026-11-27")``; without dates the last two. A date without a snapshot raises
        :class:`dq.filters.FilterError` listing the dates that exist."""
        from dq import metrics
        from dq.filters import FilterError

        if old is None and new is None:
            dates = self.dates()
            if len(dates) < 2:
                raise FilterError(
                    "no_snapshot",
                    date="–",
                    dates=", ".join(d.isoformat() for d in dates) or "–",
                )
            old, new = dates[-2], dates[-1]
        return metrics.diff(self, self.latest(old), self.latest(new))

    @one_connection
    def forecast(self, by: str = "module") -> pd.DataFrame:
        """When readiness reaches 100 % at the current pace, e.g. ``store.forecast()``."""
        from dq import metrics

        return metrics.forecast(self, by)

    @one_connection
    def accounts(self, as_of=None, **filters) -> pd.DataFrame:
        """Accounts with status and flags, e.g. ``store.accounts(status="missing",
        school="012345")``.

        Filters (one value or a list): ``status`` (a status id of ``dq/rules.toml``:
        exempt, not_required, external_unlinked, missing, invalid, conflict, ready_bis,
        ready), ``reason`` (missing, excel_scientific, format, length, checksum, date,
        serial), ``flag`` (a flag id of ``dq/rules.toml``), ``school`` and ``module`` (those
        in the snapshot), ``search`` (text in the name or username). An unknown value raises
        :class:`dq.filters.FilterError` naming the accepted values (``dq.filters.accepted``).
        """
        from dq import metrics

        return metrics.accounts(self, self._checked(as_of, filters), **filters)

    @one_connection
    def fixlist(
        self, as_of=None, lang: str | None = None, full_values: bool = False, **filters
    ) -> pd.DataFrame:
        """The accounts that need an action, with the action, e.g.
        ``store.fixlist(school="012345")``; the filters and their accepted values are those
        of :meth:`accounts`."""
        from dq import fixlist

        return fixlist.fixlist(
            self, self._checked(as_of, filters), lang=lang, full_values=full_values, **filters
        )

    @one_connection
    def summary(self, as_of=None) -> dict:
        """The ``dq metrics --json`` contract for one snapshot (default: the latest): totals,
        by_module and by_school, each a block of counts per status plus readiness.

        >>> Store('/nonexistent.duckdb').summary()['totals'] is None
        True
        """
        from dq import metrics

        if not self.exists():
            return {"as_of": None, "totals": None, "by_module": {}, "by_school": {}}
        return metrics.metrics_json(self, self.latest(as_of))

    @one_connection
    def overview(self, as_of=None) -> dict:
        """The overview a manager reads: the snapshot's date and age, whether it is stale,
        and one tile per figure with its value, the previous snapshot's value and the change
        (see :func:`dq.metrics.overview`)."""
        from dq import metrics

        return metrics.overview(self, self.latest(as_of))

    @one_connection
    def count_accounts(self, as_of=None, **filters) -> int:
        """How many accounts :meth:`accounts` would return, e.g.
        ``store.count_accounts(flag="bis_key_activation")``."""
        from dq import metrics

        return metrics.count_accounts(self, self._checked(as_of, filters), **filters)

    @one_connection
    def data_quality(self, as_of=None) -> dict[str, pd.DataFrame]:
        """What the export's data looks like: reasons per column, flags, unknown module
        labels (see :func:`dq.metrics.data_quality`)."""
        from dq import metrics

        return metrics.data_quality(self, self._checked(as_of, {}))

    @one_connection
    def mark_progress(self) -> pd.DataFrame:
        """Waiting / confirmed / reopened marks per school (see :func:`dq.marks.progress`)."""
        from dq import marks

        return marks.progress(self)

    def sql(self, query: str, params: dict | None = None) -> pd.DataFrame:
        """Run your own read-only query on the store, e.g.
        ``store.sql("SELECT status, count(*) FROM account_status GROUP BY ALL")``."""
        with self.reader() as con:
            return con.execute(query, params or {}).df()


def open_store(path: str | Path | None = None) -> Store:
    """The store at ``path`` (default: ``DQ_DB`` or ``data/sleutelklaar.duckdb``)."""
    return Store(path)
