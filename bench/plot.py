"""Plot ingest and metrics time against accounts from bench/out/results.json into
docs/img/performance.png (plotly, photographed by Chromium: no extra dependency).

    python -m bench.plot [--results bench/out/results.json] [--out docs/img/performance.png]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import plotly.graph_objects as go

from bench.scale import SCENARIOS
from tools.browser import browser


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", default="bench/out/results.json")
    parser.add_argument("--out", default="docs/img/performance.png")
    args = parser.parse_args()
    rows = json.loads(Path(args.results).read_text())
    figure = go.Figure()
    for label, prefix, symbol in (
        ("ingest of one snapshot", "ingest", "circle"),
        ("dq metrics --json", "dq metrics", "square"),
        ("baseline (pandas + stdnum)", "baseline", "diamond"),
    ):
        points = sorted(
            (SCENARIOS[r["scenario"]]["accounts"], r["seconds"])
            for r in rows
            if r["what"].startswith(prefix)
        )
        figure.add_scatter(
            x=[p[0] for p in points],
            y=[p[1] for p in points],
            mode="lines+markers+text",
            name=label,
            marker={"symbol": symbol, "size": 10},
            text=[f"{p[1]:.2f} s" for p in points],
            textposition="top left",
        )
    figure.update_layout(
        xaxis={"title": "accounts (log scale)", "type": "log"},
        yaxis={"title": "wall time, seconds (log scale)", "type": "log"},
        width=900,
        height=520,
        title="Time against accounts (2 cores)",
        legend={"orientation": "h", "y": -0.2},
    )
    html = Path(tempfile.mkdtemp()) / "performance.html"
    figure.write_html(html, include_plotlyjs=True, full_html=True)
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 920, "height": 560})
        page.goto(html.as_uri())
        page.wait_for_selector(".main-svg")
        page.screenshot(path=args.out)
    print(args.out)


if __name__ == "__main__":
    main()
