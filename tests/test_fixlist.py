"""Fix lists: who is on them, what they show, and no cell that a spreadsheet would run."""

import csv
import io
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import write_csv

from dq import fixlist
from dq.cli import main
from dq.identifiers import build
from dq.ingest import ingest
from dq.store import Store

HEADERS = [
    "Instellingsnummer",
    "Gebruikersnaam",
    "Naam",
    "Voornaam",
    "Rijksregisternummer",
    "Modules",
]
HOSTILE = [
    '=HYPERLINK("http://evil","klik")',
    "+31 6",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rCR",
    '=cmd|"/c calc"!A1',
]
BAD_NUMBER = "12345678901"  # fails the check digits


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    store = Store(folder / "hostile.duckdb")
    rows = [
        [
            "S1" if i % 2 else "=S2",
            f"u{i}@s.be",
            name,
            name,
            BAD_NUMBER if i % 3 else "",
            "Leerlingen",
        ]
        for i, name in enumerate(HOSTILE)
    ]
    rows.append(["S1", "ok@s.be", "Goed", "Gerda", build(1980, 1, 1, 1), "Leerlingen"])
    ingest(store, [write_csv(folder / "u.csv", rows, headers=HEADERS)], as_of="2026-11-20")
    return store


def _dangerous(value) -> bool:
    return isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")


def test_only_accounts_that_need_action_are_listed(hostile):
    frame = hostile.fixlist()
    assert len(frame) == len(HOSTILE) and "ok@s.be" not in set(frame.username)
    assert list(frame.columns) == list(fixlist.COLUMNS)


def test_entered_values_are_masked_unless_asked(hostile):
    masked = hostile.fixlist(status="invalid")
    assert BAD_NUMBER not in masked.to_string() and set(masked.entered_value) == {"••.••.••-•••.01"}
    full = hostile.fixlist(status="invalid", full_values=True)
    assert set(full.entered_value) == {BAD_NUMBER}


