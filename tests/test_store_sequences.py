"""Nothing breaks the store: a contacts file alone is refused unless the users export of its
date is in the store, and after any sequence of loads and deletes every command and page
still answers (a seeded random walk, bounded)."""

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, write_csv
from streamlit.testing.v1 import AppTest

from dq.cli import main
from dq.identifiers import build
from dq.ui import PAGES

CONTACT_HEADERS = [
    "Contactpersoon-ID",
    "Naam",
    "Voornaam",
    "Organisatie",
    "Rijksregisternummer",
    "Gekoppelde gebruikersnaam",
]
DATES = ("2026-11-06", "2026-11-13", "2026-11-20")


def _exports(folder, date: str, week: int):
    users = [
        ["1", "a@s.be", "Peeters", "An", build(1980, 1, 1 + week, 1), "Leerkrachten", "Leerlingen"],
        ["1", "b@s.be", "Maes", "Bart", "" if week < 2 else build(1981, 2, 3, 7), "G", "Personeel"],
        ["2", "clb@s.be", "Fonteyn", "Fien", "", "Extern", "Leerlingen"],
        ["2", "c@s.be", "Claes", "Cis", "12345678901", "G", "Onbekend ding"],
    ]
    contacts = [["C1", "Fonteyn", "Fien", "CLB", build(1975, 5, 5, 3), "clb@s.be"]]
    return (
        write_csv(folder / f"users_{date}.csv", users),
        write_csv(folder / f"contacts_{date}.csv", contacts, headers=CONTACT_HEADERS),
    )


def _dq(*args):
    return CliRunner().invoke(main, ["--lang", "en", *args])


def test_contacts_alone_are_refused_for_a_date_without_users(tmp_path):
    db = str(tmp_path / "s.duckdb")
    users, contacts = _exports(tmp_path, DATES[0], 0)
    refused = _dq("ingest", "--db", db, str(contacts))
    assert refused.exit_code == 2
    assert "load the users export of that date with it" in refused.output
    assert not (tmp_path / "s.duckdb").exists() or "2026" not in _dq("snapshots", "--db", db).output
    assert _dq("ingest", "--db", db, str(users)).exit_code == 0
    attached = _dq("ingest", "--db", db, str(contacts))  # now the date has its users export
    assert attached.exit_code == 0, attached.output
    assert " 1 contacts" in _dq("snapshots", "--db", db).output


def _every_command_answers(db: str, tmp_path) -> None:
    listed = _dq("snapshots", "--db", db)
    assert listed.exit_code == 0, listed.output
    metrics = _dq("metrics", "--db", db, "--json")
    if not Path(db).exists():  # nothing loaded yet: a message, exit 2
        assert metrics.exit_code == 2 and "no database" in metrics.output
        return
    assert metrics.exit_code == 0, metrics.output
    as_of = json.loads(metrics.output)["as_of"]
    for args in (
        ("metrics", "--db", db),
        ("accounts", "--db", db),
        ("fixlist", "--db", db, "--out", str(tmp_path / "f.xlsx")),
        ("diff", "--db", db),
    ):
        result = _dq(*args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.output,
        )
        # with no snapshot (or one, for diff) the answer is a message, exit 2; never a crash
        assert result.exit_code == 0 or (result.exit_code == 2 and result.output), args
        if as_of is not None and args[0] != "diff":
            assert result.exit_code == 0, (args, result.output)


def _every_page_runs(db: str, monkeypatch) -> None:
    monkeypatch.setenv("DQ_DB", db)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    for page in PAGES:
        at.switch_page(page.script).run()
        assert not at.exception, (page.script, at.exception)


def test_random_loads_and_deletes_never_break_a_command_or_page(tmp_path, monkeypatch):
    db = str(tmp_path / "walk.duckdb")
    files = {date: _exports(tmp_path, date, week) for week, date in enumerate(DATES)}
    walk = random.Random(14)
    for step in range(14):
        date = walk.choice(DATES)
        users, contacts = files[date]
        action = walk.choice(["users", "contacts", "both", "both", "delete"])
        if action == "delete":
            result = _dq("snapshots", "--db", db, "delete", date)
        else:
            chosen = {"users": [users], "contacts": [contacts], "both": [users, contacts]}
            result = _dq("ingest", "--db", db, *map(str, chosen[action]))
        assert result.exit_code in (0, 2), (step, action, date, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        _every_command_answers(db, tmp_path)
        if step % 5 == 4:  # the pages are slower: every few steps, and at the end
            _every_page_runs(db, monkeypatch)
    _every_page_runs(db, monkeypatch)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_refusal_reads_in_both_languages(tmp_path, lang):
    _, contacts = _exports(tmp_path, DATES[0], 0)
    result = CliRunner().invoke(
        main, ["--lang", lang, "ingest", "--db", str(tmp_path / "s.duckdb"), str(contacts)]
    )
    assert result.exit_code == 2 and DATES[0] in result.output
