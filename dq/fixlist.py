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
import os
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from dq.errors import DqError
from dq.i18n import language, t
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
    """A cell value as text that no spreadsheet will run as a formula.

    >>> neutralise("=1+1"), neutralise(None), neutralise(float("nan")), neutralise(3)
    ("'=1+1", '', '', '3')
    """
    if value is None or isinstance(value, str):
        text = value or ""
    else:  # NaN and pandas' NA (an empty days_failing) are empty cells, never "<NA>"
        import pandas as pd  # only for values that came out of a DataFrame

        text = "" if pd.isna(value) else str(value)
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

    return marks.any_marks(store)


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
    query, params = _rows_query(store, as_of, needs_action, filters)
    query = QUERIES["columns"] + " FROM (" + query + ") ORDER BY school_id, username"
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


def _rows_query(store, as_of, needs_action, filters: dict) -> tuple[str, dict]:
    """The accounts query of a fix list without its order, and its parameters."""
    from dq import metrics

    as_of = metrics.resolve_as_of(store, as_of)
    params = metrics.account_filters(as_of, needs_action=needs_action, **_filter_args(filters))
    params.pop("limit")
    return metrics.QUERIES["accounts"].rsplit("ORDER BY", 1)[0], params


def _labels(status: str, reason: str, flags: str, lang: str, codes: bool) -> tuple[str, ...]:
    """The status, reason, flags and action cells of a row with these codes, as
    :func:`rows` (``codes``) or :func:`for_people` write them."""
    row = [""] * len(COLUMNS)
    row[_STATUS], row[_REASON], row[_FLAGS] = status, reason, flags
    row[_ACTION] = neutralise(action_text(status, flags.split(",") if flags else [], lang, reason))
    if not codes:
        row = next(for_people(iter([row]), lang))
    return row[_STATUS], row[_REASON], row[_FLAGS], row[_ACTION]


def copy_csv(
    store,
    path: str,
    as_of=None,
    lang: str | None = None,
    codes: bool = False,
    full_values: bool = False,
    needs_action: bool | None = True,
    **filters,
) -> int:
    """The fix list of :func:`rows` written to ``path`` as CSV by DuckDB itself (``COPY``):
    the same bytes as :func:`write_csv` over :func:`rows` (a test compares them), several
    times faster for a long list. Python labels each distinct (status, reason, flags) once
    and masks the invalid entries (:func:`dq.identifiers.mask`); returns the number of rows."""
    from dq.sqlutil import quote_identifier

    lang = language(lang)
    query, params = _rows_query(store, as_of, needs_action, filters)
    # the header row is COPY's: the columns named by its labels, the first one carrying the
    # byte order mark that Excel needs to read UTF-8
    names = header(lang, codes)
    names[0] = "\ufeff" + names[0]
    named = ", ".join(quote_identifier(name) for name in names)
    # our own query and quoted names; the values and the path are parameters
    copy = (
        f"COPY (SELECT * FROM ({QUERIES['copy_out']}) AS fix({named}))"  # noqa: S608
        " TO $path (FORMAT csv, DELIMITER ';', QUOTE '\"', HEADER true, NEW_LINE '\r\n')"
    )
    with store.reader() as con:
        con.execute(QUERIES["cell_macro"])
        # COPY writes fix_rows in the order it was stored in (DuckDB's default, made explicit)
        con.execute("SET preserve_insertion_order = true")
        found = con.execute(QUERIES["copy_codes"].replace("{accounts}", query), params).fetchall()
        keys = ["\x1f".join(codes_found) for codes_found in found]  # as copy_rows joins them
        labels = [_labels(*codes_found, lang, codes) for codes_found in found]
        lists = {
            f"{cell}_cells": [label[n] for label in labels]
            for n, cell in enumerate(("status", "reason", "flags", "action"))
        }
        con.create_function(
            "dq_fix_mask", lambda value: mask(value, reveal=full_values), ["VARCHAR"], "VARCHAR"
        )
        try:
            con.execute(
                QUERIES["copy_rows"].replace("{accounts}", query), {**params, "label_keys": keys}
            )
            (count,) = con.execute(copy, {**lists, "path": str(path)}).fetchone()
        finally:
            con.execute("DROP TABLE IF EXISTS fix_rows")
            con.remove_function("dq_fix_mask")
    return count


# where the cells of the machine form sit (extra columns, e.g. follow-up marks, come after)
_STATUS, _REASON, _FLAGS, _ACTION, _DAYS = (
    COLUMNS.index(c) for c in ("status", "reason", "flags", "action", "days_failing")
)
# the columns with few distinct texts (our labels and actions, schools, groups, modules):
# shared strings in an .xlsx
_REPEATED = frozenset(
    COLUMNS.index(c)
    for c in ("school_id", "groups", "modules", "status", "reason", "flags", "action")
)
# .xlsx column widths (characters), by column; a column not listed gets 16
WIDTHS = {
    "school_id": 10,
    "username": 24,
    "last_name": 18,
    "first_name": 14,
    "email": 28,
    "groups": 22,
    "modules": 22,
    "status": 22,
    "reason": 24,
    "flags": 28,
    "action": 70,
    "days_failing": 12,
    "entered_value": 18,
}


