"""Aanmelden: the only page a visitor sees before signing in (when sign-in is configured).

A sign-in set-up that is broken shows what to check instead, and nothing else.
"""

import streamlit as st

from dq import ui
from dq.i18n import t

lang = ui.language_switch()
problem = ui.signin_problem()
if problem is not None:
    st.title(t("ui.signin.misconfigured.title", lang))
    detail = t(f"ui.signin.problem.{problem.pop('problem')}", lang, **problem)
    st.error(t("ui.signin.misconfigured.body", lang, problem=detail))
    st.stop()
st.title("Sleutelklaar")
st.write(t("ui.signin.body", lang))
st.button(t("ui.signin.button", lang), on_click=st.login, type="primary", key="signin")
