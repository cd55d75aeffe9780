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

import functools
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import DataValidationError, problem_table
from ..tasks import TaskKind, TaskSpec, task_labels
from .io import source_rows
from .schema import Schema, ValueType, with_string_columns
from .values import ColumnFacts, column_facts, distinct_codes, suggest_column

MIN_ROWS = 10            # fewer students than this: cannot train
MIN_LABELS = 10          # a task needs at least this many labelled students
FEW_LABELS = 50          # below this a task's numbers are unreliable (warning)
FEW_PER_CLASS = 5        # a class with fewer examples than this gets a warning
MOSTLY_MISSING = 0.5     # an input missing in more than this share of rows gets a warning
LEAK_CORRELATION = 0.98  # |correlation| of an input with a target above this: leakage warning
HUGE = 1e12
STUDENTS_PER_INPUT = 10  # fewer students than this per input column: warning (the network can learn chance patterns)


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

    Each column is read once (see :func:`mtl_core.data.values.column_facts`) and every check is
    vectorised, so the time grows with the number of cells: 200,000 students x 40 columns, or 3
    students x 5,000 columns, take seconds (``benchmarks/intake_speed.py``).

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
    unique_ids = _check_ids(frame, schema, found)
    _check_rows(frame, schema, unique_ids, found)
    columns = dict(frame.items())  # one Series per column, made once (5,000 columns cost the same per column)
    facts = {name: column_facts(columns[name]) for name in schema.inputs if name in columns}
    for name, info in facts.items():
        _check_input(columns[name], schema[name].value_type, info, found)
    for task in tasks:
        if task.column in frame.columns:
            _check_task(frame, task, found)
    _check_leakage(frame, columns, tasks, facts, found)
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


def _check_ids(frame: pd.DataFrame, schema: Schema, found: _Problems) -> bool:
    """Repeated and missing IDs; returns whether the ID column identifies every row (no repeats)."""
    column = schema.id_column
    if column is None or column not in frame.columns:
        return False
    ids = frame[column].astype("string").str.strip()
    repeated_mask = (ids.duplicated(keep=False) & ids.notna()).to_numpy(dtype=bool)
    if repeated_mask.any():
        counts = ids[repeated_mask].value_counts()
        example = ", ".join(f"'{v}' {n} times" for v, n in counts.head(3).items())
        found.error(column, f"The same ID appears more than once ({example}).",
                    "Give every student a unique ID, or remove repeated rows.",
                    found.where(np.flatnonzero(repeated_mask)))
    missing = np.flatnonzero(ids.isna().to_numpy(dtype=bool))
    if len(missing):
        found.warning(column, f"{len(missing)} student(s) have no ID.",
                      "Fill in the IDs so you can find these students in the results.", found.where(missing))
    return not repeated_mask.any()


def _check_rows(frame: pd.DataFrame, schema: Schema, unique_ids: bool, found: _Problems) -> None:
    """What the values cannot show by column: no ID at all, rows repeated exactly, too few students per input."""
    if schema.id_column is None:
        found.warning("", "No column identifies the students (an ID or student number), so a student cannot be "
                      "looked up in the results, and a saved run recognises them only by their values.",
                      "If the file has a student number, mark that column 'id'; otherwise add one (S001, S002, ...) "
                      "in the file.")
    if not unique_ids:  # with unique IDs no two rows can be the same
        repeats = np.flatnonzero(_duplicated_rows(frame))
        if len(repeats):
            found.warning("", f"{len(repeats)} row(s) repeat an earlier row exactly (every value the same): those "
                          "students count twice, and results measured on them look better than they are.",
                          "Remove the repeated rows, unless they really are different students with the same "
                          "values.", found.where(repeats))
    inputs = [name for name in schema.inputs if name in frame.columns]
    if len(frame) >= MIN_ROWS and inputs and len(frame) < STUDENTS_PER_INPUT * len(inputs):
        found.warning("", f"The table has {len(frame)} students for {len(inputs)} input columns: with fewer than "
                      f"{STUDENTS_PER_INPUT} students per input, the network can learn chance patterns of this class "
                      "that do not hold for the next one.",
                      f"Mark the inputs that matter least 'ignore' (keep at most one input per {STUDENTS_PER_INPUT} "
                      "students), or add more students.")