def test_csv_cells_cannot_run_as_formulas(hostile):
    text = fixlist.to_csv_bytes(hostile.fixlist()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == fixlist.header_labels("nl")  # for people by default (issue 14)
    assert all(not _dangerous(cell) for row in rows for cell in row)
    assert any(cell == "'" + HOSTILE[0] for row in rows for cell in row)


def _assert_xlsx_safe(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type in ("s", "n") and not _dangerous(cell.value), cell.value
                assert cell.data_type != "f"


def test_xlsx_cells_are_strings_and_cannot_run(hostile):
    data = fixlist.to_xlsx_bytes(hostile.fixlist(lang="en"), "en")
    _assert_xlsx_safe(data)
    header = [c.value for c in openpyxl.load_workbook(io.BytesIO(data)).active[1]]
    assert header[:3] == ["School", "Username", "Last name"]


def test_zip_holds_one_safe_file_per_school(hostile):
    with zipfile.ZipFile(io.BytesIO(fixlist.to_zip_bytes(hostile.fixlist()))) as archive:
        names = sorted(archive.namelist())
        assert names == [
            "fixlijst_S1.csv",
            "fixlijst_S1.xlsx",
            "fixlijst__S2_17c24a2e.csv",
            "fixlijst__S2_17c24a2e.xlsx",
        ]
        for name in names:
            data = archive.read(name)
            if name.endswith(".xlsx"):
                _assert_xlsx_safe(data)
            else:
                cells = [
                    c
                    for r in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
                    for c in r
                ]
                assert not any(_dangerous(c) for c in cells)


def test_cli_fixlist_filters_and_writes_each_format(hostile, tmp_path):
    for suffix in ("csv", "xlsx", "zip"):
        out = tmp_path / f"f.{suffix}"
        result = CliRunner().invoke(main, ["fixlist", "--db", str(hostile.path), "--out", str(out)])
        assert result.exit_code == 0 and out.stat().st_size > 0
    stdout = CliRunner().invoke(
        main,
        [
            "fixlist",
            "--db",
            str(hostile.path),
            "--school",
            "S1",
            "--status",
            "invalid",
            "--codes",
            "--out",
            "-",
        ],
    )
    rows = list(csv.reader(io.StringIO(stdout.output.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][: len(fixlist.COLUMNS)] == list(fixlist.COLUMNS)
    assert {r[0] for r in rows[1:]} == {"S1"} and {r[7] for r in rows[1:]} == {"invalid"}
    bad = CliRunner().invoke(
        main, ["fixlist", "--db", str(hostile.path), "--out", str(tmp_path / "f.pdf")]
    )
    assert bad.exit_code == 2


def test_fixlist_filters_by_flag_reason_and_search(demo_store):
    bis = demo_store.fixlist(flag="bis_key_activation")
    assert len(bis) > 0 and all("bis_key_activation" in f for f in bis["flags"])
    assert all("vlaanderen.be" in a for a in bis.action)
    scientific = demo_store.fixlist(reason="excel_scientific", lang="en")
    assert len(scientific) > 0 and all(a.startswith("Export again") for a in scientific.action)
    name = bis.iloc[0]["last_name"]
    assert name in set(demo_store.fixlist(search=name.lower()).last_name)


def _cli_rows(store, *filters) -> list[dict]:
    result = CliRunner().invoke(
        main, ["fixlist", "--db", str(store.path), *filters, "--codes", "--out", "-"]
    )
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output.lstrip("\ufeff")), delimiter=";"))


def test_cli_fixlist_filters_by_module_reason_and_flag(demo_store):
    for option, value, expected in (
        ("--module", "irekeningen", demo_store.fixlist(module="irekeningen")),
        ("--reason", "checksum", demo_store.fixlist(reason="checksum")),
        ("--flag", "bis_key_activation", demo_store.fixlist(flag="bis_key_activation")),
    ):
        rows = _cli_rows(demo_store, option, value)
        assert 0 < len(rows) < len(_cli_rows(demo_store)), option
        assert sorted(r["username"] for r in rows) == sorted(expected["username"]), option
        column = {"--module": "modules", "--reason": "reason", "--flag": "flags"}[option]
        assert all(value in r[column] for r in rows), option


@pytest.mark.parametrize(
    "filters",
    [{}, {"status": ["invalid"]}, {"school": None, "flag": ["bis_key_activation"]}],
)
def test_streamed_csv_equals_the_frame_export(demo_store, filters):
    """The CLI streams rows from the store in batches; the bytes equal the DataFrame path's."""
    for full_values in (False, True):
        frame = fixlist.fixlist(demo_store, lang="en", full_values=full_values, **filters)
        buffer = io.BytesIO()
        count = fixlist.write_csv(
            buffer, fixlist.rows(demo_store, lang="en", full_values=full_values, **filters)
        )
        assert count == len(frame) > 0
        assert buffer.getvalue() == fixlist.to_csv_bytes(frame)


def test_streamed_rows_neutralise_hostile_cells(hostile):
    streamed = list(fixlist.rows(hostile, full_values=True))
    frame_rows = fixlist._text_rows(fixlist.fixlist(hostile, full_values=True))
    assert streamed == frame_rows
    assert any(cell.startswith("'") for row in streamed for cell in row)


def test_streamed_xlsx_holds_the_same_cells(hostile, tmp_path):
    target = tmp_path / "lijst.xlsx"
    count = fixlist.write_xlsx(str(target), fixlist.rows(hostile), "nl")
    framed = tmp_path / "frame.xlsx"
    framed.write_bytes(fixlist.to_xlsx_bytes(fixlist.fixlist(hostile), "nl"))

    def cells(path):
        sheet = openpyxl.load_workbook(path).active
        return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]

    streamed = cells(target)
    assert streamed[0] == fixlist.header_labels("nl") and len(streamed) == count + 1
    assert streamed == cells(framed)


# --- issue 14, point 5: fix lists for people, and for machines --------------------------


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_people_form_has_labels_every_action_and_no_missing_markers(demo_store, tmp_path):
    frame = demo_store.fixlist(lang="en")
    rows = _csv(fixlist.to_csv_bytes(frame, "en"))
    assert rows[0][:2] == ["School", "Username"] and "What to do" in rows[0]
    status, action = rows[0].index("Status"), rows[0].index("What to do")
    assert {r[status] for r in rows[1:]} <= {r.label["en"] for r in fixlist_rules().STATUSES}
    cells = {cell for row in rows for cell in row}
    assert not cells & {"<NA>", "nan", "None", "NaT"}
    both = frame[(frame["status"] == "missing") & frame["flags"].str.contains("stale")]
    assert not both.empty  # the demo has accounts both without a number and stale
    line = next(r for r in rows[1:] if r[1] == both.iloc[0].username)
    assert len(line[action].splitlines()) == 2  # one line per status or flag


