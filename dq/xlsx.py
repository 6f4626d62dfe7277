"""Text rows into an .xlsx sheet at the speed of a file write.

xlsxwriter makes the workbook: sheet, formats, widths, frozen header, filter, the zip. In
``constant_memory`` mode it writes each cell through a chain of Python calls (about 16 µs a
cell here: a fix list of 500,000 accounts took 80 s). :class:`TextRows` is xlsxwriter's
worksheet with one method more, :meth:`TextRows.write_text_rows`, that writes each row as
one string from a template per row layout, in the XML xlsxwriter writes for
``write_string`` and ``write_number`` (tests compare the bytes, also on generated rows).
Columns that repeat a few texts (labels, actions) go to the shared-strings table, as
xlsxwriter does outside ``constant_memory``. One difference, on purpose: a value that
looks like rich-text XML (``<r>…</r>``) is escaped like any text, where xlsxwriter copies
it into the file unescaped (a user name such as ``<r>&</r>`` made the file unreadable).

>>> _text("Peeters"), _text("a & b"), _text(" x"), _text("<r>&</r>"), _text("\x01")
('<t>Peeters</t>', '<t>a &amp; b</t>', '<t xml:space="preserve"> x</t>', '<t>&lt;r&gt;&amp;&lt;/r&gt;</t>', '<t>_x0001_</t>')
"""

from __future__ import annotations

import operator
import re
from collections.abc import Container, Iterable

from xlsxwriter.utility import _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

# what xlsxwriter changes in a text cell: XML's &, < and >, control characters and the two
# non-characters U+FFFE and U+FFFF (written as _xHHHH_, and a literal _xHHHH_ escaped in
# turn); leading or trailing white space is kept
_SPECIAL = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
# the underscore of every literal _xHHHH_, also of overlapping ones (_x005F_x0041_), which
# xlsxwriter's own pattern misses: such a text would read back as "_x005FA"
_ESCAPE = re.compile("_(?=x[0-9a-fA-F]{4}_)")
_ROWS_MAX = 1_048_576  # Excel's rows per sheet
_COLUMNS_MAX = 16_384  # Excel's columns per sheet
_LAYOUTS = 50_000  # row layouts kept at once (a few MB)
_STRMAX = 32_767  # Excel's characters (UTF-16 units) per cell; xlsxwriter cuts longer text


class TooManyRows(ValueError):
    """More rows than one Excel sheet holds."""


