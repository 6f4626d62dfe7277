"""The secret key behind the keyed hash that stands in for a national number in the store.

The store never holds a valid number in clear: it keeps an HMAC-SHA-256 of the number under a
key that lives outside the database file (``DQ_SECRET_KEY``, else the key file
``~/.config/sleutelklaar/key``, created on first use with mode 0600). The same number gives
the same hash under the same key, which is all the rules need (duplicates, following an
account across snapshots); without the key the file reveals nothing.

>>> key = SecretKey(b'k' * 32)
>>> key.hash('90010100123') == key.hash('90010100123') != SecretKey(b'x' * 32).hash('90010100123')
True
>>> len(key.fingerprint())
16
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dq.errors import DqError

BLOCK = 64  # SHA-256's block size, for the HMAC pads


class KeyProblem(DqError):
    """The key cannot be read or created; the message says what that means."""

    prefix = "error.key_"

    def __init__(self, code: str, path: str) -> None:
        super().__init__(code, path=path)
        self.path = path


@dataclass(frozen=True)
class SecretKey:
    """An HMAC-SHA-256 key; :meth:`pads` gives what the SQL needs to compute the same HMAC."""

    material: bytes

    def hash(self, number: str) -> str:
        """The keyed hash of a number, as lowercase hex."""
        return hmac.new(self.material, number.encode("ascii"), hashlib.sha256).hexdigest()

    def pads(self) -> tuple[bytes, bytes]:
        """The inner and outer HMAC pads (key XOR 0x36 / 0x5c), for the SQL spelling."""
        key = (
            self.material if len(self.material) <= BLOCK else hashlib.sha256(self.material).digest()
        )
        key = key.ljust(BLOCK, b"\0")
        return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)

    def fingerprint(self) -> str:
        """A short public fingerprint, stored with the data to detect a different key."""
        return self.hash("sleutelklaar-key-fingerprint")[:16]


def default_key_path() -> Path:
    """Where the key file lives unless ``DQ_KEY_FILE`` says otherwise."""
    configured = os.environ.get("DQ_KEY_FILE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "sleutelklaar" / "key"


def key_source() -> str:
    """Where :func:`load_key` takes the key from: ``DQ_SECRET_KEY`` when set, else the key
    file's path (for messages that must name the key actually used).

    >>> os.environ["DQ_SECRET_KEY"] = "ab" * 16; key_source()
    'DQ_SECRET_KEY'
    >>> del os.environ["DQ_SECRET_KEY"]
    """
    return "DQ_SECRET_KEY" if os.environ.get("DQ_SECRET_KEY") else str(default_key_path())


def load_key(create: bool = True) -> SecretKey:
    """The key from ``DQ_SECRET_KEY`` or the key file; the file is created when allowed.

    A key that cannot be read raises :class:`KeyProblem` rather than silently making a new key,
    because a new key would make every hash already stored unmatchable.
    """
    env = os.environ.get("DQ_SECRET_KEY")
    if env:
        return SecretKey(_parse_key(env.strip(), "DQ_SECRET_KEY", env=True))
    path = default_key_path()
    if path.exists():
        return _read_key_file(path)
    if not create:
        raise KeyProblem("missing", str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        material = secrets.token_bytes(32)
        # written in full under a private name, then linked into place: a reader never sees a
        # half-written key, and os.link fails if another process got there first
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed and removed below
            "w", encoding="ascii", dir=path.parent, prefix=".key-", delete=False
        )
        try:
            with handle:
                os.chmod(handle.name, 0o600)
                handle.write(material.hex() + "\n")
            os.link(handle.name, path)
        finally:
            os.unlink(handle.name)
    except FileExistsError:  # another process created it first: use theirs
        return _read_key_file(path)
    except OSError:
        raise KeyProblem("unwritable", str(path)) from None
    return SecretKey(material)


MIN_KEY_BYTES = 16
HEX = re.compile(r"[0-9A-Fa-f]*")


def _parse_key(text: str, where: str, env: bool = False) -> bytes:
    """Key material from its hex spelling (the key file's format); at least 16 bytes.

    >>> len(_parse_key('ab' * 16, 'x'))
    16
    >>> _parse_key('ab' * 8 + ' ' + 'ab' * 8, 'DQ_SECRET_KEY', env=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    dq.privacy.KeyProblem: DQ_SECRET_KEY moet hexadecimaal zijn...
    >>> _parse_key('ab', 'x')
    Traceback (most recent call last):
        ...
    dq.privacy.KeyProblem: De sleutel in x is te kort: minstens 16 bytes (32 hexadecimale tekens) nodig.
    """
    if not HEX.fullmatch(text):  # bytes.fromhex would skip white space inside the key
        raise KeyProblem("env_format" if env else "unreadable", where)
    try:
        material = bytes.fromhex(text)
    except ValueError:
        raise KeyProblem("env_format" if env else "unreadable", where) from None
    if len(material) < MIN_KEY_BYTES:
        raise KeyProblem("too_short", where)
    return material


def _read_key_file(path: Path) -> SecretKey:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise KeyProblem("unreadable", str(path)) from None
    return SecretKey(_parse_key(text, str(path)))
