"""Fix lists: per account what to correct and where, as CSV, Excel or one file per school.

No cell can run as a formula in a spreadsheet: every value that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading single quote, in every format (also
after someone re-saves the .xlsx as CSV), and .xlsx cells are written as strings.

>>> neutralise('=HYPERLINK("x")'), neutralise('-12'), neutralise('Peeters')
('\\'=HYPERLINK("x")', "'-12", 'Peeters')
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from dq.i18n import t
from dq.identifiers import mask
from dq.rules import action_text
from dq.sqlutil import load_queries

if TYPE_CHECKING:  # pandas only where a DataFrame is made: the CLI's exports stream rows
    import pandas as pd

QUERIES = load_queries("fixlist.sql")
BATCH = 10_000

COLUMNS: tuple[str, ...] = (
    "school_id",
    "username",
    "last_name",
    "first_name",
    "email",
    "groups",
    "modules",
    "status",
    "reason",
    "flags",
    "action",
    "days_failing",
    "entered_value",
)
MARK_COLUMNS: tuple[str, ...] = ("mark", "marked_on")  # added by with_marks (dq.marks)
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A cell value as text that no spreadsheet will run as a formula."""
    import pandas as pd

    # None, NaN and pandas' NA (an empty days_failing) are empty cells, never "<NA>"
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    return "'" + text if text.startswith(_DANGEROUS) else text


def shown_value(check_digits: object, entered: object, full_values: bool) -> str:
    """The entered number as the fix list shows it: a valid one only by its check digits
    (it is not stored), an invalid one masked unless ``full_values``.

    >>> shown_value('23', None, True), shown_value(None, '1234567', False), shown_value(None, '12', True)
    ('••.••.••-•••.23', '•••••67', '12')
    """
    if isinstance(check_digits, str) and check_digits:
        return "••.••.••-•••." + check_digits
    if isinstance(entered, str) and entered:
        return mask(entered, reveal=full_values)
    return ""


def fixlist(
    store,
    as_of=None,
    lang: str | None = None,
    full_values: bool = False,
    limit: int | None = None,
    needs_action: bool | None = True,
    marked: bool = False,
    unmarked: bool = False,
    **filters,
) -> pd.DataFrame:
    """The accounts that need an action (failing status or an action flag), filtered.

    Columns are :data:`COLUMNS`; ``status``, ``reason`` and ``flags`` hold the machine codes,
    ``action`` is in ``lang``. ``needs_action=None`` lists every account the filters select.
    ``marked`` adds :data:`MARK_COLUMNS`; ``unmarked`` keeps only accounts nobody marked.
    """
    import pandas as pd

    from dq import metrics

    frame = metrics.accounts(store, as_of, needs_action=needs_action, limit=limit, **filters)
    out = pd.DataFrame(
        {
            "school_id": frame["school_id"],
            "username": frame["username"],
            "last_name": frame["last_name"],
            "first_name": frame["first_name"],
            "email": frame["email"],
            "groups": [", ".join(g) for g in frame["groups"]],
            "modules": [", ".join(m) for m in frame["modules"]],
            "status": frame["status"],
            "reason": frame["reason"],
            "flags": [",".join(f) for f in frame["flags"]],
            "action": [
                action_text(s, f, lang, r)
                for s, f, r in zip(frame["status"], frame["flags"], frame["reason"], strict=True)
            ],
            "days_failing": frame["days_failing"].astype("Int64"),
            "entered_value": [
                shown_value(c, e, full_values)
                for c, e in zip(frame["check_digits"], frame["entered_value"], strict=True)
            ],
        },
        columns=list(COLUMNS),
    )
    return with_marks(store, out, lang, unmarked) if marked or unmarked else out


def has_marks(store) -> bool:
    """Whether anybody has marked an account in this store (then fix lists show the marks)."""
    from dq import marks

    return not marks.marks(store, latest_only=True).empty


def with_marks(store, frame: pd.DataFrame, lang: str | None = None, unmarked: bool = False):
    """The fix list with each account's newest mark (kind and judgement) and its date;
    ``unmarked`` keeps only the accounts nobody has marked."""
    from dq import marks

    latest = marks.marks(store, latest_only=True)
    found = {
        (r.school_id, r.username.lower()): (
            f"{t(f'mark.kind.{r.kind}', lang)} · {t(f'judgement.{r.judgement}', lang)}",
            r.marked_at.date().isoformat(),
        )
        for r in latest.itertuples(index=False)
    }
    keys = [(s, u.lower()) for s, u in zip(frame["school_id"], frame["username"], strict=True)]
    frame = frame.assign(
        mark=[found.get(k, ("", ""))[0] for k in keys],
        marked_on=[found.get(k, ("", ""))[1] for k in keys],
    )
    if unmarked:
        frame = frame[frame["mark"] == ""].reset_index(drop=True)
    return frame


def _columns(frame: pd.DataFrame) -> list[str]:
    return list(COLUMNS) + [c for c in MARK_COLUMNS if c in frame.columns]


