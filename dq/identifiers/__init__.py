"""RRNR and BIS (Belgian national register and BIS numbers): one verdict per entered value.

Every person who logs in through the Flemish government's digital keys is identified by an
11-digit number: the rijksregisternummer (RRNR, kind ``"nn"``) or, for people outside the
national register, the BIS number (kind ``"bis"``, month + 20 or + 40). The digits are the
birth date YYMMDD, a serial, and two check digits: 97 - (first nine digits mod 97), with a
``2`` put in front of the nine digits for people born in 2000 or later.

Values arrive from spreadsheets, so before judging a value the engine repairs what Excel
does to long numbers where that can be done without guessing, and says so in ``flags``:

1. surrounding white space is trimmed; an empty value is ``missing``;
2. Excel's text markers ``'...`` and ``="..."`` are removed: ``excel_text_marker_removed``;
3. scientific notation that still holds every digit (``8,5073003328E+10``, also with more
   decimals that are zeros or a mantissa below 1) is written out:
   ``scientific_notation_expanded``; a shortened mantissa (``8,50730E+10``) is
   ``excel_scientific``: the digits are gone. The exponent has one to three digits, as
   programs write it (``E+10``, ``E+010``; in ``850730E03328`` an E was typed for a digit:
   ``format``);
4. a float suffix (``.0``, ``,00``) after plain digits, or exactly ``,00``/``.00`` after
   thousands groups (``85.073.003.328,00``, ``85,073,003,328.00``), is removed:
   ``decimal_suffix_removed``;
5. 8 to 10 plain digits (what Excel stored as a number: no separators, no text marker) that
   padded with zeros become a valid number of someone born 2000-2009 get the zeros back:
   ``leading_zero_restored`` (only they lose zeros; KBO numbers, dates and phone numbers as
   written never pass);
6. separators are removed: any white space inside (tabs and line breaks too), dots, hyphens
   and dashes, slashes (python-stdnum removes spaces, dots and hyphens only);
7. the verdict is python-stdnum's ``stdnum.be.ssn.validate`` (its exception classes map
   one-to-one to ``format``, ``length``, ``checksum`` and ``date``), made stricter where the
   official rules are: national register serial 000 or 999 is ``serial``; a known month with
   a day it does not have, or a birth after the reference date ``today`` (in either
   century), is ``date``; the kind comes from the month (:func:`kind_of`). A
   valid number whose holder would be younger than 15 or older than 100 gets
   ``implausible_age``.

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
>>> check('850730E03328').reason
'format'
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

import calendar
import datetime
import math
import re
import unicodedata
from dataclasses import dataclass, field

from stdnum import exceptions as stdnum_errors
from stdnum import util as stdnum_util
from stdnum.be import ssn

__all__ = [
    "FLAGS",
    "KINDS",
    "REASONS",
    "Verdict",
    "build",
    "check",
    "check_digits",
    "kind_of",
    "mask",
    "redact",
]

#: Why a value is not a usable number, in the order the steps can find out.
REASONS: tuple[str, ...] = (
    "missing",
    "excel_scientific",
    "format",
    "length",
    "checksum",
    "date",
    "serial",
)
#: Repairs the engine made to a value, in the order of the steps, then what it noticed.
FLAGS: tuple[str, ...] = (
    "excel_text_marker_removed",
    "scientific_notation_expanded",
    "decimal_suffix_removed",
    "leading_zero_restored",
    "implausible_age",
)
#: ``nn`` is a rijksregisternummer, ``bis`` a BIS number.
KINDS: tuple[str, ...] = ("nn", "bis")
#: A valid number whose holder is younger or older than this on the reference date is flagged.
PLAUSIBLE_AGE = (15, 100)

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
_SCIENTIFIC = re.compile(r"([0-9]+)(?:[.,]([0-9]+))?[eE]\+?([0-9]{1,3})")
# A float suffix after plain digits (85073003328.0), or exactly ",00"/".00" after thousands
# groups whose separator is not the decimal one (85.073.003.328,00, 85,073,003,328.00).
DECIMAL_SUFFIX = (
    r"[0-9]+[.,]0+|[0-9]{1,3}(?:\.[0-9]{3})+,00|[0-9]{1,3}(?:,[0-9]{3})+\.00"
    r"|[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+[.,]00"
)
_DECIMAL_SUFFIX = re.compile(DECIMAL_SUFFIX)
_PLAIN_SUFFIX = re.compile(r"[0-9]+[.,]0+")
_SUFFIX_ZEROS = re.compile(r"[.,]0+\Z")
_SEPARATORS = re.compile("[" + re.escape(_WS) + r"./\-\u2010-\u2015\u2212]")
_PADDABLE = re.compile(r"[1-9][0-9]{7,9}")  # Excel keeps no leading zero: none is left
_ELEVEN_DIGITS = re.compile(r"[0-9]{11}")
_ZEROS = re.compile(r"0*")
_NON_DIGITS = re.compile("[^0-9]")
# 1900/00/01 and 2000/00/01 (as BIS: month 20 or 40): the birth date was not known at all.
_FICTITIOUS_DATES = ("000001", "002001", "004001")


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


def _birth_parts(number: str, today: datetime.date) -> tuple[int, int, int] | None:
    """Birth year, month and day (0 = unknown) by the official rules, None if it has none.

    The century is the one whose check digits hold (never both: 2e9 mod 97 = 68). A 2000s
    year after ``today``'s is still read, so that it is refused as ``date``.
    """
    yy, month, day = int(number[:2]), int(number[2:4]) % 20, int(number[4:6])
    if 97 - int(number[:9]) % 97 == int(number[9:]):
        return 1900 + yy, month, day
    if 97 - (2_000_000_000 + int(number[:9])) % 97 == int(number[9:]):
        return 2000 + yy, month, day
    return None


def _official_reason(number: str, today: datetime.date) -> str | None:
    """The verdict on 11 digits by the official rules (see the README): python-stdnum's,
    plus a known month's real days, no birth after ``today`` (also when python-stdnum, which
    reads the 2000s only up to this year, says ``checksum``) and no national register serial
    000 or 999.
    """
    parts = _birth_parts(number, today)
    if parts is None:
        return "checksum"
    year, month, day = parts
    if not (
        0 <= int(number[2:4]) <= 12 or 20 <= int(number[2:4]) <= 32 or 40 <= int(number[2:4]) <= 52
    ):
        return "date"
    if number[:6] not in _FICTITIOUS_DATES:
        if month and day > calendar.monthrange(year, month)[1]:
            return "date"
        if month == 0:
            born_later = year > today.year
        elif day == 0:
            born_later = (year, month) > (today.year, today.month)
        else:
            born_later = datetime.date(year, month, day) > today
        if born_later:
            return "date"
    if int(number[2:4]) < 20 and number[6:9] in ("000", "999"):
        return "serial"
    return None


def _number_reason(text: str, today: datetime.date) -> str | None:
    """The verdict on a repaired value: python-stdnum's up to the length, then the official
    rules for 11 digits."""
    reason = _stdnum_reason(text)
    if reason in (None, "checksum", "date"):
        return _official_reason(ssn.compact(text), today)
    return reason


def _implausible_age(number: str, today: datetime.date) -> bool:
    """Whether the holder would be younger or older than :data:`PLAUSIBLE_AGE` on ``today``.

    Unknown birth years (the fictitious dates) are not judged; an unknown month or day
    counts as the start of the year or month.
    """
    parts = _birth_parts(number, today)
    if parts is None or number[:6] in _FICTITIOUS_DATES:
        return False
    year, month, day = parts
    age = today.year - year - ((month, day) > (today.month, today.day))
    return not PLAUSIBLE_AGE[0] <= age <= PLAUSIBLE_AGE[1]


def _unmarked(text: str) -> str | None:
    """The value inside Excel's text markers ``'...`` and ``="..."``, or None."""
    if text.startswith("'"):
        return text[1:]
    if text.startswith('="') and text.endswith('"') and len(text) >= 3:
        return text[2:-1]
    return None


def check(value: object, today: datetime.date | None = None) -> Verdict:
    """Judge one entered value (a string, a number from a spreadsheet, or None).

    ``today`` is the reference date (the export date at ingest; today by default): no one is
    born after it. Never raises: junk gets a reason code.

    >>> check('').reason, check('€').reason, check('123').reason
    ('missing', 'format', 'length')
    >>> check(build(1975, 12, 31, 997)).valid
    True
    >>> check(build(1975, 2, 30, 997)).reason, check(build(1975, 12, 31, 999)).reason
    ('date', 'serial')
    >>> check(build(2020, 6, 1, 2), today=datetime.date(2020, 5, 31)).reason
    'date'
    >>> check(build(2015, 6, 1, 2), today=datetime.date(2026, 1, 1)).flags
    ('implausible_age',)
    """
    today = today or datetime.date.today()
    text = _as_text(value)
    if text is None:
        return Verdict(None, False, None, "missing")
    text = text.strip(_WS)
    flags: list[str] = []
    unmarked = _unmarked(text)
    if unmarked is not None:
        text = unmarked
        flags.append("excel_text_marker_removed")
    if not text:
        return Verdict(None, False, None, "missing", tuple(flags))
    scientific = _SCIENTIFIC.fullmatch(text)
    if scientific:
        whole, fraction, exponent = scientific.group(1, 2, 3)
        fraction = fraction or ""
        # lossless only when the mantissa holds every digit: at least as many decimals as the
        # exponent, and any decimals past it zeros (8,50730033280E+10)
        if not _lossless_fraction(fraction, int(exponent)):
            return Verdict(None, False, None, "excel_scientific", tuple(flags))
        text = whole.lstrip("0") + fraction[: int(exponent)]
        flags.append("scientific_notation_expanded")
    # Excel drops leading zeros only from values it stored as a number: plain digits, maybe
    # with a float suffix; never from text with separators or from a text-marked value.
    excel_number = unmarked is None
    if _DECIMAL_SUFFIX.fullmatch(text):
        excel_number = excel_number and _PLAIN_SUFFIX.fullmatch(text) is not None
        text = _NON_DIGITS.sub("", _SUFFIX_ZEROS.sub("", text))
        flags.append("decimal_suffix_removed")
    # Only people born 2000-2009 lose leading zeros: the padded number must be of the 2000s.
    if excel_number and _PADDABLE.fullmatch(text):
        padded = text.rjust(11, "0")
        if _number_reason(padded, today) is None and _birth_parts(padded, today)[0] >= 2000:
            text = padded
            flags.append("leading_zero_restored")
    text = _SEPARATORS.sub("", text)
    reason = _number_reason(text, today)
    if reason is not None:
        return Verdict(None, False, None, reason, tuple(flags))
    number = ssn.compact(text)
    if _implausible_age(number, today):
        flags.append("implausible_age")
    return Verdict(number, True, kind_of(number), None, tuple(flags))


def _as_text(value: object) -> str | None:
    """An entered value as text; None for no value (None, NaN). Never raises."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return value
    try:
        return str(value)
    except Exception:  # an object whose str() fails is junk, not a crash
        return "\ufffd"


