"""Ingest: users and contacts exports in, one snapshot in the store, atomically.

All the reading, checking and collapsing happens in an in-memory workspace; the store file
is attached only for the final transaction, which replaces the date's data for the schools
in the files (and its contacts). Any error before or during that transaction leaves the
store exactly as it was. A file whose content was already ingested for the date with the same
options (kind, default school, policy) is skipped; with other options it is loaded again.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import dq
from dq import readers, rules
from dq.columns import (
    CANONICAL,
    MODULE_LABELS,
    SYNONYMS,
    TYPE_NEGATIONS,
    TYPE_WORDS,
    HeaderMapping,
    map_headers,
    normalise_header,
)
from dq.db import duckdb
from dq.errors import DqError
from dq.formatting import number
from dq.i18n import Verbatim, t
from dq.identifiers import redact
from dq.policy import Policy
from dq.policy import load as load_policy
from dq.privacy import KeyProblem, load_key
from dq.readers import ReadError
from dq.sqlutil import load_queries, quote_identifier
from dq.store import Store, StoreError, execute

QUERIES = load_queries("ingest.sql")
DEFAULT_SCHOOL = "school"

_DATE_IN_NAME = (
    (re.compile(r"(?<!\d)(20\d\d)-(\d\d)-(\d\d)(?!\d)"), ("y", "m", "d")),
    (re.compile(r"(?<!\d)(20\d\d)(\d\d)(\d\d)(?!\d)"), ("y", "m", "d")),
    (re.compile(r"(?<!\d)(\d\d)-(\d\d)-(20\d\d)(?!\d)"), ("d", "m", "y")),
)

Progress = Callable[[str, float], None]


def date_from_name(name: str) -> datetime.date | None:
    """The export date in a file name: 2026-11-20, 20261120 or 20-11-2026.

    >>> date_from_name('gebruikers_20261120.csv'), date_from_name('export 20-11-2026.xlsx')
    (datetime.date(2026, 11, 20), datetime.date(2026, 11, 20))
    >>> date_from_name('gebruikers.csv') is None
    True
    """
    for pattern, order in _DATE_IN_NAME:
        found = pattern.search(name)
        if found:
            parts = dict(zip(order, map(int, found.groups()), strict=True))
            try:
                return datetime.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                continue
    return None


@dataclass
class FileReport:
    """What happened to one file."""

    name: str
    kind: str
    detected: str
    rows_read: int = 0
    accounts: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    schools: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    skipped: bool = False
    reapplied: bool = False  # same content as before, loaded again: the options differ
    options: str = ""  # digest of the options it was read with
    sha256: str = ""
    size_bytes: int = 0
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    staged_as: int | None = field(default=None, repr=False, compare=False)  # its file_no
    # kept open until the report is made (its rows' numbers may not be its lines)
    source: readers.Source | None = field(default=None, repr=False, compare=False)

    def summary(self, lang: str | None = None) -> str:
        """One line for people."""
        if self.skipped:
            return t("ingest.skipped", lang, file=self.name)
        mapped = ", ".join(f"{h}→{c}" for h, c in self.mapping.items())
        line = t(
            "ingest.file_summary",
            lang,
            file=self.name,
            kind=t(f"kind_file.{self.kind}", lang),
            rows=number(self.rows_read, lang),
            accounts=number(self.accounts, lang),
            detected=self.detected_text(lang),
            mapping=mapped,
        )
        # the notice is a line of its own, not glued to the list of columns
        return line + "\n" + t("ingest.reapplied", lang) if self.reapplied else line

    def detected_text(self, lang: str | None = None) -> str:
        """What was detected in the file (encoding and delimiter, or the sheet), in ``lang``."""
        if self.sheet is None and self.delimiter is None:
            return self.detected
        return detected_text(self.encoding, self.delimiter, self.sheet, lang)


def detected_text(
    encoding: str | None, delimiter: str | None, sheet: str | None, lang: str | None = None
) -> str:
    """What was detected in a file, for people in ``lang``: the sheet of a workbook, else the
    encoding and delimiter of a CSV (:func:`preview` gives the three).

    >>> detected_text('utf-8', ';', None, 'en'), detected_text(None, None, 'Blad1', 'nl')
    ("utf-8, delimiter ';'", "xlsx, blad 'Blad1'")
    """
    if sheet is not None:
        return t("ingest.detected_sheet", lang, sheet=sheet)
    shown = {"\t": "tab"}.get(delimiter or "", delimiter)
    return t("ingest.detected_csv", lang, encoding=encoding, delimiter=shown)


def warning_text(warning: dict, lang: str | None = None) -> str:
    """A file's warning (``{"code": ..., details}``, as the report and the store keep it) as
    people read it in ``lang``; list details joined, and redacted as shown (:func:`dq.i18n.t`):
    values masked one by one may still make a number together (``600101, 78960``). Line
    numbers are shown as they are.

    >>> warning_text({"code": "unmapped_headers", "headers": ["A", "B"]}, "en").count("A, B")
    1
    >>> warning_text({"code": "unmapped_headers", "headers": ["600101", "78960"]}, "en")
    'columns not used: ••.••.••-•••.60'
    """
    details = {k: (", ".join(v) if isinstance(v, list) else v) for k, v in warning.items()}
    details.pop("code")
    if "lines" in details:  # line numbers: shown as they are, whatever their list reads as
        details["lines"] = Verbatim(details["lines"])
    if isinstance(details.get("count"), int):  # a count as the language writes it
        details["count"] = number(details["count"], lang)
    return t(f"warning.{warning['code']}", lang, **details)


@dataclass
class IngestReport:
    """What an ingest did: the snapshot date (and where it came from) and each file."""

    as_of: datetime.date
    as_of_source: str  # option | filename | today
    files: list[FileReport]

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return any(not f.skipped for f in self.files)


class IngestError(DqError):
    """A file that cannot be ingested; nothing was written."""


def _check_mapping(source: readers.Source, mapping: HeaderMapping) -> None:
    if len(source.headers) <= 1:  # an export always has a username and a number column
        raise IngestError("wrong_delimiter", file=source.name)
    if mapping.duplicates:
        canonical, headers = next(iter(mapping.duplicates.items()))
        raise IngestError(
            "duplicate_headers", file=source.name, column=canonical, headers=", ".join(headers)
        )
    if mapping.kind == "users" and not mapping.has("username"):
        raise IngestError(
            "no_username",
            file=source.name,
            seen=", ".join(h for h in source.headers if h) or "-",
            accepted=", ".join(SYNONYMS["username"]),
        )
    if not (mapping.has("national_number") or mapping.has("bis_number")):
        raise IngestError(
            "no_number_column",
            file=source.name,
            accepted=", ".join(SYNONYMS["national_number"][:6] + SYNONYMS["bis_number"][:2]),
        )


def preview(
    path: str | Path,
    name: str | None = None,
    data: bytes | None = None,
    kind: str | None = None,
    policy: Policy | None = None,
) -> dict:
    """What an ingest would detect in a file, without writing anything (for the import page).

    Raises :class:`ReadError` or :class:`IngestError` like an ingest would.
    """
    policy = policy or load_policy()
    source = readers.open_source(path, name=name, data=data)
    try:
        mapping = map_headers(source.headers, policy.columns, kind)
        _check_mapping(source, mapping)
        return {
            "file": source.name,
            "kind": mapping.kind,
            "detected": source.describe(),
            "encoding": source.encoding,
            "delimiter": source.delimiter,
            "sheet": source.sheet,
            "mapping": _masked_mapping(mapping),
            "unmapped": [redact(h) for h in mapping.unmapped],
        }
    finally:
        source.close()


def _stage(
    con: duckdb.DuckDBPyConnection,
    source: readers.Source,
    mapping: HeaderMapping,
    kind: str,
    file_no: int,
    skip_bad_rows: bool = False,
) -> int:
    """Append a file's rows to the kind's staging table, in one pass: only the canonical
    columns the file has (the table grows a column when a file brings a new one; the view
    :func:`_staged_views` gives the others as NULL) and the file's number, not its name:
    constant cells took 180 of 430 MB at a million accounts."""
    table = f"{kind}_stage"
    present = [c for c in CANONICAL if mapping.has(c)]
    # the cells of columns no canonical column takes, by position (their headers may be empty
    # or repeated): only checked for numbers (the flag number_in_text), never kept
    others = [
        f"CAST(#{position} AS VARCHAR)"  # the file's first column is #1
        for position, header in enumerate(source.headers, start=1)
        if header not in mapping.columns
    ]
    have = _staged_columns(con, table)
    for column in present:
        if column not in have:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {quote_identifier(column)} VARCHAR")
    if others and "other_cells" not in have:
        con.execute(f"ALTER TABLE {table} ADD COLUMN other_cells VARCHAR[]")
    select = ", ".join(
        ["$file_no AS file_no"]
        + [f"{quote_identifier(mapping.header_for(c))} AS {quote_identifier(c)}" for c in present]
        + (["[" + ", ".join(others) + "]::VARCHAR[] AS other_cells"] if others else [])
    )
    into = ["file_no", *present] + (["other_cells"] if others else [])
    rows = readers.insert_rows(
        con, source, table, select, {"file_no": file_no}, skip_bad_rows, into=into
    )
    # where its rows start: a row's number is its position in the file (insert_rows)
    con.execute(
        f"INSERT INTO staged_files SELECT $no, $name, min(rowid) FROM {table} WHERE file_no = $no",  # noqa: S608
        {"no": file_no, "name": source.name},
    )
    if rows == 0 and source.skipped_lines:  # --skip-bad-rows left nothing: say so
        raise IngestError(
            "all_rows_skipped",
            file=source.name,
            count=len(source.skipped_lines),
            expected=len(source.headers),
            line=source.skipped_lines[0],
        )
    if rows == 0:
        raise IngestError("no_rows", file=source.name)
    return rows


def _staged_columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'temp' AND table_name = ?",
            [table],
        ).fetchall()
    }


def _staged_views(con: duckdb.DuckDBPyConnection) -> None:
    """``users_raw`` and ``contacts_raw``: every canonical column of the staged rows, NULL
    where no file had it, each row's number and whether any of its cells is filled
    (``has_cells``: a sheet's empty row is none); what the stages in ingest.sql read."""
    starts = con.execute("SELECT file_no, first_rowid FROM staged_files").fetchall()
    # a row's number: its position in its file (rowid - the file's first + 2), unless
    # insert_rows had to write it (rows taken out or refused)
    offset = " ".join(f"WHEN {int(no)} THEN {2 - int(first or 0)}" for no, first in starts)
    row_no = f"coalesce(row_no, rowid + CASE file_no {offset} END)" if starts else "row_no"
    for kind in ("users", "contacts"):
        have = _staged_columns(con, f"{kind}_stage")
        columns = ", ".join(
            (quote_identifier(c) if c in have else f"NULL::VARCHAR AS {quote_identifier(c)}")
            for c in CANONICAL
        )
        other = "other_cells" if "other_cells" in have else "[]::VARCHAR[] AS other_cells"
        filled = [f"nullif(trim({quote_identifier(c)}), '')" for c in CANONICAL if c in have]
        has_cells = " OR ".join(
            ([f"coalesce({', '.join(filled)}) IS NOT NULL"] if filled else [])
            + (
                ["len(list_filter(other_cells, lambda c: nullif(trim(c), '') IS NOT NULL)) > 0"]
                if "other_cells" in have
                else []
            )
        )
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {kind}_raw AS "  # noqa: S608 - names only
            f"SELECT {row_no} AS row_no, file_no, {columns}, {other}, "
            f"coalesce({has_cells or 'false'}, false) AS has_cells FROM {kind}_stage"
        )


