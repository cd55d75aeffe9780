"""Task specifications: what to predict, from which column, and how much it matters.

A :class:`TaskSpec` is frozen. Its ``kind`` is one of :class:`TaskKind`;
a task may be *derived* from a numeric column by a :class:`Threshold`
(pass/fail) or by :class:`Bands` (grade bands). Labels of classification
tasks are strings in the label's own spelling (``"pass"``, ``"A"``, ``"1"``).

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"final": [40.0, 75.0, 90.0, None]})
    >>> task = make_task(df, "final", name="passed", derive=Threshold(60))
    >>> task.kind, task.classes
    (<TaskKind.BINARY: 'binary'>, ('fail', 'pass'))
    >>> task_labels(df, task).tolist()
    ['fail', 'pass', 'pass', nan]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Sequence

import numpy as np
import pandas as pd

from .data.values import distinct_count, label_strings, numeric_values, suggest_column
from .errors import ConfigError

MAX_CLASSES = 20


class TaskKind(StrEnum):
    """What kind of outcome a task predicts."""

    REGRESSION = "regression"
    BINARY = "binary"
    MULTICLASS = "multiclass"


@dataclass(frozen=True)
class Threshold:
    """Derive a yes/no outcome: ``above`` when value >= ``at``, else ``below``."""

    at: float
    below: str = "fail"
    above: str = "pass"

    def describe(self, column: str) -> str:
        return f"'{self.above}' when {column} >= {self.at:g}, otherwise '{self.below}'"


@dataclass(frozen=True)
class Bands:
    """Derive ordered bands from cut points.

    ``labels[0]`` is for values below ``cuts[0]``; ``labels[i]`` for
    ``cuts[i-1] <= value < cuts[i]``; the last label for values >= the last cut.
    """

    cuts: tuple[float, ...]
    labels: tuple[str, ...] = ()

    def __post_init__(self):
        cuts = tuple(float(c) for c in self.cuts)
        if not cuts or any(b <= a for a, b in zip(cuts, cuts[1:])):
            raise ConfigError(f"Band cut points must be increasing numbers. Got {list(self.cuts)} instead.")
        labels = tuple(str(label) for label in self.labels) or _default_band_labels(cuts)
        if len(labels) != len(cuts) + 1 or len(set(labels)) != len(labels):
            raise ConfigError(
                f"{len(cuts)} cut points need {len(cuts) + 1} different band labels. Got {list(labels)} instead."
            )
        object.__setattr__(self, "cuts", cuts)
        object.__setattr__(self, "labels", labels)

    def describe(self, column: str) -> str:
        return f"bands of {column} cut at " + ", ".join(f"{c:g}" for c in self.cuts)


def _default_band_labels(cuts: tuple[float, ...]) -> tuple[str, ...]:
    edges = [f"{c:g}" for c in cuts]
    middle = [f"{a}-{b}" for a, b in zip(edges, edges[1:])]
    return (f"<{edges[0]}", *middle, f">={edges[-1]}")


@dataclass(frozen=True)
class TaskSpec:
    """One outcome to predict.

    Args:
        name: the task's name, used for outputs, metrics and prediction columns.
        column: the source column in the class table.
        kind: regression, binary or multiclass.
        weight: how much this task counts in the training loss (>= 0). Default 1.
        derive: an optional :class:`Threshold` or :class:`Bands` applied to a numeric column.
        classes: the labels of a classification task, in a fixed order (filled by
            :func:`make_task`); empty for regression.
        risk_labels: the labels that mean "this student needs attention" (e.g.
            ``("fail",)``); used for risk levels. Empty when unknown.
        higher_is_better: for regression, whether a higher value is a better outcome (for bands,
            :func:`make_task` uses it to choose the at-risk band).
        auxiliary: a training-only target: it shapes the shared representation
            but is not reported as an outcome.
    """

    name: str
    column: str
    kind: TaskKind
    weight: float = 1.0
    derive: Threshold | Bands | None = None
    classes: tuple[str, ...] = ()
    risk_labels: tuple[str, ...] = ()
    higher_is_better: bool = True
    auxiliary: bool = False

    def __post_init__(self):
        object.__setattr__(self, "kind", _parse_kind(self.kind, self.name))
        if not isinstance(self.name, str) or not self.name.strip():
            raise ConfigError(f"A task needs a non-empty name. Got {self.name!r} instead.")
        weight = float(self.weight)
        if not math.isfinite(weight) or weight < 0:
            raise ConfigError(f"The weight of task '{self.name}' must be a number >= 0. Got {self.weight!r} instead.")
        object.__setattr__(self, "weight", weight)
        object.__setattr__(self, "classes", tuple(str(c) for c in self.classes))
        object.__setattr__(self, "risk_labels", tuple(str(c) for c in self.risk_labels))
        _check_classes(self)
        _check_risk_labels(self)
        if self.kind is TaskKind.REGRESSION and isinstance(self.derive, Bands | Threshold):
            raise ConfigError(f"Task '{self.name}' derives labels from '{self.column}', so it cannot be a regression.")

    @property
    def n_outputs(self) -> int:
        """Width of the network output for this task."""
        return len(self.classes) if self.kind is TaskKind.MULTICLASS else 1

    @property
    def is_classification(self) -> bool:
        return self.kind is not TaskKind.REGRESSION

    def describe(self) -> str:
        """One plain-English line, e.g. "passed: binary, 'pass' when final >= 60, otherwise 'fail'"."""
        source = self.derive.describe(self.column) if self.derive else f"from column '{self.column}'"
        return f"{self.name}: {self.kind.value}, {source}"


def _check_classes(task: TaskSpec) -> None:
    """A binary task has at most two classes (a sigmoid cannot tell more apart), and no repeats.

    Empty classes are allowed here (a draft before :func:`make_task` reads them from the data);
    :func:`mtl_core.data.validation.check` refuses a classification without classes before training.
    """
    if len(set(task.classes)) != len(task.classes):
        raise ConfigError(f"The classes of task '{task.name}' repeat a label: {', '.join(task.classes)}. "
                          "List each class once.")
    if task.kind is TaskKind.BINARY and len(task.classes) > 2:
        raise ConfigError(
            f"Task '{task.name}' is binary but has {len(task.classes)} classes ({_listing(task.classes)}); "
            "a binary task needs exactly 2. Choose 'multiclass', or derive a yes/no outcome with a "
            "threshold (for example pass when the value >= 60)."
        )


def _listing(labels: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(f"'{label}'" for label in labels[:limit])
    return shown + (", ..." if len(labels) > limit else "")


def _check_risk_labels(task: TaskSpec) -> None:
    unknown = [label for label in task.risk_labels if label not in task.classes]
    if task.classes and unknown:
        raise ConfigError(f"The risk label(s) {', '.join(map(repr, unknown))} of task '{task.name}' are not among its "
                          f"classes. Available: {', '.join(task.classes)}.")


def _parse_kind(kind, name) -> TaskKind:
    try:
        return TaskKind(kind)
    except ValueError:
        available = ", ".join(k.value for k in TaskKind)
        raise ConfigError(f"Unknown task kind {kind!r} for task '{name}'. Available: {available}.") from None


HIGH_RISK = 0.5
"""A probability of an at-risk label from which a student's risk is called high."""
MEDIUM_RISK = 0.25
"""... and from which it is called medium (below: low)."""


