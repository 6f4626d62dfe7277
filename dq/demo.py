"""A realistic, entirely fictional school group, exported week after week.

The demo writes what administrators hand us: a users export (one row per account per group)
and a contacts export per week, in the messy formats seen in the field (Windows-1252 CSV with
';', UTF-8 with BOM, UTF-16 tab-separated text, .xlsx with the number column stored as
numbers). Numbers are made with :func:`dq.identifiers.build`, valid or broken by construction,
never real people's. Week by week, missing and mistyped numbers get fixed.

>>> files = generate(tempfile.mkdtemp(), seed=1, schools=2, accounts=40, snapshots=2,
...                  end=datetime.date(2026, 11, 20))
>>> sorted(p.name for p in files)[:2]
['contactpersonen_2026-11-13.csv', 'contactpersonen_2026-11-20.csv']
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import tempfile  # noqa: F401 - used by the doctest
from dataclasses import dataclass, field
from pathlib import Path

from dq.identifiers import build

GROUPS = {
    "Leerkrachten": ["leerlingen"],
    "Zorgcoördinatie": ["leerlingen"],
    "Secretariaat": ["leerlingen", "personeel"],
    "Directie": ["leerlingen", "personeel", "irekeningen", "iregistratie"],
    "Boekhouding": ["irekeningen", "iregistratie"],
    "Personeelsdienst": ["personeel"],
    "ICT-coördinatie": ["leerlingen", "personeel"],
}
# groups of external users only (never drawn for staff): the policy's [account_types]
# makes them external when the type column is empty
EXTERNAL_GROUPS = {"CLB-medewerkers": ["leerlingen"]}
MODULE_LABELS = {
    "leerlingen": "Leerlingenadministratie",
    "personeel": "Personeelsadministratie",
    "irekeningen": "iRekeningen",
    "iregistratie": "iRegistratie",
}
CLB_NAMES = ["CLB GO! Gent", "Vrij CLB Antwerpen", "CLB Brussel", "Vrij CLB Limburg"]
HEADERS_NL = [
    "Instellingsnummer",
    "Gebruikersnaam",
    "Naam",
    "Voornaam",
    "E-mail",
    "Rijksregisternummer",
    "BIS-nummer",
    "Groep",
    "Modules",
    "Type",
    "Contactpersoon",
    "Actief",
    "Laatste aanmelding",
    "Geboortedatum",
]
HEADERS_FR = [
    "Numéro d'établissement",
    "Nom d'utilisateur",
    "Nom",
    "Prénom",
    "Courriel",
    "Numéro de registre national",
    "Numéro BIS",
    "Groupe",
    "Modules",
    "Type",
    "Contact",
    "Actif",
    "Dernière connexion",
    "Date de naissance",
]
CONTACT_HEADERS = [
    "Contactpersoon-ID",
    "Naam",
    "Voornaam",
    "Organisatie",
    "Rijksregisternummer",
    "Gekoppelde gebruikersnaam",
]
# The demo school group's policy: enforcement dates spread so some modules are at risk.
DEMO_POLICY = """\
[modules.leerlingen]
enforced = 2026-12-15

[modules.personeel]
enforced = 2027-01-15

[modules.irekeningen]
enforced = 2027-02-01

