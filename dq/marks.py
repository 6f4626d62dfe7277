"""Marks: what an administrator did about an account, judged by the next export.

A mark says "corrected in the user management" or "person notified", for one account (school
and username, never a number), with an optional note, when and by whom. It never changes a
status: the next export judges it as ``confirmed`` (the account is no longer failing),
``reopened`` (still failing after "corrected") or ``waiting`` (no newer export yet).

>>> import tempfile, os
>>> from dq.store import Store
>>> marks(Store(os.path.join(tempfile.mkdtemp(), 'x.duckdb'))).empty
True
>>> KINDS, JUDGEMENTS
(('corrected', 'notified'), ('waiting', 'confirmed', 'reopened'))
"""

from __future__ import annotations

import datetime
import getpass
import unicodedata
import uuid
from typing import TYPE_CHECKING

from dq.db import duckdb
from dq.i18n import t
from dq.sqlutil import load_queries

if TYPE_CHECKING:
    import pandas as pd

    from dq.store import Store

QUERIES = load_queries("marks.sql")
KINDS: tuple[str, ...] = ("corrected", "notified")
JUDGEMENTS: tuple[str, ...] = ("waiting", "confirmed", "reopened")
COLUMNS: tuple[str, ...] = (
    "mark_id",
    "school_id",
    "username",
    "kind",
    "note",
    "channel",
    "marked_at",
    "marked_by",
    "judged_as_of",
    "judged_status",
    "judgement",
    "latest",
    "seq",
)


class MarkError(ValueError):
    """A mark that cannot be made or undone: ``code`` says why."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code, self.details = code, details

    def message(self, lang: str | None = None) -> str:
        """The message for a person."""
        return t(f"error.mark_{self.code}", lang, **self.details)


def digit_runs(text: str | None) -> list[str]:
    """The digits of ``text`` as runs that only letters interrupt, after NFKC normalisation.

    Any other character between digits (spaces of every kind, zero-width characters, line
    breaks, ``_``, ``,``, dots) joins them, and every Unicode decimal digit counts as its value,
    so a number cannot hide behind the way it is typed.

    >>> digit_runs('tel. 0474\u00a012_34\u200b56, kamer ５ b 7')
    ['0474123456', '5', '7']
    """
    runs, current = [], []
    for char in unicodedata.normalize("NFKC", text or ""):
        if char.isdecimal():
            current.append(str(unicodedata.decimal(char)))
        elif unicodedata.category(char).startswith("L") and current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def holds_number(text: str | None) -> bool:
    """Whether a text holds a valid national or BIS number (notes must not).

    Besides :func:`dq.identifiers.redact`, every 11-digit window of every run of
    :func:`digit_runs` is checked, so digits glued to others or spaced out are caught too.

    >>> from dq.identifiers import build
    >>> number = build(1990, 1, 1, 1)
    >>> holds_number('belde ' + number), holds_number('belde op 3/12')
    (True, False)
    >>> holds_number('tel 04' + number), holds_number(' '.join(number))
    (True, True)
    """
    from dq.identifiers import check, redact

    if not text:
        return False
    if redact(text) != text:
        return True
    for run in digit_runs(text):
        for start in range(len(run) - 10):
            if check(run[start : start + 11]).valid:
                return True
    return False


def who(email: str | None = None) -> str:
    """Who makes a mark: the signed-in e-mail, else the operating-system user.

    >>> who('Beheer@School.be')
    'beheer@school.be'
    """
    if email:
        return email.strip().lower()
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in this environment
        return "?"


def _has_marks(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the marks table exists yet (a store without marks reads as empty)."""
    return bool(con.execute(QUERIES["has_marks"]).fetchone()[0])


def _write(store: Store):
    """The store attached for writing, with the marks table ensured (created on first write)."""
    import contextlib

    from dq.store import transaction

    @contextlib.contextmanager
    def writing():
        with store.workspace() as con, store.attached(con), transaction(con):
            con.execute(QUERIES["create"])
            con.execute(QUERIES["add_seq"])
            yield con

    return writing()


def mark(
    store: Store,
    school_id: str,
    username: str,
    kind: str,
    note: str | None = None,
    by: str | None = None,
    at: datetime.datetime | None = None,
    channel: str | None = None,
    check_account: bool = True,
) -> str:
    """Mark one account; returns the mark's id. The account must be in the latest export."""
    return mark_many(store, [(school_id, username)], kind, note, by, at, channel, check_account)[0]


def mark_many(
    store: Store,
    accounts: list[tuple[str, str]],
    kind: str,
    note: str | None = None,
    by: str | None = None,
    at: datetime.datetime | None = None,
    channel: str | None = None,
    check_account: bool = True,
) -> list[str]:
    """Mark several accounts in one transaction (all or none); returns the marks' ids."""
    if kind not in KINDS:
        raise MarkError("kind", kind=kind, allowed=", ".join(KINDS))
    note = (note or "").strip() or None
    if holds_number(note):
        raise MarkError("note_number")
    if not store.exists():
        raise MarkError("no_account", school=accounts[0][0] if accounts else "", username="")
    at = at or datetime.datetime.now().replace(microsecond=0)
    by = who(by)
    if holds_number(by):  # kept and shown like the note: never a number
        raise MarkError("by_number")
    ids = []
    with _write(store) as con:
        seq = con.execute(QUERIES["next_seq"]).fetchone()[0]
        for school_id, username in accounts:
            if check_account:
                _check_on_fix_list(con, school_id, username, at)
            mark_id = uuid.uuid4().hex[:12]
            con.execute(
                QUERIES["insert"],
                {
                    "mark_id": mark_id,
                    "school_id": school_id,
                    "username": username,
                    "kind": kind,
                    "note": note,
                    "channel": channel,
                    "marked_at": at,
                    "marked_by": by,
                    "seq": seq,
                },
            )
            seq += 1
            ids.append(mark_id)
    return ids


