"""Nummer controleren: paste or upload numbers and see each verdict with what to do."""

import streamlit as st

from dq import checker, readers, ui
from dq import formatting as fmt
from dq.errors import DqError
from dq.i18n import t

lang = ui.language_switch()
st.title(t("page.checker", lang))
st.write(t("checker.intro", lang))

pasted = st.text_area(
    t("checker.paste", lang),
    height=160,
    key="checker_text",
    placeholder=t("ui.placeholder.paste", lang),
)
upload = st.file_uploader(
    t("checker.upload", lang), type=["csv", "txt", "xlsx"], key="checker_file"
)
reveal = st.checkbox(t("checker.reveal", lang), value=False, key="checker_reveal")

values = checker.split_values(pasted)
if upload is not None:
    try:
        values += readers.read_value_column(upload.name, upload.getvalue())
    except DqError as error:
        st.error(ui.plain(error.message(lang)))

if values:
    table = checker.verdict_table(values, lang, reveal)
    valid = int((table["verdict"] == t("check.valid", lang)).sum())
    st.metric(
        t("checker.valid_count", lang),
        f"{fmt.number(valid, lang)} / {fmt.number(len(table), lang)}",
    )
    st.dataframe(
        table.rename(columns=checker.column_labels(lang)), hide_index=True, use_container_width=True
    )
else:
    st.info(t("checker.empty", lang))
