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
        "nl": "geboortedatum bestaat niet (maand of dag onmogelijk, of na de exportdatum)",
        "en": "birth date does not exist (impossible month or day, or after the export date)",
    },
    "reason.serial": {
        "nl": "volgnummer 000 of 999: komt in een rijksregisternummer niet voor",
        "en": "serial 000 or 999: never occurs in a national register number",
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
        "nl": "Vul het rijksregisternummer in via het gebruikersbeheer. Iedereen in het "
        "rijksregister heeft er een, ook buitenlanders die in België wonen (op hun "
        "verblijfskaart); enkel wie niet in het rijksregister staat (bv. een grensarbeider die "
        "in het buitenland woont) heeft een BIS-nummer.",
        "en": "Fill in the national register number in user management. Everyone in the "
        "national register has one, including foreigners who live in Belgium (on their "
        "residence card); only people who are not in the national register (e.g. a "
        "cross-border worker living abroad) have a BIS number.",
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
        "nl": "De cijfers 1 tot 6 (geboortedatum) zijn onmogelijk: vergelijk met de kaart en verbeter de tikfout in iGebruikersbeheer.",
        "en": "Digits 1 to 6 (birth date) are impossible: compare with the card and fix the typo in iGebruikersbeheer.",
    },
    "todo.serial": {
        "nl": "De cijfers 7 tot 9 (volgnummer) zijn onmogelijk: vergelijk met de kaart en verbeter de tikfout in iGebruikersbeheer.",
        "en": "Digits 7 to 9 (serial) are impossible: compare with the card and fix the typo in iGebruikersbeheer.",
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
    "flag.scientific_notation_expanded": {
        "nl": "wetenschappelijke notatie uitgeschreven (alle 11 cijfers waren er nog)",
        "en": "scientific notation written out (all 11 digits were still there)",
    },
    "flag.excel_text_marker_removed": {
        "nl": 'Excels tekstteken (\' of ="…") verwijderd',
        "en": "Excel's text marker (' or =\"…\") removed",
    },
    "flag.number_in_text": {
        "nl": "een geldig nummer stond in een tekstveld of tussen andere tekens: gemaskeerd bewaard",
        "en": "a valid number was in a text field or among other characters: stored masked",
    },
    "flag.implausible_age": {
        "nl": "geldig, maar de houder zou jonger dan 15 of ouder dan 100 zijn: controleer het nummer met de persoon",
        "en": "valid, but the holder would be younger than 15 or older than 100: check the number with the person",
    },
    "kind.nn": {"nl": "rijksregisternummer", "en": "national register number"},
    "kind.bis": {"nl": "BIS-nummer", "en": "BIS number"},
    # Follow-up: marks, nudges and the board report (dq.marks, dq.notify, dq.report).
    "mark.kind.corrected": {"nl": "gecorrigeerd", "en": "corrected"},
    "mark.kind.notified": {"nl": "persoon verwittigd", "en": "person notified"},
    "judgement.waiting": {"nl": "wacht op export", "en": "waiting"},
    "judgement.confirmed": {"nl": "bevestigd", "en": "confirmed"},
    "judgement.reopened": {"nl": "heropend", "en": "reopened"},
    "judgement.total": {"nl": "totaal", "en": "total"},
    "mark.done": {
        "nl": "{count} account(s) gemarkeerd als '{kind}' ({id}). De volgende export bevestigt het.",
        "en": "{count} account(s) marked as '{kind}' ({id}). The next export will confirm it.",
    },
    "mark.undone": {"nl": "Markering {id} verwijderd.", "en": "Mark {id} removed."},
    "mark.need_kind": {
        "nl": "Kies --as corrected of --as notified (of --undo).",
        "en": "Choose --as corrected or --as notified (or --undo).",
    },
    "marks.none": {"nl": "Nog geen markeringen.", "en": "No marks yet."},
    "error.mark_kind": {
        "nl": "Onbekende soort markering '{kind}'. Kies uit: {allowed}.",
        "en": "Unknown kind of mark '{kind}'. Choose from: {allowed}.",
    },
    "error.mark_note_number": {
        "nl": "De notitie bevat een rijksregister- of BIS-nummer. Laat het nummer weg en probeer opnieuw.",
        "en": "The note holds a national register or BIS number. Leave the number out and try again.",
    },
    "error.mark_no_account": {
        "nl": "Het account '{username}' van school '{school}' staat niet in de laatste export. "
        "Controleer school en gebruikersnaam (zie dq fixlist).",
        "en": "The account '{username}' of school '{school}' is not in the latest export. "
        "Check the school and username (see dq fixlist).",
    },
    "error.mark_not_found": {
        "nl": "Geen markering gevonden om te verwijderen (zie dq marks).",
        "en": "No mark found to remove (see dq marks).",
    },
    "fix.col.mark": {"nl": "Markering", "en": "Mark"},
    "fix.col.marked_on": {"nl": "Gemarkeerd op", "en": "Marked on"},
    "notify.school.subject": {
        "nl": "Tweestapsverificatie: accounts om na te kijken voor {name}",
        "en": "Two-step verification: accounts to check for {name}",
    },
    "notify.school.body": {
        "nl": "Beste collega van {name},\n\nIn de bijlage staan {count} account(s) van jullie school "
        "die nog niet klaar zijn voor tweestapsverificatie, met per account wat er te doen is in "
        "iGebruikersbeheer. Wie het nummer niet heeft: vraag de identiteitskaart of verblijfskaart, "
        "en stuur nummers nooit per e-mail.\n\nNa de volgende export zien we wat in orde is.\n\n"
        "Met vriendelijke groeten,\nSleutelklaar",
        "en": "Dear colleague at {name},\n\nAttached are {count} account(s) of your school that are "
        "not ready for two-step verification yet, each with what to do in iGebruikersbeheer. "
        "Where the number is unknown, ask for the identity card or residence card, and never send "
        "numbers by e-mail.\n\nThe next export will show what is in order.\n\nKind regards,\n"
        "Sleutelklaar",
    },
    "notify.person.subject": {
        "nl": "Tweestapsverificatie: actie nodig voor je account",
        "en": "Two-step verification: action needed for your account",
    },
    "notify.person.body": {
        "nl": "Beste {name},\n\nBinnenkort meld je je in de schooladministratie van {school} aan met "
        "tweestapsverificatie, via de digitale sleutels van de Vlaamse overheid. Voor je account "
        "{username}:\n\n{todo}\n\nStuur je rijksregister- of BIS-nummer nooit per e-mail.\n\n"
        "Met vriendelijke groeten,\nhet secretariaat",
        "en": "Dear {name},\n\nSoon you will log in to the school administration of {school} with "
        "two-step verification, through the Flemish government's digital keys. For your account "
        "{username}:\n\n{todo}\n\nNever send your national register or BIS number by e-mail.\n\n"
        "Kind regards,\nthe school office",
    },
    "notify.person.todo.missing": {
        "nl": "Er is nog geen rijksregister- of BIS-nummer ingevuld. Toon je identiteitskaart of "
        "verblijfskaart aan het secretariaat, zodat zij het kunnen invullen.",
        "en": "No national register or BIS number has been filled in yet. Show your identity card "
        "or residence card at the school office, so that they can fill it in.",
    },
    "notify.person.todo.invalid": {
        "nl": "Het ingevulde nummer klopt niet. Toon je kaart aan het secretariaat, zodat zij het "
        "kunnen verbeteren.",
        "en": "The number filled in is not correct. Show your card at the school office, so that "
        "they can correct it.",
    },
    "notify.person.todo.conflict": {
        "nl": "Het ingevulde nummer staat ook bij een ander account. Laat het secretariaat het "
        "nakijken met je kaart.",
        "en": "The number filled in is also on another account. Ask the school office to check it "
        "with your card.",
    },
    "notify.person.todo.external_unlinked": {
        "nl": "Je account is nog niet gekoppeld aan een contactpersoon met een nummer. Vraag het "
        "secretariaat je als contactpersoon toe te voegen en je account te koppelen.",
        "en": "Your account is not linked to a contact person with a number yet. Ask the school "
        "office to add you as a contact person and link your account.",
    },
    "notify.person.todo.bis_key_activation": {
        "nl": "Met een BIS-nummer moet je misschien eerst je digitale sleutels activeren. Dat vraagt "
        "een afspraak en tijd: begin er nu aan. Uitleg: "
        "https://www.vlaanderen.be/aanmelden-bij-de-overheid-mijn-digitale-sleutels/digitale-sleutels-voor-niet-belgen",
        "en": "With a BIS number you may first have to activate your digital keys. That takes an "
        "appointment and time: start now. Guide: "
        "https://www.vlaanderen.be/aanmelden-bij-de-overheid-mijn-digitale-sleutels/digitale-sleutels-voor-niet-belgen",
    },
    "notify.none": {
        "nl": "Geen berichten: niemand te verwittigen (of iedereen kreeg recent al een bericht).",
        "en": "No messages: nobody to notify (or everyone was notified recently).",
    },
    "notify.written": {
        "nl": "{count} bericht(en) geschreven als .eml in {out}: lees ze na en verstuur met --send.",
        "en": "{count} message(s) written as .eml in {out}: review them, then send with --send.",
    },
    "notify.sent": {
        "nl": "{count} bericht(en) verstuurd via {host}; de accounts zijn gemarkeerd als verwittigd.",
        "en": "{count} message(s) sent through {host}; the accounts are marked as notified.",
    },
    "error.notify_no_secrets": {
        "nl": "Het geheimenbestand {path} ontbreekt of is geen geldige TOML. Zet er een [smtp]-tabel "
        "in met host, port, starttls, user en password (zie README, 'Opvolging').",
        "en": "The secrets file {path} is missing or not valid TOML. Put an [smtp] table in it with "
        "host, port, starttls, user and password (see README, 'Follow-up').",
    },
    "error.notify_no_smtp": {
        "nl": "Het geheimenbestand heeft geen [smtp]-tabel met een host. Voeg die toe (zie README).",
        "en": "The secrets file has no [smtp] table with a host. Add one (see README).",
    },
    "error.notify_smtp": {
        "nl": "Versturen via {host} mislukte ({kind}) na {sent} bericht(en). Controleer de "
        "[smtp]-instellingen; verstuurde berichten zijn gemarkeerd, opnieuw starten stuurt de rest.",
        "en": "Sending through {host} failed ({kind}) after {sent} message(s). Check the [smtp] "
        "settings; sent messages are marked, running again sends the rest.",
    },
    "error.mark_not_failing": {
        "nl": "Het account '{username}' van school '{school}' staat niet op de fixlijst (het is klaar "
        "of vrijgesteld): er valt niets te markeren.",
        "en": "The account '{username}' of school '{school}' is not on the fix list (it is ready "
        "or exempt): there is nothing to mark.",
    },
    "error.notify_no_contacts": {
        "nl": "Geen enkele school heeft een contact in het beleid. Voeg per school "
        '[schools."<id>"] contact = "..." toe aan het beleid (zie README, \'Opvolging\').',
        "en": 'No school has a contact in the policy. Add [schools."<id>"] contact = "..." '
        "per school to the policy (see README, 'Follow-up').",
    },
    "error.notify_setting_port": {
        "nl": "[smtp] {key} in het geheimenbestand is ongeldig: verwacht een poortnummer van 1 "
        "tot 65535 (meestal 587).",
        "en": "[smtp] {key} in the secrets file is not valid: expected a port number from 1 to "
        "65535 (usually 587).",
    },
    "error.notify_setting_bool": {
        "nl": "[smtp] {key} in het geheimenbestand is ongeldig: verwacht true of false.",
        "en": "[smtp] {key} in the secrets file is not valid: expected true or false.",
    },
    "error.notify_setting_text": {
        "nl": "[smtp] {key} in het geheimenbestand is ongeldig: verwacht tekst zonder regeleinden "
        "of andere stuurtekens.",
        "en": "[smtp] {key} in the secrets file is not valid: expected text without line breaks "
        "or other control characters.",
    },
    "error.notify_setting_address": {
        "nl": "[smtp] {key} in het geheimenbestand is ongeldig: verwacht precies één e-mailadres.",
        "en": "[smtp] {key} in the secrets file is not valid: expected exactly one e-mail address.",
    },
    "error.notify_unknown_value": {
        "nl": "Onbekende waarde voor {option}: {values}. Toegelaten: {allowed}.",
        "en": "Unknown value for {option}: {values}. Accepted: {allowed}.",
    },
    "notify.skipped": {"nl": "{school}/{username}: {why}", "en": "{school}/{username}: {why}"},
    "notify.skip.control": {
        "nl": "overgeslagen: het e-mailadres bevat een regeleinde of ander stuurteken; verbeter "
        "het in de export",
        "en": "skipped: the e-mail address holds a line break or other control character; fix it "
        "in the export",
    },
    "notify.skip.number": {
        "nl": "overgeslagen: het e-mailadres bevat een rijksregister- of BIS-nummer; geef de "
        "persoon een adres zonder nummer",
        "en": "skipped: the e-mail address holds a national register or BIS number; give the "
        "person an address without one",
    },
    "notify.skip.no_address": {
        "nl": "overgeslagen: geen geldig e-mailadres in de export",
        "en": "skipped: no valid e-mail address in the export",
    },
    "notify.skip.several": {
        "nl": "meerdere adressen in de cel; het bericht gaat enkel naar het eerste geldige ({to})",
        "en": "several addresses in the cell; the message goes to the first valid one only ({to})",
    },
    "notify.failed": {
        "nl": "Niet verstuurd naar {to} ({accounts}): {why}",
        "en": "Not sent to {to} ({accounts}): {why}",
    },
    "notify.failed_total": {
        "nl": "{count} bericht(en) niet verstuurd; opnieuw starten met --send stuurt enkel die.",
        "en": "{count} message(s) not sent; running again with --send sends only those.",
    },
    "error.notify_rate": {
        "nl": "--per-minute moet minstens 1 zijn.",
        "en": "--per-minute must be at least 1.",
    },
    "report.title": {
        "nl": "Sleutelklaar: verslag voor het bestuur",
        "en": "Sleutelklaar: report for the board",
    },
    "report.empty": {
        "nl": "Nog geen export geladen: er is niets te rapporteren.",
        "en": "No export loaded yet: there is nothing to report.",
    },
    "report.as_of": {
        "nl": "Op basis van de export van {date} · opgemaakt op {made}",
        "en": "Based on the export of {date} · made on {made}",
    },
    "report.now": {"nl": "Gereedheid nu en door de tijd", "en": "Readiness now and over time"},
    "report.forecast": {
        "nl": "Prognose per module tegenover de invoerdatum",
        "en": "Forecast per module against the enforcement date",
    },
    "report.at_risk": {"nl": "Scholen met risico", "en": "Schools at risk"},
    "report.no_risk": {"nl": "Geen school met risico.", "en": "No school at risk."},
    "report.changes": {
        "nl": "Wat veranderde sinds de vorige export",
        "en": "What changed since the previous export",
    },
    "report.changes_between": {"nl": "Van {old} tot {new}.", "en": "From {old} to {new}."},
    "report.no_previous": {
        "nl": "Er is nog geen vorige export.",
        "en": "There is no previous export yet.",
    },
    "report.marks": {"nl": "Opvolging: markeringen", "en": "Follow-up: marks"},
    "report.no_marks": {"nl": "Nog geen markeringen.", "en": "No marks yet."},
    "report.total": {"nl": "Totaal", "en": "Total"},
    "report.col.module": {"nl": "Module", "en": "Module"},
    "report.col.readiness": {"nl": "Gereedheid", "en": "Readiness"},
    "report.col.when": {"nl": "100 % verwacht", "en": "100 % expected"},
    "report.col.deadline": {"nl": "Invoerdatum", "en": "Enforced from"},
    "report.col.verdict": {"nl": "Oordeel", "en": "Verdict"},
    "report.col.school": {"nl": "School", "en": "School"},
    "report.col.name": {"nl": "Naam", "en": "Name"},
    "report.col.failing": {"nl": "Niet klaar", "en": "Not ready"},
    "report.col.change": {"nl": "Verandering", "en": "Change"},
    "report.col.accounts": {"nl": "Accounts", "en": "Accounts"},
    "page.follow_up": {"nl": "Opvolging", "en": "Follow-up"},
    "fix.mark.title": {"nl": "Markeren wat gedaan is", "en": "Mark what was done"},
    "fix.mark.accounts": {
        "nl": "Accounts (of selecteer rijen in de tabel)",
        "en": "Accounts (or select rows in the table)",
    },
    "fix.mark.kind": {"nl": "Wat werd gedaan?", "en": "What was done?"},
    "fix.mark.note": {
        "nl": "Notitie (optioneel, nooit een nummer)",
        "en": "Note (optional, never a number)",
    },
    "fix.mark.button": {"nl": "Markeer {count} account(s)", "en": "Mark {count} account(s)"},
    "fix.mark.undo": {"nl": "Laatste markering ongedaan maken", "en": "Undo the newest mark"},
    "fix.mark.done": {
        "nl": "{count} account(s) gemarkeerd. De volgende export bevestigt of heropent het.",
        "en": "{count} account(s) marked. The next export confirms or reopens it.",
    },
    "fix.mark.undone": {
        "nl": "{count} markering(en) verwijderd.",
        "en": "{count} mark(s) removed.",
    },
    "fix.unmarked": {"nl": "enkel wat niemand markeerde", "en": "only what nobody marked"},
    "overview.follow_up": {
        "nl": "Opvolging: markeringen per school",
        "en": "Follow-up: marks per school",
    },
    "overview.report": {
        "nl": "Verslag voor het bestuur (HTML)",
        "en": "Report for the board (HTML)",
    },
    "follow.audience": {"nl": "Naar wie?", "en": "To whom?"},
    "follow.schools": {"nl": "scholen (hun fixlijst)", "en": "schools (their fix list)"},
    "follow.people": {"nl": "accounthouders", "en": "account holders"},
    "follow.count": {
        "nl": "{count} bericht(en) klaar (wie de laatste {days} dagen al een bericht kreeg, niet).",
        "en": "{count} message(s) ready (not to whoever got one in the last {days} days).",
    },
    "follow.preview": {
        "nl": "Voorbeeld van het eerste bericht",
        "en": "Preview of the first message",
    },
    "follow.attachment": {"nl": "Bijlage: {name}", "en": "Attachment: {name}"},
    "follow.download": {
        "nl": "Download als .eml-bestanden (zip)",
        "en": "Download as .eml files (zip)",
    },
    "follow.confirm": {"nl": "Ik las het voorbeeld na", "en": "I have read the preview"},
    "follow.send": {"nl": "Verstuur {count} bericht(en)", "en": "Send {count} message(s)"},
    "follow.no_smtp": {
        "nl": "Versturen kan zodra [smtp] ingesteld is in .streamlit/secrets.toml (zie README, "
        "'Opvolging'). Download intussen de .eml-bestanden.",
        "en": "Sending works once [smtp] is set in .streamlit/secrets.toml (see README, "
        "'Follow-up'). Meanwhile, download the .eml files.",
    },
    "report.written": {
        "nl": "Verslag geschreven: {out} ({kb} kB).",
        "en": "Report written: {out} ({kb} kB).",
    },
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
    "ingest.reapplied": {
        "nl": "Dezelfde inhoud als eerder voor deze datum, opnieuw geladen omdat de opties "
        "verschillen (soort, school of beleid).",
        "en": "Same content as before for this date, loaded again because the options differ "
        "(kind, school or policy).",
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
    "warning.unknown_active_values": {
        "nl": "kolom {column}: {count} waarden die niet zeggen of het account actief is ({values}); "
        "ze tellen als actief. Voeg ze toe aan [readiness] active_values of inactive_values in het beleid",
        "en": "column {column}: {count} values that do not say whether the account is active ({values}); "
        "they count as active. Add them to [readiness] active_values or inactive_values in the policy",
    },
    "ingest.detected_csv": {
        "nl": "{encoding}, scheidingsteken '{delimiter}'",
        "en": "{encoding}, delimiter '{delimiter}'",
    },
    "ingest.detected_sheet": {"nl": "xlsx, blad '{sheet}'", "en": "xlsx, sheet '{sheet}'"},
    "warning.number_variants": {
        "nl": "{count} accounts met verschillende nummers op verschillende rijen (eerste: rij {first_row}); het hoogste werd gebruikt",
        "en": "{count} accounts with different numbers on different rows (first: row {first_row}); the highest was used",
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
    # Dashboard pages
    "page.overview": {"nl": "Overzicht", "en": "Overview"},
    "page.matrix": {"nl": "Modules & scholen", "en": "Modules & schools"},
    "page.progress": {"nl": "Voortgang", "en": "Progress"},
    "page.fixlists": {"nl": "Fixlijsten", "en": "Fix lists"},
    "page.quality": {"nl": "Datakwaliteit", "en": "Data quality"},
    "page.import": {"nl": "Gegevens laden", "en": "Load data"},
    "page.policy": {"nl": "Beleid", "en": "Policy"},
    "page.help": {"nl": "Stappenplan", "en": "Step by step"},
    "ui.empty.title": {"nl": "Nog geen gegevens om te tonen.", "en": "No data to show yet."},
    "ui.empty.body": {
        "nl": "Sleutelklaar toont hier de voortgang zodra er een export is ingeladen in `{db}`.\n\n1. Exporteer in iGebruikersbeheer de lijst *Gebruikers in groepen* (CSV of Excel), en de externe contactpersonen.\n2. Laad de bestanden op de pagina **Gegevens laden**, of met `dq ingest BESTAND...`.\n3. Wilt u eerst rondkijken? `dq demo` maakt een fictieve scholengroep aan.",
        "en": "Sleutelklaar shows progress here once an export has been loaded into `{db}`.\n\n1. In iGebruikersbeheer, export the list *Users in groups* (CSV or Excel), and the external contact persons.\n2. Load the files on the **Load data** page, or with `dq ingest FILE...`.\n3. Want to look around first? `dq demo` creates a fictional school group.",
    },
    "kpi.in_scope": {"nl": "Accounts in scope", "en": "Accounts in scope"},
    "kpi.readiness": {"nl": "Gereedheid", "en": "Readiness"},
    "kpi.missing": {"nl": "Geen nummer", "en": "No number"},
    "kpi.invalid": {"nl": "Ongeldig nummer", "en": "Invalid number"},
    "kpi.conflict": {"nl": "Conflicten", "en": "Conflicts"},
    "kpi.external_unlinked": {"nl": "Extern, niet gekoppeld", "en": "External, not linked"},
    "kpi.exempt": {"nl": "Webservice (vrijgesteld)", "en": "Webservice (exempt)"},
    "kpi.not_required": {"nl": "Geen 2FA vereist", "en": "No 2FA required"},
    "overview.stale": {
        "nl": "De laatste export is {days} dagen oud. Laad een nieuwe export om de voortgang te volgen.",
        "en": "The latest export is {days} days old. Load a new export to follow progress.",
    },
    "overview.as_of": {"nl": "Export van {date}", "en": "Export of {date}"},
    "overview.delta_help": {
        "nl": "Verschil met de vorige export.",
        "en": "Change since the previous export.",
    },
    "overview.to_fixlist": {"nl": "naar de fixlijst", "en": "to the fix list"},
    "overview.to_bis_list": {
        "nl": "naar de lijst: digitale sleutel laten activeren",
        "en": "to the list: ask to activate the digital key",
    },
    "overview.bis_help": {
        "nl": "Klaar met een BIS-nummer. Wie niet in het rijksregister staat, moet misschien eerst "
        "een digitale sleutel activeren, en dat kost tijd: vraag het tijdig.",
        "en": "Ready with a BIS number. People who are not in the national register may first "
        "have to activate a digital key, which takes time: ask them in good time.",
    },
    "overview.trend": {"nl": "Gereedheid door de tijd", "en": "Readiness over time"},
    "overview.modules": {"nl": "Per module: op tijd klaar?", "en": "Per module: ready in time?"},
    "overview.module_line": {
        "nl": "nu {readiness}, 100 % rond {when}, deadline {deadline}",
        "en": "now {readiness}, 100 % around {when}, deadline {deadline}",
    },
    "overview.provenance": {
        "nl": "Herkomst van deze cijfers",
        "en": "Where these figures come from",
    },
    "overview.provenance_line": {
        "nl": "Export van **{date}**, ingelezen op {at}, regels versie {rules}, Sleutelklaar {tool}.",
        "en": "Export of **{date}**, loaded on {at}, rules version {rules}, Sleutelklaar {tool}.",
    },
    "verdict.on_track": {"nl": "op schema", "en": "on track"},
    "verdict.at_risk": {"nl": "risico", "en": "at risk"},
    "verdict.no_progress": {"nl": "geen vooruitgang", "en": "no progress"},
    "verdict.no_deadline": {"nl": "geen deadline", "en": "no deadline"},
    "verdict.complete": {"nl": "klaar", "en": "complete"},
    "rag.red": {"nl": "rood", "en": "red"},
    "rag.amber": {"nl": "oranje", "en": "amber"},
    "rag.green": {"nl": "groen", "en": "green"},
    "chart.readiness": {"nl": "Gereedheid", "en": "Readiness"},
    "chart.forecast": {"nl": "Prognose naar 100 %", "en": "Forecast to 100 %"},
    "chart.deadline": {"nl": "deadline {date}", "en": "deadline {date}"},
    "chart.export_date": {"nl": "Exportdatum", "en": "Export date"},
    "chart.module": {"nl": "Module", "en": "Module"},
    "chart.school": {"nl": "School", "en": "School"},
    "chart.accounts": {"nl": "Aantal accounts", "en": "Number of accounts"},
    "matrix.legend": {
        "nl": "Kleur én symbool: ■ rood onder {red}, ▲ oranje onder {amber}, ● groen daarboven. Klik een vak of kies hieronder.",
        "en": "Colour and symbol: ■ red below {red}, ▲ amber below {amber}, ● green above. Click a cell or choose below.",
    },
    "matrix.empty_cell": {
        "nl": "Geen accounts voor deze school en module.",
        "en": "No accounts for this school and module.",
    },
    "matrix.cell": {
        "nl": "**{school} · {module}**: {readiness} ({rag}), {in_scope} accounts in scope.",
        "en": "**{school} · {module}**: {readiness} ({rag}), {in_scope} accounts in scope.",
    },
    "table.shown": {
        "nl": "{shown} van {total} accounts getoond; de download bevat ze allemaal.",
        "en": "{shown} of {total} accounts shown; the download holds all of them.",
    },
    "filter.school": {"nl": "School", "en": "School"},
    "filter.module": {"nl": "Module", "en": "Module"},
    "filter.status": {"nl": "Status", "en": "Status"},
    "filter.reason": {"nl": "Reden", "en": "Reason"},
    "filter.flag": {"nl": "Melding", "en": "Flag"},
    "filter.search": {"nl": "Zoek op naam of gebruikersnaam", "en": "Search name or username"},
    "progress.by_module": {"nl": "Per module", "en": "By module"},
    "progress.by_school": {"nl": "Per school", "en": "By school"},
    "progress.compare": {"nl": "Vergelijk twee exports", "en": "Compare two exports"},
    "progress.one_snapshot": {
        "nl": "Er is pas één export; vergelijken kan vanaf de tweede.",
        "en": "There is only one export; comparing starts with the second.",
    },
    "progress.from": {"nl": "Van", "en": "From"},
    "progress.to": {"nl": "Tot", "en": "To"},
    "progress.order": {
        "nl": "Kies eerst de oudste, dan de nieuwste export.",
        "en": "Choose the older export first, then the newer one.",
    },
    "fix.show_values": {"nl": "toon ingevoerde waarden", "en": "show entered values"},
    "fix.download_csv": {"nl": "Download CSV", "en": "Download CSV"},
    "fix.download_xlsx": {"nl": "Download Excel", "en": "Download Excel"},
    "fix.download_zip": {"nl": "Eén bestand per school (zip)", "en": "One file per school (zip)"},
    "quality.reasons": {
        "nl": "Waarom nummers niet in orde zijn",
        "en": "Why numbers are not in order",
    },
    "quality.flags": {"nl": "Meldingen", "en": "Flags"},
    "quality.excel": {"nl": "Schade door Excel", "en": "Damage done by Excel"},
    "quality.damage.leading_zero_restored": {
        "nl": "weggevallen voorloopnullen",
        "en": "dropped leading zeros",
    },
    "quality.damage.decimal_suffix_removed": {"nl": "kommagetal (',0')", "en": "decimal ('.0')"},
    "quality.damage.excel_scientific": {
        "nl": "wetenschappelijke notatie (8,5E+10)",
        "en": "scientific notation (8.5E+10)",
    },
    "quality.restored": {"nl": "hersteld", "en": "restored"},
    "quality.not_restored": {"nl": "niet te herstellen", "en": "cannot be restored"},
    "quality.unknown": {
        "nl": "Onbekende modules en groepen zonder modules",
        "en": "Unknown modules and groups without modules",
    },
    "quality.none_unknown": {
        "nl": "Alle modules en groepen zijn bekend.",
        "en": "All modules and groups are known.",
    },
    "quality.files": {"nl": "Ingelezen bestanden", "en": "Files loaded"},
    "quality.header": {"nl": "Kolom in het bestand", "en": "Column in the file"},
    "quality.column": {"nl": "Betekenis", "en": "Meaning"},
    "quality.clashes": {
        "nl": "Dubbele nummers en conflicten",
        "en": "Duplicate numbers and conflicts",
    },
    "quality.inactive": {
        "nl": "Op te ruimen: niet-actieve en geblokkeerde accounts",
        "en": "To clean up: inactive and blocked accounts",
    },
    "quality.no_inactive": {
        "nl": "Geen accounts die de export als niet actief of geblokkeerd aanduidt.",
        "en": "No accounts that the export marks as inactive or blocked.",
    },
    "quality.inactive_help": {
        "nl": "{count} accounts staan in de export als niet actief of geblokkeerd. Ze tellen niet "
        "mee voor de gereedheid; ruim ze op als ze niet meer nodig zijn.",
        "en": "{count} accounts are marked inactive or blocked in the export. They do not count "
        "towards readiness; clean them up if they are no longer needed.",
    },
    "quality.no_clashes": {
        "nl": "Geen nummer staat bij meer dan één account.",
        "en": "No number is on more than one account.",
    },
    "import.intro": {
        "nl": "Laad de export *Gebruikers in groepen* en eventueel de externe contactpersonen (CSV of Excel). U ziet eerst wat herkend werd; pas na bevestiging wordt iets bewaard.",
        "en": "Load the export *Users in groups* and optionally the external contact persons (CSV or Excel). You first see what was recognised; nothing is stored until you confirm.",
    },
    "import.files": {"nl": "Exportbestanden", "en": "Export files"},
    "import.as_of": {"nl": "Exportdatum", "en": "Export date"},
    "import.go": {"nl": "Inlezen", "en": "Load"},
    "import.busy": {"nl": "Bezig met inlezen…", "en": "Loading…"},
    "import.stage.read": {"nl": "Bestanden lezen…", "en": "Reading files…"},
    "import.stage.check": {"nl": "Nummers controleren…", "en": "Checking numbers…"},
    "import.stage.write": {"nl": "Bewaren…", "en": "Storing…"},
    "import.stage.done": {"nl": "Klaar.", "en": "Done."},
    "import.snapshots": {"nl": "Momentopnamen", "en": "Snapshots"},
    "import.delete_pick": {"nl": "Momentopname verwijderen", "en": "Delete a snapshot"},
    "import.delete_sure": {
        "nl": "Ja, verwijder de momentopname van {date} en alles wat erin zit.",
        "en": "Yes, delete the snapshot of {date} and everything in it.",
    },
    "import.delete": {"nl": "Verwijderen", "en": "Delete"},
    "policy.intro": {
        "nl": "Wat telt als klaar voor tweestapsverificatie. Wijzigingen gelden meteen voor alle momentopnamen.",
        "en": "What counts as ready for two-step verification. Changes apply at once to every snapshot.",
    },
    "policy.modules": {"nl": "Modules", "en": "Modules"},
    "policy.col.id": {"nl": "Code", "en": "Code"},
    "policy.col.label": {"nl": "Naam", "en": "Name"},
    "policy.col.requires": {"nl": "2FA vereist", "en": "2FA required"},
    "policy.col.enforced": {"nl": "Verplicht vanaf", "en": "Enforced from"},
    "policy.col.pattern": {"nl": "Groep (patroon, * en ?)", "en": "Group (pattern, * and ?)"},
    "policy.col.modules": {
        "nl": "Modules (gescheiden door komma's)",
        "en": "Modules (comma-separated)",
    },
    "policy.thresholds": {"nl": "Drempels", "en": "Thresholds"},
    "policy.red": {"nl": "Rood onder (%)", "en": "Red below (%)"},
    "policy.amber": {"nl": "Oranje onder (%)", "en": "Amber below (%)"},
    "policy.stale": {
        "nl": "Verouderd na (dagen zonder aanmelding)",
        "en": "Stale after (days without login)",
    },
    "policy.webservice": {"nl": "Webservice-accounts", "en": "Webservice accounts"},
    "policy.prefix": {"nl": "Gebruikersnaam begint met", "en": "Username starts with"},
    "policy.hints": {
        "nl": "Woorden die op een koppeling wijzen",
        "en": "Words that suggest an integration",
    },
    "policy.groups": {
        "nl": "Groepen → modules (als de export geen modules heeft)",
        "en": "Groups → modules (when the export has no modules)",
    },
    "policy.save": {"nl": "Beleid bewaren", "en": "Save policy"},
    "policy.saved": {
        "nl": "Bewaard; {count} momentopnamen opnieuw beoordeeld.",
        "en": "Saved; {count} snapshots judged again.",
    },
    "policy.no_store": {
        "nl": "Het beleid is geldig, maar er is nog geen databank om het in te bewaren. Laad eerst een export.",
        "en": "The policy is valid, but there is no database to store it in yet. Load an export first.",
    },
    "policy.toml": {
        "nl": "Het beleid als TOML-bestand (voor dq ingest --policy)",
        "en": "The policy as a TOML file (for dq ingest --policy)",
    },
    "help.steps": {
        "nl": "1. Laad elke week de export *Gebruikers in groepen* (en de contactpersonen) in.\n2. Kijk op **Overzicht** hoeveel accounts nog niet klaar zijn en of elke module op tijd klaar is.\n3. Download op **Fixlijsten** de lijst per school en verbeter de accounts in iGebruikersbeheer: nummers vult u daar in, ook voor iRekeningen en iRegistratie, nooit in die modules zelf.\n4. Laad na de verbeteringen een nieuwe export in en volg het resultaat op **Voortgang**.",
        "en": "1. Every week, load the export *Users in groups* (and the contact persons).\n2. On **Overview**, see how many accounts are not ready yet and whether each module will be ready in time.\n3. On **Fix lists**, download the list per school and correct the accounts in iGebruikersbeheer: numbers are filled in there, also for iRekeningen and iRegistratie, never in those modules themselves.\n4. After the corrections, load a new export and follow the result on **Progress**.",
    },
    "help.statuses": {"nl": "Statussen", "en": "Statuses"},
    "help.flags": {"nl": "Meldingen", "en": "Flags"},
    "help.reasons": {
        "nl": "Redenen (waarom een nummer ongeldig is)",
        "en": "Reasons (why a number is invalid)",
    },
    "help.outside": {
        "nl": "Buiten de gereedheid: `exempt`, `inactive` en `not_required` tellen niet mee in "
        "de noemer. Gereedheid = (klaar + klaar met BIS-nummer) / accounts die meetellen.",
        "en": "Outside readiness: `exempt`, `inactive` and `not_required` are not in the "
        "denominator. Readiness = (ready + ready with a BIS number) / accounts in scope.",
    },
    "help.todo": {"nl": "Wat te doen:", "en": "What to do:"},
    "status.exempt": {"nl": "Webservice (vrijgesteld)", "en": "Webservice (exempt)"},
    "status.not_required": {"nl": "Geen 2FA vereist", "en": "No 2FA required"},
    "status.external_unlinked": {"nl": "Extern, niet gekoppeld", "en": "External, not linked"},
    "status.missing": {"nl": "Geen nummer", "en": "No number"},
    "status.invalid": {"nl": "Ongeldig nummer", "en": "Invalid number"},
    "status.conflict": {"nl": "Conflict", "en": "Conflict"},
    "status.ready_bis": {"nl": "Klaar (BIS-nummer)", "en": "Ready (BIS number)"},
    "status.ready": {"nl": "Klaar", "en": "Ready"},
    "status.inactive": {"nl": "Niet actief", "en": "Inactive"},
    "flag_label.leading_zero_restored": {
        "nl": "Voorloopnullen hersteld",
        "en": "Leading zeros restored",
    },
    "flag_label.decimal_suffix_removed": {
        "nl": "Kommagetal hersteld",
        "en": "Decimal suffix removed",
    },
    "flag_label.bis_key_activation": {
        "nl": "BIS: digitale sleutels activeren",
        "en": "BIS: activate digital keys",
    },
    "flag_label.suspect_webservice": {
        "nl": "Lijkt een webservice",
        "en": "Looks like a webservice",
    },
    "flag_label.same_person_multiple_accounts": {
        "nl": "Zelfde persoon, meerdere accounts",
        "en": "Same person, several accounts",
    },
    "flag_label.stale": {"nl": "Lang niet aangemeld", "en": "Not logged in for long"},
    "flag_label.birthdate_mismatch": {
        "nl": "Geboortedatum klopt niet",
        "en": "Birth date does not match",
    },
    "flag_label.numbers_disagree": {"nl": "Nummers verschillen", "en": "Numbers disagree"},
    "flag_label.unknown_module": {"nl": "Onbekende module", "en": "Unknown module"},
    "flag_label.implausible_age": {"nl": "Leeftijd onwaarschijnlijk", "en": "Implausible age"},
    "flag_label.scientific_notation_expanded": {
        "nl": "Wetenschappelijke notatie uitgeschreven",
        "en": "Scientific notation expanded",
    },
    "flag_label.number_in_text": {"nl": "Nummer in tekstveld", "en": "Number in a text field"},
    "flag_label.excel_text_marker_removed": {
        "nl": "Excel-tekstteken verwijderd",
        "en": "Excel text marker removed",
    },
    "page.signin": {"nl": "Aanmelden", "en": "Sign in"},
    "ui.signin.body": {
        "nl": "Sleutelklaar toont gegevens over de accounts van uw scholen. Meld u aan met het account van uw school.",
        "en": "Sleutelklaar shows data about your schools' accounts. Sign in with your school account.",
    },
    "ui.signin.button": {"nl": "Aanmelden", "en": "Sign in"},
    "ui.signout": {"nl": "Afmelden", "en": "Sign out"},
    "ui.admins_only": {
        "nl": "Lijsten met accounts en ingevulde waarden zijn er enkel voor beheerders (zie het beleid, [access]).",
        "en": "Lists of accounts and entered values are for administrators only (see the policy, [access]).",
    },
    # dq metrics / diff
    "metrics.title": {"nl": "Gereedheid op {date}", "en": "Readiness on {date}"},
    "metrics.total": {"nl": "Totaal", "en": "Total"},
    "metrics.by_module": {"nl": "Per module", "en": "By module"},
    "metrics.by_school": {"nl": "Per school", "en": "By school"},
    "metrics.line": {
        "nl": "{in_scope} in scope; {statuses}",
        "en": "{in_scope} in scope; {statuses}",
    },
    "change.newly_ready": {"nl": "Nieuw in orde", "en": "Newly ready"},
    "change.newly_failing": {"nl": "Nieuw in fout", "en": "Newly failing"},
    "change.still_failing": {"nl": "Nog steeds in fout", "en": "Still failing"},
    "change.new_accounts": {"nl": "Nieuwe accounts", "en": "New accounts"},
    "change.removed_accounts": {"nl": "Verdwenen accounts", "en": "Removed accounts"},
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
    "error.write_failed": {
        "nl": "De databank kon niet geschreven worden ({kind}): is de schijf vol? Er is niets gewijzigd. "
        "Maak ruimte vrij en probeer opnieuw.",
        "en": "The database could not be written ({kind}): is the disk full? Nothing was changed. "
        "Free some space and try again.",
    },
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
        "nl": "{file}: onleesbare tekens op regel {line}. Sla het bestand op als 'CSV UTF-8' en probeer opnieuw.",
        "en": "{file}: unreadable characters on line {line}. Save the file as 'CSV UTF-8' and try again.",
    },
    "error.bad_csv": {
        "nl": "{file}: de CSV is niet te lezen rond regel {line} (bv. een aanhalingsteken dat niet gesloten wordt). "
        "Exporteer opnieuw of sla op als .xlsx.",
        "en": "{file}: the CSV cannot be read around line {line} (e.g. a quote that is never closed). "
        "Export again or save as .xlsx.",
    },
    "error.bad_csv_layout": {
        "nl": "{file}: de opbouw van de CSV (scheidingsteken, aanhalingstekens) is niet te herkennen, "
        "bv. door een aanhalingsteken dat niet gesloten wordt. Exporteer opnieuw of sla op als .xlsx.",
        "en": "{file}: the CSV's layout (delimiter, quotes) cannot be recognised, e.g. because of a quote "
        "that is never closed. Export again or save as .xlsx.",
    },
    "error.no_sheet": {
        "nl": "{file}: geen enkel werkblad ({sheets}) heeft een kolom met de gebruikersnaam. Zet de lijst op het eerste blad.",
        "en": "{file}: no sheet ({sheets}) has a username column. Put the list on the first sheet.",
    },
    "error.too_many_columns": {
        "nl": "{file}: {count} kolommen, meer dan de {limit} die een export ooit heeft. Exporteer de lijst opnieuw.",
        "en": "{file}: {count} columns, more than the {limit} an export ever has. Export the list again.",
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
    # Hostile files and misconfiguration (issue 13)
    "error.misaligned_row": {
        "nl": "{file}: regel {line} heeft {found} velden waar de kopregel er {expected} heeft "
        "(bv. een scheidingsteken in een naam of een ontbrekende cel). Er is niets geladen. "
        "Verbeter de regel, of laad met 'Regels met een verkeerd aantal velden overslaan' "
        "(dq ingest --skip-bad-rows).",
        "en": "{file}: line {line} has {found} fields where the header has {expected} "
        "(e.g. a delimiter inside a name or a missing cell). Nothing was loaded. "
        "Correct the line, or load with 'Skip lines with a wrong number of fields' "
        "(dq ingest --skip-bad-rows).",
    },
    "warning.skipped_rows": {
        "nl": "{count} regel(s) overgeslagen omdat hun aantal velden niet klopt: {lines}",
        "en": "{count} line(s) skipped because their number of fields is wrong: {lines}",
    },
    "error.sheet_too_large": {
        "nl": "{file}: werkblad '{sheet}' is te groot ({cells} cellen, grens {limit}). "
        "Exporteer enkel de lijst met accounts, of als CSV.",
        "en": "{file}: sheet '{sheet}' is too large ({cells} cells, limit {limit}). "
        "Export only the list of accounts, or as CSV.",
    },
    "error.temp_full": {
        "nl": "{file}: de map voor tijdelijke bestanden ({folder}) is vol. Er is niets gewijzigd. "
        "Maak ruimte vrij of wijs TMPDIR naar een andere map.",
        "en": "{file}: the folder for temporary files ({folder}) is full. Nothing was changed. "
        "Free some space or point TMPDIR to another folder.",
    },
    "error.store_not_a_store": {
        "nl": "{path} is geen Sleutelklaar-databank. Controleer --db (of DQ_DB): het moet een "
        "bestand zijn dat dq ingest gemaakt heeft.",
        "en": "{path} is not a Sleutelklaar database. Check --db (or DQ_DB): it must name a file "
        "made by dq ingest.",
    },
    "error.store_read_only": {
        "nl": "De databank {path} is alleen-lezen: bekijken kan, maar laden, beleid opslaan en "
        "verwijderen niet. Geef schrijfrechten op het bestand en de map, of gebruik een andere --db.",
        "en": "The database {path} is read-only: viewing works, but loading, saving the policy "
        "and deleting do not. Give write permission on the file and its folder, or use another --db.",
    },
    "error.key_env_format": {
        "nl": "DQ_SECRET_KEY moet hexadecimaal zijn, net als het sleutelbestand (bv. de uitvoer "
        "van 'python -c \"import secrets; print(secrets.token_hex(32))\"').",
        "en": "DQ_SECRET_KEY must be hexadecimal, like the key file (e.g. the output of "
        "'python -c \"import secrets; print(secrets.token_hex(32))\"').",
    },
    "error.key_too_short": {
        "nl": "De sleutel in {path} is te kort: minstens 16 bytes (32 hexadecimale tekens) nodig.",
        "en": "The key in {path} is too short: at least 16 bytes (32 hexadecimal characters) are "
        "needed.",
    },
    "error.out_folder": {
        "nl": "De map {folder} voor '{out}' bestaat niet. Maak ze eerst aan of kies een andere plaats.",
        "en": "The folder {folder} for '{out}' does not exist. Create it first or choose another place.",
    },
    "error.upload_failed": {
        "nl": "{file}: dit bestand kon niet gelezen worden (te groot of beschadigd). "
        "Exporteer opnieuw als CSV of .xlsx.",
        "en": "{file}: this file could not be read (too large or damaged). "
        "Export again as CSV or .xlsx.",
    },
    "ui.signin.misconfigured.title": {
        "nl": "Aanmelden is verkeerd ingesteld",
        "en": "Sign-in is misconfigured",
    },
    "ui.signin.misconfigured.body": {
        "nl": "Het dashboard toont niets tot aanmelden in orde is. Controleer: {problem}",
        "en": "The dashboard shows nothing until sign-in is fixed. Check: {problem}",
    },
    "ui.signin.problem.unparsable": {
        "nl": "het bestand met geheimen ({path}) kan niet gelezen worden (TOML-fout).",
        "en": "the secrets file ({path}) cannot be read (TOML error).",
    },
    "ui.signin.problem.incomplete": {
        "nl": "de sectie [auth] in {path} mist: {missing}.",
        "en": "the [auth] section in {path} lacks: {missing}.",
    },
    "ui.signin.problem.authlib": {
        "nl": "de aanmeldmodule ontbreekt: installeer ze met "
        "'.venv/bin/pip install \"streamlit[auth]\"'.",
        "en": "the sign-in module is missing: install it with "
        "'.venv/bin/pip install \"streamlit[auth]\"'.",
    },
    "import.skip_bad_rows": {
        "nl": "Regels met een verkeerd aantal velden overslaan (ze worden in het verslag vermeld)",
        "en": "Skip lines with a wrong number of fields (they are listed in the report)",
    },
    "error.interrupted": {
        "nl": "Onderbroken; de databank is niet gewijzigd.",
        "en": "Interrupted; the database was not changed.",
    },
    "error.store_no_file": {
        "nl": "--db '{path}' kan niet: er is een databankbestand nodig (geen :memory:, geen "
        "adres zoals s3:// of http://, geen map of apparaat). Geef een pad naar een .duckdb-bestand.",
        "en": "--db '{path}' cannot be used: a database file is needed (not :memory:, not an "
        "address such as s3:// or http://, not a folder or device). Give a path to a .duckdb file.",
    },
    "error.policy_unknown": {
        "nl": "{file}: '{key}' is geen bekende instelling. Bekend: {allowed}.",
        "en": "{file}: '{key}' is not a known setting. Known: {allowed}.",
    },
    # what a policy value may be (the "Toegelaten: …" part of error.policy)
    "policy.allowed.names": {"nl": "{names}", "en": "{names}"},
    "policy.allowed.table": {"nl": "een tabel [{name}]", "en": "a table [{name}]"},
    "policy.allowed.module_table": {
        "nl": "een tabel met label, requires_2fa, enforced",
        "en": "a table with label, requires_2fa, enforced",
    },
    "policy.allowed.bool": {"nl": "true of false", "en": "true or false"},
    "policy.allowed.date": {"nl": "een datum zoals 2027-02-01", "en": "a date such as 2027-02-01"},
    "policy.allowed.text": {"nl": "tekst", "en": "text"},
    "policy.allowed.prefix": {
        "nl": 'niet-lege tekst zoals "webservices@"',
        "en": 'non-empty text such as "webservices@"',
    },
    "policy.allowed.words": {"nl": "een lijst van woorden", "en": "a list of words"},
    "policy.allowed.module_ids": {"nl": "een lijst van module-id's", "en": "a list of module ids"},
    "policy.allowed.fraction": {"nl": "een getal tussen 0 en 1", "en": "a number between 0 and 1"},
    "policy.allowed.not_above_amber": {
        "nl": "een getal niet boven thresholds.amber",
        "en": "a number not above thresholds.amber",
    },
    "policy.allowed.days": {
        "nl": "een geheel aantal dagen boven 0",
        "en": "a whole number of days above 0",
    },
    "policy.allowed.emails": {
        "nl": "een lijst van e-mailadressen",
        "en": "a list of e-mail addresses",
    },
    "policy.allowed.column": {"nl": "één van {names}", "en": "one of {names}"},
    "policy.allowed.column_text": {
        "nl": "tekst (geen getal of lijst) met één van {names}",
        "en": "text (not a number or a list) naming one of {names}",
    },
    "policy.allowed.toml": {"nl": "geldige TOML ({detail})", "en": "valid TOML ({detail})"},
    "policy.allowed.file": {
        "nl": "een leesbaar UTF-8 TOML-bestand ({detail})",
        "en": "a readable UTF-8 TOML file ({detail})",
    },
    "ui.signin.problem.misplaced": {
        "nl": "{path} bevat aanmeldinstellingen ({keys}) buiten een sectie [auth] (met kleine "
        "letters). Zet ze onder een regel [auth].",
        "en": "{path} holds sign-in settings ({keys}) outside an [auth] section (lowercase). "
        "Put them under an [auth] line.",
    },
    "error.line_too_long": {
        "nl": "{file}: regel {line} is langer dan {limit} MB; zo lang is geen regel van een "
        "export (bv. een cel vol geplakte tekst). Verbeter of verwijder die cel en exporteer opnieuw.",
        "en": "{file}: line {line} is longer than {limit} MB; no line of an export is that long "
        "(e.g. a cell full of pasted text). Fix or remove that cell and export again.",
    },
    "error.bad_zip_size": {
        "nl": "{file}: dit .xlsx-bestand pakt uit tot {mb} MB, meer dan de grens van {limit} MB "
        "(een echte export is veel kleiner). Open het in Excel en sla het opnieuw op, of exporteer als CSV.",
        "en": "{file}: this .xlsx file unpacks to {mb} MB, over the limit of {limit} MB (a real "
        "export is far smaller). Open it in Excel and save it again, or export as CSV.",
    },
    "fix.toolbar_hint": {
        "nl": "Download met de knoppen hieronder: die beschermen cellen tegen formules.",
        "en": "Download with the buttons below: they protect cells against formulas.",
    },
    # issue 14 (p2d): filters, snapshot dates, contacts-only loads, fix-list files
    "error.unknown_filter": {
        "nl": "Onbekende {option}: '{value}'. Toegelaten: {accepted}.",
        "en": "Unknown {option}: '{value}'. Accepted: {accepted}.",
    },
    "error.no_snapshot": {
        "nl": "Er is geen momentopname van {date}. Wel van: {dates}.",
        "en": "There is no snapshot of {date}. There are: {dates}.",
    },
    "error.bad_snapshot_date": {
        "nl": "'{value}' is geen datum; schrijf JJJJ-MM-DD.",
        "en": "'{value}' is not a date; write YYYY-MM-DD.",
    },
    "error.contacts_without_users": {
        "nl": "{file}: er is geen gebruikersexport van {date}. Laad de gebruikersexport van "
        "die datum mee in, samen met dit contactpersonenbestand. Er is niets gewijzigd.",
        "en": "{file}: there is no users export of {date}: load the users export of that date "
        "with it (together with this contacts file). Nothing was changed.",
    },
    "diff.too_few": {
        "nl": "Om te vergelijken zijn twee momentopnamen nodig; {db} heeft er {count}.",
        "en": "Comparing needs two snapshots; {db} has {count}.",
    },
    "fix.file_stem": {"nl": "fixlijst", "en": "fixlist"},
}


def language(lang: str | None = None) -> str:
    """The language to use: ``lang`` when given, else ``DQ_LANG``, else Dutch.

    >>> language("EN"), language("xx")
    ('en', 'nl')
    """
    chosen = (lang or os.environ.get("DQ_LANG") or "nl").strip().lower()[:2]
    return chosen if chosen in LANGUAGES else "nl"


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``
    (any name, ``key`` and ``lang`` included)."""
    text = TEXTS[key][language(lang)]
    return text.format(**values) if values else text
