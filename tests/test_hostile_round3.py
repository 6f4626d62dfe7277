"""Hardening round three: what an outside tester still broke after issue 13.

Each test turns one of the tester's repros into a test against the real parts: real DuckDB
files, real CSV and xlsx files written here, the real CLI (in-process or as a process that
gets a real signal), the real app reading a real secrets file.
"""

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from conftest import ROOT, write_xlsx
from streamlit.testing.v1 import AppTest

from dq import policy, privacy
from dq.cli import main
from dq.identifiers import build

NUMBERS = [build(1980 + i % 20, 1 + i % 12, 1 + i % 28, 1 + 2 * i) for i in range(40)]
HEADER = "Gebruikersnaam;Achternaam;Voornaam;E-mail;Groepen;Rijksregisternummer"


def _row(i: int) -> str:
    return f"u{i};Naam{i};V{i};u{i}@s.be;Leerkrachten;{NUMBERS[i % len(NUMBERS)]}"


def _dq(*args: str):
    return CliRunner().invoke(main, ["--lang", "en", *args])


def _export(tmp_path: Path, lines: list[str], name="users_2026-11-20.csv", end="\n") -> Path:
    path = tmp_path / name
    path.write_bytes((end.join(lines) + end).encode("utf-8"))
    return path


# --- 1: another program's DuckDB file is never written to -----------------------------


@pytest.mark.parametrize(
    "make",
    [
        "CREATE TABLE accounts(x INT); INSERT INTO accounts VALUES (42)",
        "CREATE TABLE invoices(x INT)",
        "CREATE TABLE meta(x INT); INSERT INTO meta VALUES (1)",  # a meta of another shape
        "CREATE TABLE meta(key VARCHAR, value VARCHAR); INSERT INTO meta VALUES ('a', 'b')",
    ],
)
def test_a_foreign_duckdb_file_is_refused_and_left_byte_for_byte(tmp_path, make):
    db = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(db))
    con.execute(make)
    con.close()
    before = db.read_bytes()
    export = _export(tmp_path, [HEADER, _row(1)])
    for args in (["ingest", "--school", "1", str(export)], ["metrics"], ["snapshots"]):
        result = _dq(*args, "--db", str(db))
        assert result.exit_code == 2, (args, result.output)
        assert "not a Sleutelklaar database" in result.output, (args, result.output)
    assert db.read_bytes() == before


def test_an_empty_duckdb_file_still_becomes_a_store(tmp_path):
    db = tmp_path / "new.duckdb"
    duckdb.connect(str(db)).close()
    result = _dq("ingest", "--school", "1", "--db", str(db), str(_export(tmp_path, [HEADER])))
    assert "not a Sleutelklaar database" not in result.output


# --- 2 and 3: rows whose extra fields are empty; physical line numbers ------------------


@pytest.mark.parametrize(
    ("lines", "line", "bad"),
    [
        ([HEADER, _row(1), "u2;De;Smet;Jan;jan@s.be;Directie;", _row(3)], 3, 1),
        ([HEADER, _row(0)] + [_row(i) + ";" for i in range(1, 5)], 3, 4),  # ';' ends data rows
        ([HEADER] + [_row(i) for i in range(1, 30000)] + [_row(0) + ";;", _row(1)], 30001, 1),
    ],
    ids=["shifted-name", "trailing-delimiter-on-rows", "deep"],
)
def test_rows_with_empty_extra_fields_are_misaligned(tmp_path, lines, line, bad):
    db = tmp_path / "s.duckdb"
    export = _export(tmp_path, lines)
    result = _dq("ingest", "--school", "1", "--db", str(db), str(export))
    assert result.exit_code == 2, result.output
    assert f"line {line} has" in result.output
    assert not db.exists()
    skipped = _dq("ingest", "--school", "1", "--db", str(db), "--skip-bad-rows", str(export))
    assert skipped.exit_code == 0, skipped.output
    assert str(line) in skipped.output
    rows = duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM accounts")
    assert rows.fetchone()[0] == len({r.split(";")[0] for r in lines[1:] if not r.endswith(";")})


