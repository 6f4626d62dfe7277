"""Sleutelklaar's dashboard: this file only configures the app and routes to the pages."""

import streamlit as st

from dq import ui

st.set_page_config(page_title="Sleutelklaar", page_icon=":material/key:", layout="wide")
st.navigation(ui.navigation_pages()).run()
