"""Texts for people: Dutch by default, English on request.

Every text a person reads (CLI messages, page labels, explanations) is looked up by a key in
a gettext catalog per language, ``dq/locale/<lang>/LC_MESSAGES/dq.po``: the msgid is the key,
the msgstr the text with python-brace ``{placeholders}``. A catalog is read from the ``.mo``
that ``make run`` compiles, or compiled in memory with Babel the first time its language is
used (no ``.mo`` file is committed; a command in one language compiles one catalog); a test
checks that
every key the code uses is in both with the same placeholders. The language comes from an
explicit argument, else ``DQ_LANG``, else Dutch.

>>> t("reason.checksum", "nl")
'controlegetal klopt niet'
>>> t("reason.checksum", "en")
'check digits do not match'
>>> t("ingest.rows", "en", rows=3)
'3 rows'
"""

from __future__ import annotations

import functools
import gettext
import io
import os
from pathlib import Path
from types import MappingProxyType

LANGUAGES: tuple[str, ...] = ("nl", "en")
DOMAIN = "dq"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def catalog_path(lang: str) -> Path:
    """The ``.po`` catalog of ``lang``.

    >>> catalog_path("en").relative_to(LOCALE_DIR).as_posix()
    'en/LC_MESSAGES/dq.po'
    """
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def _compile(lang: str) -> gettext.GNUTranslations:
    """The catalog of ``lang``: the ``.mo`` beside the ``.po`` when it is at least as new
    (``make run`` and ``make bench`` write it with ``pybabel compile``; it is not committed),
    else :func:`_from_po`. A ``.mo`` that cannot be read (missing, empty, cut short, not
    UTF-8) is passed over: it only saves time."""
    source = catalog_path(lang)
    compiled_file = source.with_suffix(".mo")
    try:
        if compiled_file.stat().st_mtime >= source.stat().st_mtime:
            with compiled_file.open("rb") as handle:
                return gettext.GNUTranslations(handle)
    except Exception:  # gettext raises OSError, struct.error, UnicodeDecodeError, ...
        pass
    return _from_po(lang)


@functools.cache
def _from_po(lang: str) -> gettext.GNUTranslations:
    """The ``.po`` of ``lang`` compiled in memory with Babel (fuzzy entries left out, as
    msgfmt does): ~85 ms a process."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@functools.cache
def _texts() -> MappingProxyType:
    from babel.messages.pofile import read_po

    with catalog_path(LANGUAGES[0]).open("rb") as handle:
        keys = [m.id for m in read_po(handle) if m.id]
    return MappingProxyType(
        {k: {lang: _compile(lang).gettext(k) for lang in LANGUAGES} for k in keys}
    )


def __getattr__(name: str):
    """``TEXTS``: every key with its texts, read-only (edit the .po files, not this); built
    on first use (the tests and the help check read it, commands do not)."""
    if name == "TEXTS":
        return _texts()
    raise AttributeError(name)


def language(lang: str | None = None) -> str:
    """The language to use: ``lang`` when given, else ``DQ_LANG``, else Dutch.

    >>> language("EN"), language("xx")
    ('en', 'nl')
    """
    chosen = (lang or os.environ.get("DQ_LANG") or "nl").strip().lower()[:2]
    return chosen if chosen in LANGUAGES else "nl"


class Verbatim(str):
    """A message value shown as it is, never redacted: line numbers, whose list may read as a
    number (``12, 1030, 10001``) but is no person's."""


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``
    (any name, ``key`` and ``lang`` included). A text value is redacted (a path, a file name,
    values joined: no message shows a valid number), unless it is :class:`Verbatim`.

    >>> t("ingest.done", "en", date="2026-11-27", db="/data/85073003328/s.duckdb")
    'Snapshot 2026-11-27 stored in /data/••.••.••-•••.28/s.duckdb.'
    """
    lang = language(lang)
    text = _compile(lang).gettext(key)
    if text == key:  # gettext hands back the key itself when it has no text for it
        text = _from_po(lang).gettext(key)  # a .mo compiled before the key was added
    if text == key:
        raise KeyError(key)
    return text.format(**{k: _shown(v) for k, v in values.items()}) if values else text


def _shown(value: object) -> object:
    """A message value as shown: a text with enough digit-like characters for a number (eight,
    as dq.identifiers counts them) redacted; anything else as it is."""
    if type(value) is not str or sum(c.isdigit() or not c.isascii() for c in value) < 8:
        return value
    from dq.identifiers import redact  # only here: the import costs 40 ms at start-up

    return redact(value)


def has(key: str) -> bool:
    """Whether ``key`` has a text (for labels that exist only for some codes).

    >>> has("fix.col.username"), has("fix.col.no_such_column")
    (True, False)
    """
    return _compile(LANGUAGES[0]).gettext(key) != key