def test_a_trailing_delimiter_on_every_line_header_included_still_loads(tmp_path):
    export = _export(tmp_path, [HEADER + ";"] + [_row(i) + ";" for i in range(1, 5)])
    result = _dq("ingest", "--school", "1", "--db", str(tmp_path / "s.duckdb"), str(export))
    assert result.exit_code == 0, result.output


def test_lines_are_counted_physically_after_a_quoted_line_break(tmp_path):
    lines = [
        HEADER,
        'u1;"Naam\nmet regel";V1;u1@s.be;Leerkrachten;' + NUMBERS[1],
        _row(2),
        _row(3) + ";x",  # physical line 5
        _row(4),
        "u5;a",  # physical line 7
    ]
    export = _export(tmp_path, lines)
    db = tmp_path / "s.duckdb"
    result = _dq("ingest", "--school", "1", "--db", str(db), str(export))
    assert result.exit_code == 2 and "line 5 has" in result.output, result.output
    skipped = _dq("ingest", "--school", "1", "--db", str(db), "--skip-bad-rows", str(export))
    assert skipped.exit_code == 0 and "5, 7" in skipped.output, skipped.output


# --- 4: workbooks cannot flood the parent -------------------------------------------------


def test_a_workbook_over_the_cell_budget_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("DQ_XLSX_MAX_CELLS", "500")
    book = write_xlsx(tmp_path / "big_2026-11-20.xlsx", [[str(i)] * 7 for i in range(100)])
    result = _dq("ingest", "--school", "1", "--db", str(tmp_path / "s.duckdb"), str(book))
    assert result.exit_code == 2, result.output
    assert "too large" in result.output and "500" in result.output
    monkeypatch.setenv("DQ_XLSX_MAX_CELLS", "5000")
    result = _dq("ingest", "--school", "1", "--db", str(tmp_path / "s.duckdb"), str(book))
    assert result.exit_code == 0, result.output


def test_a_zip_bomb_workbook_is_refused_by_its_unpacked_size(tmp_path, monkeypatch):
    monkeypatch.setenv("DQ_MAX_FILE_MB", "0.05")  # 50 KB files, so 1 MB unpacked at most
    bomb = tmp_path / "bomb_2026-11-20.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 3_000_000)
    assert bomb.stat().st_size < 50_000
    result = _dq("ingest", "--school", "1", "--db", str(tmp_path / "s.duckdb"), str(bomb))
    assert result.exit_code == 2, result.output
    assert "unpacks to 2.9 MB" in result.output and "limit of 1.0 MB" in result.output


# --- 5: the Makefile checks the secrets file before Streamlit parses it ------------------


