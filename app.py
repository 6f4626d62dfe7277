"""Sleutelklaar's dashboard: this file only configures the app and routes to the pages."""

import streamlit as st

from dq import ui
from dq.store import reading_session

st.set_page_config(page_title="Sleutelklaar", page_icon=":material/key:", layout="wide")
with reading_session():  # one page run opens the store file once, and sees one state of it
    st.navigation(ui.navigation_pages()).run()
