"""The policy: which modules need 2FA, the webservice convention, group mapping, thresholds.

The default ships with the package (``default_policy.toml``); a school group's own file only
lists what differs. An invalid file raises :class:`PolicyError` naming the key and what is
allowed.

>>> policy = load()
>>> policy.requires_2fa('leerlingen'), policy.is_webservice('WebServices@school.be')
(True, True)
>>> policy.modules_for_groups(['Leerkrachten lager'])
['leerlingen']
>>> load_text('[thresholds]\\nred = "veel"')
Traceback (most recent call last):
    ...
dq.policy.PolicyError: policy.toml: de waarde van 'thresholds.red' kan niet gebruikt worden. Toegelaten: een getal tussen 0 en 1.
"""

from __future__ import annotations

import datetime
import fnmatch
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from dq.errors import DqError
from dq.i18n import t

CANONICAL_COLUMNS: tuple[str, ...] = (
    "school_id",
    "username",
    "last_name",
    "first_name",
    "email",
    "national_number",
    "bis_number",
    "group",
    "modules",
    "account_type",
    "contact_id",
    "active",
    "last_login",
    "birth_date",
    "organisation",
)

DEFAULT_TEXT = resources.files("dq").joinpath("default_policy.toml").read_text(encoding="utf-8")


class PolicyError(DqError, ValueError):
    """A policy value that cannot be used: ``key`` names it, ``allowed`` is the id of what can
    (a text ``policy.allowed.<id>`` in both languages, filled from ``values``). ``unknown``:
    the key itself is not a setting.

    >>> PolicyError('thresholds.red', 'fraction').message('en')
    "policy.toml: the value of 'thresholds.red' cannot be used. Allowed: a number between 0 and 1."
    """

    def __init__(
        self,
        key: str,
        allowed: str,
        source: str = "policy.toml",
        unknown: bool = False,
        **values: object,
    ) -> None:
        super().__init__("policy_unknown" if unknown else "policy", file=source, key=key)
        self.key, self.allowed, self.source, self.values = key, allowed, source, values

    def message(self, lang: str | None = None) -> str:
        """The message, the accepted values included, entirely in ``lang``."""
        allowed = t(f"policy.allowed.{self.allowed}", lang, **self.values)
        return t(self.text_key(), lang, allowed=allowed, **self.details)


@dataclass(frozen=True)
class Module:
    """A module of the administration package and whether it needs 2FA."""

    id: str
    label: str
    requires_2fa: bool = True
    enforced: datetime.date | None = None


@dataclass(frozen=True)
class Policy:
    """The rules in force. Build it with :func:`load`."""

    modules: dict[str, Module]
    webservice_prefix: str = "webservices@"
    webservice_hints: tuple[str, ...] = ()
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    red: float = 0.80
    amber: float = 0.95
    stale_days: int = 365
    columns: dict[str, str] = field(default_factory=dict)
    text: str = field(default="", compare=False)
    admins: tuple[str, ...] = ()
    # follow-up (dq.notify): per school its contact and name; days before anyone is nudged again
    schools: dict[str, dict[str, str]] = field(default_factory=dict)
    renotify_days: int = 14
    account_types: dict[str, tuple[str, ...]] = field(default_factory=dict)
    inactive_values: tuple[str, ...] = ()
    count_inactive: bool = False
    active_values: tuple[str, ...] = ()
    inactive_if: str = "any_row"  # any_row | all_rows: an account's rows that disagree
    # same person or conflict: e-mail local parts that are no person's, name particles,
    # names that stand for no name (Onbekend, X)
    generic_email_local_parts: tuple[str, ...] = ()
    name_particles: tuple[str, ...] = ()
    placeholder_names: tuple[str, ...] = ()

    def requires_2fa(self, module_id: str) -> bool:
        """Whether a module needs 2FA; a module the policy does not know counts as needing it."""
        module = self.modules.get(module_id)
        return True if module is None else module.requires_2fa

    def is_webservice(self, username: str) -> bool:
        """Whether a username follows the webservice naming convention."""
        return username.strip().lower().startswith(self.webservice_prefix.lower())

    def modules_for_groups(self, groups: list[str]) -> list[str]:
        """The modules the group mapping gives to these groups (sorted, no duplicates)."""
        found = {
            module
            for group in groups
            for pattern, modules in self.groups.items()
            if fnmatch.fnmatchcase(group.casefold(), pattern.casefold())
            for module in modules
        }
        return sorted(found)

    def account_type_for_groups(self, groups: list[str]) -> str | None:
        """The account type the ``[account_types]`` group patterns give (folded glob), if any.

        >>> load().account_type_for_groups(['CLB-medewerkers']), load().account_type_for_groups(['Leerkrachten'])
        ('external', None)
        """
        for account_type, patterns in self.account_types.items():
            for group in groups:
                if any(fnmatch.fnmatchcase(fold(group), fold(p)) for p in patterns):
                    return account_type
        return None

    def rag(self, readiness: float | None) -> str | None:
        """Red, amber or green for a readiness fraction (None when nothing is in scope).

        >>> load().rag(0.5), load().rag(0.9), load().rag(1.0), load().rag(None)
        ('red', 'amber', 'green', None)
        """
        if readiness is None:
            return None
        return "red" if readiness < self.red else "amber" if readiness < self.amber else "green"


