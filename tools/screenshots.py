"""Screenshots of the main pages on the demo data, for the README: ``make screenshots``.

python -m tools.screenshots [--out docs/img]
"""

from __future__ import annotations

import argparse
import datetime
import os
import tempfile
from pathlib import Path

from tools.browser import ROOT, browser, streamlit_server, wait_for_app

# (url path, file name, what must be on screen before the picture is taken)
PAGES = [
    ("overzicht", "overview", ".js-plotly-plot"),
    ("modules-scholen", "modules-scholen", ".js-plotly-plot"),
    ("voortgang", "voortgang", ".js-plotly-plot"),
    ("fixlijsten", "fixlijsten", "[data-testid='stDataFrame']"),
    ("datakwaliteit", "datakwaliteit", ".js-plotly-plot"),
    ("nummer-controleren", "checker", "textarea"),
    ("opvolging", "opvolging", "[data-testid='stMetric']"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    from dq import demo
    from dq.ingest import ingest
    from dq.policy import load_text
    from dq.store import Store

    folder = Path(tempfile.mkdtemp(prefix="dq-screens-"))
    os.environ.setdefault("DQ_SECRET_KEY", b"screenshots-only".hex())
    files = demo.generate(folder / "exports", end=datetime.date.today())
    store = Store(folder / "demo.duckdb")
    for users, contacts in zip(files[0::2], files[1::2], strict=True):
        ingest(store, [users, contacts], policy=load_text(demo.DEMO_POLICY))
    _follow_up(store)
    with streamlit_server(store.path) as url, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1400, "height": 1700})
        for path, name, ready in PAGES:
            page.goto(f"{url}/{path}" if path != "overzicht" else url)
            wait_for_app(page)
            page.wait_for_selector(ready, timeout=60_000)
            page.wait_for_timeout(2000)  # let the charts finish drawing
            if name == "checker":  # show a few verdicts rather than an empty form
                from dq.identifiers import build

                sample = [
                    build(1984, 5, 17, 121),
                    build(1984, 5, 17, 121)[:-1] + "0",
                    "8,50730E+10",
                    build(2004, 2, 9, 36)[1:],
                    build(1979, 11, 3, 88, kind="bis"),
                    "",
                ]
                page.locator("textarea").fill("\n".join(sample))
                page.keyboard.press("Control+Enter")
                page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
                page.wait_for_timeout(1500)
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(out / f"{name}.png")


def _follow_up(store) -> None:
    """Contacts for the demo schools and a few marks, so the follow-up has something to show."""
    import datetime as dt

    from dq import demo, marks

    schools = sorted(store.metrics(by="school")["school_id"])
    store.set_policy(
        demo.DEMO_POLICY
        + "".join(
            f'\n[schools."{s}"]\ncontact = "secretariaat@{s}.school.example"\nname = "School {s}"\n'
            for s in schools
        )
    )
    failing = store.fixlist()
    week_ago = dt.datetime.now() - dt.timedelta(days=10)
    for n, row in enumerate(failing.head(12).itertuples()):
        kind = "corrected" if n % 3 else "notified"
        marks.mark(
            store, row.school_id, row.username, kind, by="beheer@scholengroep.example", at=week_ago
        )


if __name__ == "__main__":
    main()
