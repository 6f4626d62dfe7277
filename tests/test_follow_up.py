"""Follow-up: marks judged by the next export, nudges (.eml files and a real local SMTP server),
the board report (opened offline in Chromium and printed to PDF), and no number in any of them."""

import datetime
import email
import email.policy
import json
import re
import shutil
import time

import pytest
from click.testing import CliRunner
from conftest import input_numbers, leaked, write_csv

from dq import fixlist, marks, notify, report
from dq.cli import main
from dq.identifiers import build
from dq.ingest import ingest
from dq.policy import PolicyError
from dq.store import Store

HEADERS = ["Instellingsnummer", "Gebruikersnaam", "Naam", "Voornaam", "E-mail", "Rijksregisternummer", "Modules"]  # fmt: skip
BIS = build(1985, 3, 4, 5, kind="bis")
WEEK_1 = [
    ["A", "a1", "Aerts", "An", "an@a.be", build(1980, 1, 1, 1), "Leerlingen"],
    ["A", "a2", "Baert", "Bo", "bo@a.be", "", "Leerlingen"],
    ["A", "a3", "Claes", "Cas", "cas@a.be", "", "Leerlingen"],
    ["A", "a4", "Dhont", "Dirk", "", "123", "Personeel"],
    ["B", "b1", "Eyckmans", "Eva", "eva@b.be", "", "Leerlingen"],
    ["B", "b2", "Fontaine", "Fleur", "fleur@b.be", BIS, "Leerlingen"],
    ["B", "b3", "Goossens", "Gert", "", "", "Leerlingen"],  # on the fix list, never marked
]
WEEK_2 = [
    ["A", "a1", "Aerts", "An", "an@a.be", build(1980, 1, 1, 1), "Leerlingen"],
    ["A", "a2", "Baert", "Bo", "bo@a.be", build(1981, 2, 2, 2), "Leerlingen"],
    *WEEK_1[2:],
]
POLICY = """
[schools.A]
contact = "secretariaat@a.be"
name = "Basisschool A"
[schools.B]
contact = "secretariaat@b.be"
name = "Atheneum B"
[notify]
renotify_days = 7
"""


def _at(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, 10, 0)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Two weekly exports of two schools, then the policy with the schools' contacts."""
    folder = tmp_path_factory.mktemp("follow_up")
    store = Store(folder / "template.duckdb")
    ingest(store, [write_csv(folder / "w1.csv", WEEK_1, HEADERS)], as_of="2026-11-13")
    ingest(store, [write_csv(folder / "w2.csv", WEEK_2, HEADERS)], as_of="2026-11-20")
    store.set_policy(POLICY)
    numbers = input_numbers([folder / "w1.csv", folder / "w2.csv"])
    assert BIS in numbers and len(numbers) == 3
    return store, numbers


@pytest.fixture
def store(built, tmp_path):
    """A copy of the built store for one test (marks write to it)."""
    copy = tmp_path / "store.duckdb"
    shutil.copy(built[0].path, copy)
    return Store(copy)


@pytest.fixture
def marked(store):
    """Marks before the second export (judged by it) and one after (waiting)."""
    marks.mark(store, "A", "a2", "corrected", at=_at(14), by="beheer@a.be")
    marks.mark(store, "A", "a3", "corrected", note="kaart gezien", at=_at(14))
    marks.mark(store, "A", "a4", "notified", at=_at(14))
    marks.mark(store, "B", "b1", "corrected", at=_at(25))
    return store


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_marks_are_judged_by_the_next_export(marked):
    judged = {r.username: r.judgement for r in marks.marks(marked).itertuples()}
    assert judged == {"a2": "confirmed", "a3": "reopened", "a4": "waiting", "b1": "waiting"}
    progress = marks.progress(marked).set_index("school_id")
    assert progress.loc["A", ["waiting", "confirmed", "reopened", "total"]].tolist() == [1, 1, 1, 3]
    assert progress.loc["B", ["waiting", "confirmed", "reopened"]].tolist() == [1, 0, 0]
    who = marks.marks(marked).set_index("username")["marked_by"]
    assert who["a2"] == "beheer@a.be" and who["a3"] not in ("", None)