def rows(
    store,
    as_of=None,
    lang: str | None = None,
    full_values: bool = False,
    needs_action: bool | None = True,
    **filters,
) -> Iterator[list[str]]:
    """The fix list's rows as the text cells of an export (:data:`COLUMNS`, neutralised),
    streamed from DuckDB in batches: a list of 500,000 accounts never sits in memory whole.
    Same rows, order and cells as :func:`fixlist` written by :func:`to_csv_bytes`."""
    from dq import metrics

    as_of = metrics.resolve_as_of(store, as_of)
    params = metrics.account_filters(as_of, needs_action=needs_action, **_filter_args(filters))
    params.pop("limit")
    query = (
        QUERIES["columns"]
        + " FROM ("
        + metrics.QUERIES["accounts"].rsplit("ORDER BY", 1)[0]
        + ") ORDER BY school_id, username"
    )  # our own query texts, composed; values stay parameters
    action = functools.lru_cache(maxsize=4096)(
        lambda status, flags, reason: neutralise(
            action_text(status, flags.split(",") if flags else [], lang, reason)
        )
    )
    with store.reader() as con:
        con.execute(QUERIES["cell_macro"])
        cursor = con.execute(query, params)
        while batch := cursor.fetchmany(BATCH):
            for *cells, status, reason, flags, days, digits, entered in batch:
                yield [
                    *cells,
                    status,
                    reason or "",
                    flags,
                    action(status, flags, reason),
                    "" if days is None else str(days),
                    neutralise(shown_value(digits, entered, full_values)),
                ]


def _filter_args(filters: dict) -> dict:
    keys = ("status", "school", "module", "reason", "flag", "search")
    return {key: filters.get(key) for key in keys}


def write_csv(handle: BinaryIO, cells: Iterator[list[str]]) -> int:
    """Stream rows to a binary file as CSV for Belgian Excel; returns the number of rows."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=False)
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in cells:
        writer.writerow(row)
        count += 1
    text.flush()
    text.detach()
    return count


def write_xlsx(path: str, cells: Iterator[list[str]], lang: str | None = None) -> int:
    """Stream rows into an .xlsx (xlsxwriter's constant_memory: one row in memory at a time);
    returns the number of rows."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        path,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = book.add_worksheet(t("fix.sheet", lang))
    bold = book.add_format({"bold": True})
    for c, label in enumerate(header_labels(lang)):
        sheet.write_string(0, c, label, bold)
    count = 0
    write = sheet.write_string
    for count, row in enumerate(cells, start=1):
        for c, value in enumerate(row):
            if value:  # an empty cell is left blank: a third fewer writes, same sheet read back
                write(count, c, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(COLUMNS) - 1)
    book.close()
    return count


def _text_rows(frame: pd.DataFrame) -> list[list[str]]:
    return [[neutralise(v) for v in row] for row in frame[_columns(frame)].itertuples(index=False)]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for Belgian Excel: ';'-separated, UTF-8 with BOM, machine-name headers."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_columns(frame))
    writer.writerows(_text_rows(frame))
    return buffer.getvalue().encode("utf-8-sig")


def header_labels(lang: str | None = None, columns=COLUMNS) -> list[str]:
    """The localised header row of the .xlsx."""
    return [t(f"fix.col.{c}", lang) for c in columns]


def to_xlsx_bytes(frame: pd.DataFrame, lang: str | None = None) -> bytes:
    """An .xlsx with a localised header row; every cell written as a string."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = book.add_worksheet(t("fix.sheet", lang))
    bold = book.add_format({"bold": True})
    for c, label in enumerate(header_labels(lang, _columns(frame))):
        sheet.write_string(0, c, label, bold)
    for r, row in enumerate(_text_rows(frame), start=1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(frame), 1), len(_columns(frame)) - 1)
    book.close()
    return buffer.getvalue()


def school_file_stem(school: object) -> str:
    """A file-name-safe stem for a school id, distinct for distinct ids: when characters had
    to be replaced, a short hash of the original id is added.

    >>> school_file_stem('Sint-Jan'), school_file_stem('Sint-Jan (Gent)')
    ('Sint-Jan', 'Sint-Jan__Gent__0476bd85')
    """
    text = str(school)
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in text)
    if safe == text and safe:
        return safe
    return f"{safe[:60] or 'school'}_{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def to_zip_bytes(frame: pd.DataFrame, lang: str | None = None) -> bytes:
    """One .xlsx and one .csv per school, in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for school, part in frame.groupby("school_id", sort=True):
            safe = school_file_stem(school)
            archive.writestr(f"fixlijst_{safe}.xlsx", to_xlsx_bytes(part, lang))
            archive.writestr(f"fixlijst_{safe}.csv", to_csv_bytes(part))
    return buffer.getvalue()


def export(frame: pd.DataFrame, fmt: str, lang: str | None = None) -> bytes:
    """The fix list as ``csv``, ``xlsx`` or ``zip`` bytes."""
    if fmt == "csv":
        return to_csv_bytes(frame)
    if fmt == "xlsx":
        return to_xlsx_bytes(frame, lang)
    if fmt == "zip":
        return to_zip_bytes(frame, lang)
    raise ValueError("format must be csv, xlsx or zip")
