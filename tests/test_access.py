"""The sign-in gate, through Streamlit's own ``st.secrets`` and ``st.user`` (AppTest sets both).

Unconfigured, the app is the local user's (it listens on 127.0.0.1 only). Configured: no
sign-in, only the sign-in page; signed in, aggregates; listed as admin, everything.
"""

import shutil

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dq import policy as policy_module
from dq.store import Store

ADMIN = "beheer@school.be"
# the shape of README's [auth] table; nothing here talks to a provider (AppTest sets st.user)
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "test-client",
    "client_secret": "test-secret",
    "server_metadata_url": "https://login.example.invalid/.well-known/openid-configuration",
}


@pytest.fixture
def gated(demo_store, tmp_path, monkeypatch):
    db = tmp_path / "gated.duckdb"
    shutil.copy(demo_store.path, db)
    store = Store(db)
    policy = policy_module.load_text(f'[access]\nadmins = ["{ADMIN}"]\n')
    store.set_policy(policy_module.to_toml(policy))
    monkeypatch.setenv("DQ_DB", str(db))
    return store


def _app(email, script="app.py", signed_in=None):
    """An AppTest with sign-in configured; ``email`` None means a visitor not signed in."""
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    at.secrets["auth"] = AUTH
    if email is None:
        at.user = {"is_logged_in": False}
    else:
        at.user = {"is_logged_in": True, "email": email, "name": "Test"}
    return at


def _as(email):
    return _app(email).run()


def test_a_visitor_who_has_not_signed_in_sees_only_the_sign_in_page(gated):
    at = _as(None)
    assert not at.exception
    assert at.title[0].value == "Sleutelklaar" and at.button(key="signin")
    assert not at.metric and not at.dataframe


def test_a_signed_in_non_admin_sees_aggregates_but_no_accounts(gated):
    at = _as("leerkracht@school.be")
    assert not at.exception and at.metric  # the overview's aggregates
    assert "signin" not in [b.key for b in at.button] and at.button(key="_signout")
    for page in ("fixlists.py", "import_data.py", "policy.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"pages/{page}")  # not in the navigation at all
        direct = _app("leerkracht@school.be", f"pages/{page}").run()
        assert not direct.exception and direct.warning, page  # and the page itself refuses
        assert not direct.dataframe and not direct.file_uploader
    at.switch_page("pages/modules_schools.py").run()
    assert not at.dataframe and "beheerders" in at.info[0].value
    at.switch_page("pages/progress.py").run()
    assert not at.dataframe


def test_an_admin_sees_fix_lists_and_entered_values(gated):
    at = _as(ADMIN.upper())
    at.switch_page("pages/fixlists.py").run()
    assert not at.exception and len(at.dataframe[0].value) > 0
    assert ADMIN.upper() in [c.value for c in at.sidebar.caption]  # who is signed in
    at.checkbox(key="fix_full_values").check().run()
    assert not at.exception


def test_without_sign_in_configured_the_local_user_is_admin(demo_store, monkeypatch):
    monkeypatch.setenv("DQ_DB", str(demo_store.path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/fixlists.py").run()
    assert not at.exception and len(at.dataframe[0].value) > 0


def test_the_server_binds_to_localhost_by_default():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'address = "127.0.0.1"' in config and "enableXsrfProtection = true" in config
    assert "--server.address 127.0.0.1" in (ROOT / "Makefile").read_text(encoding="utf-8")
