"""Showing text from a teacher's file safely, and formatting numbers, counts and dates for people.

Streamlit's ``st.markdown``, ``st.write``, headings, alerts and widget labels interpret Markdown, and
Plotly interprets a small set of HTML tags (``<b>``, ``<a href>``...) in every label. A student called
``**Bob**`` or ``<a href=...>`` must be shown exactly as typed, so every value that came from a file goes
through :func:`md` (for Streamlit) or :func:`plot` (for Plotly) before it is shown.

Example:
    >>> md("Li_Na *star*")
    'Li\\\\_Na \\\\*star\\\\*'
    >>> plot("<b>Bob</b>")
    '&lt;b&gt;Bob&lt;/b&gt;'

Numbers, counts and dates follow the session's language (:func:`dashboard.messages.language`) through
Babel's CLDR data: digit grouping and decimal marks (:func:`number`, :func:`percent`, :func:`integer`),
plural forms (:func:`plural`: "1 epoch", "2 epochs"; Chinese has one form) and local dates
(:func:`date_time`: "Nov 29, 2026, 8:54 AM", "2026年11月29日 08:54", never an ISO timestamp).
"""

from __future__ import annotations

import html
import math
import re
from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_skeleton, format_time, get_datetime_format
from babel.numbers import format_decimal, format_percent
from babel.plural import PluralRule

from . import messages as M

# Every ASCII punctuation mark may be backslash-escaped in CommonMark; these are the ones Streamlit's
# Markdown gives a meaning to (emphasis, links, code, headings, lists, tables, math, colour directives,
# emoji shortcodes, HTML).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&^\"'])")


def md(value) -> str:
    """``value`` as Markdown that displays exactly the original text (one line)."""
    text = "" if value is None else str(value)
    text = " ".join(text.splitlines())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_format(template: str, **values) -> str:
    """Fill ``template`` (our own Markdown) with ``values``; text values are escaped with :func:`md`.

    Numbers keep their format specs (``{mae:.1f}``); put already-formatted numbers in as text only
    when they cannot contain Markdown.
    """
    safe = {k: md(v) if isinstance(v, str) else v for k, v in values.items()}
    return template.format(**safe)


def plot(value) -> str:
    """``value`` as text for a Plotly label, title, legend or hover: HTML tags shown, never interpreted."""
    return html.escape("" if value is None else str(value), quote=False)


