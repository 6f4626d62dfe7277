"""dq.xlsx: the fast row writer writes what xlsxwriter writes, cell for cell."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
import xlsxwriter
import xlsxwriter.exceptions
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from dq import fixlist
from dq.errors import DqError
from dq.xlsx import TextRows, TooManyRows

DAYS = 2  # the number column in these rows
HOSTILE = [
    ["Peeters", 'a & b <c> "d"', "12", "x"],
    [" leading", "trailing ", "\ttab", "007"],
    ["_x0041_ stays text", "bell\x07 and \x1f", "12a", "line\nbreak"],
    ["", "", "", ""],  # an empty row: no <row> element
    ["émoji 🎓 en ü", "", "", "=1+1"],
    ["x" * 40_000, "🎓" * 20_000, "-3", "\r\n"],
    ["", "only second", "", ""],
    ["digits", "not ASCII", "²٣", "x"],  # str.isdigit, yet no number for int()
]


def _stock(rows, constant_memory=True) -> bytes:
    """The sheet XML xlsxwriter writes for ``rows`` through write_string / write_number."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": constant_memory})
    sheet = book.add_worksheet("Blad")
    _header(book, sheet)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if not value:
                continue
            if c == DAYS and value.isascii() and value.isdigit():
                sheet.write_number(r, c, int(value))
            else:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def _ours(rows, shared=()) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = book.add_worksheet("Blad", worksheet_class=TextRows)
    _header(book, sheet)
    assert sheet.write_text_rows(iter(rows), DAYS, shared) == len(rows)
    book.close()
    return buffer.getvalue()


def _header(book, sheet) -> None:
    top = book.add_format({"valign": "top"})
    for c in range(4):
        sheet.set_column(c, c, 12, top if c != 3 else book.add_format({"text_wrap": True}))
    for c, name in enumerate(("een", "twee", "drie", "vier")):
        sheet.write_string(0, c, name, book.add_format({"bold": True}))


def _sheet_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()


def _values(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_rows_are_the_xml_xlsxwriter_writes_cell_by_cell():
    assert _sheet_xml(_ours(HOSTILE)) == _sheet_xml(_stock(HOSTILE))


def test_shared_columns_read_back_as_xlsxwriters_cells():
    ours = _ours(HOSTILE * 3, shared={0, 1, 3})
    assert _values(ours) == _values(_stock(HOSTILE * 3))
    # shared strings also as xlsxwriter writes them outside constant_memory (count, unique)
    # "_x..." goes in the cell: xlsxwriter's shared strings would escape it wrongly
    in_shared = [row[c] for row in HOSTILE * 3 for c in (0, 1, 3) if row[c] and "_x" not in row[c]]
    ours_sst = zipfile.ZipFile(io.BytesIO(ours)).read("xl/sharedStrings.xml")
    count = re.compile(rb'count="(\d+)" uniqueCount="(\d+)"')
    assert count.search(ours_sst).groups() == (
        str(len(in_shared)).encode(),
        str(len(set(in_shared))).encode(),
    )
    # each text as xlsxwriter writes it in a shared-strings table (its default mode)
    shared_only = [
        [row[c] if c != 2 and "_x" not in row[c] else "" for c in range(4)] for row in HOSTILE
    ]
    stock_sst = zipfile.ZipFile(io.BytesIO(_stock(shared_only, False))).read("xl/sharedStrings.xml")
    items = re.compile(rb"<si>.*?</si>", re.S)
    assert items.findall(ours_sst) == items.findall(stock_sst)[4:]  # stock shares the header too
    assert 't="s"' in _sheet_xml(ours) and 't="s"' not in _sheet_xml(_ours(HOSTILE))


@pytest.mark.parametrize("shared", [(), (0, 1)])
def test_a_value_that_looks_like_rich_text_is_text(shared):
    # xlsxwriter copies "<r>...</r>" into the file unescaped: "<r>&</r>" broke the workbook
    rows = [["<r>&</r>", "<r><t>x</t></r>", "1", "<r>"]]
    assert _values(_ours(rows, shared))[1] == ["<r>&</r>", "<r><t>x</t></r>", 1.0, "<r>"]


def test_braces_in_shared_or_number_columns_stay_text():
    rows = [["{0}", "{1} {", "{2}", "}"], ["{0}", "}{", "7", "{x}"]]
    assert _values(_ours(rows, shared={0, 1}))[1:] == [
        ["{0}", "{1} {", "{2}", "}"],
        ["{0}", "}{", 7.0, "{x}"],
    ]


cell = st.text(st.characters(exclude_categories=("Cs",)), max_size=12).filter(
    lambda v: not v.startswith("<r>")
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cell, min_size=4, max_size=4), min_size=1, max_size=12))
def test_any_rows_give_xlsxwriters_xml(rows):
    assert _sheet_xml(_ours(rows)) == _sheet_xml(_stock(rows))
    assert _values(_ours(rows, shared={1})) == _values(_stock(rows))


