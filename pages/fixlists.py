"""Fixlijsten: the accounts that need an action, filtered, with what to do; downloads."""

import streamlit as st

from dq import fixlist, rules, ui
from dq.i18n import t
from dq.identifiers import REASONS
from dq.rules import FLAGS, STATUSES

lang, store = ui.start("page.fixlists", admin_only=True)
ui.require_snapshots(store, lang)

matrix = ui.cached("metrics", store, None, "school_module")
params = st.query_params
if "fix_status" not in st.session_state and params.get("status"):  # arriving from an overview tile
    st.session_state["fix_status"] = [
        s for s in params.get_all("status") if s in {r.id for r in STATUSES}
    ]

left, middle, right = st.columns(3)
school = left.multiselect(
    t("filter.school", lang), sorted(matrix["school_id"].unique()), key="fix_school"
)
module = middle.multiselect(
    t("filter.module", lang), sorted(matrix["module"].unique()), key="fix_module"
)
status = right.multiselect(
    t("filter.status", lang),
    [r.id for r in STATUSES],
    key="fix_status",
    format_func=lambda s: rules.label(s, lang),
)
left, middle, right = st.columns(3)
reason = left.multiselect(
    t("filter.reason", lang),
    list(REASONS),
    key="fix_reason",
    format_func=lambda r: t(f"reason.{r}", lang),
)
flag = middle.multiselect(
    t("filter.flag", lang),
    [r.id for r in FLAGS],
    key="fix_flag",
    format_func=lambda f: rules.label(f, lang),
)
search = right.text_input(t("filter.search", lang), key="fix_search")
full_values = st.checkbox(t("fix.show_values", lang), key="fix_full_values")

filters = {
    "school": school or None,
    "module": module or None,
    "status": status or None,
    "reason": reason or None,
    "flag": flag or None,
    "search": search or None,
}
# a chosen status shows every account with it; otherwise only accounts that need an action
filters["needs_action"] = None if status else True
frame = ui.cached("fixlist", store, None, lang=lang, full_values=full_values, limit=1000, **filters)
total = ui.cached("count_accounts", store, None, **filters)
st.caption(t("table.shown", lang, shown=len(frame), total=total))
st.dataframe(
    fixlist.for_screen(frame, lang),
    hide_index=True,
    width="stretch",
    key="fix_table",
    column_config={t("fix.col.action", lang): st.column_config.TextColumn(width="large")},
)
as_of = ui.cached("snapshots", store)["as_of"].max().date()
one_school = school[0] if len(school) == 1 else None


def download(fmt: str):
    """Build the whole filtered list only when a download button is clicked."""
    return lambda: fixlist.export(
        store.fixlist(None, lang=lang, full_values=full_values, **filters), fmt, lang, as_of=as_of
    )


left, middle, right = st.columns(3)
left.download_button(
    t("fix.download_csv", lang),
    download("csv"),
    fixlist.file_name(as_of, "csv", one_school, lang),
    "text/csv",
    key="fix_csv",
    icon=":material/download:",
)
middle.download_button(
    t("fix.download_xlsx", lang),
    download("xlsx"),
    fixlist.file_name(as_of, "xlsx", one_school, lang),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="fix_xlsx",
    icon=":material/download:",
)
right.download_button(
    t("fix.download_zip", lang),
    download("zip"),
    fixlist.file_name(as_of, "zip", one_school, lang),
    "application/zip",
    key="fix_zip",
    icon=":material/download:",
)