USER_STAGES = (
    "file_stats",
    "file_accounts",
    "cell_values",
    "unknown_active",
    "user_accounts",
    "number_variants",
    "group_sets",
    "module_sets",
)
USER_STAGES += ("contact_sets", "number_verdicts", "accounts_final")
CONTACT_STAGES = ("contacts_collapsed", "contacts_final")


def _workspace_tables(con: duckdb.DuckDBPyConnection, policy: Policy) -> None:
    labels = dict(MODULE_LABELS)
    for module in policy.modules.values():
        labels.setdefault(module.id, ())
        labels[module.id] = (*labels[module.id], module.label, module.id)
    rows = [
        (normalise_header(label), module_id)
        for module_id, names in labels.items()
        for label in names
    ]
    execute(con, QUERIES["workspace_tables"])
    con.executemany(QUERIES["add_module_label"], sorted(set(rows)))
    pairs = [(p, m) for p, modules in policy.groups.items() for m in modules]
    if pairs:
        con.executemany(QUERIES["add_group_pattern"], pairs)
    # staging: the files' rows, a column per canonical column a file has (see _stage)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staged_files "
        "(file_no INTEGER, file_name VARCHAR, first_rowid BIGINT)"
    )
    for kind in ("users", "contacts"):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {kind}_stage (row_no BIGINT, file_no INTEGER)")


