"""Fairness audit: does the model serve every group of students equally well?

For each sensitive column (gender, age, ...) and each group in it, every
outcome task's primary metric is computed on that group's out-of-sample
predictions and compared with the whole class. For tasks with an at-risk
label (fail, dropout) two more rates matter most to a teacher:

* **missed**: among students who really were at risk, the share the model did
  NOT flag — struggling students the teacher would not be told about;
* **false alarms**: among students who were not at risk, the share flagged.

"Flagged" is what the Results page's recall and precision count: for a yes/no
outcome, the run's flagging threshold (``flag_column``, chosen on the
students each network never trained on); for an outcome with more classes,
or a run without that column, a chance of the at-risk labels of at least
:data:`FLAG_AT` (the dashboard's "medium" level).

A gap is flagged when a group with at least ``min_group`` labelled students
differs from the class by more than :data:`RATE_GAP` (rates, accuracy) or its
error is :data:`ERROR_RATIO` times the class error (regression). Group sizes
are always reported so small groups are read with care.

Example:
    >>> audit = fairness_audit(run, frame, ["gender"])  # doctest: +SKIP
    >>> audit.flags[["task", "column", "group", "measure", "value", "overall"]]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..data.values import label_strings, numeric_values
from ..errors import ConfigError
from ..tasks import MEDIUM_RISK, TaskKind, actual_column, flag_column, probability_column
from .metrics import METRICS, PRIMARY, task_metrics

FLAG_AT = MEDIUM_RISK
RATE_GAP = 0.10
ERROR_RATIO = 1.2
MIN_GROUP = 10
MAX_GROUPS = 8


@dataclass(frozen=True)
class FairnessAudit:
    """Per-group results and the gaps worth a look.

    Attributes:
        groups: task, column, group, n (labelled students in the group), measure, n_measured (students
            the measure is computed on: e.g. for "missed", those really at risk), value, overall, gap.
        flags: the rows of ``groups`` whose gap is large, computed on at least ``min_group`` students.
    """

    groups: pd.DataFrame
    flags: pd.DataFrame


def group_labels(series: pd.Series) -> pd.Series:
    """Group of each student: the value itself, or quartile ranges for a number with many values."""
    numbers = numeric_values(series)
    if numbers.notna().sum() == series.notna().sum() and numbers.nunique() > MAX_GROUPS:
        bins = pd.qcut(numbers, 4, duplicates="drop")
        return bins.map(lambda b: f"{b.left:g}-{b.right:g}").astype(object).where(numbers.notna())
    return label_strings(series)


def flagged_students(task, predictions: pd.DataFrame) -> pd.Series:
    """Whether each student is flagged for ``task``'s at-risk labels: the run's own flag where it has one
    (a yes/no outcome's threshold), else a chance of at least :data:`FLAG_AT`."""
    column = flag_column(task.name)
    if column in predictions:
        return predictions[column].fillna(False).astype(bool)
    risk = sum(predictions[probability_column(task.name, label)] for label in task.risk_labels)
    return risk >= FLAG_AT


def _rates(task, truth: pd.Series, predictions: pd.DataFrame) -> dict[str, tuple[float, int]]:
    """missed and false alarms for the at-risk labels of a classification task, with their base counts."""
    at_risk = truth.isin(task.risk_labels)
    flagged = flagged_students(task, predictions)
    rates = {}
    if at_risk.any():
        rates["missed"] = (float((~flagged[at_risk]).mean()), int(at_risk.sum()))
    if (~at_risk).any():
        rates["false alarms"] = (float(flagged[~at_risk].mean()), int((~at_risk).sum()))
    return rates


def _measures(task, truth: pd.Series, predictions: pd.DataFrame) -> dict[str, tuple[float, int]]:
    """measure -> (value, number of students it is computed on)."""
    if task.kind is TaskKind.REGRESSION:
        values = predictions[task.name].to_numpy(dtype=float)
    else:
        values = np.column_stack([predictions[probability_column(task.name, c)] for c in task.classes])
    shown = predictions[task.name].to_numpy() if task.is_classification and task.name in predictions else None
    metrics = task_metrics(task, truth.reset_index(drop=True), values, labels=shown)
    primary = PRIMARY[task.kind]
    result = {primary: (metrics.get(primary, np.nan), len(truth))}
    if task.is_classification and task.risk_labels:
        result.update(_rates(task, truth, predictions))
    return result


def _is_gap(measure: str, value: float, overall: float) -> bool:
    """Large enough to flag: rates and accuracy 10 points worse, an error 1.2 times the class's.
    Brier scores are listed but not flagged: on small groups they mostly reflect the group's base rate."""
    if not (np.isfinite(value) and np.isfinite(overall)):
        return False
    if measure in ("missed", "false alarms"):
        return value - overall > RATE_GAP
    if measure == "brier" or measure not in METRICS:
        return False
    if METRICS[measure].higher_is_better:
        return overall - value > RATE_GAP
    return value > ERROR_RATIO * overall


def fairness_audit(run, data: pd.DataFrame, columns: Sequence[str] | None = None, *,
                   min_group: int = MIN_GROUP) -> FairnessAudit:
    """Metrics per group of each sensitive column, on students with out-of-sample predictions.

    Args:
        run: a TrainedRun (trained on ``data``, so its predictions are out of sample).
        data: the class table holding the sensitive columns.
        columns: the columns to audit; default those with the role "sensitive".
        min_group: smallest group whose gaps are flagged (smaller groups are listed, not flagged).
    """
    from ..tabular.training import fingerprint

    frame = data.reset_index(drop=True)
    if len(frame) != run.n_students or fingerprint(frame) != run.fingerprint:
        raise ConfigError("The fairness audit needs the class table this run was trained on "
                          "(its out-of-sample predictions are what is audited). Load that table again.")
    columns = [c for c in (columns if columns is not None else run.schema.with_role("sensitive"))
               if c in frame.columns]
    predictions = run.predictions
    evaluated = predictions["out_of_sample"].to_numpy(dtype=bool)
    rows = []
    for task in run.outcome_tasks:
        truth = predictions[actual_column(task.name)]
        known = evaluated & truth.notna().to_numpy()
        overall = _measures(task, truth[known], predictions[known])
        for column in columns:
            groups = group_labels(frame[column])
            for group in sorted(groups[known].dropna().unique(), key=str):
                here = known & (groups == group).to_numpy()
                for measure, (value, base) in _measures(task, truth[here], predictions[here]).items():
                    rows.append(dict(task=task.name, column=column, group=str(group), n=int(here.sum()),
                                     measure=measure, n_measured=base, value=value,
                                     overall=overall.get(measure, (np.nan, 0))[0]))
    table = pd.DataFrame(rows, columns=["task", "column", "group", "n", "measure", "n_measured", "value",
                                        "overall"])
    table["gap"] = table["value"] - table["overall"]
    flagged = [n >= min_group and _is_gap(m, v, o) for n, m, v, o in
               zip(table["n_measured"], table["measure"], table["value"], table["overall"])]
    return FairnessAudit(groups=table, flags=table[np.asarray(flagged, dtype=bool)].reset_index(drop=True))
