"""RRNR and BIS (Belgian national register and BIS numbers): one verdict per entered value.

Every person who logs in through the Flemish government's digital keys is identified by an
11-digit number: the rijksregisternummer (RRNR, kind ``"nn"``) or, for people outside the
national register, the BIS number (kind ``"bis"``, month + 20 or + 40). The digits are the
birth date YYMMDD, a serial, and two check digits: 97 - (first nine digits mod 97), with a
``2`` put in front of the nine digits for people born in 2000 or later.

Values arrive from spreadsheets, so before judging a value the engine repairs what Excel
does to long numbers where that can be done safely, and says so in ``flags``:

1. surrounding white space is trimmed; an empty value is ``missing``;
2. scientific notation (``8,50730E+10``) is ``excel_scientific``: the digits are gone;
3. a float suffix (``.0``, ``,00``) is removed: flag ``decimal_suffix_removed``;
4. separators (spaces, dots, hyphens, dashes, slashes) are removed;
5. 8 to 10 digits that become valid when padded with zeros to 11 get the zeros back:
   flag ``leading_zero_restored`` (Excel drops them for people born in 2000-2009);
6. the verdict is python-stdnum's ``stdnum.be.ssn.validate``; its exception classes map
   one-to-one to the reason codes ``format``, ``length``, ``checksum`` and ``date``.

The same steps run in SQL over whole columns (:mod:`dq.identifiers.sql`); the test suite
proves the two paths and python-stdnum agree. The numbers below are made up by
construction with :func:`build`.

>>> number = build(1990, 1, 1, 1)
>>> check(number).valid, check(number).kind
(True, 'nn')
>>> check(' 90.01.01-001.' + number[-2:]).number == number
True
>>> check(number[:-1] + str((int(number[-1]) + 1) % 10)).reason
'checksum'
>>> check('8,50730E+10').reason
'excel_scientific'
>>> check(build(2003, 4, 5, 2)[1:]).flags
('leading_zero_restored',)
>>> check(number + '.0').flags
('decimal_suffix_removed',)
>>> check(build(1985, 7, 3, 5, kind='bis')).kind
'bis'
>>> check(None).reason
'missing'
>>> mask(number) == '••.••.••-•••.' + number[-2:]
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stdnum import exceptions as stdnum_errors
from stdnum.be import ssn

__all__ = [
    "FLAGS",
    "KINDS",
    "REASONS",
    "Verdict",
    "build",
    "check",
    "check_digits",
    "mask",
    "redact",
]

#: Why a value is not a usable number, in the order the steps can find out.
REASONS: tuple[str, ...] = ("missing", "excel_scientific", "format", "length", "checksum", "date")
#: Repairs the engine made to a value, in the order of the steps.
FLAGS: tuple[str, ...] = ("decimal_suffix_removed", "leading_zero_restored")
#: ``nn`` is a rijksregisternummer, ``bis`` a BIS number.
KINDS: tuple[str, ...] = ("nn", "bis")

# python-stdnum's exception classes, one-to-one with our reason codes (InvalidLength is a
# subclass of InvalidFormat, so it is tested first).
_REASON_OF_ERROR: tuple[tuple[type[Exception], str], ...] = (
    (stdnum_errors.InvalidLength, "length"),
    (stdnum_errors.InvalidFormat, "format"),
    (stdnum_errors.InvalidChecksum, "checksum"),
    (stdnum_errors.InvalidComponent, "date"),
)

# Every character Python's str.isspace() accepts; engine.sql spells out the same set.
_WS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_SCIENTIFIC = re.compile(r"[0-9]+([.,][0-9]+)?[eE]\+?[0-9]+")
_DECIMAL_SUFFIX = re.compile(r"([0-9]+)[.,]0+")
_SEPARATORS = re.compile("[" + re.escape(_WS) + r"./\-\u2010-\u2015\u2212]")
_PADDABLE = re.compile(r"[0-9]{8,10}")
_ZEROS = re.compile(r"0*")


@dataclass(frozen=True)
class Verdict:
    """The engine's verdict on one entered value.

    ``number`` holds the normalised 11 digits only when ``valid``; ``reason`` is one of
    :data:`REASONS` when not valid; ``flags`` lists the repairs made (:data:`FLAGS`).

    >>> Verdict(None, False, None, "missing").as_dict()
    {'number': None, 'valid': False, 'kind': None, 'reason': 'missing', 'flags': []}
    """

    number: str | None
    valid: bool
    kind: str | None
    reason: str | None
    flags: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        """The verdict as a plain dict (flags as a list), as ``dq check --json`` prints it."""
        return {
            "number": self.number,
            "valid": self.valid,
            "kind": self.kind,
            "reason": self.reason,
            "flags": list(self.flags),
        }


def _stdnum_reason(value: str) -> str | None:
    """python-stdnum's verdict on a value as a reason code (None when valid)."""
    try:
        ssn.validate(value)
    except ValueError as error:
        # int() refuses more than 4,300 digits (Python's guard); stdnum would then go on to
        # reject the value as all zeros (format) or as too long (length).
        if isinstance(error, stdnum_errors.ValidationError):
            for error_class, reason in _REASON_OF_ERROR:
                if isinstance(error, error_class):
                    return reason
            return "format"
        return "format" if _ZEROS.fullmatch(ssn.compact(value)) else "length"
    return None


