"""The texts live in two gettext catalogs (dq/locale/<lang>/LC_MESSAGES/dq.po) that say the
same things: every key the code uses is in both, with the same placeholders, none fuzzy or
empty. Static keys come from Babel's own extractor (the configuration in babel.cfg, the
keywords the README's `pybabel extract` line gives); keys built at run time (`status.{id}`,
`reason.{code}`, ...) from the data that names them."""

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from dq.i18n import LANGUAGES, TEXTS, catalog_path, has, t
from dq.identifiers import FLAGS, REASONS

ROOT = Path(__file__).resolve().parents[1]
# the keywords of the README's `pybabel extract` line: t(key, ...), ui.start(key), PageSpec(_, key)
KEYWORDS = {"t": None, "start": None, "PageSpec": (2,)}


def catalog(lang):
    with catalog_path(lang).open("rb") as handle:
        return read_po(handle)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def static_keys() -> set[str]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        methods, options = parse_mapping_cfg(handle)
    found = extract_from_dir(ROOT, methods, options, keywords=KEYWORDS)
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def dynamic_keys() -> set[str]:
    """Keys the code builds from a code: one family per kind of code, members from the data."""
    from dq import charts, marks, metrics
    from dq import rules as rule_set

    keys = {f"reason.{r}" for r in REASONS} | {f"todo.{r}" for r in REASONS}
    keys |= {f"flag.{f}" for f in FLAGS}
    keys |= {f"status.{s.id}" for s in rule_set.STATUSES}
    keys |= {f"flag_label.{f.id}" for f in rule_set.FLAGS}
    keys |= {f"change.{c}" for c in metrics.CHANGES}
    keys |= {f"verdict.{v}" for v in charts.VERDICT_STYLE}
    keys |= {f"judgement.{j}" for j in (*marks.JUDGEMENTS, "total")}
    keys |= {f"rag.{r}" for r in ("red", "amber", "green")}
    keys |= {f"mark.kind.{k}" for k in ("corrected", "notified")}
    keys |= {f"kpi.{k}" for k in ("in_scope", "readiness")}
    return keys


def test_both_catalogs_hold_the_same_keys_with_the_same_placeholders():
    catalogs = {lang: {m.id: m for m in catalog(lang) if m.id} for lang in LANGUAGES}
    assert len(catalogs["nl"]) > 300
    assert set(catalogs["nl"]) == set(catalogs["en"])
    for key, message in catalogs["nl"].items():
        other = catalogs["en"][key]
        assert placeholders(message.string) == placeholders(other.string), key
        for entry in (message, other):
            assert entry.string.strip(), f"empty text: {key}"
            assert not entry.fuzzy, f"fuzzy text: {key}"


