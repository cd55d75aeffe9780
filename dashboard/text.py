"""Showing text from a teacher's file safely, and formatting numbers for people.

Streamlit's ``st.markdown``, ``st.write``, headings, alerts and widget labels interpret Markdown, and
Plotly interprets a small set of HTML tags (``<b>``, ``<a href>``...) in every label. A student called
``**Bob**`` or ``<a href=...>`` must be shown exactly as typed, so every value that came from a file goes
through :func:`md` (for Streamlit) or :func:`plot` (for Plotly) before it is shown.

Example:
    >>> md("Li_Na *star*")
    'Li\\\\_Na \\\\*star\\\\*'
    >>> plot("<b>Bob</b>")
    '&lt;b&gt;Bob&lt;/b&gt;'
"""

from __future__ import annotations

import html
import math
import re

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


def number(value, digits: int = 1) -> str:
    """A number for people: ``6.1``; ``-`` when missing."""
    value = _finite(value)
    return "-" if value is None else f"{value:.{digits}f}"


def percent(value, digits: int = 0) -> str:
    """A share as a percentage: ``0.874`` -> ``87%``; ``-`` when missing."""
    value = _finite(value)
    return "-" if value is None else f"{100 * value:.{digits}f}%"


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