def test_a_mark_never_changes_a_status_and_survives_the_next_export(marked, tmp_path):
    before = marked.accounts(status=None)[["username", "status"]].values.tolist()
    marks.mark(marked, "A", "a3", "corrected", at=_at(26))
    assert marked.accounts()[["username", "status"]].values.tolist() == before
    week_3 = [row[:5] + [build(1982, 3, 3, 3) if row[1] == "a3" else row[5]] + row[6:] for row in WEEK_2]  # fmt: skip
    ingest(marked, [write_csv(tmp_path / "w3.csv", week_3, HEADERS)], as_of="2026-11-27")
    judged = {r.username: r.judgement for r in marks.marks(marked, latest_only=True).itertuples()}
    assert judged["a3"] == "confirmed" and judged["b1"] == "reopened"
    assert len(marks.marks(marked)) == 5  # the older marks are kept


def test_a_store_without_marks_reads_empty_and_gets_the_table_on_the_first_mark(store):
    assert marks.marks(store).empty and marks.progress(store).empty
    assert (
        store.sql("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'marks'").n[0] == 0
    )
    marks.mark(store, "A", "a3", "notified")
    assert store.sql("SELECT count(*) AS n FROM marks").n[0] == 1


def test_cli_marks_lists_undoes_and_refuses_bad_input(store):
    done = run("mark", "--db", store.path, "--school", "A", "--username", "A3", "--as", "corrected")
    assert done.exit_code == 0, done.output
    listed = [json.loads(line) for line in run("marks", "--db", store.path, "--json").output.splitlines()]  # fmt: skip
    assert [(m["school_id"], m["username"], m["judgement"]) for m in listed] == [
        ("A", "A3", "waiting")
    ]
    summary = run("marks", "--db", store.path, "--summary", "--json").output
    assert json.loads(summary) == {"school_id": "A", "waiting": 1, "confirmed": 0, "reopened": 0, "total": 1}  # fmt: skip
    for bad in (
        ["--username", "nobody", "--as", "corrected"],
        ["--username", "a3", "--as", "corrected", "--note", "nr " + build(1990, 5, 5, 5)],
        # who marks is kept and shown like the note (an outside tester's case)
        ["--username", "a3", "--as", "corrected", "--by", "jan " + build(1966, 6, 16, 163)],
        ["--username", "a3", "--as", "corrected", "--by", build(1966, 6, 16, 163) + "@a.be"],
        ["--username", "a3"],
    ):
        result = run("mark", "--db", store.path, "--school", "A", *bad)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert len(marks.marks(store)) == 1  # nothing written by the refused marks
    # an empty id is no id (outside tester t36: it listed the marks and exited 0)
    empty = run("marks", "--db", store.path, "--undo", "")
    assert empty.exit_code == 2 and len(marks.marks(store)) == 1, empty.output
    undone = run("marks", "--db", store.path, "--undo", listed[0]["id"])
    assert undone.exit_code == 0 and marks.marks(store).empty
    again = run("mark", "--db", store.path, "--school", "A", "--username", "a3", "--undo")
    assert again.exit_code == 2


def test_fixlist_shows_the_mark_and_lists_the_unmarked(marked, tmp_path):
    frame = fixlist.fixlist(marked, marked=True, lang="en")
    shown = dict(zip(frame.username, frame.mark, strict=True))
    assert shown["a3"] == "corrected · reopened" and shown["b3"] == ""
    assert dict(zip(frame.username, frame.marked_on, strict=True))["a3"] == "2026-11-14"
    out = tmp_path / "open.csv"
    assert run("fixlist", "--db", marked.path, "--unmarked", "--codes", "--out", out).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].endswith(";mark;marked_on")
    usernames = {line.split(";")[1] for line in text.splitlines()[1:]}
    assert usernames == {"b3"}  # a2 is ready now; a3, a4, b1 are marked; b2 needs no fix


def _parse(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def _texts(message) -> list[str]:
    """The decoded body and the text of any .xlsx attachment."""
    from python_calamine import CalamineWorkbook

    texts = [message.get_body(("plain",)).get_content(), str(message["Subject"])]
    for part in message.iter_attachments():
        book = CalamineWorkbook.from_filelike(__import__("io").BytesIO(part.get_content()))
        rows = book.get_sheet_by_index(0).to_python()
        texts.append("\n".join(";".join(map(str, row)) for row in rows))
    return texts


def test_notify_schools_writes_one_eml_per_school_with_its_fix_list(marked, built, tmp_path):
    result = run("notify", "schools", "--db", marked.path, "--out", tmp_path / "eml")
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "eml").glob("*.eml"))
    assert [f.name for f in files] == ["0001_school_A.eml", "0002_school_B.eml"]
    by_school = {}
    for path in files:
        message = _parse(path.read_bytes())
        body, _, sheet = _texts(message)
        by_school[message["To"]] = sheet
        assert "Fixlijst" not in body and "bijlage" in body
        assert leaked(built[1], path.read_bytes(), body, sheet) == []
    a_rows = by_school["secretariaat@a.be"].splitlines()
    assert len(a_rows) == 1 + len(marked.fixlist(school="A")) and "b1" not in by_school["secretariaat@a.be"]  # fmt: skip
    assert {r.split(";")[1] for r in a_rows[1:]} == {"a3", "a4"}