def probability_column(task_name: str, label: str) -> str:
    """Name of the column holding P(label) for a task, e.g. ``"passed P(fail)"``."""
    return f"{task_name} P({label})"


INTERVAL_LEVEL = 0.8
"""The share of students whose true value should fall inside their predicted interval."""


def interval_column(task_name: str, side: str) -> str:
    """Name of the column holding one end (``"low"`` or ``"high"``) of a regression prediction's 80 %
    interval, e.g. ``"final_exam low (80%)"``."""
    if side not in ("low", "high"):
        raise ConfigError(f"An interval has a 'low' and a 'high' end. Got {side!r} instead.")
    return f"{task_name} {side} ({INTERVAL_LEVEL:.0%})"


def flag_column(task_name: str) -> str:
    """Name of the column saying whether a yes/no outcome flags the student (their chance of the at-risk
    label is at least the run's flagging threshold), e.g. ``"dropped_out flagged"``."""
    return f"{task_name} flagged"


def actual_column(task_name: str) -> str:
    """Name of the column holding a task's true value or label, e.g. ``"passed (actual)"``."""
    return f"{task_name} (actual)"


# --------------------------------------------------------------------------- labels

def task_labels(frame: pd.DataFrame, task: TaskSpec) -> pd.Series:
    """The target of ``task`` for every row: floats (regression) or label strings, NaN when unknown."""
    if task.column not in frame.columns:
        raise ConfigError(f"Task '{task.name}' uses column '{task.column}', which is not in the table.")
    raw = frame[task.column]
    if isinstance(task.derive, Threshold):
        values = numeric_values(raw)
        labels = np.where(values >= task.derive.at, task.derive.above, task.derive.below)
        return pd.Series(labels, index=frame.index, dtype=object).where(values.notna())
    if isinstance(task.derive, Bands):
        values = numeric_values(raw)
        codes = np.searchsorted(np.asarray(task.derive.cuts), values.fillna(0).to_numpy(), side="right")
        labels = np.asarray(task.derive.labels, dtype=object)[codes]
        return pd.Series(labels, index=frame.index, dtype=object).where(values.notna())
    if task.kind is TaskKind.REGRESSION:
        return numeric_values(raw)
    return label_strings(raw)


