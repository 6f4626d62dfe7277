"""Fixlijsten: the accounts that need an action, filtered, with what to do; downloads."""

import streamlit as st

from dq import fixlist, marks, rules, ui
from dq import formatting as fmt
from dq.errors import DqError
from dq.filters import FilterError
from dq.i18n import t
from dq.identifiers import REASONS
from dq.rules import FLAGS, STATUSES

lang, store = ui.start("page.fixlists", admin_only=True)
ui.require_snapshots(store, lang)

matrix = ui.cached("metrics", store, None, "school_module")
params = st.query_params
# arriving from an overview tile (?status=missing) or the BIS tile (?flag=...): a value the
# list does not know is said, with the accepted ones, never silently dropped
for name, known in (("status", [r.id for r in STATUSES]), ("flag", [r.id for r in FLAGS])):
    if f"fix_{name}" not in st.session_state and params.get(name):
        asked = params.get_all(name)
        st.session_state[f"fix_{name}"] = [v for v in asked if v in known]
        for value in (v for v in asked if v not in known):
            unknown = FilterError(
                "unknown_filter", option=name, value=value, accepted=", ".join(known)
            )
            st.warning(ui.plain(unknown.message(lang)))

left, middle, right = st.columns(3)
policy = ui.cached("policy", store)
school = left.multiselect(
    t("filter.school", lang),
    sorted(matrix["school_id"].unique()),
    key="fix_school",
    format_func=lambda s: fmt.school_label(s, policy),
    **ui.many(lang),
)
module = middle.multiselect(
    t("filter.module", lang),
    sorted(matrix["module"].unique()),
    key="fix_module",
    format_func=lambda m: fmt.module_label(m, policy),
    **ui.many(lang),
)
status = right.multiselect(
    t("filter.status", lang),
    [r.id for r in STATUSES],
    key="fix_status",
    **ui.many(lang),
    format_func=lambda s: rules.label(s, lang),
)
left, middle, right = st.columns(3)
reason = left.multiselect(
    t("filter.reason", lang),
    list(REASONS),
    key="fix_reason",
    **ui.many(lang),
    format_func=lambda r: t(f"reason.{r}", lang),
)
flag = middle.multiselect(
    t("filter.flag", lang),
    [r.id for r in FLAGS],
    key="fix_flag",
    **ui.many(lang),
    format_func=lambda f: rules.label(f, lang),
)
search = right.text_input(
    t("filter.search", lang), key="fix_search", placeholder=t("ui.placeholder.search", lang)
)
left, right = st.columns(2)
full_values = left.checkbox(t("fix.show_values", lang), key="fix_full_values")
unmarked = right.checkbox(t("fix.unmarked", lang), key="fix_unmarked")

filters = {
    "school": school or None,
    "module": module or None,
    "status": status or None,
    "reason": reason or None,
    "flag": flag or None,
    "search": search or None,
}
marked = unmarked or fixlist.has_marks(store)  # the mark columns once anybody has marked
frame = ui.cached(
    "fixlist",
    store,
    None,
    lang=lang,
    full_values=full_values,
    limit=1000,
    marked=marked,
    unmarked=unmarked,
    **filters,
)
total = ui.cached("count_accounts", store, None, **filters)
st.caption(
    t("table.shown", lang, shown=fmt.number(len(frame), lang), total=fmt.number(total, lang))
)
table = st.dataframe(
    fixlist.for_screen(frame, lang, policy),
    hide_index=True,
    width="stretch",
    key="fix_table",
    column_config={t("fix.col.action", lang): st.column_config.TextColumn(width="large")},
    on_select="rerun",
    selection_mode="multi-row",
)
selected_rows = list(table.selection.rows) if table and table.selection else []
with st.expander(t("fix.mark.title", lang), expanded=bool(selected_rows)):
    accounts = {
        f"{s} · {u}": (s, u) for s, u in zip(frame["school_id"], frame["username"], strict=True)
    }
    labels = list(accounts)
    extra = st.multiselect(
        t("fix.mark.accounts", lang), labels, key="fix_mark_accounts", **ui.many(lang)
    )
    chosen = [accounts[k] for k in dict.fromkeys([*(labels[i] for i in selected_rows), *extra])]
    left, right = st.columns(2)
    kind = left.radio(
        t("fix.mark.kind", lang),
        marks.KINDS,
        key="fix_mark_kind",
        format_func=lambda k: t(f"mark.kind.{k}", lang),
    )
    note = right.text_input(t("fix.mark.note", lang), key="fix_mark_note", max_chars=200)
    by = ui.current_user()["email"] if ui.auth_configured() else None
    left, right = st.columns(2)
    try:
        if left.button(
            t("fix.mark.button", lang, count=len(chosen)), key="fix_mark", disabled=not chosen
        ):
            marks.mark_many(store, chosen, kind, note, by=by)
            st.success(t("fix.mark.done", lang, count=len(chosen)))
        if right.button(t("fix.mark.undo", lang), key="fix_mark_undo", disabled=not chosen):
            for school_id, username in chosen:
                marks.undo(store, school_id=school_id, username=username)
            st.success(t("fix.mark.undone", lang, count=len(chosen)))
    except (marks.MarkError, DqError) as error:  # DqError: the store busy with a write
        st.error(ui.plain(error.message(lang)))
as_of = ui.cached("snapshots", store)["as_of"].max().date()
one_school = school[0] if len(school) == 1 else None


def download(fmt: str):
    """Build the whole filtered list only when a download button is clicked."""
    return lambda: fixlist.export(
        fixlist.fixlist(
            store,
            None,
            lang=lang,
            full_values=full_values,
            marked=marked,
            unmarked=unmarked,
            **filters,
        ),
        fmt,
        lang,
        as_of=as_of,
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
