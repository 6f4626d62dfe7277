"""The bad-input corpus through `dq ingest` and through the import
page; plus a bounded fuzz.

Every file ends in a correct ingest with exactly its accounts, verdicts and warnings, or in
exit code 2 with its named message and the store unchanged; never a traceback. What the import
page shows, errors included, holds none of the file's valid numbers.
"""

import importlib.util
import re
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ROOT, input_numbers, leaked, write_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dq.cli import main
from dq.identifiers import build
from dq.ingest import IngestError, ingest, preview
from dq.readers import ReadError
from dq.store import Store

_spec = importlib.util.spec_from_file_location(
    "make_corpus", ROOT / "tests" / "corpus" / "make_corpus.py"
)
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


def _cases(defects: dict) -> list:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=defects[name]))
        if name in defects
        else name
        for name in corpus.CORPUS
    ]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return {p.name: p for p in corpus.generate(tmp_path_factory.mktemp("corpus"))}


@pytest.fixture(scope="module")
def base_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("base")
    db = folder / "base.duckdb"
    seed = write_csv(
        folder / "seed.csv", [["1", "seed@s.be", "S", "S", build(1970, 1, 1, 1), "G", "Leerlingen"]]
    )
    assert (
        CliRunner()
        .invoke(main, ["ingest", "--db", str(db), "--as-of", "2026-11-13", str(seed)])
        .exit_code
        == 0
    )
    return db


def _verdicts(db, as_of=None) -> dict:
    """username -> (status, reason, sorted flags) of one snapshot (default: the latest)."""
    frame = Store(db).accounts(as_of)
    return {
        row.username: (
            row.status,
            None if pd.isna(row.reason) else row.reason,
            tuple(sorted(row.flags)),
        )
        for row in frame.itertuples()
    }


def _expected_verdicts(expected: corpus.Ok) -> dict:
    return {u: (s, r, tuple(sorted(f))) for u, (s, r, f) in expected.accounts.items()}


def test_the_corpus_has_at_least_40_files():
    assert len(corpus.CORPUS) >= 40


@pytest.mark.parametrize("name", _cases(corpus.KNOWN_DEFECTS))
def test_corpus_file_through_dq_ingest(name, files, base_store, tmp_path, monkeypatch):
    db = tmp_path / "store.duckdb"
    shutil.copy(base_store, db)
    before = db.read_bytes()
    if name in corpus.SIZE_LIMITED:
        monkeypatch.setenv("DQ_MAX_FILE_MB", corpus.SIZE_LIMITED[name])
    result = CliRunner().invoke(
        main, ["ingest", "--db", str(db), "--as-of", "2026-11-20", str(files[name])]
    )
    expected = corpus.CORPUS[name][1]
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    if isinstance(expected, corpus.Ok):
        assert result.exit_code == 0, result.output
        warnings = [line[4:] for line in result.output.splitlines() if line.startswith("  ! ")]
        assert warnings == list(expected.warnings)
        assert [d.date().isoformat() for d in Store(db).snapshots().as_of] == [
            "2026-11-13",
            "2026-11-20",
        ]
        assert _verdicts(db, "2026-11-20") == _expected_verdicts(expected)
    else:
        assert result.exit_code == 2, result.output
        assert name in result.output and expected.words in result.output, result.output
        assert db.read_bytes() == before


def _unescaped(markdown: str) -> str:
    """The text a person reads: file values are shown with Markdown's backslash escapes."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _page_texts(at) -> list[str]:
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "exception")
    texts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    return texts + [d.value.to_string() for d in at.dataframe] + [str(t.value) for t in at.table]


@pytest.mark.parametrize("name", list(corpus.CORPUS))
def test_corpus_file_through_the_import_page(name, files, base_store, tmp_path, monkeypatch):
    db = tmp_path / "store.duckdb"
    shutil.copy(base_store, db)
    before = db.read_bytes()
    monkeypatch.setenv("DQ_DB", str(db))
    if name in corpus.SIZE_LIMITED:
        monkeypatch.setenv("DQ_MAX_FILE_MB", corpus.SIZE_LIMITED[name])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/import_data.py").run()
    at.file_uploader(key="import_files").set_value(
        (name, files[name].read_bytes(), "text/csv")
    ).run()
    assert not at.exception, at.exception
    expected = corpus.CORPUS[name][1]
    shown = _page_texts(at)
    if isinstance(expected, corpus.Error):
        if not at.error:  # some problems show only when the rows are read
            at.button(key="import_go").click().run()
        shown = _unescaped(at.error[0].value) if at.error else ""
        assert expected.words in shown and name in shown
        assert not at.exception
        assert db.read_bytes() == before  # nothing stored
    else:
        assert not at.error
        at.button(key="import_go").click().run()
        assert not at.exception and not at.error and at.success
        assert len(Store(db).snapshots()) == 2
        assert _verdicts(db) == _expected_verdicts(expected)
    # what the page shows, errors included, holds none of the file's valid numbers
    assert leaked(input_numbers([files[name]]), *shown, *_page_texts(at)) == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=3000)
    | st.text(max_size=1500).map(lambda s: s.encode("utf-8", "surrogatepass"))
)
def test_fuzzed_bytes_never_crash_the_reader(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz", numbered=True)
    path = folder / "fuzz.csv"
    path.write_bytes(b"Gebruikersnaam;Rijksregisternummer\r\n" + data if data[:1] != b"P" else data)
    try:
        preview(path)
    except (ReadError, IngestError):
        pass


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(st.text(max_size=20), min_size=2, max_size=4), min_size=1, max_size=8)
)
def test_fuzzed_csv_rows_ingest_or_fail_cleanly(tmp_path_factory, rows):
    from dq.store import Store

    folder = tmp_path_factory.mktemp("fuzzrows", numbered=True)
    path = write_csv(
        folder / "f.csv",
        rows,
        headers=["Gebruikersnaam", "Rijksregisternummer", "Naam", "Groep"][
            : max(len(r) for r in rows)
        ]
        if max(len(r) for r in rows) >= 2
        else ["Gebruikersnaam", "RRNR"],
    )
    try:
        ingest(Store(folder / "s.duckdb"), [path], as_of="2026-11-20")
    except (ReadError, IngestError):
        pass
