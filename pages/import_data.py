"""Gegevens laden: upload exports, check what was detected, ingest; list and delete snapshots."""

import datetime

import streamlit as st

from dq import formatting as fmt
from dq import ingest, ui
from dq.errors import DqError
from dq.i18n import t

lang, store = ui.start("page.import", admin_only=True)
st.markdown(t("import.intro", lang))

uploads = st.file_uploader(
    t("import.files", lang),
    type=["csv", "txt", "xlsx", "xls"],
    accept_multiple_files=True,
    key="import_files",
)
policy = ui.cached("policy", store)
previews, problems = [], []
for upload in uploads or []:
    try:
        previews.append(
            ingest.preview(upload.name, name=upload.name, data=upload.getvalue(), policy=policy)
        )
    except DqError as error:
        problems.append(error.message(lang))
for message in problems:
    st.error(ui.plain(message))
for found in previews:
    kind = t(f"kind_file.{found['kind']}", lang)
    detected = ingest.detected_text(found["encoding"], found["delimiter"], found["sheet"], lang)
    label = f"{ui.plain(found['file'])} · {kind} · {ui.plain(detected)}"
    with st.expander(label, expanded=True):
        st.table(
            {
                t("quality.header", lang): [ui.plain(h) for h in found["mapping"]],
                t("quality.column", lang): [
                    fmt.column_label(c, lang) for c in found["mapping"].values()
                ],
            }
        )
        if found["unmapped"]:
            headers = ", ".join(found["unmapped"])
            st.caption(ui.plain(t("warning.unmapped_headers", lang, headers=headers)))

if previews and not problems:
    named = next((d for d in (ingest.date_from_name(p["file"]) for p in previews) if d), None)
    as_of = st.date_input(
        t("import.as_of", lang),
        value=named or datetime.date.today(),
        key="import_as_of",
        format="DD/MM/YYYY",
    )
    skip_bad_rows = st.checkbox(t("import.skip_bad_rows", lang), key="import_skip_bad_rows")
    if st.button(t("import.go", lang), type="primary", key="import_go"):
        bar = st.progress(0.0, text=t("import.busy", lang))
        try:
            report = ingest.ingest(
                store,
                [],
                as_of=as_of,
                uploads=[(u.name, u.getvalue()) for u in uploads],
                skip_bad_rows=skip_bad_rows,
                progress=lambda stage, fraction: bar.progress(
                    fraction, text=t(f"import.stage.{stage}", lang)
                ),
            )
        except DqError as error:
            bar.empty()
            st.error(ui.plain(error.message(lang)))
        else:
            for file_report in report.files:
                st.success(ui.plain(file_report.summary(lang)))
            st.cache_data.clear()

st.divider()
st.subheader(t("import.snapshots", lang))
snapshots = ui.cached("snapshots", store)
if snapshots.empty:
    st.info(t("snapshots.none", lang, db=str(store.path)))
else:
    st.dataframe(
        fmt.people_table(
            snapshots,
            lang,
            ["as_of", "accounts", "contacts", "files", "sha256_prefixes", "ingested_at"],
        ),
        hide_index=True,
        width="stretch",
    )
    dates = [d.date() for d in snapshots["as_of"]]
    doomed = st.selectbox(
        t("import.delete_pick", lang),
        dates,
        index=None,
        key="import_delete",
        **ui.one(lang),
        format_func=lambda d: fmt.date(d, lang),
    )
    if doomed and st.checkbox(
        t("import.delete_sure", lang, date=fmt.date(doomed, lang)), key="import_delete_sure"
    ):
        if st.button(t("import.delete", lang), key="import_delete_go"):
            try:
                store.delete_snapshot(doomed.isoformat())
            except DqError as error:  # the store busy with another program's write
                st.error(ui.plain(error.message(lang)))
            else:
                st.cache_data.clear()
                st.success(t("snapshots.deleted", lang, date=fmt.date(doomed, lang)))
