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



def flagging(predictions: pd.DataFrame, task) -> dict | None:
    """How a yes/no outcome's model does as a flag for teachers, on the tested students (out of sample, known).

    A student is flagged when their chance of the at-risk label (:func:`positive_label`) is at least that label's
    rate in the class (on the training rows: the rows not tested under a hold-out check, every labelled row under
    k-fold, where each row trains the networks of the other folds). Flagging at the class's rate is explainable
    ("more likely than a typical student") and does not hide a rare outcome behind a 50 % cut.

    Returns a dict: label, common (the most common label, what always guessing answers), threshold (= rate),
    tested, at_risk (tested students who really had the label), flagged, found (flagged who really had it),
    recall (found / at_risk), precision (found / flagged) and guess_accuracy (always answering ``common`` on the
    tested rows); None for another kind of outcome, or when no tested student has a known outcome.
    Recall and precision are scikit-learn's (NaN where undefined).
    """
    if getattr(task.kind, "value", task.kind) != "binary":
        return None
    label = positive_label(task)
    actual = predictions[mtl_core.actual_column(task.name)]
    labelled = actual.notna()
    training = labelled & ~predictions["out_of_sample"].astype(bool)
    rows = training if training.any() else labelled
    known = actual[rows].astype(str)
    rows_tested = tested(predictions, task)
    if known.empty or rows_tested.empty:
        return None
    rate = float((known == label).mean())
    common = str(known.value_counts().index[0])
    truth = (rows_tested[mtl_core.actual_column(task.name)].astype(str) == label).to_numpy()
    chance = rows_tested[mtl_core.probability_column(task.name, label)].to_numpy(dtype=float)
    flagged = chance >= rate
    at_risk, n_flagged, found = int(truth.sum()), int(flagged.sum()), int((truth & flagged).sum())
    from sklearn import metrics as skm  # scikit-learn loads only when a verdict needs it, not on the first page

    recall = float(skm.recall_score(truth, flagged, zero_division=np.nan)) if at_risk else float("nan")
    precision = float(skm.precision_score(truth, flagged, zero_division=np.nan)) if n_flagged else float("nan")
    guess = float(((rows_tested[mtl_core.actual_column(task.name)].astype(str)) == common).mean())
    return dict(label=label, common=common, threshold=rate, tested=int(len(truth)), at_risk=at_risk,
                flagged=n_flagged, found=found, recall=recall, precision=precision, guess_accuracy=guess,
                rate=rate, chosen=False)


def _finite(value) -> bool:
    try:
        return bool(np.isfinite(float(value)))
    except (TypeError, ValueError):
        return False


def core_flagging(predictions: pd.DataFrame, task, row: dict) -> dict | None:
    """:func:`flagging`'s dict from the core's own flags: the threshold it chose for each fold on validation
    students (``run.summary``'s ``flag_threshold``, their average), its recall and precision (``run.summary``),
    and the counts behind them from the students it flagged (``mtl_core.flag_column``, on the tested rows: the
    rows those numbers are computed on). ``chosen`` is True (the page says the model chose the threshold);
    ``rate`` is the share of tested students who really had the label (what flagging at random is right for).
    None for a run saved without them (then :func:`flagging` is used)."""
    column = mtl_core.flag_column(task.name)
    if getattr(task.kind, "value", task.kind) != "binary" or column not in predictions.columns:
        return None
    if not all(_finite(row.get(name)) for name in ("flagged", "flag_threshold", "precision_baseline")):
        return None
    rows_tested = tested(predictions, task)
    if rows_tested.empty:
        return None
    label = positive_label(task)
    known = rows_tested[mtl_core.actual_column(task.name)].astype(str)
    truth = (known == label).to_numpy()
    flagged = rows_tested[column].astype(bool).to_numpy()
    common = str(known.value_counts().index[0])
    return dict(label=label, common=common, threshold=float(row["flag_threshold"]), tested=int(len(truth)),
                at_risk=int(truth.sum()), flagged=int(flagged.sum()), found=int((truth & flagged).sum()),
                recall=float(row["recall"]) if _finite(row.get("recall")) else float("nan"),
                precision=float(row["precision"]) if _finite(row.get("precision")) else float("nan"),
                guess_accuracy=float((known == common).mean()), rate=float(row["precision_baseline"]), chosen=True)


def class_rate(predictions: pd.DataFrame, task, label: str | None = None) -> float:
    """The share of the class's students with a known outcome who really had ``label`` (classification), or the
    class's average (regression); NaN when no outcome is known."""
    actual = predictions[mtl_core.actual_column(task.name)].dropna()
    if actual.empty:
        return float("nan")
    if label is None:
        return float(pd.to_numeric(actual, errors="coerce").mean())
    return float((actual.astype(str) == str(label)).mean())
