"""A list is shown with its items joined by ', ' (pages, fix lists, reports). Items that each
hold no number may together show one: a group '790909' on one row of an account and '90265'
on the other are shown as '790909, 90265', which is a number to the redaction. Found by the
ingest tester of the ninth pass: stored in clear, in one row order only masked, no flag.
Likewise a module label with a number in two pieces ('Groep 790909    90265': no number by
README step 6, long white space ends a number) became the slug 'groep-790909-90265', one."""

import duckdb
import pytest
from conftest import write_csv

from dq import fixlist
from dq.identifiers import build, redact
from dq.ingest import ingest

USERS = ["Instellingsnummer", "Gebruikersnaam", "Naam", "Voornaam", "Rijksregisternummer",
         "Groep", "Modules", "Type", "Contactpersoon"]  # fmt: skip
CONTACTS = ["Contactpersoon-ID", "Naam", "Voornaam", "Organisatie", "Rijksregisternummer",
            "Gekoppelde gebruikersnaam"]  # fmt: skip


def _split_number(year: int) -> tuple[str, str]:
    """A valid number cut into a head of six digits and a tail of five that sort in that
    order, so the sorted list joined shows the number (and each piece alone is none)."""
    for serial in range(1, 997, 2):
        number = build(year, 9, 9, serial)
        if number[:6] < number[6:]:
            return number[:6], number[6:]
    raise AssertionError("no such number")


HEAD, TAIL = _split_number(1979)
NUMBER = HEAD + TAIL
OWN = build(1970, 1, 1, 1)
# Excel's ten digits of a number with a leading zero: a number as a whole value only
TEN = build(2005, 3, 4, 9)[1:]
# a number whose pieces sort the other way: shown as 'LATE, EARLY', no number
EARLY, LATE = next(
    (n[6:], n[:6]) for s in range(1, 997, 2) if (n := build(1985, 7, 30, s))[6:] < n[:6]
)
assert redact(f"{HEAD}, {TAIL}") != f"{HEAD}, {TAIL}"
assert redact(HEAD) == HEAD and redact(TAIL) == TAIL


def _user(name, group="Leerkrachten", modules="Leerlingen", kind="Personeel", contact="", nn=OWN):
    return ["012345", name, "Peeters", "Jan", nn, group, modules, kind, contact]


ROWS = [
    # the two pieces of one group list, in both row orders
    _user("g-head-first", group=HEAD),
    _user("g-head-first", group=TAIL),
    _user("g-tail-first", group=TAIL),
    _user("g-tail-first", group=HEAD),
    # a group list no pattern maps: also the unmapped groups the reports name
    _user("g-one-row", group=f"{HEAD};{TAIL}", modules=""),
    # a module label with the number in two pieces, long white space between
    _user("m-slug", modules=f"Groep {HEAD}    {TAIL}"),
    # two contact ids, on two rows
    _user("c-ids", contact=TAIL, kind="Extern", nn=""),
    _user("c-ids", contact=HEAD, kind="Extern", nn=""),
    # a group that is a number as a whole value, beside another group (outside tester of
    # 4421ff1: flagged, but kept in clear)
    _user("g-whole-value", group=TEN),
    _user("g-whole-value", group="Leerkrachten"),
    # the pieces of a number on two rows, in both orders: shown sorted, no number, no flag
    _user("g-order-a", group=LATE),
    _user("g-order-a", group=EARLY),
    _user("g-order-b", group=EARLY),
    _user("g-order-b", group=LATE),
    # a contact id that is a number as a whole value, beside another id
    _user("c-whole-value", contact=TEN, kind="Extern", nn=""),
    _user("c-whole-value", contact="K1", kind="Extern", nn=""),
    # the unmapped groups (HEAD and the full-width TAIL, 'Leerkrachten' maps) would be a
    # number, but a modules column makes them unused: nothing masked, no flag (round 2)
    _user("g-unmapped-unused", group=HEAD, modules="Leerlingen"),
    _user("g-unmapped-unused", group="Leerkrachten", modules="Leerlingen"),
    _user(
        "g-unmapped-unused",
        group=TAIL.translate({48 + d: 0xFF10 + d for d in range(10)}),
        modules="Leerlingen",
    ),
    # a plain account: nothing flagged, nothing masked
    _user("plain", group="Klas 6B"),
]
# a contact person linked to two usernames on two rows; one linked to a username that is a
# number as a whole value, beside another
CONTACT_ROWS = [["K1", "Aerts", "An", "CLB", build(1971, 2, 2, 2), HEAD],
                ["K1", "Aerts", "An", "CLB", build(1971, 2, 2, 2), TAIL],
                ["K2", "Bos", "Bo", "CLB", build(1972, 2, 2, 2), f"{TEN}, plain"]]  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from dq.store import Store

    folder = tmp_path_factory.mktemp("shown")
    users = write_csv(folder / "gebruikers.csv", ROWS, headers=USERS)
    contacts = write_csv(folder / "contacten.csv", CONTACT_ROWS, headers=CONTACTS)
    store = Store(folder / "store.duckdb")
    ingest(store, [users, contacts], as_of="2026-11-27")
    return store