def actions(status: str, flags: list[str], lang: str | None = None, reason=None) -> list[str]:
    """Every action that applies to an account, one per status or flag: its status's (for an
    invalid number, its reason's), then each flag's that asks for something.

    >>> len(actions('missing', ['stale'], 'en')), actions('ready', [], 'en')
    (2, ['Nothing to do.'])
    """
    from dq.rules import RULES

    lang = language(lang)
    found = [action_text(status, [], lang, reason)]
    for flag in flags:
        rule = RULES.get(flag)
        if rule is not None and not rule.action[lang].startswith(_NOTHING):
            found.append(rule.action[lang])
    if len(found) > 1 and found[0].startswith(_NOTHING):
        found = found[1:]
    return list(dict.fromkeys(found))


_NOTHING = ("Niets te doen", "Nothing to do")


def for_people(cells: Iterator[list[str]], lang: str | None = None) -> Iterator[list[str]]:
    """Rows of the machine form (codes) as people read them: status, reason and flags as
    labels in ``lang``, every action on its own line. Extra columns pass through."""
    from dq import rules

    lang = language(lang)

    @functools.lru_cache(maxsize=4096)
    def labels(status: str, reason: str, flags: str) -> tuple[str, str, str, str]:
        """The status, reason, flags and action cells of a row with these codes."""
        codes = [x for x in flags.split(",") if x]
        return (
            neutralise(rules.label(status, lang)),
            neutralise(t(f"reason.{reason}", lang)) if reason else "",
            neutralise(", ".join(rules.label(x, lang) for x in codes)),
            neutralise("\n".join(actions(status, codes, lang, reason or None))),
        )

    for row in cells:
        out = list(row)
        out[_STATUS], out[_REASON], out[_FLAGS], out[_ACTION] = labels(
            row[_STATUS], row[_REASON], row[_FLAGS]
        )
        yield out


def file_name(as_of, extension: str, school=None, lang: str | None = None) -> str:
    """The name of a fix-list file: the school (when one) and the snapshot date in it.

    >>> file_name('2026-11-27', 'xlsx', '075865')
    'fixlijst_075865_2026-11-27.xlsx'
    >>> file_name('2026-11-27', 'zip', lang='en')
    'fixlist_2026-11-27.zip'
    """
    parts = [t("fix.file_stem", lang)]
    if school is not None:
        parts.append(school_file_stem(school))
    if as_of is not None:
        parts.append(str(as_of)[:10])
    return "_".join(parts) + "." + extension


def _filter_args(filters: dict) -> dict:
    keys = ("status", "school", "module", "reason", "flag", "search")
    return {key: filters.get(key) for key in keys}


def header(lang: str | None = None, codes: bool = False, columns=COLUMNS) -> list[str]:
    """The header row: the column names with ``codes``, else their labels in ``lang``.

    >>> header('nl')[:2], header(codes=True)[:2]
    (['School', 'Gebruikersnaam'], ['school_id', 'username'])
    """
    return list(columns) if codes else header_labels(lang, columns)