def _finite(value) -> float | None:
    """``value`` as a float, or None when it is missing, not a number, NaN or infinite."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _locale() -> str:
    return M.LOCALES[M.language()]


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


def number(value, digits: int = 1) -> str:
    """A number for people, grouped and rounded for the language: ``6.1``, ``1,234.5``; ``-`` when missing."""
    value = _finite(value)
    return "-" if value is None else format_decimal(value, format=_pattern(digits), locale=_locale())


def integer(value) -> str:
    """A whole number for people: ``30,000``; ``-`` when missing."""
    return number(value, 0)


def percent(value, digits: int = 0) -> str:
    """A share as a percentage: ``0.874`` -> ``87%``; ``-`` when missing."""
    value = _finite(value)
    return "-" if value is None else format_percent(value, format=_pattern(digits) + "%", locale=_locale())


CHANCE_STEP = 0.05  # chances are shown to the nearest 5 points ...
FINE_CHANCE_STEP = 0.01  # ... or to the nearest point when this many students with a known outcome back them:
FINE_CHANCE_STUDENTS = 1000


def chance_step(n_labelled=None) -> float:
    """How finely a predicted chance can be read: a class of a few hundred students measures a model's chances
    to a few points at best (its calibration is checked on bins of tens of students), so 5 points; 1 point from
    :data:`FINE_CHANCE_STUDENTS` students with a known outcome."""
    return FINE_CHANCE_STEP if n_labelled is not None and n_labelled >= FINE_CHANCE_STUDENTS else CHANCE_STEP


def chance(value, n_labelled=None) -> str:
    """A predicted chance as the data supports it: rounded to :func:`chance_step` with "about", and never a
    certainty: "about 60%", "under 5%", "over 95%" (never "0%" or "100%"); ``-`` when missing.

    Example:
        >>> chance(0.618), chance(0.9999), chance(0.001), chance(0.618, n_labelled=5000)
        ('about 60%', 'over 95%', 'under 5%', 'about 62%')
    """
    value = _finite(value)
    if value is None:
        return "-"
    step = chance_step(n_labelled)
    steps, k = round(1 / step), round(value / step)  # whole steps: no floating-point edge at the ends
    C = M.COMMON
    if k < 1:
        return C["chance_under"].format(value=percent(step))
    if k > steps - 1:
        return C["chance_over"].format(value=percent(1 - step))
    return C["chance_about"].format(value=percent(k / steps))


def chance_range(chance_text: str, low, high, n_labelled=None) -> str:
    """A chance with the range the data gives it (``mtl_core.chance_range``): "about 60% (45%–75%)", the low end
    rounded down and the high end up to :func:`chance_step`; "about 95% (too few to check)"
    when the range is unknown (too few students had a similar chance); ``-`` stays ``-``.

    Example:
        >>> chance_range("about 60%", 0.462, 0.713), chance_range("over 95%", None, None)
        ('about 60% (45%–75%)', 'over 95% (too few to check)')
    """
    low, high = _finite(low), _finite(high)
    if chance_text == "-":
        return chance_text
    if low is None or high is None:
        return M.COMMON["chance_unchecked"].format(chance=chance_text)
    step = chance_step(n_labelled)
    steps = round(1 / step)
    low_k, high_k = math.floor(low * steps + 1e-9), math.ceil(high * steps - 1e-9)
    return M.COMMON["chance_range"].format(chance=chance_text, low=percent(low_k / steps),
                                           high=percent(high_k / steps))


_RULES: dict[str, PluralRule] = {}


def plural_category(n, lang: str | None = None) -> str:
    """The CLDR plural category of ``n`` in ``lang`` (default: the session's): "one" or "other" in English,
    always "other" in Chinese."""
    lang = lang or M.language()
    if lang not in _RULES:
        from babel import Locale

        _RULES[lang] = Locale.parse(M.LOCALES[lang]).plural_form
    return _RULES[lang](abs(n))


def plural(entry: dict, n, **fields) -> str:
    """Fill a plural entry of the catalogues (``{"one": "{n} epoch", "other": "{n} epochs"}``) for the count ``n``;
    ``{n}`` is the count written for people (:func:`integer`). A category the entry lacks falls back to "other".

    Example:
        >>> plural({"one": "{n} epoch", "other": "{n} epochs"}, 1), plural({"one": "{n} epoch", "other": "{n} epochs"}, 1200)
        ('1 epoch', '1,200 epochs')
    """
    template = entry.get(plural_category(n), entry["other"])
    return template.format(n=integer(n), **fields)


def count(noun: str, n) -> str:
    """``n`` and a noun of ``messages.COUNTS`` in the right form: ``count("epochs", 1)`` -> ``"1 epoch"``."""
    return plural(M.COUNTS[noun], n)


def timezone_named(name: str | None) -> tzinfo | None:
    """The time zone called ``name`` (the browser's, e.g. "Asia/Shanghai"), or None when unknown."""
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def date_time(value, tz: tzinfo | None = None) -> str:
    """A moment as people write it in the session's language, in time zone ``tz`` (default: this computer's):
    ``"2026-11-29T08:54:00+00:00"`` -> ``"Nov 29, 2026, 8:54 AM"`` / ``"2026年11月29日 08:54"``; "" when missing
    or not a date (never the raw text)."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)  # EduMTL writes UTC; a naive time is taken as UTC too
    moment = moment.astimezone(tz) if tz is not None else moment.astimezone()
    locale = _locale()
    day = format_skeleton("yMMMd", moment, locale=locale)
    clock = format_time(moment, "short", locale=locale)
    return get_datetime_format("medium", locale=locale).replace("{0}", clock).replace("{1}", day)


PERCENT_MEASURES = ("missed", "false alarms", "accuracy")  # shares, shown as percentages
TWO_DECIMALS = ("mae", "rmse")  # errors in points


def measure_value(measure: str, value, percent_digits: int = 0) -> str:
    """A measure's value for people: shares (accuracy, missed, false alarms) as percentages, errors in points
    with 2 decimals, other measures with 3; ``-`` when missing.

    Example:
        >>> measure_value("accuracy", 0.861, 1), measure_value("mae", 6.123), measure_value("brier", 0.10369)
        ('86.1%', '6.12', '0.104')
    """
    if measure in PERCENT_MEASURES:
        return percent(value, percent_digits)
    return number(value, 2 if measure in TWO_DECIMALS else 3)