class TextRows(Worksheet):
    """xlsxwriter's worksheet, in ``constant_memory`` mode, with a fast writer of text rows."""

    def write_text_rows(
        self, rows: Iterable[list[str]], number_column: int = -1, shared: Container = ()
    ) -> int:
        """Write each of ``rows`` as the cells of the next row, from the row after the last
        one written (the header); returns how many rows. Cells are text, empty ones left
        blank, and the value in ``number_column`` is a number when it is all ASCII digits. Each
        cell gets its column's format, as ``write_string`` would give it. The columns in
        ``shared`` hold few distinct texts (labels, actions, schools): each text is stored
        once in the workbook's shared strings, as xlsxwriter does outside
        ``constant_memory``; the other texts are written in the cell.

        A row is its layout (:meth:`_layout`) filled in with its row number and the texts
        of the other columns: rows that share the ``shared`` and number cells (and which
        cells are empty) share a layout, made once."""
        if self.table:  # what xlsxwriter still holds (the header) goes first
            self._write_single_row(self.previous_row + 1)
        row = self.dim_rowmax if self.dim_rowmax is not None else -1
        layouts: dict[tuple, tuple[str, int, int, int]] = {}
        keyed = free = None
        width = -1
        chunk: list[str] = []
        start, references = row, 0
        written, lowest, highest = None, _COLUMNS_MAX, -1
        for values in rows:
            row += 1
            if row >= _ROWS_MAX:
                raise TooManyRows(row)
            if len(values) != width:
                width = len(values)
                keyed = _getter([c for c in range(width) if c in shared or c == number_column])
                free = _getter([c for c in range(width) if c not in shared and c != number_column])
                layouts.clear()
            texts = free(values)
            key = (keyed(values), tuple(map(bool, texts)))
            layout = layouts.get(key)
            if layout is None:
                if len(layouts) >= _LAYOUTS:
                    layouts.clear()  # rows that share little: a bounded cache
                layout = layouts[key] = self._layout(values, number_column, shared)
                references -= layout[3]  # _layout counted its own shared strings
            template, first, last, shared_cells = layout
            if first < 0:  # no cell: xlsxwriter writes no row either
                continue
            references += shared_cells
            chunk.append(template.format(row + 1, *[_text(t) for t in texts if t]))
            if written is None:
                written = row
            lowest, highest = min(lowest, first), max(highest, last)
            if len(chunk) >= 1_000:
                self.fh.write("".join(chunk))
                chunk.clear()
        self.fh.write("".join(chunk))
        if written is not None:  # the sheet's dimensions: first and last row, widest columns
            self._check_dimensions(written, lowest)
            self._check_dimensions(row, highest)
        self.str_table.count += references
        self.previous_row = max(row, 0)
        return row - start

    def _layout(
        self, values: list[str], number_column: int, shared: Container
    ) -> tuple[str, int, int, int]:
        """The XML of a row like ``values`` as a :meth:`str.format` template: ``{0}`` for the
        row number, ``{1}``, ``{2}``, … for the ``<t>`` elements of the non-empty cells
        outside ``shared`` and ``number_column``; then the first and last column with a
        value and how many shared strings the row holds."""
        parts = ['<row r="{0}">']
        first = last = -1
        field = shared_cells = 0
        for col, value in enumerate(values):
            if not value:
                continue
            if first < 0:
                first = col
            last = col
            head, text, number, in_table = self._cell_start(col)
            if col in shared and _shareable(value):
                index = self.str_table._get_shared_string_index(_cut(value))
                parts.append(f"{head}{in_table}{index}</v></c>")
                shared_cells += 1
            elif col == number_column and value.isascii() and value.isdigit():
                parts.append(f"{head}{number}{int(value):.16G}</v></c>")
            elif col in shared or col == number_column:  # a text that is part of the layout
                literal = _text(value).replace("{", "{{").replace("}", "}}")
                parts.append(f"{head}{text}{literal}</is></c>")
            else:
                field += 1
                parts.append(f"{head}{text}{{{field}}}</is></c>")
        parts.append("</row>")
        return "".join(parts), first, last, shared_cells

    def _cell_start(self, col: int) -> tuple[str, str, str, str]:
        """The start of a cell element of column ``col`` as a template: ``<c r="B{0}``, then
        what follows up to the value for text in the cell, a number and a shared string;
        ``s="2"`` is the column's format, as xlsxwriter adds it to a cell written without
        one."""
        info = self.col_info.get(col)
        style = ""
        if info is not None and info.column_format is not None:
            style = f' s="{info.column_format._get_xf_index()}"'
        return (
            f'<c r="{xl_col_to_name(col)}{{0}}',
            f'"{style} t="inlineStr"><is>',
            f'"{style}><v>',
            f'"{style} t="s"><v>',
        )

    def discard(self) -> None:
        """Close and remove the temporary file of the rows written so far (a write that
        fails before ``close``: xlsxwriter removes it only when the workbook closes)."""
        import os

        if self.row_data_fh is not None and not self.row_data_fh_closed:
            self.row_data_fh.close()
            self.row_data_fh_closed = True
            os.unlink(self.row_data_filename)


def _getter(columns: list[int]):
    """A function giving the values of ``columns`` of a row, always as a tuple."""
    if not columns:
        return lambda values: ()
    if len(columns) == 1:
        (column,) = columns
        return lambda values: (values[column],)
    return operator.itemgetter(*columns)


def _shareable(value: str) -> bool:
    """Whether xlsxwriter's shared-strings table writes ``value`` as text: not a value that
    looks like rich text (it would be copied unescaped) nor one holding ``_x``, which its
    pattern can escape wrongly; those are written in the cell (:func:`_text`)."""
    return "_x" not in value and not value.startswith("<r>")


def _cut(value: str) -> str:
    """``value`` cut to what an Excel cell holds, as xlsxwriter's ``write_string`` cuts it."""
    if len(value) > _STRMAX // 2 and _utf16_len(value) > _STRMAX:
        return _utf16_truncate(value, _STRMAX)
    return value


def _text(value: str) -> str:
    """The ``<t>`` element of a text cell, as xlsxwriter writes it for ``value``."""
    if (
        len(value) < _STRMAX // 2
        and "_x" not in value
        and not _SPECIAL.search(value)
        and not value[0].isspace()
        and not value[-1].isspace()
    ):
        return "<t>" + value + "</t>"  # most values: nothing to change
    value = _cut(value)
    if "_x" in value:
        value = _ESCAPE.sub("_x005F_", value)
    if _SPECIAL.search(value):
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if value[0].isspace() or value[-1].isspace():
        return f'<t xml:space="preserve">{value}</t>'
    return f"<t>{value}</t>"
