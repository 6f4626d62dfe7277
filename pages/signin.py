"""Aanmelden: the only page a visitor sees before signing in (when sign-in is configured)."""

import streamlit as st

from dq import ui
from dq.i18n import t

lang = ui.language_switch()
st.title("Sleutelklaar")
st.write(t("ui.signin.body", lang))
st.button(t("ui.signin.button", lang), on_click=st.login, type="primary", key="signin")