def write_csv(
    handle: BinaryIO,
    cells: Iterator[list[str]],
    lang: str | None = None,
    codes: bool = False,
    columns=COLUMNS,
) -> int:
    """Stream rows to a binary file as CSV for Belgian Excel; returns the number of rows.
    ``codes``: the machine form (column names, codes); else labels in ``lang``; ``columns``:
    the columns the rows hold (the fix list's, then any mark columns)."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=False)
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(header(lang, codes, columns))
    count = 0
    for row in cells if codes else for_people(cells, lang):
        writer.writerow(row)
        count += 1
    text.flush()
    text.detach()
    return count


def _xlsx_sheet(book, lang: str | None, codes: bool, columns=COLUMNS):
    """The sheet with its header row written, frozen and filtered, and column widths set
    (before any row: constant_memory writes rows as they come)."""
    from dq.xlsx import TextRows

    sheet = book.add_worksheet(t("fix.sheet", lang), worksheet_class=TextRows)
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    top = book.add_format({"valign": "top"})
    for c, name in enumerate(columns):
        sheet.set_column(c, c, WIDTHS.get(name, 16), wrap if name == "action" else top)
    for c, label in enumerate(header(lang, codes, columns)):
        sheet.write_string(0, c, label, bold)
    sheet.freeze_panes(1, 0)
    return sheet


def _write_xlsx_rows(sheet, cells: Iterator[list[str]]) -> int:
    """Write the rows under the header (:meth:`dq.xlsx.TextRows.write_text_rows`): days as
    numbers, everything else as text; returns the number of rows and sets the filter over
    them and every column of the header."""
    from dq.xlsx import TooManyRows

    try:
        count = sheet.write_text_rows(cells, _DAYS, _REPEATED)
    except TooManyRows:
        raise DqError("fix_too_many_rows") from None
    sheet.autofilter(0, 0, max(count, 1), sheet.dim_colmax)
    return count


def write_xlsx(
    target: str | BinaryIO,
    cells: Iterator[list[str]],
    lang: str | None = None,
    codes: bool = False,
    columns=COLUMNS,
) -> int:
    """Stream rows into an .xlsx file or buffer (xlsxwriter's constant_memory: one row in
    memory at a time); returns the number of rows. A list longer than a sheet holds raises
    :class:`DqError`. xlsxwriter's temporary files (the rows, the workbook's parts) go to a
    folder of this call's own (readable by this user only), removed whatever happens; a
    file this call started and could not finish is removed."""
    import shutil
    import tempfile

    import xlsxwriter

    new_file = isinstance(target, str) and not os.path.exists(target)
    folder = tempfile.mkdtemp(prefix="dq-xlsx-")
    try:
        book = xlsxwriter.Workbook(target, {"constant_memory": True, "tmpdir": folder})
        sheet = _xlsx_sheet(book, lang, codes, columns)
        try:
            count = _write_xlsx_rows(sheet, cells if codes else for_people(cells, lang))
        except BaseException:
            sheet.discard()  # close the rows' temporary file before its folder goes
            raise
        book.close()
    except BaseException:
        if new_file and os.path.exists(target):
            os.remove(target)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return count


def _text_rows(frame: pd.DataFrame) -> list[list[str]]:
    return [[neutralise(v) for v in row] for row in frame[_columns(frame)].itertuples(index=False)]


def to_csv_bytes(frame: pd.DataFrame, lang: str | None = None, codes: bool = False) -> bytes:
    """CSV for Belgian Excel: ';'-separated, UTF-8 with BOM; labels in ``lang`` unless
    ``codes`` (the machine form: column names and codes)."""
    buffer = io.BytesIO()
    write_csv(buffer, iter(_text_rows(frame)), lang, codes, _columns(frame))
    return buffer.getvalue()


def header_labels(lang: str | None = None, columns=COLUMNS) -> list[str]:
    """The localised header row (a column without a label keeps its name)."""
    from dq.i18n import has

    return [t(f"fix.col.{c}", lang) if has(f"fix.col.{c}") else c for c in columns]


def to_xlsx_bytes(frame: pd.DataFrame, lang: str | None = None, codes: bool = False) -> bytes:
    """An .xlsx: header frozen and filtered, widths set, days as numbers, text as text."""
    buffer = io.BytesIO()
    write_xlsx(buffer, iter(_text_rows(frame)), lang, codes, _columns(frame))
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


def to_zip_bytes(
    frame: pd.DataFrame, lang: str | None = None, codes: bool = False, as_of=None
) -> bytes:
    """One .xlsx and one .csv per school, in a zip, named by school and date."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for school, part in frame.groupby("school_id", sort=True):
            archive.writestr(
                file_name(as_of, "xlsx", school, lang), to_xlsx_bytes(part, lang, codes)
            )
            archive.writestr(file_name(as_of, "csv", school, lang), to_csv_bytes(part, lang, codes))
    return buffer.getvalue()


def export(
    frame: pd.DataFrame, fmt: str, lang: str | None = None, codes: bool = False, as_of=None
) -> bytes:
    """The fix list as ``csv``, ``xlsx`` or ``zip`` bytes: for people (labels in ``lang``)
    unless ``codes`` (the machine form)."""
    if fmt == "csv":
        return to_csv_bytes(frame, lang, codes)
    if fmt == "xlsx":
        return to_xlsx_bytes(frame, lang, codes)
    if fmt == "zip":
        return to_zip_bytes(frame, lang, codes, as_of)
    raise ValueError("format must be csv, xlsx or zip")


# On screen: who, what to do, then the details.
SCREEN_COLUMNS: tuple[str, ...] = (
    "last_name",
    "first_name",
    "username",
    "school_id",
    "action",
    "status",
    "reason",
    "flags",
    "days_failing",
    "email",
    "groups",
    "modules",
    "entered_value",
)


def for_screen(frame: pd.DataFrame, lang: str | None = None, policy=None) -> pd.DataFrame:
    """A fix list (machine form) as a table for people: who, what to do, then details, with
    labelled columns and cells (modules by the policy's names), empty cells empty."""
    import pandas as pd

    from dq.formatting import module_label

    columns = _columns(frame)  # the fix list's, then any mark columns
    rows = list(for_people(iter(_text_rows(frame)), lang))
    people = pd.DataFrame(rows, columns=columns)
    people["days_failing"] = ["" if pd.isna(d) else str(int(d)) for d in frame["days_failing"]]
    people["modules"] = [
        ", ".join(module_label(m.strip(), policy) for m in str(ms).split(",") if m.strip())
        for ms in people["modules"]
    ]
    shown = [*SCREEN_COLUMNS, *(c for c in columns if c not in COLUMNS)]
    people = people[shown]
    people.columns = header_labels(lang, shown)
    return people
