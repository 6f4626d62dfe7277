"""Texts for people: Dutch by default, English on request.

Every text a person reads (CLI messages, page labels, explanations) is looked up by a key in
a gettext catalog per language, ``dq/locale/<lang>/LC_MESSAGES/dq.po``: the msgid is the key,
the msgstr the text with python-brace ``{placeholders}``. The catalogs are compiled in memory
with Babel when this module is imported (no ``.mo`` file is committed); a test checks that
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

import gettext
import io
import os
from pathlib import Path
from types import MappingProxyType

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES: tuple[str, ...] = ("nl", "en")
DOMAIN = "dq"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def catalog_path(lang: str) -> Path:
    """The ``.po`` catalog of ``lang``.

    >>> catalog_path("en").relative_to(LOCALE_DIR).as_posix()
    'en/LC_MESSAGES/dq.po'
    """
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _compile(lang: str) -> gettext.GNUTranslations:
    """The catalog of ``lang`` compiled in memory (fuzzy entries left out, as msgfmt does)."""
    with catalog_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


_TRANSLATIONS: dict[str, gettext.GNUTranslations] = {lang: _compile(lang) for lang in LANGUAGES}


def _texts() -> dict[str, dict[str, str]]:
    with catalog_path(LANGUAGES[0]).open("rb") as handle:
        keys = [m.id for m in read_po(handle) if m.id]
    return {k: {lang: _TRANSLATIONS[lang].gettext(k) for lang in LANGUAGES} for k in keys}


# every key with its texts, read-only (edit the .po files, not this)
TEXTS = MappingProxyType(_texts())


def language(lang: str | None = None) -> str:
    """The language to use: ``lang`` when given, else ``DQ_LANG``, else Dutch.

    >>> language("EN"), language("xx")
    ('en', 'nl')
    """
    chosen = (lang or os.environ.get("DQ_LANG") or "nl").strip().lower()[:2]
    return chosen if chosen in LANGUAGES else "nl"


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``
    (any name, ``key`` and ``lang`` included)."""
    text = _TRANSLATIONS[language(lang)].gettext(key)
    if text == key:  # gettext hands back the key itself when it has no text for it
        raise KeyError(key)
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether ``key`` has a text (for labels that exist only for some codes).

    >>> has("fix.col.username"), has("fix.col.no_such_column")
    (True, False)
    """
    return _TRANSLATIONS[LANGUAGES[0]].gettext(key) != key
