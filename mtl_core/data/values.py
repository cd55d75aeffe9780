"""Reading values out of a column: numbers, class labels in their own spelling, close column names.

Shared by every step after reading (roles, validation, tasks, preprocessing), so a "95%" or a
full-width "１２" means the same number everywhere.

Every function here is vectorised and works on the *distinct* values of a text column (found once
with :func:`pandas.factorize`): a column of 200,000 cells with five different values is parsed
five times, not 200,000, and no number is ever converted to text to be counted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

_NUMBER = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|(?i:[-+]?(?:inf|infinity))"
"""What a number looks like once stripped of spaces and a trailing "%" (as float() reads it)."""
_NUMBER_RE = re.compile(_NUMBER)
_NON_ASCII = r"[^\x00-\x7f]"
SMALL = 64
"""Columns (and sets of distinct values) this short are read value by value in Python: for 3 students, pandas'
own overhead per call costs more than the work (a survey export of 5,000 columns)."""


def parsed_numbers(series: pd.Series) -> np.ndarray:
    """Every cell as a float, infinities kept: NaN for missing cells and text that is not a number.

    Accepts "95%", " 12.5 " and full-width digits as numbers (see :func:`numeric_values`).
    """
    if pd.api.types.is_bool_dtype(series):
        return series.to_numpy(dtype=float, na_value=np.nan)
    if pd.api.types.is_numeric_dtype(series):
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if _is_temporal(series):
        return np.full(len(series), np.nan)
    codes, uniques = _factorized(series)
    return _spread(_read_texts(uniques)[0], codes)


def numeric_values(series: pd.Series) -> pd.Series:
    """Numbers from a column; text that is not a number (and inf) becomes NaN.

    Accepts "95%", " 12.5 " and full-width digits as numbers.
    """
    values = parsed_numbers(series)
    return pd.Series(np.where(np.isfinite(values), values, np.nan), index=series.index, dtype=float)


def _spread(per_value: np.ndarray, codes: np.ndarray, missing=np.nan) -> np.ndarray:
    """``per_value[code]`` for every cell, ``missing`` where the code is -1."""
    if not len(per_value):
        return np.full(len(codes), missing, dtype=per_value.dtype if per_value.dtype != object else object)
    out = per_value[codes]  # code -1 takes the last value for a moment
    out[codes < 0] = missing
    return out


def _is_temporal(series: pd.Series) -> bool:
    kind = series.dtype
    return (pd.api.types.is_datetime64_any_dtype(kind) or pd.api.types.is_timedelta64_dtype(kind)
            or isinstance(kind, (pd.PeriodDtype, pd.IntervalDtype)))


def _factorized(series: pd.Series):
    """Codes per cell (-1 when missing) and the distinct values (an array, possibly pandas' own).

    Equal numbers are one value (1 and 1.0), booleans are not numbers (True is not 1: a column holding
    both, an Excel column of TRUE and 1, has its booleans written as text first), and unhashable cells
    (lists) count by their text."""
    if len(series) <= SMALL:
        return _factorized_small(series)
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # unhashable cells (lists, dicts): count them by their text
        codes, uniques = pd.factorize(series.map(lambda v: v if pd.api.types.is_scalar(v) else _text(v)))
    if series.dtype == object and pd.api.types.infer_dtype(uniques, skipna=True) not in _ONE_TYPE \
            and any(isinstance(v, (bool, np.bool_)) for v in series.to_numpy()):
        codes, uniques = pd.factorize(series.map(lambda v: str(v) if isinstance(v, (bool, np.bool_)) else v))
    return np.asarray(codes), uniques


def _factorized_small(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_factorized` for a short column, value by value."""
    index: dict = {}
    codes = np.full(len(series), -1, dtype=np.int64)
    uniques = []
    for i, value in enumerate(series.to_numpy(dtype=object)):
        scalar = pd.api.types.is_scalar(value)
        if scalar and pd.isna(value):
            continue
        if not scalar:
            value = _text(value)
        key = (isinstance(value, (bool, np.bool_)), value)
        code = index.get(key)
        if code is None:
            code = index[key] = len(uniques)
            uniques.append(value)
        codes[i] = code
    values = np.empty(len(uniques), dtype=object)
    values[:] = uniques
    return codes, values


_ONE_TYPE = ("string", "empty", "bytes", "datetime", "date", "time", "timedelta", "period", "interval")
"""What pandas.api.types.infer_dtype calls a column without both booleans and numbers."""


def _text(value) -> str:
    """A value as text: lists as [1, 2]; a value that cannot be written (a date beyond year 9999) by its type."""
    try:
        return str(value.tolist() if isinstance(value, np.ndarray) else value)
    except Exception:  # noqa: BLE001 - str() of a pandas Timestamp out of Python's range raises
        return f"<{type(value).__name__}>"


def _all_text(values) -> bool:
    """Whether every distinct value is a string (pandas' text dtypes, or objects that are all str)."""
    if isinstance(getattr(values, "dtype", None), pd.StringDtype):
        return True
    return pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")


def _read_texts(values) -> tuple[np.ndarray, np.ndarray]:
    """For distinct cell values: their number (±inf kept, NaN when not a number) and whether they are blank."""
    n = len(values)
    if n <= SMALL:
        numbers, blank = np.full(n, np.nan), np.zeros(n, dtype=bool)
        for i, value in enumerate(values):
            text = (value if isinstance(value, str) else _text(value)).strip()
            blank[i] = isinstance(value, str) and not text
            if not text.isascii():  # full-width digits and signs: "１２．５" is 12.5
                text = unicodedata.normalize("NFKC", text).strip()
            text = text.rstrip("%").strip()
            if _NUMBER_RE.fullmatch(text):
                numbers[i] = float(text)
        return numbers, blank
    if _all_text(values):
        text = pd.Series(values, dtype="str").str.strip()
        blank = text.eq("").to_numpy(dtype=bool)
    else:
        text = pd.Series([v if isinstance(v, str) else _text(v) for v in values], dtype="str").str.strip()
        blank = np.array([isinstance(v, str) and not v.strip() for v in values], dtype=bool)
    non_ascii = text.str.contains(_NON_ASCII, regex=True).to_numpy(dtype=bool)
    if non_ascii.any():  # full-width digits and signs (slow, so only where needed)
        text[non_ascii] = text[non_ascii].str.normalize("NFKC").str.strip()
    text = text.str.rstrip("%").str.strip()
    looks = text.str.fullmatch(_NUMBER).to_numpy(dtype=bool)
    numbers = np.full(n, np.nan)
    if looks.any():
        numbers[looks] = pd.to_numeric(text[looks], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return numbers, blank


# --------------------------------------------------------------------------- labels

def _spell(value):
    if not pd.api.types.is_scalar(value):  # a list, array or record in one cell (Parquet can hold them)
        return _text(value)
    if pd.isna(value):
        return np.nan
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, float, np.integer, np.floating)) and float(value).is_integer():
        return str(int(value))
    return _text(value).strip()


