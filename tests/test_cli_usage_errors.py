"""click's own usage errors (unknown option or command, missing or bad value) told in the
chosen language: usage line, help hint and message, exit code 2."""

import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from dq.cli import main

ENGLISH = ("Usage", "Error", "Invalid value", "No such", "Missing", "Try", "Got unexpected")


def cases(tmp_path) -> dict[str, tuple[list[str], str, str]]:
    """name: (arguments, a Dutch line the output holds, the English one)."""
    db = str(tmp_path / "store.duckdb")
    return {
        "bad date": (
            ["metrics", "--db", db, "--as-of", "gisteren"],
            "Fout: ongeldige waarde voor '--as-of': 'gisteren' is geen datum",
            "Error: Invalid value for '--as-of': 'gisteren' is not a date",
        ),
        "unknown option": (
            ["metrics", "--bogus"],
            "Fout: onbekende optie '--bogus'.",
            "Error: No such option '--bogus'.",
        ),
        "unknown option, close match": (
            ["metrics", "--as-off", "2026-11-27"],
            "Fout: onbekende optie '--as-off'. Bedoelt u '--as-of'?",
            "Error: No such option '--as-off'. Did you mean '--as-of'?",
        ),
        "missing option": (
            ["fixlist", "--db", db],
            "Fout: optie '--out' ontbreekt.",
            "Error: Missing option '--out'.",
        ),
        "an option as an option's value": (
            ["marks", "--undo", "--db", db],
            "Fout: optie '--undo' heeft een waarde nodig.",
            "Error: Option '--undo' requires an argument.",
        ),
        "an option as an option's value, with =": (
            ["fixlist", "--school", "--db=" + db, "--out", str(tmp_path / "f.csv")],
            "Fout: optie '--school' heeft een waarde nodig.",
            "Error: Option '--school' requires an argument.",
        ),
        "help as an option's value": (
            ["marks", "--undo", "-h"],
            "Fout: optie '--undo' heeft een waarde nodig.",
            "Error: Option '--undo' requires an argument.",
        ),
        "missing argument": (
            ["snapshots", "--db", db, "delete"],
            "Fout: argument 'DATE' ontbreekt.",
            "Error: Missing argument 'DATE'.",
        ),
        "unknown command": (
            ["metricz"],
            "Fout: onbekende opdracht 'metricz'. Bedoelt u 'metrics'?",
            "Error: No such command 'metricz'. Did you mean 'metrics'?",
        ),
        "unknown sub-command": (
            ["notify", "peeple"],
            "Fout: onbekende opdracht 'peeple'. Bedoelt u 'people'?",
            "Error: No such command 'peeple'. Did you mean 'people'?",
        ),
        "missing sub-command": (
            ["notify", "--lang", "xx"],  # an invalid --lang: the default language speaks
            "Fout: ongeldige waarde voor '--lang': kies uit 'nl', 'en'.",
            "Error: Invalid value for '--lang': 'xx' is not one of 'nl', 'en'.",
        ),
        "bad choice": (
            ["ingest", "--kind", "foo", "x.csv"],
            "Fout: ongeldige waarde voor '--kind': kies uit 'users', 'contacts'.",
            "Error: Invalid value for '--kind': 'foo' is not one of 'users', 'contacts'.",
        ),
        "folder for a file": (
            ["ingest", str(tmp_path)],
            "Fout: ongeldige waarde voor 'FILES...': dat is een map; geef een bestand.",
            "Error: Invalid value for 'FILES...': File",
        ),
        "extra argument": (
            ["metrics", "--db", db, "extra"],
            "Fout: onverwachte extra waarden: extra.",
            "Error: Got unexpected extra arguments (extra).",
        ),
        "flag with a value": (
            ["check", "--json=1", "x"],
            "Fout: optie '--json' neemt geen waarde.",
            "Error: Option '--json' does not take a value.",
        ),
        "option without its value": (
            ["metrics", "--as-of"],
            "Fout: optie '--as-of' heeft een waarde nodig.",
            "Error: Option '--as-of' requires an argument.",
        ),
        # outside tester t35: `dq mark --undo` is a flag, `dq marks --undo` takes an id; the
        # message looked the option up on every command and called it a flag
        "option without its value, a flag on another command": (
            ["marks", "--undo"],
            "Fout: optie '--undo' heeft een waarde nodig.",
            "Error: Option '--undo' requires an argument.",
        ),
    }


