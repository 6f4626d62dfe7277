"""Modules & scholen: the school x module readiness matrix; click or pick a cell to see the
accounts that are not ready there."""

import streamlit as st

from dq import charts, ui
from dq.i18n import t
from dq.rules import FAILING

lang, store = ui.start("page.matrix")
ui.require_snapshots(store, lang)

policy = ui.cached("policy", store)
matrix = ui.cached("metrics", store, None, "school_module")
st.caption(t("matrix.legend", lang, red=f"{policy.red:.0%}", amber=f"{policy.amber:.0%}"))
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
school = left.selectbox(t("filter.school", lang), schools, key="matrix_school")
module = right.selectbox(t("filter.module", lang), modules, key="matrix_module")

cell = matrix[(matrix.school_id == school) & (matrix.module == module)]
if cell.empty:
    st.info(t("matrix.empty_cell", lang))
else:
    row = cell.iloc[0]
    st.markdown(
        t(
            "matrix.cell",
            lang,
            school=ui.plain(school),
            module=ui.plain(module),
            readiness=ui.pct(row["readiness"]),
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
            count=len(accounts),
            school=ui.plain(school),
            module=ui.plain(module),
            in_scope=int(row["in_scope"]),
        )
    )
    st.dataframe(
        accounts[
            ["username", "last_name", "first_name", "status", "reason", "flags", "days_failing"]
        ],
        hide_index=True,
        width="stretch",
        key="matrix_accounts",
    )