@pytest.mark.parametrize("kind", ["not-utf8", "folder"])
def test_an_unreadable_secrets_file_is_named_before_streamlit_starts(tmp_path, kind):
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    if kind == "folder":
        secrets.mkdir(parents=True)
    else:
        secrets.parent.mkdir()
        secrets.write_bytes(b"\xff\xfe[auth]\n")
    done = subprocess.run(
        [sys.executable, "-m", "dq.secrets_check"],
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "secrets.toml" in done.stderr and "Traceback" not in done.stderr
    assert "dq.secrets_check" in (ROOT / "Makefile").read_text()


# --- 6: sign-in keys outside [auth] fail closed -----------------------------------------

STRAY = """redirect_uri = "http://127.0.0.1:8501/oauth2callback"
cookie_secret = "a long random string for the test only"
client_id = "test"
client_secret = "test"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""


@pytest.fixture
def secrets_file(tmp_path, monkeypatch, demo_store):
    from streamlit import config

    path = tmp_path / "secrets.toml"
    before = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(path)])
    monkeypatch.setenv("DQ_DB", str(demo_store.path))
    yield path
    config.set_option("secrets.files", before)


@pytest.mark.parametrize("content", [STRAY, "[Auth]\n" + STRAY], ids=["no-header", "Auth"])
def test_sign_in_keys_outside_a_lowercase_auth_section_fail_closed(secrets_file, content):
    from dq import ui

    secrets_file.write_text(content, encoding="utf-8")
    assert ui.auth_configured() and ui.signin_problem()["problem"] == "misplaced"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Sign-in is misconfigured"
    assert "[auth]" in at.error[0].value
    assert not at.metric and not at.dataframe


# --- 7: Ctrl+C and SIGTERM ----------------------------------------------------------------


def _handlers_installed(pid: int) -> bool:
    """Whether the process catches SIGTERM yet (the CLI installs its handler at start)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = int(
        next(line for line in status.splitlines() if line.startswith("SigCgt")).split()[1], 16
    )
    return bool(caught & (1 << (signal.SIGTERM - 1)))


def _start_ingest(db: Path, export: Path) -> subprocess.Popen:
    """``dq ingest`` in its own process, output captured, Ctrl+C at its default (so the CLI's
    own handler is what a signal meets)."""
    return subprocess.Popen(
        [sys.executable, "-m", "dq", "ingest", "--school", "1", "--db", str(db), str(export)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_ingest_says_so_and_changes_nothing(tmp_path, sig, code):
    export = _export(tmp_path, [HEADER] + [_row(i) for i in range(300_000)])
    db = tmp_path / "s.duckdb"
    process = _start_ingest(db, export)
    deadline = time.monotonic() + 60
    while not _handlers_installed(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # into the ingest
    process.send_signal(sig)
    out = process.communicate(timeout=120)[0]
    assert process.returncode == code, out
    assert "Onderbroken; de databank is niet gewijzigd." in out
    assert "Aborted" not in out and "onverwachts" not in out and "Traceback" not in out
    assert not db.exists() or _dq("snapshots", "--db", str(db)).output.count("2026-11-20") == 0


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_stop_during_start_up_imports_never_aborts_python(tmp_path):
    """Ctrl+C while DuckDB's C extension is being imported used to abort Python (exit -6, a
    'Fatal Python error'); CI saw it as a stray -2 too. Signals at start-up end cleanly."""
    export = _export(tmp_path, [HEADER] + [_row(i) for i in range(1000)])
    for delay in (0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08):
        db = tmp_path / f"s{delay}.duckdb"
        process = _start_ingest(db, export)
        while not _handlers_installed(process.pid) and process.poll() is None:
            time.sleep(0.001)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        out = process.communicate(timeout=120)[0]
        assert "Fatal Python error" not in out and "Traceback" not in out, (delay, out)
        # either stopped (nothing written) or, at the latest delays, already done
        assert process.returncode in (0, 130), (delay, process.returncode, out)
        if process.returncode == 130:
            assert not db.exists() or "2026-11-20" not in _dq("snapshots", "--db", str(db)).output


def test_a_stop_absorbed_by_a_running_query_still_prevents_the_commit(tmp_path, monkeypatch):
    """A signal that DuckDB swallows mid-query (CI saw one: exit 0, snapshot written) must not
    let the transaction commit: the handler's record alone rolls it back."""
    from dq.errors import STOP_REQUESTS
    from dq.ingest import ingest
    from dq.store import open_store

    store = open_store(tmp_path / "s.duckdb")
    export = _export(tmp_path, [HEADER] + [_row(i) for i in range(50)])
    monkeypatch.setattr("dq.errors.STOP_REQUESTS", STOP_REQUESTS)
    STOP_REQUESTS.append(signal.SIGTERM)
    try:
        with pytest.raises(KeyboardInterrupt):
            ingest(store, [export], school="1")
    finally:
        STOP_REQUESTS.clear()
    assert not store.exists() or store.snapshots().empty
    ingest(store, [export], school="1")  # and nothing is left behind that blocks the next one
    assert len(store.snapshots()) == 1


# --- 8: messages for a long line, CR-only line ends, undefined Windows-1252 bytes --------


def test_a_very_long_line_gets_its_own_message(tmp_path):
    lines = [HEADER, _row(1), "u2;" + "A" * 3_000_000 + ";V;e;G;1"]
    result = _dq("ingest", "--db", str(tmp_path / "s.duckdb"), str(_export(tmp_path, lines)))
    assert result.exit_code == 2
    assert "line 3 is longer than 2 MB" in result.output, result.output


def test_cr_only_line_ends_are_read_and_a_bad_row_is_named(tmp_path):
    good = _export(tmp_path, [HEADER, _row(1), _row(2)], "good_2026-11-20.csv", end="\r")
    result = _dq("ingest", "--db", str(tmp_path / "s.duckdb"), str(good))
    assert result.exit_code == 0, result.output
    lines = [HEADER, _row(1), _row(2) + ";x", _row(3)]
    bad = tmp_path / "bad_2026-11-21.csv"
    bad.write_bytes(("\r".join(lines) + "\n").encode("utf-8"))  # CR-only, one LF at the end
    result = _dq("ingest", "--db", str(tmp_path / "t.duckdb"), str(bad))
    assert result.exit_code == 2 and "line 3 has 7 fields" in result.output, result.output


def test_undefined_windows_1252_bytes_are_named_by_line(tmp_path):
    export = tmp_path / "users.csv"
    export.write_bytes((HEADER + "\n" + _row(1) + "\n").encode() + b"u2;\x81\x8d;x;y;z;\n")
    result = _dq("ingest", "--db", str(tmp_path / "s.duckdb"), str(export))
    assert result.exit_code == 2 and "on line 3" in result.output, result.output


# --- 9: --db must be a database file --------------------------------------------------------


@pytest.mark.parametrize(
    "db", [":memory:", "s3://bucket/x.duckdb", "http://host/x.duckdb", "gs://b/x", "/dev/null"]
)
def test_a_db_that_cannot_be_a_file_is_refused_before_anything_is_made(tmp_path, db):
    os.chdir(tmp_path)
    try:
        export = _export(tmp_path, [HEADER, _row(1)])
        for args in (["ingest", "--school", "1", str(export)], ["snapshots"], ["metrics"]):
            result = _dq(*args, "--db", db)
            assert result.exit_code == 2, (args, result.output)
            assert "a database file is needed" in result.output, result.output
        assert sorted(p.name for p in tmp_path.iterdir()) == [export.name]
    finally:
        os.chdir(ROOT)


# --- 10 and 12: keys ------------------------------------------------------------------------


def test_a_key_mismatch_names_the_key_actually_used(tmp_path, monkeypatch):
    db = tmp_path / "s.duckdb"
    first = _export(tmp_path, [HEADER, _row(1)], "a_2026-11-20.csv")
    assert _dq("ingest", "--db", str(db), str(first)).exit_code == 0
    monkeypatch.setenv("DQ_SECRET_KEY", "cd" * 32)
    second = _export(tmp_path, [HEADER, _row(2)], "b_2026-11-21.csv")
    result = _dq("ingest", "--db", str(db), str(second))
    assert result.exit_code == 2
    assert "different key than DQ_SECRET_KEY" in result.output, result.output
    monkeypatch.delenv("DQ_SECRET_KEY")
    key_file = tmp_path / "key"
    key_file.write_text("ef" * 32 + "\n")
    monkeypatch.setenv("DQ_KEY_FILE", str(key_file))
    assert f"different key than {key_file}" in _dq("ingest", "--db", str(db), str(second)).output


@pytest.mark.parametrize("inside", [" ", "\n", "\t"])
def test_a_key_with_white_space_inside_is_refused(monkeypatch, tmp_path, inside):
    monkeypatch.setenv("DQ_SECRET_KEY", " " + "ab" * 16 + inside + "cd" * 16 + "\n")
    with pytest.raises(privacy.KeyProblem):
        privacy.load_key()
    key_file = tmp_path / "key"
    key_file.write_text("ab" * 16 + inside + "cd" * 16 + "\n")
    monkeypatch.delenv("DQ_SECRET_KEY")
    monkeypatch.setenv("DQ_KEY_FILE", str(key_file))
    with pytest.raises(privacy.KeyProblem):
        privacy.load_key()
    key_file.write_text("  " + "ab" * 32 + "\n")  # white space around it is fine
    assert len(privacy.load_key().material) == 32


# --- 11: policy messages entirely in one language -------------------------------------------


@pytest.mark.parametrize(
    ("text", "nl", "en"),
    [
        ('[thresholds]\nred = "veel"', "een getal tussen 0 en 1", "a number between 0 and 1"),
        ("thresholds = 1", "een tabel [thresholds]", "a table [thresholds]"),
        ('[webservice]\nprefix = ""', "niet-lege tekst", "non-empty text"),
        ("[access]\nadmins = 'x'", "e-mailadressen", "e-mail addresses"),
        ("[modules.x]\nrequires_2fa = 'ja'", "true of false", "true or false"),
        ("[columns]\nX = 5", "tekst (geen getal of lijst)", "text (not a number or a list)"),
        ("[modules.x]\nfrom = 1", "geen bekende instelling", "not a known setting"),
        ("kleur = 1", "geen bekende instelling", "not a known setting"),
    ],
)
def test_policy_errors_are_entirely_in_the_chosen_language(text, nl, en):
    with pytest.raises(policy.PolicyError) as caught:
        policy.load_text(text)
    dutch, english = caught.value.message("nl"), caught.value.message("en")
    assert nl in dutch and en in english
    for word in ("allowed", "Allowed", "a number", "table", "list of", "text such"):
        assert word not in dutch, dutch
    assert "Toegelaten" not in english and "Bekend" not in english


@pytest.mark.parametrize(
    "shape",
    [
        "across-chunks-lf",
        "across-chunks-crlf",
        "cr-ends-the-chunk",
        "at-end-no-newline",
        "quoted",
        "none",
    ],
)
def test_padded_rows_are_found_wherever_they_sit(tmp_path, shape):
    """The fast tests before the CSV reader (substrings per 4 MiB chunk, a regular expression
    per chunk of whole lines) must find a row with empty extra fields at a chunk boundary, at
    the end of a file without a newline, and in a file with quotes."""
    from dq.readers import Source, _trailing_field_rows

    chunk = 1 << 22
    header, row = b"a;b;c\n", b"1;2;3\n"
    if shape.startswith("across-chunks"):
        # a row of four fields whose last ';' is the last byte of the first chunk
        newline = b"\r\n" if shape.endswith("crlf") else b"\n"
        before = header + row * ((chunk - 1000) // len(row))
        padded = b"1;2;" + b"y" * (chunk - 1 - len(before) - 4) + b";"
        data, expected = before + padded + newline + row, True
        assert data.index(padded) + len(padded) == chunk
    elif shape == "cr-ends-the-chunk":
        # ';\r' ends the first chunk and '\n' opens the second, which holds no CR at all
        before = header + row * ((chunk - 1000) // len(row))
        padded = b"1;2;" + b"y" * (chunk - 2 - len(before) - 4) + b";\r"
        data, expected = before + padded + b"\n" + row, True
        assert data.index(padded) + len(padded) == chunk and b"\r" not in data[chunk:]
    elif shape == "at-end-no-newline":
        data, expected = header + row + b"1;2;3;", True
    elif shape == "quoted":
        data, expected = header + b'"1";2;3\n1;2;3;\n', True
    else:  # a line ending in ';' with three fields: the last one empty, nothing extra
        data, expected = header + row + b"1;2;\n", False
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    source = Source(
        "x.csv", "0", len(data), "csv", ["a", "b", "c"], "utf-8", ";", text_path=str(path)
    )
    assert bool(_trailing_field_rows(source)) is expected, shape


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_when_every_row_is_skipped_the_message_says_so(tmp_path, lang):
    """Outside tester t24: every data line ends in the delimiter (the header does not); with
    --skip-bad-rows every row was skipped and the message said the file had only a header."""
    export = _export(tmp_path, [HEADER] + [_row(i) + ";" for i in range(1, 5)])
    db = tmp_path / "s.duckdb"
    result = _dq("--lang", lang, "ingest", "--school", "1", "--db", str(db), "--skip-bad-rows",
                 str(export))  # fmt: skip
    assert result.exit_code == 2, result.output
    expected = {"nl": "alle 4 rijen werden overgeslagen", "en": "all 4 rows were skipped"}[lang]
    assert expected in result.output and "2" in result.output, result.output
    assert "Traceback" not in result.output and not db.exists()
