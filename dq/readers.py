"""Reading exports: a file in, a DuckDB staging table of text columns out, or a :class:`ReadError`.

Spreadsheets are read with python-calamine; text is decoded by its byte-order mark, else as
UTF-8, else as Windows-1252 (what Belgian Excel writes); DuckDB's CSV sniffer finds the
delimiter, quote and header. Every column is read as text, so no number becomes a float.
Error messages name the file and the line, never a cell's content.

>>> read_value_column('n.txt', b'Rijksregisternummer\\r\\n90010100123\\r\\n')
['90010100123']
>>> read_value_column('n.xls', b'\\xd0\\xcf\\x11\\xe0rest')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
dq.readers.ReadError: n.xls: dit is een oud Excel-bestand (.xls) of een beveiligd bestand...
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dq.db import duckdb
from dq.errors import DqError
from dq.sqlutil import quote_identifier
from dq.store import connect as store_connect

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97-2003), also password-protected .xlsx
_LETTERS_ONLY = re.compile(r"[^0-9]*[A-Za-zÀ-ÿ][^0-9]*")


class ReadError(DqError):
    """A file we cannot use, with a message key and the details for the message.

    >>> ReadError('empty', file='a.csv').message('en')
    'a.csv: the file is empty. Export the list again and upload the new file.'
    """


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes sit on one side of most byte pairs."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    nul_odd = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    nul_even = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    if nul_odd > 0.4 * pairs and nul_even < 0.05 * pairs:
        return "utf-16-le"
    if nul_even > 0.4 * pairs and nul_odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Decode a text file; returns (text, encoding name).

    Raises :class:`ReadError` for bytes no encoding explains (the five bytes Windows-1252
    leaves undefined), naming the line they are on.

    >>> decode_text('a', 'é'.encode('cp1252'))
    ('é', 'cp1252')
    >>> decode_text('a', codecs.BOM_UTF16_LE + 'x'.encode('utf-16-le'))
    ('x', 'utf-16')
    >>> decode_text('a', 'xy'.encode('utf-16-le'))
    ('xy', 'utf-16-le')
    """
    try:
        if data.startswith(codecs.BOM_UTF8):
            text, encoding = data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text, encoding = data.decode("utf-16"), "utf-16"
        elif utf16 := _utf16_without_bom(data):
            text, encoding = data.decode(utf16), utf16
        elif b"\0" in data:
            raise _nul_error(name, data)
        else:
            try:
                text, encoding = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        # CRLF, a lone CR (old Mac Excel) and LF each end a line
        line = len(_LINE_BREAK.findall(data[: error.start])) + 1
        raise ReadError("undecodable", file=name, line=line) from None
    if "\0" in text:  # a U+0000 in UTF-16 (or after a BOM): as a NUL byte elsewhere
        raise _nul_error(name, text.encode("utf-8"))
    return text, encoding


def _nul_error(name: str, data: bytes) -> ReadError:
    """Why a file with a NUL byte (not UTF-16) is refused: a binary file (an image, a PDF), or
    text with a stray NUL in it, which no export writes and which would end up in a cell
    (then named by its line). Text: before the first NUL no control character but tab and
    line breaks, a header line with a delimiter, and NUL bytes few.

    >>> error = _nul_error('a.csv', b'Naam;RRNR\\nJan;1\\0\\n')
    >>> error.code, error.details['line']
    ('nul_character', 2)
    >>> _nul_error('a.csv', b'Naam;RRNR\\rJan;1\\r\\nPiet;2\\rAn;\\0').details['line']
    4
    >>> _nul_error('a.csv', b'\\0Naam;RRNR\\nJan;1\\n').details['line']
    1
    >>> _nul_error('a.csv', b'\\0\\r\\nNaam;RRNR\\r\\nJan;1\\r\\n').details['line']
    1
    >>> _nul_error('b.csv', b'\\x89PNG\\r\\n\\x1a\\n\\0\\0').code
    'binary'
    """
    before, sample = data[: data.index(b"\0")], data[:65536]
    # the first line with something in it once the NULs are out (a NUL may be in it, or be it)
    header = next((x for x in sample.replace(b"\0", b"").splitlines() if x.strip()), b"")
    if (
        _CONTROL.search(before[:65536])
        or _CONTROL.search(header)
        or not any(sep in header for sep in b";,\t|")
        or sample.count(b"\0") > len(sample) // 10  # UTF-32, or no text at all
    ):
        return ReadError("binary", file=name)
    # the physical line: CRLF, a lone CR (old Mac Excel) and LF each end one
    return ReadError("nul_character", file=name, line=len(_LINE_BREAK.findall(before)) + 1)