def _shown(value) -> str:
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        return ", ".join(map(str, list(value)))
    return "" if value is None else str(value)


def _numbers_shown(texts) -> list[str]:
    return [t for t in texts if redact(t) != t]


def test_no_list_column_shows_a_number(store):
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        texts = []
        for table in ("accounts", "contacts", "account_status"):
            cursor = con.execute(f"SELECT * FROM {table}")
            texts += [_shown(v) for row in cursor.fetchall() for v in row]
    finally:
        con.close()
    assert not _numbers_shown(texts)
    assert TEN not in "".join(texts)
    assert NUMBER not in "".join(texts).replace(", ", "").replace("-", "")


@pytest.mark.parametrize(
    "username", ["g-head-first", "g-tail-first", "g-one-row", "m-slug", "c-ids", "g-whole-value",
                 "c-whole-value"]
)  # fmt: skip
def test_the_account_is_flagged_in_either_row_order(store, username):
    accounts = store.accounts().set_index("username")
    assert "number_in_text" in list(accounts.loc[username, "flags"])
    assert "number_in_text" not in list(accounts.loc["plain", "flags"])
    assert list(accounts.loc["plain", "groups"]) == ["Klas 6B"]


def test_both_row_orders_are_stored_alike(store):
    accounts = store.accounts().set_index("username")
    assert list(accounts.loc["g-head-first", "groups"]) == list(
        accounts.loc["g-tail-first", "groups"]
    )
    assert list(accounts.loc["g-head-first", "groups"]) == [redact(f"{HEAD}, {TAIL}")]


def test_no_flag_without_a_masked_value(store):
    accounts = store.accounts().set_index("username")
    assert "number_in_text" not in list(accounts.loc["g-unmapped-unused", "flags"])
    assert not any("•" in g for g in accounts.loc["g-unmapped-unused", "groups"])


def test_the_row_order_changes_nothing(store):
    accounts = store.accounts().set_index("username")
    for column in ("groups", "flags"):
        assert list(accounts.loc["g-order-a", column]) == list(accounts.loc["g-order-b", column])
    assert list(accounts.loc["g-order-a", "groups"]) == [EARLY, LATE]
    assert "number_in_text" not in list(accounts.loc["g-order-a", "flags"])


def test_the_contacts_are_flagged_and_their_usernames_masked(store):
    contacts = store.sql("SELECT usernames, number_flags FROM contacts ORDER BY contact_id")
    for flags, usernames in zip(contacts.number_flags, contacts.usernames, strict=True):
        assert "number_in_text" in list(flags)
        assert not _numbers_shown([_shown(usernames), *usernames])


def test_the_fix_list_shows_no_number(store):
    frame = store.fixlist(full_values=True)
    assert {"g-head-first", "g-tail-first", "m-slug", "c-ids"} <= set(frame["username"])
    for fmt in ("csv", "xlsx"):
        data = fixlist.export(frame, fmt, lang="nl")
        if fmt == "csv":
            cells = data.decode("utf-8-sig").replace("\r", "").replace("\n", ";").split(";")
            assert not _numbers_shown(cells)
        assert HEAD.encode() + b", " + TAIL.encode() not in data
