"""The readiness rules: read from ``rules.toml``, evaluated by one generic SQL engine.

Each status and flag is a row of data (id, condition, label, meaning, action in both
languages; for a status whether it is failing and whether it is in scope). :func:`judge` turns
the statuses into one ``CASE`` (first match wins) and the flags into one list, runs them over
the snapshot's account facts (``sql/rules.sql``) and leaves per account its status, reason and
flags, and the snapshot's counts per status, for the store to write. Nothing else names a
status: metrics, fix lists, pages and the CLI read the lists below.

>>> [s.id for s in STATUSES][:3]
['exempt', 'inactive', 'not_required']
>>> FAILING
('external_unlinked', 'missing', 'invalid', 'conflict')
>>> READY, OUTSIDE
(('ready_bis', 'ready'), ('exempt', 'inactive', 'not_required'))
>>> action_text('missing', ['stale'], 'en').startswith('Fill in the national register number')
True
"""

from __future__ import annotations

import datetime
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dq.db import duckdb
from dq.i18n import language, t
from dq.policy import ACCOUNT_TYPES, Policy, fold
from dq.sqlutil import load_queries

RULES_VERSION = "1"
QUERIES = load_queries("rules.sql")
RULES_ENV = "DQ_RULES"  # another rules file (a copy with a new status, in the tests)


@dataclass(frozen=True)
class Rule:
    """One status or flag: when it applies, its name and what it means for people."""

    id: str
    kind: str  # status | flag
    when: str  # SQL condition over account_facts (package code, never user input)
    label: dict[str, str]
    meaning: dict[str, str]
    action: dict[str, str]
    failing: bool = False  # statuses: needs a fix (fix list, failing streaks)
    in_scope: bool = False  # statuses: counts in the readiness denominator
    needs_action: bool = False  # flags: puts the account on the fix list


def _rules_text() -> str:
    path = os.environ.get(RULES_ENV)
    if path:
        return Path(path).read_text(encoding="utf-8")
    return resources.files("dq").joinpath("rules.toml").read_text(encoding="utf-8")


def _load() -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    data = tomllib.loads(_rules_text())
    statuses = tuple(
        Rule(
            r["id"],
            "status",
            r["when"],
            r["label"],
            r["meaning"],
            r["action"],
            failing=r["failing"],
            in_scope=r["in_scope"],
        )
        for r in data["status"]
    )
    flags = tuple(
        Rule(
            r["id"],
            "flag",
            r["when"],
            r["label"],
            r["meaning"],
            r["action"],
            needs_action=r["needs_action"],
        )
        for r in data["flag"]
    )
    return statuses, flags


STATUSES, FLAGS = _load()
RULES: dict[str, Rule] = {r.id: r for r in (*STATUSES, *FLAGS)}
STATUS_IDS: tuple[str, ...] = tuple(s.id for s in STATUSES)
FAILING: tuple[str, ...] = tuple(s.id for s in STATUSES if s.failing)
IN_SCOPE: tuple[str, ...] = tuple(s.id for s in STATUSES if s.in_scope)
READY: tuple[str, ...] = tuple(s.id for s in STATUSES if s.in_scope and not s.failing)
OUTSIDE: tuple[str, ...] = tuple(s.id for s in STATUSES if not s.in_scope)
ACTION_FLAGS: tuple[str, ...] = tuple(f.id for f in FLAGS if f.needs_action)


def label(rule_id: str, lang: str | None = None) -> str:
    """The short name of a status or flag for people (the id itself when unknown).

    >>> label('missing', 'en'), label('stale', 'nl'), label('nope', 'en')
    ('No number', 'Lang niet aangemeld', 'nope')
    """
    rule = RULES.get(rule_id)
    return rule.label[language(lang)] if rule else rule_id


def action_text(
    status: str, flags: Iterable[str] = (), lang: str | None = None, reason: str | None = None
) -> str:
    """What to do about an account: its status's action (for an invalid number, the one for
    its reason), then those of its flags.

    >>> action_text('invalid', [], 'en', 'excel_scientific').startswith('Export again')
    True
    """
    lang = language(lang)
    parts = [] if status not in FAILING else [RULES[status].action[lang]]
    from dq.identifiers import REASONS  # here: the metrics path needs no stdnum

    if status == "invalid" and reason in REASONS:
        parts = [t(f"todo.{reason}", lang)]
    parts += [RULES[f].action[lang] for f in flags if f in RULES and RULES[f].needs_action]
    if not parts:  # nothing to fix: what the flags say (a ready account's own "nothing to do"
        # gives way to them: a BIS holder's list asks to activate the digital key)
        info = [RULES[f].action[lang] for f in flags if f in RULES]
        parts = info if info and status in READY else [RULES[status].action[lang], *info]
    return " ".join(parts)


def _results_sql() -> str:
    status_case = "\n".join(f"        WHEN {r.when} THEN '{r.id}'" for r in STATUSES)
    flag_list = ",\n".join(f"        CASE WHEN {r.when} THEN '{r.id}' END" for r in FLAGS)
    return f"""
CREATE OR REPLACE TEMP TABLE judged_status AS
WITH account_facts AS (
{QUERIES["facts"]}
), account_results AS (
SELECT *,
    CASE
{status_case}
    END AS status,
    list_filter([
{flag_list}
    ], lambda f: f IS NOT NULL) AS flags
FROM account_facts
)
{QUERIES["status"]};
DROP TABLE account_facts_base;
DROP TABLE account_people
"""  # noqa: S608 - rule conditions are package code from rules.toml


RESULTS_SQL = _results_sql()


