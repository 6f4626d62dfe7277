"""Every text exists in both languages; every reason and flag has words for people."""

import string

from dq.i18n import LANGUAGES, TEXTS
from dq.identifiers import FLAGS, REASONS


def test_every_text_has_every_language_with_the_same_placeholders():
    for key, texts in TEXTS.items():
        assert set(texts) == set(LANGUAGES), key
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(texts[lang]) if f} for lang in LANGUAGES
        ]
        assert all(f == fields[0] for f in fields), key


def test_every_reason_and_flag_is_explained_with_an_action():
    for reason in REASONS:
        assert f"reason.{reason}" in TEXTS and f"todo.{reason}" in TEXTS
    for flag in FLAGS:
        assert f"flag.{flag}" in TEXTS
