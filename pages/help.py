"""Stappenplan: for every status, reason and flag, what it means and what to do."""

import streamlit as st

from dq import ui
from dq.i18n import t
from dq.identifiers import REASONS
from dq.rules import FLAGS, STATUSES, label

lang = ui.language_switch()
st.title(t("page.help", lang))
st.markdown(t("help.steps", lang))

st.header(t("help.statuses", lang))
for rule in STATUSES:
    with st.expander(f"**{label(rule.id, lang)}** · `{rule.id}`"):
        st.markdown(rule.meaning[lang])
        st.markdown(f"**{t('help.todo', lang)}** {rule.action[lang]}")
st.caption(t("help.outside", lang))

st.header(t("help.reasons", lang))
for reason in REASONS:
    with st.expander(f"**{t(f'reason.{reason}', lang)}** · `{reason}`"):
        st.markdown(f"**{t('help.todo', lang)}** {t(f'todo.{reason}', lang)}")

st.header(t("help.flags", lang))
for rule in FLAGS:
    with st.expander(f"**{label(rule.id, lang)}** · `{rule.id}`"):
        st.markdown(rule.meaning[lang])
        st.markdown(f"**{t('help.todo', lang)}** {rule.action[lang]}")
