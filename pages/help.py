"""Stappenplan: for every status and flag, what it means and what to do."""

import streamlit as st

from dq import ui
from dq.i18n import t
from dq.rules import FLAGS, STATUSES, label

lang = ui.language_switch()
st.title(t("page.help", lang))
st.markdown(t("help.steps", lang))

st.header(t("help.statuses", lang))
for rule in STATUSES:
    with st.expander(f"**{label(rule.id, lang)}** · `{rule.id}`"):
        st.markdown(rule.meaning[lang])
        st.markdown(f"**{t('help.todo', lang)}** {rule.action[lang]}")

st.header(t("help.flags", lang))
for rule in FLAGS:
    with st.expander(f"**{label(rule.id, lang)}** · `{rule.id}`"):
        st.markdown(rule.meaning[lang])
        st.markdown(f"**{t('help.todo', lang)}** {rule.action[lang]}")
