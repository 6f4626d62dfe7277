"""Misconfiguration, round two: errors, keys, JSON, zip names, output folders, sign-in.

Each test reproduces an attack from issue 13 (or a variant) against the real parts: real key
files made by parallel processes, the real CLI, a real secrets file read by the real app.
"""

import json
import multiprocessing
import os
import re
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from dq import fixlist, privacy
from dq.cli import main, strict_json
from dq.errors import CODES, DqError
from dq.i18n import TEXTS
from dq.ingest import IngestError
from dq.policy import PolicyError
from dq.privacy import KeyProblem
from dq.readers import ReadError
from dq.store import StoreError

# --- item 12: one error tree ------------------------------------------------------------


@pytest.mark.parametrize("cls", [ReadError, IngestError, StoreError, KeyProblem, PolicyError])
def test_every_error_class_derives_from_the_one_base(cls):
    assert issubclass(cls, DqError)
    assert cls.__name__ in CODES


def test_every_declared_error_code_has_a_text_in_both_languages():
    for keys in CODES.values():
        for key in keys:
            assert set(TEXTS[key]) == {"nl", "en"}, key
            assert TEXTS[key]["nl"] != TEXTS[key]["en"], key


def test_every_error_raised_in_the_library_uses_a_declared_code():
    prefixes = {"StoreError": "error.store_", "KeyProblem": "error.key_"}
    raised = re.compile(r"(ReadError|IngestError|StoreError|KeyProblem|DqError)\(\s*\"([a-z_]+)\"")
    found = []
    for path in (ROOT / "dq").rglob("*.py"):
        for cls, code in raised.findall(path.read_text(encoding="utf-8")):
            key = prefixes.get(cls, "error.") + code
            declared = {k for keys in CODES.values() for k in keys}
            found.append((path.name, key, key in declared))
    assert found and all(ok for _, _, ok in found), [f for f in found if not f[2]]


def test_str_of_an_error_is_its_message_in_the_default_language():
    error = StoreError("busy", path="x.duckdb")
    assert str(error) == error.message() == error.message("nl")
    assert "in use by another program" in error.message("en")


# --- item 11: keys ----------------------------------------------------------------------


def _first_use(path: str, barrier, results) -> None:
    os.environ.pop("DQ_SECRET_KEY", None)
    os.environ["DQ_KEY_FILE"] = path
    barrier.wait()
    try:
        results.put(privacy.load_key().fingerprint())
    except KeyProblem as error:
        results.put("failed: " + error.code)


def test_four_parallel_first_uses_all_get_the_same_key(tmp_path):
    context = multiprocessing.get_context("fork")
    for round_no in range(10):
        path = str(tmp_path / f"round{round_no}" / "key")
        barrier, queue = context.Barrier(4), context.Queue()
        workers = [
            context.Process(target=_first_use, args=(path, barrier, queue)) for _ in range(4)
        ]
        for worker in workers:
            worker.start()
        results = [queue.get(timeout=30) for _ in workers]
        for worker in workers:
            worker.join()
        assert len(set(results)) == 1 and not results[0].startswith("failed"), results
        assert sorted(os.listdir(Path(path).parent)) == ["key"]  # no temporary left behind


def test_a_secret_key_in_the_environment_is_hex_like_the_key_file(monkeypatch, tmp_path):
    key_file = tmp_path / "key"
    monkeypatch.delenv("DQ_SECRET_KEY")
    monkeypatch.setenv("DQ_KEY_FILE", str(key_file))
    from_file = privacy.load_key()
    monkeypatch.setenv("DQ_SECRET_KEY", key_file.read_text().strip())
    assert privacy.load_key() == from_file
    monkeypatch.setenv("DQ_SECRET_KEY", "a key typed as text")
    with pytest.raises(KeyProblem) as raised:
        privacy.load_key()
    assert raised.value.code == "env_format"


@pytest.mark.parametrize("short", ["ab", "00" * 15])
def test_keys_under_16_bytes_are_refused(monkeypatch, short):
    monkeypatch.setenv("DQ_SECRET_KEY", short)
    with pytest.raises(KeyProblem) as raised:
        privacy.load_key()
    assert raised.value.code == "too_short"
    result = CliRunner().invoke(main, ["check", "1"])  # commands without a key still work
    assert result.exit_code == 0


# --- item 13: strict JSON ---------------------------------------------------------------


def test_json_output_never_holds_nan_or_infinity():
    text = strict_json({"readiness": float("nan"), "rows": [{"x": float("inf")}]})
    assert json.loads(text, parse_constant=lambda c: pytest.fail(c)) == {
        "readiness": None,
        "rows": [{"x": None}],
    }


def test_every_json_command_prints_strict_json(demo_store):
    runner = CliRunner()
    for args in (
        ["metrics", "--json"],
        ["accounts", "--json"],
        ["diff", "--json", "--from", "2026-11-20", "--to", "2026-11-27"],
    ):
        result = runner.invoke(main, [*args, "--db", str(demo_store.path)])
        assert result.exit_code == 0, result.output
        for line in result.output.splitlines():
            json.loads(line, parse_constant=pytest.fail)


# --- item 8: per-school zip -------------------------------------------------------------


def test_each_school_gets_its_own_file_in_the_zip():
    schools = ["Sint-Jan (Gent)", "Sint-Jan [Gent]", "Sint-Jan {Gent}", "Sint-Jan_Gent_", "é"]
    stems = [fixlist.school_file_stem(s) for s in schools]
    assert len(set(stems)) == len(schools)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", s) for s in stems)


# --- item 9: output into a missing folder -----------------------------------------------


