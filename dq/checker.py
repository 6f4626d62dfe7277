"""The number checker: many typed or pasted values, one readable verdict each.

Shared by the ``dq check`` table and the "Nummer controleren" page.

>>> frame = verdict_table(['90010100123', 'abc'], lang='en')
>>> list(frame['verdict'])
['valid', 'invalid']
>>> frame.loc[1, 'explanation']
'contains characters that are not digits (or only zeros)'
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dq import identifiers
from dq.i18n import t

COLUMNS = ("input", "number", "verdict", "kind", "explanation", "todo")


def split_values(text: str) -> list[str]:
    """The values in pasted text: one per line; blank lines are skipped.

    >>> split_values(' 1 \\n\\n2\\r\\n')
    ['1', '2']
    """
    return [line.strip() for line in text.splitlines() if line.strip()]


def printable(value: object) -> str:
    """A value as text that can always be printed: what is not UTF-8 (a lone surrogate from a
    command-line argument) is shown as an escape.

    >>> printable('12\\udcff'), printable(None), printable(7)
    ('12\\\\udcff', '', '7')
    """
    text = identifiers._as_text(value) or ""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def verdict_table(values: Iterable[object], lang: str = "nl", reveal: bool = False) -> pd.DataFrame:
    """One row per value with its verdict, explanation and what to do; numbers masked.

    Column names are the machine names in :data:`COLUMNS`; ``column_labels`` gives the
    localised headers.
    """
    rows = []
    for raw in values:
        verdict = identifiers.check(raw)
        text = printable(raw)
        status = "valid" if verdict.valid else verdict.reason
        notes = [t(f"flag.{flag}", lang) for flag in verdict.flags]
        rows.append(
            {
                "input": identifiers.mask(text, reveal),
                "number": identifiers.mask(verdict.number, reveal),
                "verdict": t("check.valid", lang) if verdict.valid else t("check.invalid", lang),
                "kind": t(f"kind.{verdict.kind}", lang) if verdict.kind else "",
                "explanation": "; ".join(
                    ([] if verdict.valid else [t(f"reason.{status}", lang)]) + notes
                ),
                "todo": t(f"todo.{status}", lang),
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def column_labels(lang: str = "nl") -> dict[str, str]:
    """Localised headers for :func:`verdict_table`'s columns.

    >>> column_labels('nl')['todo']
    'wat te doen'
    """
    return {column: t(f"check.col.{column}", lang) for column in COLUMNS}