def ingest(
    store: Store,
    paths: Sequence[str | Path],
    as_of: datetime.date | str | None = None,
    school: str | None = None,
    kind: str | None = None,
    policy: Policy | None = None,
    progress: Progress | None = None,
    uploads: Sequence[tuple[str, bytes]] | None = None,
    skip_bad_rows: bool = False,
) -> IngestReport:
    """Ingest users and contacts files as one snapshot; see the module docstring.

    ``uploads`` gives (name, bytes) pairs instead of paths (the import page). Raises
    :class:`ReadError`, :class:`IngestError` or :class:`dq.store.StoreError`; in every case
    the store is unchanged.
    """
    policy_text = policy.text if policy is not None else None  # a given policy is saved
    policy = policy or store.policy()
    report_progress = progress or (lambda stage, fraction: None)
    items = [(Path(p), None, None) for p in paths] + [(Path(n), n, d) for n, d in (uploads or [])]
    if isinstance(as_of, str):
        as_of = datetime.date.fromisoformat(as_of)
    as_of_source = "option"
    if as_of is None:
        named = next((d for d in (date_from_name(p.name) for p, _, _ in items) if d), None)
        as_of, as_of_source = (named, "filename") if named else (datetime.date.today(), "today")
    # a store that already holds hashes needs its own key back, never a new one
    keyed, already = store.ingest_state(as_of)
    if policy_text is not None and policy_text != store.policy().text:
        already = {sha: set() for sha in already}  # a new policy to keep: apply, never skip
    options = _options_digest(kind, school, policy)
    key = load_key(create=not keyed)
    ipad, opad = key.pads()
    reports: list[FileReport] = []
    with store.workspace(today=as_of) as con, contextlib.ExitStack() as kept_open:
        _workspace_tables(con, policy)
        for index, (path, name, data) in enumerate(items):
            report_progress("read", index / max(len(items), 1))
            reports.append(
                _read_file(
                    con, path, name, data, kind, policy, already, options, skip_bad_rows, key
                )
            )
            kept_open.callback(_release, reports[-1])
        if all(r.skipped for r in reports):
            return IngestReport(as_of, as_of_source, reports)
        report_progress("check", 0.5)
        _staged_views(con)
        users = [r for r in reports if r.kind == "users" and not r.skipped]
        contacts = [r for r in reports if r.kind == "contacts" and not r.skipped]
        params = {
            "as_of": as_of,
            "default_school": school or DEFAULT_SCHOOL,
            "ipad": ipad,
            "opad": opad,
            "has_login_column": bool(con.execute(QUERIES["has_login_column"]).fetchone()[0]),
            "several_files": len(users) > 1,
            "inactive_values": list(policy.inactive_values),
            "active_values": list(policy.active_values),
            "inactive_any_row": policy.inactive_if == "any_row",
            "type_webservice": list(TYPE_WORDS["webservice"]),
            "type_internal": list(TYPE_WORDS["internal"]),
            "type_external": list(TYPE_WORDS["external"]),
            "type_negations": list(TYPE_NEGATIONS),
        }
        if users:
            for stage in USER_STAGES:
                if stage != "file_accounts" or len(users) > 1:
                    execute(con, QUERIES[stage], params)
                if stage == "number_variants":  # the report: masked schools, variants
                    _user_warnings(con, users)
        if contacts and not users and not store.has_users_export(as_of):
            # contacts hang on accounts: alone, they would make a snapshot without accounts
            raise IngestError(
                "contacts_without_users",
                file=", ".join(r.name for r in contacts),
                date=as_of.isoformat(),
            )
        if contacts:
            for stage in CONTACT_STAGES:
                execute(con, QUERIES[stage], params)
        report_progress("write", 0.8)
        with store.attached(con):
            stored = store.key_fingerprint(con)
            if stored and stored != key.fingerprint():
                from dq.privacy import key_source

                raise IngestError("key_changed", path=key_source())
            rules.judge(con, as_of, policy, ingest=True, new_contacts=bool(contacts))
            store.write_snapshot(
                con,
                {
                    "as_of": as_of,
                    "users": bool(users),
                    "contacts": bool(contacts),
                    "schools": [s for r in users for s in r.schools],
                    "files": [_file_row(r) for r in reports if not r.skipped],
                    "fingerprint": None if stored else key.fingerprint(),
                    "policy_text": policy_text,
                    "tool": dq.__version__,
                    "rules": rules.RULES_VERSION,
                },
            )
        report_progress("done", 1.0)
    return IngestReport(as_of, as_of_source, reports)


