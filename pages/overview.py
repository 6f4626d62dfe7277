"""Overzicht: readiness now, the change since last week, the trend and the forecast."""

import streamlit as st

from dq import charts, marks, report, ui
from dq import formatting as fmt
from dq.i18n import t
from dq.rules import label

lang, store = ui.start("page.overview")
ui.require_snapshots(store, lang)

snapshots = ui.cached("snapshots", store)
latest = snapshots.iloc[-1]
view = ui.cached("overview", store)
as_of = view["as_of"]

st.caption(t("overview.as_of", lang, date=fmt.date(as_of, lang)))
if view["stale"]:
    st.warning(t("overview.stale", lang, days=view["age_days"]))

fixlists = ui.page_spec("fixlijsten").script
admin = ui.is_admin()
tiles = view["tiles"]
for row in (tiles[i : i + 4] for i in range(0, len(tiles), 4)):
    for column, tile in zip(st.columns(4), row, strict=False):
        with column:
            value, change = tile["value"], tile["change"]
            if tile["key"] == "readiness":
                shown = fmt.percent(value, lang)
                delta = None if change is None else fmt.points(change, lang)
                colour = "normal"
            else:
                shown = fmt.number(value, lang)
                delta = None if change is None else fmt.signed(change, lang)
                colour = "inverse" if tile["failing"] else "off"
            st.metric(
                label(tile["status"], lang) if tile["status"] else t(f"kpi.{tile['key']}", lang),
                shown,
                delta,
                delta_color=colour,
                border=True,
                help=t("overview.delta_help", lang),
            )
            # a status tile links to the fix list of that status, which lists exactly its
            # count; scope and readiness are not a list (the fix list is for administrators)
            if admin and tile["status"]:
                st.page_link(
                    fixlists,
                    label=t("overview.to_fixlist", lang),
                    icon=":material/arrow_forward:",
                    query_params={"status": tile["status"], "lang": lang},
                )

# BIS holders count as ready, but may first have to activate a digital key: their own list
with st.columns(4)[0]:
    st.metric(
        label("bis_key_activation", lang),
        fmt.number(view["bis_holders"], lang),
        border=True,
        help=t("overview.bis_help", lang),
    )
    if admin:
        st.page_link(
            fixlists,
            label=t("overview.to_bis_list", lang),
            icon=":material/arrow_forward:",
            query_params={"flag": "bis_key_activation", "lang": lang},
        )

st.subheader(t("overview.trend", lang))
trend = ui.cached("trend", store, "total")
forecast_total = ui.cached("forecast", store, "total")
policy = ui.cached("policy", store)
ui.chart(
    charts.readiness_with_forecast(trend, forecast_total, policy, lang),
    "overview_trend",
    lang,
)

st.subheader(t("overview.modules", lang))
forecast = ui.cached("forecast", store, "module")
for row in forecast.itertuples():
    colour, symbol = charts.VERDICT_STYLE[row.verdict]
    when = fmt.date(row.forecast_date, lang)
    deadline = fmt.date(row.enforced, lang)
    st.markdown(
        f":{colour}-badge[{symbol} {t(f'verdict.{row.verdict}', lang)}] **{ui.plain(fmt.module_label(row.module, policy))}** · "
        + t(
            "overview.module_line",
            lang,
            readiness=fmt.percent(row.readiness, lang),
            when=when,
            deadline=deadline,
        )
    )

st.subheader(t("overview.follow_up", lang))
progress = ui.cached("mark_progress", store)
if progress.empty:
    st.caption(t("marks.none", lang))
else:
    st.dataframe(
        fmt.people_table(progress, lang, ["school_id", *marks.JUDGEMENTS, "total"], policy),
        hide_index=True,
        key="overview_marks",
    )
st.download_button(
    t("overview.report", lang),
    lambda: report.build(store, lang).encode("utf-8"),
    "verslag.html" if lang == "nl" else "report.html",
    "text/html",
    key="overview_report",
    icon=":material/download:",
)

with st.expander(t("overview.provenance", lang), expanded=False):
    st.markdown(
        t(
            "overview.provenance_line",
            lang,
            date=fmt.date(as_of, lang),
            rules=latest["rules_version"],
            tool=latest["tool_version"],
            at=fmt.moment(latest["ingested_at"], lang),
        )
    )
    for name, sha in zip(latest["files"], latest["sha256_prefixes"], strict=True):
        st.markdown(f"- {ui.plain(name)} · HMAC-SHA-256 `{sha}…`")
