"""The ``dq`` command: a thin front over the :mod:`dq` library.

Each command parses its options, calls the library and prints; known problems become a clear
message and exit code 2, never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import functools
import inspect
import json
import sys

import click

from dq import formatting as fmt
from dq.errors import DqError
from dq.i18n import has, language, t


def strict_json(value: object) -> str:
    """JSON that every parser accepts: NaN and infinities become ``null``.

    >>> strict_json({'a': float('nan'), 'b': [1.5, float('inf')], 'c': 'é'})
    '{"a": null, "b": [1.5, null], "c": "é"}'
    """

    def clean(item: object) -> object:
        if isinstance(item, float) and (item != item or item in (float("inf"), float("-inf"))):
            return None
        if isinstance(item, dict):
            return {k: clean(v) for k, v in item.items()}
        if isinstance(item, (list, tuple)):
            return [clean(v) for v in item]
        if hasattr(item, "item") and not isinstance(item, (str, bytes)):  # numpy scalars
            return clean(item.item())
        return item

    return json.dumps(clean(value), ensure_ascii=False, allow_nan=False)


def _out_folder_exists(out: str) -> None:
    """Refuse an output file in a folder that does not exist (exit 2, not a traceback)."""
    import os

    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder):
        raise DqError("out_folder", folder=folder, out=out)


class FriendlyError(click.ClickException):
    """A known problem: its message, exit code 2, no traceback; "Fout:" or "Error:" in the
    language of the command that raised it."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        ctx = click.get_current_context(silent=True)
        self.lang = language(ctx.obj.get("lang") if ctx is not None and ctx.obj else None)

    def show(self, file=None) -> None:
        click.echo(t("usage.error", self.lang, message=self.message), file=file, err=file is None)


def friendly(command=None, *, session: bool = True):
    """Turn the library's known errors into a clear message and exit code 2. A reading
    command (``session``) opens the store file once for all its questions
    (:func:`dq.store.reading_session`); a writing one (``@friendly(session=False)``) opens it
    per question, so it does not hold the file while it stages its work."""
    if command is None:
        return functools.partial(friendly, session=session)

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from dq.db import duckdb
        from dq.store import reading_session

        lang = click.get_current_context().obj["lang"]
        try:
            with reading_session() if session else contextlib.nullcontext():
                return command(*args, **kwargs)
        except DqError as error:
            raise FriendlyError(error.message(lang)) from None
        except (duckdb.IOException, duckdb.TransactionException, OSError) as error:
            # a full disk or a file-size limit: the transaction was rolled back (a failed
            # checkpoint at commit leaves nothing of it in the write-ahead log either)
            if not _is_write_failure(error):
                raise
            raise FriendlyError(t("error.write_failed", lang, kind=type(error).__name__)) from None

    return wrapper


def _is_write_failure(error: Exception) -> bool:
    """Whether an error means the disk (or a file-size limit) refused a write."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return True
    text = str(error).lower()
    return any(
        sign in text
        for sign in ("could not write", "file too large", "no space left", "disk quota")
    )


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            t("error.bad_date", ctx.obj["lang"] if ctx.obj else None, value=value)
        ) from None


def _check_db(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Refuse :memory:, an address and a non-file before anything is opened or created."""
    from dq.store import StoreError, check_store_path

    try:
        check_store_path(value)
    except StoreError as error:
        raise FriendlyError(error.message(ctx.obj["lang"] if ctx.obj else None)) from None
    return value


db_option = click.option(
    "--db",
    "db",
    envvar="DQ_DB",
    default="data/sleutelklaar.duckdb",
    show_default=True,
    type=click.Path(dir_okay=False),
    callback=_check_db,
    help="The DuckDB store (also DQ_DB).",
)


def _set_lang(ctx: click.Context, _param, value: str | None) -> None:
    """``--lang`` before or after a command name: the language of every message after it."""
    chosen = ctx.ensure_object(dict)
    if value or "lang" not in chosen:
        chosen["lang"] = language(value)


def lang_option() -> click.Option:
    """The one ``--lang`` option, on the group and on every command (see :class:`LangGroup`).
    Eager, so it is in force before any other option's check speaks."""
    return click.Option(
        ["--lang"],
        type=click.Choice(["nl", "en"]),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_set_lang,
        help="Language of messages: nl or en (default: DQ_LANG, else nl). Before or after the "
        "command name.",
    )


def _quoted(names) -> str:
    """``'--out'``, or ``'--a' / '--b'`` for several names, as click quotes them."""
    return names if isinstance(names, str) else " / ".join(f"'{name}'" for name in names)


def _bad_value_reason(error: click.BadParameter, lang: str) -> str:
    """Why a value was refused. Our own callbacks already speak ``lang``; click's types speak
    English, so in Dutch their reason is rebuilt from the parameter's type."""
    kind = error.param.type if error.param is not None else None
    if lang == "en" or kind is None:
        return error.message
    if isinstance(kind, click.Choice):
        return t("usage.choose", lang, choices=", ".join(f"'{c}'" for c in kind.choices))
    if isinstance(kind, click.Path):
        if not kind.file_okay:
            return t("usage.path_folder", lang)
        if kind.exists:
            return t("usage.path_file", lang)
        return t("usage.path_not_folder", lang)
    return error.message


