"""A policy is kept in the store and shown on the policy page and in labels: a valid national or
BIS number in it (a school's name, a column header, a contact) is refused with exit 2, the
line named and the number masked in the message, and the store unchanged (an outside
tester's case: the number sat in clear in meta.policy and on three pages)."""

import pytest
from click.testing import CliRunner
from conftest import write_csv

from dq import policy
from dq.cli import main
from dq.identifiers import build
from dq.store import Store

NUMBER = build(1966, 6, 16, 163)
HEADERS = ["Instellingsnummer", "Gebruikersnaam", "Naam", "Voornaam", "Rijksregisternummer"]
ROWS = [["S1", "u1", "Aerts", "An", build(1980, 1, 1, 1)]]


@pytest.mark.parametrize(
    "text",
    [
        f'[schools.S1]\nname = "School {NUMBER}"\n',
        f'[schools.S1]\ncontact = "s{NUMBER}@x.be"\n',
        f'[columns]\n"Kolom {NUMBER}" = "organisation"\n',
        f'[webservice]\nhints = ["{NUMBER[:6]}-{NUMBER[6:9]}.{NUMBER[9:]}"]\n',
    ],
    ids=["school-name", "contact", "column-header", "hint-with-separators"],
)
def test_a_policy_with_a_number_is_refused_and_the_store_unchanged(tmp_path, text):
    export = write_csv(tmp_path / "users_2026-11-20.csv", ROWS, headers=HEADERS)
    db = tmp_path / "s.duckdb"
    assert CliRunner().invoke(main, ["ingest", "--db", str(db), str(export)]).exit_code == 0
    before = db.read_bytes()
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["ingest", "--db", str(db), "--policy", str(path), str(export)]
    )
    assert result.exit_code == 2, result.output
    assert NUMBER not in result.output and "Traceback" not in result.output
    assert "rijksregister" in result.output  # says why, in Dutch by default
    assert db.read_bytes() == before
    with pytest.raises(policy.PolicyError):
        Store(db).set_policy(text)
    assert NUMBER.encode() not in db.read_bytes()


def test_the_store_knows_a_file_by_a_keyed_hash_not_its_plain_sha256(tmp_path):
    """An outside tester's case: the plain SHA-256 of a one-row file gave its number back by
    trying every birth date and serial; the store and `dq snapshots` now hold a keyed hash."""
    import hashlib

    export = write_csv(tmp_path / "users_2026-11-20.csv", ROWS, headers=HEADERS)
    db = tmp_path / "s.duckdb"
    first = CliRunner().invoke(main, ["ingest", "--db", str(db), str(export)])
    assert first.exit_code == 0, first.output
    plain = hashlib.sha256(export.read_bytes()).hexdigest()
    with Store(db).reader() as con:
        (stored,) = con.execute("SELECT sha256 FROM snapshot_files").fetchone()
    assert len(stored) == 64 and stored != plain
    assert plain.encode() not in db.read_bytes() and plain[:12].encode() not in db.read_bytes()
    listed = CliRunner().invoke(main, ["snapshots", "--db", str(db)]).output
    assert stored[:12] in listed and plain[:12] not in listed
    # and the same content is still recognised: loading it again changes nothing
    before = db.read_bytes()
    again = CliRunner().invoke(main, ["ingest", "--db", str(db), str(export)])
    assert again.exit_code == 0 and db.read_bytes() == before, again.output
    assert len(Store(db).snapshots()) == 1