_CONTROL = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_value_column(name: str, data: bytes) -> list[str]:
    """The first column of a small list of values (for the number checker).

    A first cell without digits is taken for a header and skipped.
    """
    if not data.strip():
        raise ReadError("empty", file=name)
    if data.startswith(OLE_MAGIC):
        raise ReadError("old_excel", file=name)
    if data.startswith(XLSX_MAGIC):
        rows = _xlsx_rows(name, data)
    else:
        text, _ = decode_text(name, data)
        rows = [re.split(r"[;\t]", line) for line in text.splitlines()]
    values = [str(row[0]).strip() for row in rows if row and str(row[0]).strip()]
    if values and _LETTERS_ONLY.fullmatch(values[0]):
        values = values[1:]
    return values


def _xlsx_rows(name: str, data: bytes) -> list[list[object]]:
    """The rows of the first sheet, with whole-number cells as digits (no '.0')."""
    sheets = read_workbook(name, data, first_only=True)
    return next(iter(sheets.values()), [])


UNPACK_FACTOR = 20  # a workbook unpacks to at most 20x the file size limit
MAX_CELLS = 30_000_000  # a declared sheet size beyond any export (1M rows x 30 columns)
DEFAULT_XLSX_MEMORY_MB = 3072
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')


def _column_number(letters: str) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def check_workbook(name: str, data: bytes) -> None:
    """Refuse a workbook whose sheets declare more than :data:`MAX_CELLS` cells (or unpack
    to far more than the file could hold) before any of it is loaded.

    >>> check_workbook('x.xlsx', b'not a zip')
    Traceback (most recent call last):
        ...
    dq.readers.ReadError: x.xlsx: dit .xlsx-bestand is beschadigd of geen echt Excel-bestand (BadZipFile). Open het in Excel en sla het opnieuw op, of exporteer als CSV.
    """
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        if not any(m.filename.startswith("xl/") for m in members):
            # a zip, but no workbook: a .docx, an .ods, a zipped folder (called .xlsx: damaged)
            if name.lower().endswith((".xlsx", ".xlsm")):
                raise ReadError("bad_xlsx", file=name, detail="zip")
            raise ReadError("binary", file=name)
        unpacked = sum(m.file_size for m in members)
        if unpacked > UNPACK_FACTOR * max_file_bytes():  # a zip bomb
            raise ReadError(
                "bad_zip_size",
                file=name,
                mb=round(unpacked / 2**20, 1),
                limit=round(UNPACK_FACTOR * max_file_bytes() / 2**20, 1),
            )
        for member in members:
            if not member.filename.startswith("xl/worksheets/") or not member.filename.endswith(
                ".xml"
            ):
                continue
            with archive.open(member) as sheet:
                found = _DIMENSION.search(sheet.read(8192))
            if found is None:
                continue
            col1, row1, col2, row2 = (g.decode() if g else None for g in found.groups())
            last_col, last_row = col2 or col1 or "A", int(row2 or row1 or 1)
            cells = _column_number(last_col) * last_row
            if cells > MAX_CELLS:
                raise ReadError(
                    "sheet_too_large",
                    file=name,
                    sheet=member.filename.rsplit("/", 1)[-1],
                    cells=f"{cells:,}",
                    limit=f"{MAX_CELLS:,}",
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise ReadError("bad_xlsx", file=name, detail=type(error).__name__) from None


def _xlsx_memory_limit() -> int:
    try:
        megabytes = float(os.environ.get("DQ_XLSX_MEMORY_MB", DEFAULT_XLSX_MEMORY_MB))
    except ValueError:
        megabytes = DEFAULT_XLSX_MEMORY_MB
    return int(megabytes * 2**20)


# Run in a child process under RLIMIT_AS: a workbook that makes calamine allocate without
# bound (one cell at XFD1048576) kills the child, never the CLI or the dashboard.
_WORKER = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from dq.readers import _workbook_worker
_workbook_worker({first_only}, {as_csv})
"""
MAX_RETURNED_CELLS = 5_000_000  # what the child hands back at most: bounds the parent's memory


def _max_returned_cells() -> int:
    """:data:`MAX_RETURNED_CELLS`, or ``DQ_XLSX_MAX_CELLS`` when set (tests lower it)."""
    try:
        return int(os.environ.get("DQ_XLSX_MAX_CELLS", MAX_RETURNED_CELLS))
    except ValueError:
        return MAX_RETURNED_CELLS


def _run_worker(name: str, data: bytes, first_only: bool, as_csv: bool) -> dict:
    import pickle
    import subprocess
    import sys

    check_workbook(name, data)
    code = _WORKER.format(limit=_xlsx_memory_limit(), first_only=first_only, as_csv=as_csv)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], input=data, capture_output=True, timeout=600
        )
    except subprocess.TimeoutExpired:
        raise ReadError(
            "sheet_too_large", file=name, sheet="?", cells="?", limit=f"{MAX_CELLS:,}"
        ) from None
    if done.returncode != 0:
        detail = "MemoryError" if b"memory" in done.stderr.lower() else f"exit {done.returncode}"
        raise ReadError("bad_xlsx", file=name, detail=detail)
    result = pickle.loads(done.stdout)  # noqa: S301 - our own child's output
    if isinstance(result, str):
        raise ReadError("bad_xlsx", file=name, detail=result)
    if isinstance(result, tuple):  # the child stopped at the cell budget
        raise ReadError(
            "sheet_too_large",
            file=name,
            sheet=result[1],
            cells=f"> {_max_returned_cells():,}",
            limit=f"{_max_returned_cells():,}",
        )
    return result


def read_workbook(name: str, data: bytes, first_only: bool = False) -> dict[str, list[list[str]]]:
    """Every sheet's rows as text (``first_only``: the first sheet), parsed in a child
    process with a memory limit (``DQ_XLSX_MEMORY_MB``, default 3072); at most
    :data:`MAX_RETURNED_CELLS` cells come back."""
    return _run_worker(name, data, first_only, as_csv=False)


def read_workbook_csv(name: str, data: bytes) -> dict[str, tuple[list[str], bytes]]:
    """Every sheet as ``(headers, UTF-8 CSV)``: the first non-empty row is the header, every
    row has its width, every field is quoted. Compact text rather than a Python object per
    cell, so the parent (the CLI or the dashboard) holds little more than the export's text."""
    return _run_worker(name, data, first_only=False, as_csv=True)


def _workbook_worker(first_only: bool, as_csv: bool = False) -> None:
    """The child's side of :func:`read_workbook`: bytes on stdin, pickled rows on stdout;
    it counts the cells it hands back and stops at :data:`MAX_RETURNED_CELLS`."""
    import pickle
    import sys

    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(sys.stdin.buffer.read()))
        names = book.sheet_names[:1] if first_only else book.sheet_names
        result: object = {}
        cells, budget = 0, _max_returned_cells()
        for sheet in names:
            rows = []
            for row in book.get_sheet_by_name(sheet).to_python(skip_empty_area=not first_only):
                cells += len(row)
                if cells > budget:
                    raise OverflowError(sheet)
                rows.append([_cell_text(cell) for cell in row])
            result[sheet] = _as_csv(rows) if as_csv else rows
            del rows
    except MemoryError:
        raise
    except OverflowError as error:
        result = ("cells", str(error.args[0]))
    except Exception as error:  # calamine raises several private error types
        result = type(error).__name__
    sys.stdout.buffer.write(pickle.dumps(result))


