"""Glue for the Streamlit front: the page list, language, cached reads, shared widgets.

Pages import this module and :mod:`dq`; they hold no SQL and no business rule. Every read
goes through :func:`cached`, keyed on the store's path and modification time, so the app
opens the DuckDB file read-only and only for the length of a query, and a new snapshot
written by ``dq ingest`` shows on the next interaction.
"""

from __future__ import annotations

import importlib.util
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dq.errors import DqError
from dq.i18n import LANGUAGES, language, t
from dq.store import Store
from dq.ui_style import RAG_SYMBOL

LANG_KEY = "lang"


@dataclass(frozen=True)
class PageSpec:
    """One page of the dashboard: its script under ``pages/`` and its title key."""

    script: str
    title_key: str
    icon: str
    url_path: str
    admin_only: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "page.overview", ":material/dashboard:", "overzicht"),
    PageSpec("pages/modules_schools.py", "page.matrix", ":material/grid_view:", "modules-scholen"),
    PageSpec("pages/progress.py", "page.progress", ":material/trending_up:", "voortgang"),
    PageSpec(
        "pages/fixlists.py", "page.fixlists", ":material/build:", "fixlijsten", admin_only=True
    ),
    PageSpec("pages/data_quality.py", "page.quality", ":material/fact_check:", "datakwaliteit"),
    PageSpec(
        "pages/import_data.py",
        "page.import",
        ":material/upload_file:",
        "gegevens-laden",
        admin_only=True,
    ),
    PageSpec("pages/policy.py", "page.policy", ":material/policy:", "beleid", admin_only=True),
    PageSpec(
        "pages/follow_up.py", "page.follow_up", ":material/mail:", "opvolging", admin_only=True
    ),
    PageSpec("pages/checker.py", "page.checker", ":material/badge:", "nummer-controleren"),
    PageSpec("pages/help.py", "page.help", ":material/help:", "stappenplan"),
)


def current_language() -> str:
    """The language in force: the address's ``?lang=`` (kept across reloads and links), else
    the one chosen in this session, else ``DQ_LANG``, else Dutch."""
    return language(st.query_params.get(LANG_KEY) or st.session_state.get(LANG_KEY))


def keep_language(lang: str) -> None:
    """Remember the language in the session and in the address (``?lang=en``); a page switch
    drops the address's parameters, so every page writes it again."""
    st.session_state[LANG_KEY] = lang
    if st.query_params.get(LANG_KEY) != lang:
        st.query_params[LANG_KEY] = lang


def secrets_files() -> list[Path]:
    """The secrets files Streamlit reads (``secrets.files``: home, then the project's)."""
    try:
        configured = st.config.get_option("secrets.files")
    except Exception:  # noqa: BLE001 - an older Streamlit without the option
        configured = None
    if not configured:
        configured = [Path.home() / ".streamlit/secrets.toml", Path(".streamlit/secrets.toml")]
    return [Path(p) for p in configured]


AUTH_KEYS = ("client_id", "client_secret", "server_metadata_url")


def _secrets() -> tuple[dict, dict | None]:
    """The secrets files merged as Streamlit merges them, or the first that cannot be parsed."""
    merged: dict = {}
    for path in secrets_files():
        if not path.exists():
            continue
        try:
            merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return merged, {"problem": "unparsable", "path": str(path)}
    if not merged:  # no file: secrets given to Streamlit another way (AppTest, a hosting platform)
        try:
            merged = st.secrets.to_dict()
        except Exception:  # noqa: BLE001 - no secrets at all
            merged = {}
    stray = _stray_auth_keys(merged)
    if stray:
        where = ", ".join(str(p) for p in secrets_files() if p.exists()) or "secrets.toml"
        return merged, {"problem": "misplaced", "path": where, "keys": ", ".join(stray)}
    return merged, None


def _stray_auth_keys(secrets: dict) -> list[str]:
    """Sign-in keys outside a lowercase ``[auth]`` section: the ``[auth]`` line forgotten
    (keys at the top level) or a section spelled ``[Auth]``. Such a file means sign-in was
    intended, so it must count as misconfigured, never as "no sign-in".

    >>> _stray_auth_keys({"client_id": "x", "Auth": {}, "auth": {}, "other": 1})
    ['Auth', 'client_id']
    """
    signin = {"redirect_uri", "cookie_secret", *AUTH_KEYS}
    return sorted(k for k in secrets if k != "auth" and (k.lower() == "auth" or k in signin))


