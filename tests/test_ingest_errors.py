"""Every bad file: exit code 2, a message naming the file and what to do, store unchanged."""

import zipfile

import pytest
from click.testing import CliRunner
from conftest import write_csv, write_xlsx

from dq.cli import main
from dq.identifiers import build

NN = build(1980, 3, 4, 5)


def _bytes(content: bytes):
    return lambda path: path.write_bytes(content)


def _users_without_username(path):
    write_csv(path, [["Peeters", NN]], headers=["Naam", "Rijksregisternummer"])


def _users_without_number(path):
    write_csv(path, [["a@s.be", "Peeters"]], headers=["Gebruikersnaam", "Naam"])


def _duplicate_headers(path):
    write_csv(path, [["a@s.be", NN, NN]], headers=["Gebruikersnaam", "RRNR", "Rijksregisternummer"])


def _wrong_delimiter(path):
    path.write_text("Gebruikersnaam#Rijksregisternummer\na@s.be#" + NN + "\n", encoding="utf-8")


def _header_only(path):
    write_csv(path, [], headers=["Gebruikersnaam", "Rijksregisternummer"])


def _undecodable(path):
    path.write_bytes(b"Gebruikersnaam;Rijksregisternummer\n" + b"a@s.be;\x81\x8d\x9d\n")


def _sheets_without_users(path):
    write_xlsx(
        path, [["x", "y"]], headers=["Kleur", "Smaak"], sheet="Blad2", extra_sheets=["Blad1"]
    )


def _zip_renamed(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")


CASES = [
    ("empty.csv", _bytes(b""), "leeg"),
    ("blank.csv", _bytes(b"\r\n \r\n"), "leeg"),
    ("junk.csv", _bytes(bytes(range(256)) * 40), "geen tekst"),
    ("old.xls", _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), ".xlsx"),
    ("renamed.xlsx", _zip_renamed, "beschadigd"),
    ("no_user.csv", _users_without_username, "Gevonden kolommen: Naam, Rijksregisternummer"),
    ("no_number.csv", _users_without_number, "rijksregister- of BIS-nummer"),
    ("dupes.csv", _duplicate_headers, "meer dan eens"),
    ("onecolumn.csv", _wrong_delimiter, "scheidingsteken"),
    ("header.csv", _header_only, "enkel een kopregel"),
    ("bytes.csv", _undecodable, "regel 2"),
    # old Mac Excel ends lines with a lone CR: the line is still named
    (
        "bytes-cr.csv",
        _bytes(b"Gebruikersnaam;Rijksregisternummer\ra@s.be;\rb@s.be;\x81\r"),
        "regel 3",
    ),
    ("sheets.xlsx", _sheets_without_users, "Blad1, Blad2"),
]


@pytest.mark.parametrize(("name", "make", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_exits_2_with_a_named_message_and_changes_nothing(tmp_path, name, make, expected):
    store = tmp_path / "store.duckdb"
    good = write_csv(tmp_path / "good.csv", [["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"]])
    assert (
        CliRunner()
        .invoke(main, ["ingest", "--db", str(store), "--as-of", "2026-11-13", str(good)])
        .exit_code
        == 0
    )
    before = store.read_bytes()
    bad = tmp_path / name
    make(bad)
    result = CliRunner().invoke(
        main, ["ingest", "--db", str(store), "--as-of", "2026-11-20", str(bad)]
    )
    assert result.exit_code == 2, result.output
    assert name in result.output and expected in result.output
    assert "Traceback" not in result.output
    assert NN not in result.output
    assert store.read_bytes() == before


def test_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("DQ_MAX_FILE_MB", "0.001")
    big = write_csv(
        tmp_path / "big.csv", [["1", f"u{i}@s.be", "A", "A", NN, "G", "L"] for i in range(100)]
    )
    result = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "s.duckdb"), str(big)])
    assert result.exit_code == 2 and "grens" in result.output
    assert not (tmp_path / "s.duckdb").exists()


def test_messages_in_english(tmp_path):
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    result = CliRunner().invoke(
        main, ["--lang", "en", "ingest", "--db", str(tmp_path / "s.duckdb"), str(bad)]
    )
    assert result.exit_code == 2 and "the file is empty" in result.output


def test_missing_file_and_bad_date_are_usage_errors(tmp_path):
    assert (
        CliRunner()
        .invoke(main, ["ingest", "--db", str(tmp_path / "s"), str(tmp_path / "nope.csv")])
        .exit_code
        == 2
    )
    result = CliRunner().invoke(main, ["ingest", "--as-of", "20/11", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "JJJJ-MM-DD" in result.output