def usage_message(error: click.UsageError, lang: str) -> str:
    """The message of a click usage error in ``lang``, built from the error's attributes
    (option name, parameter, close matches); click's own text only for a case not known here.

    >>> usage_message(click.NoSuchOption("--bogus", possibilities=["--db", "--bogus2"]), "nl")
    "onbekende optie '--bogus'. Bedoelt u '--bogus2'?"
    >>> usage_message(click.BadOptionUsage("--db", "Option '--db' requires an argument."), "nl")
    "optie '--db' heeft een waarde nodig."
    """
    ctx = error.ctx
    if isinstance(error, (click.NoSuchOption, click.exceptions.NoSuchCommand)):
        if isinstance(error, click.NoSuchOption):
            message = t("usage.no_such_option", lang, name=error.option_name)
        else:
            message = t("usage.no_such_command", lang, name=error.command_name)
        if error.possibilities:
            matches = ", ".join(f"'{p}'" for p in sorted(error.possibilities))
            message += " " + t("usage.did_you_mean", lang, possibilities=matches)
        return message
    if isinstance(error, click.MissingParameter) and not error.message:
        param = error.param
        hint = _quoted(error.param_hint) if error.param_hint else param.get_error_hint(ctx)
        kind = error.param_type or param.param_type_name
        message = t(
            f"usage.missing_{'argument' if kind == 'argument' else 'option'}", lang, param=hint
        )
        if isinstance(param.type, click.Choice):
            choices = ", ".join(f"'{c}'" for c in param.type.choices)
            message += " " + t("usage.choose", lang, choices=choices)
        return message
    if isinstance(error, click.BadParameter):
        reason = _bad_value_reason(error, lang)
        if error.param_hint is not None:
            return t("usage.bad_value", lang, param=_quoted(error.param_hint), message=reason)
        if error.param is not None:
            hint = error.param.get_error_hint(ctx)
            return t("usage.bad_value", lang, param=hint, message=reason)
        return t("usage.bad_value_bare", lang, message=reason)
    if isinstance(error, click.BadOptionUsage):
        # a flag given a value, or an option without its value (LangHelp.parse_args gives
        # the parser's error the command's context)
        flag = ctx is not None and any(
            isinstance(p, click.Option) and p.is_flag and error.option_name in p.opts
            for p in ctx.command.params
        )
        key = "usage.takes_no_value" if flag else "usage.needs_value"
        return t(key, lang, name=error.option_name)
    if isinstance(error, click.BadArgumentUsage):
        return t("usage.bad_argument", lang)
    if isinstance(error, ExtraArguments):
        return t("usage.extra_arguments", lang, arguments=" ".join(error.arguments))
    if (
        isinstance(ctx.command if ctx is not None else None, click.Group)
        and ctx.invoked_subcommand is None
        and not ctx.args
    ):
        return t("usage.missing_command", lang)
    return error.format_message()  # our own UsageErrors (already in lang), or one unknown here


class UsageProblem(click.UsageError):
    """A click usage error told in one language: usage line, help hint and message (exit 2).

    >>> print(UsageProblem(click.NoSuchOption("--bogus"), "en").report())
    Error: No such option '--bogus'.
    """

    def __init__(self, error: click.UsageError, lang: str) -> None:
        super().__init__(usage_message(error, lang), error.ctx)
        self.lang = lang

    def report(self) -> str:
        """What is printed: usage and hint when the command is known, then the message."""
        lines = []
        ctx = self.ctx
        if ctx is not None:
            pieces = " ".join(usage_pieces(ctx, self.lang))
            lines.append(t("usage.usage", self.lang, path=ctx.command_path, pieces=pieces))
            help_option = ctx.command.get_help_option(ctx)
            if help_option is not None:
                option = max(help_option.opts, key=len)
                lines.append(
                    t("usage.try_help", self.lang, command=ctx.command_path, option=option)
                )
            lines.append("")
        lines.append(t("usage.error", self.lang, message=self.message))
        return "\n".join(lines)

    def show(self, file=None) -> None:
        click.echo(self.report(), file=file, err=file is None)


def _in_one_language(error: click.UsageError, lang: str) -> click.UsageError:
    """``error`` as a :class:`UsageProblem` in ``lang`` (click's help-on-no-arguments and an
    error already told are left as they are)."""
    if isinstance(error, (UsageProblem, click.exceptions.NoArgsIsHelpError)):
        return error
    return UsageProblem(error, lang)


class ExtraArguments(click.UsageError):
    """Values on the command line that no parameter takes (click's "unexpected extra
    argument"), kept as ``arguments`` so the message can be told in any language."""

    def __init__(self, arguments: list[str], ctx: click.Context) -> None:
        super().__init__(f"Got unexpected extra arguments ({' '.join(arguments)})", ctx)
        self.arguments = arguments


def usage_pieces(ctx: click.Context, lang: str) -> list[str]:
    """The pieces of a command's usage line after its name, click's words in ``lang``.

    >>> usage_pieces(click.Context(main.commands["metrics"], info_name="metrics"), "nl")
    ['[OPTIES]']
    """
    words = {
        "[OPTIONS]": "usage.options",
        "COMMAND [ARGS]...": "usage.command",
        "[COMMAND] [ARGS]...": "usage.command_optional",  # a group that runs on its own
    }
    return [
        t(words[piece], lang) if piece in words else piece
        for piece in ctx.command.collect_usage_pieces(ctx)
    ]


def help_key(ctx: click.Context, param: click.Parameter | None = None) -> str:
    """The catalog key of a command's help (``help.dq.snapshots.delete``) or of one of its
    parameters' (``help.dq.check.as_json``): the command path from ``dq``, with dots.

    >>> root = click.Context(main, info_name="dq")
    >>> help_key(click.Context(main.commands["check"], info_name="check", parent=root))
    'help.dq.check'
    """
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    path = ".".join(["help", "dq", *reversed(names)])
    return path if param is None else f"{path}.{param.name}"


