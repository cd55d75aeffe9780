"""Tables behind the Results page's charts, computed from ``run.predictions`` (out-of-sample rows only).

Every function takes the predictions table and a ``TaskSpec`` and returns a small DataFrame that a
builder in :mod:`dashboard.charts` draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import mtl_core


def tested(predictions: pd.DataFrame, task) -> pd.DataFrame:
    """Rows predicted by networks that did not see the student, and whose outcome is known."""
    actual = predictions[mtl_core.actual_column(task.name)]
    keep = predictions["out_of_sample"].astype(bool) & actual.notna()
    return predictions[keep]


def positive_label(task) -> str:
    """The label ROC and calibration curves are drawn for: the first at-risk label, else the last class."""
    return task.risk_labels[0] if task.risk_labels else task.classes[-1]


def regression_points(predictions: pd.DataFrame, task, names: pd.Series | None = None) -> pd.DataFrame:
    """actual, predicted (and who, for hover) of every tested student."""
    rows = tested(predictions, task)
    points = pd.DataFrame({
        "actual": rows[mtl_core.actual_column(task.name)].astype(float),
        "predicted": rows[task.name].astype(float),
    })
    points["who"] = names.reindex(rows.index).astype(str).to_numpy() if names is not None else ""
    return points.reset_index(drop=True)


def confusion(predictions: pd.DataFrame, task) -> pd.DataFrame:
    """Counts with actual labels as rows and predicted labels as columns, in the task's class order."""
    rows = tested(predictions, task)
    table = pd.crosstab(rows[mtl_core.actual_column(task.name)].astype(str), rows[task.name].astype(str))
    classes = list(task.classes)
    return table.reindex(index=classes, columns=classes, fill_value=0).astype(int)


def _scores(predictions: pd.DataFrame, task, label: str) -> tuple[np.ndarray, np.ndarray]:
    rows = tested(predictions, task)
    truth = (rows[mtl_core.actual_column(task.name)].astype(str) == label).to_numpy(dtype=float)
    score = rows[mtl_core.probability_column(task.name, label)].to_numpy(dtype=float)
    return truth, score


def roc_points(predictions: pd.DataFrame, task, label: str) -> tuple[pd.DataFrame, float]:
    """(false positive rate, true positive rate) for every threshold, and the area under the curve.

    Returns an empty table and NaN when the tested students hold only one of the two outcomes.
    """
    truth, score = _scores(predictions, task, label)
    positives, negatives = truth.sum(), len(truth) - truth.sum()
    if positives == 0 or negatives == 0:
        return pd.DataFrame({"fpr": [], "tpr": []}), float("nan")
    order = np.argsort(-score, kind="mergesort")
    score, truth = score[order], truth[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(score) != 0), len(score) - 1]
    tpr = np.r_[0.0, np.cumsum(truth)[last_of_tie] / positives]
    fpr = np.r_[0.0, np.cumsum(1 - truth)[last_of_tie] / negatives]
    auc = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
    return pd.DataFrame({"fpr": fpr, "tpr": tpr}), auc