def label_strings(series: pd.Series) -> pd.Series:
    """Class labels as strings in their own spelling; 1.0 becomes "1", missing stays NaN.

    Each distinct value is spelled once (see :func:`pandas.factorize`), then spread to its cells.
    """
    codes, uniques = _factorized(series)
    if len(uniques) > SMALL and _all_text(uniques):
        spelled = pd.Series(uniques, dtype="str").str.strip().to_numpy(dtype=object, na_value=np.nan)
    else:
        spelled = np.array([_spell(v) for v in uniques], dtype=object)
    spelled[pd.isna(spelled) | (spelled == "")] = np.nan
    return pd.Series(_spread(spelled, codes), index=series.index, dtype=object)


# --------------------------------------------------------------------------- counting and summaries

def distinct_values(series: pd.Series) -> np.ndarray:
    """The distinct present values of ``series`` in order of appearance (cells holding lists as their text)."""
    return np.asarray(_factorized(series)[1], dtype=object)


def distinct_codes(series: pd.Series) -> np.ndarray:
    """A code per cell: the same code for the same value, -1 for a missing cell."""
    return _factorized(series)[0]


def distinct_count(series: pd.Series) -> int:
    """How many different values the present cells of ``series`` hold, as they are written.

    The same as ``series.dropna().astype(str).nunique()`` without writing every cell as text: numbers
    are counted as numbers (1 and 1.0 are one value), text as text; only a column mixing types (an
    Excel column of numbers and words) has its distinct values, not its cells, written out.
    """
    if series.dtype != object and len(series) > SMALL:
        return int(series.nunique(dropna=True))
    return _count(_factorized(series)[1])