def _help_text(key: str, lang: str, fallback: str | None, shared: str | None = None) -> str:
    """The text of ``key`` (else of the ``shared`` key) in ``lang``, else the decorator's."""
    for candidate in (key, shared):
        if candidate is not None and has(candidate):
            return t(candidate, lang)
    return inspect.cleandoc(fallback or "")


def _value_not_an_option(ctx: click.Context, args: list[str]) -> None:
    """Refuse an option that needs a value followed by another of the command's options
    (``dq marks --undo --db X``): click would take ``--db`` as the value and then call ``X``
    an extra argument."""
    options = {o: p for p in ctx.command.params if isinstance(p, click.Option) for o in p.opts}
    names = set(options) | set(ctx.help_option_names)  # --help / -h is an option too
    for name, following in zip(args, args[1:], strict=False):
        if name == "--":
            return
        param = options.get(name)
        if (
            param is not None
            and not param.is_flag
            and not param.count
            and following.split("=", 1)[0] in names
        ):
            raise click.BadOptionUsage(name, f"Option '{name}' requires an argument.", ctx)


class LangHelp(click.Command):
    """``--help`` in the chosen language (``--lang`` anywhere on the command line, else
    ``DQ_LANG``, else Dutch): description, options, arguments and click's own headings come
    from the catalogs (``help.<command path>``, ``help.<command path>.<parameter>``, for
    options every command shares ``help.option.<parameter>``), else the decorator's text."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # --help is eager: the language must be known before it runs
            ctx.meta["dq.help_lang"] = argv_lang(args)
        _value_not_an_option(ctx, args)
        try:
            return super().parse_args(ctx, args)
        except click.BadOptionUsage as error:
            # click's parser raises it without a context: the message must look the option up
            # on this command (`dq marks --undo` needs a value, `dq mark --undo` is a flag)
            error.ctx = error.ctx or ctx
            raise

    @staticmethod
    def help_lang(ctx: click.Context) -> str:
        """The language of the help: the command line's, else the context's, else DQ_LANG."""
        if "dq.help_lang" in ctx.meta:
            return ctx.meta["dq.help_lang"]
        obj = ctx.find_root().obj
        return language(obj.get("lang") if isinstance(obj, dict) else None)

    def help_text(self, ctx: click.Context, lang: str) -> str:
        """This command's description in ``lang``."""
        return _help_text(help_key(ctx), lang, self.help).partition("\f")[0]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = self.help_lang(ctx)
        pieces = " ".join(usage_pieces(ctx, lang))
        formatter.write_usage(ctx.command_path, pieces, prefix=t("usage.prefix", lang))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = self.help_text(ctx, self.help_lang(ctx))
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def help_record(self, ctx: click.Context, param: click.Parameter, lang: str):
        """The two columns of ``param``'s line in the help: its spelling and its text."""
        if getattr(param, "hidden", False):
            return None
        help_option = self.get_help_option(ctx)
        if param is help_option:
            text = t("help.option.help", lang)
        else:
            shared = f"help.option.{param.name}" if isinstance(param, click.Option) else None
            text = _help_text(help_key(ctx, param), lang, param.help, shared)
        if not isinstance(param, click.Option):
            return param.make_metavar(ctx), text
        extra = param.get_help_extra(ctx)
        extras = [t("usage.default", lang, default=extra["default"])] if "default" in extra else []
        extras += [t("usage.required", lang)] if "required" in extra else []
        if extras:
            text = f"{text}  [{'; '.join(extras)}]" if text else f"[{'; '.join(extras)}]"
        spec, _, metavar = param.get_help_spec(ctx).rpartition(" ")
        if spec and has(f"usage.metavar.{metavar}"):  # click's type names: TEXT, FILE, ...
            metavar = t(f"usage.metavar.{metavar}", lang)
        return f"{spec} {metavar}" if spec else metavar, text

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = self.help_lang(ctx)
        arguments = [p for p in self.get_params(ctx) if isinstance(p, click.Argument)]
        if any(has(help_key(ctx, p)) or p.help is not None for p in arguments):
            with formatter.section(t("usage.arguments_heading", lang)):
                formatter.write_dl([self.help_record(ctx, p, lang) for p in arguments])

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = self.help_lang(ctx)
        records = [
            self.help_record(ctx, param, lang)
            for param in self.get_params(ctx)
            if isinstance(param, click.Option)
        ]
        records = [record for record in records if record is not None]
        if records:
            with formatter.section(t("usage.options_heading", lang)):
                formatter.write_dl(records)