def _lossless_fraction(fraction: str, exponent: int) -> bool:
    """Whether a mantissa's decimals hold every digit up to the exponent (the rest zeros)."""
    return len(fraction) >= exponent and not fraction[exponent:].strip("0")


def kind_of(number: str) -> str:
    """The kind of an 11-digit number from its month: BIS numbers carry month + 20 or + 40.

    Derived here, not with python-stdnum's ``guess_type``, which reads the real clock.

    >>> kind_of(build(1990, 1, 1, 1)), kind_of(build(1990, 1, 1, 1, kind='bis'))
    ('nn', 'bis')
    """
    return "bis" if int(number[2:4]) >= 20 else "nn"


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


# Redaction. Digits are ASCII digits, python-stdnum's look-alikes (full-width, mathematical)
# and any Unicode decimal digit. Digits joined by short gaps (at most REDACT_MAX_GAP characters
# that are neither digits nor letters: spaces of any kind, dots, dashes, ``_``, ``,``, ``:``,
# brackets, zero-width and control characters) form a cluster; a candidate is 11 digits from the
# start of one digit group of a cluster to the end of another, so a longer unbroken run of
# digits is never partly masked.
REDACT_MAX_GAP = 3
#: Fewer digits than this in a text and neither path can find a number in it.
REDACT_MIN_DIGITS = 8
_LOOKALIKE_DIGITS = {k: v for k, v in stdnum_util._char_map.items() if v.isdigit()}


