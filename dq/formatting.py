"""Numbers, percentages and dates for people, in the chosen language (Babel, CLDR data).

Dutch is Flemish (``nl_BE``): ``1.491``, ``83,6 %`` (with a non-breaking space, as the
Taalunie advises), ``27 nov 2026``. English is British (``en_GB``): ``1,491``, ``83.6%``,
``27 Nov 2026``. Missing values (None, NaN, NaT, pandas' NA) become an en dash, never the
words "None" or "nan". JSON output does not come through here: it stays in machine form.

>>> number(1491, "nl"), number(1491, "en")
('1.491', '1,491')
>>> percent(0.836, "nl"), percent(0.836, "en")
('83,6\\xa0%', '83.6%')
>>> import datetime
>>> date(datetime.date(2026, 11, 27), "nl"), date(datetime.date(2026, 11, 27), "en")
('27 nov 2026', '27 Nov 2026')
"""

from __future__ import annotations

import datetime as _dt
import math

from dq.i18n import language

LOCALES = {"nl": "nl_BE", "en": "en_GB"}
# CLDR writes "83,6%" in Dutch; the Taalunie (and Flemish usage) put a space before the sign
PERCENT = {"nl": "#,##0.0\u00a0%", "en": "#,##0.0%"}
WHOLE_PERCENT = {"nl": "#,##0\u00a0%", "en": "#,##0%"}
DASH = "–"


def locale(lang: str | None = None) -> str:
    """The Babel locale of a language.

    >>> locale("nl"), locale("en"), locale("xx")
    ('nl_BE', 'en_GB', 'nl_BE')
    """
    return LOCALES[language(lang)]


def missing(value: object) -> bool:
    """Whether a value means "nothing here" (None, NaN, NaT, pandas' NA).

    >>> missing(None), missing(float("nan")), missing(0), missing("")
    (True, True, False, False)
    """
    if value is None:
        return True
    if type(value) in (int, str):  # never missing: no pandas needed (the ingest report)
        return False
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other containers are not missing
        return False


def number(value: object, lang: str | None = None) -> str:
    """A count or number with the language's grouping and decimal signs.

    >>> number(1234567, "nl"), number(2.5, "nl"), number(None, "en")
    ('1.234.567', '2,5', '–')
    """
    if missing(value):
        return DASH
    from babel.numbers import format_decimal  # here: a command that formats nothing skips Babel

    return format_decimal(value, locale=locale(lang))


def percent(fraction: object, lang: str | None = None, decimals: int = 1) -> str:
    """A fraction (0.836) as a percentage with one decimal (or none), dash when missing.

    >>> percent(1, "nl", 0), percent(0.5, "en", 0), percent(float("nan"), "nl")
    ('100\\xa0%', '50%', '–')
    """
    if missing(fraction):
        return DASH
    patterns = PERCENT if decimals else WHOLE_PERCENT
    from babel.numbers import format_percent

    return format_percent(fraction, patterns[language(lang)], locale=locale(lang))


def points(delta: object, lang: str | None = None) -> str:
    """A change of a fraction in percentage points, with its sign.

    >>> points(0.0125, "nl"), points(-0.02, "en")
    ('+1,2 pp', '-2.0 pp')
    """
    if missing(delta):
        return DASH
    sign = "+" if float(delta) >= 0 else "-"
    from babel.numbers import format_decimal

    return f"{sign}{format_decimal(abs(float(delta)) * 100, '#,##0.0', locale=locale(lang))} pp"


def signed(value: object, lang: str | None = None) -> str:
    """A change of a count, with its sign.

    >>> signed(1491, "nl"), signed(-3, "en"), signed(0, "en")
    ('+1.491', '-3', '+0')
    """
    if missing(value):
        return DASH
    return ("+" if value >= 0 else "-") + number(abs(value), lang)


def _as_date(value: object) -> _dt.date:
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp
        value = value.to_pydatetime()
    return value.date() if isinstance(value, _dt.datetime) else value


def date(value: object, lang: str | None = None) -> str:
    """A date (or the date of a timestamp) as people write it: day, short month, year.

    >>> import pandas as pd
    >>> date(pd.Timestamp("2026-10-23 00:00:00"), "nl"), date(None, "nl")
    ('23 okt 2026', '–')
    """
    if missing(value):
        return DASH
    from babel.dates import format_date

    return format_date(_as_date(value), "medium", locale=locale(lang))


def day_month(value: object, lang: str | None = None) -> str:
    """A short date without the year, for chart axes.

    >>> import datetime
    >>> day_month(datetime.date(2026, 10, 18), "nl"), day_month(datetime.date(2026, 10, 18), "en")
    ('18 okt', '18 Oct')
    """
    from babel.dates import format_skeleton

    return format_skeleton("MMMd", _as_date(value), locale=locale(lang))


def moment(value: object, lang: str | None = None) -> str:
    """A date and time to the minute.

    >>> import datetime
    >>> moment(datetime.datetime(2026, 11, 27, 14, 3), "nl")
    '27 nov 2026 14:03'
    """
    if missing(value):
        return DASH
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    from babel.dates import format_datetime

    return format_datetime(value, "d MMM y HH:mm", locale=locale(lang))