class LangCommand(LangHelp):
    """A command that reports values no parameter takes as :class:`ExtraArguments`, with its
    help in the chosen language (:class:`LangHelp`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        strict = not ctx.allow_extra_args
        ctx.allow_extra_args = True  # let click collect them; refused just below
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = not strict
        if strict and rest and not ctx.resilient_parsing:
            raise ExtraArguments(rest, ctx)
        return rest


class LangGroup(LangHelp, click.Group):
    """A command group whose every command and sub-group also takes ``--lang`` after its
    name (``dq check --lang en ...`` as well as ``dq --lang en check ...``), with its help in
    the chosen language (:class:`LangHelp`)."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        LangHelp.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = self.help_lang(ctx)
        commands = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = []
        for name, command in commands:
            sub = click.Context(command, info_name=name, parent=ctx)
            text = _help_text(help_key(sub), lang, command.short_help or command.help)
            # click shortens a help text only on a command's own help (its helper for
            # any text is deprecated): a throwaway command holds the translated one
            rows.append((name, click.Command(name, help=text).get_short_help_str(limit)))
        with formatter.section(t("usage.commands_heading", lang)):
            formatter.write_dl(rows)

    group_class = type  # sub-groups (dq snapshots, dq notify) are LangGroups too
    command_class = LangCommand

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(param.name == "lang" for param in cmd.params):
            cmd.params.append(lang_option())
        super().add_command(cmd, name)

    # Usage errors are told at the top: a sub-command's error rises to the group's invoke, and
    # the language comes from the whole command line (parsing may fail before --lang is read).
    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        if parent is not None:
            return super().make_context(info_name, args, parent, **extra)
        lang = argv_lang(args)
        given = any(a == "--lang" or a.startswith("--lang=") for a in args)  # before parsing
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            raise _in_one_language(error, lang) from None
        ctx.meta["dq.usage_lang"] = lang
        ctx.meta["dq.lang_given"] = given
        return ctx

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            if ctx.parent is not None:
                raise
            raise _in_one_language(error, ctx.meta["dq.usage_lang"]) from None


@click.group(cls=LangGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx: click.Context) -> None:
    """Sleutelklaar: get every account ready for two-step verification."""
    import os

    chosen = ctx.ensure_object(dict).setdefault("lang", language(None))
    wanted = os.environ.get("DQ_LANG", "").strip()
    if wanted and language(wanted) != wanted.lower()[:2] and not ctx.meta.get("dq.lang_given"):
        # --lang fr is refused; DQ_LANG=fr falls back to Dutch, but says so
        click.echo(t("warning.unknown_dq_lang", chosen, value=wanted), err=True)


main.params.append(lang_option())


def _read_values(values: tuple[str, ...]) -> list[str]:
    """The values to check: the arguments, or one per line of stdin for '-' (UTF-8, with or
    without a byte order mark; bytes that are not UTF-8 become U+FFFD and so ``format``)."""
    if values == ("-",):
        stream = getattr(sys.stdin, "buffer", None)
        text = stream.read().decode("utf-8-sig", "replace") if stream else sys.stdin.read()
        return text.removeprefix("\ufeff").splitlines()
    return list(values)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per value, in input order.")
@click.option(
    "--reveal",
    is_flag=True,
    help="Show the input and the number in full, in the table and in --json (masked by default).",
)
@click.argument("values", nargs=-1)
@click.pass_context
def check(ctx: click.Context, as_json: bool, reveal: bool, values: tuple[str, ...]) -> None:
    """Check national register (RRNR) and BIS numbers: VALUE... or '-' for stdin.

    Inputs and numbers are masked (only the check digits show) unless --reveal. Exits 0 even
    when values are invalid; the verdict is in the output.
    """

    lang = ctx.obj["lang"]
    if not values:
        raise click.UsageError(t("check.no_values", lang))
    inputs = _read_values(values)
    if as_json:
        from dq import checker, identifiers

        for raw in inputs:
            verdict = identifiers.check(raw).as_dict()
            if verdict["number"]:
                verdict["number"] = identifiers.mask(verdict["number"], reveal)
            shown = identifiers.mask(checker.printable(raw), reveal)
            click.echo(strict_json({"input": shown, **verdict}))
        return
    click.echo(format_check_table(inputs, lang, reveal))


def format_check_table(inputs: list[str], lang: str, reveal: bool = False) -> str:
    """An aligned, readable table of verdicts; numbers masked unless ``reveal``.

    >>> print(format_check_table(['90010100123'], 'nl'))  # doctest: +NORMALIZE_WHITESPACE
    invoer           nummer           oordeel  soort                uitleg
    ••.••.••-•••.23  ••.••.••-•••.23  geldig   rijksregisternummer
    1 van 1 geldig
    """
    from dq import checker

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
@click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="Load the rest when a row's field count differs from the header's; list the lines.",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.pass_context
@friendly(session=False)
def ingest(ctx, db, as_of, school, kind, policy_path, skip_bad_rows, files):
    """Ingest users and contacts exports (CSV or XLSX) as one snapshot.

    Bad files get a message naming the file and what to do, exit code 2, and the store is
    left unchanged.
    """
    from dq import ingest as ingest_module
    from dq import policy as policy_module
    from dq.store import Store

    lang = ctx.obj["lang"]
    policy = policy_module.load(policy_path) if policy_path else None  # None: the store's own
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
            skip_bad_rows=skip_bad_rows,
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(t(f"ingest.as_of.{report.as_of_source}", lang, date=report.as_of.isoformat()))
    for file_report in report.files:
        click.echo(file_report.summary(lang))
        for warning in file_report.warnings:
            click.echo("  ! " + ingest_module.warning_text(warning, lang))
    done = {"date": report.as_of.isoformat(), "db": db}
    click.echo(
        t("ingest.done", lang, **done) if report.changed else t("ingest.nothing", lang, **done)
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
            t(
                "snapshots.line",
                lang,
                date=f"{row.as_of:%Y-%m-%d}",  # as --as-of and `snapshots delete` take it
                accounts=f"{fmt.number(row.accounts, lang):>8}",
                contacts=f"{fmt.number(row.contacts, lang):>5}",
                rows=t("ingest.rows", lang, rows=fmt.number(row.user_rows or 0, lang)),
                files=files,
                tool=row.tool_version,
                rules=row.rules_version,
                at=f"{row.ingested_at:%Y-%m-%d %H:%M}",
            )
        )