def _options_digest(kind: str | None, school: str | None, policy: Policy) -> str:
    """What besides the content decides a file's rows: a digest of the ingest's options.

    >>> from dq.policy import load
    >>> _options_digest(None, None, load()) == _options_digest('users', None, load())
    False
    """
    options = {"kind": kind, "school": school or DEFAULT_SCHOOL, "policy": policy.text}
    return hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()


def _read_file(
    con,
    path,
    name,
    data,
    kind,
    policy: Policy,
    already: dict[str, set[str | None]],
    options: str,
    skip_bad_rows: bool = False,
    key=None,
) -> FileReport:
    """Map one file's headers and stage its rows (unless its content was already ingested).

    The file's content is known to the store by a keyed hash of its SHA-256 (HMAC with the
    store's key): a plain SHA-256 of a small export can be found by trying every number."""
    source = readers.open_source(path, name=name, data=data)
    content = key.hash("file:" + source.sha256) if key is not None else source.sha256
    kept = False
    try:
        mapping = map_headers(source.headers, policy.columns, kind)
        _check_mapping(source, mapping)
        report = FileReport(
            source.name,
            mapping.kind,
            source.describe(),
            mapping=_masked_mapping(mapping),
            sha256=content,
            size_bytes=source.size_bytes,
            encoding=source.encoding,
            delimiter=source.delimiter,
            sheet=source.sheet,
            options=options,
        )
        if mapping.unmapped:
            headers = [redact(h) for h in mapping.unmapped]
            report.warnings.append({"code": "unmapped_headers", "headers": headers})
        if options in already.get(content, ()):
            report.skipped = True  # this content with these options is in the store as it is
        else:
            report.reapplied = content in already
            report.staged_as = con.execute("SELECT count(*) FROM staged_files").fetchone()[0]
            try:
                report.rows_read = _stage(
                    con, source, mapping, mapping.kind, report.staged_as, skip_bad_rows
                )
            except ReadError as error:
                if error.code != "bad_csv_layout" or not readers.mixed_line_ends(source):
                    raise
                # CRLF and LF mixed: DuckDB's reader gives up; a copy with LF only it reads
                source.close()
                source = readers.open_source(path, name=name, data=data, lf_copy=True)
                report.rows_read = _stage(
                    con, source, mapping, mapping.kind, report.staged_as, skip_bad_rows
                )
            # open until the report is made: a row it names may need mapping to its line
            # (record_lines, asked only then: a count of line breaks, 0.29 s per 325 MB)
            report.source, kept = source, True  # closed by ingest() when done
            if source.skipped_lines:  # only line numbers: a line may hold a number
                report.warnings.append(
                    {
                        "code": "skipped_rows",
                        "count": len(source.skipped_lines),
                        "lines": [str(n) for n in source.skipped_lines[:20]],
                    }
                )
        return report
    finally:
        if not kept:
            source.close()


