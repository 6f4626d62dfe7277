"""Ingest: formats and header variants, collapse, idempotency, replacement, atomicity."""

import codecs
import datetime
import json
import random
import subprocess
import sys
import time

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import USER_HEADERS, write_csv, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_identifiers_redact import a_text

from dq.cli import main
from dq.identifiers import build, redact
from dq.identifiers.sql import install
from dq.ingest import QUERIES, IngestError, ingest
from dq.readers import ReadError
from dq.store import execute

NN = build(1980, 3, 4, 5)
YOUNG = build(2003, 4, 5, 2)  # loses its leading zero in Excel
BIS = build(1975, 6, 8, 980, kind="bis")


def accounts(store, as_of=None):
    with store.reader() as con:
        sql = (
            "SELECT * FROM accounts"
            + (" WHERE as_of = $d" if as_of else "")
            + " ORDER BY school_id, username"
        )
        return con.execute(sql, {"d": as_of} if as_of else {}).df()


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_cp1252_semicolon_csv_with_euro_accents_and_smart_quotes(fresh_store, tmp_path):
    rows = [["012345", "zoë@s.be", "D’Hondt “€”", "Zoë", NN, "Leerkrachten", "Leerlingen"]]
    path = write_csv(tmp_path / "users_2026-11-20.csv", rows, encoding="cp1252")
    report = ingest(fresh_store, [path])
    assert report.files[0].encoding == "cp1252" and report.files[0].delimiter == ";"
    row = accounts(fresh_store).iloc[0]
    assert (row.last_name, row.first_name) == ("D’Hondt “€”", "Zoë")
    assert row.number_valid and row.number_kind == "nn" and row.check_digits == NN[-2:]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "detected"),
    [
        ("utf-8-sig", ";", "utf-8-sig"),
        ("utf-16", "\t", "utf-16"),
        ("utf-8", ",", "utf-8"),
        ("utf-16-le", "\t", "utf-16-le"),
    ],
)
def test_text_encodings_and_delimiters(fresh_store, tmp_path, encoding, delimiter, detected):
    rows = [["1", "an@s.be", "Peeters", "An", NN, "Leerkrachten", "Leerlingen, Personeel"]]
    path = write_csv(tmp_path / "u.csv", rows, encoding=encoding, delimiter=delimiter)
    report = ingest(fresh_store, [path], as_of="2026-11-20")
    assert (report.files[0].encoding, report.files[0].delimiter) == (detected, delimiter)
    row = accounts(fresh_store).iloc[0]
    assert row.number_valid and list(row.modules) == ["leerlingen", "personeel"]


def test_xlsx_numeric_cells_scientific_text_and_decimal_text(fresh_store, tmp_path):
    rows = [
        ["1", "a@s.be", "A", "A", int(YOUNG), "Leerkrachten", "Leerlingen"],  # numeric: zero lost
        ["1", "b@s.be", "B", "B", int(NN), "Leerkrachten", "Leerlingen"],  # numeric, no .0 flag
        ["1", "c@s.be", "C", "C", NN + ".0", "Leerkrachten", "Leerlingen"],  # text with .0
        ["1", "d@s.be", "D", "D", "8,50730E+10", "Leerkrachten", "Leerlingen"],
    ]
    ingest(fresh_store, [write_xlsx(tmp_path / "u.xlsx", rows)], as_of="2026-11-20")
    got = accounts(fresh_store).set_index("username")
    assert list(got.loc["a@s.be", "number_flags"]) == ["leading_zero_restored"]
    assert got.loc["a@s.be", "number_valid"]
    assert list(got.loc["b@s.be", "number_flags"]) == [] and got.loc["b@s.be", "number_valid"]
    assert list(got.loc["c@s.be", "number_flags"]) == ["decimal_suffix_removed"]
    assert got.loc["d@s.be", "number_reason"] == "excel_scientific"
    assert got.loc["d@s.be", "entered_value"] == "8,50730E+10"


def test_french_headers_with_odd_case_spaces_and_colons(fresh_store, tmp_path):
    headers = [
        " NUMÉRO D'ÉTABLISSEMENT : ",
        "nom d'utilisateur:",
        "Nom",
        "Prénom",
        "NISS",
        "Groupe",
        "Modules",
    ]
    path = write_csv(
        tmp_path / "u.csv",
        [["7", "x@s.be", "Dubois", "Élodie", BIS, "Direction", "iRekeningen"]],
        headers=headers,
    )
    report = ingest(fresh_store, [path], as_of="2026-11-20")
    assert report.files[0].mapping[" NUMÉRO D'ÉTABLISSEMENT : ".strip()] == "school_id"
    row = accounts(fresh_store).iloc[0]
    assert (row.school_id, row.number_kind, list(row.modules)) == ("7", "bis", ["irekeningen"])


