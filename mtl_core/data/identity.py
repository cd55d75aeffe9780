"""Recognising a class table and its students again: a fingerprint of the table, a key per row.

A saved run remembers both, so a teacher who opens the run with the same class file (in any row
order, with names fixed or final grades filled in) gets each student's out-of-sample prediction back.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

import numpy as np
import pandas as pd


def row_keys(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> np.ndarray | None:
    """A 64-bit hash per row of ``columns`` (in name order), to recognise training students later.

    Args:
        frame: the class table.
        columns: the columns to hash (see :func:`row_key_columns`); default every column, as runs
            saved before the columns were recorded did.

    Returns:
        The keys, or None when ``frame`` lacks one of ``columns`` (no student can be recognised).
    """
    columns = list(frame.columns) if columns is None else list(columns)
    if any(c not in frame.columns for c in columns):
        return None
    ordered = frame[sorted(columns, key=str)].astype(str)
    return pd.util.hash_pandas_object(ordered, index=False).to_numpy(dtype="uint64")


def fingerprint(frame: pd.DataFrame) -> str:
    """A SHA-256 of the table's columns and values: the same class file gives the same fingerprint."""
    digest = hashlib.sha256()
    digest.update("\x1f".join(map(str, frame.columns)).encode("utf-8"))
    digest.update(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes())
    return digest.hexdigest()
