"""The dashboard in a real browser: Streamlit served on localhost, Chromium driven by Playwright.

Skipped with a clear message when no Chromium exists, except under CI (``CI`` set), where a
missing browser is a failure.
"""

import csv
import io
import os
import re
import shutil

import pytest
from conftest import input_numbers, leaked

from dq import metrics
from tools.browser import browser, find_browser, streamlit_server, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    try:
        find_browser()
    except Exception as error:  # noqa: BLE001 - any reason there is no browser
        if os.environ.get("CI"):
            pytest.fail(f"CI needs a browser for the dashboard tests: {error}")
        pytest.skip(f"no browser for the dashboard tests: {error}")
    with browser() as instance:
        yield instance


@pytest.fixture(scope="module")
def served(demo_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("browser") / "served.duckdb"
    shutil.copy(demo_store.path, copy)
    with streamlit_server(copy) as url:
        yield url, demo_store
    # what the server printed while it ran (its log) must not hold a number either
    logs = [
        p.read_text(encoding="utf-8", errors="replace") for p in copy.parent.glob("streamlit-*.out")
    ]
    assert logs and leaked(input_numbers(demo_store.files), *logs) == []


def _csv_rows(download) -> list[dict]:
    text = open(download.path(), encoding="utf-8-sig").read()
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_overview_to_fixlist_filter_download_english_and_bad_upload(chromium, served, tmp_path):
    url, store = served
    page = chromium.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(url)
    wait_for_app(page)

    # 1. a KPI on the overview equals the API's figure
    tile = page.locator("[data-testid='stMetric']", has_text="Geen nummer")
    missing = metrics.metrics_json(store)["totals"]["missing"]
    assert tile.locator("[data-testid='stMetricValue']").inner_text().strip() == str(missing)
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)

    # 2. its link opens the fix list filtered on that status
    # the link under that tile (tiles follow the statuses' order in rules.toml)
    page.locator("[data-testid='stColumn']", has_text="Geen nummer").locator(
        "a", has_text="naar de fixlijst"
    ).click()
    page.wait_for_url(re.compile(r".*/fixlijsten\?status=missing"))
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    rows = _csv_rows(info.value)
    expected = store.fixlist(status="missing", needs_action=None)
    assert sorted(r["username"] for r in rows) == sorted(expected["username"])
    assert {r["status"] for r in rows} == {"missing"}

    # 3. filtering changes what is downloaded
    name = expected.iloc[0]["last_name"]
    box = page.get_by_label("Zoek op naam of gebruikersnaam")
    box.fill(name)
    box.press("Enter")
    page.wait_for_timeout(1500)
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    filtered = _csv_rows(info.value)
    assert 0 < len(filtered) < len(rows) and all(
        name.lower() in (r["last_name"] + r["username"]).lower() for r in filtered
    )
    page.screenshot(path=str(tmp_path / "fixlist.png"), full_page=True)

    # 4. English
    page.get_by_text("English").click()
    page.wait_for_timeout(1000)
    wait_for_app(page)
    assert page.get_by_role("heading", name="Fix lists").is_visible()

    # 5. the HTML sent to the browser holds no number, on every page
    numbers = input_numbers(store.files)
    for path in (
        "",
        "modules-scholen",
        "voortgang",
        "fixlijsten",
        "datakwaliteit",
        "gegevens-laden",
        "beleid",
        "nummer-controleren",
        "stappenplan",
    ):
        page.goto(f"{url}/{path}")
        wait_for_app(page)
        page.wait_for_timeout(800)
        assert leaked(numbers, page.content()) == [], path

    # 6. a bad file on the import page gets a clear error, nothing stored
    before = store.snapshots()
    page.goto(f"{url}/gegevens-laden")
    wait_for_app(page)
    bad = tmp_path / "leeg.csv"
    bad.write_bytes(b"")
    page.locator("input[type='file']").set_input_files(str(bad))
    page.wait_for_selector("[data-testid='stAlertContentError']", timeout=20_000)
    assert "leeg.csv" in page.locator("[data-testid='stAlertContentError']").first.inner_text()
    page.screenshot(path=str(tmp_path / "import.png"), full_page=True)
    assert before.equals(store.snapshots())
    page.close()
