"""The one error tree: every problem a person must read about derives from :class:`DqError`.

An error carries a ``code`` and the ``details`` its message needs; :meth:`DqError.message`
gives the text in Dutch or English, and ``str()`` gives it in the default language, so a
caller branches on the class (or the code), never on the text. The CLI and the pages catch
:class:`DqError` alone. Every code of every class is declared in :data:`CODES`.

>>> error = DqError('store_not_a_store', path='x.txt')
>>> error.message('en')
'x.txt is not a Sleutelklaar database. Check --db (or DQ_DB): it must name a file made by dq ingest.'
>>> str(error) == error.message()
True
"""

from __future__ import annotations

from dq.i18n import t

# Signals the process was asked to stop by (the CLI's Ctrl+C / SIGTERM handler adds them).
# A stop normally arrives as KeyboardInterrupt, but one that lands while DuckDB runs a query
# can be absorbed by it; :func:`dq.store.transaction` therefore never commits after one.
STOP_REQUESTS: list[int] = []


class DqError(Exception):
    """A known problem with a message for people: ``code``, ``details``, ``message(lang)``."""

    prefix = "error."  # the text key is prefix + code

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code, self.details = code, details

    def text_key(self) -> str:
        """The key of this error's text in :mod:`dq.i18n`.

        >>> DqError('empty', file='a').text_key()
        'error.empty'
        """
        return self.prefix + self.code

    def message(self, lang: str | None = None) -> str:
        """The message for a person, in ``lang`` (default: ``DQ_LANG``, else Dutch). A detail
        may quote a file (its first row, a header): every valid number in it is masked.

        >>> from dq.identifiers import build
        >>> 'Jan;' + build(1985, 7, 30, 33) in DqError('no_username', file='x.csv',
        ...     seen='Jan;' + build(1985, 7, 30, 33), accepted='-').message('en')
        False
        """
        from dq.identifiers import redact  # here: reading a store needs no stdnum

        details = {k: redact(v) if isinstance(v, str) else v for k, v in self.details.items()}
        return t(self.text_key(), lang, **details)

    def __str__(self) -> str:
        return self.message()


# Every text key an error can have, by the class that raises it (tested: each has nl and en,
# and every `raise` in dq/ uses a code listed here).
CODES: dict[str, tuple[str, ...]] = {
    "ReadError": (
        "error.not_found",
        "error.too_large",
        "error.binary",
        "error.nul_character",
        "error.undecodable",
        "error.bad_csv",
        "error.bad_csv_layout",
        "error.unclosed_quote",
        "error.misaligned_row",
        "error.no_sheet",
        "error.too_many_columns",
        "error.sheet_too_large",
        "error.empty",
        "error.old_excel",
        "error.bad_xlsx",
        "error.temp_full",
        "error.line_too_long",
        "error.bad_zip_size",
    ),
    "IngestError": (
        "error.wrong_delimiter",
        "error.duplicate_headers",
        "error.no_username",
        "error.no_number_column",
        "error.no_rows",
        "error.all_rows_skipped",
        "error.contacts_without_users",
    ),
    "StoreError": (
        "error.store_busy",
        "error.store_missing",
        "error.store_version",
        "error.store_not_a_store",
        "error.store_read_only",
        "error.store_no_file",
        "error.store_open_here",
        "error.store_not_created",
    ),
    "KeyProblem": (
        "error.key_missing",
        "error.key_unreadable",
        "error.key_unwritable",
        "error.key_changed",
        "error.key_env_format",
        "error.key_too_short",
    ),
    "PolicyError": ("error.policy", "error.policy_unknown"),
    "FilterError": ("error.unknown_filter", "error.no_snapshot", "error.bad_snapshot_date"),
    "DqError": ("error.out_folder", "error.fix_too_many_rows"),
}