def check(value: object) -> Verdict:
    """Judge one entered value (a string, a number from a spreadsheet, or None).

    Never raises: junk gets a reason code.

    >>> check('').reason, check('€').reason, check('123').reason
    ('missing', 'format', 'length')
    >>> check(build(1975, 12, 31, 997)).valid
    True
    """
    if value is None:
        return Verdict(None, False, None, "missing")
    text = value if isinstance(value, str) else str(value)
    text = text.strip(_WS)
    if not text:
        return Verdict(None, False, None, "missing")
    if _SCIENTIFIC.fullmatch(text):
        return Verdict(None, False, None, "excel_scientific")
    flags: list[str] = []
    suffixed = _DECIMAL_SUFFIX.fullmatch(text)
    if suffixed:
        text = suffixed.group(1)
        flags.append("decimal_suffix_removed")
    text = _SEPARATORS.sub("", text)
    if _PADDABLE.fullmatch(text) and _stdnum_reason(text.rjust(11, "0")) is None:
        text = text.rjust(11, "0")
        flags.append("leading_zero_restored")
    reason = _stdnum_reason(text)
    if reason is not None:
        return Verdict(None, False, None, reason, tuple(flags))
    number = ssn.compact(text)
    return Verdict(number, True, ssn.guess_type(number), None, tuple(flags))


def check_digits(number: str) -> str:
    """The two check digits of an 11-digit number: all of it we keep for display.

    >>> check_digits('90010100123')
    '23'
    """
    return number[-2:]


def mask(value: str | None, reveal: bool = False) -> str:
    """Show an entered value without giving the person away: only the last two characters.

    A valid number is shown in the standard layout with everything but the check digits
    hidden. ``reveal=True`` returns the value unchanged (for correcting an invalid entry).

    >>> mask('90010100123')
    '••.••.••-•••.23'
    >>> mask('12-34')
    '•••34'
    >>> mask(None), mask('')
    ('', '')
    """
    if not value:
        return ""
    if reveal:
        return value
    if len(value) == 11 and value.isascii() and value.isdigit():
        return "••.••.••-•••." + value[-2:]
    return "•" * max(len(value) - 2, 0) + value[-2:]