def signin_problem() -> dict | None:
    """What is wrong with the sign-in set-up, or None when it is fine or absent.

    Fails closed: a secrets file that exists but cannot be parsed, an ``[auth]`` section
    without what ``st.login`` needs, or Authlib missing, each mean "misconfigured", never
    "no sign-in" (which would show every page to every visitor).
    """
    merged, broken = _secrets()
    if broken is not None:
        return broken
    auth = merged.get("auth")
    if auth is None:
        return None
    where = ", ".join(str(p) for p in secrets_files() if p.exists())
    if not isinstance(auth, dict):
        return {"problem": "incomplete", "path": where, "missing": "[auth]"}
    providers = {k: v for k, v in auth.items() if isinstance(v, dict)}
    needed = [k for k in ("redirect_uri", "cookie_secret") if not auth.get(k)]
    for name, section in providers.items() or [("", auth)]:
        needed += [f"{name}.{k}" if name else k for k in AUTH_KEYS if not section.get(k)]
    if needed:
        return {"problem": "incomplete", "path": where, "missing": ", ".join(needed)}
    if importlib.util.find_spec("authlib") is None:
        return {"problem": "authlib"}
    return None


def auth_configured() -> bool:
    """Whether sign-in is in force: an ``[auth]`` section, or any sign-in set-up problem
    (so a broken set-up keeps data closed rather than open)."""
    merged, broken = _secrets()
    return broken is not None or "auth" in merged


def current_user() -> dict:
    """The signed-in person as ``{"logged_in": bool, "email": str | None}`` (the login boundary)."""
    return {"logged_in": bool(st.user.get("is_logged_in")), "email": st.user.get("email")}


def is_admin() -> bool:
    """Whether this session may see fix lists, entered values and the import and policy pages.

    Without sign-in the dashboard serves the one person at this computer (it listens on
    127.0.0.1 only); with sign-in, only the policy's ``[access] admins`` are admins.
    """
    if not auth_configured():
        return True
    if signin_problem() is not None:
        return False
    user = current_user()
    if not user["logged_in"] or not user["email"]:
        return False
    return user["email"].strip().lower() in Store(store_path()).policy().admins


def navigation_pages() -> list:
    """The ``st.Page`` objects for ``st.navigation``: every page, or what this person may see."""
    lang = current_language()
    if auth_configured() and (signin_problem() is not None or not current_user()["logged_in"]):
        return [
            st.Page(
                "pages/signin.py",
                title=t("page.signin", lang),
                icon=":material/login:",
                url_path="aanmelden",
                default=True,
            )
        ]
    admin = is_admin()
    return [
        st.Page(
            p.script, title=t(p.title_key, lang), icon=p.icon, url_path=p.url_path, default=(i == 0)
        )
        for i, p in enumerate(PAGES)
        if admin or not p.admin_only
    ]


def details_allowed(lang: str) -> bool:
    """For pages that show aggregates to everyone and account lists to admins only."""
    if is_admin():
        return True
    st.info(t("ui.admins_only", lang))
    return False


def page_spec(url_path: str) -> PageSpec:
    """The page registered under ``url_path``."""
    return next(p for p in PAGES if p.url_path == url_path)


def _remember_language() -> None:
    keep_language(st.session_state["_lang_switch"])


def language_switch() -> str:
    """Draw the language switch in the sidebar and return the language in force (kept in the
    session and the address)."""
    lang = current_language()
    keep_language(lang)
    st.session_state["_lang_switch"] = lang  # the switch follows the address on a reload
    st.sidebar.radio(
        t("ui.language", lang),
        LANGUAGES,
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
        key="_lang_switch",
        horizontal=True,
        on_change=_remember_language,
    )
    return current_language()


def many(lang: str) -> dict:
    """Options for every multiselect: the placeholder in the language, and no "Select all"
    entry (Streamlit writes it in English only; an empty filter means all anyway)."""
    return {"placeholder": t("ui.placeholder.many", lang), "select_all": False}