def _check_on_fix_list(
    con: duckdb.DuckDBPyConnection, school_id: str, username: str, at: datetime.datetime
) -> None:
    """Refuse a mark on an account that is not in the newest export of its school up to the
    mark's day, or not on the fix list there (a mark on a ready account is no progress)."""
    from dq.rules import ACTION_FLAGS, FAILING

    found, on_fix_list = con.execute(
        QUERIES["account_state"],
        {
            "school_id": school_id,
            "username": username,
            "marked_at": at,
            "failing": list(FAILING),
            "action_flags": list(ACTION_FLAGS),
        },
    ).fetchone()
    if not found:
        raise MarkError("no_account", school=school_id, username=username)
    if not on_fix_list:
        raise MarkError("not_failing", school=school_id, username=username)


def undo(
    store: Store,
    mark_id: str | None = None,
    school_id: str | None = None,
    username: str | None = None,
) -> str:
    """Remove one mark: by its id, or the latest of an account. Returns the removed id."""
    if not store.exists():
        raise MarkError("not_found")
    with _write(store) as con:
        if mark_id is not None:
            rows = con.execute(QUERIES["undo_by_id"], {"mark_id": mark_id}).fetchall()
        else:
            rows = con.execute(
                QUERIES["undo_latest"], {"school_id": school_id, "username": username}
            ).fetchall()
    if not rows:
        raise MarkError("not_found")
    return rows[0][0]


def any_marks(store: Store) -> bool:
    """Whether anybody has marked an account in this store (no pandas: a fix list written
    from the CLI needs only this answer)."""
    if not store.exists():
        return False
    with store.reader() as con:
        return _has_marks(con) and bool(con.execute(QUERIES["any_mark"]).fetchone()[0])


def marks(store: Store, latest_only: bool = False, school=None) -> pd.DataFrame:
    """Every mark with its judgement (empty when the store or its marks table is absent).

    ``latest_only`` keeps the newest mark per account (what the counts use).
    """
    import pandas as pd

    from dq.rules import ACTION_FLAGS, FAILING

    frame = None
    if store.exists():
        with store.reader() as con:
            if _has_marks(con):  # else no mark made yet: the table comes with the first one
                frame = con.execute(
                    QUERIES["judged"],
                    {"failing": list(FAILING), "action_flags": list(ACTION_FLAGS)},
                ).df()
    if frame is None:
        frame = pd.DataFrame(columns=list(COLUMNS))
    if latest_only:
        frame = frame[frame["latest"].astype(bool)]
    if school:
        frame = frame[frame["school_id"].isin([school] if isinstance(school, str) else school)]
    return frame.reset_index(drop=True)


def progress(store: Store, by_school: bool = True) -> pd.DataFrame:
    """Waiting / confirmed / reopened counts of the newest mark per account, per school.

    >>> import tempfile, os
    >>> from dq.store import Store
    >>> list(progress(Store(os.path.join(tempfile.mkdtemp(), 'x.duckdb'))).columns)
    ['school_id', 'waiting', 'confirmed', 'reopened', 'total']
    """
    import pandas as pd

    frame = marks(store, latest_only=True)
    keys = ["school_id"] if by_school else []
    if frame.empty:
        return pd.DataFrame(columns=[*keys, *JUDGEMENTS, "total"])
    if not by_school:
        frame = frame.assign(school_id="")
    table = (
        frame.groupby(["school_id", "judgement"]).size().unstack(fill_value=0)
        if len(frame)
        else pd.DataFrame()
    )
    table = table.reindex(columns=list(JUDGEMENTS), fill_value=0).astype(int)
    table["total"] = table.sum(axis=1)
    table = table.reset_index()
    if not by_school:
        table = table.drop(columns=["school_id"])
    table.columns.name = None
    return table


def recently_notified(store: Store, channel: str, days: int) -> set[tuple[str, str]]:
    """The accounts (school, lower-case username) notified over ``channel`` in the last days."""
    if not store.exists():
        return set()
    since = datetime.datetime.now() - datetime.timedelta(days=days)
    with store.reader() as con:
        if not _has_marks(con):
            return set()
        rows = con.execute(
            QUERIES["recently_notified"], {"channel": channel, "since": since}
        ).fetchall()
    return {(school, ukey) for school, ukey in rows}


def latest_by_account(store: Store) -> dict[tuple[str, str], tuple[str, datetime.datetime]]:
    """The newest mark per account: (school, lower-case username) -> (kind, marked_at)."""
    frame = marks(store, latest_only=True)
    return {
        (r.school_id, r.username.lower()): (r.kind, r.marked_at)
        for r in frame.itertuples(index=False)
    }
