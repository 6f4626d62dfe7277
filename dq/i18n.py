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
        "nl": "Typ in iGebruikersbeheer enkel de 11 cijfers over van de identiteitskaart of verblijfskaart; letters en andere tekens horen er niet in.",
        "en": "In iGebruikersbeheer, type only the 11 digits from the identity card or residence card; letters and other characters do not belong.",
    },
    "todo.length": {
        "nl": "Controleer het aantal cijfers op de kaart (altijd 11) en verbeter in iGebruikersbeheer.",
        "en": "Check the number of digits on the card (always 11) and correct it in iGebruikersbeheer.",
    },
    "todo.checksum": {
        "nl": "Waarschijnlijk een tikfout: vergelijk cijfer per cijfer met de identiteitskaart of verblijfskaart en verbeter in iGebruikersbeheer.",
        "en": "Probably a typo: compare digit by digit with the identity card or residence card and correct it in iGebruikersbeheer.",
    },
    "todo.date": {
        "nl": "De cijfers 3 en 4 (maand) zijn onmogelijk: vergelijk met de kaart en verbeter de tikfout in iGebruikersbeheer.",
        "en": "Digits 3 and 4 (month) are impossible: compare with the card and fix the typo in iGebruikersbeheer.",
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
    "error.policy": {
        "nl": "{file}: de waarde van '{key}' kan niet gebruikt worden. Toegelaten: {allowed}.",
        "en": "{file}: the value of '{key}' cannot be used. Allowed: {allowed}.",
    },
    "error.key_missing": {
        "nl": "De sleutel {path} ontbreekt, maar deze databank bevat al gegevens die met een "
        "sleutel versleuteld zijn. Zet het oorspronkelijke sleutelbestand terug (of DQ_SECRET_KEY): "
        "met een nieuwe sleutel zijn dubbele nummers en de opvolging over weken niet meer te vinden.",
        "en": "The key {path} is missing, but this database already holds data hashed with a key. "
        "Put the original key file back (or DQ_SECRET_KEY): with a new key, duplicate numbers "
        "and week-to-week tracking can no longer be found.",
    },
    "error.key_unreadable": {
        "nl": "De sleutel {path} kan niet gelezen worden (rechten of inhoud). Herstel het bestand: "
        "een nieuwe sleutel maakt de opgeslagen hashes onbruikbaar voor vergelijking.",
        "en": "The key {path} cannot be read (permissions or content). Restore the file: a new "
        "key makes the stored hashes useless for comparison.",
    },
    "error.key_unwritable": {
        "nl": "De sleutel kan niet aangemaakt worden in {path}. Geef een schrijfbare plaats op met "
        "DQ_KEY_FILE, of zet DQ_SECRET_KEY.",
        "en": "The key cannot be created at {path}. Give a writable place with DQ_KEY_FILE, or "
        "set DQ_SECRET_KEY.",
    },
    "error.key_changed": {
        "nl": "Deze databank werd gevuld met een andere sleutel dan {path}. Gebruik de "
        "oorspronkelijke sleutel; met deze sleutel zouden nummers niet meer overeenkomen.",
        "en": "This database was filled using a different key than {path}. Use the original "
        "key; with this one, numbers would no longer match.",
    },
    # dq ingest
    "kind_file.users": {"nl": "gebruikers", "en": "users"},
    "kind_file.contacts": {"nl": "contactpersonen", "en": "contacts"},
    "ingest.file_summary": {
        "nl": "{file}: {kind}, {rows} rijen, {accounts} accounts, {detected}; kolommen: {mapping}",
        "en": "{file}: {kind}, {rows} rows, {accounts} accounts, {detected}; columns: {mapping}",
    },
    "ingest.skipped": {
        "nl": "{file}: deze inhoud werd al ingelezen voor deze datum; niets gewijzigd.",
        "en": "{file}: this content was already ingested for this date; nothing changed.",
    },
    "ingest.as_of.option": {
        "nl": "Exportdatum {date} (opgegeven).",
        "en": "Export date {date} (given).",
    },
    "ingest.as_of.filename": {
        "nl": "Exportdatum {date} (uit de bestandsnaam).",
        "en": "Export date {date} (from the file name).",
    },
    "ingest.as_of.today": {
        "nl": "Exportdatum {date} (vandaag: geen datum opgegeven of in de bestandsnaam; gebruik --as-of).",
        "en": "Export date {date} (today: no date given or in the file name; use --as-of).",
    },
    "ingest.done": {
        "nl": "Momentopname {date} bewaard in {db}.",
        "en": "Snapshot {date} stored in {db}.",
    },
    "ingest.nothing": {"nl": "Niets gewijzigd in {db}.", "en": "Nothing changed in {db}."},
    "warning.unmapped_headers": {
        "nl": "niet gebruikte kolommen: {headers}",
        "en": "columns not used: {headers}",
    },
    "warning.rows_without_username": {
        "nl": "{count} rijen zonder gebruikersnaam overgeslagen (eerste: rij {first_row})",
        "en": "{count} rows without a username skipped (first: row {first_row})",
    },
    "warning.number_variants": {
        "nl": "{count} accounts met verschillende nummers op verschillende rijen (eerste: rij {first_row}); het kleinste werd gebruikt",
        "en": "{count} accounts with different numbers on different rows (first: row {first_row}); the smallest was used",
    },
    "snapshots.none": {"nl": "Nog geen momentopnamen in {db}.", "en": "No snapshots yet in {db}."},
    "snapshots.deleted": {
        "nl": "Momentopname {date} verwijderd.",
        "en": "Snapshot {date} deleted.",
    },
    "snapshots.not_found": {
        "nl": "Geen momentopname op {date} in {db}.",
        "en": "No snapshot on {date} in {db}.",
    },
    "error.bad_date": {
        "nl": "'{value}' is geen datum; schrijf ze als JJJJ-MM-DD, bv. 2026-11-20.",
        "en": "'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20.",
    },
    "error.store_busy": {
        "nl": "De databank {path} is bezet door een ander programma. Probeer het binnen een minuut opnieuw.",
        "en": "The database {path} is in use by another program. Try again in a minute.",
    },
    "error.store_missing": {
        "nl": "Er is nog geen databank op {path}. Laad eerst exports in met 'dq ingest' of via 'Gegevens laden'.",
        "en": "There is no database at {path} yet. Load exports first with 'dq ingest' or on 'Load data'.",
    },
    "error.store_version": {
        "nl": "De databank {path} heeft schemaversie {found}; deze versie van Sleutelklaar verwacht {expected}. "
        "Werk Sleutelklaar bij of laad de exports opnieuw in een nieuwe databank.",
        "en": "The database {path} has schema version {found}; this version of Sleutelklaar expects {expected}. "
        "Update Sleutelklaar or load the exports again into a new database.",
    },
    "demo.written": {
        "nl": "{count} demobestanden geschreven in {out}.",
        "en": "{count} demo files written to {out}.",
    },
    # dq metrics / diff
    "metrics.title": {"nl": "Gereedheid op {date}", "en": "Readiness on {date}"},
    "metrics.total": {"nl": "Totaal", "en": "Total"},
    "metrics.by_module": {"nl": "Per module", "en": "By module"},
    "metrics.by_school": {"nl": "Per school", "en": "By school"},
    "metrics.line": {
        "nl": "{in_scope} in scope, {ready} klaar, {ready_bis} klaar (BIS), {missing} ontbrekend, {invalid} ongeldig, "
        "{conflict} conflict, {external_unlinked} extern niet gekoppeld, {exempt} vrijgesteld, {not_required} niet vereist",
        "en": "{in_scope} in scope, {ready} ready, {ready_bis} ready (BIS), {missing} missing, {invalid} invalid, "
        "{conflict} conflict, {external_unlinked} external unlinked, {exempt} exempt, {not_required} not required",
    },
    "change.newly_ready": {"nl": "Nieuw in orde", "en": "Newly ready"},
    "change.newly_failing": {"nl": "Nieuw in fout", "en": "Newly failing"},
    "change.still_failing": {"nl": "Nog steeds in fout", "en": "Still failing"},
    "change.new_accounts": {"nl": "Nieuwe accounts", "en": "New accounts"},
    "change.removed_accounts": {"nl": "Verdwenen accounts", "en": "Removed accounts"},
    "change.unchanged": {"nl": "Ongewijzigd", "en": "Unchanged"},
    # Fix lists
    "fix.written": {
        "nl": "{count} accounts geschreven naar {out}.",
        "en": "{count} accounts written to {out}.",
    },
    "fix.bad_suffix": {
        "nl": "Kies een bestandsnaam op .csv, .xlsx of .zip, of - voor CSV op de standaarduitvoer.",
        "en": "Choose a file name ending in .csv, .xlsx or .zip, or - for CSV on standard output.",
    },
    "fix.sheet": {"nl": "Fixlijst", "en": "Fix list"},
    "fix.col.school_id": {"nl": "School", "en": "School"},
    "fix.col.username": {"nl": "Gebruikersnaam", "en": "Username"},
    "fix.col.last_name": {"nl": "Naam", "en": "Last name"},
    "fix.col.first_name": {"nl": "Voornaam", "en": "First name"},
    "fix.col.email": {"nl": "E-mail", "en": "E-mail"},
    "fix.col.groups": {"nl": "Groepen", "en": "Groups"},
    "fix.col.modules": {"nl": "Modules", "en": "Modules"},
    "fix.col.status": {"nl": "Status", "en": "Status"},
    "fix.col.reason": {"nl": "Reden", "en": "Reason"},
    "fix.col.flags": {"nl": "Meldingen", "en": "Flags"},
    "fix.col.action": {"nl": "Wat te doen", "en": "What to do"},
    "fix.col.days_failing": {"nl": "Dagen in fout", "en": "Days failing"},
    "fix.col.entered_value": {"nl": "Ingevulde waarde", "en": "Entered value"},
    "error.unexpected": {
        "nl": "Er liep iets onverwachts mis ({kind}). De databank is niet gewijzigd. "
        "Probeer opnieuw; blijft het gebeuren, meld het dan met de stappen die u zette.",
        "en": "Something unexpected went wrong ({kind}). The database was not changed. "
        "Try again; if it keeps happening, report it with the steps you took.",
    },
    # Errors about files: name the file, what is wrong and what to do.
    "error.not_found": {
        "nl": "{file}: bestand niet gevonden. Controleer de naam en de map.",
        "en": "{file}: file not found. Check the name and the folder.",
    },
    "error.too_large": {
        "nl": "{file}: het bestand is {mb} MB, meer dan de grens van {limit} MB. Exporteer per school of verhoog DQ_MAX_FILE_MB.",
        "en": "{file}: the file is {mb} MB, over the limit of {limit} MB. Export per school or raise DQ_MAX_FILE_MB.",
    },
    "error.binary": {
        "nl": "{file}: dit is geen tekst- of Excelbestand. Exporteer de lijst als CSV of .xlsx.",
        "en": "{file}: this is not a text or Excel file. Export the list as CSV or .xlsx.",
    },
    "error.undecodable": {
        "nl": "{file}: onleesbare tekens vanaf byte {offset}. Sla het bestand op als 'CSV UTF-8' en probeer opnieuw.",
        "en": "{file}: unreadable characters from byte {offset}. Save the file as 'CSV UTF-8' and try again.",
    },
    "error.bad_csv": {
        "nl": "{file}: de CSV is niet te lezen rond regel {line} (bv. een aanhalingsteken dat niet gesloten wordt). "
        "Exporteer opnieuw of sla op als .xlsx.",
        "en": "{file}: the CSV cannot be read around line {line} (e.g. a quote that is never closed). "
        "Export again or save as .xlsx.",
    },
    "error.no_sheet": {
        "nl": "{file}: geen enkel werkblad ({sheets}) heeft een kolom met de gebruikersnaam. Zet de lijst op het eerste blad.",
        "en": "{file}: no sheet ({sheets}) has a username column. Put the list on the first sheet.",
    },
    "error.wrong_delimiter": {
        "nl": "{file}: alle gegevens staan in één kolom; het scheidingsteken werd niet herkend. "
        "Exporteer opnieuw als CSV met ';' of als .xlsx.",
        "en": "{file}: all data sits in one column; the delimiter was not recognised. "
        "Export again as CSV with ';' or as .xlsx.",
    },
    "error.duplicate_headers": {
        "nl": "{file}: de kolom '{column}' komt meer dan eens voor ({headers}). Verwijder of hernoem er één.",
        "en": "{file}: the column '{column}' appears more than once ({headers}). Remove or rename one.",
    },
    "error.no_username": {
        "nl": "{file}: geen kolom met de gebruikersnaam. Gevonden kolommen: {seen}. Toegelaten namen: {accepted} "
        "(of voeg een regel toe onder [columns] in het beleid).",
        "en": "{file}: no username column. Columns found: {seen}. Accepted names: {accepted} "
        "(or add a line under [columns] in the policy).",
    },
    "error.no_number_column": {
        "nl": "{file}: geen kolom met het rijksregister- of BIS-nummer. Toegelaten namen o.a.: {accepted}. "
        "Voeg de kolom toe aan de export.",
        "en": "{file}: no national register or BIS number column. Accepted names include: {accepted}. "
        "Add the column to the export.",
    },
    "error.no_rows": {
        "nl": "{file}: enkel een kopregel, geen gegevens. Exporteer de lijst opnieuw.",
        "en": "{file}: only a header line, no data. Export the list again.",
    },
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
