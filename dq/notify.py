"""Nudges, dry-run first: one e-mail per school with its fix list, or one per account holder.

By default the messages are written as ``.eml`` files for review; :func:`send` delivers them
over SMTP (settings in ``.streamlit/secrets.toml`` under ``[smtp]``), at most N a minute, and
records a "notified" mark per account, so nobody is nudged twice within the policy's
``renotify_days``. A message never holds a national number, nor anyone else's data.

>>> settings = smtp_settings_from({'smtp': {'host': 'mail.school.be', 'user': 'dq@school.be'}})
>>> settings.port, settings.starttls, settings.sender
(587, True, 'dq@school.be')
"""

from __future__ import annotations

import datetime
import email.policy
import email.utils
import re
import smtplib
import time
import tomllib
import unicodedata
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from dq import marks
from dq.i18n import t
from dq.identifiers import redact

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DEFAULT_SECRETS = ".streamlit/secrets.toml"
DEFAULT_SENDER = "sleutelklaar@localhost"
# one plain address: no spaces, no second @, a dot in the domain
ADDRESS = re.compile(r"[^@\s,;<>()\[\]\\\"]+@[^@\s,;<>()\[\]\\\"]+\.[^@\s,;<>()\[\]\\\"]+")
# the .eml files a dry run writes (and clears again on the next dry run into the same folder)
EML_NAME = re.compile(r"[0-9]{4}_(school|person)_[A-Za-z0-9_-]*\.eml")
# what an account holder is asked to do, most specific first (status, then flags)
PERSON_TOPICS: tuple[str, ...] = (
    "missing",
    "invalid",
    "conflict",
    "external_unlinked",
    "bis_key_activation",
)


class NotifyError(Exception):
    """Messages cannot be prepared or sent: ``code`` says why."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code, self.details = code, details

    def message(self, lang: str | None = None) -> str:
        """The message for a person."""
        return t(f"error.notify_{self.code}", lang, **self.details)


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: from the ``[smtp]`` table of the secrets file."""

    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = DEFAULT_SENDER


@dataclass
class Message:
    """One e-mail and the accounts it is about (for the "notified" marks)."""

    channel: str  # school | person
    to: str
    subject: str
    body: str
    accounts: list[tuple[str, str]]
    attachment: tuple[str, bytes] | None = None

    def email(self, sender: str = DEFAULT_SENDER) -> EmailMessage:
        """The message as an :class:`email.message.EmailMessage`."""
        msg = EmailMessage()
        msg["Subject"] = self.subject
        msg["From"] = sender
        msg["To"] = self.to
        msg["Date"] = email.utils.formatdate(localtime=True)
        msg["Message-ID"] = email.utils.make_msgid(domain="sleutelklaar.local")
        msg.set_content(self.body)
        if self.attachment:
            name, data = self.attachment
            msg.add_attachment(data, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=name)
        return msg


def smtp_settings_from(secrets: dict) -> SmtpSettings:
    """The SMTP settings of a parsed secrets file (raises when ``[smtp] host`` is missing)."""
    smtp = secrets.get("smtp")
    if not isinstance(smtp, dict) or not smtp.get("host"):
        raise NotifyError("no_smtp")
    port = smtp.get("port", 587)
    if isinstance(port, str) and port.strip().isascii() and port.strip().isdigit():
        port = int(port.strip())
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise NotifyError("setting_port", key="port")
    if not isinstance(smtp.get("starttls", True), bool):
        raise NotifyError("setting_bool", key="starttls")
    for key in ("host", "user", "password", "sender"):
        value = smtp.get(key)
        if value is not None and (not isinstance(value, str) or has_control(value)):
            raise NotifyError("setting_text", key=key)
    user = smtp.get("user") or None
    sender = smtp.get("sender") or user or DEFAULT_SENDER
    if not ADDRESS.fullmatch(sender) and sender != DEFAULT_SENDER:
        raise NotifyError("setting_address", key="sender" if smtp.get("sender") else "user")
    return SmtpSettings(
        host=smtp["host"].strip(),
        port=port,
        starttls=smtp.get("starttls", True),
        user=user,
        password=smtp.get("password") or None,
        sender=sender,
    )


