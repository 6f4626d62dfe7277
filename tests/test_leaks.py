"""No valid national or BIS number from the inputs leaves the inputs: not in the store file,
not in any text the store holds, not on any page, not in exports, command output or error
messages. (The browser test checks the HTML sent to the browser and the server's output; the
corpus test checks what the import page shows for each file.)

Every corpus file is ingested for its own school on its own date, so no snapshot replaces
another, and every snapshot is scanned. Each corpus file carries its own numbers, so a leak
names the file that caused it.
"""

import datetime
import importlib.util
import io
import os
import shutil
import zipfile

import duckdb
import pytest
from click.testing import CliRunner
from conftest import ROOT, input_numbers, leaked, shown_numbers, write_csv, write_xlsx
from python_calamine import CalamineWorkbook
from streamlit.testing.v1 import AppTest

from dq.cli import main
from dq.identifiers import build
from dq.sqlutil import quote_identifier
from dq.store import Store
from dq.ui import PAGES

_spec = importlib.util.spec_from_file_location(
    "make_corpus", ROOT / "tests" / "corpus" / "make_corpus.py"
)
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)

FIRST_DAY = datetime.date(2026, 12, 1)  # after the demo's last export (2026-11-27)


def _run(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result.output


def _text_dump(db) -> str:
    """Every column of every table in the store, as text."""
    lines = []
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
        ).fetchall()
        for (table,) in tables:
            columns = [d[0] for d in con.execute(f"DESCRIBE {quote_identifier(table)}").fetchall()]
            select = ", ".join(f"CAST({quote_identifier(c)} AS VARCHAR)" for c in columns)
            for row in con.execute(f"SELECT {select} FROM {quote_identifier(table)}").fetchall():  # noqa: S608 - quoted names
                lines.append("\t".join("" if v is None else v for v in row))
    return "\n".join(lines)


def _xlsx_text(data: bytes) -> str:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return "\n".join(
        ";".join(map(str, row))
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
    )


def _exports(db, folder, as_of) -> list[str]:
    """The full-value fix list of one snapshot as CSV, .xlsx and .zip, as text."""
    texts = [_run("fixlist", "--db", db, "--as-of", as_of, "--full-values", "--out", "-")]
    xlsx, archive = folder / f"{as_of}.xlsx", folder / f"{as_of}.zip"
    for out in (xlsx, archive):
        _run("fixlist", "--db", db, "--as-of", as_of, "--full-values", "--out", out)
    texts.append(_xlsx_text(xlsx.read_bytes()))
    with zipfile.ZipFile(archive) as zipped:
        for name in zipped.namelist():
            data = zipped.read(name)
            texts.append(_xlsx_text(data) if name.endswith(".xlsx") else data.decode("utf-8-sig"))
    return texts


@pytest.fixture(scope="module")
def world(demo_store, tmp_path_factory):
    """The demo store plus every corpus file, each for its own school and date; everything
    the store then holds and every output about it."""
    folder = tmp_path_factory.mktemp("leaks")
    db = folder / "world.duckdb"
    shutil.copy(demo_store.path, db)
    files = corpus.generate(folder / "corpus")
    messages = {}
    for index, path in enumerate(files):
        limit = corpus.SIZE_LIMITED.get(path.name)
        if limit:
            os.environ["DQ_MAX_FILE_MB"] = limit
        try:
            messages[path.name] = _run(
                "ingest",
                "--db",
                db,
                "--school",
                f"corpus{index:02d}",
                "--as-of",
                FIRST_DAY + datetime.timedelta(days=index),
                path,
            )
        finally:
            os.environ.pop("DQ_MAX_FILE_MB", None)
    dates = [d.date().isoformat() for d in Store(db).snapshots().as_of]
    assert len(dates) == 6 + sum(isinstance(e, corpus.Ok) for _, e in corpus.CORPUS.values())
    exports = [text for as_of in dates for text in _exports(db, folder, as_of)]
    commands = [
        _run(*args, "--db", db)
        for args in (["metrics", "--json"], ["metrics"], ["snapshots"], ["accounts", "--json"])
    ]
    commands += [_run("accounts", "--db", db, "--as-of", as_of, "--json") for as_of in dates]
    commands += [
        _run("diff", "--db", db, "--from", old, "--to", new, "--json")
        for old, new in zip(dates, dates[1:], strict=False)
    ]
    wal = db.with_name(db.name + ".wal")
    store_bytes = db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    return {
        "db": db,
        "numbers": {p.name: input_numbers([p]) for p in files},
        "demo_numbers": input_numbers(demo_store.files),
        "messages": messages,
        # what each place shows, gathered once; a test intersects it with its numbers
        "sinks": {
            "store file": shown_numbers(store_bytes, store_bytes.decode("utf-16-le", "replace")),
            "store text": shown_numbers(_text_dump(db)),
            "full-value exports": shown_numbers(*exports),
            "command output": shown_numbers(*commands),
        },
    }