def test_per_group_rows_collapse_into_one_account_with_the_union(fresh_store, tmp_path):
    rows = [
        ["1", "Jan@s.be", "Peeters", "Jan", NN, "Leerkrachten", "Leerlingen"],
        [
            "1",
            "jan@s.be",
            "Peeters",
            "Jan",
            f"{NN[:6]}-{NN[6:]}",
            "Directie",
            "iRekeningen; iRegistratie",
        ],
        ["1", "jan@s.be ", "Peeters", "Jan", "", "Boekhouding", "Onbekende module"],
    ]
    report = ingest(fresh_store, [write_csv(tmp_path / "u.csv", rows)], as_of="2026-11-20")
    got = accounts(fresh_store)
    assert len(got) == 1 and report.files[0].accounts == 1
    row = got.iloc[0]
    assert row.source_rows == 3
    assert list(row.groups) == ["Boekhouding", "Directie", "Leerkrachten"]
    assert list(row.modules) == ["iregistratie", "irekeningen", "leerlingen", "onbekende-module"]
    assert row.number_valid and not report.files[0].warnings  # same number written twice


def test_groups_decide_modules_when_there_is_no_modules_column(fresh_store, tmp_path):
    headers = ["Gebruikersnaam", "Rijksregisternummer", "Groep"]
    rows = [["a@s.be", NN, "Leerkrachten lager"], ["b@s.be", NN, "Poetsploeg"]]
    ingest(
        fresh_store,
        [write_csv(tmp_path / "u.csv", rows, headers=headers)],
        as_of="2026-11-20",
        school="042",
    )
    got = accounts(fresh_store).set_index("username")
    assert (
        list(got.loc["a@s.be", "modules"]) == ["leerlingen"]
        and got.loc["a@s.be", "modules_from"] == "groups"
    )
    assert list(got.loc["b@s.be", "unmapped_groups"]) == ["Poetsploeg"]
    assert set(got.school_id) == {"042"}


def test_both_number_columns_valid_one_wins_and_disagreement_is_flagged(fresh_store, tmp_path):
    headers = ["Gebruikersnaam", "Rijksregisternummer", "BIS-nummer", "Geboortedatum"]
    rows = [
        ["a@s.be", "123", BIS, "08/06/1975"],  # invalid nn, valid bis: bis wins
        ["b@s.be", NN, NN, "04/03/1980"],  # same number twice: no disagreement
        ["c@s.be", NN, "", "05/03/1980"],  # birth date differs from the number
    ]
    ingest(fresh_store, [write_csv(tmp_path / "u.csv", rows, headers=headers)], as_of="2026-11-20")
    got = accounts(fresh_store).set_index("username")
    assert got.loc["a@s.be", "number_kind"] == "bis" and got.loc["a@s.be", "numbers_disagree"]
    assert not got.loc["b@s.be", "numbers_disagree"] and not got.loc["b@s.be", "birthdate_mismatch"]
    assert got.loc["c@s.be", "birthdate_mismatch"]


def test_contacts_export_detected_by_its_headers(fresh_store, tmp_path):
    headers = [
        "Contactpersoon-ID",
        "Naam",
        "Voornaam",
        "Organisatie",
        "Rijksregisternummer",
        "Gekoppelde gebruikersnaam",
    ]
    path = write_csv(
        tmp_path / "c.csv",
        [["C1", "Maes", "Els", "CLB GO! Gent", NN, "els@clb.be; E2@clb.be"]],
        headers=headers,
    )
    with pytest.raises(IngestError, match="c.csv"):  # alone: refused, the store unchanged
        ingest(fresh_store, [path], as_of="2026-11-20")
    assert not fresh_store.exists() or fresh_store.snapshots().empty
    users = write_csv(
        tmp_path / "u.csv", [["1", "els@clb.be", "Maes", "Els", "", "G", "Leerlingen"]]
    )
    ingest(fresh_store, [users], as_of="2026-11-20")
    report = ingest(fresh_store, [path], as_of="2026-11-20")
    assert report.files[0].kind == "contacts"
    with fresh_store.reader() as con:
        row = con.execute("SELECT usernames, number_valid, organisation FROM contacts").fetchone()
    assert row == (["e2@clb.be", "els@clb.be"], True, "CLB GO! Gent")


def test_same_content_for_the_same_date_changes_nothing(fresh_store, tmp_path):
    path = write_csv(
        tmp_path / "u_2026-11-20.csv", [["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"]]
    )
    ingest(fresh_store, [path])
    before = fresh_store.snapshots()
    result = run("ingest", "--db", fresh_store.path, path)
    assert result.exit_code == 0 and "al ingelezen" in result.output
    assert before.equals(fresh_store.snapshots())