def date_ticks(dates, lang: str | None = None) -> dict:
    """Plotly x-axis settings that label each date of ``dates`` in the language (plotly's own
    date labels are English): ``tickvals`` the dates, ``ticktext`` day and short month.

    >>> import datetime
    >>> date_ticks([datetime.date(2026, 10, 18), datetime.date(2026, 10, 18)], "nl")
    {'tickmode': 'array', 'tickvals': [datetime.date(2026, 10, 18)], 'ticktext': ['18 okt']}
    """
    values = sorted({_as_date(d) for d in dates if not missing(d)})
    if len(values) > 12:  # a long history: every n-th date, so labels do not overlap
        step = math.ceil(len(values) / 12)
        values = values[::step]
    return {
        "tickmode": "array",
        "tickvals": values,
        "ticktext": [day_month(d, lang) for d in values],
    }


def cell(value: object, lang: str | None = None) -> str | object:
    """A table cell for people: dates as dates, missing as empty, lists joined, the rest as is.

    >>> import pandas as pd
    >>> cell(pd.Timestamp("2026-10-23"), "en"), cell(None), cell(["a", "b"]), cell(3)
    ('23 Oct 2026', '', 'a, b', 3)
    """
    if isinstance(value, (list, tuple)) or (
        hasattr(value, "tolist")
        and not isinstance(value, (str, bytes))
        and getattr(value, "ndim", 0)
    ):
        return ", ".join(str(v) for v in list(value) if not missing(v))
    if missing(value):
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)) or hasattr(value, "to_pydatetime"):
        return date(value, lang)
    return value


def module_label(module_id: object, policy=None) -> str:
    """A module by the name the policy gives it (the same on every page), else its id.

    >>> from dq.policy import load_text
    >>> module_label("iregistratie", load_text("")), module_label("nieuw", load_text(""))
    ('iRegistratie', 'nieuw')
    """
    module = policy.modules.get(str(module_id)) if policy is not None else None
    return module.label if module is not None else str(module_id)


def school_label(school_id: object, policy=None) -> str:
    """A school by its id and, when the policy's ``[schools]`` table names it, its name.

    >>> from dq.policy import load_text
    >>> school_label("075865", load_text(""))
    '075865'
    """
    name = (policy.schools.get(str(school_id), {}).get("name") if policy is not None else "") or ""
    return f"{school_id} · {name}" if name else str(school_id)


def column_label(column: str, lang: str | None = None) -> str:
    """The heading of a table column in the language (``col.*``, else the fix list's).

    >>> column_label("username", "nl"), column_label("status_after", "en")
    ('Gebruikersnaam', 'Status after')
    """
    from dq.i18n import has, t

    for key in (f"col.{column}", f"fix.col.{column}", f"judgement.{column}"):
        if has(key):
            return t(key, lang)
    raise KeyError(f"no column label for {column!r}: add col.{column} to both catalogs")


def people_table(frame, lang: str | None = None, columns=None, policy=None):
    """A table for people: labelled columns; statuses, reasons, flags, changes and modules
    by their labels; dates as dates; lists joined; yes/no; missing cells empty.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"username": ["a"], "status": ["missing"], "reason": [None],
    ...                       "as_of": [pd.Timestamp("2026-10-23")], "days_failing": [pd.NA]})
    >>> people_table(frame, "nl").to_dict("records")
    [{'Gebruikersnaam': 'a', 'Status': 'Geen nummer', 'Reden': '', 'Exportdatum': '23 okt 2026', 'Dagen in fout': ''}]
    """
    import pandas as pd

    from dq import rules
    from dq.i18n import t

    lang = language(lang)
    shown = frame[list(columns)] if columns is not None else frame
    by_column = {
        "status": lambda v: rules.label(v, lang),
        "status_before": lambda v: rules.label(v, lang),
        "status_after": lambda v: rules.label(v, lang),
        "reason": lambda v: t(f"reason.{v}", lang),
        "change": lambda v: t(f"change.{v}", lang),
        "flags": lambda v: rules.label(v, lang),
        "module": lambda v: module_label(v, policy),
        "modules": lambda v: module_label(v, policy),
        "school_id": lambda v: school_label(v, policy),
    }

    def convert(column: str, value: object) -> object:
        if isinstance(value, str) and "," in value and column in ("flags", "modules"):
            value = [v for v in value.split(",") if v]
        listed = isinstance(value, (list, tuple)) or hasattr(value, "tolist")
        if listed and not isinstance(value, str):
            items = [v for v in list(value) if not missing(v)]
            return ", ".join(str(by_column.get(column, cell)(v)) for v in items)
        if missing(value) or value == "":
            return ""
        if isinstance(value, bool):
            return t("col.yes", lang) if value else t("col.no", lang)
        if column in by_column:
            return by_column[column](value)
        if isinstance(value, pd.Timestamp | _dt.datetime) and (
            value.hour or value.minute or value.second
        ):
            return moment(value, lang)
        if isinstance(value, _dt.date):
            return date(value, lang)
        if isinstance(value, float) and value.is_integer() and column == "days_failing":
            return int(value)
        return value

    cells = {column_label(c, lang): [convert(c, v) for v in shown[c].tolist()] for c in shown}
    for name, values in cells.items():  # numbers beside empty cells: one type, for Arrow
        if any(v == "" for v in values) and any(not isinstance(v, str) for v in values):
            cells[name] = [str(v) for v in values]
    return pd.DataFrame(cells, index=range(len(shown)))