def _digit(char: str) -> str | None:
    """The ASCII digit a character stands for, or None."""
    if "0" <= char <= "9":
        return char
    if char.isascii():
        return None
    mapped = _LOOKALIKE_DIGITS.get(char)
    if mapped is not None:
        return mapped
    value = unicodedata.decimal(char, None)
    return None if value is None else str(value)


def _digit_groups(text: str) -> list[list[tuple[int, int, str]]]:
    """The clusters of ``text``: each a list of digit groups ``(start, end, digits)``."""
    clusters: list[list[tuple[int, int, str]]] = []
    group: list[str] = []
    start = gap = 0
    cluster: list[tuple[int, int, str]] = []
    for i, char in enumerate(text):
        digit = _digit(char)
        if digit is not None:
            if not group:
                start = i
            group.append(digit)
            gap = 0
            continue
        if group:
            cluster.append((start, i, "".join(group)))
            group = []
        gap += 1
        if cluster and (gap > REDACT_MAX_GAP or char.isalpha()):
            clusters.append(cluster)
            cluster = []
    if group:
        cluster.append((start, len(text), "".join(group)))
    if cluster:
        clusters.append(cluster)
    return clusters


def _embedded_spans(text: str, today: datetime.date | None) -> list[tuple[int, int, str]]:
    """Where ``text`` writes a valid number: ``(start, end, number)``, in order."""
    spans = []
    for cluster in _digit_groups(text):
        if sum(len(digits) for _, _, digits in cluster) < 11:
            continue
        for first in range(len(cluster)):
            digits = ""
            for last in range(first, len(cluster)):
                digits += cluster[last][2]
                if len(digits) >= 11:
                    break
            if len(digits) == 11 and check(digits, today).valid:
                spans.append((cluster[first][0], cluster[last][1], digits))
    return spans