def test_same_content_with_other_options_is_loaded_again(fresh_store, tmp_path):
    rows = [["", "a@s.be", "A", "A", NN, "G", "Leerlingen"]]  # no school: --school decides
    path = write_csv(tmp_path / "u_2026-11-20.csv", rows)
    assert run("ingest", "--db", fresh_store.path, "--school", "111", path).exit_code == 0
    again = run("ingest", "--db", fresh_store.path, "--school", "222", path)
    assert again.exit_code == 0 and "opnieuw geladen omdat de opties verschillen" in again.output
    assert sorted(accounts(fresh_store).school_id) == ["111", "222"]
    same = run("ingest", "--db", fresh_store.path, "--school", "222", path)
    assert "al ingelezen" in same.output and len(accounts(fresh_store)) == 2
    kind = run("ingest", "--db", fresh_store.path, "--school", "222", "--kind", "users", path)
    assert "opnieuw geladen" in kind.output
    policy = tmp_path / "policy.toml"
    policy.write_text('[webservice]\nprefix = "api@"\n', encoding="utf-8")
    again = run(
        "ingest",
        "--db",
        fresh_store.path,
        "--school",
        "222",
        "--kind",
        "users",
        "--policy",
        policy,
        path,
    )
    assert again.exit_code == 0 and "opnieuw geladen" in again.output, again.output
    assert run("snapshots", "--db", fresh_store.path, "delete", "2026-11-20").exit_code == 0
    with fresh_store.reader() as con:  # deleting a snapshot forgets its options too
        assert con.execute(
            "SELECT count(*) FROM meta WHERE key LIKE 'ingest_options:%'"
        ).fetchone() == (0,)


def test_valid_numbers_in_text_cells_are_stored_masked_and_flagged(fresh_store, tmp_path):
    other = build(1991, 7, 8, 9)
    rows = [
        ["1", other + "@s.be", "Peeters " + other, "An", NN + " x", "G " + other, "Leerlingen"],
        ["1", "b" + other + "@s.be", "B", "B", "NN: " + other, "G", "Leerlingen"],
        ["1", "c@s.be", "C", "C", NN, "G", "Leerlingen"],
    ]
    path = write_csv(tmp_path / "u.csv", rows)
    contacts = write_csv(
        tmp_path / "c.csv",
        [["C1", "Maes " + YOUNG, "Els", "CLB", "", other + "@s.be"]],
        headers=[
            "Contactpersoon-ID",
            "Naam",
            "Voornaam",
            "Organisatie",
            "Rijksregisternummer",
            "Gekoppelde gebruikersnaam",
        ],
    )
    ingest(fresh_store, [path, contacts], as_of="2026-11-20")
    with fresh_store.reader() as con:
        dump = str(con.execute("SELECT * FROM accounts").fetchall())
        dump += str(con.execute("SELECT * FROM contacts").fetchall())
        linked = con.execute("SELECT usernames FROM contacts").fetchone()[0]
    assert NN not in dump and other not in dump and YOUNG not in dump
    frame = accounts(fresh_store).set_index("last_name")
    masked = "••.••.••-•••." + other[-2:]
    assert frame.loc["Peeters " + masked].entered_value == "••.••.••-•••." + NN[-2:] + " x"
    assert frame.loc["B"].entered_value == "NN: " + masked
    assert list(frame.loc["Peeters " + masked].groups) == ["G " + masked]
    # a masked username keeps a keyed tag: two accounts stay two, and the contact still links
    usernames = set(frame.username)
    assert len(usernames) == 3 and all(u.startswith(("••", "b••", "c@")) for u in usernames)
    assert linked == [frame.loc["Peeters " + masked].username.lower()]
    flags = dict(zip(frame.index, frame.number_flags, strict=True))
    assert "number_in_text" in flags["Peeters " + masked] and "number_in_text" in flags["B"]
    assert "number_in_text" not in flags["C"]
    result = run("accounts", "--db", fresh_store.path, "--json")
    assert result.output.count("number_in_text") == 2 and other not in result.output


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), junk=st.lists(st.text(max_size=30), max_size=20))
def test_the_cheap_test_before_masking_lets_every_number_through(seed, junk):
    rng = random.Random(seed)
    texts = [a_text(rng) for _ in range(300)] + junk + [None]
    with duckdb.connect() as con:
        install(con)
        execute(con, QUERIES["workspace_tables"])
        got = con.execute(
            "SELECT dq_text_masked(t) FROM unnest(?::VARCHAR[]) WITH ORDINALITY AS u(t, i) "
            "ORDER BY i",
            [texts],
        ).fetchall()
    assert [row[0] for row in got] == [redact(t) for t in texts]


def test_an_error_message_masks_the_numbers_it_quotes(fresh_store, tmp_path):
    path = write_csv(
        tmp_path / "u.csv",
        [["1", "b@s.be", "B", "B", YOUNG, "G", "L"]],
        headers=["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"],
    )
    result = run("ingest", "--db", fresh_store.path, path)
    assert result.exit_code == 2 and "••.••.••-•••." + NN[-2:] in result.output
    assert NN not in result.output and not fresh_store.exists()


def test_corrected_file_replaces_that_date_for_its_schools_only(fresh_store, tmp_path):
    school_1 = write_csv(tmp_path / "a.csv", [["1", "a@s.be", "A", "A", "", "G", "Leerlingen"]])
    school_2 = write_csv(tmp_path / "b.csv", [["2", "b@s.be", "B", "B", "", "G", "Leerlingen"]])
    ingest(fresh_store, [school_1, school_2], as_of="2026-11-20")
    fixed = write_csv(
        tmp_path / "a2.csv",
        [
            ["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"],
            ["1", "new@s.be", "N", "N", NN, "G", "Leerlingen"],
        ],
    )
    ingest(fresh_store, [fixed], as_of="2026-11-20")
    got = accounts(fresh_store).set_index("username")
    assert sorted(got.index) == ["a@s.be", "b@s.be", "new@s.be"]
    assert got.loc["a@s.be", "number_valid"] and not got.loc["b@s.be", "number_valid"]
    assert len(fresh_store.snapshots()) == 1


