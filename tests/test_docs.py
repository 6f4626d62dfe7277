"""The docs keep their promises: every CLI command has help text and is in the README."""

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