def _count(uniques) -> int:
    if _all_text(uniques):
        return len(uniques)
    return len({v if isinstance(v, str) else _text(v) for v in uniques})


@dataclass(frozen=True)
class ColumnFacts:
    """What schema inference and validation need to know about one column, computed in one pass.

    Attributes:
        numbers: every cell as a float (±inf kept, NaN for missing and text), see :func:`parsed_numbers`.
        missing: cells that are missing (NaN, None, NA).
        blank: present cells that hold only spaces.
        n_present: cells that are not missing (blank ones included, as ``dropna`` counts them).
        n_distinct: distinct present values as written (see :func:`distinct_count`).
        numeric_dtype: the column is stored as numbers (not text).
        text_codes: for a text column, a code per cell (the same for the same value, -1 when missing), as
            :func:`distinct_codes` gives; None for a numeric one.
    """

    numbers: np.ndarray
    missing: np.ndarray
    blank: np.ndarray
    n_present: int
    n_distinct: int
    numeric_dtype: bool
    text_codes: np.ndarray | None = field(default=None, repr=False)

    @cached_property
    def finite(self) -> np.ndarray:
        return np.isfinite(self.numbers)

    @cached_property
    def n_numbers(self) -> int:
        """Present cells holding a finite number."""
        return int(self.finite.sum())

    @property
    def all_blank(self) -> bool:
        """No cell has a value (missing or spaces only)."""
        return bool((self.missing | self.blank).all())

    @cached_property
    def integers(self) -> bool:
        """Every filled cell is a finite whole number."""
        finite = self.finite
        filled = int((~self.missing & ~self.blank).sum())
        whole = np.all(self.numbers[finite] == np.round(self.numbers[finite]))
        return bool(filled and self.n_numbers == filled and whole)


def column_facts(series: pd.Series) -> ColumnFacts:
    """The :class:`ColumnFacts` of one column (a Series; unhashable cells are counted by their text)."""
    numeric_dtype = pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)
    if len(series) <= SMALL:
        return _small_facts(series, numeric_dtype)
    if numeric_dtype or _is_temporal(series):
        missing = series.isna().to_numpy(dtype=bool)
        numbers = parsed_numbers(series)
        blank = np.zeros(len(series), dtype=bool)
        n_distinct = distinct_count(series)
    else:
        codes, uniques = _factorized(series)
        missing = codes < 0
        per_value, blank_value = _read_texts(uniques)
        numbers = _spread(per_value, codes)
        blank = _spread(blank_value, codes, False).astype(bool)
        return ColumnFacts(numbers=numbers, missing=missing, blank=blank, n_present=int((~missing).sum()),
                           n_distinct=_count(uniques), numeric_dtype=False, text_codes=codes)
    return ColumnFacts(numbers=numbers, missing=missing, blank=blank, n_present=int((~missing).sum()),
                       n_distinct=n_distinct, numeric_dtype=numeric_dtype)


def _as_float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):  # a complex number
        return np.nan


def _small_facts(series: pd.Series, numeric_dtype: bool) -> ColumnFacts:
    """:func:`column_facts` of a short column, value by value (no pandas call per cell)."""
    codes, uniques = _factorized_small(series)
    missing = codes < 0
    if numeric_dtype:
        per_value = np.array([_as_float(v) for v in uniques], dtype=float)
        blank_value = np.zeros(len(uniques), dtype=bool)
    elif _is_temporal(series):
        per_value, blank_value = np.full(len(uniques), np.nan), np.zeros(len(uniques), dtype=bool)
    else:
        per_value, blank_value = _read_texts(uniques)
    return ColumnFacts(numbers=_spread(per_value, codes), missing=missing,
                       blank=_spread(blank_value, codes, False).astype(bool), n_present=int((~missing).sum()),
                       n_distinct=_count(uniques), numeric_dtype=numeric_dtype,
                       text_codes=None if numeric_dtype else codes)


def suggest_column(name: str, available) -> str:
    import difflib

    close = difflib.get_close_matches(str(name), [str(a) for a in available], n=3)
    if close:
        return "Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    shown = ", ".join(f"'{a}'" for a in list(available)[:12])
    return f"Available columns: {shown}{', ...' if len(available) > 12 else ''}."
