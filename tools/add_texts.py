"""Add texts to both gettext catalogs (or change them), keeping the files' form.

python -m tools.add_texts TEXTS.json

``TEXTS.json`` holds ``{"key": {"nl": "...", "en": "..."}}``, the shape of the former
``TEXTS`` dict, so a branch that still adds entries to that dict can be moved over in one
step. Babel reads and writes the ``.po`` files; ``tests/test_texts.py`` then checks them.
"""

from __future__ import annotations

import json
import sys

from babel.messages.pofile import read_po, write_po

from dq.i18n import DOMAIN, LANGUAGES, catalog_path


def add_texts(texts: dict[str, dict[str, str]]) -> None:
    """Write every key's text into the catalog of each language (new keys at the end)."""
    missing = sorted(k for k, v in texts.items() if set(v) != set(LANGUAGES))
    if missing:
        raise SystemExit(f"every key needs {', '.join(LANGUAGES)}: {', '.join(missing)}")
    for lang in LANGUAGES:
        with catalog_path(lang).open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
        for key, text in texts.items():
            if key in catalog:
                catalog[key].string = text[lang]
            else:
                catalog.add(key, text[lang])
        with catalog_path(lang).open("wb") as handle:
            write_po(handle, catalog, width=100, no_location=True)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        add_texts(json.load(handle))
