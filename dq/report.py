"""A report for the board: one self-contained HTML page that works offline and prints on A4.

Readiness now and its trend, the forecast per module against the enforcement dates, the
schools at risk, what changed since the previous export, and how the marks are doing. The
chart's plotly.js is inlined, so the page makes no network request.

>>> _table(['a', 'b'], [['<x>', 1]])
'<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>&lt;x&gt;</td><td>1</td></tr></tbody></table>'
"""

from __future__ import annotations

import datetime
import html

from dq import marks
from dq.i18n import language, t

PRINT_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1b1b1b; margin: 2em auto;
       max-width: 180mm; font-size: 11pt; line-height: 1.4; }
h1 { font-size: 18pt; margin-bottom: 0; } h2 { font-size: 13pt; margin-top: 1.4em;
     border-bottom: 1px solid #999; } .sub { color: #555; margin-top: 0.2em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; font-size: 10pt; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; }
td.n, th.n { text-align: right; } .kpis { display: flex; gap: 1em; flex-wrap: wrap; }
.kpi { border: 1px solid #bbb; padding: 0.4em 0.8em; } .kpi b { font-size: 16pt; display: block; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; max-width: none; } section { break-inside: avoid; }
               h2 { break-after: avoid; } }
"""


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    return html.escape(str(value))


def _table(headers: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _pct(value) -> str:
    return "–" if value is None or value != value else f"{value:.1%}"


def _date(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else "–"


def build(store, lang: str | None = None) -> str:
    """The report as one HTML document (empty store: a page that says so)."""
    from dq import charts, metrics

    lang = language(lang)
    snapshots = store.snapshots()
    title = t("report.title", lang)
    parts = [f"<h1>{html.escape(title)}</h1>"]
    if snapshots.empty:
        parts.append(f"<p>{html.escape(t('report.empty', lang))}</p>")
        return _page(title, lang, parts)
    as_of = snapshots["as_of"].iloc[-1].date()
    now = metrics.metrics_json(store, as_of)["totals"]
    parts.append(
        f'<p class="sub">{html.escape(t("report.as_of", lang, date=as_of.isoformat(), made=datetime.date.today().isoformat()))}</p>'
    )
    kpis = [
        (t("kpi.readiness", lang), _pct(now["readiness"])),
        (t("kpi.in_scope", lang), now["in_scope"]),
        (t("kpi.missing", lang), now["missing"]),
        (t("kpi.invalid", lang), now["invalid"]),
        (t("kpi.conflict", lang), now["conflict"]),
        (t("kpi.external_unlinked", lang), now["external_unlinked"]),
    ]
    parts.append(
        f"<section><h2>{html.escape(t('report.now', lang))}</h2><div class='kpis'>"
        + "".join(f"<div class='kpi'><b>{_cell(v)}</b>{html.escape(k)}</div>" for k, v in kpis)
        + "</div>"
    )
    policy = store.policy()
    figure = charts.readiness_with_forecast(
        store.trend("total"), store.forecast("total"), policy, lang
    )
    figure.update_layout(width=660, height=300, margin={"l": 40, "r": 10, "t": 30, "b": 30})
    parts.append(
        figure.to_html(
            full_html=False,
            include_plotlyjs=True,
            config={"staticPlot": True, "displayModeBar": False},
        )
        + "</section>"
    )
    forecast = store.forecast("module")
    parts.append(
        f"<section><h2>{html.escape(t('report.forecast', lang))}</h2>"
        + _table(
            [
                t(f"report.col.{c}", lang)
                for c in ("module", "readiness", "when", "deadline", "verdict")
            ],
            [
                [
                    r.module,
                    _pct(r.readiness),
                    _date(r.forecast_date),
                    _date(r.enforced),
                    t(f"verdict.{r.verdict}", lang),
                ]
                for r in forecast.itertuples()
            ],
        )
        + "</section>"
    )
    parts.append(_schools_at_risk(store, policy, lang))
    parts.append(_changes(store, snapshots, lang))
    parts.append(_marks_progress(store, lang))
    return _page(title, lang, parts)


def _schools_at_risk(store, policy, lang: str) -> str:
    """Schools in red, or whose pace does not reach 100 % before the enforcement date."""
    schools = store.metrics(None, "school").set_index("school_id")
    forecast = store.forecast("school").set_index("school_id")
    rows = []
    for school_id, row in schools.sort_values("readiness").iterrows():
        verdict = forecast["verdict"].get(school_id, "no_progress")
        if row["rag"] == "red" or verdict in ("at_risk", "no_progress"):
            if verdict == "complete":
                continue
            name = policy.schools.get(str(school_id), {}).get("name") or ""
            failing = int(
                row["missing"] + row["invalid"] + row["conflict"] + row["external_unlinked"]
            )
            rows.append(
                [school_id, name, _pct(row["readiness"]), failing, t(f"verdict.{verdict}", lang)]
            )
    headers = [
        t(f"report.col.{c}", lang) for c in ("school", "name", "readiness", "failing", "verdict")
    ]
    body = _table(headers, rows) if rows else f"<p>{html.escape(t('report.no_risk', lang))}</p>"
    return f"<section><h2>{html.escape(t('report.at_risk', lang))}</h2>{body}</section>"


def _changes(store, snapshots, lang: str) -> str:
    """Counts per kind of change between the previous and the latest export."""
    from dq import metrics

    heading = f"<h2>{html.escape(t('report.changes', lang))}</h2>"
    if len(snapshots) < 2:
        return f"<section>{heading}<p>{html.escape(t('report.no_previous', lang))}</p></section>"
    old, new = (snapshots["as_of"].iloc[i].date() for i in (-2, -1))
    frame = store.diff(old, new)
    rows = [
        [t(f"change.{change}", lang), int((frame["change"] == change).sum())]
        for change in metrics.CHANGES
        if change != "unchanged"
    ]
    intro = t("report.changes_between", lang, old=old.isoformat(), new=new.isoformat())
    return (
        f"<section>{heading}<p>{html.escape(intro)}</p>"
        + _table([t("report.col.change", lang), t("report.col.accounts", lang)], rows)
        + "</section>"
    )


def _marks_progress(store, lang: str) -> str:
    """Waiting / confirmed / reopened per school, for the newest mark per account."""
    heading = f"<h2>{html.escape(t('report.marks', lang))}</h2>"
    table = marks.progress(store)
    if table.empty:
        return f"<section>{heading}<p>{html.escape(t('report.no_marks', lang))}</p></section>"
    headers = [t("report.col.school", lang)] + [
        t(f"judgement.{j}", lang) for j in (*marks.JUDGEMENTS, "total")
    ]
    rows = [
        list(r) for r in table[["school_id", *marks.JUDGEMENTS, "total"]].itertuples(index=False)
    ]
    totals = table[[*marks.JUDGEMENTS, "total"]].sum()
    rows.append([t("report.total", lang), *(int(v) for v in totals)])
    return f"<section>{heading}" + _table(headers, rows) + "</section>"


def _page(title: str, lang: str, parts: list[str]) -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{PRINT_CSS}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>"
    )


def write(store, out, lang: str | None = None) -> int:
    """Write the report to ``out``; returns its size in bytes."""
    from pathlib import Path

    data = build(store, lang).encode("utf-8")
    Path(out).write_bytes(data)
    return len(data)