@snapshots.command("delete")
@click.option(
    "--db",
    "db",
    default=None,
    type=click.Path(dir_okay=False),
    callback=lambda ctx, param, value: value if value is None else _check_db(ctx, param, value),
    help="The DuckDB store (also DQ_DB).",
)
@click.argument("date", callback=_parse_date)
@click.pass_context
@friendly(session=False)
def snapshots_delete(ctx, db, date):
    """Delete the snapshot of DATE (YYYY-MM-DD) and everything in it."""
    from dq.store import Store

    # --db after `delete` as well as before it (`dq snapshots --db X delete DATE`)
    lang, db = ctx.obj["lang"], db or ctx.obj["db"]
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
@friendly(session=False)
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
    from dq import policy as policy_module

    store = Store(db)
    policy = policy_module.load_text(demo_module.DEMO_POLICY, "demo policy")
    for users, contacts in zip(files[0::2], files[1::2], strict=True):
        report = ingest_module.ingest(store, [users, contacts], policy=policy)
        click.echo(t("ingest.done", lang, date=report.as_of.isoformat(), db=db))


def _open_existing(db: str):
    from dq.store import Store, StoreError

    store = Store(db)
    if not store.exists():
        raise StoreError("missing", path=db)
    return store


def _checked(store, as_of, filters: dict):
    """The snapshot date asked for (refused when absent) with the filters checked: the
    library's one validation (:func:`dq.filters.validate`), as the API uses it."""
    from dq import filters as filters_module

    resolved = filters_module.snapshot_date(store, as_of)
    filters_module.normalise(store, filters)
    filters_module.validate(store, resolved, **filters)
    return resolved


def _print_frame_lines(frame, columns) -> None:
    for row in frame[columns].itertuples(index=False):
        click.echo("  ".join("" if v is None else str(v) for v in row))


@main.command()
@db_option
@click.option("--as-of", callback=_parse_date, help="Snapshot date (default: the latest).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (see README).")
@click.pass_context
@friendly
def metrics(ctx, db, as_of, as_json):
    """Readiness of a snapshot: totals, per module and per school."""
    from dq import metrics as metrics_module

    lang = ctx.obj["lang"]
    store = _open_existing(db)
    result = metrics_module.metrics_json(store, as_of)
    if as_json:
        click.echo(strict_json(result))
        return
    if result["as_of"] is None:
        click.echo(t("snapshots.none", lang, db=db))
        return
    click.echo(format_metrics(result, lang, store.policy()))


def format_metrics(result: dict, lang: str, policy=None) -> str:
    """A readable summary of a metrics result, in Dutch or English: numbers and percentages
    as the language writes them, modules by the policy's names."""
    from dq import rules

    def line(label: str, counts: dict) -> str:
        readiness = fmt.percent(counts["readiness"], lang)
        statuses = ", ".join(
            f"{fmt.number(counts[s], lang)} {rules.label(s, lang).lower()}"
            for s in rules.STATUS_IDS
        )
        return f"{label:<28} {readiness:>7}  " + t(
            "metrics.line", lang, in_scope=fmt.number(counts["in_scope"], lang), statuses=statuses
        )

    lines = [
        t("metrics.title", lang, date=result["as_of"]),
        line(t("metrics.total", lang), result["totals"]),
        "",
    ]
    lines.append(t("metrics.by_module", lang))
    lines += [
        line("  " + fmt.module_label(module, policy), counts)
        for module, counts in result["by_module"].items()
    ]
    lines.append(t("metrics.by_school", lang))
    lines += [
        line("  " + fmt.school_label(school, policy), counts)
        for school, counts in result["by_school"].items()
    ]
    return "\n".join(lines)


def _filters(school, module, status, reason, flag) -> dict:
    return {
        k: (list(v) if v else None)
        for k, v in {
            "school": school,
            "module": module,
            "status": status,
            "reason": reason,
            "flag": flag,
        }.items()
    }


@main.command()
@db_option
@click.option("--as-of", callback=_parse_date, help="Snapshot date (default: the latest).")
@click.option("--school", multiple=True, help="Only this school (repeatable).")
@click.option("--module", multiple=True, help="Only this module (repeatable).")
@click.option("--status", multiple=True, help="Only this status (repeatable).")
@click.option("--reason", multiple=True, help="Only this reason (repeatable).")
@click.option("--flag", multiple=True, help="Only accounts with this flag (repeatable).")
@click.option(
    "--full-values",
    is_flag=True,
    help="Show invalid entered values in full (valid numbers are never stored).",
)
@click.option(
    "--codes",
    is_flag=True,
    help="The machine form: column names and codes for status, reason and flags.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Output file: .csv, .xlsx or .zip (one file per school), or - for CSV on stdout.",
)
@click.option("--unmarked", is_flag=True, help="Only accounts nobody has marked (see dq mark).")
@click.pass_context
@friendly
def fixlist(
    ctx, db, as_of, school, module, status, reason, flag, full_values, codes, out, unmarked
):
    """The accounts that need an action, with what to do, as CSV, Excel or a zip per school."""
    import os

    import xlsxwriter.exceptions

    from dq import identifiers
    from dq.db import duckdb

    lang = ctx.obj["lang"]
    store = _open_existing(db)
    filters = _filters(school, module, status, reason, flag)
    as_of = _checked(store, as_of, filters)
    suffix = "csv" if out == "-" else out.rsplit(".", 1)[-1].lower()
    if suffix not in ("csv", "xlsx", "zip"):
        raise click.BadParameter(t("fix.bad_suffix", lang), param_hint="--out")
    if out != "-":
        _out_folder_exists(out)
        if os.path.exists(out) and os.path.samefile(out, store.path):
            raise FriendlyError(t("fix.out_is_store", lang, out=identifiers.redact(out)))
    try:
        count = _write_fixlist(
            store, as_of, lang, codes, out, suffix, full_values, unmarked, filters
        )
    except (OSError, duckdb.IOException, xlsxwriter.exceptions.XlsxWriterException) as error:
        if out == "-" and isinstance(error, OSError) and error.errno == errno.EPIPE:
            raise  # output piped into `head`: run() ends quietly
        _collect_quietly()  # a half-written workbook's ZipFile would complain when collected
        raise FriendlyError(
            t("fix.out_failed", lang, out=identifiers.redact(out), reason=_reason(error))
        ) from None
    if count is not None:
        click.echo(t("fix.written", lang, count=count, out=identifiers.redact(out)), err=True)


