"""Find every problem in a class table before training, all at once.

:func:`check` returns a problem table (columns ``severity, column, rows,
problem, fix``); :func:`validate` raises :class:`DataValidationError` carrying
that table when any problem is an error, and otherwise returns the warnings.
Row numbers are the spreadsheet rows the teacher sees: for a table read by
:func:`mtl_core.data.io.load_table`, the rows of the file (removed empty lines still
count, see :func:`mtl_core.data.io.source_rows`); for any other table the header is
row 1 and the first student row 2.

Example:
    >>> import pandas as pd
    >>> from mtl_core.data.schema import infer_schema
    >>> df = pd.DataFrame({"id": ["a", "a"], "x": [1, 2], "y": [3.0, 4.0]})
    >>> check(df, infer_schema(df), [])["problem"].tolist()[:1]
    ["The same ID appears more than once ('a' 2 times)."]
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import DataValidationError, problem_table
from ..tasks import TaskKind, TaskSpec, task_labels
from .io import source_rows
from .schema import Schema, ValueType, with_string_columns
from .values import numeric_values, suggest_column

MIN_ROWS = 10            # fewer students than this: cannot train
MIN_LABELS = 10          # a task needs at least this many labelled students
FEW_LABELS = 50          # below this a task's numbers are unreliable (warning)
FEW_PER_CLASS = 5        # a class with fewer examples than this gets a warning
MOSTLY_MISSING = 0.5     # an input missing in more than this share of rows gets a warning
LEAK_CORRELATION = 0.98  # |correlation| of an input with a target above this: leakage warning
HUGE = 1e12


def spreadsheet_rows(positions, limit: int = 8, rows=None) -> str:
    """'2, 5, 9' for row positions 0, 3, 7 (header = row 1); long lists end with 'and N more'.

    Args:
        positions: 0-based positions of table rows.
        limit: how many numbers to show before 'and N more'. Default 8.
        rows: the spreadsheet row of every position (see :func:`mtl_core.data.io.source_rows`); default
            position + 2.
    """
    numbers = [int(rows[int(p)]) if rows is not None else int(p) + 2 for p in positions]
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")


class _Problems:
    """Collects problems; one method per severity keeps call sites short.

    Args:
        source_rows: the spreadsheet row of every table row, used by :meth:`where`.
    """

    def __init__(self, source_rows: np.ndarray | None = None):
        self.rows: list[dict] = []
        self.source_rows = source_rows

    def where(self, positions) -> str:
        """The spreadsheet rows of table positions, as the teacher sees them in the file."""
        return spreadsheet_rows(positions, rows=self.source_rows)

    def error(self, column, problem, fix, rows=""):
        self.rows.append(dict(severity="error", column=column, rows=rows, problem=problem, fix=fix))

    def warning(self, column, problem, fix, rows=""):
        self.rows.append(dict(severity="warning", column=column, rows=rows, problem=problem, fix=fix))

    def table(self) -> pd.DataFrame:
        table = problem_table(self.rows)
        order = table["severity"].map({"error": 0, "warning": 1})
        return table.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)


def check(frame: pd.DataFrame, schema: Schema, tasks: Sequence[TaskSpec] = ()) -> pd.DataFrame:
    """Every problem of ``frame`` for training ``tasks`` with ``schema``; an empty table when all is well.

    Args:
        frame: the class table.
        schema: column roles (see :func:`mtl_core.infer_schema`).
        tasks: the tasks to train; their columns are checked as targets.
    """
    found = _Problems(source_rows(frame))
    frame = with_string_columns(frame)
    _check_table(frame, found)
    if not frame.columns.is_unique:
        return found.table()
    _check_schema_columns(frame, schema, tasks, found)
    _check_ids(frame, schema, found)
    for name in schema.inputs:
        if name in frame.columns:
            _check_input(frame[name], schema[name].value_type, found)
    for task in tasks:
        if task.column in frame.columns:
            _check_task(frame, task, found)
    _check_leakage(frame, schema, tasks, found)
    return found.table()


def validate(frame: pd.DataFrame, schema: Schema, tasks: Sequence[TaskSpec] = ()) -> pd.DataFrame:
    """Like :func:`check`, but raise :class:`DataValidationError` if any problem is an error.

    Returns:
        The warnings (possibly empty) when there is no error.
    """
    problems = check(frame, schema, tasks)
    if (problems["severity"] == "error").any():
        raise DataValidationError(problems)
    return problems


# --------------------------------------------------------------------------- table level

def _check_table(frame: pd.DataFrame, found: _Problems) -> None:
    if len(frame) < MIN_ROWS:
        found.error("", f"The table has {len(frame)} student row(s); training needs at least {MIN_ROWS}.",
                    "Load the whole class: one row per student, with a header row.")
    if frame.shape[1] == 1:
        header = str(frame.columns[0])
        found.error(header, "The file was read as a single column, so there is nothing to predict from.",
                    "If the values are separated by another character (for example ':' or spaces), save the "
                    "file again as CSV with commas, semicolons or tabs, or as Excel.")
    duplicated = frame.columns[frame.columns.duplicated()].unique()
    for name in duplicated:
        positions = [i + 1 for i, c in enumerate(frame.columns) if c == name]
        found.error(str(name), f"Several columns are named '{name}' (columns {', '.join(map(str, positions))}).",
                    "Give each column its own name in the file.")


def _check_schema_columns(frame, schema: Schema, tasks, found: _Problems) -> None:
    for name in schema.names:
        if name not in frame.columns:
            found.error(name, f"Column '{name}' is described but not in the table.",
                        f"Check the spelling. {suggest_column(name, frame.columns)}")
    for task in tasks:
        if task.column not in frame.columns:
            found.error(task.column, f"Task '{task.name}' uses column '{task.column}', which is not in the table.",
                        f"Choose another column. {suggest_column(task.column, frame.columns)}")
    if not schema.inputs:
        found.error("", "No column is marked as an input, so there is nothing to predict from.",
                    "Mark at least one column (attendance, homework, ...) as 'input'.")


def _check_ids(frame: pd.DataFrame, schema: Schema, found: _Problems) -> None:
    column = schema.id_column
    if column is None or column not in frame.columns:
        return
    ids = frame[column].astype("string").str.strip()
    repeated = ids[ids.duplicated(keep=False) & ids.notna()]
    if len(repeated):
        counts = repeated.value_counts()
        example = ", ".join(f"'{v}' {n} times" for v, n in counts.head(3).items())
        found.error(column, f"The same ID appears more than once ({example}).",
                    "Give every student a unique ID, or remove repeated rows.",
                    found.where(np.flatnonzero(ids.duplicated(keep=False) & ids.notna())))
    missing = np.flatnonzero(ids.isna())
    if len(missing):
        found.warning(column, f"{len(missing)} student(s) have no ID.",
                      "Fill in the IDs so you can find these students in the results.", found.where(missing))


# --------------------------------------------------------------------------- columns

def _non_numbers(series: pd.Series) -> np.ndarray:
    """Positions of filled cells that are not numbers."""
    values = numeric_values(series)
    filled = series.notna() & series.astype("string").str.strip().ne("")
    raw = pd.to_numeric(series, errors="coerce") if pd.api.types.is_numeric_dtype(series) else None
    infinite = np.isinf(raw.to_numpy(dtype=float)) if raw is not None else np.zeros(len(series), bool)
    return np.flatnonzero(filled.to_numpy() & values.isna().to_numpy() & ~infinite)


def _infinite(series: pd.Series) -> np.ndarray:
    text = series.astype("string").str.strip().str.lower()
    as_text = text.isin(["inf", "-inf", "+inf", "infinity", "-infinity"]).fillna(False).to_numpy()
    if pd.api.types.is_numeric_dtype(series):
        as_text = as_text | np.isinf(series.to_numpy(dtype=float))
    return np.flatnonzero(as_text)


def _check_numbers(series: pd.Series, found: _Problems, what: str) -> None:
    name = str(series.name)
    infinite = _infinite(series)
    if len(infinite):
        found.error(name, f"Infinite values (inf) in {what}.",
                    "Replace them with real numbers, or leave the cells empty if unknown.", found.where(infinite))
    text = np.setdiff1d(_non_numbers(series), infinite)
    if len(text):
        examples = ", ".join(f"'{v}'" for v in series.iloc[text].astype(str).unique()[:3])
        found.error(name, f"Text in a numeric column ({examples}) in {what}.",
                    "Correct these cells to numbers, or empty them if unknown.", found.where(text))
    huge = np.flatnonzero(numeric_values(series).abs().to_numpy() > HUGE)
    if len(huge):
        found.warning(name, f"Extremely large numbers (above {HUGE:.0e}) in {what}.",
                      "Check these cells for typing mistakes.", found.where(huge))


def _check_input(series: pd.Series, vtype: ValueType, found: _Problems) -> None:
    name = str(series.name)
    present = series.dropna()
    if vtype is ValueType.EMPTY or present.empty:
        found.warning(name, "The column is empty; it will be ignored.", "Fill it in or mark it 'ignore'.")
        return
    if vtype is not ValueType.NUMERIC and len(present) >= 20 and present.astype(str).nunique() == len(present):
        found.warning(name, "Every student has a different value here, like an identifier or a comment; "
                      "it cannot help predictions.", "Mark it 'id', 'name' or 'ignore'.")
    if present.astype(str).nunique() == 1:
        found.warning(name, f"Every student has the same value ('{present.iloc[0]}'); it cannot help predictions.",
                      "Mark it 'ignore', or check that the column was exported correctly.")
    if vtype is ValueType.NUMERIC:
        _check_numbers(series, found, "an input")
    missing_share = series.isna().mean()
    if missing_share > MOSTLY_MISSING:
        found.warning(name, f"{missing_share:.0%} of students have no value here.",
                      "Missing values are filled in automatically, but a mostly empty column helps little; "
                      "consider marking it 'ignore'.")


def _check_task(frame: pd.DataFrame, task: TaskSpec, found: _Problems) -> None:
    series = frame[task.column]
    if task.kind is TaskKind.REGRESSION or task.derive is not None:
        _check_numbers(series, found, f"the target of task '{task.name}'")
    labels = task_labels(frame, task)
    n_labels = int(labels.notna().sum())
    if n_labels < MIN_LABELS:
        found.error(task.column, f"Task '{task.name}' has only {n_labels} labelled student(s); "
                    f"at least {MIN_LABELS} are needed.", "Fill in more outcomes, or drop this task.")
        return
    if n_labels < FEW_LABELS:
        found.warning(task.column, f"Task '{task.name}' has only {n_labels} labelled students, so its numbers "
                      "will be unreliable.", "Read its results with care, or add more students.")
    if task.kind is TaskKind.REGRESSION:
        if labels.dropna().nunique() == 1:
            found.error(task.column, f"Every labelled student has the same value for '{task.name}'.",
                        "There is nothing to predict; drop this task.")
        return
    _check_classes(labels, task, found)


def _check_classes(labels: pd.Series, task: TaskSpec, found: _Problems) -> None:
    if not task.classes:
        found.error(task.column, f"Task '{task.name}' is a {task.kind.value} task but lists no classes, so its "
                    "labels cannot be encoded.", "Build the task with make_task(frame, column), which reads the "
                    "classes from the data, or give its classes (a binary task needs exactly 2).")
        return
    counts = labels.dropna().value_counts()
    if len(counts) < 2:
        only = counts.index[0] if len(counts) else "none"
        hint = " Move the threshold or cut points." if task.derive is not None else ""
        found.error(task.column, f"Task '{task.name}' has one class only ('{only}').",
                    f"A classification needs at least two outcomes among labelled students.{hint}")
        return
    unknown = sorted(set(counts.index) - set(task.classes))
    if unknown and task.classes:
        found.error(task.column, f"Task '{task.name}' has labels it does not know: {', '.join(unknown[:5])}.",
                    f"Use only {', '.join(task.classes)}, or set the task up again on this table.")
    rare = counts[counts < FEW_PER_CLASS]
    if len(rare):
        listing = ", ".join(f"'{c}' ({n})" for c, n in rare.items())
        found.warning(task.column, f"Task '{task.name}' has very few students in some classes: {listing}.",
                      "Predictions for these classes will be weak; consider merging them with a neighbour.")


# --------------------------------------------------------------------------- leakage

def _encode(series: pd.Series) -> tuple[np.ndarray, bool]:
    """Numbers (NaN missing) when the column is numeric, else category codes (-1 missing)."""
    numbers = numeric_values(series)
    if numbers.notna().sum() == series.notna().sum():
        return numbers.to_numpy(dtype=float), True
    codes, _ = pd.factorize(series.astype("string"))
    return codes, False


def _association(x: tuple[np.ndarray, bool], y: tuple[np.ndarray, bool]) -> float:
    """|correlation| of two numeric columns; otherwise the share of students whose label the input's
    category alone gives (1.0 = the input determines the outcome)."""
    (xv, x_numeric), (yv, y_numeric) = x, y
    known = (~np.isnan(xv) if x_numeric else xv >= 0) & (~np.isnan(yv) if y_numeric else yv >= 0)
    xv, yv = xv[known], yv[known]
    if len(xv) < MIN_LABELS or len(np.unique(xv)) < 2 or len(np.unique(yv)) < 2:
        return 0.0
    if x_numeric and y_numeric:
        return float(abs(np.corrcoef(xv, yv)[0, 1]))
    xc, yc = (pd.factorize(v)[0] for v in (xv, yv))
    if xc.max() + 1 > 0.5 * len(xc):
        return 0.0
    counts = np.bincount(xc * (yc.max() + 1) + yc, minlength=(xc.max() + 1) * (yc.max() + 1))
    return float(counts.reshape(xc.max() + 1, yc.max() + 1).max(axis=1).sum() / len(xc))


def _check_leakage(frame, schema: Schema, tasks, found: _Problems) -> None:
    inputs = {name: _encode(frame[name]) for name in schema.inputs if name in frame.columns}
    for task in tasks:
        if task.column not in frame.columns:
            continue
        target = _encode(task_labels(frame, task))
        for name, encoded in inputs.items():
            if name == task.column:
                continue
            strength = _association(encoded, target)
            if strength >= LEAK_CORRELATION:
                found.warning(name, f"Input '{name}' almost equals the target of task '{task.name}' "
                              f"(agreement {strength:.2f}); the model would copy it instead of learning.",
                              "If this value is only known after the outcome, mark the column 'ignore'.")