def english_words(output: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"\b{w}\b", output)]


@pytest.mark.parametrize("where", ["default", "env", "before", "after"])
def test_every_usage_error_speaks_dutch(tmp_path, where):
    env = {"DQ_LANG": "nl" if where == "env" else None}
    for name, (args, dutch, _) in cases(tmp_path).items():
        if name == "missing sub-command" and where in ("before", "after"):
            continue  # its --lang is the error
        if name.startswith("option without its value") and where == "after":
            continue  # --lang would be the option's value
        line = {"before": ["--lang", "nl", *args], "after": [*args, "--lang", "nl"]}
        result = CliRunner().invoke(main, line.get(where, args), env=env)
        assert result.exit_code == 2, (name, result.output, result.exception)
        assert dutch in result.output, (name, result.output)
        assert english_words(result.output) == [], (name, result.output)


@pytest.mark.parametrize("where", ["env", "before", "after"])
def test_every_usage_error_speaks_english_on_request(tmp_path, where):
    for name, (args, _, english) in cases(tmp_path).items():
        if name == "missing sub-command" or (
            name.startswith("option without its value") and where == "after"
        ):
            continue  # the --lang is the error; --lang would be the option's value
        line = {"before": ["--lang", "en", *args], "after": [*args, "--lang", "en"]}
        env = {"DQ_LANG": "en" if where == "env" else None}
        result = CliRunner().invoke(main, line.get(where, args), env=env)
        assert result.exit_code == 2, (name, result.output, result.exception)
        assert english in result.output, (name, result.output)
        assert "Fout" not in result.output and "ongeldig" not in result.output, name


def test_usage_line_and_hint_in_the_chosen_language(tmp_path):
    args = ["metrics", "--db", str(tmp_path / "s.duckdb"), "--as-of", "gisteren"]
    dutch = CliRunner().invoke(main, args, prog_name="dq").output
    english = CliRunner().invoke(main, [*args, "--lang", "en"], prog_name="dq").output
    assert dutch.startswith(
        "Gebruik: dq metrics [OPTIES]\nProbeer 'dq metrics --help' voor hulp.\n\nFout: "
    )
    assert english.startswith(
        "Usage: dq metrics [OPTIONS]\nTry 'dq metrics --help' for help.\n\nError: "
    )
    group = CliRunner().invoke(main, ["metricz"], prog_name="dq").output
    assert group.startswith("Gebruik: dq [OPTIES] OPDRACHT [ARGUMENTEN]...\n")


def test_missing_sub_command_in_both_languages():
    for lang, text in (("nl", "Fout: opdracht ontbreekt."), ("en", "Error: Missing command.")):
        result = CliRunner().invoke(main, ["notify", "--lang", lang])
        assert result.exit_code == 2 and text in result.output, result.output


def test_the_last_lang_given_wins_for_usage_errors():
    result = CliRunner().invoke(main, ["--lang", "en", "metrics", "--bogus", "--lang", "nl"])
    assert result.exit_code == 2 and "Fout: onbekende optie '--bogus'." in result.output


def test_known_problems_say_fout_in_dutch(tmp_path):
    db = str(tmp_path / "none.duckdb")
    dutch = CliRunner().invoke(main, ["metrics", "--db", db])
    english = CliRunner().invoke(main, ["metrics", "--db", db, "--lang", "en"])
    assert dutch.exit_code == english.exit_code == 2
    assert dutch.output.startswith("Fout: ") and english.output.startswith("Error: ")


@pytest.mark.parametrize("command", [[], ["metrics"], ["snapshots", "delete"], ["notify"]])
def test_help_still_works(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "--lang [nl|en]" in result.output, result.output


def test_the_console_entry_point_tells_usage_errors_in_dutch(tmp_path):
    # run() calls main outside click's standalone mode: the same messages, exit 2
    code = "import sys; sys.argv[0] = 'dq'; from dq.cli import run; run()"
    env = {k: v for k, v in os.environ.items() if k != "DQ_LANG"}
    for args, text in (
        (["metrics", "--bogus"], "Fout: onbekende optie '--bogus'."),
        (["metricz", "--lang", "en"], "Error: No such command 'metricz'."),
    ):
        done = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env
        )
        assert done.returncode == 2 and text in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
