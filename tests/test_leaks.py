"""No valid national or BIS number from the inputs leaves the inputs: not in the store file,
not on any page, not in exports, command output or error messages. (The browser test checks
the HTML sent to the browser and the server's output.)"""

import importlib.util
import io
import shutil
import zipfile

import pytest
from click.testing import CliRunner
from conftest import ROOT, input_numbers, leaked
from streamlit.testing.v1 import AppTest

from dq import fixlist
from dq.cli import main
from dq.ui import PAGES

_spec = importlib.util.spec_from_file_location(
    "make_corpus", ROOT / "tests" / "corpus" / "make_corpus.py"
)
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


@pytest.fixture(scope="module")
def world(demo_store, tmp_path_factory):
    """The demo store plus every corpus file that ingests, and all the numbers they hold."""
    folder = tmp_path_factory.mktemp("leaks")
    db = folder / "world.duckdb"
    shutil.copy(demo_store.path, db)
    files = corpus.generate(folder / "corpus")
    messages = []
    for path in files:
        result = CliRunner().invoke(
            main, ["ingest", "--db", str(db), "--as-of", "2026-12-04", str(path)]
        )
        messages.append(result.output)
    numbers = input_numbers([*demo_store.files, *files])
    assert len(numbers) > 1000
    return db, numbers, messages


def test_store_file_holds_no_valid_input_number(world):
    db, numbers, _ = world
    blob = db.read_bytes()
    wal = db.with_name(db.name + ".wal")
    blob += wal.read_bytes() if wal.exists() else b""
    assert [n for n in numbers if n.encode() in blob or n.encode("utf-16-le") in blob] == []


def test_ingest_messages_and_errors_hold_no_number(world):
    _, numbers, messages = world
    assert leaked(numbers, *messages) == []


def test_command_output_holds_no_number(world):
    db, numbers, _ = world
    outputs = [
        CliRunner().invoke(main, args + ["--db", str(db)]).output
        for args in (["metrics", "--json"], ["metrics"], ["accounts", "--json"], ["snapshots"])
    ]
    outputs.append(CliRunner().invoke(main, ["fixlist", "--db", str(db), "--out", "-"]).output)
    outputs.append(
        CliRunner()
        .invoke(
            main, ["diff", "--db", str(db), "--from", "2026-11-27", "--to", "2026-12-04", "--json"]
        )
        .output
    )
    assert leaked(numbers, *outputs) == []


def test_exports_hold_no_valid_number(world):
    from dq.store import Store

    db, numbers, _ = world
    frame = Store(db).fixlist(full_values=True)  # even in full, only invalid entries are shown
    parts = [fixlist.to_csv_bytes(frame)]
    with zipfile.ZipFile(io.BytesIO(fixlist.to_zip_bytes(frame))) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                parts.append(archive.read(name))
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(fixlist.to_xlsx_bytes(frame)))
    parts += [str(c.value) for row in book.active.iter_rows() for c in row]
    assert leaked(numbers, *parts) == []


@pytest.mark.parametrize("page", [p.script for p in PAGES])
def test_pages_show_no_number(world, page, monkeypatch):
    db, numbers, _ = world
    monkeypatch.setenv("DQ_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    texts = [
        e.value
        for kind in (
            "markdown",
            "title",
            "caption",
            "info",
            "warning",
            "error",
            "success",
            "subheader",
        )
        for e in getattr(at, kind)
    ]
    texts += [d.value.to_string() for d in at.dataframe]
    texts += [str(m.value) for m in at.metric]
    assert leaked(numbers, *texts) == []
