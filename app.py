"""Sleutelklaar's dashboard: this file only routes to the pages."""

import streamlit as st

from dq import ui

st.navigation(ui.navigation_pages()).run()
