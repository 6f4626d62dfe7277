"""Inactive accounts, the account type from groups, the BIS key list and webservice hints:
table-driven over one real ingest, then through `dq metrics --json` and `dq fixlist`."""

import json
import subprocess
import sys

import pytest
from conftest import write_csv

from dq.identifiers import build
from dq.ingest import ingest
from dq.policy import PolicyError, load_text
from dq.rules import IN_SCOPE, OUTSIDE, STATUS_IDS

HEADERS = [
    "Gebruikersnaam",
    "Naam",
    "Voornaam",
    "Rijksregisternummer",
    "BIS-nummer",
    "Groep",
    "Modules",
    "Type",
    "Contactpersoon",
    "Actief",
]
CONTACT_HEADERS = ["Contactpersoon-ID", "Naam", "Voornaam", "Organisatie", "Rijksregisternummer"]
CONTACT_NN = build(1970, 1, 2, 3)
BIS = build(1975, 6, 8, 980, kind="bis")


def user(username, last="Peeters", first="Jan", nn="", bis="", group="Leerkrachten",
         kind="Personeel", contact="", active="Ja"):  # fmt: skip
    return [username, last, first, nn, bis, group, "Leerlingen", kind, contact, active]


# (case, row, expected status, exactly the flags it gets)
CASES = [
    ("nee", user("a1@s.be", active="Nee"), "inactive", []),
    ("neen", user("a2@s.be", active="NEEN"), "inactive", []),
    ("inactief", user("a3@s.be", active="Inactief"), "inactive", []),
    ("geblokkeerd", user("a4@s.be", active="Geblokkeerd"), "inactive", []),
    ("non", user("a5@s.be", active="Non"), "inactive", []),
    ("inactif", user("a6@s.be", active="inactif"), "inactive", []),
    ("bloque-accent", user("a7@s.be", active="Bloqué"), "inactive", []),
    ("no", user("a8@s.be", active="No"), "inactive", []),
    ("blocked", user("a9@s.be", active="Blocked"), "inactive", []),
    ("zero", user("a10@s.be", active="0"), "inactive", []),
    ("false", user("a11@s.be", active="false"), "inactive", []),
    (
        "inactive-with-number",
        user("a12@s.be", nn=build(1980, 1, 1, 1), active="Nee"),
        "inactive",
        [],
    ),
    ("active-ja", user("b1@s.be", active="Ja"), "missing", []),
    ("active-empty", user("b2@s.be", active=""), "missing", []),
    ("webservice-inactive", user("webservices@s.be", "", "", active="Nee"), "exempt", []),
    ("clb-by-group", user("c1@s.be", group="CLB-medewerkers", kind=""), "external_unlinked", []),
    (
        "clb-group-accents",
        user("c2@s.be", group="Équipe ClB Gent", kind=""),
        "external_unlinked",
        [],
    ),
    ("type-column-wins", user("c3@s.be", group="CLB-medewerkers", kind="Personeel"), "missing", []),
    (
        "clb-by-group-linked",
        user("c4@s.be", "", "", group="CLB-medewerkers", kind="", contact="K1"),
        "ready",
        [],
    ),
    # a linked contact alone does not make a teacher external: no number of their own
    ("internal-linked", user("c5@s.be", kind="", contact="K1"), "missing", []),
    ("internal-typed-linked", user("c6@s.be", kind="Personeel", contact="K1"), "missing", []),
    ("bis", user("d1@s.be", "Dubois", "Marc", bis=BIS), "ready_bis", ["bis_key_activation"]),
    ("svc-underscore", user("svc_smartschool@s.be", "", ""), "missing", ["suspect_webservice"]),
    ("ws-underscore", user("ws_sync@s.be", "", ""), "missing", ["suspect_webservice"]),
    (
        "koppeldienst",
        user("e1@s.be", "Koppeldienst", "Smartschool"),
        "missing",
        ["suspect_webservice"],
    ),
    ("integratie", user("integratie-wisa@s.be", "", ""), "missing", ["suspect_webservice"]),
    ("wsanders", user("wsanders@s.be", "Sanders", "Willem"), "missing", []),
    ("wouters", user("f1@s.be", "Wouters", "Wim"), "missing", []),
]


def _ingest(store, folder, policy=None):
    users = write_csv(folder / "users.csv", [row for _, row, *_ in CASES], headers=HEADERS)
    contacts = write_csv(
        folder / "contacts.csv",
        [["K1", "Fonteyn", "Fien", "CLB GO! Gent", CONTACT_NN]],
        headers=CONTACT_HEADERS,
    )
    ingest(store, [users, contacts], as_of="2026-11-27", school="1", policy=policy)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from dq.store import Store

    folder = tmp_path_factory.mktemp("accounts")
    return _ingest(Store(folder / "store.duckdb"), folder)


