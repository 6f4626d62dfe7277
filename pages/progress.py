"""Voortgang: readiness over time per module and per school; what changed between two exports."""

import streamlit as st

from dq import charts, ui
from dq import formatting as fmt
from dq.i18n import t
from dq.metrics import CHANGES

lang, store = ui.start("page.progress")
ui.require_snapshots(store, lang)

policy = ui.cached("policy", store)
by_module, by_school = st.tabs([t("progress.by_module", lang), t("progress.by_school", lang)])
with by_module:
    ui.chart(
        charts.trend_lines(ui.cached("trend", store, "module"), "module", lang, policy),
        "trend_module",
        lang,
    )
with by_school:
    ui.chart(
        charts.trend_lines(ui.cached("trend", store, "school"), "school_id", lang, policy),
        "trend_school",
        lang,
    )

st.subheader(t("progress.compare", lang))
dates = [d.date() for d in ui.cached("snapshots", store)["as_of"]]
if len(dates) < 2:
    st.info(t("progress.one_snapshot", lang))
    st.stop()
left, right = st.columns(2)
old = left.selectbox(
    t("progress.from", lang),
    dates,
    index=len(dates) - 2,
    key="progress_from",
    format_func=lambda d: fmt.date(d, lang),
)
new = right.selectbox(
    t("progress.to", lang),
    dates,
    index=len(dates) - 1,
    key="progress_to",
    format_func=lambda d: fmt.date(d, lang),
)
if old >= new:
    st.warning(t("progress.order", lang))
    st.stop()

changes = ui.cached("diff", store, old, new)
columns = st.columns(len(CHANGES))
for column, change in zip(columns, CHANGES, strict=True):
    column.metric(
        t(f"change.{change}", lang),
        fmt.number(int((changes["change"] == change).sum()), lang),
        border=True,
    )
if not ui.details_allowed(lang):
    st.stop()
for change in CHANGES:
    part = changes[changes["change"] == change]
    with st.expander(
        f"{t(f'change.{change}', lang)} ({fmt.number(len(part), lang)})",
        expanded=change == "newly_failing",
    ):
        shown = (
            part.sort_values("days_failing", ascending=False) if change == "still_failing" else part
        )
        st.dataframe(
            fmt.people_table(
                shown.head(1000),
                lang,
                ["school_id", "username", "status_before", "status_after", "days_failing"],
                policy,
            ),
            hide_index=True,
            width="stretch",
        )
