"""The bad-input corpus: hostile and broken export files, generated (never hand-edited).

    python tests/corpus/make_corpus.py [OUT]      (default: tests/corpus/generated)

Each entry of :data:`CORPUS` names a file, how to make it, and its expected outcome:
``("ok", [warning codes])`` for a correct ingest with those named warnings, or
``("error", "words of the message")`` for exit code 2 with that message and the store
unchanged. Numbers are built by construction (dq.identifiers.build), never real.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
import zipfile
from pathlib import Path

from dq.identifiers import build

HEADERS = [
    "Instellingsnummer",
    "Gebruikersnaam",
    "Naam",
    "Voornaam",
    "Rijksregisternummer",
    "Groep",
    "Modules",
]
NN = build(1980, 3, 4, 5)
NN2 = build(1991, 7, 8, 9)
YOUNG = build(2004, 6, 7, 8)


def _csv(rows, headers=HEADERS, delimiter=";", encoding="utf-8", newline="\r\n") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows([headers, *rows])
    return buffer.getvalue().encode(encoding)


def _row(
    user="a@s.be", number=NN, last="Peeters", first="An", group="Leerkrachten", modules="Leerlingen"
):
    return ["012345", user, last, first, number, group, modules]


def _xlsx(rows, headers=HEADERS, sheets=("Gebruikers",), numeric=False) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    for index, name in enumerate(sheets):
        sheet = book.add_worksheet(name)
        if index < len(sheets) - 1:
            sheet.write_row(0, 0, ["Kleur", "Smaak"])
            continue
        sheet.write_row(0, 0, headers)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if numeric and c == 4 and value.isdigit():
                    sheet.write_number(r, c, int(value))
                else:
                    sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def _zip_renamed() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notities.txt", "geen werkmap")
    return buffer.getvalue()


# name -> (bytes maker, expected)
CORPUS: dict[str, tuple] = {
    "01_empty.csv": (lambda: b"", ("error", "leeg")),
    "02_header_only.csv": (lambda: _csv([]), ("error", "enkel een kopregel")),
    "03_binary_junk.csv": (lambda: bytes(range(256)) * 64, ("error", "geen tekst")),
    "04_zip_renamed.xlsx": (_zip_renamed, ("error", "beschadigd")),
    "05_corrupt.xlsx": (lambda: b"PK\x03\x04" + b"\x00\xff" * 500, ("error", "beschadigd")),
    "06_password_protected.xlsx": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000,
        ("error", "wachtwoord"),
    ),
    "07_old_format.xls": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 2000,
        ("error", ".xlsx"),
    ),
    "08_utf16_no_bom.txt": (
        lambda: _csv([_row()], delimiter="\t", encoding="utf-16-le"),
        ("ok", []),
    ),
    "09_mixed_encodings.csv": (
        lambda: (
            _csv([_row(last="Dubois")])
            + "012345;zoë@s.be;Zoë;Zoë;;G;Leerlingen\r\n".encode("cp1252")
        ),
        ("ok", []),
    ),
    "10_over_the_size_limit.csv": (
        lambda: _csv([_row(user=f"u{i}@s.be") for i in range(3000)]),
        ("error", "grens"),
    ),
    "11_100000_columns.csv": (
        lambda: _csv([_row() + [""] * 99_993], headers=HEADERS + [f"k{i}" for i in range(99_993)]),
        ("error", "kolommen"),
    ),
    "12_cell_of_1_mb.csv": (lambda: _csv([_row(last="x" * 1_000_000)]), ("ok", [])),
    "13_duplicate_headers.csv": (
        lambda: _csv([_row() + [NN]], headers=HEADERS + ["RRNR"]),
        ("error", "meer dan eens"),
    ),
    "14_french_headers_dutch_cells.csv": (
        lambda: _csv(
            [_row()],
            headers=[
                "Numéro d'établissement",
                "Nom d'utilisateur",
                "Nom",
                "Prénom",
                "NISS",
                "Groupe",
                "Modules",
            ],
        ),
        ("ok", []),
    ),
    "15_numbers_as_excel_floats.xlsx": (
        lambda: _xlsx([_row(number=YOUNG[1:]), _row("b@s.be", NN)], numeric=True),
        ("ok", []),
    ),
    "16_numbers_scientific.csv": (lambda: _csv([_row(number="8,50730E+10")]), ("ok", [])),
    "17_numbers_with_apostrophe.csv": (lambda: _csv([_row(number="'" + NN)]), ("ok", [])),
    "18_numbers_with_decimal_suffix.csv": (lambda: _csv([_row(number=NN + ",0")]), ("ok", [])),
    "19_formula_hyperlink.csv": (
        lambda: _csv([_row(last='=HYPERLINK("http://x.invalid","klik")')]),
        ("ok", []),
    ),
    "20_formula_cmd.csv": (
        lambda: _csv([_row(last='=cmd|" /C calc"!A0', first="+1+1")]),
        ("ok", []),
    ),
    "21_html_and_javascript_in_names.csv": (
        lambda: _csv([_row(last="<script>alert('x')</script>", first="<b>Jan</b>")]),
        ("ok", []),
    ),
    "22_arabic_indic_digits.csv": (
        lambda: _csv([_row(number="".join(chr(0x660 + int(d)) for d in NN))]),
        ("ok", []),
    ),
    "23_full_width_digits.csv": (
        lambda: _csv([_row(number="".join(chr(0xFF10 + int(d)) for d in NN))]),
        ("ok", []),
    ),
    "24_right_to_left_marks.csv": (
        lambda: _csv([_row(number="\u200f" + NN + "\u200e", last="\u202eSreeteP")]),
        ("ok", []),
    ),
    "25_nul_bytes.csv": (
        lambda: _csv([_row()]).replace(b"Peeters", b"Pee\x00ters"),
        ("error", "geen tekst"),
    ),
    "26_cr_only_line_ends.csv": (lambda: _csv([_row(), _row("b@s.be")], newline="\r"), ("ok", [])),
    "27_quote_left_open.csv": (
        lambda: _csv([_row()]) + b'012345;b@s.be;"Janssens;Bo;;G;Leerlingen\r\n',
        ("error", "aanhalingsteken"),
    ),
    "28_same_username_two_numbers.csv": (
        lambda: _csv([_row(), _row(number=NN2, group="Directie")]),
        ("ok", ["number_variants"]),
    ),
    "29_ten_thousand_groups.csv": (
        lambda: _csv([_row(group=";".join(f"Groep {i}" for i in range(10_000)))]),
        ("ok", []),
    ),
    "30_cp1252_semicolon.csv": (
        lambda: _csv([_row(last="D’Hondt", first="Zoë €")], encoding="cp1252"),
        ("ok", []),
    ),
    "31_utf8_bom.csv": (lambda: codecs.BOM_UTF8 + _csv([_row()]), ("ok", [])),
    "32_comma_separated.csv": (lambda: _csv([_row()], delimiter=","), ("ok", [])),
    "33_utf16_with_bom_tabs.txt": (
        lambda: _csv([_row()], delimiter="\t", encoding="utf-16"),
        ("ok", []),
    ),
    "34_contacts_export.csv": (
        lambda: _csv(
            [["C1", "Maes", "Els", "CLB GO! Gent", NN, "els@clb.be"]],
            headers=[
                "Contactpersoon-ID",
                "Naam",
                "Voornaam",
                "Organisatie",
                "Rijksregisternummer",
                "Gekoppelde gebruikersnaam",
            ],
        ),
        ("ok", []),
    ),
    "35_no_username_column.csv": (
        lambda: _csv([["Peeters", NN]], headers=["Naam", "Rijksregisternummer"]),
        ("error", "Gevonden kolommen"),
    ),
    "36_no_number_column.csv": (
        lambda: _csv([["a@s.be", "Peeters"]], headers=["Gebruikersnaam", "Naam"]),
        ("error", "rijksregister- of BIS-nummer"),
    ),
    "37_one_column.csv": (
        lambda: ("Gebruikersnaam#RRNR\r\na@s.be#" + NN + "\r\n").encode(),
        ("error", "scheidingsteken"),
    ),
    "38_sheets_without_users.xlsx": (
        lambda: _xlsx([], headers=["Kleur", "Smaak"], sheets=("Blad1", "Blad2")),
        ("error", "Blad1, Blad2"),
    ),
    "39_second_sheet_has_users.xlsx": (
        lambda: _xlsx([_row()], sheets=("Uitleg", "Gebruikers")),
        ("ok", []),
    ),
    "40_blank_lines_between_rows.csv": (
        lambda: _csv([_row()]) + b"\r\n\r\n" + _csv([_row("b@s.be")])[len(";".join(HEADERS)) + 2 :],
        ("ok", []),
    ),
    "41_trailing_delimiters.csv": (
        lambda: _csv([_row() + ["", ""]], headers=HEADERS + ["", ""]),
        ("ok", []),
    ),
    "42_quoted_line_breaks.csv": (lambda: _csv([_row(last="Peeters\nVan Dam")]), ("ok", [])),
    "43_rows_without_username.csv": (
        lambda: _csv([_row(), _row(user="")]),
        ("ok", ["rows_without_username"]),
    ),
    "44_unmapped_headers.csv": (
        lambda: _csv([_row() + ["blauw"]], headers=HEADERS + ["Lievelingskleur"]),
        ("ok", ["unmapped_headers"]),
    ),
    "45_username_of_10000_characters.csv": (
        lambda: _csv([_row(user="a" * 10_000 + "@s.be")]),
        ("ok", []),
    ),
}

# files that are tested with the size limit lowered (DQ_MAX_FILE_MB)
SIZE_LIMITED = {"10_over_the_size_limit.csv": "0.05"}


def generate(out: Path) -> list[Path]:
    """Write every corpus file to ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, (make, _) in CORPUS.items():
        path = out / name
        path.write_bytes(make())
        paths.append(path)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "generated"
    for written in generate(target):
        print(written)
