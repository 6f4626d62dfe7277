"""Modules & scholen: the school x module readiness matrix; pick a cell to see its accounts."""

import streamlit as st

from dq import charts, ui
from dq.i18n import t

lang, store = ui.start("page.matrix")
ui.require_snapshots(store, lang)

policy = ui.cached("policy", store)
matrix = ui.cached("metrics", store, None, "school_module")
st.caption(t("matrix.legend", lang, red=f"{policy.red:.0%}", amber=f"{policy.amber:.0%}"))
event = st.plotly_chart(
    charts.readiness_heatmap(matrix, policy, lang),
    key="matrix_chart",
    on_select="rerun",
    selection_mode="points",
)

schools = sorted(matrix["school_id"].unique())
modules = sorted(matrix["module"].unique())
points = (event.selection.points if event and event.selection else []) or []
if points:  # a click on the heatmap chooses the cell
    st.session_state["matrix_school"], st.session_state["matrix_module"] = (
        points[0]["y"],
        points[0]["x"],
    )
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
    accounts = ui.cached("accounts", store, None, school=school, module=module, limit=1000)
    total = ui.cached("count_accounts", store, None, school=school, module=module)
    st.caption(t("table.shown", lang, shown=len(accounts), total=total))
    st.dataframe(
        accounts[
            ["username", "last_name", "first_name", "status", "reason", "flags", "days_failing"]
        ],
        hide_index=True,
        width="stretch",
    )
