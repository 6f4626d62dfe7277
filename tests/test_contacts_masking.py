"""Numbers typed into the contacts file's id and linked-username cells (outside tester t35):
two ids that mask alike crashed the ingest on the store's key, and a number split over two
linked usernames by a separator inside it was stored in clear, in pieces."""

import duckdb
from conftest import leaked, write_csv

from dq.identifiers import build
from dq.ingest import ingest

USERS = ["Instellingsnummer", "Gebruikersnaam", "Naam", "Voornaam", "Rijksregisternummer",
         "Groep", "Modules", "Type", "Contactpersoon"]  # fmt: skip
CONTACTS = ["Contactpersoon-ID", "Naam", "Voornaam", "Organisatie", "Rijksregisternummer",
            "Gekoppelde gebruikersnaam"]  # fmt: skip
# two numbers with the same check digits: masked, they look alike
ID_A, ID_B = build(1980, 5, 5, 1), build(1980, 5, 5, 98)
NN_A, NN_B, NN_OWN = build(1971, 2, 2, 2), build(1972, 3, 3, 3), build(1970, 1, 1, 1)


def _stored_text(path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return "\n".join(
            str(row)
            for table in ("accounts", "contacts", "account_status")
            for row in con.execute(f"SELECT * FROM {table}").fetchall()
        )
    finally:
        con.close()


def test_contact_ids_holding_numbers_stay_apart_and_still_link(fresh_store, tmp_path):
    assert ID_A[-2:] == ID_B[-2:]
    users = write_csv(
        tmp_path / "gebruikers_2026-12-04.csv",
        [
            ["012345", "own@s.be", "Eigen", "Nummer", NN_OWN, "Leerkrachten", "Leerlingen",
             "Personeel", ""],
            ["012345", "clb.a@clb.be", "Aerts", "An", "", "CLB", "Leerlingen", "Extern", ID_A],
            ["012345", "clb.b@clb.be", "Bos", "Bo", "", "CLB", "Leerlingen", "Extern", ID_B],
        ],
        headers=USERS,
    )  # fmt: skip
    contacts = write_csv(
        tmp_path / "contacten_2026-12-04.csv",
        [[ID_A, "Aerts", "An", "CLB", NN_A, ""], [ID_B, "Bos", "Bo", "CLB", "", ""]],
        headers=CONTACTS,
    )
    ingest(fresh_store, [users, contacts], as_of="2026-12-04")
    assert not leaked({ID_A, ID_B, NN_A, NN_B, NN_OWN}, _stored_text(fresh_store.path))
    stored = fresh_store.sql("SELECT contact_id, number_valid FROM contacts ORDER BY 2")
    assert len(set(stored.contact_id)) == 2  # masked, each with its own keyed tag
    assert all(" #" in c for c in stored.contact_id)
    accounts = fresh_store.accounts().set_index("username")
    # each external account is judged on its own contact's number: linked through the
    # masked id, not mixed up with the other
    assert accounts.loc["clb.a@clb.be", "status"] == "ready"
    assert accounts.loc["clb.b@clb.be", "status"] != "ready"
    # a number typed into the contact-id cell flags the account, not the others
    flagged = {u: "number_in_text" in f for u, f in accounts["flags"].items()}
    assert flagged == {"clb.a@clb.be": True, "clb.b@clb.be": True, "own@s.be": False}


def test_a_number_split_over_linked_usernames_is_masked(fresh_store, tmp_path):
    n1, n2, n3 = build(1985, 7, 30, 33), build(1973, 2, 14, 113), build(1990, 1, 2, 44)
    users = write_csv(
        tmp_path / "gebruikers_2026-12-04.csv",
        [["012345", "u1", "A", "B", NN_OWN, "G", "Leerlingen", "", ""]],
        headers=USERS,
    )
    contacts = write_csv(
        tmp_path / "contacten_2026-12-04.csv",
        [
            ["C1", "X", "Y", "CLB", NN_A, f"{n1[:6]}\r\n{n1[6:]}"],
            ["C2", "X", "Y", "CLB", NN_B, f"{n2[:6]},{n2[6:]}"],
            ["C3", "X", "Y", "CLB", NN_A, f"{n3[:6]}; {n3[6:]}"],
            ["C4", "X", "Y", "CLB", NN_B, "u1"],
        ],
        headers=CONTACTS,
    )
    ingest(fresh_store, [users, contacts], as_of="2026-12-04")
    text = _stored_text(fresh_store.path)
    assert not leaked({n1, n2, n3, NN_A, NN_B, NN_OWN}, text)
    for number in (n1, n2, n3):
        assert number[:6] not in text and number[6:] not in text
    flags = fresh_store.sql("SELECT contact_id, number_flags FROM contacts ORDER BY 1")
    assert [("number_in_text" in f) for f in flags.number_flags] == [True, True, True, False]
    linked = fresh_store.sql("SELECT usernames FROM contacts WHERE contact_id = 'C4'")
    assert list(linked.usernames[0]) == ["u1"]


def test_a_linked_username_with_spaces_around_it_links(fresh_store, tmp_path):
    """Outside tester t36: "  ext.ten@clb.be " in the contacts file linked to nothing."""
    users = write_csv(
        tmp_path / "gebruikers_2026-12-04.csv",
        [["012345", "ext.ten@clb.be", "Tien", "Ex", "", "CLB", "Leerlingen", "Extern", ""]],
        headers=USERS,
    )
    contacts = write_csv(
        tmp_path / "contacten_2026-12-04.csv",
        [["C10", "Tien", "Ex", "CLB", NN_A, "  Ext.Ten@clb.be "]],
        headers=CONTACTS,
    )
    ingest(fresh_store, [users, contacts], as_of="2026-12-04")
    assert fresh_store.accounts().set_index("username").loc["ext.ten@clb.be", "status"] == "ready"


def test_a_contact_id_links_without_case(fresh_store, tmp_path):
    """The contact id on the account is typed by hand: CLB-0042 is clb-0042 (older list of
    what was left: ids were compared with case, and the account stayed unlinked)."""
    users = write_csv(
        tmp_path / "gebruikers_2026-12-04.csv",
        [["012345", "ext.a@clb.be", "Aerts", "An", "", "CLB", "Leerlingen", "Extern", "clb-0042"],
         ["012345", "ext.b@clb.be", "Bos", "Bo", "", "CLB", "Leerlingen", "Extern", "CLB-0043"],
         # an id that holds a number: masked, and its keyed tag taken without case
         ["012345", "ext.c@clb.be", "Cas", "Co", "", "CLB", "Leerlingen", "Extern",
          f"CLB-{ID_A}"]],
        headers=USERS,
    )  # fmt: skip
    contacts = write_csv(
        tmp_path / "contacten_2026-12-04.csv",
        [
            ["CLB-0042", "Aerts", "An", "CLB", NN_A, ""],
            ["clb-0044", "Bos", "Bo", "CLB", NN_B, ""],
            [f"clb-{ID_A}", "Cas", "Co", "CLB", NN_OWN, ""],
        ],
        headers=CONTACTS,
    )
    ingest(fresh_store, [users, contacts], as_of="2026-12-04")
    status = fresh_store.accounts().set_index("username")["status"].to_dict()
    assert status == {
        "ext.a@clb.be": "ready",
        "ext.b@clb.be": "external_unlinked",
        "ext.c@clb.be": "ready",
    }
    assert not leaked({ID_A}, _stored_text(fresh_store.path))