# --------------------------------------------------------------------------- inference

RISK_WORDS = {
    "fail", "failed", "failing", "f", "dropout", "dropped", "drop", "withdrawn", "withdraw", "withdrew",
    "at risk", "risk", "retained", "repeat", "不及格", "未通过", "挂科", "辍学", "退学",
}
"""Labels that mean "needs attention" whatever the column is called."""
HIGH_WORDS = {"high", "高"}
"""Labels that mean "needs attention" only when the column counts something bad ("dropout risk: high");
"engagement: high" is good news."""
NEGATIVE_OUTCOME_HINTS = ("drop", "withdraw", "fail", "risk", "absent", "absence", "repeat", "辍学", "退学", "挂科",
                          "流失", "风险", "缺勤")
POSITIVE_OUTCOME_HINTS = ("pass", "graduat", "complet", "success", "及格", "通过", "毕业", "完成")
YES_WORDS = {"yes", "y", "true", "1", "是", "有"}
NO_WORDS = {"no", "n", "false", "0", "否", "无"}


def infer_kind(labels: pd.Series) -> TaskKind:
    """Guess the kind of a target column from its values (numeric with >2 values -> regression)."""
    present = labels.dropna()
    numbers = numeric_values(present)
    n_unique = distinct_count(present)  # as present.astype(str).nunique(), without writing every number as text
    if n_unique <= 2:
        return TaskKind.BINARY
    if len(present) and numbers.notna().mean() >= 0.95:
        return TaskKind.REGRESSION
    return TaskKind.MULTICLASS


def guess_risk_labels(column: str, classes: Sequence[str], kind: TaskKind) -> tuple[str, ...]:
    """Which labels mean "needs attention", from the labels and the column name; () when unclear."""
    lowered = {c: c.strip().lower() for c in classes}
    name = column.lower()
    negative = any(h in name for h in NEGATIVE_OUTCOME_HINTS)
    words = RISK_WORDS | HIGH_WORDS if negative else RISK_WORDS
    direct = tuple(c for c, low in lowered.items() if low in words)
    if direct and len(direct) < len(classes):
        return direct
    if kind is not TaskKind.BINARY:
        return ()
    yes = tuple(c for c, low in lowered.items() if low in YES_WORDS)
    no = tuple(c for c, low in lowered.items() if low in NO_WORDS)
    if yes and no and negative:
        return yes
    if yes and no and any(h in name for h in POSITIVE_OUTCOME_HINTS):
        return no
    return ()


def _ordered_classes(labels: pd.Series, derive) -> tuple[str, ...]:
    if isinstance(derive, Threshold):
        return (derive.below, derive.above)
    if isinstance(derive, Bands):
        return derive.labels
    present = labels.dropna().astype(str).unique().tolist()
    numbers = pd.to_numeric(pd.Series(present), errors="coerce")
    if numbers.notna().all():
        return tuple(p for _, p in sorted(zip(numbers, present)))
    return tuple(sorted(present))