def _release(report: FileReport) -> None:
    if report.source is not None:
        report.source.close()
        report.source = None


def _named_rows_to_lines(report: FileReport) -> None:
    """The rows a file's warnings name (numbered by record) as the lines they start on, in
    one reading of the file at most (see readers.record_lines)."""
    named = [
        w for w in report.warnings if w["code"] in ("rows_without_username", "number_variants")
    ]
    if named and report.source is not None:
        lines = readers.record_lines(report.source, [w["first_row"] for w in named])
        for warning in named:
            warning["first_row"] = lines[warning["first_row"]]


def _masked_mapping(mapping: HeaderMapping) -> dict[str, str]:
    """Header in the file -> canonical column, with any valid number in a header masked."""
    return {redact(header): column for header, column in mapping.columns.items()}


def _file_row(report: FileReport) -> dict:
    return {
        "name": report.name,
        "kind": report.kind,
        "sha": report.sha256,
        "size": report.size_bytes,
        "rows": report.rows_read,
        "accounts": report.accounts,
        "encoding": report.encoding,
        "delimiter": report.delimiter,
        "sheet": report.sheet,
        "mapping": json.dumps(report.mapping, ensure_ascii=False),
        "schools": report.schools,
        "warnings": json.dumps(report.warnings, ensure_ascii=False),
        "options": report.options,
    }


