"""The ``dq`` command: a thin front over the :mod:`dq` library.

Each command parses its options, calls the library and prints; known problems become a clear
message and exit code 2, never a traceback.
"""

from __future__ import annotations

import datetime
import functools
import json
import sys

import click

from dq import checker, identifiers
from dq.i18n import language, t


def _known_errors() -> tuple[type[Exception], ...]:
    """The library's error classes that carry a message for people (imported lazily)."""
    from dq.ingest import IngestError
    from dq.policy import PolicyError
    from dq.privacy import KeyProblem
    from dq.readers import ReadError
    from dq.store import StoreError

    return (IngestError, PolicyError, KeyProblem, ReadError, StoreError)


class FriendlyError(click.ClickException):
    """A known problem: its message, exit code 2, no traceback."""

    exit_code = 2


def friendly(command):
    """Turn the library's known errors into a clear message and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except _known_errors() as error:
            raise FriendlyError(error.message(click.get_current_context().obj["lang"])) from None

    return wrapper


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            t("error.bad_date", ctx.obj["lang"] if ctx.obj else None, value=value)
        ) from None


db_option = click.option(
    "--db",
    "db",
    envvar="DQ_DB",
    default="data/sleutelklaar.duckdb",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The DuckDB store (also DQ_DB).",
)


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


@main.command()
@db_option
@click.option(
    "--as-of",
    callback=_parse_date,
    help="Export date YYYY-MM-DD (else from the file name, else today).",
)
@click.option("--school", help="School id for files without a school column.")
@click.option(
    "--kind", type=click.Choice(["users", "contacts"]), help="Override the detected kind of export."
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Policy TOML file.",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.pass_context
@friendly
def ingest(ctx, db, as_of, school, kind, policy_path, files):
    """Ingest users and contacts exports (CSV or XLSX) as one snapshot.

    Bad files get a message naming the file and what to do, exit code 2, and the store is
    left unchanged.
    """
    from dq import ingest as ingest_module
    from dq import policy as policy_module
    from dq.store import Store

    lang = ctx.obj["lang"]
    policy = policy_module.load(policy_path)
    bar = None
    total_bytes = sum(_size(f) for f in files)

    def progress(stage: str, fraction: float) -> None:
        nonlocal bar
        if total_bytes < 20 * 2**20 or not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=100, label="dq ingest", file=sys.stderr)
            bar.__enter__()
        bar.update(int(fraction * 100) - bar.pos)

    try:
        report = ingest_module.ingest(
            Store(db),
            files,
            as_of=as_of,
            school=school,
            kind=kind,
            policy=policy,
            progress=progress,
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(t(f"ingest.as_of.{report.as_of_source}", lang, date=report.as_of.isoformat()))
    for file_report in report.files:
        click.echo(file_report.summary(lang))
        for warning in file_report.warnings:
            details = {
                k: (", ".join(v) if isinstance(v, list) else v)
                for k, v in warning.items()
                if k != "code"
            }
            click.echo("  ! " + t(f"warning.{warning['code']}", lang, **details))
    click.echo(
        t(
            "ingest.done" if report.changed else "ingest.nothing",
            lang,
            date=report.as_of.isoformat(),
            db=db,
        )
    )


def _size(path: str) -> int:
    try:
        import os

        return os.path.getsize(path)
    except OSError:
        return 0


@main.group(invoke_without_command=True)
@db_option
@click.pass_context
@friendly
def snapshots(ctx, db):
    """List the snapshots in the store with their provenance."""
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is not None:
        return
    from dq.store import Store

    lang = ctx.obj["lang"]
    frame = Store(db).snapshots()
    if frame.empty:
        click.echo(t("snapshots.none", lang, db=db))
        return
    for row in frame.itertuples():
        files = ", ".join(
            f"{name} ({sha})" for name, sha in zip(row.files, row.sha256_prefixes, strict=True)
        )
        click.echo(
            f"{row.as_of:%Y-%m-%d}  {row.accounts:>8} accounts  {row.contacts:>5} contacts  "
            f"{t('ingest.rows', lang, rows=row.user_rows or 0)}  {files}  "
            f"(v{row.tool_version}, rules {row.rules_version}, {row.ingested_at:%Y-%m-%d %H:%M})"
        )


@snapshots.command("delete")
@click.argument("date", callback=_parse_date)
@click.pass_context
@friendly
def snapshots_delete(ctx, date):
    """Delete the snapshot of DATE (YYYY-MM-DD) and everything in it."""
    from dq.store import Store

    lang, db = ctx.obj["lang"], ctx.obj["db"]
    if not Store(db).exists() or not Store(db).delete_snapshot(date.isoformat()):
        raise FriendlyError(t("snapshots.not_found", lang, date=date.isoformat(), db=db))
    click.echo(t("snapshots.deleted", lang, date=date.isoformat()))


@main.command()
@db_option
@click.option(
    "--out",
    default="data/demo",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the demo export files.",
)
@click.option("--seed", default=2026, show_default=True, help="Random seed (same seed, same demo).")
@click.option("--schools", default=8, show_default=True, help="Number of schools.")
@click.option("--accounts", default=1500, show_default=True, help="Number of accounts.")
@click.option("--snapshots", default=6, show_default=True, help="Number of weekly exports.")
@click.option("--no-ingest", is_flag=True, help="Only write the files; do not fill the store.")
@click.pass_context
@friendly
def demo(ctx, db, out, seed, schools, accounts, snapshots, no_ingest):
    """Write a fictional school group's weekly exports and ingest them into the store."""
    from dq import demo as demo_module
    from dq import ingest as ingest_module
    from dq.store import Store

    lang = ctx.obj["lang"]
    files = demo_module.generate(
        out, seed=seed, schools=schools, accounts=accounts, snapshots=snapshots
    )
    click.echo(t("demo.written", lang, count=len(files), out=out))
    if no_ingest:
        return
    store = Store(db)
    for users, contacts in zip(files[0::2], files[1::2], strict=True):
        report = ingest_module.ingest(store, [users, contacts])
        click.echo(t("ingest.done", lang, date=report.as_of.isoformat(), db=db))