# Redaction: a "token" is a run of digit groups joined by single separators; a candidate is
# 11 digits from the start of one group to the end of another. engine.sql gets these same
# patterns from dq.identifiers.sql.install, so both paths look for exactly the same things.
REDACT_SEPARATOR_CHARS = " \u00a0\u202f./-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
REDACT_SEPARATORS = re.escape(REDACT_SEPARATOR_CHARS)
REDACT_TOKEN = "[0-9]+(?:[" + REDACT_SEPARATORS + "][0-9]+)*"
REDACT_PART = "[0-9]+|[" + REDACT_SEPARATORS + "]"
REDACT_CANDIDATE = "[0-9](?:[" + REDACT_SEPARATORS + "]?[0-9]){10}"
_REDACT_TOKEN = re.compile(REDACT_TOKEN)
_REDACT_PART = re.compile(REDACT_PART)
_REDACT_CANDIDATE = re.compile("(" + REDACT_CANDIDATE + ")(?:[" + REDACT_SEPARATORS + r"]|\Z)")
_NON_DIGITS = re.compile("[^0-9]")


def _embedded_numbers(text: str) -> list[str]:
    """The substrings of ``text`` that write a valid number (11 digits, maybe separated)."""
    found = []
    for token in _REDACT_TOKEN.findall(text):
        parts = _REDACT_PART.findall(token)  # digit group, separator, digit group, ...
        if len(token) - len(parts) // 2 < 11:
            continue  # fewer than 11 digits
        for start in range(0, len(parts), 2):
            # 11 digits span at most 11 groups and the 10 separators between them
            candidate = _REDACT_CANDIDATE.match("".join(parts[start : start + 21]))
            if candidate and check(_NON_DIGITS.sub("", candidate.group(1))).valid:
                found.append(candidate.group(1))
    return found


def redact(text: str | None) -> str | None:
    """``text`` with every valid national or BIS number in it masked (:func:`mask`).

    A number counts when it is written as 11 digits, together or split by spaces, dots,
    dashes or slashes, with no digit right before or after it; a value that as a whole is a
    number after the engine's repairs (:func:`check`) is masked as a whole. Digits that are
    not a valid number are no identifier and stay. Text without a number comes back as is.
    The SQL macro ``dq_id_redact`` gives the same results.

    >>> number = build(1985, 7, 30, 33)
    >>> redact('NN: ' + number + ', tel. 0474 12 34 56')
    'NN: ••.••.••-•••.28, tel. 0474 12 34 56'
    >>> redact('born 30/07/1985, number 85.07.30-033.28 (old)')
    'born 30/07/1985, number ••.••.••-•••.28 (old)'
    >>> redact('NN: 850730 033 28')
    'NN: ••.••.••-•••.28'
    >>> redact(number + '.0')
    '••.••.••-•••.28'
    >>> redact('invalid: 85073003329'), redact(None)
    ('invalid: 85073003329', None)
    """
    if text is None:
        return None
    verdict = check(text)
    if verdict.valid:
        return mask(verdict.number)
    for candidate in _embedded_numbers(text):
        text = text.replace(candidate, mask(_NON_DIGITS.sub("", candidate)))
    return text


def build(
    year: int, month: int, day: int, serial: int, kind: str = "nn", sex_known: bool = True
) -> str:
    """Construct a number with correct check digits (for tests and the demo, never real data).

    ``kind="bis"`` adds 40 to the month (20 when ``sex_known`` is False). The month or day
    may be 0, as the register uses for a partly unknown date.

    >>> build(1990, 1, 1, 1)
    '90010100123'
    >>> build(2001, 2, 3, 4)[:9], check(build(2001, 2, 3, 4)).valid
    ('010203004', True)
    >>> build(1980, 5, 6, 7, kind='bis')[2:4]
    '45'
    """
    if kind == "bis":
        month += 40 if sex_known else 20
    body = f"{year % 100:02d}{month:02d}{day:02d}{serial:03d}"
    base = int(body) + (2_000_000_000 if year >= 2000 else 0)
    return f"{body}{97 - base % 97:02d}"