def test_error_in_a_later_file_leaves_the_store_unchanged(fresh_store, tmp_path):
    good = write_csv(tmp_path / "good.csv", [["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"]])
    ingest(fresh_store, [good], as_of="2026-11-13")
    before = fresh_store.path.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("Naam;Voornaam\nA;B\n", encoding="utf-8")
    result = run("ingest", "--db", fresh_store.path, "--as-of", "2026-11-20", good, bad)
    assert result.exit_code == 2
    assert fresh_store.path.read_bytes() == before
    assert list(fresh_store.snapshots().as_of.dt.date) == [datetime.date(2026, 11, 13)]


def test_as_of_from_option_file_name_or_today(fresh_store, tmp_path):
    rows = [["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"]]
    named = write_csv(tmp_path / "export 20-11-2026.csv", rows)
    assert "uit de bestandsnaam" in run("ingest", "--db", fresh_store.path, named).output
    plain = write_csv(tmp_path / "export.csv", rows)
    assert "vandaag" in run("ingest", "--db", fresh_store.path, plain).output
    dates = set(fresh_store.snapshots().as_of.dt.date)
    assert dates == {datetime.date(2026, 11, 20), datetime.date.today()}


def test_snapshots_are_listed_with_provenance_and_can_be_deleted(fresh_store, tmp_path):
    path = write_csv(tmp_path / "u.csv", [["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"]])
    ingest(fresh_store, [path], as_of="2026-11-20")
    with fresh_store.reader() as con:
        mapping, sha = con.execute("SELECT mapping, sha256 FROM snapshot_files").fetchone()
    assert json.loads(mapping)["Gebruikersnaam"] == "username" and len(sha) == 64
    listed = run("snapshots", "--db", fresh_store.path)
    assert "2026-11-20" in listed.output and sha[:12] in listed.output
    assert run("snapshots", "--db", fresh_store.path, "delete", "2026-11-20").exit_code == 0
    assert fresh_store.snapshots().empty
    assert run("snapshots", "--db", fresh_store.path, "delete", "2026-11-20").exit_code == 2


