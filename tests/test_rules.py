"""The readiness rules, table-driven: one row per status/flag case, with every precedence edge."""

import pandas as pd
import pytest
from conftest import write_csv

from dq.i18n import LANGUAGES
from dq.identifiers import build
from dq.ingest import ingest
from dq.policy import load_text
from dq.rules import FLAGS, STATUSES, action_text

NN = build(1980, 3, 4, 5)
NN2 = build(1981, 5, 6, 7)
BIS = build(1975, 6, 8, 980, kind="bis")
CONTACT_NN = build(1970, 1, 2, 3)

USER_HEADERS = [
    "Gebruikersnaam",
    "Naam",
    "Voornaam",
    "Rijksregisternummer",
    "BIS-nummer",
    "Groep",
    "Modules",
    "Type",
    "Contactpersoon",
    "Laatste aanmelding",
    "Geboortedatum",
]
CONTACT_HEADERS = [
    "Contactpersoon-ID",
    "Naam",
    "Voornaam",
    "Organisatie",
    "Rijksregisternummer",
    "Gekoppelde gebruikersnaam",
]


def user(
    username,
    last="Peeters",
    first="Jan",
    nn="",
    bis="",
    group="Leerkrachten",
    modules="Leerlingen",
    kind="Personeel",
    contact="",
    login="20/11/2026",
    birth="",
):
    return [username, last, first, nn, bis, group, modules, kind, contact, login, birth]


# (username, row, expected status, expected reason, exactly the flags it gets)
CASES = [
    ("ws@1", user("webservices@s.be", "", ""), "exempt", None, []),
    ("ws-with-number", user("WebServices@t.be", nn=NN2), "exempt", None, []),
    ("not-required", user("agenda@s.be", modules="Agenda"), "not_required", None, []),
    ("missing", user("a@s.be"), "missing", "missing", []),
    (
        "invalid",
        user("b@s.be", nn=NN[:-1] + str((int(NN[-1]) + 1) % 10)),
        "invalid",
        "checksum",
        [],
    ),
    (
        "ready",
        user("c@s.be", "Claes", "Ann", nn=BIS.replace(BIS, build(1990, 1, 1, 1))),
        "ready",
        None,
        [],
    ),
    (
        "ready-bis",
        user("d@s.be", "Dubois", "Marc", bis=BIS),
        "ready_bis",
        None,
        ["bis_key_activation"],
    ),
    (
        "external-unlinked",
        user("e@clb.be", "Maes", "Els", kind="Extern"),
        "external_unlinked",
        "missing",
        [],
    ),
    (
        "external-own-invalid-contact-valid",
        user("f@clb.be", "", "", nn="123", kind="Extern", contact="C1"),
        "ready",
        None,
        [],
    ),
    (
        "external-only-invalid",
        user("g@clb.be", "Goos", "Gert", nn="456", kind="Extern"),
        "invalid",
        "length",
        [],
    ),
    ("conflict-1", user("h@s.be", "Hermans", "Hilde", nn=NN), "conflict", None, []),
    ("conflict-2", user("i@s.be", "Iwens", "Ivo", nn=NN), "conflict", None, []),
    (
        "same-person-1",
        user("j@s.be", "Van den Broeck", "Jo-Ann", nn=NN2),
        "ready",
        None,
        ["same_person_multiple_accounts"],
    ),
    (
        "same-person-2",
        user("j2@s.be", "van den broeck", "JoAnn", nn=NN2),
        "ready",
        None,
        ["same_person_multiple_accounts"],
    ),
    (
        "unknown-module",
        user("k@s.be", "Kok", "Kim", nn=build(1991, 2, 2, 2), group="Onbekend", modules=""),
        "ready",
        None,
        ["unknown_module"],
    ),
    (
        "group-glob",
        user(
            "l@s.be",
            "Lens",
            "Lien",
            nn=build(1992, 3, 3, 3),
            group="Boekhouding campus",
            modules="",
        ),
        "ready",
        None,
        [],
    ),
    ("suspect", user("api.sync@s.be", "", "", nn=""), "missing", "missing", ["suspect_webservice"]),
    (
        "stale",
        user("m@s.be", "Mol", "Mia", nn=build(1993, 4, 4, 4), login="01/01/2024"),
        "ready",
        None,
        ["stale"],
    ),
    (
        "never-logged-in",
        user("n@s.be", "Nys", "Noor", nn=build(1994, 5, 5, 5), login=""),
        "ready",
        None,
        ["stale"],
    ),
    (
        "birthdate",
        user("o@s.be", "Oris", "Olaf", nn=build(1995, 6, 6, 6), birth="07/06/1995"),
        "ready",
        None,
        ["birthdate_mismatch"],
    ),
    (
        "disagree",
        user("p@s.be", "Pauwels", "Piet", nn=build(1996, 7, 7, 7), bis=BIS),
        "ready",
        None,
        ["numbers_disagree"],
    ),
    (
        "excel-zero",
        user("q@s.be", "Quint", "Quinn", nn=build(2003, 4, 5, 2)[1:]),
        "ready",
        None,
        ["leading_zero_restored"],
    ),
]


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    from dq.store import Store

    folder = tmp_path_factory.mktemp("rules")
    store = Store(folder / "rules.duckdb")
    users = write_csv(folder / "users.csv", [row for _, row, *_ in CASES], headers=USER_HEADERS)
    contacts = write_csv(
        folder / "contacts.csv",
        [["C1", "Fonteyn", "Fien", "CLB GO! Gent", CONTACT_NN, ""]],
        headers=CONTACT_HEADERS,
    )
    policy = load_text(
        '[groups]\n"*boekhoud*" = ["irekeningen"]\n[thresholds]\nstale_days = 365\n'
        '[modules.agenda]\nlabel = "Agenda"\nrequires_2fa = false\n'
    )
    ingest(store, [users, contacts], as_of="2026-11-27", school="1", policy=policy)
    return store.accounts().set_index("username")


