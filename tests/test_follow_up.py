"""Follow-up: marks judged by the next export, nudges (.eml files and a real local SMTP server),
the board report (opened offline in Chromium and printed to PDF), and no number in any of them."""

import datetime
import email
import email.policy
import json
import os
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
        ["--username", "a3"],
    ):
        result = run("mark", "--db", store.path, "--school", "A", *bad)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert len(marks.marks(store)) == 1  # nothing written by the refused marks
    undone = run("marks", "--db", store.path, "--undo", listed[0]["id"])
    assert undone.exit_code == 0 and marks.marks(store).empty
    again = run("mark", "--db", store.path, "--school", "A", "--username", "a3", "--undo")
    assert again.exit_code == 2


def test_fixlist_shows_the_mark_and_lists_the_unmarked(marked, tmp_path):
    frame = fixlist.fixlist(marked, marked=True, lang="en")
    shown = dict(zip(frame.username, frame.mark, strict=True))
    assert shown["a3"] == "corrected · reopened" and shown["b2"] == ""
    assert dict(zip(frame.username, frame.marked_on, strict=True))["a3"] == "2026-11-14"
    out = tmp_path / "open.csv"
    assert run("fixlist", "--db", marked.path, "--unmarked", "--out", out).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].endswith(";mark;marked_on")
    usernames = {line.split(";")[1] for line in text.splitlines()[1:]}
    assert usernames == {"b2"}  # a2 is ready now; a3, a4, b1 are marked


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
def test_report_opens_offline_and_prints_to_pdf(marked, tmp_path):
    from tools.browser import browser, find_browser

    try:
        find_browser()
    except Exception as error:  # noqa: BLE001 - any reason there is no browser
        if os.environ.get("CI"):
            pytest.fail(f"CI needs a browser: {error}")
        pytest.skip(f"no browser: {error}")
    out = tmp_path / "verslag.html"
    report.write(marked, out)
    requests = []
    with browser() as chromium:
        page = chromium.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(out.as_uri())
        page.wait_for_selector(".plotly .main-svg")
        pdf = page.pdf(format="A4", print_background=True)
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