def _leaks(world, numbers, *messages) -> dict:
    """Where (which place) which of these numbers show."""
    places = {**world["sinks"], "ingest messages": shown_numbers(*messages)}
    return {place: sorted(numbers & shown) for place, shown in places.items() if numbers & shown}


def test_every_corpus_file_has_its_own_numbers(world):
    numbers = world["numbers"]
    carriers = [name for name, found in numbers.items() if found]
    assert len(carriers) >= 30
    for name in carriers:
        others = set().union(*(v for k, v in numbers.items() if k != name))
        assert not numbers[name] & others, name


@pytest.mark.parametrize("name", list(corpus.CORPUS))
def test_no_number_of_a_corpus_file_leaks(world, name):
    assert _leaks(world, world["numbers"][name], world["messages"][name]) == {}


def test_no_number_of_the_demo_exports_leaks(world):
    assert len(world["demo_numbers"]) > 1000
    assert _leaks(world, world["demo_numbers"], *world["messages"].values()) == {}


@pytest.mark.parametrize("page", [p.script for p in PAGES])
def test_pages_show_no_number(world, page, monkeypatch):
    monkeypatch.setenv("DQ_DB", str(world["db"]))
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
    texts += [str(t.value) for t in at.table]
    texts += [str(m.value) for m in at.metric]
    numbers = set(world["demo_numbers"]).union(*world["numbers"].values())
    assert leaked(numbers, *texts) == []


@pytest.mark.browser
def test_websocket_frames_of_every_page_hold_no_number(world, chromium):
    """Every frame between the browser and the server (protobuf, Arrow tables), on every page
    visited as an administrator (no sign-in configured), with the store holding the corpus.
    Uses the session's one Chromium (a second Playwright in the same process cannot start)."""
    from tools.browser import streamlit_server, wait_for_app

    frames: list = []

    def watch(socket) -> None:
        socket.on("framereceived", lambda payload: frames.append(payload))
        socket.on("framesent", lambda payload: frames.append(payload))

    with streamlit_server(world["db"]) as url:
        page = chromium.new_page()
        page.on("websocket", watch)
        for index, spec in enumerate(PAGES):
            page.goto(f"{url}/{'' if index == 0 else spec.url_path}")
            wait_for_app(page, timeout=60_000)
            page.locator("[data-testid='stHeading'] h1").first.wait_for()
        page.close()
    texts = [f.decode("utf-8", "replace") if isinstance(f, bytes) else f for f in frames]
    assert sum(len(t) for t in texts) > 10_000  # the pages came through it (30 KB measured)
    numbers = set(world["demo_numbers"]).union(*world["numbers"].values())
    assert leaked(numbers, *texts) == []


def test_a_number_in_the_file_or_sheet_name_is_masked_everywhere(tmp_path, fresh_store):
    """An outside tester's case: the success path once kept the file and sheet names verbatim."""
    number = build(1975, 8, 9, 75)
    rows = [["1", "jan", "Jansen", "Jan", build(1980, 1, 2, 3), "Leerkrachten", "leerlingen"]]
    csv_file = write_csv(tmp_path / f"gebruikers_{number}_2026-11-20.csv", rows)
    xlsx_file = write_xlsx(tmp_path / "gebruikers_2026-11-21.xlsx", rows, sheet=f"Blad {number}")
    outputs = [
        _run("ingest", "--db", fresh_store.path, "--school", "1", f) for f in (csv_file, xlsx_file)
    ]
    outputs.append(_run("snapshots", "--db", fresh_store.path))
    assert leaked({number}, *outputs, _text_dump(fresh_store.path)) == []
    assert number.encode() not in fresh_store.path.read_bytes()
