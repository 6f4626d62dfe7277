"""Load test: 10 browser sessions click through the dashboard while exports keep arriving.

    python -m tools.soak [--sessions 10] [--seconds 120] [--every 10]

One Chromium, ten browser contexts driven concurrently (Playwright's async API), each
visiting the pages in turn for ``--seconds``; meanwhile ``dq ingest`` adds a weekly
snapshot every ``--every`` seconds. Checks: no error in any session, every ingest succeeds,
and every overview shows a consistent snapshot (its "accounts in scope" equals the API's
figure for the export date it names). Prints page latencies (median, p95). Localhost only.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tools.browser import CHROMIUM_ARGS, find_browser, streamlit_server

PAGES = ["", "modules-scholen", "voortgang", "fixlijsten", "datakwaliteit", "nummer-controleren"]


async def session(browser, url, index, stop_at, latencies, problems, seen):
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    step = index
    while time.monotonic() < stop_at:
        path = PAGES[step % len(PAGES)]
        step += 1
        start = time.perf_counter()
        try:
            await page.goto(f"{url}/{path}", timeout=60_000)
            await page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
            await page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
            )
            latencies.append(time.perf_counter() - start)
            if await page.locator("[data-testid='stException']").count():
                problems.append(f"session {index}: exception on /{path}")
            if path == "":
                caption = await page.locator(
                    "[data-testid='stCaptionContainer']"
                ).first.inner_text()
                value = (
                    await page.locator("[data-testid='stMetric']", has_text="Accounts in scope")
                    .locator("[data-testid='stMetricValue']")
                    .inner_text(timeout=60_000)
                )
                # the caption names the export date as people write it ("10 Oct 2026")
                seen.append((caption, int(re.sub(r"\D", "", value))))
        except Exception as error:  # noqa: BLE001 - every failure is a finding
            problems.append(f"session {index}: /{path}: {type(error).__name__}: {str(error)[:200]}")
    await context.close()


async def drive(url, sessions, seconds, latencies, problems, seen):
    from playwright.async_api import async_playwright

    executable, _ = find_browser()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        stop_at = time.monotonic() + seconds
        await asyncio.gather(
            *(session(browser, url, i, stop_at, latencies, problems, seen) for i in range(sessions))
        )
        await browser.close()


def _named_date(caption: str, named: dict) -> object:
    """The export date an overview caption names, or None."""
    return next(
        (d for text, d in named.items() if re.search(rf"(?<!\d){re.escape(text)}", caption)),
        None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--every", type=int, default=10)
    args = parser.parse_args()

    from dq import demo
    from dq import formatting as fmt
    from dq.ingest import ingest
    from dq.metrics import metrics_json
    from dq.store import Store

    os.environ.setdefault("DQ_SECRET_KEY", b"soak-test-only-key".hex())
    folder = Path(tempfile.mkdtemp(prefix="dq-soak-"))
    weeks = 2 + args.seconds // args.every + 1
    files = demo.generate(folder / "exports", seed=5, snapshots=weeks, end=datetime.date.today())
    pairs = list(zip(files[0::2], files[1::2], strict=True))
    store = Store(folder / "soak.duckdb")
    for users, contacts in pairs[:2]:
        ingest(store, [users, contacts])
    ingests: list[tuple[float, int]] = []
    stop = threading.Event()

    def feeder():
        for users, contacts in pairs[2:]:
            if stop.wait(args.every):
                return
            start = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "dq",
                    "ingest",
                    "--db",
                    str(store.path),
                    str(users),
                    str(contacts),
                ],
                capture_output=True,
                text=True,
            )
            ingests.append((time.perf_counter() - start, done.returncode))

    latencies: list[float] = []
    problems: list[str] = []
    seen: list[tuple[str, int]] = []
    with streamlit_server(store.path, env={"DQ_LANG": "en"}) as url:
        thread = threading.Thread(target=feeder, daemon=True)
        thread.start()
        asyncio.run(drive(url, args.sessions, args.seconds, latencies, problems, seen))
        stop.set()
        thread.join()
    named = {fmt.date(d, "en"): d for d in store.snapshots()["as_of"]}
    dated = [(_named_date(caption, named), value) for caption, value in seen]
    problems += [
        f"overview caption names no export date: {c!r}"
        for (d, _), (c, _) in zip(dated, seen, strict=True)
        if d is None
    ]
    seen = [(str(d)[:10], v) for d, v in dated if d is not None]
    expected = {date: metrics_json(store, date)["totals"]["in_scope"] for date, _ in seen}
    inconsistent = [(d, v) for d, v in seen if expected[d] != v]
    failed_ingests = [code for _, code in ingests if code != 0]
    ordered = sorted(latencies)
    report = {
        "sessions": args.sessions,
        "seconds": args.seconds,
        "page_views": len(latencies),
        "median_s": round(statistics.median(ordered), 3) if ordered else None,
        "p95_s": round(ordered[int(0.95 * (len(ordered) - 1))], 3) if ordered else None,
        "max_s": round(ordered[-1], 3) if ordered else None,
        "ingests": len(ingests),
        "ingests_failed": len(failed_ingests),
        "ingest_median_s": round(statistics.median([t for t, _ in ingests]), 2)
        if ingests
        else None,
        "snapshots_seen": sorted({d for d, _ in seen}),
        "inconsistent_views": len(inconsistent),
        "errors": problems[:20],
        "error_count": len(problems),
    }
    print(json.dumps(report, indent=1))
    if (
        problems
        or failed_ingests
        or inconsistent
        or not ingests
        or len(set(d for d, _ in seen)) < 2
    ):
        raise SystemExit("soak test failed")


if __name__ == "__main__":
    main()