def test_ingest_waits_for_a_reader_in_another_process(fresh_store, tmp_path):
    path = write_csv(tmp_path / "u.csv", [["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"]])
    ingest(fresh_store, [path], as_of="2026-11-13")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print(c.execute('SELECT count(*) FROM accounts').fetchone()[0], flush=True); time.sleep(1.5)",
            str(fresh_store.path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "1"  # the reader sees the old snapshot
    start = time.monotonic()
    ingest(
        fresh_store,
        [write_csv(tmp_path / "v.csv", [["1", "b@s.be", "B", "B", NN, "G", "Leerlingen"]])],
        as_of="2026-11-20",
    )
    holder.wait()
    assert time.monotonic() - start < 30
    assert len(fresh_store.snapshots()) == 2


def test_key_file_is_created_with_mode_0600_and_a_changed_key_is_refused(
    fresh_store, tmp_path, monkeypatch
):
    monkeypatch.delenv("DQ_SECRET_KEY")
    monkeypatch.setenv("DQ_KEY_FILE", str(tmp_path / "cfg" / "key"))
    path = write_csv(tmp_path / "u.csv", [["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"]])
    ingest(fresh_store, [path], as_of="2026-11-13")
    assert (tmp_path / "cfg" / "key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("DQ_SECRET_KEY", b"another key, 16+ bytes".hex())
    result = run("ingest", "--db", fresh_store.path, "--as-of", "2026-11-20", path)
    assert result.exit_code == 2 and "andere sleutel" in result.output


def test_demo_store_holds_no_valid_number_in_clear(demo_store):
    import re

    numbers = set()
    for path in demo_store.files:
        if path.suffix == ".xlsx":
            continue
        data = path.read_bytes()
        text = (
            data.decode("utf-16")
            if data.startswith(codecs.BOM_UTF16_LE)
            else data.decode("cp1252", "replace")
        )
        for found in re.findall(r"[0-9][0-9 .\-]{9,16}[0-9]", text):
            from dq.identifiers import check

            verdict = check(found)
            if verdict.valid:
                numbers.add(verdict.number)
    assert len(numbers) > 1000
    blob = demo_store.path.read_bytes()
    wal = demo_store.path.with_name(demo_store.path.name + ".wal")
    blob += wal.read_bytes() if wal.exists() else b""
    # every 11-digit window of the file, as bytes and as UTF-16 (one pass, then intersected)
    found = {m.decode() for m in re.findall(rb"(?=([0-9]{11}))", blob)}
    found |= {m.decode("utf-16-le") for m in re.findall(rb"(?=((?:[0-9]\x00){11}))", blob)}
    assert sorted(numbers & found) == []


def test_store_is_readable_while_closed_between_questions(demo_store):
    # the dashboard's way: open read-only, ask, close; a second process can still write
    with demo_store.reader() as con:
        assert con.execute("SELECT count(DISTINCT as_of) FROM accounts").fetchone()[0] == 6
    con = duckdb.connect(str(demo_store.path))  # a writer can open it now
    con.close()


def test_two_users_files_in_one_ingest_each_report_their_own_schools(fresh_store, tmp_path):
    school_1 = write_csv(tmp_path / "a.csv", [["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"]])
    school_2 = write_csv(
        tmp_path / "b.csv",
        [
            ["2", "b@s.be", "B", "B", NN, "G", "Leerlingen"],
            ["2", "c@s.be", "C", "C", NN, "G", "Leerlingen"],
        ],
    )
    report = ingest(fresh_store, [school_1, school_2], as_of="2026-11-20")
    assert [(r.schools, r.accounts) for r in report.files] == [(["1"], 1), (["2"], 2)]
    with fresh_store.reader() as con:
        stored = con.execute(
            "SELECT file_name, schools FROM snapshot_files ORDER BY file_name"
        ).fetchall()
    assert stored == [("a.csv", ["1"]), ("b.csv", ["2"])]


def test_files_with_different_columns_stage_only_what_they_have(fresh_store, tmp_path, monkeypatch):
    """The staging table holds a column only when a file has it (no file name per row, no
    all-NULL columns: 180 of 430 MB at a million accounts); what a file lacks reads as empty,
    and each file's warnings still name that file."""
    from dq import ingest as ingest_module

    first = write_csv(
        tmp_path / "a.csv",
        [
            ["1", "a@s.be", "A", "A", NN, "G", "Leerlingen", f"tel {NN}"],
            ["1", "", "X", "X", "", "G", "Leerlingen", ""],
        ],
        headers=[*USER_HEADERS, "Opmerking"],
    )
    second = write_csv(
        tmp_path / "b.csv",
        [
            ["2", "b@s.be", "B", "B", YOUNG, "G", "Leerlingen", "b@mail.be", "misschien"],
            ["2", "", "Y", "Y", "", "G", "Leerlingen", "", "ja"],
            ["2", "", "Z", "Z", "", "G", "Leerlingen", "", "ja"],
        ],
        headers=[*USER_HEADERS, "E-mail", "Actief"],
    )
    staged = []
    views = ingest_module._staged_views

    def spy(con):
        staged.append(ingest_module._staged_columns(con, "users_stage"))
        views(con)

    monkeypatch.setattr(ingest_module, "_staged_views", spy)
    report = ingest(fresh_store, [first, second], as_of="2026-11-20")
    assert staged == [
        {"row_no", "file_no", "school_id", "username", "last_name", "first_name"}
        | {"national_number", "group", "modules", "other_cells", "email", "active"}
    ]
    warnings = {r.name: {w["code"]: w for w in r.warnings} for r in report.files}
    assert warnings["a.csv"]["rows_without_username"]["first_row"] == 3
    # each file's rows are numbered from its own header (the second file's from rowid 2 on)
    assert (
        warnings["b.csv"]["rows_without_username"]["count"],
        warnings["b.csv"]["rows_without_username"]["first_row"],
    ) == (2, 3)
    assert warnings["b.csv"]["unknown_active_values"]["values"] == ["misschien"]
    assert "unknown_active_values" not in warnings["a.csv"]
    rows = accounts(fresh_store).set_index("username")
    assert pd.isna(rows.loc["a@s.be", "email"]) and rows.loc["b@s.be", "email"] == "b@mail.be"
    assert "number_in_text" in rows.loc["a@s.be", "number_flags"]
    assert "number_in_text" not in rows.loc["b@s.be", "number_flags"]
    assert bool(rows.loc["a@s.be", "number_valid"]) and bool(rows.loc["b@s.be", "number_valid"])


def test_row_numbers_hold_in_a_file_read_in_parallel(fresh_store, tmp_path):
    """Rows are numbered from their stored order (the scan keeps the file's order), not by a
    window over the scan: in a file large enough for DuckDB to read in several parts, the
    row without a username is still reported at its own line."""
    name = "N" * 100
    rows = [[str(i % 7), f"u{i}@s.be", name, "V", "", "G", "Leerlingen"] for i in range(400_000)]
    rows[311_111][1] = ""
    rows[388_888][1] = " "
    export = write_csv(tmp_path / "big.csv", rows)
    assert export.stat().st_size > 50 * 2**20  # several of DuckDB's CSV buffers
    report = ingest(fresh_store, [export], as_of="2026-11-20")
    (warning,) = [w for w in report.files[0].warnings if w["code"] == "rows_without_username"]
    assert (warning["count"], warning["first_row"]) == (2, 311_113)  # the header is line 1


def test_two_files_with_the_same_name_each_get_their_own_warnings(fresh_store, tmp_path):
    """Outside tester (t33): two uploads both called export.csv. Each file's rows without a
    username, unknown status values and accounts are its own, not the two added together or
    the other file's; a number variant is reported under the file of the account's first row,
    with a row that exists in that file."""
    headers = [*USER_HEADERS, "Actief"]
    first = write_csv(
        (tmp_path / "e1").mkdir() or tmp_path / "e1" / "export.csv",
        [
            ["1", "a@s.be", "A", "A", NN, "G", "Leerlingen", "ja"],
            ["1", "", "X", "X", "", "G", "Leerlingen", "ja"],
            ["1", "", "X", "X", "", "G", "Leerlingen", "ja"],
            ["1", "c@s.be", "C", "C", NN, "G", "Leerlingen", "wie weet"],
        ],
        headers=headers,
    )
    second = write_csv(
        (tmp_path / "e2").mkdir() or tmp_path / "e2" / "export.csv",
        [
            ["2", "b@s.be", "B", "B", YOUNG, "G", "Leerlingen", "ja"],
            ["2", "d@s.be", "D", "D", BIS, "G", "Leerlingen", "ja"],
            ["2", "d@s.be", "D", "D", YOUNG, "H", "Leerlingen", "ja"],
            ["2", "", "Y", "Y", "", "G", "Leerlingen", "ja"],
        ],
        headers=headers,
    )
    for order in ([first, second], [second, first]):
        store = type(fresh_store)(tmp_path / f"{order[0].parent.name}.duckdb")
        report = ingest(store, order, as_of="2026-11-20")
        by_school = {r.schools[0]: r for r in report.files}
        warnings = {school: {w["code"]: w for w in r.warnings} for school, r in by_school.items()}
        assert (by_school["1"].accounts, by_school["2"].accounts) == (2, 2)
        no_user = {
            s: (w["rows_without_username"]["count"], w["rows_without_username"]["first_row"])
            for s, w in warnings.items()
        }
        assert no_user == {"1": (2, 3), "2": (1, 5)}
        assert warnings["1"]["unknown_active_values"]["values"] == ["wie weet"]
        assert "unknown_active_values" not in warnings["2"]
        assert "number_variants" not in warnings["1"]
        assert (
            warnings["2"]["number_variants"]["count"],
            warnings["2"]["number_variants"]["first_row"],
        ) == (1, 3)


def test_the_first_misaligned_line_is_named_whichever_kind_it_is(fresh_store, tmp_path):
    """Outside tester (t33): a row with too few fields on line 4 and a row ending in an extra
    empty field on line 6: the message names line 4 (it named line 6, found first because
    rows with empty extra fields are looked for before reading)."""
    export = tmp_path / "users.csv"
    good = ";".join(["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"])
    lines = [
        ";".join(USER_HEADERS),
        good,
        good.replace("a@", "b@"),
        "1;c@s.be;C",
        good,
        good.replace("a@", "e@") + ";",
    ]
    export.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    with pytest.raises(Exception, match="regel 4") as raised:
        ingest(fresh_store, [export], as_of="2026-11-20")
    assert "regel 6" not in str(raised.value)
    assert not fresh_store.exists() or not fresh_store.snapshots().shape[0]
    swapped = tmp_path / "swapped.csv"
    lines[3], lines[5] = lines[5].replace("e@", "f@"), lines[3]
    swapped.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    with pytest.raises(Exception, match="regel 4 heeft 8 velden"):
        ingest(fresh_store, [swapped], as_of="2026-11-20")


def test_rows_are_named_by_their_physical_line_after_blank_lines_and_line_breaks(
    fresh_store, tmp_path
):
    """Outside tester (t33): a blank line and a quoted cell with a line break shift records
    against lines; the rows without a username and the number variants are named by the
    line they start on, like the skipped lines (they were named by their record)."""

    def row(user, number=NN, last="N"):
        return ";".join(["1", user, last, "V", number, "G", "Leerlingen"])

    lines = [
        ";".join(USER_HEADERS),
        row("a@s.be"),  # 2
        row("b@s.be") + ";x",  # 3: a field too many, skipped
        row("c@s.be"),  # 4
        "",  # 5: blank
        row("d@s.be", last='"Van\nDen"'),  # 6-7: one record
        row("e@s.be") + ";",  # 8: an empty extra field, skipped
        row("f@s.be"),  # 9
        row(""),  # 10: no username
        row("g@s.be", YOUNG),  # 11
        row("g@s.be", BIS),  # 12: the same account, another number
    ]
    for newline in ("\r\n", "\n"):
        export = tmp_path / f"users{len(newline)}.csv"
        export.write_bytes((newline.join(lines) + newline).encode())
        store = type(fresh_store)(tmp_path / f"s{len(newline)}.duckdb")
        report = ingest(store, [export], as_of="2026-11-20", skip_bad_rows=True)
        warnings = {w["code"]: w for w in report.files[0].warnings}
        assert warnings["skipped_rows"]["lines"] == ["3", "8"]
        assert warnings["rows_without_username"]["first_row"] == 10
        assert warnings["number_variants"]["first_row"] == 11


@pytest.mark.parametrize(
    ("newline", "before", "bad", "line"),
    [
        ("\n", 2, "8 fields", 5),
        ("\n", 4, "3 fields", 7),
        ("\r\n", 1, "8 fields", 4),
        ("\r\n", 2, "8 fields", 5),
        ("\r", 1, "8 fields", 4),
    ],
)
def test_blank_lines_before_a_misaligned_row_do_not_shift_its_line(
    fresh_store, tmp_path, newline, before, bad, line
):
    """Outside tester (t34): DuckDB's position of a refused row may fall on the blank lines
    before it; the message and the skipped lines named the first blank line."""
    good = ";".join(["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"])
    wrong = {"8 fields": good.replace("a@", "b@") + ";x", "3 fields": "1;b@s.be;B"}[bad]
    lines = [";".join(USER_HEADERS), good, *[""] * before, wrong, good.replace("a@", "c@")]
    export = tmp_path / "users.csv"
    export.write_bytes((newline.join(lines) + newline).encode())
    with pytest.raises(Exception, match=f"regel {line} heeft {bad.split()[0]} velden"):
        ingest(fresh_store, [export], as_of="2026-11-20")
    report = ingest(fresh_store, [export], as_of="2026-11-20", skip_bad_rows=True)
    (skipped,) = [w for w in report.files[0].warnings if w["code"] == "skipped_rows"]
    assert skipped["lines"] == [str(line)]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("blank", ["   ", "\t", " \t "])
def test_a_line_of_only_spaces_is_a_blank_line(fresh_store, tmp_path, newline, blank):
    """A line of only spaces or tabs (a row emptied by hand) refused the whole file as a row
    with 1 field; it is passed over like a blank line, and the lines after it keep their
    numbers: a row without a username and a misaligned row are named on their own lines."""
    good = ";".join(["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"])
    lines = [";".join(USER_HEADERS), good, blank, good.replace("a@", "b@"), blank]
    export = tmp_path / "users.csv"
    export.write_bytes((newline.join([*lines, ";;Naam;;;;"]) + newline).encode())
    report = ingest(fresh_store, [export], as_of="2026-11-20")
    assert report.files[0].accounts == 2
    (nameless,) = [w for w in report.files[0].warnings if w["code"] == "rows_without_username"]
    assert nameless["first_row"] == 6
    export.write_bytes((newline.join([*lines, "1;c@s.be;C"]) + newline).encode())
    with pytest.raises(Exception, match="regel 6 heeft 3 velden"):
        ingest(fresh_store, [export], as_of="2026-11-21")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("before", [[""], ["   "], ["\t", ""]])
def test_blank_lines_before_the_header_are_passed_over(fresh_store, tmp_path, newline, before):
    """Outside tester (tenth pass, round 2): a blank line before the header refused the file as
    'all data in one column'. The lines keep their numbers: a refused row and a row without a
    username after blank lines and a quoted cell with a line break are named on their lines
    (before this pass, such a row after a refused one was named one line too early)."""
    good = ";".join(["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"])
    body = [
        ";".join(USER_HEADERS),
        good,
        good.replace("a@", "b@").replace(";A;A;", ';"A\nB";A;'),  # two lines
        "",
        "1;c@s.be;C",  # refused: 3 fields
        ";;Naam;;;;",  # no username
    ]
    lines = [*before, *body]
    refused, nameless = len(before) + 6, len(before) + 7
    export = tmp_path / "users.csv"
    export.write_bytes((newline.join(lines) + newline).encode())
    with pytest.raises(Exception, match=f"regel {refused} heeft 3 velden"):
        ingest(fresh_store, [export], as_of="2026-11-20")
    report = ingest(fresh_store, [export], as_of="2026-11-20", skip_bad_rows=True)
    assert report.files[0].accounts == 2
    warnings = {w["code"]: w for w in report.files[0].warnings}
    assert warnings["skipped_rows"]["lines"] == [str(refused)]
    assert warnings["rows_without_username"]["first_row"] == nameless


@pytest.mark.parametrize("blank", ["\n", "\r\n", "  \n"])
def test_long_runs_of_blank_lines_keep_every_row_and_line(fresh_store, tmp_path, blank):
    """Outside tester (tenth pass, round 3): after 10,000 blank lines a refused row was passed
    over as blank (DuckDB's text of a refused record stops at 10,000 characters, all of them
    line breaks); beyond 64 KB of blank lines before the header the file was 'empty', and a
    row after such a run was named one line too early."""
    good = ";".join(["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"])
    lines = [";".join(USER_HEADERS), good] + [blank.rstrip("\n")] * 10_000 + ["1;b@s.be;B"]
    export = tmp_path / "users.csv"
    newline = "\r\n" if blank == "\r\n" else "\n"
    text = newline.join(line.rstrip("\r") for line in lines) + newline + ";;Naam;;;;" + newline
    export.write_bytes(text.encode())
    with pytest.raises(Exception, match="regel 10003 heeft 3 velden"):
        ingest(fresh_store, [export], as_of="2026-11-20")
    report = ingest(fresh_store, [export], as_of="2026-11-20", skip_bad_rows=True)
    warnings = {w["code"]: w for w in report.files[0].warnings}
    assert warnings["skipped_rows"]["lines"] == ["10003"]
    assert warnings["rows_without_username"]["first_row"] == 10004
    # 70,000 blank lines (more than 64 KB) before the header
    export.write_bytes((blank * 70_000 + newline.join(lines[:2]) + newline).encode())
    report = ingest(fresh_store, [export], as_of="2026-11-21")
    assert report.files[0].accounts == 1


@pytest.mark.parametrize(
    "layout",
    ["an LF file with one CRLF row", "an LF file with a CRLF blank line", "CRLF with a bare LF"],
)
def test_mixed_line_ends_load_and_name_the_right_line(fresh_store, tmp_path, layout):
    """Outside tester (t34): a file with both CRLF and bare LF line ends (a row added with
    another program) made DuckDB's reader give up: 'the layout cannot be recognised', no
    line named. It is read through a copy with LF line ends now."""

    def row(user):
        return ";".join(["1", user, "N", "V", NN, "G", "Leerlingen"])

    header = ";".join(USER_HEADERS)
    text = {
        "an LF file with one CRLF row": f"{header}\n{row('a@s.be')}\r\n{row('')}\n{row('c@s.be')}\n",
        "an LF file with a CRLF blank line": f"{header}\n{row('a@s.be')}\n\r\n{row('')}\n{row('c@s.be')}\n",
        "CRLF with a bare LF": f"{header}\r\n{row('a@s.be')}\n{row('')}\r\n{row('c@s.be')}\r\n",
    }[layout]
    export = tmp_path / "users.csv"
    export.write_bytes(text.encode())
    report = ingest(fresh_store, [export], as_of="2026-11-20")
    (warning,) = [w for w in report.files[0].warnings if w["code"] == "rows_without_username"]
    assert warning["first_row"] == (4 if "blank" in layout else 3)
    assert sorted(accounts(fresh_store)["username"]) == ["a@s.be", "c@s.be"]
    broken = tmp_path / "broken.csv"
    broken.write_bytes((text + "1;x\n").encode())
    with pytest.raises(ReadError, match=f"regel {text.count(chr(10)) + 1} heeft 2 velden"):
        ingest(fresh_store, [broken], as_of="2026-11-21")


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        (['1;a@s.be;"Open;V;X;G;L', "1;b@s.be;B;V;X;G;L"], 2),  # the rest of the file one cell
        (["1;a@s.be;A;V;X;G;L", '1;b@s.be;"Open;V;X;G;L'], 3),  # on the last line
        (["1;a@s.be;A;V;X;G;L", '"'], 3),  # a lone quote
    ],
)
def test_a_quote_that_is_never_closed_is_named_by_its_line(fresh_store, tmp_path, rows, line):
    """Outside tester (t34): DuckDB only says it cannot read the layout; the message now names
    the line where the quote opens (exit 2, nothing stored)."""
    export = tmp_path / "users.csv"
    export.write_bytes(("\n".join([";".join(USER_HEADERS), *rows]) + "\n").encode())
    result = run(
        "ingest", "--lang", "en", "--db", fresh_store.path, "--as-of", "2026-11-20", export
    )
    assert result.exit_code == 2, result.output
    assert f'a quote (") that opens on line {line} is never closed' in result.output
    assert "Traceback" not in result.output and not fresh_store.exists()


