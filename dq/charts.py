"""Plotly figures for the dashboard: readable Dutch/English labels, colour-blind-safe colours,
never colour alone (symbols and numbers on every mark). Numbers, percentages and dates on the
marks and axes come from :mod:`dq.formatting` (plotly's own date labels are English)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dq import formatting as fmt
from dq.i18n import t
from dq.ui_style import COLOURS, LINE_COLOURS, RAG_SYMBOL, TEXT_ON_FILL

VERDICT_STYLE = {
    "on_track": ("green", "●"),
    "complete": ("green", "✔"),
    "at_risk": ("red", "■"),
    "no_progress": ("orange", "▲"),
    "no_deadline": ("gray", "○"),
}


def _percent_ticks(lang: str) -> dict:
    """A readiness axis's ticks in the language's percent form (plotly's own is English).

    >>> _percent_ticks("nl")["ticktext"][-1]
    '100\xa0%'
    """
    values = [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    return {"tickvals": values, "ticktext": [fmt.percent(v, lang, 0) for v in values]}


def readiness_with_forecast(
    trend: pd.DataFrame, forecast: pd.DataFrame, policy, lang: str
) -> go.Figure:
    """Readiness per snapshot, the straight line to 100 % at the current pace, the deadline."""
    figure = go.Figure()
    figure.add_scatter(
        x=trend["as_of"],
        y=trend["readiness"],
        mode="lines+markers+text",
        name=t("chart.readiness", lang),
        line={"color": LINE_COLOURS["blue"], "width": 3},
        text=[fmt.percent(r, lang, 0) if r == r else "" for r in trend["readiness"]],
        textposition="top center",
        customdata=[
            f"{fmt.date(d, lang)}: {fmt.percent(r, lang)}"
            for d, r in zip(trend["as_of"], trend["readiness"], strict=True)
        ],
        hovertemplate="%{customdata}<extra></extra>",
    )
    if not forecast.empty:
        row = forecast.iloc[0]
        if row["forecast_date"] is not None and row["verdict"] not in ("complete",):
            figure.add_scatter(
                x=[row["as_of"], pd.Timestamp(row["forecast_date"])],
                y=[row["readiness"], 1.0],
                mode="lines",
                name=t("chart.forecast", lang),
                line={"color": LINE_COLOURS["amber"], "dash": "dash", "width": 2},
            )
    dates = list(trend["as_of"])
    deadlines = sorted(
        {m.enforced for m in policy.modules.values() if m.enforced and m.requires_2fa}
    )
    for deadline in deadlines:
        figure.add_vline(
            x=pd.Timestamp(deadline).timestamp() * 1000,
            line={"color": COLOURS["red"], "dash": "dot"},
            annotation_text=t("chart.deadline", lang, date=fmt.date(deadline, lang)),
        )
        dates.append(deadline)
    if not forecast.empty and forecast.iloc[0]["forecast_date"] is not None:
        dates.append(forecast.iloc[0]["forecast_date"])
    figure.update_layout(
        yaxis={
            "title": t("chart.readiness", lang),
            "tickformat": ".0%",
            "range": [0, 1.08],
            **_percent_ticks(lang),
        },
        xaxis={"title": t("chart.export_date", lang), **fmt.date_ticks(dates, lang)},
        legend={"orientation": "h"},
        margin={"t": 30},
        height=380,
    )
    return figure


def trend_lines(trend: pd.DataFrame, by: str, lang: str, policy=None) -> go.Figure:
    """One line per module or school (by the policy's names), with a different marker each."""
    figure = go.Figure()
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "star", "cross", "hexagon"]
    palette = list(LINE_COLOURS.values())
    for i, (key, part) in enumerate(trend.groupby(by, sort=True)):
        figure.add_scatter(
            x=part["as_of"],
            y=part["readiness"],
            mode="lines+markers",
            name=fmt.module_label(key, policy) if by == "module" else fmt.school_label(key, policy),
            text=[
                f"{fmt.date(d, lang)}: {fmt.percent(r, lang)}"
                for d, r in zip(part["as_of"], part["readiness"], strict=True)
            ],
            hovertemplate="%{text}<extra>%{fullData.name}</extra>",
            marker={"symbol": symbols[i % len(symbols)], "size": 8},
            line={"color": palette[i % len(palette)]},
        )
    figure.update_layout(
        yaxis={
            "title": t("chart.readiness", lang),
            "tickformat": ".0%",
            "range": [0, 1.05],
            **_percent_ticks(lang),
        },
        xaxis={"title": t("chart.export_date", lang), **fmt.date_ticks(trend["as_of"], lang)},
        height=360,
        margin={"t": 20},
    )
    return figure


def readiness_heatmap(matrix: pd.DataFrame, policy, lang: str) -> go.Figure:
    """School x module readiness, coloured by the policy's thresholds, with value and symbol.

    Plotly cannot select heatmap cells, so a transparent square marker sits on each cell:
    a click selects it (``st.plotly_chart(on_select=...)`` reports its ``x`` and ``y``)
    and outlines the chosen cell.
    """
    pivot = matrix.pivot(index="school_id", columns="module", values="readiness").sort_index()
    rag = matrix.pivot(index="school_id", columns="module", values="rag").reindex_like(pivot)
    level = rag.replace({"red": 0, "amber": 1, "green": 2}).astype("float64")
    text = [
        [
            ("" if pd.isna(v) else f"{RAG_SYMBOL[r]} {fmt.percent(v, lang, 0)}")
            for v, r in zip(vr, rr, strict=True)
        ]
        for vr, rr in zip(pivot.values, rag.values, strict=True)
    ]
    scale = [
        [0, COLOURS["red"]],
        [0.33, COLOURS["red"]],
        [0.34, COLOURS["amber"]],
        [0.66, COLOURS["amber"]],
        [0.67, COLOURS["green"]],
        [1, COLOURS["green"]],
    ]
    figure = go.Figure(
        go.Heatmap(
            z=level.values,
            x=list(pivot.columns),
            y=list(pivot.index),
            text=text,
            texttemplate="%{text}",
            textfont={"color": TEXT_ON_FILL},
            colorscale=scale,
            zmin=0,
            zmax=2,
            showscale=False,
            hoverinfo="skip",  # the selectable markers on top carry the hover
            xgap=2,
            ygap=2,
        )
    )
    cells = matrix.dropna(subset=["readiness"]).sort_values(["school_id", "module"])
    figure.add_scatter(
        x=list(cells["module"]),
        y=list(cells["school_id"]),
        mode="markers",
        name="",
        showlegend=False,
        marker={
            "symbol": "square-open",
            "size": 34,
            "opacity": 0,
            "line": {"width": 4, "color": "#000000"},
        },
        selected={"marker": {"opacity": 1}},
        unselected={"marker": {"opacity": 0}},
        text=[
            f"{RAG_SYMBOL[r]} {fmt.percent(v, lang, 0)}"
            for v, r in zip(cells.readiness, cells.rag, strict=True)
        ],
        customdata=[
            [fmt.school_label(s, policy), fmt.module_label(m, policy)]
            for s, m in zip(cells.school_id, cells.module, strict=True)
        ],
        hovertemplate="%{customdata[0]} · %{customdata[1]}: %{text}<extra></extra>",
    )
    figure.update_layout(
        # the cells keep their ids (a click selects by id); the axes show the names
        xaxis={
            "title": t("chart.module", lang),
            "side": "top",
            "type": "category",
            "tickvals": list(pivot.columns),
            "ticktext": [fmt.module_label(m, policy) for m in pivot.columns],
        },
        yaxis={
            "title": t("chart.school", lang),
            "autorange": "reversed",
            "type": "category",
            "tickvals": list(pivot.index),
            "ticktext": [fmt.school_label(s, policy) for s in pivot.index],
        },
        height=max(300, 40 * len(pivot) + 120),
        margin={"t": 60},
        clickmode="event+select",
        dragmode=False,
        # a click anywhere in a cell picks the nearest marker: in a regular grid that is the
        # cell's own (the markers are smaller than the cells)
        hovermode="closest",
        hoverdistance=-1,
    )
    return figure


def status_bars(frame: pd.DataFrame, label_column: str, lang: str) -> go.Figure:
    """Horizontal bars with their counts written on them."""
    figure = go.Figure(
        go.Bar(
            x=frame["accounts"],
            y=frame[label_column],
            orientation="h",
            text=[fmt.number(n, lang) for n in frame["accounts"]],
            textposition="auto",
            marker={"color": LINE_COLOURS["blue"]},
        )
    )
    figure.update_layout(
        xaxis={"title": t("chart.accounts", lang)},
        yaxis={"autorange": "reversed"},
        height=max(220, 32 * len(frame) + 80),
        margin={"t": 10},
    )
    return figure


def _tick_names(axis) -> dict:
    """An axis's tick values to the names it shows (ids to labels), when it sets them."""
    return dict(zip(axis.tickvals or (), axis.ticktext or (), strict=False))


def figures_table(figure: go.Figure, lang: str | None = None) -> pd.DataFrame:
    """The figures a chart shows, as a table of texts in ``lang``: its text alternative.

    A heatmap gives its grid of cell texts (rows and columns by the names on its axes); bars
    give label and value; lines give one column per line, one row per x value (dates as
    dates, fractions as percentages when the y axis shows them so).

    >>> bars = go.Figure(go.Bar(x=[3, 1491], y=["a", "b"], orientation="h"))
    >>> figures_table(bars.update_layout(xaxis_title="n"), "nl").values.tolist()
    [['a', '3'], ['b', '1.491']]
    >>> line = go.Figure(go.Scatter(x=["2026-11-20"], y=[0.5], name="all"))
    >>> figures_table(line.update_layout(yaxis_tickformat=".0%"), "en").values.tolist()
    [['20 Nov 2026', '50%']]
    """
    layout = figure.layout
    x_title, y_title = layout.xaxis.title.text or "", layout.yaxis.title.text or ""
    heatmap = next((trace for trace in figure.data if trace.type == "heatmap"), None)
    if heatmap is not None:
        rows, columns = _tick_names(layout.yaxis), _tick_names(layout.xaxis)
        table = pd.DataFrame(
            list(heatmap.text),
            index=[rows.get(y, y) for y in heatmap.y],
            columns=[columns.get(x, x) for x in heatmap.x],
        )
        return table.rename_axis(index=y_title).reset_index()
    bar = next((trace for trace in figure.data if trace.type == "bar"), None)
    if bar is not None:
        return pd.DataFrame(
            {y_title: [str(v) for v in bar.y], x_title: [fmt.number(v, lang) for v in bar.x]}
        )
    percent = "%" in (layout.yaxis.tickformat or "")
    columns = {}
    for trace in figure.data:
        dates = [pd.Timestamp(x).date() for x in trace.x]
        values = [fmt.percent(v, lang, 0) if percent else fmt.cell(v, lang) for v in trace.y]
        columns[trace.name or y_title] = pd.Series(values, index=dates)
    table = pd.DataFrame(columns).sort_index().fillna("")
    table.index = [fmt.date(d, lang) for d in table.index]
    return table.rename_axis(index=x_title).reset_index()