def has_control(text: str) -> bool:
    """Whether ``text`` holds a line break or another control or format character.

    >>> has_control('a@b.be'), has_control('a@b.be\\r\\nBcc: x@y.be'), has_control('a\\u200b@b.be')
    (False, True, True)
    """
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text)


def pick_address(cell: object) -> tuple[str | None, str | None]:
    """The one address a message goes to, from an export cell: (address, why).

    ``why`` is ``control`` or ``number`` (the message must be skipped), ``no_address``,
    ``several`` (the first valid address is used, never more than one) or None.

    >>> pick_address(' an@school.be ')
    ('an@school.be', None)
    >>> pick_address('an@school.be; bert@school.be')
    ('an@school.be', 'several')
    >>> pick_address('an@school.be\\r\\nBcc: x@y.be'), pick_address('geen'), pick_address(None)
    ((None, 'control'), (None, 'no_address'), (None, 'no_address'))
    >>> from dq.identifiers import build
    >>> pick_address(build(1990, 1, 1, 1) + '@school.be')
    (None, 'number')
    """
    if not isinstance(cell, str) or not cell.strip():
        return None, "no_address"
    if has_control(cell):
        return None, "control"
    found = [part for part in re.split(r"[\s,;]+", cell) if part]
    valid = [part for part in found if ADDRESS.fullmatch(part)]
    if not valid:
        return None, "no_address"
    if "•" in valid[0] or marks.holds_number(valid[0]):  # an address made of a number (or masked)
        return None, "number"
    return valid[0], "several" if len(found) > 1 else None