@pytest.mark.parametrize(
    ("case", "row", "status", "reason", "flags"), CASES, ids=[c[0] for c in CASES]
)
def test_rule_case(judged, case, row, status, reason, flags):
    got = judged.loc[row[0]]
    assert got["status"] == status
    assert (None if pd.isna(got["reason"]) else got["reason"]) == reason
    assert sorted(got["flags"]) == sorted(flags), got["flags"]


def test_group_glob_gives_the_mapped_module(judged):
    assert list(judged.loc["l@s.be", "modules"]) == ["irekeningen"]


def test_external_account_uses_its_linked_contacts_number(judged):
    assert judged.loc["f@clb.be", "number_source"] == "contact"


def test_every_status_and_flag_has_meaning_and_action_in_both_languages():
    for rule in (*STATUSES, *FLAGS):
        for lang in LANGUAGES:
            assert rule.meaning[lang].strip() and rule.action[lang].strip(), rule.id
    assert "vlaanderen.be" in action_text("ready_bis", ["bis_key_activation"], "nl")
    assert "Beheren van contactpersonen" in action_text("external_unlinked", [], "nl")
    assert "webservices@" in action_text("missing", ["suspect_webservice"], "en")


def test_a_new_status_is_one_block_in_rules_toml(tmp_path):
    """Adding a status touches rules.toml only: a copy with one more block (read through
    DQ_RULES) is judged, stored, counted in `dq metrics --json` and listed in the fix list."""
    import json
    import os
    import subprocess
    import sys
    from importlib import resources

    text = resources.files("dq").joinpath("rules.toml").read_text(encoding="utf-8")
    block = """[[status]]
id = "unknown_modules_only"
when = "has_unknown_module AND number_valid AND len(modules) > 0"
failing = true
in_scope = true
label.nl = "Enkel onbekende modules"
label.en = "Only unknown modules"
meaning.nl = "Een geldig nummer, maar geen enkele module is gekend."
meaning.en = "A valid number, but none of the modules is known."
action.nl = "Koppel de modules in het beleid."
action.en = "Map the modules in the policy."

"""
    first_ready = text.index('[[status]]\nid = "ready_bis"')
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text(text[:first_ready] + block + text[first_ready:], encoding="utf-8")
    export = write_csv(
        tmp_path / "gebruikers.csv",
        [
            ["odd@s.be", "Odd", "Ann", NN, "", "G", "Iets Onbekends", "", "", "", ""],
            ["fine@s.be", "Fine", "Bo", NN2, "", "G", "Leerlingen", "", "", "", ""],
        ],
        headers=USER_HEADERS,
    )
    env = {**os.environ, "DQ_RULES": str(rules_file)}
    db = str(tmp_path / "store.duckdb")

    def dq(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "dq", *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    dq("ingest", "--db", db, "--as-of", "2026-11-20", str(export))
    totals = json.loads(dq("metrics", "--db", db, "--json"))["totals"]
    assert totals["unknown_modules_only"] == 1 and totals["ready"] == 1
    assert totals["in_scope"] == 2 and totals["readiness"] == 0.5
    fixlist = dq("--lang", "en", "fixlist", "--codes", "--db", db, "--out", "-")
    assert "odd@s.be" in fixlist and "unknown_modules_only" in fixlist
    assert "Map the modules in the policy." in fixlist and "fine@s.be" not in fixlist
    # without the copy, the same account is simply ready: the block alone made the status
    env.pop("DQ_RULES")
    dq("ingest", "--db", str(tmp_path / "plain.duckdb"), "--as-of", "2026-11-20", str(export))
    plain = json.loads(dq("metrics", "--db", str(tmp_path / "plain.duckdb"), "--json"))
    assert "unknown_modules_only" not in plain["totals"] and plain["totals"]["ready"] == 2


def test_an_account_judged_on_its_contact_shows_that_number(tmp_path):
    """account_status keeps the judged number: an external account judged on its linked
    contact's number shows the contact's kind, check digits, reason and masked value."""
    from dq.store import Store

    store = Store(tmp_path / "store.duckdb")
    users = write_csv(
        tmp_path / "users.csv",
        [
            user("x@clb.be", "", "", nn="", kind="Extern", contact="C1"),
            user("y@clb.be", "", "", nn="", kind="Extern", contact="C2"),
        ],
        headers=USER_HEADERS,
    )
    wrong = NN2[:-1] + str((int(NN2[-1]) + 1) % 10)
    contacts = write_csv(
        tmp_path / "contacts.csv",
        [
            ["C1", "Fonteyn", "Fien", "CLB", CONTACT_NN, ""],
            ["C2", "Geerts", "Gil", "CLB", wrong, ""],
        ],
        headers=CONTACT_HEADERS,
    )
    ingest(store, [users, contacts], as_of="2026-11-27", school="1")
    accounts = store.accounts().set_index("username")
    assert accounts.loc["x@clb.be", "number_source"] == "contact"
    assert accounts.loc["x@clb.be", "number_kind"] == "nn"
    assert accounts.loc["x@clb.be", "check_digits"] == CONTACT_NN[-2:]
    assert accounts.loc["y@clb.be", ["status", "reason"]].tolist() == ["invalid", "checksum"]
    fix = store.fixlist(full_values=False).set_index("username")
    assert fix.loc["y@clb.be", "entered_value"] == "••.••.••-•••." + wrong[-2:]
    assert (
        store.fixlist(full_values=True).set_index("username").loc["y@clb.be", "entered_value"]
        == wrong
    )