def _user_warnings(con: duckdb.DuckDBPyConnection, users: list[FileReport]) -> None:
    # by the file's number in the workspace: two files may carry the same name
    stats = {row[0]: row[1:] for row in con.execute(QUERIES["file_stats_rows"]).fetchall()}
    by_number = {r.staged_as: r for r in users}
    if len(users) == 1:
        count, schools = con.execute(QUERIES["one_file_accounts"]).fetchone()
        users[0].accounts, users[0].schools = int(count), list(schools or [])
    for report in users:
        skipped, first_row, accounts, schools = stats.get(report.staged_as, (0, None, 0, []))
        if len(users) > 1:
            report.accounts, report.schools = int(accounts or 0), list(schools or [])
        if skipped:
            report.warnings.append(
                {"code": "rows_without_username", "count": skipped, "first_row": first_row}
            )
    for file_no, count, values in con.execute(QUERIES["unknown_active_rows"]).fetchall():
        report = by_number[file_no]
        report.warnings.append(
            {
                "code": "unknown_active_values",
                "column": next((h for h, c in report.mapping.items() if c == "active"), "-"),
                "count": int(count),
                # the first ten, and a sign that there are more
                "values": list(values) + (["…"] if count > len(values) else []),
            }
        )
    for file_no, count, first_row in con.execute(QUERIES["variants_found"]).fetchall():
        by_number[file_no].warnings.append(
            {"code": "number_variants", "count": count, "first_row": first_row}
        )
    for report in users:
        _named_rows_to_lines(report)


__all__ = [
    "KeyProblem",
    "StoreError",
    "FileReport",
    "IngestError",
    "IngestReport",
    "ReadError",
    "date_from_name",
    "ingest",
    "preview",
]
