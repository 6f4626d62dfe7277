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
import smtplib
import time
import tomllib
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from dq import marks
from dq.i18n import t

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DEFAULT_SECRETS = ".streamlit/secrets.toml"
DEFAULT_SENDER = "sleutelklaar@localhost"
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
    user = smtp.get("user") or None
    return SmtpSettings(
        host=str(smtp["host"]),
        port=int(smtp.get("port", 587)),
        starttls=bool(smtp.get("starttls", True)),
        user=user,
        password=smtp.get("password") or None,
        sender=str(smtp.get("sender") or user or DEFAULT_SENDER),
    )


def smtp_settings(path: str | Path = DEFAULT_SECRETS) -> SmtpSettings:
    """The SMTP settings from a secrets file (``.streamlit/secrets.toml`` by default)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise NotifyError("no_secrets", path=str(path)) from None
    return smtp_settings_from(data)


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name) or "x"


def school_messages(store, lang: str | None = "nl", school=None) -> list[Message]:
    """Per school with a contact in the policy: its fix list (.xlsx) and a short text.

    Accounts notified over this channel within ``renotify_days`` are left out; a school with
    nothing left gets no message.
    """
    from dq import fixlist

    policy = store.policy()
    recent = marks.recently_notified(store, "school", policy.renotify_days)
    frame = fixlist.fixlist(store, None, lang=lang, school=school)
    messages = []
    for school_id, part in frame.groupby("school_id", sort=True):
        contact = policy.schools.get(str(school_id), {}).get("contact")
        if not contact:
            continue
        part = part[[(school_id, u.lower()) not in recent for u in part["username"]]]
        if part.empty:
            continue
        name = policy.schools[str(school_id)].get("name") or str(school_id)
        messages.append(
            Message(
                channel="school",
                to=contact,
                subject=t("notify.school.subject", lang, name=name),
                body=t("notify.school.body", lang, name=name, count=len(part)),
                accounts=list(zip(part["school_id"], part["username"], strict=True)),
                attachment=(f"fixlijst_{_safe(str(school_id))}.xlsx", fixlist.to_xlsx_bytes(part)),
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
    return "\n\n— English below —\n\n".join(parts)


def people_messages(store, status=None, flag=None, school=None) -> list[Message]:
    """One message per account holder with an e-mail in the export, selected by status or
    flag (default: every account on the fix list that a person can act on)."""
    from dq import metrics

    policy = store.policy()
    recent = marks.recently_notified(store, "person", policy.renotify_days)
    frame = metrics.accounts(
        store, None, status=status, flag=flag, school=school, needs_action=True
    )
    messages = []
    for row in frame.itertuples(index=False):
        address = (row.email or "").strip() if isinstance(row.email, str) else ""
        topic = _person_topic(row.status, row.flags)
        if "@" not in address or topic is None:
            continue
        if (row.school_id, row.username.lower()) in recent:
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
            name += "_" + _safe(username)
        files.append((f"{name}.eml", message.email(sender).as_bytes(policy=email.policy.SMTP)))
    return files


def write_eml(
    messages: list[Message], folder: str | Path, sender: str = DEFAULT_SENDER
) -> list[Path]:
    """Write each message as an ``.eml`` file for review; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
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


def send(
    messages: list[Message],
    settings: SmtpSettings,
    store=None,
    per_minute: int = 30,
    by: str | None = None,
    progress=None,
) -> int:
    """Send over SMTP, at most ``per_minute`` a minute; after each message, record a
    "notified" mark for its accounts in ``store`` (when given). Returns the number sent."""
    if per_minute < 1:
        raise NotifyError("rate")
    interval = 60.0 / per_minute
    sent = 0
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=30) as server:
            if settings.starttls:
                server.starttls()
            if settings.user and settings.password:
                server.login(settings.user, settings.password)
            started = time.monotonic()
            for message in messages:
                wait = started + sent * interval - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                server.send_message(message.email(settings.sender))
                sent += 1
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
                if progress is not None:
                    progress(sent, len(messages))
    except (smtplib.SMTPException, OSError) as error:
        raise NotifyError(
            "smtp", host=settings.host, kind=type(error).__name__, sent=sent
        ) from None
    return sent