def test_out_into_a_missing_folder_is_exit_2(demo_store, tmp_path):
    out = tmp_path / "missing" / "fix.csv"
    result = CliRunner().invoke(
        main, ["--lang", "en", "fixlist", "--db", str(demo_store.path), "--out", str(out)]
    )
    assert result.exit_code == 2 and "does not exist" in result.output
    assert not out.parent.exists()


# --- item 5: sign-in fails closed -------------------------------------------------------


@pytest.fixture
def secrets_file(tmp_path, monkeypatch, demo_store):
    """A real secrets file read by the real app (Streamlit's own ``secrets.files`` option)."""
    from streamlit import config

    path = tmp_path / "secrets.toml"
    before = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(path)])
    monkeypatch.setenv("DQ_DB", str(demo_store.path))
    yield path
    config.set_option("secrets.files", before)


COMPLETE_AUTH = """[auth]
redirect_uri = "http://127.0.0.1:8501/oauth2callback"
cookie_secret = "a long random string for the test only"
client_id = "test"
client_secret = "test"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        ('[auth]\nredirect_uri = "http://x\n', "TOML"),  # one unclosed string
        ('[auth]\nclient_id = "x"\n', "client_secret"),  # incomplete
        ("[auth]\nredirect_uri = 'x'\ncookie_secret = 'y'\n[auth.microsoft]\n", "microsoft"),
        (COMPLETE_AUTH, "streamlit[auth]"),  # complete, but Authlib is missing
    ],
)
def test_a_broken_sign_in_shows_one_page_and_no_data(secrets_file, content, hint, monkeypatch):
    if hint == "streamlit[auth]":  # Authlib absent, as on a server set up without the extra
        monkeypatch.setitem(sys.modules, "authlib", None)
    secrets_file.write_text(content, encoding="utf-8")
    from dq import ui

    assert ui.is_admin() is False  # nobody is an admin of a broken set-up (mutation test M12)
    for lang in ("nl", "en"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state["lang"] = lang
        at.run()
        assert not at.exception
        assert at.title[0].value in {"Aanmelden is verkeerd ingesteld", "Sign-in is misconfigured"}
        assert hint in at.error[0].value
        assert not at.metric and not at.dataframe
        assert not [b for b in at.button if b.key == "signin"]
    direct = AppTest.from_file(str(ROOT / "pages" / "fixlists.py"), default_timeout=60).run()
    assert not direct.exception and not direct.dataframe and not direct.metric


def test_a_complete_sign_in_set_up_is_not_reported_as_broken(secrets_file, monkeypatch):
    from dq import ui

    secrets_file.write_text(COMPLETE_AUTH, encoding="utf-8")
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *a: object())
    assert ui.signin_problem() is None and ui.auth_configured()
    secrets_file.unlink()
    assert ui.signin_problem() is None and not ui.auth_configured()


def test_the_secrets_file_is_never_committed():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".streamlit/secrets.toml" in ignored


# --- items 4 and 7: server settings -----------------------------------------------------


def test_server_settings_limit_uploads_and_table_exports():
    from streamlit import config

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert 1 <= settings["server"]["maxUploadSize"] <= 100
    # toolbar "Download as CSV" would write =HYPERLINK(...) unneutralised: switched off
    assert settings["client"]["disableDataExport"] is True
    assert config.get_option("client.disableDataExport") is not None  # a real option here


# --- item 9: clear messages for a wrong --db and wrong policy types ---------------------


def _sqlite_file(path: Path) -> Path:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize("kind", ["text", "sqlite", "truncated", "empty"])
def test_a_db_that_is_not_a_store_is_named_so(demo_store, tmp_path, kind):
    db = tmp_path / f"{kind}.duckdb"
    if kind == "text":
        db.write_text("hello\n")
    elif kind == "sqlite":
        _sqlite_file(db)
    elif kind == "truncated":
        db.write_bytes(demo_store.path.read_bytes()[:6000])
    else:
        db.write_bytes(b"")
    before = db.read_bytes()
    runner = CliRunner()
    for args in (["snapshots"], ["metrics", "--json"], ["ingest", str(ROOT / "README.md")]):
        result = runner.invoke(main, ["--lang", "en", *args, "--db", str(db)])
        assert result.exit_code == 2, (args, result.output)
        assert "is not a Sleutelklaar database" in result.output, (args, result.output)
    assert db.read_bytes() == before
    assert not (Path.home() / ".duckdb" / "extensions").exists() or not any(
        p.name.startswith("sqlite") for p in (Path.home() / ".duckdb").rglob("*")
    )


def test_duckdb_never_loads_extensions_by_itself():
    from dq.store import connect

    con = connect()
    settings = con.execute(
        "SELECT current_setting('autoinstall_known_extensions'),"
        " current_setting('autoload_known_extensions')"
    ).fetchone()
    assert settings == (False, False)


@pytest.mark.parametrize(
    "text", ["thresholds = 1", "modules = 5", "groups = 'x'", "access = []", "columns = 2"]
)
def test_a_policy_section_of_the_wrong_type_is_exit_2_naming_the_key(tmp_path, text):
    policy = tmp_path / "policy.toml"
    policy.write_text(text + "\n")
    export = tmp_path / "users.csv"
    export.write_text("Gebruikersnaam;Rijksregisternummer\na;\n")
    result = CliRunner().invoke(
        main,
        ["--lang", "en", "ingest", "--db", str(tmp_path / "s.duckdb"), "--policy", str(policy)]
        + [str(export)],
    )
    key = text.split(" ")[0]
    assert result.exit_code == 2, result.output
    assert f"'{key}'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "s.duckdb").exists()
