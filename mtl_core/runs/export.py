"""Exports that are safe to open in a spreadsheet, and optional pseudonymisation.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
could run as a formula when a CSV or Excel file is opened (for example a
student "named" ``=HYPERLINK(...)``). :func:`spreadsheet_safe` prefixes such
text with an apostrophe, which spreadsheets display but never execute.
Numbers are left alone (a negative number is not text).

CSV is text for people: its numbers are rounded (:data:`CSV_DIGITS` decimals, so a
probability reads ``0.7235``, not ``0.7234567891234567``). Excel stores numbers, and
Parquet (:func:`parquet_bytes`) is for further analysis: both keep every digit.
"""

from __future__ import annotations

import hashlib
import io
import re
from typing import Mapping

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DIGITS = 4  # decimals kept in CSV exports
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")  # characters Excel refuses in a sheet name
MAX_SHEET_NAME = 31


def _safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names cannot run as spreadsheet formulas."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_safe_cell)
    safe.columns = [_safe_cell(str(c)) for c in safe.columns]
    return safe


def rounded(frame: pd.DataFrame, digits: int = CSV_DIGITS) -> pd.DataFrame:
    """A copy of ``frame`` whose float columns are rounded to ``digits`` decimals (other columns untouched)."""
    result = frame.copy()
    for position in range(result.shape[1]):
        values = result.iloc[:, position]
        if pd.api.types.is_float_dtype(values):
            result.iloc[:, position] = values.round(digits)
    return result


def csv_bytes(frame: pd.DataFrame, digits: int | None = CSV_DIGITS) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel shows Chinese and accented names correctly), formula-safe, its
    numbers rounded to ``digits`` decimals (None: every digit)."""
    if digits is not None:
        frame = rounded(frame, digits)
    return spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig")


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """A Parquet file of ``frame`` with every digit of its numbers, for analysis in other tools.

    Text columns that also hold numbers or other values are written as text (Parquet needs one type per
    column); missing cells stay missing. Cells are not formula-neutralised: spreadsheets do not open Parquet,
    and the values stay exactly as they are.
    """
    table = frame.copy()
    table.columns = [str(c) for c in table.columns]
    for position in range(table.shape[1]):
        values = table.iloc[:, position]
        if values.dtype == object and not values.dropna().map(lambda v: isinstance(v, str)).all():
            table.isetitem(position, values.map(lambda v: v if pd.isna(v) else str(v)).astype("string"))
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


def excel_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per frame, formula-safe.

    Sheet names are made valid for Excel (``[]:*?/\\`` become ``_``, at most 31 characters) and
    distinct, so a task called "语文/阅读" or two long names never lose a sheet.
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for title, frame in zip(sheet_names(sheets), sheets.values()):
            _without_control_characters(spreadsheet_safe(frame)).to_excel(writer, sheet_name=title, index=False)
    return buffer.getvalue()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters an .xlsx file cannot hold


def _without_control_characters(frame: pd.DataFrame) -> pd.DataFrame:
    """Invisible control characters (pasted from other software) removed, so the workbook can be written."""
    clean = frame.copy()
    for column in clean.columns:
        if clean[column].dtype == object or pd.api.types.is_string_dtype(clean[column]):
            clean[column] = clean[column].map(lambda v: _CONTROL.sub("", v) if isinstance(v, str) else v)
    clean.columns = [_CONTROL.sub("", str(c)) for c in clean.columns]
    return clean


def sheet_names(names) -> list[str]:
    """Valid, distinct Excel sheet names for ``names``; a repeated name gets " (2)", " (3)"..."""
    titles: list[str] = []
    for name in names:
        base = SHEET_FORBIDDEN.sub("_", str(name)).strip("'")[:MAX_SHEET_NAME] or "Sheet"
        title, n = base, 1
        while title.lower() in {t.lower() for t in titles}:
            n += 1
            title = base[:MAX_SHEET_NAME - len(f" ({n})")] + f" ({n})"
        titles.append(title)
    return titles


def pseudonymise(frame: pd.DataFrame, columns, *, salt: str) -> pd.DataFrame:
    """Replace the values of ``columns`` (IDs, names) by stable codes like ``S-3f9a1c``.

    The same value and salt always give the same code, so exports of one class can still be joined;
    without the salt the codes cannot be traced back.
    """
    result = frame.copy()
    for column in columns:
        if column in result.columns:
            result[column] = result[column].map(
                lambda v: None if pd.isna(v) else "S-" + hashlib.sha256(f"{salt}\x1f{v}".encode()).hexdigest()[:8])
    return result
