"""Hostile files, round two: misaligned rows, decoded copies on disk, markup in values.

Every file is written by the test and ingested by the real CLI (or pipeline) into a real
DuckDB store; each case uses its own school and date so none replaces another.
"""

import codecs
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import duckdb
import pytest
from click.testing import CliRunner
from conftest import ROOT, leaked, write_csv

from dq.cli import main
from dq.identifiers import build

NUMBERS = [build(1985, 7, 30, 30 + i) for i in range(40)]
HEADER = "Gebruikersnaam;Naam;Voornaam;Rijksregisternummer;Groep"


def _rows(count: int) -> list[str]:
    return [
        f"u{i}@school.be;Peeters;An;{NUMBERS[i % len(NUMBERS)]};Leerkrachten" for i in range(count)
    ]


def _misaligned(path, bad_at: int, total: int = 3000):
    lines = [HEADER, *_rows(total)]
    number = NUMBERS[bad_at % len(NUMBERS)]
    # one unquoted ';' in a name, and one missing cell: numbers would slide into other columns
    lines[bad_at] = f"x{bad_at}@school.be;Van;Dam;Jan;{number};Leerkrachten"
    lines[bad_at + 5] = f"y{bad_at}@school.be;Peeters;{number};Leerkrachten"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def _ingest(db, *args):
    return CliRunner().invoke(main, ["--lang", "en", "ingest", "--db", str(db), *map(str, args)])


@pytest.mark.parametrize(("bad_at", "total"), [(2900, 3000), (3, 10)])
def test_a_misaligned_row_anywhere_is_refused_naming_the_line(tmp_path, bad_at, total):
    export = _misaligned(tmp_path / "users.csv", bad_at, total)
    db = tmp_path / "store.duckdb"
    result = _ingest(db, "--school", f"S{bad_at}", "--as-of", "2026-01-02", export)
    assert result.exit_code == 2, result.output
    assert f"users.csv: line {bad_at + 1} has 6 fields where the header has 5" in result.output
    assert not leaked(set(NUMBERS), result.output)
    assert not db.exists()  # store unchanged (here: never created)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
@pytest.mark.parametrize("bad_at", [3, 2900])
def test_a_stray_nul_byte_is_refused_naming_its_line_wherever_it_is(tmp_path, bad_at, newline):
    """Known gap of round 7: a NUL in the first 64 KB said "not a text file" without a
    line, one further on was loaded into the cell. Both now name the line."""
    lines = [HEADER, *_rows(3000)]
    lines[bad_at] = lines[bad_at].replace("Peeters", "Pee\0ters")
    export = tmp_path / "users.csv"
    export.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    db = tmp_path / "store.duckdb"
    result = _ingest(db, "--school", "S1", "--as-of", "2026-01-02", export)
    assert result.exit_code == 2, result.output
    assert f"users.csv: line {bad_at + 1} holds a NUL character" in result.output
    assert not leaked(set(NUMBERS), result.output)
    assert not db.exists()


@pytest.mark.parametrize(
    ("encode", "nul_line"),
    [
        pytest.param(lambda text: codecs.BOM_UTF8 + text.encode(), 6, id="utf-8 with BOM"),
        pytest.param(lambda text: text.encode("utf-16"), 6, id="utf-16"),
        pytest.param(lambda text: text.encode("utf-16-le"), 6, id="utf-16-le without BOM"),
        pytest.param(
            lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), 6, id="utf-16-be"
        ),
        pytest.param(lambda text: b"\0" + text.replace("\0", "").encode(), 1, id="NUL first"),
        pytest.param(
            lambda text: b"\0\r\n" + text.replace("\0", "").encode(), 1, id="NUL line first"
        ),
    ],
)
def test_a_nul_in_any_encoding_is_refused_naming_its_line(tmp_path, encode, nul_line):
    """Outside tester t35: Excel's "CSV UTF-8" (with a BOM) and UTF-16 files with a U+0000
    were loaded; a NUL as the file's first byte was "not a text file"."""
    lines = [HEADER, *_rows(10)]
    lines[5] = lines[5].replace("Peeters", "Pee\0ters")
    export = tmp_path / "users.csv"
    export.write_bytes(encode("\r\n".join(lines) + "\r\n"))
    result = _ingest(tmp_path / "store.duckdb", "--as-of", "2026-01-02", export)
    assert result.exit_code == 2, result.output
    assert f"users.csv: line {nul_line} holds a NUL character" in result.output