# what stands between words in a username or name: `_` counts too (svc_smartschool)
_BOUNDARY = r"[\s_.@-]"


def service_words_pattern(policy: Policy) -> str:
    """The policy's webservice hint words as one regular expression: a word counts between
    the start or end, white space, ``_``, ``-``, ``.`` or ``@``.

    >>> pattern = service_words_pattern(Policy(modules={}, webservice_hints=('svc', 'ws')))
    >>> [bool(re.search(pattern, n)) for n in ('svc_smartschool', 'ws.sync@x.be', 'wsanders')]
    [True, True, False]
    """
    words = [re.escape(w) for w in policy.webservice_hints if w]
    if not words:
        return r"(?!)"
    return rf"(^|{_BOUNDARY})({'|'.join(words)})($|{_BOUNDARY})"


def same_person(first: tuple, second: tuple, policy: Policy | None = None) -> bool:
    """Whether two accounts with one valid number are the same person, as the judging stage
    decides it (``facts_people`` in ``sql/rules.sql``): each a ``(last, first, email)``;
    the name particles, placeholder names and generic e-mail local parts are the ``policy``'s
    (default: the default policy's).

    >>> same_person(("De Wit", "Piet", None), ("de wit", "Pieter", None))
    True
    >>> same_person(("Van Damme", "Jan", None), ("Van Acker", "Jan", None))
    False
    >>> same_person(("Claes", "Els", "info@a.be"), ("Wuyts", "Bart", "Info@b.be"))
    False
    >>> same_person(("Claes", "Els", "secretariaat1@a.be"), ("Wuyts", "Bart", "secretariaat1@b.be"))
    False
    >>> same_person(("Li", "Wei", None), ("Williams", "W.", None))
    False
    >>> same_person(("Onbekend", "Jan", None), ("Onbekend", "Jan", None))
    False
    """
    return same_people([(first, second)], policy)[0]


def same_people(pairs, policy: Policy | None = None) -> list[bool]:
    """:func:`same_person` for many pairs in one go: each pair is given a number of its own
    and goes through the judging stage's own statements (``facts_people``)."""
    from dq.policy import load
    from dq.store import connect, execute

    policy = policy or load()
    rows = [
        (2 * n + side, n, *person)
        for n, pair in enumerate(pairs)
        for side, person in enumerate(pair)
    ]
    if not rows:
        return []
    con = connect()
    try:
        con.execute(QUERIES["name_macros"])
        con.execute(
            "CREATE TEMP TABLE person_names (fact_no INTEGER, number_hash INTEGER,"
            " accounts INTEGER DEFAULT 2, last_name VARCHAR, first_name VARCHAR, email VARCHAR)"
        )
        con.executemany(
            "INSERT INTO person_names (fact_no, number_hash, last_name, first_name, email)"
            " VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        execute(
            con,
            QUERIES["facts_people"],
            {
                "name_particles": list(policy.name_particles),
                "generic_email_local_parts": list(policy.generic_email_local_parts),
                "placeholder_names": list(policy.placeholder_names),
            },
        )
        found = con.execute(
            "SELECT same_person_elsewhere FROM account_people WHERE fact_no % 2 = 0"
            " ORDER BY fact_no"
        ).fetchall()
        return [bool(value) for (value,) in found]
    finally:
        con.close()


def _policy_modules(con: duckdb.DuckDBPyConnection, policy: Policy) -> None:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE policy_modules (module_id VARCHAR, requires_2fa BOOLEAN)"
    )
    rows = [(m.id, m.requires_2fa) for m in policy.modules.values()]
    if rows:
        con.executemany("INSERT INTO policy_modules VALUES (?, ?)", rows)
    con.execute(QUERIES["policy_account_types"])
    rank = {t: i for i, t in enumerate(ACCOUNT_TYPES)}
    patterns = [
        (fold(p), t, rank[t]) for t, ps in policy.account_types.items() for p in ps if p.strip()
    ]
    if patterns:
        con.executemany(QUERIES["add_account_type_pattern"], patterns)


def judge(
    con: duckdb.DuckDBPyConnection,
    as_of: datetime.date,
    policy: Policy,
    ingest: bool = False,
    new_contacts: bool = False,
) -> None:
    """Judge every account of one snapshot into the workspace tables ``judged_status`` and
    ``judged_counts`` (``sql/rules.sql``, stage by stage); :class:`dq.store.Store` writes them.

    Runs on a workspace with the store attached as ``store``. For an ``ingest`` it reads the
    new ``accounts_final``/``contacts_final`` (``new_contacts``: a contacts file came) and the
    store's rows for the date that they do not replace; otherwise the stored snapshot. The
    previous snapshot gives the failing streaks.
    """
    from dq.store import execute

    _policy_modules(con, policy)
    params = {
        "as_of": as_of,
        "new_contacts": new_contacts,
        "webservice_prefix": policy.webservice_prefix,
        "service_words": service_words_pattern(policy),
        "stale_days": policy.stale_days,
        "count_inactive": policy.count_inactive,
        "name_particles": list(policy.name_particles),
        "generic_email_local_parts": list(policy.generic_email_local_parts),
        "placeholder_names": list(policy.placeholder_names),
        "failing": list(FAILING),
    }
    skip = (  # facts and status: inside results; the policy tables: filled above
        "facts",
        "status",
        "new_rows_none" if ingest else "new_rows_ingest",
        "policy_account_types",
        "add_account_type_pattern",
    )
    for name, sql in QUERIES.items():
        if name not in skip:
            execute(con, RESULTS_SQL if name == "results" else sql, params)