def test_notify_people_one_message_each_only_about_themselves(marked, built, tmp_path):
    out = tmp_path / "people"
    result = run("notify", "people", "--db", marked.path, "--status", "missing", "--out", out)
    assert result.exit_code == 0, result.output
    messages = [_parse(p.read_bytes()) for p in sorted(out.glob("*.eml"))]
    assert sorted(m["To"] for m in messages) == ["cas@a.be", "eva@b.be"]
    for message in messages:
        body = _texts(message)[0]
        mine = "a3" if message["To"] == "cas@a.be" else "b1"
        others = {"a1", "a2", "a3", "a4", "b1", "b2"} - {mine}
        assert mine in body and not any(f"account {o}" in body for o in others)
        assert "identiteitskaart" in body and "identity card" in body
        assert leaked(built[1], body) == []
    bis = run("notify", "people", "--db", marked.path, "--flag", "bis_key_activation", "--out", out / "bis")  # fmt: skip
    (only,) = (out / "bis").glob("*.eml")
    assert bis.exit_code == 0 and "digitale sleutels" in _texts(_parse(only.read_bytes()))[0]


class Received:
    """An aiosmtpd handler that keeps what it received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server(tmp_path):
    """A real SMTP server on 127.0.0.1 and a secrets file that points at it."""
    from aiosmtpd.controller import Controller

    from tools.browser import free_port

    handler = Received()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\nsender = "dq@scholengroep.be"\n'
    )
    try:
        yield handler, secrets
    finally:
        controller.stop()


def test_send_delivers_marks_and_never_nudges_twice(marked, built, smtp_server):
    handler, secrets = smtp_server
    args = ["notify", "people", "--db", marked.path, "--secrets", secrets, "--send"]
    first = run(*args, "--per-minute", 6000)
    assert first.exit_code == 0, first.output
    assert sorted(r for rcpts, _ in handler.messages for r in rcpts) == ["cas@a.be", "eva@b.be", "fleur@b.be"]  # fmt: skip
    notified = marks.marks(marked, latest_only=True)
    notified = notified[notified.channel == "person"]
    assert sorted(notified.username) == ["a3", "b1", "b2"] and set(notified.kind) == {"notified"}
    second = run(*args, "--per-minute", 6000)
    assert second.exit_code == 0 and len(handler.messages) == 3  # within renotify_days
    schools = run("notify", "schools", "--db", marked.path, "--secrets", secrets, "--send")
    assert schools.exit_code == 0 and len(handler.messages) == 5
    received = [_texts(_parse(content)) for _, content in handler.messages]
    assert leaked(built[1], *[c for _, c in handler.messages], *sum(received, [])) == []
    assert leaked(built[1], marked.path.read_bytes(), marks.marks(marked).to_csv()) == []


def test_send_keeps_to_the_rate(store, smtp_server):
    handler, secrets = smtp_server
    messages = notify.people_messages(store)
    assert len(messages) == 3
    started = time.monotonic()
    notify.send(messages, notify.smtp_settings(secrets), per_minute=120)
    assert time.monotonic() - started >= 1.0 and len(handler.messages) == 3


def test_send_without_smtp_settings_is_a_clear_message(store, tmp_path):
    (tmp_path / "s.toml").write_text("[auth]\nx = 1\n")
    for secrets in (tmp_path / "s.toml", tmp_path / "absent.toml"):
        result = run("notify", "people", "--db", store.path, "--send", "--secrets", secrets)
        assert result.exit_code == 2 and "[smtp]" in result.output
    assert marks.marks(store).empty


def test_report_has_every_section_in_both_languages(marked, built, tmp_path):
    out = tmp_path / "verslag.html"
    result = run("report", "--db", marked.path, "--out", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    for heading in ("Gereedheid nu", "Prognose per module", "Scholen met risico", "Wat veranderde", "Opvolging"):  # fmt: skip
        assert heading in html
    assert "<script src=" not in html and 'src="http' not in html  # plotly.js is inline
    assert leaked(built[1], html) == []
    english = report.build(marked, "en")
    assert "Schools at risk" in english and "confirmed" in english and 'lang="en"' in english


@pytest.mark.browser
def test_report_opens_offline_and_prints_to_pdf(marked, tmp_path, chromium):
    """In the session's one Chromium (a second Playwright cannot start in the same process)."""
    out = tmp_path / "verslag.html"
    report.write(marked, out)
    requests = []
    page = chromium.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    page.wait_for_selector(".plotly .main-svg")
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) >= 1