def _collect_quietly() -> None:
    """Collect what a failed write left behind without Python printing "Exception ignored"
    tracebacks for it (a ZipFile closing onto a full disk)."""
    import gc

    hook, sys.unraisablehook = sys.unraisablehook, lambda _: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _reason(error: Exception) -> str:
    """A failed write's cause in a few words: the system's text (an OSError's, or the end of
    DuckDB's message, "...: No space left on device"), else the exception's name."""
    from dq import identifiers

    cause = error if isinstance(error, OSError) else error.__cause__ or error.__context__
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror
    last = str(error).rsplit(": ", 1)[-1].split('"')[0].strip()  # DuckDB may add JSON
    if 0 < len(last) <= 80 and "/" not in last and "\n" not in last:
        return identifiers.redact(last)
    return type(error).__name__


def _write_fixlist(store, as_of, lang, codes, out, suffix, full_values, unmarked, filters):
    """Write the fix list to ``out`` (or stdout for ``-``); the number of rows written to a
    file, None for stdout."""
    from dq import fixlist as fixlist_module

    marked = unmarked or fixlist_module.has_marks(store)  # mark columns once marks exist
    if suffix == "zip" or marked:
        # one file per school, or the marks joined in: built from the list in memory
        frame = fixlist_module.fixlist(
            store,
            as_of,
            lang=lang,
            full_values=full_values,
            marked=marked,
            unmarked=unmarked,
            **filters,
        )
        if out == "-":
            sys.stdout.buffer.write(fixlist_module.to_csv_bytes(frame, lang, codes))
            return None
        data = fixlist_module.export(frame, suffix, lang, codes, as_of)  # before out is opened
        with open(out, "wb") as handle:
            handle.write(data)
        count = len(frame)
    else:  # no marks yet: streamed from the store in batches
        rows = fixlist_module.rows(store, as_of, lang=lang, full_values=full_values, **filters)
        if out == "-":
            fixlist_module.write_csv(sys.stdout.buffer, rows, lang, codes)
            return None
        if suffix == "csv":  # written by DuckDB (COPY): the same bytes, faster
            count = fixlist_module.copy_csv(
                store, out, as_of, lang=lang, codes=codes, full_values=full_values, **filters
            )
        else:
            count = fixlist_module.write_xlsx(out, rows, lang, codes)
    return count


@main.command()
@db_option
@click.option("--as-of", callback=_parse_date, help="Snapshot date (default: the latest).")
@click.option("--status", multiple=True, help="Only this status (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per account per line.")
@click.pass_context
@friendly
def accounts(ctx, db, as_of, status, as_json):
    """Every account of a snapshot with its status, reason, flags and days failing."""
    import pandas as pd

    from dq import metrics as metrics_module
    from dq import rules

    lang = ctx.obj["lang"]
    store = _open_existing(db)
    as_of = _checked(store, as_of, {"status": list(status)})
    frame = metrics_module.accounts(store, as_of, status=list(status) or None)
    for row in frame.itertuples(index=False):
        record = {
            "school_id": row.school_id,
            "username": row.username,
            "modules": list(row.modules),
            "status": row.status,
            "reason": row.reason,
            "flags": list(row.flags),
            "days_failing": None if pd.isna(row.days_failing) else int(row.days_failing),
        }
        if as_json:
            click.echo(strict_json(record))
        else:
            click.echo(  # for people: labels (--json gives the codes)
                f"{row.school_id}/{row.username}  {rules.label(row.status, lang)}  "
                + ("" if fmt.missing(row.reason) else t(f"reason.{row.reason}", lang))
                + "  "
                + ", ".join(rules.label(f, lang) for f in row.flags)
            )


