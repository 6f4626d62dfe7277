"""The demo store's observable results, as one JSON document: the golden comparison.

Every account (as ``dq accounts --json`` prints it, plus the fix-list columns), ``dq metrics
--json``, every fix-list row and the diff of consecutive snapshots, for each demo snapshot.
Nothing here holds a valid number: the store keeps none, and fix lists show check digits.

Regenerate after an intended change (and say why in the commit)::

    .venv/bin/python -m tests.golden_demo > tests/fixtures/demo_golden.json
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import tempfile
from pathlib import Path

END = datetime.date(2026, 11, 27)


def build(folder: Path):
    """The demo school group, ingested week by week, as the tests' ``demo_store`` builds it."""
    from dq import demo
    from dq.ingest import ingest
    from dq.policy import load_text
    from dq.store import Store

    files = demo.generate(folder / "exports", end=END)
    store = Store(folder / "demo.duckdb")
    for users, contacts in zip(files[0::2], files[1::2], strict=True):
        ingest(store, [users, contacts], policy=load_text(demo.DEMO_POLICY))
    return store


def _plain(value):
    import pandas as pd

    if hasattr(value, "tolist"):
        value = value.tolist()
    if not isinstance(value, list | tuple) and pd.isna(value):
        return None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def dump(store) -> dict:
    """Everything the golden file compares, per snapshot date."""
    from dq import fixlist, metrics

    dates = [d.isoformat() for d in store.snapshots()["as_of"].dt.date]
    result: dict = {}
    for index, date in enumerate(dates):
        frame = metrics.accounts(store, date)
        columns = [
            "school_id",
            "username",
            "modules",
            "status",
            "reason",
            "flags",
            "days_failing",
            "number_kind",
            "check_digits",
            "number_source",
            "metric_modules",
        ]
        # one line per account keeps the file small and its diffs readable
        accounts = [
            json.dumps([_plain(getattr(row, c)) for c in columns], ensure_ascii=False)
            for row in frame.itertuples(index=False)
        ]
        fix = fixlist.to_csv_bytes(fixlist.fixlist(store, date, lang="en"), codes=True)
        entry = {
            "account_columns": columns,
            "metrics": metrics.metrics_json(store, date),
            "accounts": accounts,
            "fixlist_csv": fix.decode("utf-8-sig").splitlines(),
        }
        if index:
            changes = metrics.diff(store, dates[index - 1], date)
            entry["diff_from_previous"] = {
                change: [
                    f"{r.school_id}/{r.username}"
                    for r in changes[changes.change == change].itertuples()
                ]
                for change in metrics.CHANGES
            }
        result[date] = entry
    return result


def main() -> None:
    os.environ.setdefault("DQ_SECRET_KEY", b"sleutelklaar-test-key".hex())  # as conftest.py
    with tempfile.TemporaryDirectory() as folder:
        store = build(Path(folder))
        json.dump(dump(store), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
        sys.stdout.write("\n")


if __name__ == "__main__":
    main()