def smtp_settings(path: str | Path = DEFAULT_SECRETS) -> SmtpSettings:
    """The SMTP settings from a secrets file (``.streamlit/secrets.toml`` by default)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):  # TOMLDecodeError is a ValueError
        raise NotifyError("no_secrets", path=str(path)) from None
    return smtp_settings_from(data)


def _safe(name: str) -> str:
    return (
        "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in name) or "x"
    )


@dataclass(frozen=True)
class Skipped:
    """An account (or school) that gets no message, or a warning about one: ``why`` is a code."""

    school_id: str
    username: str
    why: str  # control | number | no_address | several
    to: str | None = None

    def message(self, lang: str | None = None) -> str:
        """The warning for a person, naming the school and account."""
        why = t(f"notify.skip.{self.why}", lang, to=self.to or "")
        return t("notify.skipped", lang, school=self.school_id, username=self.username, why=why)


def _redacted(frame):
    """The frame with every number in its text cells masked (a fix list goes out by e-mail).

    >>> import pandas as pd
    >>> from dq.identifiers import build
    >>> _redacted(pd.DataFrame({'name': ['An ' + build(1990, 1, 1, 1)], 'n': [1]})).values.tolist()
    [['An ••.••.••-•••.23', 1]]
    """
    return frame.map(lambda value: redact(value) if isinstance(value, str) else value)


def school_messages(
    store, lang: str | None = "nl", school=None, skipped: list[Skipped] | None = None
) -> list[Message]:
    """Per school with a contact in the policy: its fix list (.xlsx) and a short text.

    Accounts notified over this channel within ``renotify_days`` are left out; a school with
    nothing left gets no message. Raises when no school has a contact at all.
    """
    from dq import fixlist

    policy = store.policy()
    if not any(spec.get("contact") for spec in policy.schools.values()):
        raise NotifyError("no_contacts")
    recent = marks.recently_notified(store, "school", policy.renotify_days)
    frame = fixlist.fixlist(store, None, lang=lang, school=school)
    messages = []
    for school_id, part in frame.groupby("school_id", sort=True):
        contact, why = pick_address(policy.schools.get(str(school_id), {}).get("contact"))
        if why and contact is None and why != "no_address" and skipped is not None:
            skipped.append(Skipped(str(school_id), "", why))
        if not contact:
            continue
        part = part[[(school_id, u.lower()) not in recent for u in part["username"]]]
        if part.empty:
            continue
        name = redact(policy.schools[str(school_id)].get("name") or str(school_id))
        messages.append(
            Message(
                channel="school",
                to=contact,
                subject=t("notify.school.subject", lang, name=name),
                body=t("notify.school.body", lang, name=name, count=len(part)),
                accounts=list(zip(part["school_id"], part["username"], strict=True)),
                attachment=(
                    f"fixlijst_{_safe(str(school_id))}.xlsx",
                    fixlist.to_xlsx_bytes(_redacted(part)),
                ),
            )
        )
    return messages


def _person_topic(status: str, flags) -> str | None:
    for topic in PERSON_TOPICS:
        if topic == status or topic in list(flags):
            return topic
    return None


def person_body(first_name: str | None, username: str, school: str, topic: str) -> str:
    """What one account holder reads: in Dutch, then in English; only their own account.

    >>> print(person_body('An', 'an.peeters', 'De Linde', 'missing').splitlines()[0])
    Beste An,
    """
    parts = []
    for lang in ("nl", "en"):
        parts.append(
            t(
                "notify.person.body",
                lang,
                name=first_name or username,
                username=username,
                school=school,
                todo=t(f"notify.person.todo.{topic}", lang),
            )
        )
    return redact("\n\n— English below —\n\n".join(parts))


def selection_values() -> dict[str, tuple[str, ...]]:
    """The values ``--status`` and ``--flag`` of ``dq notify people`` accept.

    >>> selection_values()['flag']
    ('bis_key_activation',)
    """
    from dq.rules import FAILING, FLAGS

    return {
        "status": tuple(topic for topic in PERSON_TOPICS if topic in FAILING),
        "flag": tuple(f.id for f in FLAGS if f.id in PERSON_TOPICS),
    }


def check_selection(store, status=None, flag=None, school=None) -> None:
    """Refuse a --status, --flag or --school value nothing can match (a typo selects nobody)."""
    from dq import metrics

    known = dict(selection_values())
    if school:
        in_export = metrics.metrics(store, by="school")["school_id"]
        known["school"] = tuple(sorted({*map(str, in_export.dropna()), *store.policy().schools}))
    for option, values in (("status", status), ("flag", flag), ("school", school)):
        unknown = [value for value in values or () if value not in known[option]]
        if unknown:
            raise NotifyError(
                "unknown_value",
                option="--" + option,
                values=", ".join(unknown),
                allowed=", ".join(known[option]) or "-",
            )


def people_messages(
    store, status=None, flag=None, school=None, skipped: list[Skipped] | None = None
) -> list[Message]:
    """One message per account holder with an e-mail in the export (to one address only).

    The accounts are those on the fix list with a status in ``status`` OR a flag in ``flag``
    (both lists; neither given: every account a person can act on), in ``school`` when given.
    Accounts without a usable address are left out and, when ``skipped`` is a list, reported
    there.
    """
    from dq import metrics

    policy = store.policy()
    recent = marks.recently_notified(store, "person", policy.renotify_days)
    # every account: a person may have something to do (activate a digital key) on an account
    # that needs no fix; _person_topic below keeps exactly those with a message for them
    frame = metrics.accounts(store, None, school=school)
    messages = []
    for row in frame.itertuples(index=False):
        flags = list(row.flags)
        if (status or flag) and not (
            row.status in (status or ()) or any(f in flags for f in flag or ())
        ):
            continue
        topic = _person_topic(row.status, flags)
        if topic is None or (row.school_id, row.username.lower()) in recent:
            continue
        address, why = pick_address(row.email)
        if why is not None and skipped is not None:
            skipped.append(Skipped(row.school_id, row.username, why, address))
        if address is None:
            continue
        school_name = policy.schools.get(row.school_id, {}).get("name") or row.school_id
        first = row.first_name if isinstance(row.first_name, str) else None
        messages.append(
            Message(
                channel="person",
                to=address,
                subject=t("notify.person.subject", "nl") + " / " + t("notify.person.subject", "en"),
                body=person_body(first, row.username, school_name, topic),
                accounts=[(row.school_id, row.username)],
            )
        )
    return messages


def eml_files(messages: list[Message], sender: str = DEFAULT_SENDER) -> list[tuple[str, bytes]]:
    """Each message as (file name, .eml bytes), numbered in order."""
    files = []
    for number, message in enumerate(messages, start=1):
        school, username = message.accounts[0]
        name = f"{number:04d}_{message.channel}_{_safe(school)}"
        if message.channel == "person":
            name += "_" + _safe(redact(username))
        files.append((f"{name}.eml", message.email(sender).as_bytes(policy=email.policy.SMTP)))
    return files


def write_eml(
    messages: list[Message], folder: str | Path, sender: str = DEFAULT_SENDER
) -> list[Path]:
    """Write each message as an ``.eml`` file for review; returns the paths.

    The ``.eml`` files an earlier dry run wrote into the folder are removed first (only those
    named as this function names them), so the folder shows exactly what ``--send`` would send.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if EML_NAME.fullmatch(old.name) and old.is_file():
            old.unlink()
    paths = []
    for name, data in eml_files(messages, sender):
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


