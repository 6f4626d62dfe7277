"""Texts for people: Dutch by default, English on request.

Every text a person reads (CLI messages, page labels, explanations) is looked up here by a
key, so the two languages never drift apart; a test checks that every key has both.
The language comes from an explicit argument, else ``DQ_LANG``, else Dutch.

>>> t("reason.checksum", "nl")
'controlegetal klopt niet'
>>> t("reason.checksum", "en")
'check digits do not match'
>>> t("ingest.rows", "en", rows=3)
'3 rows'
"""

from __future__ import annotations

import os

LANGUAGES: tuple[str, ...] = ("nl", "en")

TEXTS: dict[str, dict[str, str]] = {
    # What the identifier engine found, short (for tables) and what to do about it.
    "reason.valid": {"nl": "geldig", "en": "valid"},
    "reason.missing": {"nl": "geen nummer ingevuld", "en": "no number filled in"},
    "reason.format": {
        "nl": "bevat tekens die geen cijfers zijn (of enkel nullen)",
        "en": "contains characters that are not digits (or only zeros)",
    },
    "reason.length": {"nl": "niet precies 11 cijfers", "en": "not exactly 11 digits"},
    "reason.checksum": {"nl": "controlegetal klopt niet", "en": "check digits do not match"},
    "reason.date": {
        "nl": "geboortemaand bestaat niet (ook niet als BIS-nummer)",
        "en": "birth month does not exist (not even as a BIS number)",
    },
    "reason.excel_scientific": {
        "nl": "door Excel als 8,5E+10 weergegeven: de cijfers zijn verloren",
        "en": "shown by Excel as 8.5E+10: the digits are lost",
    },
    "todo.valid": {
        "nl": "Niets te doen: dit nummer kan gebruikt worden voor tweestapsverificatie.",
        "en": "Nothing to do: this number can be used for two-step verification.",
    },
    "todo.missing": {
        "nl": "Vul het rijksregisternummer (of voor niet-Belgen het BIS-nummer) in via het gebruikersbeheer.",
        "en": "Fill in the national register number (or, for non-Belgians, the BIS number) in user management.",
    },
    "todo.format": {
        "nl": "Typ enkel de 11 cijfers over van de identiteitskaart of verblijfskaart; letters en andere tekens horen er niet in.",
        "en": "Type only the 11 digits from the identity card or residence card; letters and other characters do not belong.",
    },
    "todo.length": {
        "nl": "Controleer het aantal cijfers op de kaart: een rijksregister- of BIS-nummer heeft er altijd 11.",
        "en": "Check the number of digits on the card: a national register or BIS number always has 11.",
    },
    "todo.checksum": {
        "nl": "Waarschijnlijk een tikfout: vergelijk cijfer per cijfer met de identiteitskaart of verblijfskaart.",
        "en": "Probably a typo: compare digit by digit with the identity card or residence card.",
    },
    "todo.date": {
        "nl": "De cijfers 3 en 4 (maand) zijn onmogelijk: vergelijk met de kaart en verbeter de tikfout.",
        "en": "Digits 3 and 4 (month) are impossible: compare with the card and fix the typo.",
    },
    "todo.excel_scientific": {
        "nl": "Exporteer opnieuw zonder het bestand in Excel te openen, of zet de kolom eerst op 'Tekst'.",
        "en": "Export again without opening the file in Excel, or format the column as 'Text' first.",
    },
    "flag.decimal_suffix_removed": {
        "nl": "',0' achteraan verwijderd (Excel maakte er een kommagetal van)",
        "en": "trailing '.0' removed (Excel turned it into a decimal number)",
    },
    "flag.leading_zero_restored": {
        "nl": "voorloopnullen teruggezet (Excel had ze weggelaten)",
        "en": "leading zeros restored (Excel had dropped them)",
    },
    "kind.nn": {"nl": "rijksregisternummer", "en": "national register number"},
    "kind.bis": {"nl": "BIS-nummer", "en": "BIS number"},
    # dq check
    "check.col.input": {"nl": "invoer", "en": "input"},
    "check.col.number": {"nl": "nummer", "en": "number"},
    "check.col.verdict": {"nl": "oordeel", "en": "verdict"},
    "check.col.kind": {"nl": "soort", "en": "kind"},
    "check.col.explanation": {"nl": "uitleg", "en": "explanation"},
    "check.col.todo": {"nl": "wat te doen", "en": "what to do"},
    "check.valid": {"nl": "geldig", "en": "valid"},
    "check.invalid": {"nl": "ongeldig", "en": "invalid"},
    "check.no_values": {
        "nl": "Geef minstens één waarde, of '-' om waarden van de standaardinvoer te lezen.",
        "en": "Give at least one value, or '-' to read values from standard input.",
    },
    "check.summary": {
        "nl": "{valid} van {total} geldig",
        "en": "{valid} of {total} valid",
    },
    "ingest.rows": {"nl": "{rows} rijen", "en": "{rows} rows"},
    # Pages
    "ui.language": {"nl": "Taal", "en": "Language"},
    "page.checker": {"nl": "Nummer controleren", "en": "Check numbers"},
    "checker.intro": {
        "nl": "Plak rijksregister- of BIS-nummers (één per regel) of laad een bestand met één kolom. "
        "Elk nummer krijgt een oordeel en wat u eraan kunt doen. Niets wordt bewaard of gelogd.",
        "en": "Paste national register or BIS numbers (one per line) or upload a one-column file. "
        "Each number gets a verdict and what you can do about it. Nothing is stored or logged.",
    },
    "checker.paste": {"nl": "Nummers, één per regel", "en": "Numbers, one per line"},
    "checker.upload": {
        "nl": "Of een bestand met één kolom (CSV, TXT of XLSX)",
        "en": "Or a one-column file (CSV, TXT or XLSX)",
    },
    "checker.reveal": {"nl": "toon volledig", "en": "show in full"},
    "checker.valid_count": {"nl": "Geldige nummers", "en": "Valid numbers"},
    "checker.empty": {
        "nl": "Nog geen nummers: plak ze hierboven of laad een bestand.",
        "en": "No numbers yet: paste them above or upload a file.",
    },
    # Errors about files: name the file, what is wrong and what to do.
    "error.empty": {
        "nl": "{file}: het bestand is leeg. Exporteer de lijst opnieuw en laad het nieuwe bestand.",
        "en": "{file}: the file is empty. Export the list again and upload the new file.",
    },
    "error.old_excel": {
        "nl": "{file}: dit is een oud Excel-bestand (.xls) of een beveiligd bestand. Open het in Excel, "
        "verwijder een eventueel wachtwoord en kies 'Opslaan als' > 'Excel-werkmap (.xlsx)'.",
        "en": "{file}: this is an old Excel file (.xls) or a protected file. Open it in Excel, remove "
        "any password and choose 'Save as' > 'Excel Workbook (.xlsx)'.",
    },
    "error.bad_xlsx": {
        "nl": "{file}: dit .xlsx-bestand is beschadigd of geen echt Excel-bestand ({detail}). "
        "Open het in Excel en sla het opnieuw op, of exporteer als CSV.",
        "en": "{file}: this .xlsx file is damaged or not a real Excel file ({detail}). "
        "Open it in Excel and save it again, or export as CSV.",
    },
}


def language(lang: str | None = None) -> str:
    """The language to use: ``lang`` when given, else ``DQ_LANG``, else Dutch.

    >>> language("EN"), language("xx")
    ('en', 'nl')
    """
    chosen = (lang or os.environ.get("DQ_LANG") or "nl").strip().lower()[:2]
    return chosen if chosen in LANGUAGES else "nl"


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    text = TEXTS[key][language(lang)]
    return text.format(**values) if values else text
