"""The questions the API and the CLI accept: a snapshot date that exists, filter values that
exist. One validation for both, so a typo (``--status mising``) is refused with the accepted
values instead of answered with an empty list.

Accepted values per filter: ``status`` the status ids of ``dq/rules.toml``, ``flag`` its flag
ids, ``reason`` the reason codes of :data:`dq.identifiers.REASONS`, ``school`` and ``module``
the ones in the snapshot (modules also those of the policy; ``unknown`` for accounts
without a recognised module).

>>> accepted_codes('status')[:3]
('exempt', 'inactive', 'not_required')
>>> FilterError('unknown_filter', option='status', value='mising', accepted='missing').message('en')
"Unknown status: 'mising'. Accepted: missing."
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from dq.errors import DqError
from dq.sqlutil import load_queries

QUERIES = load_queries("filters.sql")
FILTERS: tuple[str, ...] = ("status", "reason", "flag", "module", "school")


class FilterError(DqError, ValueError):
    """A filter value or snapshot date that does not exist; the message lists what does."""


def accepted_codes(name: str) -> tuple[str, ...]:
    """The codes a ``status``, ``flag`` or ``reason`` filter accepts (from the rules)."""
    from dq import rules

    if name == "status":
        return rules.STATUS_IDS
    if name == "flag":
        return tuple(f.id for f in rules.FLAGS)
    if name == "reason":
        from dq.identifiers import REASONS

        return REASONS
    raise ValueError(f"no fixed codes for {name}")


def snapshot_dates(store) -> list[datetime.date]:
    """The dates of the store's snapshots, oldest first (none for a missing file)."""
    if not store.exists():
        return []
    with store.reader() as con:
        return [d for (d,) in con.execute(QUERIES["snapshot_dates"]).fetchall()]


def as_date(value) -> datetime.date:
    """A date from a ``date``, ``datetime``, pandas ``Timestamp`` or ISO text.

    >>> as_date('2026-11-27'), as_date(datetime.datetime(2026, 11, 27, 8))
    (datetime.date(2026, 11, 27), datetime.date(2026, 11, 27))
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if hasattr(value, "date") and callable(value.date):  # pandas Timestamp
        return value.date()
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise FilterError("bad_snapshot_date", value=str(value)) from None


def snapshot_date(store, as_of=None) -> datetime.date | None:
    """The snapshot to answer about: ``as_of`` when a snapshot of that date exists, the
    latest when ``as_of`` is None (None for an empty store); any other date is refused,
    listing the dates that exist (never a silent nearest)."""
    dates = snapshot_dates(store)
    if as_of is None:
        return dates[-1] if dates else None
    wanted = as_date(as_of)
    if wanted not in dates:
        raise FilterError(
            "no_snapshot",
            date=wanted.isoformat(),
            dates=", ".join(d.isoformat() for d in dates) or "–",
        )
    return wanted


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def accepted(store, as_of, name: str) -> tuple[str, ...]:
    """The values filter ``name`` accepts in the snapshot of ``as_of`` (a resolved date)."""
    if name in ("status", "flag", "reason"):
        return accepted_codes(name)
    if as_of is None:
        found: list[str] = []
    else:
        with store.reader() as con:
            found = [v for (v,) in con.execute(QUERIES[f"{name}s"], {"as_of": as_of}).fetchall()]
    if name == "module":
        found = sorted({*found, *store.policy().modules})
    return tuple(found)


def normalise(store, filters: dict) -> None:
    """Module filters given by the name people see (the policy's label, in any case, e.g.
    ``iRegistratie`` or ``Leerlingenadministratie``) become the module's id, in place."""
    values = _as_list(filters.get("module"))
    if not values:
        return
    modules = store.policy().modules.values()
    by_name = {m.label.casefold(): m.id for m in modules} | {m.id.casefold(): m.id for m in modules}
    mapped = [by_name.get(v.casefold(), v) for v in values]
    filters["module"] = mapped[0] if isinstance(filters["module"], str) else mapped


def validate(store, as_of, **filters) -> None:
    """Refuse any value of the ``status``, ``reason``, ``flag``, ``module`` and ``school``
    filters that the snapshot of ``as_of`` does not know, naming the accepted values; other
    keyword arguments (``search``, ``needs_action``, ...) pass unchecked."""
    for name in FILTERS:
        values = _as_list(filters.get(name))
        if not values:
            continue
        known = accepted(store, as_of, name)
        for value in values:
            if value not in known:
                raise FilterError(
                    "unknown_filter", option=name, value=value, accepted=", ".join(known) or "–"
                )