@main.command()
@db_option
@click.option(
    "--from",
    "old",
    callback=_parse_date,
    help="The earlier snapshot date (default: the one before the last).",
)
@click.option(
    "--to", "new", callback=_parse_date, help="The later snapshot date (default: the last)."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (see README).")
@click.pass_context
@friendly
def diff(ctx, db, old, new, as_json):
    """What changed between two snapshots, account by account (default: the last two)."""
    from dq import metrics as metrics_module

    lang = ctx.obj["lang"]
    store = _open_existing(db)
    dates = store.dates()
    if old is None and new is None:
        if len(dates) < 2:
            raise FriendlyError(t("diff.too_few", lang, db=db, count=len(dates)))
        old, new = dates[-2], dates[-1]
    elif old is None or new is None:  # one date given: compare it with the one before/after
        given = _checked(store, old or new, {})
        position = dates.index(given)
        other = position - 1 if new is not None else position + 1
        if not 0 <= other < len(dates):
            raise FriendlyError(t("diff.too_few", lang, db=db, count=len(dates)))
        old, new = (dates[other], given) if new is not None else (given, dates[other])
    frame = store.diff(old, new)
    result = {
        change: [f"{r.school_id}/{r.username}" for r in frame[frame.change == change].itertuples()]
        for change in metrics_module.CHANGES
    }
    if as_json:
        click.echo(strict_json(result))
        return
    for change, keys in result.items():
        click.echo(f"{t(f'change.{change}', lang)}: {fmt.number(len(keys), lang)}")


def _importing(frame) -> bool:
    """Whether ``frame`` (where a signal interrupted the program) is inside an import."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def argv_lang(args: list[str]) -> str:
    """The ``--lang`` of a command line (the last one given wins, as it does for commands),
    for the messages printed outside any command: usage errors, interrupts.

    >>> argv_lang(["check", "--lang", "en", "x"]), argv_lang(["--lang=en"]), argv_lang(["--lang"])
    ('en', 'en', 'nl')
    >>> argv_lang(["--lang", "en", "check", "--lang", "nl"])
    'nl'
    """
    chosen = None
    for i, arg in enumerate(args):
        if arg == "--":  # the rest are values, not options
            break
        if arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
        elif arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
    return language(chosen)


def run() -> None:
    """The console entry point: like ``main``, but an unexpected error is one short message
    (exit 1) instead of a traceback; ``DQ_DEBUG=1`` shows the traceback for developers.
    Ctrl+C and SIGTERM end with one clear message and exit 130 / 143."""
    import os
    import signal
    import threading

    from dq.errors import STOP_REQUESTS

    received = STOP_REQUESTS  # also seen by a transaction about to commit
    lang = argv_lang(sys.argv[1:])

    def stop(signum, frame):
        if _importing(frame):
            # an exception inside a C extension's import (DuckDB's) aborts Python outright:
            # ask again a moment later, when the import is done
            again = threading.Timer(0.05, os.kill, (os.getpid(), signum))
            again.daemon = True
            again.start()
            return
        # unwind like Ctrl+C, so every `finally` (temporary files, transactions) runs
        received.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    def interrupted() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not cut this short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        click.echo(t("error.interrupted", lang), err=True)
        sys.exit(128 + (received[0] if received else signal.SIGINT))

    try:
        code = main(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        interrupted()
    except click.ClickException as error:
        if received:  # e.g. an interrupted query reported as a store problem
            interrupted()
        error.show()
        # what a failed write left half done (a workbook's ZipFile on a full disk) must not
        # print "Exception ignored" tracebacks as Python exits after the message
        sys.unraisablehook = lambda _: None
        sys.exit(error.exit_code)
    except OSError as error:
        if error.errno == errno.EPIPE:  # output piped into `head`: not an error
            sys.exit(1)
        if received:
            interrupted()
        if os.environ.get("DQ_DEBUG"):
            raise
        click.echo(t("error.unexpected", lang, kind=type(error).__name__), err=True)
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 - the last line of defence for people
        if received:  # DuckDB reports an interrupted query as its own error
            interrupted()
        if os.environ.get("DQ_DEBUG"):
            raise
        click.echo(t("error.unexpected", lang, kind=type(error).__name__), err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


# Follow-up: marks, nudges and the board report (dq.marks, dq.notify, dq.report).


def follow_up_errors(command=None, *, session: bool = True):
    """Like :func:`friendly`, for the follow-up's own errors (marks and notifications)."""
    if command is None:
        return functools.partial(follow_up_errors, session=session)

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from dq.marks import MarkError
        from dq.notify import NotifyError

        try:
            return command(*args, **kwargs)
        except (MarkError, NotifyError) as error:
            raise FriendlyError(error.message(click.get_current_context().obj["lang"])) from None

    return friendly(wrapper, session=session)


@main.command()
@db_option
@click.option("--school", required=True, help="The account's school id.")
@click.option("--username", required=True, help="The account's username.")
@click.option(
    "--as",
    "kind",
    type=click.Choice(["corrected", "notified"]),
    help="corrected (in the user management) or notified (the person was told).",
)
@click.option("--note", help="A short note (never a national number).")
@click.option("--by", help="Who marks (default: the operating-system user).")
@click.option("--undo", is_flag=True, help="Remove this account's newest mark instead.")
@click.pass_context
@follow_up_errors(session=False)
def mark(ctx, db, school, username, kind, note, by, undo):
    """Mark an account as corrected or notified; the next export confirms or reopens it."""
    from dq import marks

    lang = ctx.obj["lang"]
    store = _open_existing(db)
    if undo:
        removed = marks.undo(store, school_id=school, username=username)
        click.echo(t("mark.undone", lang, id=removed))
        return
    if kind is None:
        raise click.UsageError(t("mark.need_kind", lang))
    mark_id = marks.mark(store, school, username, kind, note=note, by=by)
    click.echo(t("mark.done", lang, count=1, kind=t(f"mark.kind.{kind}", lang), id=mark_id))


@main.command("marks")
@db_option
@click.option("--school", multiple=True, help="Only this school (repeatable).")
@click.option(
    "--judgement",
    type=click.Choice(["waiting", "confirmed", "reopened"]),
    multiple=True,
    help="Only marks judged so (repeatable).",
)
@click.option("--all", "every", is_flag=True, help="Every mark, not only the newest per account.")
@click.option("--summary", is_flag=True, help="Counts per school instead of the marks.")
@click.option("--undo", "undo_id", help="Remove the mark with this id.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
@follow_up_errors
def marks_command(ctx, db, school, judgement, every, summary, undo_id, as_json):
    """List the marks with their judgement by the newest export (waiting/confirmed/reopened)."""
    from dq import marks

    lang = ctx.obj["lang"]
    store = _open_existing(db)
    if undo_id is not None:
        click.echo(t("mark.undone", lang, id=marks.undo(store, mark_id=undo_id)))
        return
    if summary:
        table = marks.progress(store)
        if as_json:
            for record in table.to_dict("records"):
                click.echo(
                    json.dumps({k: v if k == "school_id" else int(v) for k, v in record.items()})
                )
            return
        click.echo("school  " + "  ".join(t(f"judgement.{j}", lang) for j in marks.JUDGEMENTS))
        _print_frame_lines(table, ["school_id", *marks.JUDGEMENTS])
        return
    frame = marks.marks(store, latest_only=not every, school=list(school) or None)
    if judgement:
        frame = frame[frame["judgement"].isin(judgement)]
    if frame.empty and not as_json:
        click.echo(t("marks.none", lang))
    for row in frame.itertuples(index=False):
        record = {
            "id": row.mark_id,
            "school_id": row.school_id,
            "username": row.username,
            "kind": row.kind,
            "note": row.note if isinstance(row.note, str) else None,
            "marked_at": row.marked_at.isoformat(),
            "marked_by": row.marked_by,
            "judgement": row.judgement,
        }
        if as_json:
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(
                f"{row.mark_id}  {row.school_id}/{row.username}  {t(f'mark.kind.{row.kind}', lang)}"
                f"  {row.marked_at:%Y-%m-%d}  {row.marked_by}  {t(f'judgement.{row.judgement}', lang)}"
                + (f"  {row.note}" if record["note"] else "")
            )


def _deliver(ctx, store, messages, skipped, out, send, secrets, per_minute, by):
    """Write the messages as .eml files (default) or send them; print what happened.

    Skipped accounts are warned about by name; messages the server refused are listed at the
    end and make the exit code 2 (the others were sent and marked).
    """
    from dq import notify

    lang = ctx.obj["lang"]
    for skip in skipped:
        click.echo("! " + skip.message(lang), err=True)
    if not messages:
        click.echo(t("notify.none", lang))
        return
    if send:
        settings = notify.smtp_settings(secrets)
        delivery = notify.send(messages, settings, store, per_minute=per_minute, by=by)
        click.echo(t("notify.sent", lang, count=delivery.sent, host=settings.host))
        if delivery.failed:
            for failure in delivery.failed:
                click.echo("! " + failure.message(lang), err=True)
            raise FriendlyError(t("notify.failed_total", lang, count=len(delivery.failed)))
        return
    paths = notify.write_eml(messages, out)
    click.echo(t("notify.written", lang, count=len(paths), out=out))


def notify_options(command):
    """The options both ``dq notify`` commands share."""
    for option in reversed(
        [
            db_option,
            click.option("--school", multiple=True, help="Only this school (repeatable)."),
            click.option(
                "--out",
                default="berichten",
                show_default=True,
                type=click.Path(file_okay=False),
                help="Folder for the .eml files (when not sending).",
            ),
            click.option("--send", is_flag=True, help="Send over SMTP instead of writing files."),
            click.option(
                "--secrets",
                default=".streamlit/secrets.toml",
                show_default=True,
                type=click.Path(dir_okay=False),
                help="Secrets file with an [smtp] table.",
            ),
            click.option(
                "--per-minute", default=30, show_default=True, help="At most this many a minute."
            ),
            click.option("--by", help="Who sends (for the marks; default: the OS user)."),
        ]
    ):
        command = option(command)
    return command


@main.group()
def notify():
    """Nudge schools and account holders by e-mail: .eml files for review, or --send."""


@notify.command("schools")
@notify_options
@click.pass_context
@follow_up_errors(session=False)
def notify_schools(ctx, db, school, out, send, secrets, per_minute, by):
    """Per school, one e-mail to its contact (policy [schools]) with its fix list (.xlsx)."""
    from dq import notify as notify_module

    store = _open_existing(db)
    notify_module.check_selection(store, school=school)
    skipped = []
    messages = notify_module.school_messages(store, ctx.obj["lang"], list(school) or None, skipped)
    _deliver(ctx, store, messages, skipped, out, send, secrets, per_minute, by)


@notify.command("people")
@notify_options
@click.option(
    "--status",
    multiple=True,
    help="Accounts with this status (repeatable): missing, invalid, conflict, external_unlinked.",
)
@click.option(
    "--flag", multiple=True, help="Accounts with this flag (repeatable): bis_key_activation."
)
@click.pass_context
@follow_up_errors(session=False)
def notify_people(ctx, db, school, out, send, secrets, per_minute, by, status, flag):
    """One short message per account holder with an e-mail in the export: what to do.

    --status and --flag values combine with OR (an account with any of them is selected);
    --school narrows that selection (AND).
    """
    from dq import notify as notify_module

    store = _open_existing(db)
    notify_module.check_selection(store, status=status, flag=flag, school=school)
    skipped = []
    messages = notify_module.people_messages(
        store,
        status=list(status) or None,
        flag=list(flag) or None,
        school=list(school) or None,
        skipped=skipped,
    )
    _deliver(ctx, store, messages, skipped, out, send, secrets, per_minute, by)


@main.command()
@db_option
@click.option(
    "--out",
    default="verslag.html",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The HTML file to write.",
)
@click.pass_context
@follow_up_errors
def report(ctx, db, out):
    """A report for the board: one HTML page (offline, prints on A4)."""
    from dq import report as report_module

    lang = ctx.obj["lang"]
    _out_folder_exists(out)
    size = report_module.write(_open_existing(db), out, lang)
    click.echo(t("report.written", lang, out=out, kb=max(size // 1024, 1)))
