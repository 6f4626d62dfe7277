"""Which header means which column: the synonym table, and the kind of export it implies.

Headers are compared after folding case and accents and dropping everything but letters and
digits, so ``Numéro d'établissement :`` and ``numero detablissement`` are the same header.

>>> normalise_header("  Numéro d'établissement : ")
'numerodetablissement'
>>> mapping = map_headers(['Gebruikersnaam', 'RRNR', 'Groepen', 'Kleur'])
>>> mapping.columns
{'Gebruikersnaam': 'username', 'RRNR': 'national_number', 'Groepen': 'group'}
>>> mapping.unmapped, mapping.kind
(['Kleur'], 'users')
>>> map_headers(['Contactpersoon', 'Organisatie', 'Rijksregisternummer']).kind
'contacts'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

# canonical column -> header names (as people write them; compared normalised)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "school_id": (
        "Instellingsnummer",
        "Instellingsnr",
        "Instelling",
        "School",
        "Schoolnummer",
        "Numéro d'établissement",
        "Institution",
        "Instellingscode",
        "School ID",
    ),
    "username": (
        "Gebruikersnaam",
        "Gebruiker",
        "Login",
        "Username",
        "User name",
        "Nom d'utilisateur",
        "Utilisateur",
        "Account",
        "Loginnaam",
    ),
    "linked_username": (
        "Gekoppelde gebruikersnaam",
        "Gekoppelde gebruikersnamen",
        "Gekoppelde gebruiker",
        "Linked username",
        "Nom d'utilisateur lié",
    ),
    "last_name": (
        "Naam",
        "Achternaam",
        "Familienaam",
        "Nom",
        "Nom de famille",
        "Last name",
        "Surname",
        "Family name",
    ),
    "first_name": ("Voornaam", "Prénom", "First name", "Given name", "Firstname"),
    "email": (
        "E-mail",
        "Email",
        "E-mailadres",
        "Mail",
        "Courriel",
        "Adresse e-mail",
        "Email address",
    ),
    "national_number": (
        "Rijksregisternummer",
        "Rijksregisternr",
        "RRNR",
        "RR-nummer",
        "RRN",
        "INSZ",
        "INSZ-nummer",
        "Identificatienummer",
        "Numéro de registre national",
        "NISS",
        "National number",
        "National register number",
    ),
    "bis_number": ("BIS-nummer", "BIS nummer", "Bisnummer", "BIS", "Numéro BIS", "BIS number"),
    "group": (
        "Groep",
        "Groepen",
        "Gebruikersgroep",
        "Gebruikersgroepen",
        "Groupe",
        "Groupes",
        "Group",
        "Groups",
    ),
    "modules": (
        "Modules",
        "Module",
        "Toepassingen",
        "Toepassing",
        "Applicaties",
        "Applicatie",
        "Rechten",
        "Modules/rechten",
        "Applications",
    ),
    "account_type": (
        "Type",
        "Soort",
        "Accounttype",
        "Type account",
        "Soort account",
        "Type de compte",
        "Account type",
    ),
    "contact_id": (
        "Contactpersoon",
        "Contactpersoon-ID",
        "Contactpersoon ID",
        "Gekoppelde persoon",
        "Contact",
        "Contact ID",
        "Personne de contact",
    ),
    "active": ("Actief", "Status", "Active", "Actif"),
    "last_login": (
        "Laatste aanmelding",
        "Laatst aangemeld",
        "Last login",
        "Dernière connexion",
        "Laatste login",
    ),
    "birth_date": ("Geboortedatum", "Date de naissance", "Birth date", "Date of birth"),
    "organisation": ("Organisatie", "Dienst", "Organisation", "Organization", "Service"),
}

#: The canonical columns every staging table has (``username`` holds the linked usernames of
#: a contacts export).
CANONICAL: tuple[str, ...] = tuple(c for c in SYNONYMS if c != "linked_username")

# module id -> labels seen in exports (compared folded); other labels become unknown modules
MODULE_LABELS: dict[str, tuple[str, ...]] = {
    "leerlingen": (
        "leerlingen",
        "Leerlingenadministratie",
        "Leerlingen",
        "iLeerlingen",
        "Leerlingadministratie",
        "Élèves",
    ),
    "personeel": ("personeel", "Personeelsadministratie", "Personeel", "iPersoneel", "Personnel"),
    "irekeningen": ("irekeningen", "iRekeningen", "Rekeningen"),
    "iregistratie": ("iregistratie", "iRegistratie", "Registratie"),
}


# The account type column's values, read as words (split on anything that is not a letter or
# digit, case and accents ignored; so "Kinesitherapie" holds no "api"). A word right after a
# negation does not count ("geen CLB", "niet extern"). Webservice words win, then internal
# ones, then external ones; any other value is internal.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "webservice": (
        "webservice",
        "webservices",
        "service",
        "api",
        "koppeling",
        "koppeldienst",
        "integratie",
        "interface",
        "svc",
        "ws",
    ),
    "internal": ("intern", "interne", "internal", "interna"),
    "external": ("extern", "externe", "external", "contact", "contactpersoon", "clb"),
}
TYPE_NEGATIONS: tuple[str, ...] = ("geen", "niet", "no", "not", "non", "zonder", "without", "sans")


def normalise_header(header: str) -> str:
    """A header folded for comparison: no case, accents, spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", str(header)).casefold()
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


_LOOKUP: dict[str, str] = {
    normalise_header(name): canonical for canonical, names in SYNONYMS.items() for name in names
}


@dataclass
class HeaderMapping:
    """How a file's headers map to canonical columns, and what kind of export it is."""

    columns: dict[str, str]  # header as written -> canonical column
    unmapped: list[str] = field(default_factory=list)
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # canonical -> headers
    kind: str = "users"

    def header_for(self, canonical: str) -> str | None:
        """The file's header for a canonical column, if any."""
        return next((h for h, c in self.columns.items() if c == canonical), None)

    def has(self, canonical: str) -> bool:
        """Whether the file has this canonical column."""
        return canonical in self.columns.values()


def map_headers(
    headers: list[str], extra: dict[str, str] | None = None, kind: str | None = None
) -> HeaderMapping:
    """Map headers to canonical columns; ``extra`` (the policy's ``[columns]``) wins.

    ``kind`` forces ``users`` or ``contacts``; otherwise a file with an organisation or a
    linked-username header and no plain username header is a contacts export.
    """
    lookup = dict(_LOOKUP)
    for header, canonical in (extra or {}).items():
        lookup[normalise_header(header)] = canonical
    columns: dict[str, str] = {}
    unmapped: list[str] = []
    seen: dict[str, list[str]] = {}
    for header in headers:
        canonical = lookup.get(normalise_header(header))
        if canonical is None:
            unmapped.append(header)
            continue
        seen.setdefault(canonical, []).append(header)
        columns.setdefault(header, canonical)
    duplicates = {c: hs for c, hs in seen.items() if len(hs) > 1}
    mapping = HeaderMapping(columns, unmapped, duplicates)
    if kind in ("users", "contacts"):
        mapping.kind = kind
    elif (mapping.has("organisation") or mapping.has("linked_username")) and not mapping.has(
        "username"
    ):
        mapping.kind = "contacts"
    if mapping.kind == "contacts" and mapping.has("linked_username"):
        # in a contacts export the linked usernames are its username column
        mapping.columns = {
            h: ("username" if c == "linked_username" else c) for h, c in mapping.columns.items()
        }
    elif mapping.kind == "users":
        mapping.columns = {h: c for h, c in mapping.columns.items() if c != "linked_username"}
    return mapping
