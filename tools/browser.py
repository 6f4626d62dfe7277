"""Run the real dashboard on a free localhost port and drive it with Chromium (Playwright).

Uses the system Chromium (``/usr/bin/chromium``, Debian's package) when present, else
Playwright's own browser if a developer installed it. :func:`find_browser` says which, or
why none.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_browser() -> tuple[str | None, str]:
    """(executable path or None for Playwright's own, description); raises when there is none."""
    for candidate in (
        os.environ.get("DQ_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).exists():
            return candidate, f"system Chromium at {candidate}"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        own = Path(playwright.chromium.executable_path)
        if own.exists():
            return None, f"Playwright's Chromium at {own}"
    raise FileNotFoundError(
        "no Chromium found: install Debian's 'chromium' package (apt-get install -y "
        "chromium) or run 'playwright install chromium'"
    )


@contextlib.contextmanager
def streamlit_server(db: Path, port: int | None = None, env: dict | None = None) -> Iterator[str]:
    """``streamlit run app.py`` on 127.0.0.1 with ``DQ_DB=db``; yields the base URL."""
    port = port or free_port()
    environment = {**os.environ, "DQ_DB": str(db), **(env or {})}
    log = open(db.parent / f"streamlit-{port}.out", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextlib.contextmanager
def browser() -> Iterator[object]:
    """A headless Chromium from Playwright."""
    from playwright.sync_api import sync_playwright

    executable, _ = find_browser()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


# Streamlit is idle when no script runs (the app says so, and no status widget shows) and no
# element is left stale from the previous run; the main block then holds the page.
_IDLE = (
    "() => document.querySelector('[data-testid=\"stApp\"]')"
    ".getAttribute('data-test-script-state') === 'notRunning'"
    " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && !document.querySelector('[data-stale=\"true\"]')"
    " && document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] *').length > 5"
)


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the page script (a condition, never a sleep)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function(_IDLE, timeout=timeout)


def wait_until_changed(page, selector: str, old: str, timeout: float = 30_000) -> str:
    """Wait until the first element matching ``selector`` shows a text other than ``old``,
    then until the app is idle; returns the new text."""
    page.wait_for_function(
        "([selector, old]) => { const e = document.querySelector(selector);"
        " return e && e.innerText.trim() !== old; }",
        arg=[selector, old.strip()],
        timeout=timeout,
    )
    wait_for_app(page, timeout)
    return page.locator(selector).first.inner_text().strip()


# Streamlit's st.dataframe draws on a canvas; its grid keeps an accessible <table> of the rows
# in view (aria-rowindex from 2, aria-rowcount = rows + 1 for the header)
_GRID_ROWS = """(grid) => {
  const table = grid.querySelector('table[role="grid"]');
  const rows = [...table.querySelectorAll('tbody tr[aria-rowindex]')].map(
    (tr) => [Number(tr.getAttribute('aria-rowindex')),
             [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())]);
  return {total: Number(table.getAttribute('aria-rowcount')) - 1, rows: rows};
}"""


def dataframe_rows(
    page, selector: str, timeout: float = 30_000, count: int | None = None
) -> list[list[str]]:
    """Every row of the ``st.dataframe`` at ``selector`` as cell texts, scrolling its grid with
    the mouse wheel as a person would until every row has been in view.

    ``count``: first wait until the grid holds that many rows. After a click, the caption
    above a table can show the new selection while the browser still draws the old table
    (its rows arrive in a later message of the same rerun)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    grid = page.locator(selector).locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=timeout)
    if count is not None:
        with contextlib.suppress(PlaywrightTimeout):  # a wrong count fails the caller's assert
            page.wait_for_function(
                "([grid, count]) => Number(grid.querySelector('table[role=\"grid\"]')"
                "?.getAttribute('aria-rowcount')) - 1 === count",
                arg=[grid.element_handle(), count],
                timeout=timeout,
            )
    seen: dict[int, list[str]] = {}
    deadline = time.monotonic() + timeout / 1000
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    while True:
        state = grid.evaluate(_GRID_ROWS)
        seen.update((index, cells) for index, cells in state["rows"])
        if len(seen) >= state["total"]:
            return [seen[i] for i in sorted(seen)]
        if time.monotonic() > deadline:
            raise TimeoutError(f"saw {len(seen)} of {state['total']} rows of {selector}")
        last = max(seen, default=1)
        page.mouse.wheel(0, 200)
        # at the bottom no later row comes: the deadline above ends the loop then
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                "([grid, last]) => [...grid.querySelectorAll('tbody tr[aria-rowindex]')]"
                ".some((tr) => Number(tr.getAttribute('aria-rowindex')) > last)",
                arg=[grid.element_handle(), last],
                timeout=2_000,
            )
