"""Glue for the Streamlit front: the page list, the language switch, shared widgets.

Pages import this module and :mod:`dq`; they hold no SQL and no business rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dq.i18n import LANGUAGES, language, t

LANG_KEY = "lang"


@dataclass(frozen=True)
class PageSpec:
    """One page of the dashboard: its script under ``pages/`` and its title key."""

    script: str
    title_key: str
    icon: str
    url_path: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/checker.py", "page.checker", ":material/badge:", "nummer-controleren"),
)


def current_language() -> str:
    """The language chosen in this browser session (Dutch until switched)."""
    return language(st.session_state.get(LANG_KEY))


def navigation_pages() -> list:
    """The ``st.Page`` objects for ``st.navigation``, titled in the session's language."""
    lang = current_language()
    return [
        st.Page(
            p.script, title=t(p.title_key, lang), icon=p.icon, url_path=p.url_path, default=(i == 0)
        )
        for i, p in enumerate(PAGES)
    ]


def _remember_language() -> None:
    st.session_state[LANG_KEY] = st.session_state["_lang_switch"]


def language_switch() -> str:
    """Draw the language switch in the sidebar and return the language in force."""
    lang = current_language()
    st.sidebar.radio(
        t("ui.language", lang),
        LANGUAGES,
        index=LANGUAGES.index(lang),
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
        key="_lang_switch",
        horizontal=True,
        on_change=_remember_language,
    )
    return current_language()