[modules.iregistratie]
enforced = 2027-02-01
"""

# the format of each week's users export, in turn
FORMATS = ["cp1252", "utf-8-sig", "xlsx", "utf-16", "utf-8-comma", "cp1252-fr"]


@dataclass
class Person:
    """One account holder (or service account) and how their number evolves."""

    school: str
    username: str
    last_name: str
    first_name: str
    email: str
    groups: list[str]
    kind: str  # internal | external | webservice
    number: str | None  # the correct number (None for service accounts)
    birth: datetime.date | None
    bis: bool = False
    fixed_week: int = 0  # week from which the correct number is filled in
    before_fix: str = "missing"  # missing | typo | scientific
    contact_id: str | None = None
    shares_with: str | None = None  # a number copied by mistake from another person
    last_login: datetime.date | None = None
    active: bool = True
    modules_blank: bool = False
    extra: dict = field(default_factory=dict)


def _name_pools(seed: int) -> tuple[list[str], list[str]]:
    from faker import Faker

    first, last = set(), set()
    for locale in ("nl_BE", "fr_BE"):
        fake = Faker(locale)
        fake.seed_instance(seed)
        for _ in range(400):
            first.add(fake.first_name())
            last.add(fake.last_name())
    return sorted(first), sorted(last)


def _slug(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in folded if c.isalnum())


def _people(
    rng: random.Random,
    schools: list[str],
    accounts: int,
    snapshots: int,
    end: datetime.date,
    seed: int,
) -> tuple[list[Person], list[dict]]:
    first_names, last_names = _name_pools(seed)
    people: list[Person] = []
    used: set[str] = set()
    n_contacts = max(2, accounts // 25)
    n_services = max(2, accounts // 100)
    for i in range(accounts - n_contacts - n_services):
        school = schools[i % len(schools)]
        first, last = rng.choice(first_names), rng.choice(last_names)
        base = f"{_slug(first)}.{_slug(last)}"
        username = f"{base}@{school}.school.be"
        while username in used:
            username = f"{base}{rng.randint(2, 99)}@{school}.school.be"
        used.add(username)
        birth = datetime.date(rng.randint(1958, 2004), rng.randint(1, 12), rng.randint(1, 28))
        bis = rng.random() < 0.03
        number = build(
            birth.year,
            birth.month,
            birth.day,
            rng.randint(1, 997),
            kind="bis" if bis else "nn",
            sex_known=rng.random() < 0.8,
        )
        roll = rng.random()
        fixed_week = 0 if roll < 0.55 else rng.randint(1, snapshots + 2)  # some never get fixed
        groups = rng.sample(list(GROUPS), k=rng.choice([1, 1, 2, 2, 3]))
        if rng.random() < 0.04:
            groups = ["Boekhouding"]  # only the financial modules
        days_ago = (
            rng.choice([1, 3, 10, 40, 90, 200]) if rng.random() > 0.06 else rng.choice([400, 800])
        )
        people.append(
            Person(
                school,
                username,
                last,
                first,
                username,
                groups,
                "internal",
                number,
                birth,
                bis,
                fixed_week,
                rng.choice(["missing", "missing", "missing", "typo", "scientific"]),
                last_login=None if rng.random() < 0.02 else end - datetime.timedelta(days=days_ago),
                active=rng.random() > 0.03,
                modules_blank=rng.random() < 0.1,
            )
        )
    # the same person holding two accounts in two schools (below) has a number from the start
    if len(people) > 5:
        people[5].fixed_week = 0
        people[5].active = True
    # two different people sharing one number (a copy-paste error that stays): a true conflict
    if len(people) > 10:
        people[7].shares_with = people[3].number
        people[7].fixed_week = people[3].fixed_week = 0
        people[7].active = people[3].active = True
    # birth date that does not match the number
    if len(people) > 12:
        people[11].extra["birth_typo"] = True
    # the same person holding two accounts in two schools, the second under a short first name
    # (Pieter / Piet): the same person, not a conflict
    if len(people) > 20 and len(schools) > 1:
        twin = people[5]
        people.append(
            Person(
                schools[(schools.index(twin.school) + 1) % len(schools)],
                twin.username.split("@")[0] + f"@{schools[1]}.school.be",
                twin.last_name,
                twin.first_name[:4] if len(twin.first_name) > 5 else twin.first_name,
                twin.email,
                ["Leerkrachten"],
                "internal",
                twin.number,
                twin.birth,
                twin.bis,
                0,
            )
        )
    # service accounts: some named by the convention, some not
    for i in range(n_services):
        school = schools[i % len(schools)]
        named = i % 2 == 0
        username = (
            f"webservices@{school}.school.be"
            if named
            else rng.choice(["api.sync", "smartschool-koppeling", "interface.boekhouding"])
            + f"@{school}.school.be"
        )
        people.append(
            Person(
                school,
                username,
                "",
                "",
                "",
                ["ICT-coördinatie"],
                "webservice",
                None,
                None,
                fixed_week=999,
                last_login=end,
            )
        )
    # external contact persons (CLB) and their accounts
    contacts = []
    for i in range(n_contacts):
        school = schools[i % len(schools)]
        first, last = rng.choice(first_names), rng.choice(last_names)
        birth = datetime.date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
        number = build(birth.year, birth.month, birth.day, rng.randint(1, 997))
        contact_id = f"C{i + 1:04d}"
        username = f"{_slug(first)}.{_slug(last)}@clb.be"
        has_number = rng.random() < 0.75
        linked = rng.random() < 0.85
        by_group = i % 3 == 0  # known as CLB only by the group: the type column is empty
        contacts.append(
            {
                "id": contact_id,
                "last": last,
                "first": first,
                "org": CLB_NAMES[i % len(CLB_NAMES)],
                "number": number if has_number else None,
                "fixed_week": 0 if has_number else rng.randint(1, snapshots + 3),
                "late_number": number,
                "usernames": [username] if linked else [],
            }
        )
        people.append(
            Person(
                school,
                username,
                last,
                first,
                username,
                list(EXTERNAL_GROUPS) if by_group else ["Zorgcoördinatie"],
                "external",
                None,
                birth,
                contact_id=contact_id if linked else None,
                fixed_week=999,
                last_login=end - datetime.timedelta(days=20),
                extra={"type_blank": by_group},
            )
        )
    return people, contacts


def _shown_number(person: Person, week: int, rng: random.Random) -> str:
    """What the export shows for the person's number in this week."""
    if person.shares_with:
        return person.shares_with
    if person.number is None or week < person.fixed_week:
        if person.number is None or person.before_fix == "missing":
            return ""
        if person.before_fix == "typo":
            n = person.number
            return n[:4] + str((int(n[4]) + 1) % 10) + n[5:]
        return f"{person.number[0]},{person.number[1:6]}E+10"
    return person.number


