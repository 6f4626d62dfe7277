"""Reading what people upload: bytes in, text rows out, or a clear :class:`ReadError`.

Spreadsheets are read with python-calamine; text is decoded by its byte-order mark, else as
UTF-8, else as Windows-1252 (what Belgian Excel writes).

>>> read_value_column('n.txt', b'Rijksregisternummer\\r\\n90010100123\\r\\n')
['90010100123']
>>> read_value_column('n.xls', b'\\xd0\\xcf\\x11\\xe0rest')
Traceback (most recent call last):
    ...
dq.readers.ReadError: old_excel
"""

from __future__ import annotations

import codecs
import io
import re

from dq.i18n import t

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97-2003), also password-protected .xlsx
_LETTERS_ONLY = re.compile(r"[^0-9]*[A-Za-zÀ-ÿ][^0-9]*")


class ReadError(Exception):
    """A file we cannot use, with a message key and the details for the message.

    >>> ReadError('empty', file='a.csv').message('en')
    'a.csv: the file is empty. Export the list again and upload the new file.'
    """

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

    def message(self, lang: str | None = None) -> str:
        """The message for a person, in ``lang``."""
        return t(f"error.{self.code}", lang, **self.details)


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Decode a text file; returns (text, encoding name).

    >>> decode_text('a', 'é'.encode('cp1252'))
    ('é', 'cp1252')
    >>> decode_text('a', codecs.BOM_UTF16_LE + 'x'.encode('utf-16-le'))
    ('x', 'utf-16')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


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
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises several private error types
        raise ReadError("bad_xlsx", file=name, detail=type(error).__name__) from None
    return [[_cell_text(cell) for cell in row] for row in rows]


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