@pytest.mark.parametrize(
    "make",
    [
        lambda: "Gebruikersnaam;Naam\r\na@s.be;Peeters\r\n".encode("utf-32"),
        lambda: _zip({"word/document.xml": "<w/>", "[Content_Types].xml": "<T/>"}),
        lambda: _zip({"content.xml": "<office/>", "mimetype": "application/vnd.oasis"}),
    ],
    ids=["utf-32", "docx", "ods"],
)
def test_other_files_are_no_text_or_excel_file(tmp_path, make):
    """Outside tester t35: a UTF-32 file was named a misaligned line it does not have, and a
    zip without a workbook was "a damaged .xlsx (CalamineError)"."""
    export = tmp_path / "users.csv"
    export.write_bytes(make())
    result = _ingest(tmp_path / "store.duckdb", "--as-of", "2026-01-02", export)
    assert result.exit_code == 2, result.output
    assert "users.csv: this is not a text or Excel file" in result.output


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_binary_file_is_still_no_text_file(tmp_path):
    export = tmp_path / "users.csv"
    export.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 40)
    result = _ingest(tmp_path / "store.duckdb", "--as-of", "2026-01-02", export)
    assert result.exit_code == 2, result.output
    assert "users.csv: this is not a text or Excel file" in result.output


def test_skip_bad_rows_loads_the_rest_and_lists_the_lines(tmp_path):
    export = _misaligned(tmp_path / "users.csv", 2900)
    db = tmp_path / "store.duckdb"
    result = _ingest(db, "--skip-bad-rows", "--school", "S1", "--as-of", "2026-01-03", export)
    assert result.exit_code == 0, result.output
    assert "2 line(s) skipped because their number of fields is wrong: 2901, 2906" in result.output
    con = duckdb.connect(str(db), read_only=True)
    warnings = con.execute("SELECT warnings FROM snapshot_files").fetchone()[0]
    assert {"code": "skipped_rows", "count": 2, "lines": ["2901", "2906"]} in json.loads(warnings)
    assert con.execute("SELECT count(*) FROM accounts").fetchone()[0] == 2998
    text_columns = con.execute(
        "SELECT string_agg(concat_ws('|', COLUMNS(* EXCLUDE (as_of))), '\n') FROM accounts"
    ).fetchone()[0]
    assert not leaked(set(NUMBERS), text_columns)


def test_row_numbers_after_a_skipped_line_are_the_file_lines(tmp_path):
    from dq import readers
    from dq.store import connect

    lines = [HEADER, *_rows(6)]
    lines[2] = "bad;row"
    lines[5] = "bad;row;with;too;many;cells"
    export = tmp_path / "users.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    con = connect()
    con.execute("CREATE TABLE staged (row_no BIGINT, username VARCHAR)")
    con.execute("INSERT INTO staged VALUES (2, 'an earlier file')")
    source = readers.open_source(export)
    with pytest.raises(readers.ReadError, match="regel 3 heeft 2 velden"):
        readers.insert_rows(con, source, "staged", '"Gebruikersnaam"', into=["username"])
    con.execute("DELETE FROM staged WHERE username <> 'an earlier file'")
    readers.insert_rows(
        con, source, "staged", '"Gebruikersnaam"', skip_bad_rows=True, into=["username"]
    )
    source.close()
    assert source.skipped_lines == [3, 6]
    rows = con.execute("SELECT username, row_no FROM staged ORDER BY row_no, username").fetchall()
    assert [n for _, n in rows] == [2, 2, 4, 5, 7] and rows[0][0] == "an earlier file"


# --- item 3: no decoded copy of the export on disk ---------------------------------------


def _big_export(path, encoding: str) -> None:
    lines = [HEADER.replace("Naam", "Naäm"), *_rows(30000)]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    path.write_bytes(data)


def _files_with_numbers(folder) -> list[str]:
    found = []
    for root, _, names in os.walk(folder):
        for name in names:
            full = os.path.join(root, name)
            try:
                data = open(full, "rb").read()  # noqa: SIM115 - a short test read
            except OSError:
                continue
            text = data.decode("utf-8", "ignore") + data.decode("utf-16-le", "ignore")
            if leaked(set(NUMBERS), text):
                found.append(name)
    return found