def test_policy_reads_school_contacts_and_renotify_days_and_refuses_bad_ones():
    from dq.policy import PolicyError, load_text, to_toml

    policy = load_text(POLICY)
    assert policy.schools["A"] == {"contact": "secretariaat@a.be", "name": "Basisschool A"}
    assert policy.renotify_days == 7 and load_text("").renotify_days == 14
    assert load_text(to_toml(policy)) == policy
    for bad, key in (
        ('[schools.A]\ncontact = "geen adres"', "schools.A.contact"),
        ("[schools.A]\nphone = 1", "schools.A.phone"),
        ('[notify]\nrenotify_days = "vaak"', "notify.renotify_days"),
    ):
        with pytest.raises(PolicyError) as error:
            load_text(bad)
        assert error.value.key == key


# What an outside tester found (findings t15): each case below failed before the fix.

NUMBER = build(1990, 1, 1, 1)  # 90010100123


def test_an_export_without_the_school_leaves_its_marks_waiting(store, tmp_path):
    marks.mark(store, "A", "a3", "corrected", at=_at(21))
    marks.mark(store, "B", "b1", "corrected", at=_at(21))
    only_b = [row for row in WEEK_2 if row[0] == "B"]
    ingest(store, [write_csv(tmp_path / "b.csv", only_b, HEADERS)], as_of="2026-11-27")
    judged = {r.username: r.judgement for r in marks.marks(store).itertuples()}
    assert judged == {"a3": "waiting", "b1": "reopened"}  # B's export says nothing about A
    without_a3 = [row for row in WEEK_2 if row[0] == "A" and row[1] != "a3"]
    ingest(store, [write_csv(tmp_path / "a.csv", without_a3, HEADERS)], as_of="2026-11-28")
    judged = {r.username: r.judgement for r in marks.marks(store).itertuples()}
    assert judged == {"a3": "confirmed", "b1": "reopened"}  # gone from its school's export


def test_marking_an_account_not_on_the_fix_list_is_refused(store):
    result = run("mark", "--db", store.path, "--school", "A", "--username", "a1", "--as", "corrected", "--lang", "en")  # fmt: skip
    assert result.exit_code == 2 and "not on the fix list" in result.output, result.output
    with pytest.raises(marks.MarkError) as error:
        marks.mark_many(store, [("A", "a3"), ("A", "a2")], "corrected")  # a2 is ready now
    assert error.value.code == "not_failing"
    assert marks.marks(store).empty  # all or nothing


@pytest.mark.parametrize(
    "note",
    [
        " ".join(NUMBER),
        NUMBER[:4] + "\u200b" + NUMBER[4:],
        NUMBER[:8] + "\u00a0" + NUMBER[8:],
        "tel 04" + NUMBER,
        NUMBER[:6] + "\n" + NUMBER[6:],
        "90_01_01_001_23",
        "90,01,01,001,23",
        "".join(chr(0xFF10 + int(d)) for d in NUMBER),  # full-width digits
        "".join(chr(0x0660 + int(d)) for d in NUMBER),  # Arabic-Indic digits
        "nr:" + NUMBER + "x",
    ],
)
def test_a_note_with_a_number_however_typed_is_refused(store, note):
    assert marks.holds_number(note)
    result = run("mark", "--db", store.path, "--school", "A", "--username", "a3", "--as", "notified", "--note", note)  # fmt: skip
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert marks.marks(store).empty


def test_ordinary_notes_are_kept():
    for note in ("belde op 3/12 om 14u", "tel. 0474 12 34 56", "lokaal 12, 2de verdiep", None):
        assert not marks.holds_number(note)


