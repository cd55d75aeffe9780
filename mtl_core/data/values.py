"""Reading values out of a column: numbers, class labels in their own spelling, close column names.

Shared by every step after reading (roles, validation, tasks, preprocessing), so a "95%" or a
full-width "１２" means the same number everywhere.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def numeric_values(series: pd.Series) -> pd.Series:
    """Numbers from a column; text that is not a number (and inf) becomes NaN.

    Accepts "95%", " 12.5 " and full-width digits as numbers.
    """
    if pd.api.types.is_bool_dtype(series):
        return series.astype(float)
    if pd.api.types.is_numeric_dtype(series):
        values = pd.to_numeric(series, errors="coerce").astype(float)
    else:
        text = series.astype("string").str.strip().str.normalize("NFKC").str.rstrip("%")
        values = pd.to_numeric(text, errors="coerce").astype(float)
    return values.where(np.isfinite(values))


def _spell(value):
    if not pd.api.types.is_scalar(value):  # a list, array or record in one cell (Parquet can hold them)
        return str(value.tolist() if isinstance(value, np.ndarray) else value)
    if pd.isna(value):
        return np.nan
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, float, np.integer, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def label_strings(series: pd.Series) -> pd.Series:
    """Class labels as strings in their own spelling; 1.0 becomes "1", missing stays NaN."""
    values = series.astype(object)
    is_text = np.fromiter((isinstance(v, str) for v in values), bool, len(values))
    result = pd.Series(np.nan, index=series.index, dtype=object)
    if is_text.any():
        result[is_text] = values[is_text].str.strip()
    others = ~is_text & series.notna().to_numpy()
    if others.any():
        result[others] = values[others].map(_spell)
    return result.replace("", np.nan)


def suggest_column(name: str, available) -> str:
    import difflib

    close = difflib.get_close_matches(str(name), [str(a) for a in available], n=3)
    if close:
        return "Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    shown = ", ".join(f"'{a}'" for a in list(available)[:12])
    return f"Available columns: {shown}{', ...' if len(available) > 12 else ''}."