def _wait_for_decoded_copy(pid: int, seconds: float = 60) -> bool:
    """Wait until the process holds its decoded copy, written in full (memory or temp file)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                copy = "memfd:dq-export" in target or os.path.basename(target).startswith("dq-")
                if copy and os.stat(f"/proc/{pid}/fd/{fd}").st_size > 1_000_000:
                    return True
        except OSError:
            pass
        time.sleep(0.005)
    return False


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16-le"])
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_killed_ingest_leaves_no_decoded_copy_in_tmpdir(tmp_path, encoding, sig):
    export = tmp_path / "exports" / "users.csv"
    export.parent.mkdir()
    _big_export(export, encoding)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    command = [sys.executable, "-m", "dq", "ingest", "--db", str(tmp_path / "s.duckdb")]
    process = subprocess.Popen(
        [*command, "--school", "K", str(export)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # kill it while it holds the decoded copy (a memory file now, a temp file before)
    assert _wait_for_decoded_copy(process.pid), "the copy never appeared"
    process.send_signal(sig)
    process.wait(timeout=60)
    assert _files_with_numbers(tmpdir) == [], sig
    if sig != signal.SIGKILL:
        return
    # and a run that finishes leaves nothing either
    subprocess.run([*command, "--school", "K", str(export)], env=env, check=True, timeout=120)
    assert _files_with_numbers(tmpdir) == []


def test_no_temporary_file_is_made_for_a_cp1252_upload(tmp_path, monkeypatch):
    import tempfile

    from dq import readers

    made = []
    real = tempfile.NamedTemporaryFile
    monkeypatch.setattr(
        tempfile, "NamedTemporaryFile", lambda *a, **k: made.append(1) or real(*a, **k)
    )
    path = write_csv(tmp_path / "u.csv", [["a@s.be", NUMBERS[0]]], ["Gebruikersnaam", "RRNR"])
    source = readers.open_source(path, data=path.read_text().encode("cp1252"))
    assert source.text_path.startswith("/proc/self/fd/") and not made
    source.close()


def test_the_repository_root_is_importable():
    assert (ROOT / "dq" / "readers.py").exists()


# --- item 4: workbooks that would exhaust memory --------------------------------------


def _bomb(path, dimension: bool = True):
    """A tiny .xlsx with one cell at XFD1048576 (calamine would allocate the whole grid)."""
    import zipfile

    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + ('<dimension ref="A1:XFD1048576"/>' if dimension else "")
        + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Gebruikersnaam</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, text in parts.items():
            archive.writestr(part, text)
    return path


@pytest.mark.parametrize("dimension", [True, False])
def test_a_workbook_bomb_is_exit_2_not_a_crash(tmp_path, dimension, monkeypatch):
    monkeypatch.setenv("DQ_XLSX_MEMORY_MB", "1024")
    bomb = _bomb(tmp_path / "bomb.xlsx", dimension)
    assert bomb.stat().st_size < 3000
    result = _ingest(tmp_path / "s.duckdb", "--school", "B", bomb)
    assert result.exit_code == 2, result.output
    assert "bomb.xlsx" in result.output and not (tmp_path / "s.duckdb").exists()


def test_a_workbook_bomb_on_the_checker_page_leaves_the_page_working(tmp_path, monkeypatch):
    from conftest import page_test

    monkeypatch.setenv("DQ_XLSX_MEMORY_MB", "1024")
    from dq import readers

    with pytest.raises(readers.ReadError):
        readers.read_value_column("bomb.xlsx", _bomb(tmp_path / "b.xlsx", False).read_bytes())
    at = page_test("checker.py").run()
    at.text_area(key="checker_text").input(NUMBERS[0]).run()
    assert not at.exception and at.metric


# --- item 6: data is text, never markup ----------------------------------------------------

IMAGE = "![x](http://127.0.0.1:9/x.png)"
SCHOOL = "**Sint-Jan** [klik](http://127.0.0.1:9/)"


def _unescaped(texts) -> list[str]:
    return [t for t in texts if "![x](" in t or "[klik](" in t or "**Sint-Jan**" in t]


def test_markdown_in_headers_and_school_ids_is_shown_as_text(tmp_path, monkeypatch):
    export = write_csv(
        tmp_path / "users.csv",
        [[SCHOOL, "a@s.be", "Peeters", "An", NUMBERS[0], "x", "Leerlingen"]],
        headers=[
            "Instellingsnummer",
            "Gebruikersnaam",
            "Naam",
            "Voornaam",
            "RRNR",
            IMAGE,
            "Modules",
        ],
    )
    db = tmp_path / "store.duckdb"
    assert _ingest(db, "--as-of", "2026-01-05", export).exit_code == 0
    monkeypatch.setenv("DQ_DB", str(db))
    from streamlit.testing.v1 import AppTest

    shown = []
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()  # the overview
    for page in ("overview.py", "data_quality.py", "modules_schools.py", "import_data.py"):
        at.switch_page(f"pages/{page}").run()
        assert not at.exception, page
        elements = [*at.warning, *at.markdown, *at.caption, *at.success, *at.error, *at.info]
        shown += [e.value for e in elements] + [e.label for e in at.expander]
        shown += [str(v) for table in at.table for v in table.value.to_numpy().ravel()]
    assert any("\\!\\[x\\]" in text for text in shown)  # the header is there, escaped
    assert any("\\*\\*Sint-Jan\\*\\*" in text for text in shown)  # and so is the school
    assert _unescaped(shown) == []