@pytest.fixture(scope="module")
def judged(store):
    return store.accounts().set_index("username")


@pytest.mark.parametrize(("case", "row", "status", "flags"), CASES, ids=[c[0] for c in CASES])
def test_account_case(judged, case, row, status, flags):
    got = judged.loc[row[0]]
    assert got["status"] == status
    assert sorted(got["flags"]) == sorted(flags), got["flags"]


def test_inactive_is_outside_readiness_like_exempt():
    assert "inactive" in OUTSIDE and "inactive" not in IN_SCOPE
    assert STATUS_IDS.index("inactive") == STATUS_IDS.index("exempt") + 1


def dq(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "dq", *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_metrics_json_counts_inactive_in_every_block(store, judged):
    """Every count block holds one count per status of rules.toml (so `inactive` too), and
    readiness leaves inactive accounts out of the denominator."""
    metrics = json.loads(dq("metrics", "--db", str(store.path), "--json"))
    blocks = [metrics["totals"], *metrics["by_module"].values(), *metrics["by_school"].values()]
    for block in blocks:
        assert set(STATUS_IDS) <= set(block), block
    totals = metrics["totals"]
    statuses = judged["status"].value_counts()
    assert totals["inactive"] == statuses["inactive"] == 12
    in_scope = sum(n for s, n in statuses.items() if s in IN_SCOPE)
    assert totals["in_scope"] == in_scope
    assert totals["readiness"] == pytest.approx(
        (statuses["ready"] + statuses["ready_bis"]) / in_scope
    )


def test_fix_lists_inactive_and_bis_have_their_own_list(store):
    db = str(store.path)
    default = dq("--lang", "en", "fixlist", "--codes", "--db", db, "--out", "-")
    assert "a1@s.be" not in default and "d1@s.be" not in default  # nothing to fix
    assert "b1@s.be" in default
    inactive = dq(
        "--lang", "en", "fixlist", "--codes", "--db", db, "--status", "inactive", "--out", "-"
    )
    lines = inactive.strip().splitlines()[1:]
    assert len(lines) == 12 and all(";inactive;" in line for line in lines)
    assert "Clean up the account" in inactive
    bis = dq(
        "--lang",
        "en",
        "fixlist",
        "--codes",
        "--db",
        db,
        "--flag",
        "bis_key_activation",
        "--out",
        "-",
    )
    assert [line.split(";")[1] for line in bis.strip().splitlines()[1:]] == ["d1@s.be"]
    assert "activate their digital key" in bis


def test_count_inactive_judges_them_like_any_account(fresh_store, tmp_path):
    policy = load_text("[readiness]\ncount_inactive = true\n")
    judged = _ingest(fresh_store, tmp_path, policy).accounts().set_index("username")
    assert "inactive" not in set(judged["status"])
    assert judged.loc["a1@s.be", "status"] == "missing"
    assert judged.loc["a12@s.be", "status"] == "ready"


def test_policy_values_decide_what_is_inactive(fresh_store, tmp_path):
    policy = load_text('[readiness]\ninactive_values = ["uit dienst"]\n')
    rows = [user("x@s.be", active="Uit dienst"), user("y@s.be", active="Nee")]
    export = write_csv(tmp_path / "users.csv", rows, headers=HEADERS)
    ingest(fresh_store, [export], as_of="2026-11-27", school="1", policy=policy)
    judged = fresh_store.accounts().set_index("username")
    assert judged["status"].to_dict() == {"x@s.be": "inactive", "y@s.be": "missing"}


def test_account_types_from_the_policys_group_patterns(fresh_store, tmp_path):
    policy = load_text('[account_types]\nexternal = ["*begeleiding*"]\n')
    rows = [user("x@s.be", group="Begeleiding", kind=""), user("y@s.be", group="CLB", kind="")]
    export = write_csv(tmp_path / "users.csv", rows, headers=HEADERS)
    ingest(fresh_store, [export], as_of="2026-11-27", school="1", policy=policy)
    judged = fresh_store.accounts().set_index("username")
    assert judged["status"].to_dict() == {"x@s.be": "external_unlinked", "y@s.be": "missing"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[account_types]\nclb = ["*clb*"]', "account_types.clb"),
        ('[account_types]\nexternal = "*clb*"', "account_types.external"),
        ('[readiness]\ncount_inactive = "ja"', "readiness.count_inactive"),
        ("[readiness]\ninactive_values = 0", "readiness.inactive_values"),
        ("[readiness]\ncount_inactieve = true", "readiness.count_inactieve"),
    ],
)
def test_bad_policy_values_name_the_key(text, key):
    with pytest.raises(PolicyError) as error:
        load_text(text)
    assert error.value.key == key
