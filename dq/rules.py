"""The readiness rules: read from ``rules.toml``, evaluated by one generic SQL engine.

Each status and flag is a row of data (id, condition, meaning, action in both languages).
:func:`evaluate` turns the statuses into one ``CASE`` (first match wins) and the flags into one
list, runs them over the snapshot's account facts (``sql/rules.sql``), and stores per account
its status, reason and flags, then the snapshot's aggregates.

>>> [s.id for s in STATUSES][:3]
['exempt', 'not_required', 'external_unlinked']
>>> FAILING
('external_unlinked', 'missing', 'invalid', 'conflict')
>>> action_text('missing', ['stale'], 'en').startswith('Fill in the national register number')
True
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

import duckdb

from dq.i18n import language, t
from dq.identifiers import REASONS as IDENTIFIER_REASONS
from dq.policy import Policy
from dq.sqlutil import load_queries

RULES_VERSION = "1"
QUERIES = load_queries("rules.sql")


@dataclass(frozen=True)
class Rule:
    """One status or flag: when it applies and what it means for people."""

    id: str
    kind: str  # status | flag
    when: str  # SQL condition over account_facts (package code, never user input)
    meaning: dict[str, str]
    action: dict[str, str]
    counts: str | None = None  # statuses: ready | failing | outside
    needs_action: bool = False  # flags: puts the account on the fix list


def _load() -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    data = tomllib.loads(resources.files("dq").joinpath("rules.toml").read_text(encoding="utf-8"))
    statuses = tuple(
        Rule(r["id"], "status", r["when"], r["meaning"], r["action"], counts=r["counts"])
        for r in data["status"]
    )
    flags = tuple(
        Rule(r["id"], "flag", r["when"], r["meaning"], r["action"], needs_action=r["needs_action"])
        for r in data["flag"]
    )
    return statuses, flags


STATUSES, FLAGS = _load()
RULES: dict[str, Rule] = {r.id: r for r in (*STATUSES, *FLAGS)}
FAILING: tuple[str, ...] = tuple(s.id for s in STATUSES if s.counts == "failing")
READY: tuple[str, ...] = tuple(s.id for s in STATUSES if s.counts == "ready")
IN_SCOPE: tuple[str, ...] = READY + FAILING
ACTION_FLAGS: tuple[str, ...] = tuple(f.id for f in FLAGS if f.needs_action)


def action_text(
    status: str, flags: Iterable[str] = (), lang: str | None = None, reason: str | None = None
) -> str:
    """What to do about an account: its status's action (for an invalid number, the one for
    its reason), then those of its flags.

    >>> action_text('invalid', [], 'en', 'excel_scientific').startswith('Export again')
    True
    """
    lang = language(lang)
    parts = (
        [] if status in READY or RULES[status].counts == "outside" else [RULES[status].action[lang]]
    )
    if status == "invalid" and reason in IDENTIFIER_REASONS:
        parts = [t(f"todo.{reason}", lang)]
    parts += [RULES[f].action[lang] for f in flags if f in RULES and RULES[f].needs_action]
    if not parts:
        parts = [RULES[status].action[lang]]
    return " ".join(parts)


def _results_sql() -> str:
    status_case = "\n".join(f"        WHEN {r.when} THEN '{r.id}'" for r in STATUSES)
    flag_list = ",\n".join(f"        CASE WHEN {r.when} THEN '{r.id}' END" for r in FLAGS)
    return f"""
CREATE OR REPLACE TEMP TABLE account_results AS
SELECT *,
    CASE
{status_case}
    END AS status,
    list_filter([
{flag_list}
    ], lambda f: f IS NOT NULL) AS flags
FROM account_facts
"""  # noqa: S608 - rule conditions are package code from rules.toml


RESULTS_SQL = _results_sql()

STORE_STATUS = """
INSERT INTO store.account_status
SELECT as_of, school_id, username, status,
    CASE WHEN status IN ('invalid', 'missing', 'external_unlinked') THEN coalesce(number_reason, 'missing') END,
    flags, number_source,
    CASE WHEN len(modules) = 0 THEN ['unknown'] ELSE modules END,
    NULL
FROM account_results
"""


def service_words_pattern(policy: Policy) -> str:
    """The policy's webservice hint words as one regular expression on word boundaries.

    >>> service_words_pattern(Policy(modules={}, webservice_hints=('api', 'sync')))
    '\\\\b(api|sync)\\\\b'
    """
    words = [re.escape(w) for w in policy.webservice_hints if w]
    return r"\b(" + "|".join(words) + r")\b" if words else r"(?!)"


def _policy_modules(con: duckdb.DuckDBPyConnection, policy: Policy) -> None:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE policy_modules (module_id VARCHAR, requires_2fa BOOLEAN)"
    )
    rows = [(m.id, m.requires_2fa) for m in policy.modules.values()]
    if rows:
        con.executemany("INSERT INTO policy_modules VALUES (?, ?)", rows)


def evaluate(con: duckdb.DuckDBPyConnection, as_of: datetime.date, policy: Policy) -> None:
    """Judge every account of one snapshot and store statuses and aggregates.

    Runs on a workspace with the store attached as ``store``, inside the caller's transaction.
    """
    _policy_modules(con, policy)
    params = {
        "as_of": as_of,
        "webservice_prefix": policy.webservice_prefix,
        "service_words": service_words_pattern(policy),
        "stale_days": policy.stale_days,
    }
    con.execute(QUERIES["facts"], params)
    con.execute(RESULTS_SQL)
    con.execute("DELETE FROM store.account_status WHERE as_of = $as_of", {"as_of": as_of})
    con.execute(STORE_STATUS)
    _streaks_and_metrics(con, as_of)


def _streaks_and_metrics(con: duckdb.DuckDBPyConnection, as_of: datetime.date) -> None:
    con.execute(QUERIES["streaks"], {"as_of": as_of})
    con.execute("DELETE FROM store.snapshot_metrics WHERE as_of = $as_of", {"as_of": as_of})
    con.execute(QUERIES["metrics"], {"as_of": as_of})


def evaluate_from(con: duckdb.DuckDBPyConnection, as_of: datetime.date, policy: Policy) -> None:
    """Evaluate one snapshot, then carry failing streaks forward through later snapshots."""
    evaluate(con, as_of, policy)
    later = con.execute(
        "SELECT as_of FROM store.snapshots WHERE as_of > $as_of ORDER BY as_of", {"as_of": as_of}
    ).fetchall()
    for (date,) in later:
        con.execute(QUERIES["streaks"], {"as_of": date})


def evaluate_all(con: duckdb.DuckDBPyConnection, policy: Policy) -> int:
    """Re-judge every snapshot (after a policy change), oldest first; returns how many."""
    dates = [
        d for (d,) in con.execute("SELECT as_of FROM store.snapshots ORDER BY as_of").fetchall()
    ]
    for date in dates:
        evaluate(con, date, policy)
    return len(dates)