def eml_zip(messages: list[Message], sender: str = DEFAULT_SENDER) -> bytes:
    """The .eml files in one zip (the dashboard's download)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in eml_files(messages, sender):
            archive.writestr(name, data)
    return buffer.getvalue()


@dataclass
class Failure:
    """A message the server did not take: to whom, about which accounts, and why."""

    to: str
    accounts: list[tuple[str, str]]
    why: str

    def message(self, lang: str | None = None) -> str:
        """The line for a person."""
        accounts = ", ".join(f"{school}/{username}" for school, username in self.accounts)
        return t("notify.failed", lang, to=self.to, accounts=redact(accounts), why=self.why)


@dataclass
class Delivery:
    """What :func:`send` did: how many went out and which did not."""

    sent: int = 0
    failed: list[Failure] = field(default_factory=list)


def _why(error: Exception) -> str:
    """A short reason from an SMTP error, without echoing the message back."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
        return "SMTP " + "/".join(str(code) for code in codes) + " recipient refused"
    code = getattr(error, "smtp_code", None)
    return f"SMTP {code} {type(error).__name__}" if code else type(error).__name__


def send(
    messages: list[Message],
    settings: SmtpSettings,
    store=None,
    per_minute: int = 30,
    by: str | None = None,
    progress=None,
) -> Delivery:
    """Send over SMTP, at most ``per_minute`` a minute; after each message, record a
    "notified" mark for its accounts in ``store`` (when given).

    A message the server refuses is recorded as a :class:`Failure` and the others still go;
    only a connection that cannot be made (or is lost) stops the run. Sent messages are marked,
    so a re-run within ``renotify_days`` sends only the ones that failed.
    """
    if per_minute < 1:
        raise NotifyError("rate")
    interval = 60.0 / per_minute
    delivery = Delivery()
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=30) as server:
            if settings.starttls:
                server.starttls()
            if settings.user and settings.password:
                server.login(settings.user, settings.password)
            started = time.monotonic()
            for done, message in enumerate(messages, start=1):
                wait = started + delivery.sent * interval - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                try:
                    server.send_message(message.email(settings.sender))
                except (
                    smtplib.SMTPRecipientsRefused,
                    smtplib.SMTPSenderRefused,
                    smtplib.SMTPDataError,
                ) as error:
                    delivery.failed.append(Failure(message.to, message.accounts, _why(error)))
                    server.rset()
                    continue
                finally:
                    if progress is not None:
                        progress(done, len(messages))
                delivery.sent += 1
                if store is not None:
                    marks.mark_many(
                        store,
                        message.accounts,
                        "notified",
                        by=by,
                        channel=message.channel,
                        check_account=False,
                        at=datetime.datetime.now().replace(microsecond=0),
                    )
    except (smtplib.SMTPException, OSError) as error:
        raise NotifyError(
            "smtp", host=settings.host, kind=type(error).__name__, sent=delivery.sent
        ) from None
    return delivery
