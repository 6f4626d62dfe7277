"""`--lang` before or after any command, and every command's messages in that one language."""

import re
import shutil

import pytest
from click.testing import CliRunner

from dq.cli import main
from dq.identifiers import build

# words only Dutch messages use, and words only English messages use (file names and people's
# names in the demo are Dutch, so none of these may occur in them)
DUTCH = (
    "Gereedheid|Totaal|momentopname|geen|niet|klaar|rijen|regels|geladen|Nieuw|Nog steeds|"
    "verwijderd|geschreven|opgeslagen|gewijzigd|databank|het|een|van|voor|ongeldig|"
    "controlegetal|Verslag|bericht|gemarkeerd|wacht|Per module"
).split("|")
ENGLISH = (
    "Readiness|Total|snapshot|ready|rows|rules|loaded|Newly|Still|deleted|written|stored|"
    "changed|database|the|and|with|invalid|check digits|report|message|marked|waiting|"
    "contacts|By module|Nothing"
).split("|")


def commands(db, tmp_path, files) -> list[list[str]]:
    """Every command, with what it needs to say something (its options after its name)."""
    return [
        ["check", build(1985, 7, 3, 997), "12345678901", "abc"],
        ["ingest", "--db", db, *map(str, files[-2:])],
        ["snapshots", "--db", db],
        ["metrics", "--db", db],
        ["fixlist", "--db", db, "--out", str(tmp_path / "f.csv")],
        ["accounts", "--db", db],
        ["diff", "--db", db],
        ["mark", "--db", db, "--school", "023452", "--username", "nobody", "--as", "notified"],
        ["marks", "--db", db],
        ["notify", "people", "--db", db, "--out", str(tmp_path / "mail")],
        ["notify", "schools", "--db", db, "--out", str(tmp_path / "mail2")],
        ["report", "--db", db, "--out", str(tmp_path / "r.html")],
        ["snapshots", "--db", db, "delete", "2026-10-23"],
        [
            "demo",
            "--db",
            str(tmp_path / "d.duckdb"),
            "--out",
            str(tmp_path / "demo"),
            "--schools",
            "1",
            "--accounts",
            "20",
            "--snapshots",
            "1",
            "--no-ingest",
        ],
    ]


def words(output: str, vocabulary: list[str]) -> list[str]:
    return [w for w in vocabulary if re.search(rf"(?<![\w/.@-]){re.escape(w)}(?![\w/.@-])", output)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_command_takes_lang_after_its_name_and_speaks_only_that_language(
    demo_store, tmp_path, lang
):
    db = str(tmp_path / "copy.duckdb")
    shutil.copy(demo_store.path, db)
    other = DUTCH if lang == "en" else ENGLISH
    for args in commands(db, tmp_path, demo_store.files):
        result = CliRunner().invoke(main, [*args, "--lang", lang])
        assert result.exit_code in (0, 2), (args, result.output, result.exception)
        assert "No such option" not in result.output, args
        assert result.output.strip(), args
        assert words(result.output, other) == [], (args, result.output)


def test_lang_before_and_after_the_command_mean_the_same():
    value = build(1985, 7, 3, 997)
    before = CliRunner().invoke(main, ["--lang", "en", "check", value])
    after = CliRunner().invoke(main, ["check", value, "--lang", "en"])
    dutch = CliRunner().invoke(main, ["--lang", "en", "check", "--lang", "nl", value])
    assert before.output == after.output and "valid" in after.output
    assert dutch.output != after.output  # the last one given wins


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["ingest"],
        ["snapshots"],
        ["snapshots", "delete"],
        ["demo"],
        ["metrics"],
        ["fixlist"],
        ["accounts"],
        ["diff"],
        ["mark"],
        ["marks"],
        ["notify", "schools"],
        ["notify", "people"],
        ["report"],
    ],
)
def test_every_command_lists_lang_in_its_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "--lang [nl|en]" in result.output, command