def _as_csv(rows: list[list[str]]) -> tuple[list[str], bytes]:
    r"""A sheet's rows as ``(headers, CSV)`` from its first non-empty row on, each row cut or
    padded to the header's width (a spreadsheet row has no misaligned fields).

    >>> _as_csv([["", ""], [" Naam ", "Nr"], ["a", "1", "x"], ["b"]])
    (['Naam', 'Nr'], b'"Naam","Nr"\n"a","1"\n"b",""\n')
    """
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        return [], b""
    headers = [h.strip() for h in rows[0]]
    width = len(headers)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(headers)
    for row in rows[1:]:
        writer.writerow((row + [""] * width)[:width])
    return headers, buffer.getvalue().encode("utf-8")


def _cell_text(cell: object) -> str:
    """A spreadsheet cell as text; a whole-number float becomes its integer digits.

    >>> _cell_text(85073003328.0), _cell_text(1.5), _cell_text(None)
    ('85073003328', '1.5', '')
    """
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


DEFAULT_MAX_MB = 200


def max_file_bytes() -> int:
    """The size limit for one file: ``DQ_MAX_FILE_MB`` megabytes, default 200."""
    try:
        return int(float(os.environ.get("DQ_MAX_FILE_MB", DEFAULT_MAX_MB)) * 1024 * 1024)
    except ValueError:
        return DEFAULT_MAX_MB * 1024 * 1024


@dataclass
class Source:
    """One export file, read: its provenance and its rows as text in a staging table."""

    name: str
    sha256: str
    size_bytes: int
    format: str  # csv | xlsx
    headers: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    text_path: str | None = field(default=None, repr=False)  # UTF-8 file for DuckDB
    quote: str = '"'
    temporary: bool = False
    memory_fd: int | None = field(default=None, repr=False)  # the decoded copy, in memory
    skipped_lines: list[int] = field(default_factory=list)  # refused rows, with skip_bad_rows
    records: int | None = None  # the data records the reader saw (loaded and refused)
    head_lines: int = 0  # blank lines (or only spaces) before a CSV's header, passed over

    def __post_init__(self) -> None:
        # file and sheet names are shown and stored: a number typed into either is masked
        from dq.identifiers import redact

        self.name = redact(self.name)
        self.sheet = redact(self.sheet)

    def describe(self) -> str:
        """What was detected, for summaries: encoding and delimiter, or the sheet."""
        if self.format == "xlsx":
            return f"xlsx, blad '{self.sheet}'"
        shown = {"\t": "tab", ";": ";", ",": ",", "|": "|"}.get(
            self.delimiter or "", self.delimiter
        )
        return f"{self.encoding}, scheidingsteken '{shown}'"

    def close(self) -> None:
        """Release the decoded copy: free the memory file, or remove the temporary file."""
        if self.memory_fd is not None:
            os.close(self.memory_fd)
            self.memory_fd = None
        if self.temporary and self.text_path and os.path.exists(self.text_path):
            os.unlink(self.text_path)


