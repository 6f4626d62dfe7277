"""`--help` in the chosen language: description, options and click's own headings from the
catalogs (Dutch by default), and English --help exactly as the decorators have it."""

import inspect

import click
import pytest
from click.testing import CliRunner

from dq.cli import main
from dq.i18n import TEXTS

ENGLISH_WORDS = (
    "Usage:",
    "Options:",
    "Commands:",
    "Show this message and exit",
    "[default:",
    "[required]",
    "[OPTIONS]",
)


def command_tree(group=main, path=()):
    """Every command and group under ``main`` (``main`` itself first), with its words."""
    yield list(path), group
    for name, command in getattr(group, "commands", {}).items():
        yield from command_tree(command, (*path, name))


COMMANDS = list(command_tree())
IDS = [" ".join(path) or "dq" for path, _ in COMMANDS]


def help_keys(path, command):
    """The catalog key of the command's help and of each of its parameters' (the key a
    parameter every command shares uses: help.option.<name>)."""
    base = ".".join(["help", "dq", *path])
    keys = {base: command.help}
    for param in command.params:
        if param.help is None:
            continue
        own = f"{base}.{param.name}"
        keys[own if own in TEXTS else f"help.option.{param.name}"] = param.help
    return keys


def flat(text: str) -> str:
    return " ".join(text.split())


def invoke(args, **env):
    return CliRunner().invoke(main, args, prog_name="dq", env={"DQ_LANG": None, **env})


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_dutch_help_names_every_option_with_its_dutch_text(path, command):
    result = invoke([*path, "--help", "--lang", "nl"])
    assert result.exit_code == 0, result.output
    output = result.output
    assert output.startswith(f"Gebruik: {' '.join(['dq', *path])} [OPTIES]"), output
    assert "Opties:" in output and "Toon deze hulp en stop." in output
    assert [word for word in ENGLISH_WORDS if word in output] == []
    for param in command.params:
        if isinstance(param, click.Option):
            assert all(name in output for name in param.opts), (param.opts, output)
    for key in help_keys(path, command):
        assert key in TEXTS, f"no catalog entry {key}"
        assert TEXTS[key]["nl"] != TEXTS[key]["en"], f"not translated: {key}"
        assert flat(TEXTS[key]["nl"]) in flat(output), key
    if isinstance(command, click.Group):
        assert "Opdrachten:" in output
        assert all(f"  {name}  " in output for name in command.commands)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_the_english_catalog_holds_the_decorators_texts(path, command):
    for key, text in help_keys(path, command).items():
        assert TEXTS[key]["en"] == inspect.cleandoc(text), key


METRICS_EN = """\
Usage: dq metrics [OPTIONS]

  Readiness of a snapshot: totals, per module and per school.

Options:
  --db FILE       The DuckDB store (also DQ_DB).  [default:
                  data/sleutelklaar.duckdb]
  --as-of TEXT    Snapshot date (default: the latest).
  --json          Machine-readable output (see README).
  --lang [nl|en]  Language of messages: nl or en (default: DQ_LANG, else nl).
                  Before or after the command name.
  -h, --help      Show this message and exit.
"""

SNAPSHOTS_EN = """\
Usage: dq snapshots [OPTIONS] [COMMAND] [ARGS]...

  List the snapshots in the store with their provenance.

Options:
  --db FILE       The DuckDB store (also DQ_DB).  [default:
                  data/sleutelklaar.duckdb]
  --lang [nl|en]  Language of messages: nl or en (default: DQ_LANG, else nl).
                  Before or after the command name.
  -h, --help      Show this message and exit.

Commands:
  delete  Delete the snapshot of DATE (YYYY-MM-DD) and everything in it.
"""


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["metrics"], METRICS_EN), (["snapshots"], SNAPSHOTS_EN)],
    ids=["metrics", "snapshots"],
)
def test_english_help_is_what_click_printed_before(args, expected):
    result = invoke([*args, "--help", "--lang", "en"])
    assert result.exit_code == 0 and result.output == expected, result.output


def test_english_help_of_a_sub_command_and_of_required_options():
    delete = invoke(["snapshots", "delete", "--help", "--lang", "en"]).output
    assert delete.startswith("Usage: dq snapshots delete [OPTIONS] DATE\n\n  Delete the snapshot")
    fixlist = flat(invoke(["fixlist", "--lang", "en", "--help"]).output)
    assert "or - for CSV on stdout. [required]" in fixlist


@pytest.mark.parametrize(
    ("args", "env", "heading"),
    [
        (["--lang", "en", "metrics", "--help"], {}, "Usage:"),  # before the command
        (["metrics", "--help", "--lang", "en"], {}, "Usage:"),  # after it, after --help too
        (["metrics", "--help"], {"DQ_LANG": "en"}, "Usage:"),
        (["metrics", "--help", "--lang", "nl"], {"DQ_LANG": "en"}, "Gebruik:"),
        (["--lang", "en", "metrics", "--lang", "nl", "--help"], {}, "Gebruik:"),  # last wins
        (["notify", "people", "--help"], {}, "Gebruik:"),  # Dutch by default
        (["--help"], {}, "Gebruik:"),
    ],
)
def test_the_help_speaks_the_chosen_language(args, env, heading):
    result = invoke(args, **env)
    assert result.exit_code == 0 and result.output.startswith(heading), result.output


def test_dutch_help_writes_defaults_required_and_value_kinds_in_dutch():
    output = invoke(["fixlist", "--help"]).output
    assert "--out BESTAND" in output and "[verplicht]" in output
    assert "[standaard:" in flat(invoke(["demo", "--help"]).output)
    assert "--school TEKST" in output and "TEXT" not in output
