"""Exceptions raised by mtl_core.

Errors in how something is *configured* (an unknown architecture name, a
negative weight) are :class:`ConfigError`. Errors in the *data* (a file that
cannot be read, columns that fail validation) are :class:`DataReadError` and
:class:`DataValidationError`; the latter carries a table of every problem
found, which is what a teacher should see. A saved run that cannot be used is
:class:`RunLoadError`; results that cannot be written (a full disk, a folder another command is
writing) are :class:`OutputError`.

All of them derive from :class:`EduMTLError`, so a caller (the dashboard, the
CLI) can turn any of them into a readable message with one ``except``.
"""

from __future__ import annotations

import pandas as pd

PROBLEM_COLUMNS = ("severity", "column", "rows", "problem", "fix")
"""Columns of every problem table: severity is ``"error"`` or ``"warning"``;
rows are spreadsheet row numbers (the header is row 1), or empty."""


class EduMTLError(Exception):
    """Base class of every error mtl_core raises on purpose."""


class ConfigError(EduMTLError, ValueError):
    """A parameter or setting is invalid (wrong value, unknown name)."""


class DataReadError(EduMTLError, ValueError):
    """A file could not be read as a table; the message says why and how to fix it."""


class DataValidationError(EduMTLError, ValueError):
    """The data has problems that prevent training.

    Args:
        problems: a DataFrame with the columns of :data:`PROBLEM_COLUMNS`,
            one row per problem (errors and warnings).
    """

    def __init__(self, problems: pd.DataFrame, message: str | None = None):
        self.problems = problems.reset_index(drop=True)
        errors = self.problems[self.problems["severity"] == "error"]
        if message is None:
            lines = [f"{len(errors)} problem(s) must be fixed before training:"]
            for row in errors.itertuples(index=False):
                where = f"column '{row.column}'" if row.column else "the table"
                rows = f" (rows {row.rows})" if row.rows else ""
                lines.append(f"- {where}{rows}: {row.problem} Fix: {row.fix}")
            message = "\n".join(lines)
        super().__init__(message)


class RunLoadError(EduMTLError):
    """A saved run is missing, incomplete, damaged (or edited without rewriting its checksums), or from an
    incompatible version."""


class OutputError(EduMTLError, OSError):
    """Results could not be written: the disk is full, the folder cannot be written, another command is
    writing it, or it holds files that are not EduMTL's. Nothing was half-written."""


def problem_table(rows: list[dict] | None = None) -> pd.DataFrame:
    """Build a problem table (possibly empty) with the standard columns."""
    frame = pd.DataFrame(rows or [], columns=list(PROBLEM_COLUMNS))
    return frame.astype({"severity": str, "column": str, "rows": str, "problem": str, "fix": str})