def make_task(
    frame: pd.DataFrame,
    column: str,
    *,
    name: str | None = None,
    kind: TaskKind | str | None = None,
    weight: float = 1.0,
    derive: Threshold | Bands | None = None,
    risk_labels: Sequence[str] | None = None,
    higher_is_better: bool = True,
    auxiliary: bool = False,
) -> TaskSpec:
    """Build a :class:`TaskSpec` for ``column``, inferring what is not given from the data.

    Args:
        frame: the class table.
        column: the source column.
        name: the task name; default the column name.
        kind: default inferred (derived tasks: binary for a Threshold, multiclass for Bands).
        weight: loss weight, default 1.
        derive: optional Threshold or Bands on a numeric column.
        risk_labels: labels meaning "needs attention"; default guessed from names.
        higher_is_better: whether a higher value is a better outcome (regression; for Bands it picks the
            at-risk band: the lowest when True, the top one when False). Default True.
        auxiliary: training-only target.

    Example:
        >>> df = pd.DataFrame({"dropout": ["no", "yes", "no"]})
        >>> make_task(df, "dropout").risk_labels
        ('yes',)
    """
    name = name or column
    if column not in frame.columns:
        raise ConfigError(f"Task '{name}' uses column '{column}', which is not in the table. {suggest_column(column, frame.columns)}")
    if derive is not None:
        kind = TaskKind.BINARY if isinstance(derive, Threshold) else TaskKind.MULTICLASS
    draft = TaskSpec(name=name, column=column, kind=kind or TaskKind.REGRESSION, derive=derive)
    if kind is None:
        draft = replace(draft, kind=infer_kind(frame[column]))
    classes: tuple[str, ...] = ()
    if draft.is_classification:
        classes = _ordered_classes(task_labels(frame, draft), derive)
        if len(classes) > MAX_CLASSES:
            raise ConfigError(
                f"Column '{column}' has {len(classes)} different values, too many for a classification task "
                f"(at most {MAX_CLASSES}). Choose 'regression' if it is a number, or group the values."
            )
    risks = tuple(risk_labels) if risk_labels is not None else guess_risk_labels(column, classes, draft.kind)
    if isinstance(derive, Bands) and risk_labels is None:
        risks = (_worst_band(derive, column, higher_is_better),)
    return replace(
        draft, weight=weight, classes=classes, risk_labels=risks, higher_is_better=higher_is_better, auxiliary=auxiliary
    )


def _worst_band(bands: Bands, column: str, higher_is_better: bool) -> str:
    """The band that needs attention: the lowest when higher values are better (scores), the top one
    when lower is better (``higher_is_better=False``, or a column that counts something bad: absences)."""
    lower_is_better = not higher_is_better or any(h in column.lower() for h in NEGATIVE_OUTCOME_HINTS)
    return bands.labels[-1] if lower_is_better else bands.labels[0]


def check_task_names(tasks: Sequence[TaskSpec]) -> tuple[TaskSpec, ...]:
    """Refuse an empty task list, repeated task names, or a list with only auxiliary tasks."""
    tasks = tuple(tasks)
    if not tasks:
        raise ConfigError("Choose at least one outcome to predict.")
    names = [t.name for t in tasks]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(f"Task names must be different; repeated: {', '.join(repeated)}. Rename one of them.")
    if all(t.auxiliary for t in tasks):
        raise ConfigError("At least one task must be a real outcome, not only training-only (auxiliary) targets.")
    if sum(t.weight for t in tasks) <= 0:
        raise ConfigError("At least one task needs a weight above 0.")
    return tasks


@dataclass(frozen=True)
class TaskTargets:
    """Encoded training targets of one task for all rows (internal to training)."""

    values: np.ndarray  # float32: regression values, or class index; 0 where the label is missing (mask 0)
    mask: np.ndarray = field(repr=False)  # float32 1/0: label known


def encode_targets(frame: pd.DataFrame, task: TaskSpec) -> TaskTargets:
    """Targets as numbers: regression values, or the index of the label in ``task.classes``.

    A missing (or unknown) label is stored as 0 with mask 0, so it never counts in a loss.
    """
    labels = task_labels(frame, task)
    if task.kind is TaskKind.REGRESSION:
        values = labels.to_numpy(dtype=float)
    else:
        lookup = {c: i for i, c in enumerate(task.classes)}
        values = labels.map(lambda v: lookup.get(v, np.nan) if isinstance(v, str) else np.nan).to_numpy(dtype=float)
    mask = np.isfinite(values).astype("float32")
    return TaskTargets(values=np.nan_to_num(values).astype("float32"), mask=mask)
