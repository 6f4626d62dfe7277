"""Accessibility in a real browser: axe-core (npm, pinned in package-lock.json) on every page in
both languages must find no WCAG 2.1 A/AA violation, and every chart has a text alternative.
The same walk checks that no page's HTML holds a national/BIS number from the exports.

Public-sector web pages in Flanders follow WCAG 2.1 AA. Shares the server and the browser of
test_browser.py (conftest.py); pages are reached through the sidebar as a person would, so
the language chosen stays in force.
"""

import json

import pytest
from conftest import input_numbers, leaked

from dq.i18n import t
from dq.ui import PAGES
from tools.browser import ROOT, wait_for_app

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# every chart sits in a container with the table of its figures (dq.ui.chart)
_CHARTS_WITHOUT_ALTERNATIVE = """() => [...document.querySelectorAll(
    "[data-testid='stMainBlockContainer'] [data-testid='stPlotlyChart']")].filter((chart) => {
  const box = chart.closest("[class*='st-key-chart_']");
  return !box || !box.querySelector("[data-testid='stTable'] tbody tr");
}).length"""


def _violations(page) -> list[dict]:
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        {"rule": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_passes_axe_wcag21_aa_and_charts_have_text(chromium, served, lang):
    assert AXE.exists(), "axe-core is missing: run `make axe` (npm ci)"
    url, store = served
    numbers = input_numbers(store.files)
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    wait_for_app(page)
    if lang == "en":
        page.get_by_text("English").click()
        page.get_by_role("heading", name=t(PAGES[0].title_key, "en")).wait_for()
        wait_for_app(page)
    page.add_script_tag(path=str(AXE))  # the pages change in place: one injection serves all

    found, charts = {}, 0
    for i, spec in enumerate(PAGES):
        path = "" if i == 0 else spec.url_path  # the first page is the app's root
        page.locator(f"[data-testid='stSidebarNavLink'][href$='/{path}']").first.click()
        page.get_by_role("heading", level=1, name=t(spec.title_key, lang)).wait_for()
        wait_for_app(page)
        for box in page.locator("[class*='st-key-chart_']").all():  # Plotly draws late
            box.locator(".main-svg").first.wait_for(state="attached")
        # what expanders hold is checked too: open them all (in the page, no rerun)
        page.evaluate("() => document.querySelectorAll('details').forEach((d) => (d.open = true))")
        charts += page.locator("[data-testid='stPlotlyChart']").count()
        assert page.evaluate(_CHARTS_WITHOUT_ALTERNATIVE) == 0, f"{spec.url_path}: a chart alone"
        assert leaked(numbers, page.content()) == [], spec.url_path
        if problems := _violations(page):
            found[spec.url_path] = problems
    page.close()
    assert charts >= 6  # overview, matrix, progress (2), data quality (2)
    assert found == {}, f"WCAG 2.1 AA violations ({lang}):\n" + json.dumps(
        found, indent=1, ensure_ascii=False
    )
