"""The ``dq`` command: a thin front over the :mod:`dq` library.

Each command parses its options, calls the library and prints; known problems become a clear
message and exit code 2, never a traceback.
"""

from __future__ import annotations

import json
import sys

import click

from dq import checker, identifiers
from dq.i18n import language, t


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="Language of messages (default: DQ_LANG, else nl).",
)
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """Sleutelklaar: get every account ready for two-step verification."""
    ctx.obj = {"lang": language(lang)}


def _read_values(values: tuple[str, ...]) -> list[str]:
    """The values to check: the arguments, or one per line of stdin for '-'."""
    if values == ("-",):
        return [line.rstrip("\r\n") for line in sys.stdin]
    return list(values)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per value, in input order.")
@click.option(
    "--reveal", is_flag=True, help="Show the numbers in full in the table (masked by default)."
)
@click.argument("values", nargs=-1)
@click.pass_context
def check(ctx: click.Context, as_json: bool, reveal: bool, values: tuple[str, ...]) -> None:
    """Check national register (RRNR) and BIS numbers: VALUE... or '-' for stdin.

    Exits 0 even when values are invalid; the verdict is in the output.
    """
    lang = ctx.obj["lang"]
    if not values:
        raise click.UsageError(t("check.no_values", lang))
    inputs = _read_values(values)
    if as_json:
        for raw in inputs:
            verdict = identifiers.check(raw).as_dict()
            click.echo(json.dumps({"input": raw, **verdict}, ensure_ascii=False))
        return
    click.echo(format_check_table(inputs, lang, reveal))


def format_check_table(inputs: list[str], lang: str, reveal: bool = False) -> str:
    """An aligned, readable table of verdicts; numbers masked unless ``reveal``.

    >>> print(format_check_table(['90010100123'], 'nl'))  # doctest: +NORMALIZE_WHITESPACE
    invoer           nummer           oordeel  soort                uitleg
    ••.••.••-•••.23  ••.••.••-•••.23  geldig   rijksregisternummer
    1 van 1 geldig
    """
    frame = checker.verdict_table(inputs, lang, reveal)
    shown = [c for c in checker.COLUMNS if c != "todo"]
    labels = checker.column_labels(lang)
    rows = [[labels[c] for c in shown], *frame[shown].astype(str).values.tolist()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(shown))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    valid = int((frame["verdict"] == t("check.valid", lang)).sum())
    lines.append(t("check.summary", lang, valid=valid, total=len(frame)))
    return "\n".join(lines)