_CSV_LINE = re.compile(r"[Ll]ine:?\s*(\d+)")

# strict: a row with more or fewer fields than the header is refused (into the rejects
# table), never padded or shifted into other columns
MAX_LINE_BYTES = (
    2 << 20
)  # a line of an export is well under 1 KB; 2 MB (DuckDB's default) means a broken file
CSV_ROWS = """(
SELECT *
FROM read_csv($path, all_varchar = true, header = true, delim = $delim, quote = $quote,
              escape = $quote, null_padding = false, strict_mode = true,
              max_line_size = $max_line, store_rejects = true, rejects_table = 'dq_csv_rejects',
              rejects_scan = 'dq_csv_scans', normalize_names = false, parallel = {parallel},
              skip = $skip)
)"""
# a line of only spaces or tabs is refused as a record of one field: it is passed over like a
# blank line (it still moves the records after it on, as any refused record does)
# (csv_line starts with the line breaks before the record when its position falls on them;
# it is cut at 10,000 characters, so whether the record is blank is read from the file)
CSV_REJECTS = """SELECT line, column_idx, error_type, line_byte_position,
    coalesce(regexp_matches(csv_line, '^[\r\n]'), false) AS after_breaks
FROM dq_csv_rejects ORDER BY line"""


def _physical_line(path: str, byte_position: int, after_breaks: bool = True) -> int:
    """The line (counting every line break, also inside quotes) where the record at a byte of
    the file starts. DuckDB's position of a refused record may fall on blank lines before it
    (``after_breaks``: its text then starts with them): those are counted past. (The position
    of a line of only a tab falls on the line break that ends it.)"""
    with open(path, "rb") as handle:
        line = handle.read(byte_position).count(b"\n") + 1
        # the breaks before the record, however many (a CRLF cut between two chunks: the
        # LF is no line of its own, as \r\n is one break)
        breaks = b""
        while after_breaks and (chunk := handle.read(1 << 16)):
            run = _LEADING_BREAKS.match(chunk)
            breaks += run.group() if run else b""
            if not run or run.end() < len(chunk):
                break
    return line + len(_LINE_BREAK.findall(breaks))


def _blank_record(path: str, byte_position: int, after_breaks: bool) -> bool:
    """Whether a refused record is a line of only spaces or tabs (read from the file: DuckDB's
    text of the record is cut at 10,000 characters, which blank lines before it may fill)."""
    with open(path, "rb") as handle:
        handle.seek(byte_position)
        while chunk := handle.read(1 << 16):
            if after_breaks:  # the breaks before the record first
                chunk = chunk.lstrip(b"\r\n")
                after_breaks = not chunk
            line = re.split(rb"[\r\n]", chunk, maxsplit=1)
            if line[0].strip(b" \t"):
                return False
            if len(line) > 1 and not after_breaks:  # the line ended with nothing on it
                return True
    return True


_LEADING_BREAKS = re.compile(rb"[\r\n]+")
_CONTENT = re.compile(rb"[^ \t\r\n]")  # the first byte of a CSV that is neither blank nor a break
_CONTENT_TEXT = re.compile(r"[^ \t\n]")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def _long_line(path: str | None) -> int | None:
    """The first physical line longer than :data:`MAX_LINE_BYTES` (DuckDB's own error may
    count records, or the line where its sniffer gave up)."""
    with open(path or "", "rb") as handle:
        for number, line in enumerate(handle, 1):
            if len(line) > MAX_LINE_BYTES:
                return number
    return None


def _may_have_extra_fields(path: str, delimiter: str, quote: str | None, expected: int) -> bool:
    """Whether a row could have more than ``expected`` fields: in a file without the quote
    character every line is one record and its fields are its delimiters plus one. With
    everything but the delimiter and the line break deleted (``bytes.translate``, in C), a
    line with ``expected`` delimiters is a run of that many, and no run crosses a line:
    0.4 s per 325 MB, against 1.1 s for counting each line's delimiters and 5.5 s for a
    regular expression. With quotes in the file, True: only the CSV reader can tell (a
    many-line quoted cell).

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), 'x.csv')
    >>> _ = open(path, 'wb').write(b'a;b;c\\n1;2;\\n1;2;3;\\n')
    >>> _may_have_extra_fields(path, ';', '"', 3), _may_have_extra_fields(path, ';', '"', 4)
    (True, False)
    >>> _may_have_extra_fields(path, '\\u00a6', '"', 1)  # a delimiter of two bytes: counted
    False
    """
    sep, mark = delimiter.encode("utf-8"), (quote or '"').encode("utf-8")
    run, drop = sep * expected, bytes(b for b in range(256) if bytes([b]) not in (sep, b"\n"))

    def more(lines: bytes) -> bool:
        if len(sep) == 1:
            return run in lines.translate(None, drop)
        parts = lines.split(b"\n")
        return max(map(bytes.count, parts, itertools.repeat(sep, len(parts)))) >= expected

    with open(path, "rb") as handle:
        rest = b""
        while chunk := handle.read(1 << 22):
            lines, _, rest = (rest + chunk).rpartition(b"\n")
            if mark in lines or more(lines):
                return True
        return mark in rest or more(rest)


