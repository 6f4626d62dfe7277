"""The ingest report says exactly what happened, in the chosen language: the detected layout,
the reload notice on its own line, and the same file loaded for school A, B, then A again."""

import subprocess
import sys

from conftest import USER_HEADERS, write_csv

from dq.identifiers import build

HEADERS = ["Gebruikersnaam", "Naam", "Voornaam", "Rijksregisternummer", "Groepen"]
ROWS = [["a", "Aerts", "An", build(1971, 2, 3, 91), "Leerkrachten"], ["b", "Boon", "Bo", "", "L"]]


def dq(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "dq", *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_report_line_is_in_english_with_lang_en(tmp_path):
    export = write_csv(tmp_path / "users_2026-11-20.csv", ROWS, headers=HEADERS)
    out = dq("--lang", "en", "ingest", "--db", str(tmp_path / "db.duckdb"), str(export))
    assert "delimiter ';'" in out and "scheidingsteken" not in out, out
    out = dq("--lang", "nl", "ingest", "--db", str(tmp_path / "nl.duckdb"), str(export))
    assert "scheidingsteken ';'" in out, out


def test_same_file_for_school_a_b_then_a_again(tmp_path):
    export = write_csv(tmp_path / "users_2026-11-20.csv", ROWS, headers=HEADERS)
    db = str(tmp_path / "db.duckdb")

    def load(school, path=export):
        return dq("--lang", "en", "ingest", "--db", db, "--school", school, str(path))

    first = load("A")
    assert "Same content" not in first and "already ingested" not in first
    second = load("B")
    # the reload notice is a line of its own, not glued to the columns line
    lines = second.splitlines()
    notice = next(i for i, line in enumerate(lines) if line.startswith("Same content"))
    assert "columns:" in lines[notice - 1] and "Same content" not in lines[notice - 1]
    # A again: exactly what the store holds for A already, so nothing is done
    third = load("A")
    assert "already ingested for this date; nothing changed" in third, third
    assert "Nothing changed in" in third and "Same content" not in third
    assert "4 accounts" in dq("snapshots", "--db", db)
    # a corrected file replaces A's rows; the first file for A is then new again for A
    fixed = write_csv(tmp_path / "users_fixed_2026-11-20.csv", ROWS[:1], headers=HEADERS)
    load("A", fixed)
    again = load("A")
    assert "Same content as before for this date, loaded again" in again, again
    assert "4 accounts" in dq("snapshots", "--db", db)


def test_a_new_policy_is_applied_even_for_content_already_there(tmp_path):
    export = write_csv(tmp_path / "users_2026-11-20.csv", ROWS, headers=HEADERS)
    db = str(tmp_path / "db.duckdb")
    first, second = tmp_path / "one.toml", tmp_path / "two.toml"
    first.write_text("[thresholds]\nred = 0.5\n", encoding="utf-8")
    second.write_text("[thresholds]\nred = 0.6\n", encoding="utf-8")
    for school, policy in (("A", first), ("B", second)):
        dq("ingest", "--db", db, "--school", school, "--policy", str(policy), str(export))
    # A with its first policy again: the rows for A are there, but the store keeps policy two
    out = dq("--lang", "en", "ingest", "--db", db, "--school", "A", "--policy", str(first),
             str(export))  # fmt: skip
    assert "Snapshot 2026-11-20 stored" in out, out


def test_values_joined_in_a_message_make_no_number(tmp_path):
    """Outside tester of 4421ff1: values masked one by one were joined with ', ' in the report,
    and '600101, 78960' is a number (two accounts' active cells, two unused headers)."""
    from dq.identifiers import redact

    number = build(1960, 1, 1, 789)
    head, tail = number[:6], number[6:]
    assert redact(f"{head}, {tail}") != f"{head}, {tail}"
    export = write_csv(
        tmp_path / "gebruikers.csv",
        [["1", "a@s.be", "A", "A", "", "G", "Leerlingen", head, "x", "y"],
         ["1", "b@s.be", "B", "B", "", "G", "Leerlingen", tail, "x", "y"]],
        headers=[*USER_HEADERS, "Actief", head, tail],
    )  # fmt: skip
    for lang in ("nl", "en"):
        out = dq("--lang", lang, "ingest", "--db", str(tmp_path / f"{lang}.duckdb"), str(export))
        assert out.count("••.••.••-•••.60") == 2, out
        assert redact(out) == out


def test_a_store_path_holding_a_number_is_masked_in_the_report(tmp_path):
    """Outside tester (round 2): 'stored in /x/85073003328/s.duckdb' printed the --db path in
    clear; every value a message shows is redacted now (dq.i18n.t)."""
    number = build(1985, 7, 30, 33)
    (tmp_path / number).mkdir()
    export = write_csv(tmp_path / "users_2026-11-20.csv", ROWS, headers=HEADERS)
    db = str(tmp_path / number / "s.duckdb")
    for _ in range(2):  # stored, then nothing changed: both lines name the store
        out = dq("--lang", "en", "ingest", "--db", db, str(export))
        assert number not in out and "••.••.••-•••.28" in out, out


def test_skipped_line_numbers_are_shown_as_they_are(tmp_path):
    """Outside tester (round 2): lines 12, 1030 and 10001 read as a number when joined, and
    the report masked them; line numbers are no person's data."""
    lines = [";".join(HEADERS)] + [
        "bad;row" if n in (12, 1030, 10001) else f"user{n};Peeters;Jan;;G" for n in range(2, 10006)
    ]
    export = tmp_path / "users_2026-11-20.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = dq("--lang", "en", "ingest", "--skip-bad-rows", "--db", str(tmp_path / "s.duckdb"),
             str(export))  # fmt: skip
    assert "12, 1030, 10001" in out, out


def test_counts_are_written_as_the_language_writes_them(tmp_path):
    """README (Language): numbers as the language writes them. The ingest report printed
    '1500 rijen' in both languages (outside tester, tenth pass, round 3)."""
    rows = [[f"u{i}", "Aerts", "An", "", "G"] for i in range(1500)] + [
        ["", "X", "Y", "", "G"]
    ] * 1200
    export = write_csv(tmp_path / "users_2026-11-20.csv", rows, headers=HEADERS)
    for lang, rows_text, nameless in (("nl", "2.700 rijen, 1.500 accounts", "1.200"),
                                      ("en", "2,700 rows, 1,500 accounts", "1,200")):  # fmt: skip
        out = dq("--lang", lang, "ingest", "--db", str(tmp_path / f"{lang}.duckdb"), str(export))
        assert rows_text in out and nameless in out, out