def test_more_rows_than_a_sheet_holds_is_a_clear_error_and_no_file(tmp_path, monkeypatch):
    monkeypatch.setattr("dq.xlsx._ROWS_MAX", 5)
    target = tmp_path / "lijst.xlsx"
    rows = [[str(n)] * len(fixlist.COLUMNS) for n in range(10)]
    with pytest.raises(DqError) as raised:
        fixlist.write_xlsx(str(target), iter(rows), "nl", codes=True)
    assert raised.value.code == "fix_too_many_rows"
    assert "1.048.575" in raised.value.message("nl") and ".csv" in raised.value.message("en")
    assert not target.exists()
    with pytest.raises(TooManyRows):
        _ours([["a"] * 4] * 5)


def test_the_temporary_rows_file_is_removed_when_a_write_fails(tmp_path):
    book = xlsxwriter.Workbook(
        str(tmp_path / "x.xlsx"), {"constant_memory": True, "tmpdir": str(tmp_path)}
    )
    sheet = book.add_worksheet("Blad", worksheet_class=TextRows)

    def rows():
        yield ["a", "b"]
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError):
        sheet.write_text_rows(rows())
    sheet.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_fix_list_xlsx_keeps_layout_with_shared_strings(demo_store, tmp_path):
    out = tmp_path / "lijst.xlsx"
    count = fixlist.write_xlsx(str(out), fixlist.rows(demo_store), "nl")
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == count + 1 and sheet.auto_filter.ref == f"A1:M{count + 1}"
    with zipfile.ZipFile(out) as archive:
        assert b'uniqueCount="' in archive.read("xl/sharedStrings.xml")


def test_a_user_name_like_rich_text_gives_a_readable_fix_list(tmp_path):
    # from the export to the CLI's streamed .xlsx and the pages' download, in a shared and a
    # plain column: the file opens and shows the text as it was typed
    from click.testing import CliRunner
    from conftest import write_csv

    from dq.cli import main
    from dq.ingest import ingest
    from dq.store import Store

    store = Store(tmp_path / "s.duckdb")
    rows = [
        ["S1", f"u{i}@s.be", "<r>&</r>", "<r><t>x</t></r>", "", "<r>G&</r>", "Leerlingen"]
        for i in range(3)
    ]
    ingest(store, [write_csv(tmp_path / "u.csv", rows)], as_of="2026-11-20")
    out = tmp_path / "lijst.xlsx"
    result = CliRunner().invoke(main, ["fixlist", "--db", str(store.path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = fixlist.to_xlsx_bytes(fixlist.fixlist(store), "nl")
    for data in (out.read_bytes(), page):
        cells = _values(data)
        assert len(cells) == 4
        assert {(r[2], r[3], r[5]) for r in cells[1:]} == {
            ("<r>&</r>", "<r><t>x</t></r>", "<r>G&</r>")
        }


def test_non_characters_and_overlapping_escapes_read_back_as_typed():
    # found from the outside: U+FFFE/U+FFFF broke the XML (xlsxwriter writes _xFFFE_);
    # "_x005F_x0041_" read back as "_x005FA" (xlsxwriter's own pattern misses overlapping
    # escapes, also in its shared strings)
    odd = [["Peeters\ufffe", "a\uffffb", "1", "x"]]
    overlapping = [["_x0041_x0042_", "_x005F_x0041_", "2", "__x0041__"]]
    for shared in ((), (0, 1, 3)):
        data = _ours(odd, shared)
        openpyxl.load_workbook(io.BytesIO(data))  # well-formed XML
        assert _values(data) == _values(_stock(odd))
        assert _values(_ours(overlapping, shared))[1] == [
            "_x0041_x0042_",
            "_x005F_x0041_",
            2.0,
            "__x0041__",
        ]


def test_a_failed_write_leaves_no_temporary_file_and_no_half_file(tmp_path, monkeypatch):
    # found from the outside: a write that failed while the workbook was closed (a full
    # disk) left xlsxwriter's temporary files, the whole list with names, in TMPDIR
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    target = tmp_path / "lijst.xlsx"

    def disk_full_in_the_zip(archive, *args, **kwargs):
        # the workbook's file is started and its parts wait in xlsxwriter's folder
        assert target.exists() and any(temp.iterdir())
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", disk_full_in_the_zip)
    rows = [[str(n)] * len(fixlist.COLUMNS) for n in range(50)]
    with pytest.raises((OSError, xlsxwriter.exceptions.XlsxWriterException)):
        fixlist.write_xlsx(str(target), iter(rows), "nl", codes=True)
    assert list(temp.iterdir()) == [] and not target.exists()


def test_a_full_disk_gives_a_message_and_leaves_nothing_behind(demo_store, tmp_path):
    import os
    import subprocess
    import sys

    temp = tmp_path / "temp"
    temp.mkdir()
    full = tmp_path / "full.xlsx"
    full.symlink_to("/dev/full")
    env = {**os.environ, "TMPDIR": str(temp), "DQ_LANG": "nl"}
    run = subprocess.run(
        [sys.executable, "-m", "dq", "fixlist", "--db", str(demo_store.path), "--out", str(full)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr and str(full) in run.stderr
    assert list(temp.iterdir()) == []


def test_too_many_rows_in_a_zip_leaves_no_empty_file(demo_store, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dq.cli import main

    monkeypatch.setattr("dq.xlsx._ROWS_MAX", 2)
    out = tmp_path / "lijst.zip"
    result = CliRunner().invoke(
        main, ["fixlist", "--db", str(demo_store.path), "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 2 and "Excel" in result.output and not out.exists()