def test_empty_spreadsheet_rows_are_no_rows_without_a_username(fresh_store, tmp_path):
    """Outside tester (t34): empty rows of a sheet (spacers) were counted as rows without a
    username and the real one, further down, was never named."""
    good = ["1", "a@s.be", "A", "A", NN, "G", "Leerlingen"]
    empty = [""] * 7
    sheet = write_xlsx(
        tmp_path / "users.xlsx",
        [good, empty, empty, ["1", "", "X", "X", "", "G", "Leerlingen"], empty],
    )
    semicolons = write_csv(tmp_path / "users.csv", [good, empty, ["2", "", "Y", "Y", "", "G", ""]])
    for export, first in ((sheet, 5), (semicolons, 4)):
        store = type(fresh_store)(tmp_path / f"{export.suffix[1:]}.duckdb")
        report = ingest(store, [export], as_of="2026-11-20")
        (warning,) = [w for w in report.files[0].warnings if w["code"] == "rows_without_username"]
        assert (warning["count"], warning["first_row"]) == (1, first), export.name


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(
        st.text(alphabet=";,|\tab1\r", max_size=12).filter(lambda x: '"' not in x), max_size=8
    ),
    delimiter=st.sampled_from([";", ",", "|", "\t", "\u00a6"]),
    expected=st.integers(min_value=1, max_value=6),
    final_newline=st.booleans(),
)
def test_the_extra_field_scan_agrees_with_counting_each_line(
    tmp_path_factory, lines, delimiter, expected, final_newline
):
    """The scan for rows with more fields than the header (bytes.translate, then one
    substring test) against the plain per-line count it replaced."""
    from dq.readers import _may_have_extra_fields

    data = "\n".join(lines) + ("\n" if final_newline else "")
    path = tmp_path_factory.mktemp("scan") / "x.csv"
    path.write_bytes(data.encode("utf-8"))
    counted = any(line.count(delimiter) >= expected for line in data.split("\n"))
    assert _may_have_extra_fields(str(path), delimiter, '"', expected) == counted
