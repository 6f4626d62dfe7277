"""The docs keep their promises: every CLI command has help text and is in the README."""

import re
from pathlib import Path

from dq.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _commands(group, prefix="dq"):
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix} {name}")


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in _commands(main):
        assert command.help and command.help.strip(), name
        assert f"`{name}" in readme, f"{name} missing from README.md"


def test_readme_promises_the_two_commands_and_ci_runs_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _readme_commands_and_options(readme: str) -> tuple[set[str], set[str]]:
    """Every `dq <command>` (with its subcommand) and every `--option` the README names."""
    commands = set()
    for first, second in re.findall(r"\bdq ([a-z]+)(?: ([a-z]+))?", readme):
        command = main.commands.get(first)
        if command is None:
            continue
        sub = getattr(command, "commands", {})
        commands.add(f"{first} {second}" if second in sub else first)
    return commands, set(re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", readme))


def _test_sources() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "tests").glob("test_*.py"))
        if p.name != "test_docs.py"
    )


def test_every_command_and_option_in_the_readme_has_a_test_that_calls_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands, options = _readme_commands_and_options(readme)
    assert {"check", "ingest", "snapshots delete", "demo", "fixlist"} <= commands
    known = {
        opt for _, command in _commands(main) for param in command.params for opt in param.opts
    } | {opt for param in main.params for opt in param.opts}
    assert options - known == set(), "the README names options the CLI does not have"
    sources = _test_sources()
    # a test calls a command when its words are arguments there: "snapshots", "delete"
    untested = sorted(
        name for name in commands if not all(f'"{word}"' in sources for word in name.split())
    )
    untested += sorted(option for option in options if f'"{option}"' not in sources)
    assert untested == [], f"named in README.md, called by no test: {untested}"


def test_options_the_readme_gives_a_command_belong_to_that_command():
    """`dq check --json` must be an option of `check` itself, not of some other command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    global_options = {opt for param in main.params for opt in param.opts}
    wrong = []
    for span in re.findall(r"`(dq [^`]+)`", readme):
        words = span.split()
        command = main.commands.get(words[1]) if len(words) > 1 else None
        if command is None:
            continue
        name, sub = words[1], getattr(command, "commands", {})
        if len(words) > 2 and words[2] in sub:
            command, name = sub[words[2]], f"{name} {words[2]}"
        own = {opt for param in command.params for opt in param.opts} | global_options
        wrong += [
            f"dq {name} {option}"
            for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", span)
            if option not in own
        ]
    assert wrong == [], f"README.md gives these commands options they do not have: {wrong}"
