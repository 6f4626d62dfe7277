"""Shared fixtures: a fresh store, a demo store, and helpers that write real export files."""

import csv
import io
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Tests never touch the developer's own key file.
os.environ["DQ_SECRET_KEY"] = b"sleutelklaar-test-key".hex()  # hex, like the key file
os.environ.setdefault("DQ_LANG", "nl")

USER_HEADERS = [
    "Instellingsnummer",
    "Gebruikersnaam",
    "Naam",
    "Voornaam",
    "Rijksregisternummer",
    "Groep",
    "Modules",
]


@pytest.fixture(autouse=True, scope="session")
def _run_from_repository_root():
    os.chdir(ROOT)


def page_test(script: str, timeout: float = 30):
    """An AppTest for a page script under pages/ (absolute, so any test file can use it)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(ROOT / "pages" / script), default_timeout=timeout)


def write_csv(path: Path, rows, headers=USER_HEADERS, encoding="utf-8", delimiter=";") -> Path:
    """Write a CSV export the way a spreadsheet would."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([headers, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows, headers=USER_HEADERS, sheet="Gebruikers", extra_sheets=()) -> Path:
    """Write an .xlsx; int and float cells are stored as numbers, as Excel does."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_numbers": False}
    )
    for name in extra_sheets:
        book.add_worksheet(name).write_row(0, 0, ["iets", "anders"])
    ws = book.add_worksheet(sheet)
    ws.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int | float):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, value)
    book.close()
    return path


@pytest.fixture
def fresh_store(tmp_path):
    """An empty store in a temporary folder (the file does not exist yet)."""
    from dq.store import Store

    return Store(tmp_path / "store.duckdb")


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """The demo school group, ingested week by week (built once per test run)."""
    import datetime

    from dq import demo
    from dq.ingest import ingest
    from dq.policy import load_text
    from dq.store import Store

    folder = tmp_path_factory.mktemp("demo")
    files = demo.generate(folder / "exports", end=datetime.date(2026, 11, 27))
    store = Store(folder / "demo.duckdb")
    for users, contacts in zip(files[0::2], files[1::2], strict=True):
        ingest(store, [users, contacts], policy=load_text(demo.DEMO_POLICY))
    store.files = files
    return store


def input_numbers(paths) -> set[str]:
    """Every valid national/BIS number in these export files (CSV, TXT or XLSX)."""
    import codecs
    import re

    from dq.identifiers import check
    from dq.readers import _xlsx_rows, decode_text

    found: set[str] = set()
    for path in paths:
        data = Path(path).read_bytes()
        if data.startswith(b"PK"):
            try:
                text = "\n".join(
                    ";".join(map(str, row)) for row in _xlsx_rows(Path(path).name, data)
                )
            except Exception:  # noqa: BLE001 - a broken workbook carries no readable numbers
                continue
        elif data.startswith(codecs.BOM_UTF16_LE):
            text = data.decode("utf-16")
        else:
            try:
                text, _ = decode_text(Path(path).name, data)
            except Exception:  # noqa: BLE001 - junk files carry no numbers
                continue
        for candidate in re.findall(r"[0-9][0-9 .\-/]{7,16}[0-9]", text):
            verdict = check(candidate)
            if verdict.valid:
                found.add(verdict.number)
    return found


def shown_numbers(*texts) -> set[str]:
    """Every 11-digit string the texts (or bytes) show, plainly or as ``YY.MM.DD-SSS.CC``.

    Collected once per text, then intersected with the numbers sought (a substring search per
    number is too slow over a whole store).
    """
    import re

    blob = "\n".join(
        t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t) for t in texts
    )
    found: set[str] = set()
    for run in re.findall(r"[0-9]{11,}", blob):
        found.update(run[i : i + 11] for i in range(len(run) - 10))
    for shown in re.findall(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}-[0-9]{3}\.[0-9]{2}", blob):
        found.add(shown.replace(".", "").replace("-", ""))
    return found


def leaked(numbers: set[str], *texts) -> list[str]:
    """The numbers that occur in any of the texts (or bytes), in plain or formatted form."""
    return sorted(set(numbers) & shown_numbers(*texts))


# The browser tests (test_browser.py, test_a11y.py) share one server and one browser.
@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium (fails under CI without one, skips elsewhere)."""
    from tools.browser import browser, find_browser

    try:
        find_browser()
    except Exception as error:  # noqa: BLE001 - any reason there is no browser
        if os.environ.get("CI"):
            pytest.fail(f"CI needs a browser for the dashboard tests: {error}")
        pytest.skip(f"no browser for the dashboard tests: {error}")
    with browser() as instance:
        yield instance


@pytest.fixture(scope="session")
def served(demo_store, tmp_path_factory):
    """The app served on a copy of the demo store; yields (url, the store the server uses)."""
    import shutil

    from dq.store import Store
    from tools.browser import streamlit_server

    copy = tmp_path_factory.mktemp("browser") / "served.duckdb"
    shutil.copy(demo_store.path, copy)
    store = Store(copy)
    store.files = demo_store.files
    with streamlit_server(copy) as url:
        yield url, store
    # what the server printed while it ran (its log) must not hold a number either
    logs = [
        p.read_text(encoding="utf-8", errors="replace") for p in copy.parent.glob("streamlit-*.out")
    ]
    assert logs and leaked(input_numbers(demo_store.files), *logs) == []