def _duplicated_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows equal to an earlier row in every column (missing cells count as equal)."""
    if frame.shape[1] == 0 or len(frame) < 2:
        return np.zeros(len(frame), dtype=bool)
    codes = np.column_stack([distinct_codes(frame.iloc[:, i]) for i in range(frame.shape[1])])
    return pd.DataFrame(codes).duplicated(keep="first").to_numpy(dtype=bool)


# --------------------------------------------------------------------------- columns

def _non_numbers(series: pd.Series, facts: ColumnFacts) -> np.ndarray:
    """Positions of filled cells that are not numbers (infinities are reported on their own)."""
    filled = ~facts.missing & ~facts.blank
    return np.flatnonzero(filled & np.isnan(facts.numbers))


def _infinite(facts: ColumnFacts) -> np.ndarray:
    """Positions of infinite values: inf as a number, or written "inf", "-Infinity", "1e999"."""
    return np.flatnonzero(np.isinf(facts.numbers))


def _check_numbers(series: pd.Series, facts: ColumnFacts, found: _Problems, what: str) -> None:
    name = str(series.name)
    infinite = _infinite(facts)
    if len(infinite):
        found.error(name, f"Infinite values (inf) in {what}.",
                    "Replace them with real numbers, or leave the cells empty if unknown.", found.where(infinite))
    text = _non_numbers(series, facts)
    if len(text):
        examples = ", ".join(f"'{v}'" for v in pd.unique(series.iloc[text[:1000]].astype(str))[:3])
        found.error(name, f"Text in a numeric column ({examples}) in {what}.",
                    "Correct these cells to numbers, or empty them if unknown.", found.where(text))
    finite = facts.finite
    huge = np.flatnonzero(finite & (np.abs(np.where(finite, facts.numbers, 0)) > HUGE))
    if len(huge):
        found.warning(name, f"Extremely large numbers (above {HUGE:.0e}) in {what}.",
                      "Check these cells for typing mistakes.", found.where(huge))


def _check_input(series: pd.Series, vtype: ValueType, facts: ColumnFacts, found: _Problems) -> None:
    name = str(series.name)
    if vtype is ValueType.EMPTY or facts.n_present == 0:
        found.warning(name, "The column is empty; it will be ignored.", "Fill it in or mark it 'ignore'.")
        return
    if vtype is not ValueType.NUMERIC and facts.n_present >= 20 and facts.n_distinct == facts.n_present:
        found.warning(name, "Every student has a different value here, like an identifier or a comment; "
                      "it cannot help predictions.", "Mark it 'id', 'name' or 'ignore'.")
    if facts.n_distinct == 1:
        first = series.iloc[int(np.flatnonzero(~facts.missing)[0])]
        found.warning(name, f"Every student has the same value ('{first}'); it cannot help predictions.",
                      "Mark it 'ignore', or check that the column was exported correctly.")
    if vtype is ValueType.NUMERIC:
        _check_numbers(series, facts, found, "an input")
    missing_share = float(facts.missing.mean())
    if missing_share > MOSTLY_MISSING:
        found.warning(name, f"{missing_share:.0%} of students have no value here.",
                      "Missing values are filled in automatically, but a mostly empty column helps little; "
                      "consider marking it 'ignore'.")


def _check_task(frame: pd.DataFrame, task: TaskSpec, found: _Problems) -> None:
    series = frame[task.column]
    if task.kind is TaskKind.REGRESSION or task.derive is not None:
        _check_numbers(series, column_facts(series), found, f"the target of task '{task.name}'")
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

@dataclass(eq=False)
class _Encoded:
    """A column as the leakage check reads it: numbers (NaN missing) or category codes (-1 missing)."""

    values: np.ndarray
    numeric: bool
    n_distinct: int
    _codes: np.ndarray | None = None

    @functools.cached_property
    def known(self) -> np.ndarray:
        return ~np.isnan(self.values) if self.numeric else self.values >= 0

    @functools.cached_property
    def categories(self) -> tuple[np.ndarray, int]:
        """A category per cell, missing cells in an extra last category, and the number of real ones."""
        codes = self._codes if self._codes is not None else (
            pd.factorize(self.values)[0] if self.numeric else self.values)
        count = int(codes.max()) + 1 if len(codes) else 0
        return np.where(codes < 0, count, codes).astype(np.int64), count


def _encode(series: pd.Series, facts: ColumnFacts | None = None) -> _Encoded:
    """Numbers (NaN missing) when the column is numeric, else category codes (-1 missing)."""
    facts = facts or column_facts(series)
    if facts.n_numbers == facts.n_present:
        return _Encoded(np.where(facts.finite, facts.numbers, np.nan), True, facts.n_distinct)
    codes = facts.text_codes if facts.text_codes is not None else distinct_codes(series)
    return _Encoded(codes, False, facts.n_distinct, codes)


def _association(x: _Encoded, y: _Encoded) -> float:
    """The share of students whose label the input's category alone gives (1.0 = the input determines the
    outcome); 0 when the input has more categories than half the students. Linear: one count per pair,
    missing cells counted in an extra category and then left out."""
    if x.n_distinct < 2 or y.n_distinct < 2 or x.n_distinct > 0.5 * len(x.values):
        return 0.0
    (xc, nx), (yc, ny) = x.categories, y.categories
    counts = np.bincount(xc * (ny + 1) + yc, minlength=(nx + 1) * (ny + 1)).reshape(nx + 1, ny + 1)[:nx, :ny]
    n = int(counts.sum())
    if n < MIN_LABELS or nx > 0.5 * n or (counts.sum(axis=1) > 0).sum() < 2 or (counts.sum(axis=0) > 0).sum() < 2:
        return 0.0  # too few students, too many categories, or one category or one label among them
    return float(counts.max(axis=1).sum() / n)


def _check_leakage(frame, columns: dict, tasks, facts: dict[str, ColumnFacts], found: _Problems) -> None:
    """Inputs that almost equal a task's target: numeric ones against a numeric target by correlation (all
    inputs at once, :class:`_Correlations`), the others by how well their categories give the labels."""
    inputs = {name: _encode(columns[name], info) for name, info in facts.items() if info.n_present >= MIN_LABELS}
    correlations = None
    for task in tasks:
        if task.column not in frame.columns:
            continue
        target = _encode(task_labels(frame, task))
        if target.n_distinct < 2 or int(target.known.sum()) < MIN_LABELS:
            continue
        strengths = {}
        if target.numeric:
            correlations = correlations or _Correlations({k: v for k, v in inputs.items() if v.numeric})
            strengths = correlations.with_target(target)
        for name, encoded in inputs.items():
            if name == task.column:
                continue
            strength = strengths[name] if name in strengths else _association(encoded, target)
            if strength >= LEAK_CORRELATION:
                found.warning(name, f"Input '{name}' almost equals the target of task '{task.name}' "
                              f"(agreement {strength:.2f}); the model would copy it instead of learning.",
                              "If this value is only known after the outcome, mark the column 'ignore'.")


class _Correlations:
    """|correlation| of every numeric input with a numeric target, over the students who have both.

    The inputs are centred and stacked once (missing cells as 0, with a mask); each target then costs six
    matrix-vector products, whatever the number of inputs."""

    def __init__(self, inputs: dict[str, _Encoded]):
        self.names = list(inputs)
        if not self.names:
            return
        values = np.column_stack([inputs[name].values for name in self.names])
        self.mask = ~np.isnan(values)
        self.values = np.where(self.mask, values - np.nanmean(values, axis=0), 0.0)
        self.squares = self.values * self.values
        self.mask = self.mask.astype(float)
        self.varied = np.array([inputs[name].n_distinct >= 2 for name in self.names])

    def with_target(self, target: _Encoded) -> dict[str, float]:
        if not self.names:
            return {}
        known = target.known
        y = np.where(known, target.values - np.nanmean(np.where(known, target.values, np.nan)), 0.0)
        k = known.astype(float)
        x, m = self.values, self.mask
        n, sx, sy = k @ m, k @ x, y @ m
        sxx, syy, sxy = k @ self.squares, (y * y) @ m, y @ x
        with np.errstate(divide="ignore", invalid="ignore"):
            var_x, var_y = sxx - sx ** 2 / n, syy - sy ** 2 / n
            r = np.abs((sxy - sx * sy / n) / np.sqrt(var_x * var_y))
        varies = (var_x > 1e-9 * sxx) & (var_y > 1e-9 * syy)  # a constant over these students correlates with nothing
        r = np.where((n >= MIN_LABELS) & varies & self.varied & np.isfinite(r), np.minimum(r, 1.0), 0.0)
        return dict(zip(self.names, map(float, r)))
