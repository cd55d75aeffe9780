"""Exports that are safe to open in a spreadsheet, and optional pseudonymisation.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
could run as a formula when a CSV or Excel file is opened (for example a
student "named" ``=HYPERLINK(...)``). :func:`spreadsheet_safe` prefixes such
text with an apostrophe, which spreadsheets display but never execute.
Numbers are left alone (a negative number is not text).
"""

from __future__ import annotations

import hashlib
import io
from typing import Mapping

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel shows Chinese and accented names correctly), formula-safe."""
    return spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig")


def excel_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per frame, formula-safe."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            spreadsheet_safe(frame).to_excel(writer, sheet_name=str(name)[:31], index=False)
    return buffer.getvalue()


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