def _formatted(number: str, rng: random.Random) -> str:
    style = rng.random()
    if not number or not number.isdigit() or style < 0.6:
        return number
    if style < 0.85:
        return f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"
    return f"{number[:6]} {number[6:9]} {number[9:]}"


def _user_rows(people: list[Person], week: int, rng: random.Random) -> list[list[str]]:
    rows = []
    for p in people:
        number = _shown_number(p, week, rng)
        national, bis = ("", number) if p.bis else (number, "")
        birth = p.birth
        if birth and p.extra.get("birth_typo"):
            birth = birth.replace(day=min(birth.day + 1, 28))
        kind_label = {
            "internal": "Personeel",
            "external": "Extern (CLB)",
            "webservice": "Webservice",
        }[p.kind]
        if p.extra.get("type_blank"):
            kind_label = ""
        # inactive accounts: some "Nee", some blocked
        active = "Ja" if p.active else ("Geblokkeerd" if len(p.username) % 2 else "Nee")
        for group in p.groups:
            modules = (
                ""
                if p.modules_blank
                else ", ".join(MODULE_LABELS[m] for m in (GROUPS | EXTERNAL_GROUPS)[group])
            )
            rows.append(
                [
                    p.school,
                    p.username,
                    p.last_name,
                    p.first_name,
                    p.email,
                    _formatted(national, rng),
                    _formatted(bis, rng),
                    group,
                    modules,
                    kind_label,
                    p.contact_id or "",
                    active,
                    p.last_login.strftime("%d/%m/%Y %H:%M") if p.last_login else "",
                    birth.strftime("%d/%m/%Y") if birth and p.kind == "internal" else "",
                ]
            )
    return rows


def _write_users(path: Path, fmt: str, rows: list[list[str]]) -> Path:
    headers = HEADERS_FR if fmt.endswith("-fr") else HEADERS_NL
    if fmt == "xlsx":
        return _write_xlsx(path.with_suffix(".xlsx"), headers, rows)
    if fmt == "utf-16":
        path = path.with_suffix(".txt")
        buffer = io.StringIO()
        csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows([headers, *rows])
        path.write_bytes(buffer.getvalue().encode("utf-16"))
        return path
    encoding = {"cp1252": "cp1252", "cp1252-fr": "cp1252", "utf-8-sig": "utf-8-sig"}.get(
        fmt, "utf-8"
    )
    delimiter = "," if fmt == "utf-8-comma" else ";"
    with path.open("w", encoding=encoding, errors="replace", newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows([headers, *rows])
    return path


def _write_xlsx(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    """An .xlsx as Excel leaves it: the number column stored as numbers."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Gebruikers")
    sheet.write_row(0, 0, headers)
    number_columns = {headers.index("Rijksregisternummer"), headers.index("BIS-nummer")}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            digits = value.replace(".", "").replace("-", "").replace(" ", "")
            if c in number_columns and digits.isdigit():
                sheet.write_number(r, c, int(digits))  # leading zeros are lost, as in Excel
            else:
                sheet.write_string(r, c, value)
    book.close()
    return path


def _write_contacts(path: Path, contacts: list[dict], week: int) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(CONTACT_HEADERS)
        for c in contacts:
            number = c["number"] or (c["late_number"] if week >= c["fixed_week"] else "")
            writer.writerow(
                [c["id"], c["last"], c["first"], c["org"], number, ", ".join(c["usernames"])]
            )
    return path


def generate(
    out: str | Path,
    seed: int = 2026,
    schools: int = 8,
    accounts: int = 1500,
    snapshots: int = 6,
    end: datetime.date | None = None,
    formats: list[str] | None = None,
) -> list[Path]:
    """Write the demo exports to ``out``; returns the files written, oldest week first.

    The last export is dated ``end`` (default: the most recent Friday), the others one week
    apart before it.
    """
    rng = random.Random(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if end is None:
        today = datetime.date.today()
        end = today - datetime.timedelta(days=(today.weekday() - 4) % 7)
    school_ids = [f"{rng.randint(10000, 99999):06d}" for _ in range(schools)]
    people, contacts = _people(rng, school_ids, accounts, snapshots, end, seed)
    formats = formats or FORMATS
    written = []
    for week in range(snapshots):
        as_of = end - datetime.timedelta(weeks=snapshots - 1 - week)
        rows = _user_rows(people, week, rng)
        fmt = formats[week % len(formats)]
        if fmt == "xlsx" and len(rows) > 100_000:
            fmt = "utf-8-sig"  # Excel itself stops being usable at that size
        written.append(_write_users(out / f"gebruikers_{as_of.isoformat()}.csv", fmt, rows))
        written.append(
            _write_contacts(out / f"contactpersonen_{as_of.isoformat()}.csv", contacts, week)
        )
    return written