def test_two_marks_in_the_same_second_keep_their_order(store):
    for kind in ("corrected", "notified", "corrected", "notified", "corrected", "notified"):
        marks.mark(store, "A", "a3", kind, at=_at(21))
    assert marks.marks(store, latest_only=True).kind.tolist() == ["notified"]
    assert marks.marks(store).kind.tolist()[:2] == ["notified", "corrected"]
    marks.undo(store, school_id="A", username="a3")
    assert marks.marks(store, latest_only=True).kind.tolist() == ["corrected"]


class Refusing(Received):
    """Refuses one recipient, as a mail server does for an unknown mailbox."""

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address == "eva@b.be":
            return "550 5.1.1 mailbox unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_one_refused_recipient_does_not_stop_the_others(store, tmp_path):
    from aiosmtpd.controller import Controller

    from tools.browser import free_port

    handler, port = Refusing(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\n')
    args = ["notify", "people", "--db", store.path, "--secrets", secrets, "--send", "--lang", "en"]
    try:
        first = run(*args, "--per-minute", 6000)
        again = run(*args, "--per-minute", 6000)
    finally:
        controller.stop()
    assert first.exit_code == 2 and "eva@b.be" in first.output and "550" in first.output
    assert sorted(r for rcpts, _ in handler.messages for r in rcpts) == ["cas@a.be", "fleur@b.be"]
    notified = marks.marks(store)
    assert sorted(notified.username) == ["a3", "b2"]  # the refused one is not marked
    assert again.exit_code == 2 and "1 message(s) not sent" in again.output
    assert len(handler.messages) == 2  # the re-run tried only the one not yet sent


def test_an_email_cell_goes_to_one_address_and_control_characters_are_skipped(tmp_path):
    rows = [
        ["A", "a1", "Aerts", "An", "an@a.be; bert@a.be", "", "Leerlingen"],
        ["A", "a2", "Baert", "Bo", "bo@a.be\r\nBcc: evil@x.be", "", "Leerlingen"],
        ["A", "a3", "Claes", "Cas", "cas@a.be", "", "Leerlingen"],
    ]
    store = Store(tmp_path / "s.duckdb")
    ingest(store, [write_csv(tmp_path / "w.csv", rows, HEADERS)], as_of="2026-11-20")
    result = run("notify", "people", "--db", store.path, "--out", tmp_path / "eml", "--lang", "en")
    assert result.exit_code == 0, result.output
    sent_to = sorted(_parse(p.read_bytes())["To"] for p in (tmp_path / "eml").glob("*.eml"))
    assert sent_to == ["an@a.be", "cas@a.be"]
    assert "A/a2: skipped" in result.output and "control character" in result.output
    assert "A/a1: several addresses" in result.output and "(an@a.be)" in result.output
    assert notify.pick_address("a@b.be\nBcc: c@d.be") == (None, "control")


def test_policy_contacts_are_one_address_and_renotify_days_is_sane():
    from dq.policy import PolicyError, load_text

    for bad, key in (
        ('[schools.A]\ncontact = "a@a.be\\r\\nBcc: x@y.be"', "schools.A.contact"),
        ('[schools.A]\ncontact = "a@a.be, b@a.be"', "schools.A.contact"),
        ("[notify]\nrenotify_days = 99999", "notify.renotify_days"),
    ):
        with pytest.raises(PolicyError) as error:
            load_text(bad)
        assert error.value.key == key
    assert load_text("[notify]\nrenotify_days = 3650").renotify_days == 3650


def test_notify_refuses_unknown_filters_and_or_combines_status_and_flag(store, tmp_path):
    for option, value, listed in (
        ("--status", "misssing", "missing"),
        ("--flag", "bis_key", "bis_key_activation"),
        ("--school", "Z", "A, B"),
    ):
        result = run("notify", "people", "--db", store.path, option, value, "--out", tmp_path / "x")
        assert result.exit_code == 2 and value in result.output and listed in result.output
    out = tmp_path / "both"
    both = run("notify", "people", "--db", store.path, "--status", "missing", "--flag", "bis_key_activation", "--out", out)  # fmt: skip
    assert both.exit_code == 0, both.output
    to = sorted(_parse(p.read_bytes())["To"] for p in out.glob("*.eml"))
    assert to == ["cas@a.be", "eva@b.be", "fleur@b.be"]  # missing OR the BIS key flag


def test_notify_schools_without_any_contact_says_so(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    ingest(store, [write_csv(tmp_path / "w.csv", WEEK_1, HEADERS)], as_of="2026-11-13")
    result = run("notify", "schools", "--db", store.path, "--out", tmp_path / "eml", "--lang", "en")
    assert result.exit_code == 2 and "No school has a contact" in result.output


def test_a_dry_run_clears_its_own_earlier_files_only(store, tmp_path):
    out = tmp_path / "eml"
    out.mkdir()
    (out / "mine.eml").write_text("kept")
    (out / "notes.txt").write_text("kept")
    assert run("notify", "people", "--db", store.path, "--out", out).exit_code == 0
    assert len(list(out.glob("0*_person_*.eml"))) == 3
    assert run("notify", "people", "--db", store.path, "--out", out, "--school", "B").exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["0001_person_B_b1.eml", "0002_person_B_b2.eml", "mine.eml", "notes.txt"]


def test_bad_smtp_settings_and_report_folder_are_clear_messages(store, tmp_path):
    secrets = tmp_path / "s.toml"
    for smtp, key in (('port = "abc"', "port"), ("port = 0", "port"), ('sender = "a@b.be\\nX: y"', "sender")):  # fmt: skip
        secrets.write_text(f'[smtp]\nhost = "127.0.0.1"\n{smtp}\n')
        result = run("notify", "people", "--db", store.path, "--send", "--secrets", secrets)
        assert result.exit_code == 2 and f"[smtp] {key}" in result.output, result.output
    missing = run("report", "--db", store.path, "--out", tmp_path / "nope" / "verslag.html")
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    english = run("report", "--db", store.path, "--out", tmp_path / "r.html", "--lang", "en")
    assert english.exit_code == 0 and "Schools at risk" in (tmp_path / "r.html").read_text()


def test_a_number_in_a_policy_name_never_reaches_a_message(store, built, tmp_path):
    # refused at the door since round four (tests/test_policy_numbers.py): never stored
    with pytest.raises(PolicyError):
        store.set_policy(POLICY.replace("Basisschool A", "Basisschool " + NUMBER))
    result = run("notify", "schools", "--db", store.path, "--out", tmp_path / "eml")
    assert result.exit_code == 0, result.output
    for path in (tmp_path / "eml").glob("*.eml"):
        texts = _texts(_parse(path.read_bytes()))
        assert leaked({NUMBER}, path.read_bytes(), *texts) == []


def test_cli_marks_filters_by_judgement_and_lists_every_mark(marked):
    by = run("mark", "--db", marked.path, "--school", "A", "--username", "a3", "--as", "notified", "--by", "Beheer@A.be")  # fmt: skip
    assert by.exit_code == 0, by.output
    reopened = run("marks", "--db", marked.path, "--judgement", "reopened", "--json")
    assert reopened.exit_code == 0 and reopened.output == ""  # a3's newest mark is now waiting
    every = [json.loads(line) for line in run("marks", "--db", marked.path, "--all", "--json").output.splitlines()]  # fmt: skip
    a3 = [m for m in every if m["username"] == "a3"]
    assert [m["kind"] for m in a3] == ["notified", "corrected"] and a3[0][
        "marked_by"
    ] == "beheer@a.be"


def test_numbers_in_export_cells_never_reach_a_message(tmp_path):
    other = build(1975, 6, 7, 8)
    rows = [
        ["A", "a1", "Aerts", "An " + NUMBER, "an@a.be", "", "Leerlingen"],
        ["A", "a2", "Baert", "Bo", other + "@a.be", "", "Leerlingen"],
    ]
    store = Store(tmp_path / "s.duckdb")
    ingest(store, [write_csv(tmp_path / "w.csv", rows, HEADERS)], as_of="2026-11-20")
    store.set_policy(POLICY)
    for audience in ("people", "schools"):
        out = tmp_path / audience
        result = run("notify", audience, "--db", store.path, "--out", out, "--lang", "en")
        assert result.exit_code == 0, result.output
        for path in out.glob("*.eml"):
            texts = _texts(_parse(path.read_bytes()))
            assert leaked({NUMBER, other}, path.name, path.read_bytes(), *texts) == []
    (person,) = (tmp_path / "people").glob("*.eml")
    assert _parse(person.read_bytes())["To"] == "an@a.be"