def _records(source: Source) -> Iterator[tuple[int, int, list[str]]]:
    """Each record of the text DuckDB reads, as Python's csv module splits it: its number
    (the header being 1, as ``row_no`` counts), the line it starts on and its fields. A
    blank line is no record, nor are the lines before the header; a quoted cell may span
    lines."""
    with open(source.text_path or "", encoding="utf-8-sig", errors="replace", newline="") as text:
        reader = csv.reader(text, delimiter=source.delimiter or ";", quotechar=source.quote)
        record, last_line = 0, 0
        for fields in reader:
            start, last_line = last_line + 1, reader.line_num
            if fields and start > source.head_lines:
                record += 1
                yield record, start, fields


def _records_at(source: Source, lines: set[int]) -> dict[int, int]:
    """The record (as ``row_no`` counts) that starts on each of these physical lines."""
    found: dict[int, int] = {}
    for record, start, _ in _records(source):
        if start in lines:
            found[start] = record
            if len(found) == len(lines):
                break
    return found


def _open_quote_line(source: Source) -> int | None:
    """The line where a quote opens that is never closed (DuckDB only says it cannot read
    the layout): the first record with another number of fields than the header has whose
    cells took in a line break (a quoted cell with a line break has the right number)."""
    if not source.text_path or not source.headers:
        return None
    for _, start, fields in _records(source):
        if len(fields) != len(source.headers) and any("\n" in c or "\r" in c for c in fields):
            return start
    return None


def mixed_line_ends(source: Source) -> bool:
    """Whether a CSV that DuckDB reads as it is has both CRLF and bare LF line ends (a row
    added or edited with another program): its reader then gives up on the layout. Asked only
    after it did; :func:`open_source` with ``lf_copy`` reads such a file."""
    if source.format != "csv" or not source.text_path or source.memory_fd is not None:
        return False
    with open(source.text_path, "rb") as handle:
        data = handle.read()
    return 0 < data.count(b"\r\n") < data.count(b"\n")