def fold_status(text: str) -> str:
    """An active/status value as it is compared (the SQL macro ``dq_status_fold`` does the
    same): folded, text in brackets dropped, punctuation as spaces, ``0.0``/``1,00`` as whole
    numbers.

    >>> [fold_status(v) for v in ('Niet-actief', 'Neen.', '0,0', 'Geblokkeerd (tijdelijk)')]
    ['niet actief', 'neen', '0', 'geblokkeerd']
    >>> [fold_status(v) for v in ('00', 'Nee {oud}', '10', '1,00')]
    ['0', 'nee', '10', '1']
    """
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}", " ", fold(text))
    text = re.sub(r"^\s*0*([0-9]+)(?:[.,]0+)?\s*$", r"\1", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def fold(text: str) -> str:
    """Text compared without case or accents, as the SQL stages do (``lower(strip_accents())``).

    >>> fold(' Bloqué ')
    'bloque'
    """
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


ACCOUNT_TYPES = ("webservice", "external", "internal")


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if (
            isinstance(value, dict)
            and isinstance(merged.get(key), dict)
            and key not in ("groups", "account_types")
        ):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _expect(condition: bool, key: str, allowed: str, source: str, **values: object) -> None:
    if not condition:
        raise PolicyError(key, allowed, source, **values)


def _known(name: str, known, key: str, source: str) -> None:
    if name not in known:
        raise PolicyError(key, "names", source, unknown=True, names=", ".join(sorted(known)))


def _parse(data: dict, source: str, text: str) -> Policy:
    known = {
        "modules",
        "webservice",
        "groups",
        "thresholds",
        "columns",
        "access",
        "schools",
        "notify",
        "account_types",
        "readiness",
        "same_person",
    }
    for key in data:
        _known(key, known, key, source)
        # `thresholds = 1` instead of a [thresholds] table: name the key, not an AttributeError
        _expect(isinstance(data[key], dict), key, "table", source, name=key)
    modules = {}
    for module_id, spec in data.get("modules", {}).items():
        key = f"modules.{module_id}"
        _expect(isinstance(spec, dict), key, "module_table", source)
        for name in spec:
            _known(name, ("label", "requires_2fa", "enforced"), f"{key}.{name}", source)
        requires = spec.get("requires_2fa", True)
        _expect(isinstance(requires, bool), f"{key}.requires_2fa", "bool", source)
        enforced = spec.get("enforced")
        if isinstance(enforced, str):
            try:
                enforced = datetime.date.fromisoformat(enforced)
            except ValueError:
                enforced = "bad"
        _expect(
            enforced is None
            or isinstance(enforced, datetime.date)
            and not isinstance(enforced, datetime.datetime),
            f"{key}.enforced",
            "date",
            source,
        )
        label = spec.get("label", module_id)
        _expect(isinstance(label, str), f"{key}.label", "text", source)
        modules[module_id] = Module(module_id, label, requires, enforced)
    web = data.get("webservice", {})
    prefix = web.get("prefix", "webservices@")
    _expect(
        isinstance(prefix, str) and prefix.strip() != "",
        "webservice.prefix",
        "prefix",
        source,
    )
    hints = web.get("hints", [])
    _expect(
        isinstance(hints, list) and all(isinstance(h, str) for h in hints),
        "webservice.hints",
        "words",
        source,
    )
    groups = {}
    for pattern, mods in data.get("groups", {}).items():
        _expect(
            isinstance(mods, list) and all(isinstance(m, str) for m in mods),
            f"groups.{pattern}",
            "module_ids",
            source,
        )
        groups[pattern] = tuple(mods)
    thresholds = data.get("thresholds", {})
    red, amber = thresholds.get("red", 0.80), thresholds.get("amber", 0.95)
    for key, value in (("red", red), ("amber", amber)):
        _expect(
            isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1,
            f"thresholds.{key}",
            "fraction",
            source,
        )
    _expect(red <= amber, "thresholds.red", "not_above_amber", source)
    stale = thresholds.get("stale_days", 365)
    _expect(
        isinstance(stale, int) and not isinstance(stale, bool) and stale > 0,
        "thresholds.stale_days",
        "days",
        source,
    )
    account_types = {}
    for account_type, patterns in data.get("account_types", {}).items():
        _expect(
            account_type in ACCOUNT_TYPES,
            f"account_types.{account_type}",
            ", ".join(ACCOUNT_TYPES),
            source,
        )
        _expect(
            isinstance(patterns, list) and all(isinstance(p, str) and p for p in patterns),
            f"account_types.{account_type}",
            'a list of group patterns such as ["*clb*"]',
            source,
        )
        account_types[account_type] = tuple(patterns)
    readiness = data.get("readiness", {})
    readiness_keys = ("count_inactive", "inactive_values", "active_values", "inactive_if")
    for name in readiness:
        _expect(name in readiness_keys, f"readiness.{name}", ", ".join(readiness_keys), source)
    count_inactive = readiness.get("count_inactive", False)
    _expect(isinstance(count_inactive, bool), "readiness.count_inactive", "true or false", source)
    words = {}
    for section, key in (
        ("readiness", "inactive_values"),
        ("readiness", "active_values"),
        ("same_person", "generic_email_local_parts"),
        ("same_person", "name_particles"),
        ("same_person", "placeholder_names"),
    ):
        value = data.get(section, {}).get(key, [])
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        _expect(ok, f"{section}.{key}", "a list of words", source)
        words[key] = value
    for name in data.get("same_person", {}):
        allowed = ("generic_email_local_parts", "name_particles", "placeholder_names")
        _expect(name in allowed, f"same_person.{name}", ", ".join(allowed), source)
    inactive_if = readiness.get("inactive_if", "any_row")
    _expect(
        inactive_if in ("any_row", "all_rows"), "readiness.inactive_if", "any_row, all_rows", source
    )
    admins = data.get("access", {}).get("admins", [])
    _expect(
        isinstance(admins, list) and all(isinstance(a, str) and "@" in a for a in admins),
        "access.admins",
        "emails",
        source,
    )
    columns = {}
    for header, canonical in data.get("columns", {}).items():
        names = ", ".join(CANONICAL_COLUMNS)
        # a number or a list is a type problem: say so, not "unknown column"
        _expect(isinstance(canonical, str), f"columns.{header}", "column_text", source, names=names)
        _expect(canonical in CANONICAL_COLUMNS, f"columns.{header}", "column", source, names=names)
        columns[header] = canonical
    schools, renotify_days = _parse_follow_up(data, source)
    return Policy(
        modules,
        prefix,
        tuple(h.lower() for h in hints),
        groups,
        float(red),
        float(amber),
        stale,
        columns,
        text,
        tuple(a.strip().lower() for a in admins),
        schools,
        renotify_days,
        account_types,
        tuple(dict.fromkeys(fold_status(v) for v in words["inactive_values"] if v.strip())),
        count_inactive,
        active_values=tuple(
            dict.fromkeys(fold_status(v) for v in words["active_values"] if v.strip())
        ),
        inactive_if=inactive_if,
        generic_email_local_parts=tuple(
            dict.fromkeys(fold(v) for v in words["generic_email_local_parts"] if v.strip())
        ),
        name_particles=tuple(dict.fromkeys(fold(v) for v in words["name_particles"] if v.strip())),
        placeholder_names=tuple(
            dict.fromkeys(fold(v) for v in words["placeholder_names"] if v.strip())
        ),
    )


def _one_address(contact: str) -> bool:
    """Whether a policy contact is exactly one plain e-mail address (a school gets one message).

    >>> _one_address('secretariaat@school.be'), _one_address('a@school.be, b@school.be')
    (True, False)
    """
    from dq.notify import ADDRESS, has_control

    return not has_control(contact) and bool(ADDRESS.fullmatch(contact.strip()))


def _parse_follow_up(data: dict, source: str) -> tuple[dict[str, dict[str, str]], int]:
    """``[schools."<id>"] contact, name`` and ``[notify] renotify_days``."""
    schools = {}
    for school_id, spec in data.get("schools", {}).items():
        key = f"schools.{school_id}"
        _expect(isinstance(spec, dict), key, "a table with contact and name", source)
        for name, value in spec.items():
            _expect(name in {"contact", "name"}, f"{key}.{name}", "contact, name", source)
            _expect(isinstance(value, str), f"{key}.{name}", "text", source)
        contact = spec.get("contact", "")
        _expect(
            not contact or _one_address(contact),
            f"{key}.contact",
            "exactly one e-mail address, without line breaks or other control characters",
            source,
        )
        schools[str(school_id)] = {"contact": contact.strip(), "name": spec.get("name", "")}
    notify = data.get("notify", {})
    for name in notify:
        _expect(name == "renotify_days", f"notify.{name}", "renotify_days", source)
    days = notify.get("renotify_days", 14)
    _expect(
        isinstance(days, int) and not isinstance(days, bool) and 0 <= days <= 3650,
        "notify.renotify_days",
        "a whole number of days from 0 to 3650",
        source,
    )
    return schools, days


def _refuse_numbers(text: str, source: str) -> None:
    """A policy is kept in the store and shown on the policy page: a valid national or BIS
    number in it (a school name, a column header, a contact) is refused, naming the line."""
    from dq.identifiers import redact

    for number, line in enumerate(text.splitlines(), start=1):
        if redact(line) != line:
            raise PolicyError(f"{number}: {redact(line).strip()[:80]}", "no_number", source)


def load_text(text: str, source: str = "policy.toml", stored: bool = False) -> Policy:
    """A policy from TOML text, on top of the defaults. A new one (not ``stored``, i.e. not
    the text a store already keeps) may not hold a valid national or BIS number.

    >>> from dq.identifiers import build
    >>> try:
    ...     load_text('[schools."1"]\\nname = "School ' + build(1990, 1, 1, 1) + '"')
    ... except PolicyError as error:
    ...     print(error.message("en")[:60])
    policy.toml: the value of '2: name = "School ••.••.••-•••.23
    """
    if not stored:
        _refuse_numbers(text, source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError("toml", "toml", source, detail=str(error)) from None
    merged = _merge(tomllib.loads(DEFAULT_TEXT), data)
    return _parse(merged, source, text)


def load(path: str | Path | None = None) -> Policy:
    """The policy from ``path`` on top of the defaults, or the defaults alone."""
    if path is None:  # the defaults alone: our own file, nothing to refuse (no stdnum import)
        return load_text("", "default_policy.toml", stored=True)
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError("file", "file", path.name, detail=error.__class__.__name__) from None
    return load_text(text, path.name)


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_toml(policy: Policy) -> str:
    """The policy as TOML text that :func:`load_text` reads back to the same policy.

    >>> load_text(to_toml(load())) == load_text("")
    True
    """
    lines = ["# Sleutelklaar policy (saved from the dashboard)", ""]
    for module in policy.modules.values():
        lines.append(f"[modules.{_toml_string(module.id)}]")
        lines.append(f"label = {_toml_string(module.label)}")
        lines.append(f"requires_2fa = {'true' if module.requires_2fa else 'false'}")
        if module.enforced:
            lines.append(f"enforced = {module.enforced.isoformat()}")
        lines.append("")
    lines.append("[webservice]")
    lines.append(f"prefix = {_toml_string(policy.webservice_prefix)}")
    lines.append("hints = [" + ", ".join(_toml_string(h) for h in policy.webservice_hints) + "]")
    lines += ["", "[groups]"]
    lines += [
        f"{_toml_string(p)} = [" + ", ".join(_toml_string(m) for m in ms) + "]"
        for p, ms in policy.groups.items()
    ]
    lines += [
        "",
        "[thresholds]",
        f"red = {policy.red}",
        f"amber = {policy.amber}",
        f"stale_days = {policy.stale_days}",
        "",
        "[access]",
        "admins = [" + ", ".join(_toml_string(a) for a in policy.admins) + "]",
        "",
        "[readiness]",
        f"count_inactive = {'true' if policy.count_inactive else 'false'}",
        "inactive_values = [" + ", ".join(_toml_string(v) for v in policy.inactive_values) + "]",
        "active_values = [" + ", ".join(_toml_string(v) for v in policy.active_values) + "]",
        f"inactive_if = {_toml_string(policy.inactive_if)}",
        "",
        "[same_person]",
        "generic_email_local_parts = ["
        + ", ".join(_toml_string(v) for v in policy.generic_email_local_parts)
        + "]",
        "name_particles = [" + ", ".join(_toml_string(v) for v in policy.name_particles) + "]",
        "placeholder_names = ["
        + ", ".join(_toml_string(v) for v in policy.placeholder_names)
        + "]",
        "",
        "[account_types]",
    ]
    lines += [
        f"{t} = [" + ", ".join(_toml_string(p) for p in ps) + "]"
        for t, ps in policy.account_types.items()
    ]
    lines += [
        "",
        "[columns]",
    ]
    lines += [f"{_toml_string(h)} = {_toml_string(c)}" for h, c in policy.columns.items()]
    lines += ["", "[notify]", f"renotify_days = {policy.renotify_days}"]
    for school_id, spec in policy.schools.items():
        lines += ["", f"[schools.{_toml_string(school_id)}]"]
        lines += [f"{k} = {_toml_string(v)}" for k, v in spec.items()]
    return "\n".join(lines) + "\n"


def _form_date(value) -> datetime.date | None:
    """A date from a data-editor cell: a date, a timestamp, ISO text, or empty (None/NaN/NaT)."""
    if value is None or value != value or str(value) in ("", "NaT", "None"):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def edited(
    current: Policy,
    modules: list[dict],
    groups: list[dict],
    prefix: str,
    hints: str,
    red_percent: float,
    amber_percent: float,
    stale_days: int,
) -> Policy:
    """``current`` with what the policy page edits: module rows (``id``, ``label``,
    ``requires_2fa``, ``enforced``), group rows (``pattern``, ``modules`` as comma-separated
    text), the webservice prefix and hints (comma-separated), the thresholds in percent and
    the stale days. Everything the page does not edit (columns, account types, inactive
    values, admins, schools, ...) is kept as it is. Rows without an id or pattern are skipped.

    >>> p = edited(load(), [{'id': ' x ', 'label': '', 'requires_2fa': True, 'enforced': None}],
    ...            [{'pattern': 'Staff*', 'modules': 'x, y'}], 'ws@', 'svc, Koppeling', 80, 95, 30)
    >>> p.modules['x'].label, p.groups, p.webservice_hints, p.red, p.stale_days
    ('x', {'Staff*': ('x', 'y')}, ('svc', 'koppeling'), 0.8, 30)
    """
    from dataclasses import replace

    return replace(
        current,
        modules={
            str(r["id"]).strip(): Module(
                str(r["id"]).strip(),
                str(r.get("label") or "").strip() or str(r["id"]).strip(),
                bool(r.get("requires_2fa")),
                _form_date(r.get("enforced")),
            )
            for r in modules
            if str(r.get("id") or "").strip()
        },
        groups={
            str(r["pattern"]).strip(): tuple(
                m.strip() for m in str(r.get("modules") or "").split(",") if m.strip()
            )
            for r in groups
            if str(r.get("pattern") or "").strip()
        },
        webservice_prefix=prefix,
        webservice_hints=tuple(h.strip().lower() for h in hints.split(",") if h.strip()),
        red=red_percent / 100,
        amber=amber_percent / 100,
        stale_days=int(stale_days),
    )