def fixlist_rules():
    from dq import rules

    return rules


def test_codes_form_is_the_machine_form_in_every_format(hostile, tmp_path):
    db = str(hostile.path)
    for suffix in ("csv", "xlsx", "zip"):
        out = tmp_path / f"codes.{suffix}"
        result = CliRunner().invoke(main, ["fixlist", "--db", db, "--codes", "--out", str(out)])
        assert result.exit_code == 0, result.output
        if suffix == "csv":
            rows = _csv(out.read_bytes())
        elif suffix == "xlsx":
            rows = [list(r) for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
        else:
            with zipfile.ZipFile(out) as archive:
                name = next(n for n in archive.namelist() if n.endswith(".csv"))
                rows = _csv(archive.read(name))
        assert list(rows[0]) == list(fixlist.COLUMNS)
        assert {r[7] for r in rows[1:]} <= {"invalid", "missing"}


def test_xlsx_has_numbers_text_widths_frozen_and_filtered_header(demo_store, tmp_path):
    out = tmp_path / "lijst.xlsx"
    fixlist.write_xlsx(str(out), fixlist.rows(demo_store), "nl")
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[1] == "Gebruikersnaam" and header[-3:] == [
        "Wat te doen",
        "Dagen in fout",
        "Ingevulde waarde",
    ]
    days = header.index("Dagen in fout") + 1
    values = [sheet.cell(r, days) for r in range(2, sheet.max_row + 1)]
    assert any(c.data_type == "n" for c in values)
    assert all(c.data_type == "s" for c in sheet["A"][1:])  # school ids stay text
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["K"].width > sheet.column_dimensions["A"].width


def test_file_names_carry_school_and_date(hostile):
    assert fixlist.file_name("2026-11-27", "xlsx", "075865") == "fixlijst_075865_2026-11-27.xlsx"
    data = fixlist.to_zip_bytes(hostile.fixlist(), as_of="2026-11-20")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "fixlijst_S1_2026-11-20.xlsx" in archive.namelist()


def test_screen_table_leads_with_who_and_what_to_do(demo_store):
    table = fixlist.for_screen(demo_store.fixlist(lang="nl"), "nl")
    assert list(table.columns[:5]) == [
        "Naam",
        "Voornaam",
        "Gebruikersnaam",
        "School",
        "Wat te doen",
    ]
    assert not table.isna().any().any()
    assert "None" not in set(table.stack().astype(str))


NASTY = [
    ["S1", "semi@s.be", "De;Smet", 'Jan "J"', "12345678901", "Leerlingen"],
    ["S1", "line@s.be", "Lijn\nBreuk", " spatie", "８５０７３００３３２９", "Leerlingen"],
    ["S1", "cr@s.be", "Terug\rloop", "", "85.07.30-033.29", "Leerlingen"],
    ["S2", "eq@s.be", "=1+1", "Çedille", "", "Leerlingen"],
    ["S2", "ok@s.be", "Goed", "Gerda", build(1980, 1, 1, 1), "Leerlingen"],
    ["S2", "bis@s.be", "Bis", "Bert", build(1980, 1, 1, 2, kind="bis"), "Leerlingen"],
    # usernames and schools that neutralising changes: the order is the values' own (an
    # outside tester found the COPY sorted on the neutralised cells)
    *[
        [school, user, "Orde", "O", "", "Leerlingen"]
        for school in ("+5", "'+5", "(5", "-5")
        for user in ("+b", "'+a", "-c", "(d", "=e", "'=f", "@g")
    ],
]


@pytest.fixture(scope="module")
def nasty(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nasty")
    store = Store(folder / "nasty.duckdb")
    ingest(store, [write_csv(folder / "u.csv", NASTY, headers=HEADERS)], as_of="2026-11-20")
    return store


def _streamed(store, lang, codes, **options) -> bytes:
    buffer = io.BytesIO()
    fixlist.write_csv(buffer, fixlist.rows(store, lang=lang, **options), lang, codes)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("codes", [False, True])
def test_duckdb_copy_writes_the_same_bytes_as_python(
    demo_store, nasty, hostile, tmp_path, lang, codes
):
    """dq fixlist --out x.csv is written by DuckDB's COPY: byte for byte what the streamed
    Python writer gives, with every filter, value form and cell that needs quoting."""
    cases = [
        (demo_store, {}),
        (demo_store, {"full_values": True}),
        (demo_store, {"status": ["invalid"], "full_values": True}),
        (demo_store, {"flag": ["bis_key_activation"], "needs_action": None}),
        (demo_store, {"status": ["conflict"], "school": ["000000"]}),  # no rows: the header
        (nasty, {}),
        (nasty, {"full_values": True, "needs_action": None}),
        (hostile, {"full_values": True}),
    ]
    for n, (store, options) in enumerate(cases):
        target = tmp_path / f"{n}.csv"
        count = fixlist.copy_csv(store, target, lang=lang, codes=codes, **options)
        expected = _streamed(store, lang, codes, **options)
        assert target.read_bytes() == expected, (n, options)
        assert count == sum(1 for _ in fixlist.rows(store, lang=lang, **options)), (n, options)


def test_cli_csv_is_the_copy_and_its_count(demo_store, tmp_path):
    out = tmp_path / "list.csv"
    result = CliRunner().invoke(
        main, ["fixlist", "--db", str(demo_store.path), "--out", str(out), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert f"{len(rows) - 1} accounts written" in result.output
    assert out.read_bytes() == _streamed(demo_store, "en", False)


def test_duckdb_copy_keeps_the_order_of_a_long_list(tmp_path):
    """Order in DuckDB is kept only where it is asked for: a list longer than a few of its
    2,048-row vectors, from several schools, in the same order as the Python writer's."""
    rows = [
        [f"S{i % 3}", f"u{(i * 7919) % 7000}@s.be", f"Naam{i}", "V", "", "Leerlingen"]
        for i in range(7000)
    ]
    store = Store(tmp_path / "long.duckdb")
    ingest(store, [write_csv(tmp_path / "u.csv", rows, headers=HEADERS)], as_of="2026-11-20")
    count = fixlist.copy_csv(store, tmp_path / "long.csv")
    assert count == 7000
    assert (tmp_path / "long.csv").read_bytes() == _streamed(store, None, False)


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "zip"])
def test_an_output_that_cannot_be_written_is_a_message_naming_it(demo_store, tmp_path, suffix):
    """An outside tester's finding: /proc, /dev/full and an over-long name gave exit 1, "the
    database could not be written" or a traceback from the half-written workbook."""
    full = tmp_path / f"full.{suffix}"
    full.symlink_to("/dev/full")
    targets = [f"/proc/fix.{suffix}", str(full), str(tmp_path / ("x" * 300 + f".{suffix}"))]
    for target in targets:
        result = CliRunner().invoke(
            main, ["fixlist", "--db", str(demo_store.path), "--out", target, "--lang", "en"]
        )
        assert result.exit_code == 2, (target, result.output)
        assert "The fix list could not be written to" in result.output, result.output
        assert "database has not changed" in result.output
        assert "Traceback" not in result.output and "Exception ignored" not in result.output


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "zip"])
def test_the_store_itself_is_never_the_output(demo_store, tmp_path, suffix):
    import shutil

    db = tmp_path / f"store.{suffix}"
    shutil.copy(demo_store.path, db)
    before = db.read_bytes()
    result = CliRunner().invoke(main, ["fixlist", "--db", str(db), "--out", str(db)])
    assert result.exit_code == 2 and "is de databank zelf" in result.output, result.output
    assert db.read_bytes() == before


def test_the_written_message_masks_a_number_in_the_path(demo_store, tmp_path):
    number = build(1985, 3, 4, 17)
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"fix_{number}.{suffix}"
        result = CliRunner().invoke(
            main, ["fixlist", "--db", str(demo_store.path), "--out", str(out)]
        )
        assert result.exit_code == 0 and out.exists()
        assert "geschreven naar" in result.output and number not in result.output


def test_a_full_disk_under_a_real_process_prints_one_message_and_no_traceback(demo_store, tmp_path):
    """In a real process a half-written workbook's ZipFile complained at exit ("Exception
    ignored ... Traceback") after the message (an outside tester); and DuckDB's reason for a
    CSV is the system's words, not its class name."""
    import subprocess
    import sys

    for suffix in ("xlsx", "csv"):
        full = tmp_path / f"full.{suffix}"
        full.symlink_to("/dev/full")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "dq",
                "fixlist",
                "--db",
                str(demo_store.path),
                "--out",
                str(full),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert "(No space left on device)" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