def one(lang: str) -> dict:
    """Options for a selectbox that may be empty: the placeholder in the language."""
    return {"placeholder": t("ui.placeholder.one", lang)}


def store_path() -> str:
    """The store the app shows: ``DQ_DB``, else ``data/sleutelklaar.duckdb``."""
    return os.environ.get("DQ_DB") or "data/sleutelklaar.duckdb"


def start(title_key: str, admin_only: bool = False) -> tuple[str, Store]:
    """Every page's first line: language switch, sign-out, title, and the store it reads.

    An admin-only page reached by someone else (e.g. by its address) stops here.
    """
    lang = language_switch()
    if signin_problem() is not None:
        st.stop()  # only the sign-in page says what is wrong
    if auth_configured() and current_user()["logged_in"]:
        st.sidebar.caption(plain(current_user()["email"] or ""))
        st.sidebar.button(t("ui.signout", lang), on_click=st.logout, key="_signout")
    st.title(t(title_key, lang))
    if admin_only and not is_admin():
        st.warning(t("ui.admins_only", lang))
        st.stop()
    return lang, Store(store_path())


def require_snapshots(store: Store, lang: str) -> None:
    """Stop the page with a friendly start text when there is nothing to show yet."""
    if store.exists() and not cached("snapshots", store).empty:
        return
    st.info(t("ui.empty.title", lang))
    st.markdown(t("ui.empty.body", lang, db=str(store.path)))
    st.page_link(
        page_spec("gegevens-laden").script,
        label=t("page.import", lang),
        icon=":material/upload_file:",
    )
    st.stop()


# the Store methods pages read through :func:`cached` (reads only: nothing here writes)
READS: frozenset[str] = frozenset(
    {
        "snapshots",
        "summary",
        "overview",
        "metrics",
        "trend",
        "forecast",
        "diff",
        "accounts",
        "count_accounts",
        "fixlist",
        "data_quality",
        "policy",
        "mark_progress",
    }
)


@st.cache_data(ttl=30, show_spinner=False, max_entries=256)
def _cached(name: str, path: str, mtime: float, args: tuple, kwargs: tuple):
    return getattr(Store(path), name)(*args, **dict(kwargs))


def cached(name: str, store: Store, *args, **kwargs):
    """``store.<name>(*args, **kwargs)`` for a read in :data:`READS`, through Streamlit's
    cache keyed on the file's path and modification time (a new ingest is a new key).

    A store that another process holds for writing shows a short "being updated" message.
    """
    if name not in READS:
        raise ValueError(f"{name} is not a Store read")
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()))
    try:
        return _cached(name, str(store.path), store.mtime(), args, frozen)
    except DqError as error:
        st.warning(plain(error.message(current_language())))
        st.stop()


# the characters that make links, images, emphasis, code, HTML, directives (:red[..]) and
# icons (:material/..:); '-' and '.' only matter at the start of a line (lists)
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+!|<>~$:=]|^[-.])")


def plain(value: object) -> str:
    """A value from a file as Markdown that shows exactly that text: every character that
    could make markup backslash-escaped (CommonMark), line breaks as spaces. For labels,
    captions, messages and ``st.table`` cells, which all render Markdown.

    >>> print(plain('![x](http://h/x.png) a-b.'))
    \\!\\[x\\]\\(http\\://h/x.png\\) a-b.
    """
    return _MARKUP.sub(r"\\\1", " ".join(str(value).splitlines()))


def chart(figure, key: str, lang: str, **options):
    """A Plotly chart with its text alternative (WCAG 1.1.1): the figures it shows, as a
    table in an expander right under it; both in one container keyed ``chart_<key>``.
    Returns what ``st.plotly_chart`` returns (the selection event when ``on_select``)."""
    from dq.charts import figures_table

    with st.container(key=f"chart_{key}"):
        event = st.plotly_chart(figure, key=key, **options)
        with st.expander(t("chart.figures", lang)):
            table = figures_table(figure, lang).map(plain).rename(columns=plain)
            st.table(table.set_index(table.columns[0]))
    return event


def rag_label(rag: str | None, lang: str) -> str:
    """Red/amber/green with a symbol and a word, never colour alone."""
    return f"{RAG_SYMBOL.get(rag, '–')} {t(f'rag.{rag}', lang)}" if rag else "–"