def redact(text: str | None, today: datetime.date | None = None) -> str | None:
    """``text`` with every valid national or BIS number in it masked (:func:`mask`).

    A number counts when it is written as 11 digits (look-alike and other Unicode digits
    too), together or split into groups by up to three characters that are neither digits nor
    letters, with no digit right before or after it; a value that as a whole is a number after
    the engine's repairs (:func:`check`) is masked as a whole. Digits that are not a valid
    number are no identifier and stay. Text without a number comes back as is. ``today`` is
    the reference date, as for :func:`check`. The SQL macro ``dq_id_redact`` gives the same
    results.

    >>> number = build(1985, 7, 30, 33)
    >>> redact('NN: ' + number + ', tel. 0474 12 34 56')
    'NN: ••.••.••-•••.28, tel. 0474 12 34 56'
    >>> redact('born 30/07/1985, number 85.07.30 - 033.28 (old)')
    'born 30/07/1985, number ••.••.••-•••.28 (old)'
    >>> redact('NN:(850730)\\t033_28')
    'NN:(••.••.••-•••.28'
    >>> redact(number + '.0'), redact('8,5073003328E+10')
    ('••.••.••-•••.28', '••.••.••-•••.28')
    >>> redact('invalid: 85073003329, longer: 1' + number), redact(None)
    ('invalid: 85073003329, longer: 185073003328', None)

    A mask shows the check digits; masked again until nothing changes, they never make a
    number with the digits after them (``28 050512359`` is one):

    >>> redact('Peeters ' + number + ' 050512359')
    'Peeters ••.••.••-•••.••.••.••-•••.59'
    """
    if text is None:
        return None
    # each pass masks at least nine digits: a few passes at most
    while (masked := _redact_once(text, today)) != text:
        text = masked
    return text


def _redact_once(text: str, today: datetime.date | None) -> str:
    """One pass of :func:`redact`: the numbers in ``text`` masked."""
    if sum(_digit(char) is not None for char in text) < REDACT_MIN_DIGITS:
        return text
    verdict = check(text, today)
    if verdict.valid:
        return mask(verdict.number)
    spans = _embedded_spans(text, today)
    if not spans:
        return text
    # Overlapping candidates are masked as one: no digit of any of them stays visible.
    merged: list[list] = []
    for start, end, number in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1], merged[-1][2] = max(end, merged[-1][1]), number
        else:
            merged.append([start, end, number])
    pieces, position = [], 0
    for start, end, number in merged:
        pieces += [text[position:start], mask(number)]
        position = end
    return "".join(pieces) + text[position:]


def number_key(value: object, today: datetime.date | None = None) -> str | None:
    """What a number cell says, to compare two cells of one account: the number after the
    engine's repairs when it is valid, else the digits it holds; leading zeros aside (Excel
    drops them). ``None`` for a cell without digits.

    >>> number_key('85.07.30-033.28') == number_key('8,5073003328E+10') == '85073003328'
    True
    >>> number_key('０８５０７３００３３２９'), number_key('x'), number_key(None)
    ('85073003329', None, None)
    """
    text = _as_text(value)
    if text is None:
        return None
    verdict = check(text, today)
    digits = verdict.number if verdict.valid else "".join(filter(None, map(_digit, text)))
    return digits.lstrip("0") or None


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