def test_the_catalogs_are_compiled_at_import_and_no_binary_is_committed():
    import subprocess

    assert t("reason.checksum", "nl") == "controlegetal klopt niet"
    assert t("reason.checksum", "en") == "check digits do not match"
    # make run and make bench write .mo files beside the catalogs; git ignores them
    assert "*.mo" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    committed = subprocess.run(
        ["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if committed.returncode == 0:
        assert committed.stdout == ""
    else:  # no usable git here (not a clone, another owner): a fresh tree holds none
        assert not list((ROOT / "dq" / "locale").rglob("*.mo"))
    with pytest.raises(KeyError):
        t("no.such.key", "nl")


def test_a_compiled_catalog_says_what_the_po_says_and_a_stale_one_is_ignored(tmp_path, monkeypatch):
    import os
    import shutil
    import subprocess
    import sys

    from dq import i18n

    def fresh():
        i18n._compile.cache_clear()
        i18n._from_po.cache_clear()

    def newer(path, than):
        later = than.stat().st_mtime + 5
        os.utime(path, (later, later))

    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "dq" / "locale", locale, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    keys = list(TEXTS)
    po = catalog_path("en")
    mo = po.with_suffix(".mo")
    pybabel = Path(sys.executable).with_name("pybabel")  # the command make run uses

    def compile_catalogs():
        subprocess.run([str(pybabel), "-q", "compile", "-d", str(locale), "-D", "dq"], check=True)

    fresh()
    try:
        in_memory = {lang: [t(k, lang) for k in keys] for lang in LANGUAGES}
        compile_catalogs()
        assert len(list(locale.rglob("*.mo"))) == len(LANGUAGES)
        fresh()
        assert {lang: [t(k, lang) for k in keys] for lang in LANGUAGES} == in_memory
        # a text changed after the .mo was written: the .po wins
        original = po.read_text(encoding="utf-8")
        po.write_text(
            original.replace("check digits do not match", "check digits differ"), encoding="utf-8"
        )
        newer(po, than=mo)
        fresh()
        assert t("reason.checksum", "en") == "check digits differ"
        # found from the outside: a .mo newer than its .po but broken (empty, cut short,
        # not UTF-8) crashed every command in that language; it is passed over
        po.write_text(original, encoding="utf-8")
        compile_catalogs()
        good = mo.read_bytes()
        for broken in (
            b"",
            good[:4],
            good[:100],
            good.replace(b"check digits", b"check\xffdigits"),
        ):
            mo.write_bytes(broken)
            newer(mo, than=po)
            fresh()
            assert t("reason.checksum", "en") == "check digits do not match"
            assert has("fix.col.username")
        # a .mo compiled before a key was added, yet newer than the .po: the .po has it
        po.write_text(
            original.replace('msgid "reason.checksum"', 'msgid "reason.checksum_gone"'),
            encoding="utf-8",
        )
        compile_catalogs()
        po.write_text(original, encoding="utf-8")
        newer(mo, than=po)
        fresh()
        assert t("reason.checksum", "en") == "check digits do not match"
    finally:
        fresh()


def test_every_static_key_in_the_code_is_in_both_catalogs():
    keys = static_keys()
    assert {"page.overview", "ingest.done", "check.valid"} <= keys  # the extractor sees them
    assert sorted(k for k in keys if k not in TEXTS) == []


def test_every_dynamic_key_family_is_complete_in_both_catalogs():
    assert sorted(k for k in dynamic_keys() if not has(k)) == []


def test_every_family_the_code_builds_a_key_in_exists():
    families = set()
    for path in [*ROOT.glob("dq/**/*.py"), *ROOT.glob("pages/*.py")]:
        source = path.read_text(encoding="utf-8")
        families |= set(re.findall(r"""\bt\(\s*f["']([a-z_.]+)\{""", source))
    assert len(families) > 20
    assert sorted(f for f in families if not any(k.startswith(f) for k in TEXTS)) == []


def test_every_error_code_raised_in_the_code_has_a_text():
    codes = set()
    for path in (ROOT / "dq").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        codes |= {
            f"error.{c}" for c in re.findall(r'(?:ReadError|IngestError)\(\s*"([a-z_]+)"', source)
        }
        codes |= {f"error.store_{c}" for c in re.findall(r'StoreError\(\s*"([a-z_]+)"', source)}
        codes |= {f"error.key_{c}" for c in re.findall(r'KeyProblem\(\s*"([a-z_]+)"', source)}
    assert len(codes) > 15
    assert sorted(c for c in codes if c not in TEXTS) == []


def test_every_column_a_table_can_show_has_a_label_in_both_languages():
    from dq.columns import SYNONYMS
    from dq.fixlist import COLUMNS
    from dq.formatting import column_label

    for column in (*SYNONYMS, *COLUMNS, "status_before", "status_after", "as_of"):
        assert column_label(column, "nl") and column_label(column, "en"), column


def test_add_texts_writes_both_catalogs_and_keeps_the_rest(tmp_path, monkeypatch):
    import shutil

    from tools import add_texts

    for lang in LANGUAGES:
        (tmp_path / lang).mkdir()
        shutil.copy(catalog_path(lang), tmp_path / lang / "dq.po")
    monkeypatch.setattr(add_texts, "catalog_path", lambda lang: tmp_path / lang / "dq.po")
    add_texts.add_texts({"x.new": {"nl": "nieuw {n}", "en": "new {n}"}})
    for lang, text in (("nl", "nieuw {n}"), ("en", "new {n}")):
        with (tmp_path / lang / "dq.po").open("rb") as handle:
            messages = {m.id: m.string for m in read_po(handle) if m.id}
        assert messages["x.new"] == text and messages.keys() - {"x.new"} == TEXTS.keys()
    with pytest.raises(SystemExit):
        add_texts.add_texts({"x.half": {"nl": "enkel Nederlands"}})
