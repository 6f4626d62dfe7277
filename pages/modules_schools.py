"""Modules & scholen: the school x module readiness matrix; click or pick a cell to see the
accounts that are not ready there."""

import streamlit as st

from dq import charts, ui
from dq import formatting as fmt
from dq.i18n import t
from dq.rules import FAILING

lang, store = ui.start("page.matrix")
ui.require_snapshots(store, lang)

policy = ui.cached("policy", store)
matrix = ui.cached("metrics", store, None, "school_module")
st.caption(
    t(
        "matrix.legend",
        lang,
        red=fmt.percent(policy.red, lang, 0),
        amber=fmt.percent(policy.amber, lang, 0),
    )
)
event = ui.chart(
    charts.readiness_heatmap(matrix, policy, lang),
    "matrix_chart",
    lang,
    on_select="rerun",
    selection_mode="points",
)

schools = sorted(matrix["school_id"].unique())
modules = sorted(matrix["module"].unique())
points = (event.selection.points if event and event.selection else []) or []
clicked = (points[0]["y"], points[0]["x"]) if points else None
# a new click chooses the cell; the selection stays in the event on later reruns, so it
# must not undo a choice made in the dropdowns since
if clicked and clicked != st.session_state.get("matrix_clicked"):
    st.session_state["matrix_school"], st.session_state["matrix_module"] = clicked
st.session_state["matrix_clicked"] = clicked
left, right = st.columns(2)
school = left.selectbox(
    t("filter.school", lang),
    schools,
    key="matrix_school",
    format_func=lambda s: fmt.school_label(s, policy),
)
module = right.selectbox(
    t("filter.module", lang),
    modules,
    key="matrix_module",
    format_func=lambda m: fmt.module_label(m, policy),
)

cell = matrix[(matrix.school_id == school) & (matrix.module == module)]
if cell.empty:
    st.info(t("matrix.empty_cell", lang))
else:
    row = cell.iloc[0]
    st.markdown(
        t(
            "matrix.cell",
            lang,
            school=ui.plain(fmt.school_label(school, policy)),
            module=ui.plain(fmt.module_label(module, policy)),
            readiness=fmt.percent(row["readiness"], lang),
            rag=ui.rag_label(row["rag"], lang),
            in_scope=int(row["in_scope"]),
        )
    )
    if not ui.details_allowed(lang):
        st.stop()
    cell_filter = {"school": school, "module": module, "status": list(FAILING)}
    accounts = ui.cached("accounts", store, None, **cell_filter)
    st.caption(
        t(
            "matrix.not_ready",
            lang,
            count=fmt.number(len(accounts), lang),
            school=ui.plain(fmt.school_label(school, policy)),
            module=ui.plain(fmt.module_label(module, policy)),
            in_scope=fmt.number(int(row["in_scope"]), lang),
        )
    )
    st.dataframe(
        fmt.people_table(
            accounts,
            lang,
            ["last_name", "first_name", "username", "status", "reason", "flags", "days_failing"],
            policy,
        ),
        hide_index=True,
        width="stretch",
        key="matrix_accounts",
    )
