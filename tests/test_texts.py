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


def test_every_error_code_raised_in_the_code_has_a_text():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "dq"
    codes = set()
    for path in root.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        codes |= {
            f"error.{c}" for c in re.findall(r'(?:ReadError|IngestError)\(\s*"([a-z_]+)"', source)
        }
        codes |= {f"error.store_{c}" for c in re.findall(r'StoreError\(\s*"([a-z_]+)"', source)}
        codes |= {f"error.key_{c}" for c in re.findall(r'KeyProblem\(\s*"([a-z_]+)"', source)}
    assert len(codes) > 15
    assert sorted(c for c in codes if c not in TEXTS) == []


def test_every_status_and_flag_has_a_label():
    from dq.rules import FLAGS as RULE_FLAGS
    from dq.rules import STATUSES

    for rule in STATUSES:
        assert f"status.{rule.id}" in TEXTS
    for rule in RULE_FLAGS:
        assert f"flag_label.{rule.id}" in TEXTS