def lines_may_differ(source: Source) -> bool:
    """Whether a row's number (its record, counting the header as 1) may differ from its
    physical line: only in a CSV file with a blank line or a cell with a line break, so only
    when the file has more lines than the records the reader saw plus the header (a count
    of one byte per chunk). Before the rows were read (no count yet): maybe."""
    if source.format != "csv" or not source.text_path:
        return False
    if source.records is None:
        return True
    lines, last = 0, b"\n"
    with open(source.text_path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            lines, last = lines + chunk.count(b"\n"), chunk[-1:]
    return lines + (last != b"\n") != source.records + 1


def record_lines(source: Source, row_numbers) -> dict[int, int]:
    """The physical line where each of these rows starts (``row_no``: its record, the header
    being 1, as the reader counts them: blank lines are no record, a quoted cell may span
    lines). Reads the file up to the last one asked for."""
    wanted, found = set(row_numbers), {}
    if wanted and lines_may_differ(source):
        for record, start, _ in _records(source):
            if record in wanted:
                found[record] = start
                if len(found) == len(wanted):
                    break
    return {n: found.get(n, n) for n in wanted}


def _trailing_field_rows(source: Source) -> list[tuple[int, int, int]]:
    """Rows with more fields than the header whose extra fields are all empty, which DuckDB
    takes for trailing delimiters and loads shifted: ``(row_no, line, fields)`` each, where
    ``row_no`` counts records as the reader does and ``line`` is the physical line.

    Looked for only when some line ends in the delimiter; a file whose header ends in it too
    (Excel's trailing delimiter on every line) has as many fields on every row and passes.
    """
    path, delimiter = source.text_path or "", source.delimiter or ";"
    sep = delimiter.encode("utf-8")
    endings = (sep + b"\n", sep + b"\r\n")  # substring tests: a regex took 3 s per 170 MB
    with open(path, "rb") as handle:  # in chunks: no second whole copy of the file in memory
        tail, found = b"", False
        while not found and (chunk := handle.read(1 << 22)):
            # a CR (memchr: 10x faster than a two-byte search) or there is no CRLF to look for
            looked_for = endings if b"\r" in chunk or b"\r" in tail else endings[:1]
            found = any(ending in tail + chunk[:8] or ending in chunk for ending in looked_for)
            tail = chunk[-8:]
        found = found or tail.endswith(sep) or tail.endswith(sep + b"\r")
    if not found:
        return []
    expected = len(source.headers)
    if not _may_have_extra_fields(path, delimiter, source.quote, expected):
        return []
    return [
        (record, start, len(fields))
        for record, start, fields in _records(source)
        if record > 1 and len(fields) > expected and not any(fields[expected:])
    ]


def open_source(
    path: str | Path, name: str | None = None, data: bytes | None = None, lf_copy: bool = False
) -> Source:
    """Read a file's format, encoding and headers; the rows follow with :func:`insert_rows`.

    ``data`` may hold the file's bytes (an upload); otherwise the file at ``path`` is read.
    ``lf_copy``: read a CSV through a decoded copy with LF line ends even when DuckDB could
    read the file itself (see :func:`mixed_line_ends`).
    """
    path = Path(path)
    name = name or path.name
    from_disk = data is None
    if data is None:
        try:
            size = path.stat().st_size
        except OSError:
            raise ReadError("not_found", file=name) from None
        if size > max_file_bytes():
            raise ReadError(
                "too_large", file=name, mb=size // 2**20, limit=max_file_bytes() // 2**20
            )
        data = path.read_bytes()
    elif len(data) > max_file_bytes():
        raise ReadError(
            "too_large", file=name, mb=len(data) // 2**20, limit=max_file_bytes() // 2**20
        )
    digest = hashlib.sha256(data).hexdigest()
    # (the start first: stripping a large file copies it)
    if not data[:4096].strip(b" \t\r\n\x00") and not data.strip(b" \t\r\n\x00"):
        raise ReadError("empty", file=name)
    if data.startswith(OLE_MAGIC) or name.lower().endswith(".xls"):
        raise ReadError("old_excel", file=name)
    if data.startswith(XLSX_MAGIC):
        return _open_xlsx(name, data, digest)
    return _open_csv(name, data, digest, path if from_disk else None, lf_copy)


def _plain_utf8(data: bytes) -> str | None:
    """'utf-8' or 'utf-8-sig' when the bytes are UTF-8 that DuckDB can read as they are (no
    UTF-16, no NUL bytes, not CR-only line ends); checked in chunks, without building one
    large string."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data):
        return None
    # CR-only line ends, even in part (the substring test first: most files have no CR)
    if b"\0" in data or (b"\r" in data and _LONE_CR.search(data)):
        return None
    if data.isascii():  # ASCII is UTF-8: no decoding needed (0.03 s against 0.2 s per 170 MB)
        return "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), 1 << 22):
            decoder.decode(data[start : start + (1 << 22)], final=start + (1 << 22) >= len(data))
    except UnicodeDecodeError:
        return None
    return "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"


MAX_COLUMNS = 1000  # an export has a few dozen; more means a broken or hostile file
_LONE_CR = re.compile(rb"\r(?!\n)")


def _check_width(name: str, headers: list[str]) -> None:
    if len(headers) > MAX_COLUMNS:
        raise ReadError("too_many_columns", file=name, count=len(headers), limit=MAX_COLUMNS)


def _memory_file(name: str, text: str) -> tuple[str, int | None, bool]:
    """A UTF-8 copy of ``text`` that DuckDB can read by path: (path, fd, temporary).

    On Linux the copy is an anonymous memory file (``memfd``): nothing is written to disk and
    the kernel frees it however the process ends, even on SIGKILL. Elsewhere a private
    temporary file is the fallback, removed by :meth:`Source.close` (and on SIGTERM/SIGINT by
    the CLI's handlers); a full temporary folder gets its own message.
    """
    return _memory_bytes(name, text.encode("utf-8"))


def _memory_bytes(name: str, encoded: bytes) -> tuple[str, int | None, bool]:
    """:func:`_memory_file` for text already encoded as UTF-8."""
    if hasattr(os, "memfd_create") and os.path.isdir("/proc/self/fd"):
        fd = os.memfd_create("dq-export", os.MFD_CLOEXEC)
        view = memoryview(encoded)
        while view:
            view = view[os.write(fd, view) :]
        return f"/proc/self/fd/{fd}", fd, False
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed here, removed by Source.close
            "wb", suffix=".csv", delete=False, prefix="dq-"
        )
    except OSError:
        raise ReadError("temp_full", file=name, folder=tempfile.gettempdir()) from None
    try:
        with handle:
            os.chmod(handle.name, 0o600)
            handle.write(encoded)
    except OSError:
        os.unlink(handle.name)
        raise ReadError("temp_full", file=name, folder=tempfile.gettempdir()) from None
    return handle.name, None, True


_DELIMITERS = (";", "\t", ",", "|")


def _header_delimiter(first_line: str) -> str | None:
    """The delimiter that splits the header line into the most fields (None if none splits).

    Judged on the header alone, so a misaligned data row cannot mislead it.

    >>> _header_delimiter('"Naam, voornaam";Rijksregisternummer'), _header_delimiter('x')
    (';', None)
    """
    best, best_count = None, 1
    for delimiter in _DELIMITERS:
        fields = next(csv.reader([first_line], delimiter=delimiter, quotechar='"'), [])
        if len(fields) > best_count:
            best, best_count = delimiter, len(fields)
    return best


def _open_csv(
    name: str, data: bytes, digest: str, path: Path | None = None, lf_copy: bool = False
) -> Source:
    encoding = None if lf_copy else _plain_utf8(data)
    fd = None
    # the header is the first line with something on it: blank lines (or only spaces) before
    # it are passed over (DuckDB's skip; their lines still count), however many there are
    if encoding and path is not None:
        # DuckDB reads UTF-8 (with or without BOM) itself: no copy of the file is made
        text_path, temporary = str(path), False
        start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        found = _CONTENT.search(data, start)
        line_start = data.rfind(b"\n", start, found.start()) + 1 if found else start
        head_lines = data.count(b"\n", start, line_start)
        head = data[max(line_start, start) : line_start + 65536].decode("utf-8", errors="ignore")
    else:
        text, encoding = decode_text(name, data)
        if not text.strip():
            raise ReadError("empty", file=name)
        # CR-only line ends (old Mac Excel) become LF so the reader sees rows.
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        found = _CONTENT_TEXT.search(text)
        line_start = text.rfind("\n", 0, found.start()) + 1 if found else 0
        head_lines = text.count("\n", 0, line_start)
        head = text[line_start : line_start + 65536]
        text_path, fd, temporary = _memory_file(name, text)
        del text
    source = Source(
        name,
        digest,
        len(data),
        "csv",
        [],
        encoding=encoding,
        text_path=text_path,
        temporary=temporary,
        memory_fd=fd,
    )
    try:
        if not head.strip():
            raise ReadError("empty", file=name)
        source.head_lines = head_lines
        first = head.split("\n", 1)[0].rstrip("\r")
        # a first line with more separators than any export has: refuse before sniffing it
        if max(first.count(sep) for sep in ";,\t|") >= MAX_COLUMNS:
            raise ReadError(
                "too_many_columns",
                file=name,
                count=max(first.count(sep) for sep in ";,\t|") + 1,
                limit=MAX_COLUMNS,
            )
        delimiter = _header_delimiter(first)
        if delimiter is None:
            try:
                with store_connect() as sniffer:
                    delimiter = sniffer.execute(
                        "SELECT Delimiter FROM sniff_csv($path, sample_size = 20480)",
                        {"path": text_path},
                    ).fetchall()[0][0]
            except duckdb.Error:
                raise ReadError("bad_csv_layout", file=name) from None
        source.delimiter = delimiter
        source.headers = [
            h.strip()
            for h in next(csv.reader([first], delimiter=delimiter, quotechar=source.quote), [])
        ]
    except BaseException:
        source.close()
        raise
    return source


def _open_xlsx(name: str, data: bytes, digest: str) -> Source:
    from dq.columns import map_headers

    sheets = read_workbook_csv(name, data)
    for sheet, (headers, text) in sheets.items():
        if not headers:
            continue
        _check_width(name, headers)
        mapping = map_headers(headers)
        if mapping.has("username") or mapping.has("contact_id") or len(sheets) == 1:
            text_path, fd, temporary = _memory_bytes(name, text)
            return Source(
                name,
                digest,
                len(data),
                "xlsx",
                headers,
                sheet=sheet,
                delimiter=",",
                text_path=text_path,
                memory_fd=fd,
                temporary=temporary,
            )
    if len(sheets) > 1:
        raise ReadError("no_sheet", file=name, sheets=", ".join(sheets))
    raise ReadError("empty", file=name)


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    target: str,
    columns: str,
    params: dict | None = None,
    skip_bad_rows: bool = False,
    *,
    into: Sequence[str],
) -> int:
    """Insert the file's rows into ``target`` in one pass, in the file's order: ``columns`` (a
    select list over the file's headers) into the target's columns named by ``into``; returns
    the row count.

    A row's number (the line or spreadsheet row, the header being 1) is its position: the
    rowid minus the file's first rowid, plus 2 (a window that numbered the rows in the scan
    cost 0.3-0.6 s per million rows). Only where rows were taken out or refused is
    ``row_no`` filled in (for this file's rows); elsewhere it stays NULL.

    A row whose field count differs from the header's raises :class:`ReadError`
    (``misaligned_row``, naming the line); with ``skip_bad_rows`` such rows are left out and
    their lines listed in ``source.skipped_lines``."""
    params = dict(params or {})
    names = ", ".join(map(quote_identifier, into))
    insert = f"INSERT INTO {quote_identifier(target)} ({names}) SELECT {columns} FROM "  # noqa: S608
    params.update(
        {
            "path": source.text_path,
            "delim": source.delimiter,
            "quote": source.quote,
            "max_line": MAX_LINE_BYTES,
            "skip": source.head_lines,
        }
    )
    padded = _trailing_field_rows(source)
    first_rowid = con.execute(
        f"SELECT coalesce(max(rowid) + 1, 0) FROM {quote_identifier(target)}"  # noqa: S608
    ).fetchone()[0]
    con.execute("DROP TABLE IF EXISTS dq_csv_rejects; DROP TABLE IF EXISTS dq_csv_scans")
    # the rows are stored in the file's order: their rowids number them
    keep_order = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
    try:
        con.execute("SET preserve_insertion_order = true")
        try:
            rows = con.execute(insert + CSV_ROWS.format(parallel="true"), params).fetchall()[0][0]
        except duckdb.Error as error:
            # the parallel scanner cannot pad short rows when a quoted cell holds a line break
            if "parallel" not in str(error):
                raise
            con.execute("DROP TABLE IF EXISTS dq_csv_rejects; DROP TABLE IF EXISTS dq_csv_scans")
            rows = con.execute(insert + CSV_ROWS.format(parallel="false"), params).fetchall()[0][0]
    except duckdb.Error as error:
        # DuckDB's message quotes the line's content: keep only its number
        found = _CSV_LINE.search(str(error))
        # a quote left open also runs past the limit: only a physical line that long is one
        long_line = "maximum line size" in str(error).lower() and _long_line(source.text_path)
        if long_line:
            raise ReadError(
                "line_too_long", file=source.name, line=long_line, limit=MAX_LINE_BYTES // 2**20
            ) from None
        if found is None:
            line = _open_quote_line(source)
            if line is not None:
                raise ReadError("unclosed_quote", file=source.name, line=line) from None
            raise ReadError("bad_csv_layout", file=source.name) from None
        raise ReadError("bad_csv", file=source.name, line=found.group(1)) from None
    finally:
        con.execute(f"SET preserve_insertion_order = {'true' if keep_order else 'false'}")
    # (line, fields, error, position, blank, after_breaks): a record may be refused twice
    rejects = [
        (line, fields, error, position, _blank_record(source.text_path or "", position, after),
         after)
        for line, fields, error, position, after in con.execute(CSV_REJECTS).fetchall()
    ]  # fmt: skip
    source.records = rows + len({r[0] for r in rejects})
    refused = [r for r in rejects if not r[4]]
    too_long = [r for r in refused if r[2] == "LINE SIZE OVER MAXIMUM"]
    if too_long:
        line = _physical_line(source.text_path or "", too_long[0][3])
        raise ReadError("line_too_long", file=source.name, line=line, limit=MAX_LINE_BYTES // 2**20)
    if (padded or refused) and not skip_bad_rows:
        # the first misaligned line of either kind: a row with empty extra fields (found
        # before reading) or one the reader refused
        first = [(line, found) for _, line, found in padded[:1]] + [
            (_physical_line(source.text_path or "", position, after_breaks), found)
            for _, found, _, position, _, after_breaks in refused[:1]
        ]
        line, found = min(first)
        raise ReadError(
            "misaligned_row",
            file=source.name,
            line=line,
            found=found,
            expected=len(source.headers),
        )
    if padded or rejects:  # rows to take out or to move on: numbered here, from their order
        con.execute(
            f"UPDATE {quote_identifier(target)} SET row_no = rowid - $first + 2 "  # noqa: S608
            "WHERE rowid >= $first",
            {
                "first": con.execute(
                    f"SELECT min(rowid) FROM {quote_identifier(target)} WHERE rowid >= $first",  # noqa: S608
                    {"first": first_rowid},
                ).fetchone()[0]
            },
        )
    if padded:  # loaded as if the last field were a trailing delimiter: take them out again
        rows -= con.execute(
            f"DELETE FROM {quote_identifier(target)} "  # noqa: S608
            "WHERE rowid >= $first AND row_no IN (SELECT unnest($rows))",
            {"first": first_rowid, "rows": [p[0] for p in padded]},
        ).fetchall()[0][0]
    if not rejects:
        source.skipped_lines = sorted(p[1] for p in padded)
        return rows
    starts = {r[3]: _physical_line(source.text_path or "", r[3], r[5]) for r in rejects}
    source.skipped_lines = sorted({starts[r[3]] for r in refused} | {p[1] for p in padded})
    # row_no counted the rows read; each refused record before a row moves it one record on.
    # Its record number, from the line it starts on (DuckDB's own count adds blank lines and
    # leaves out line breaks inside quotes); the same number unless the file has either
    lines = set(starts.values())
    records = _records_at(source, lines) if lines_may_differ(source) else {n: n for n in lines}
    for skipped in sorted(records.values()):
        con.execute(
            f"UPDATE {quote_identifier(target)} SET row_no = row_no + 1 "  # noqa: S608
            "WHERE rowid >= $first AND row_no >= $line",
            {"first": first_rowid, "line": skipped},
        )
    return rows
