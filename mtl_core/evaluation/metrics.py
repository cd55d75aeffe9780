"""Metrics per task, always beside a naive baseline on the same students.

The baseline of a fold is learned from that fold's training rows only: the
mean (regression) or the class frequencies (classification, predicting the
most frequent class). Metrics are computed on the pooled out-of-sample
predictions, and per fold for an interval.

Every task gets a *verdict* on its primary metric (MAE for regression,
Brier score for binary, accuracy for multiclass): ``"better"`` when the model
beats the baseline by at least :data:`MIN_GAIN` (relative), ``"worse"`` when
it loses by as much, ``"same"`` otherwise. The dashboard turns the verdict
into plain words.

Classification metrics score the labels the teacher is shown (``labels``: for outcomes of one
quantity they are decided together, :mod:`mtl_core.tabular.coherence`), not each head's own pick.

**What a teacher reads of a yes/no outcome** (binary tasks): ``accuracy`` beside the majority guess,
and, at the *flagging threshold* chosen for each fold on its training side (``flags``, see
:func:`mtl_core.tabular.loop.flag_thresholds`), ``recall`` (share of the truly at-risk students the
model flags), ``precision`` (share of the flagged students who truly are at risk) and ``flagged``
(share of students flagged). Their baselines are those of the always-"no" guess: it flags nobody
(recall 0, flagged 0), and for precision the share of at-risk students, which is what flagging students
at random would give. The summary says on each of these measures whether the model beats guessing
(``accuracy_verdict``, ``flag_verdict``).

Regression tasks with intervals (``intervals``) also get ``coverage`` (share of students whose true
value lies inside their 80 % interval) and ``interval_width`` (mean width, in the task's units).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..tasks import TaskKind, TaskSpec
from .calibration import positive_label, task_ece

MIN_GAIN = 0.03
RELIABLE_LABELS = 50


@dataclass(frozen=True)
class MetricInfo:
    """How to read a metric."""

    name: str
    label: str
    higher_is_better: bool


METRICS = {
    "mae": MetricInfo("mae", "Mean absolute error", False),
    "rmse": MetricInfo("rmse", "Root mean squared error", False),
    "r2": MetricInfo("r2", "R² (share of variation explained)", True),
    "accuracy": MetricInfo("accuracy", "Accuracy", True),
    "balanced_accuracy": MetricInfo("balanced_accuracy", "Balanced accuracy", True),
    "roc_auc": MetricInfo("roc_auc", "ROC AUC", True),
    "f1": MetricInfo("f1", "F1 (for the at-risk class)", True),
    "brier": MetricInfo("brier", "Brier score", False),
    "macro_f1": MetricInfo("macro_f1", "Macro F1", True),
    "ece": MetricInfo("ece", "Calibration error (ECE: 0 = probabilities mean what they say)", False),
    "recall": MetricInfo("recall", "Recall (share of the at-risk students flagged)", True),
    "precision": MetricInfo("precision", "Precision (share of the flagged students truly at risk)", True),
    "flagged": MetricInfo("flagged", "Share of students flagged", False),
    "flag_threshold": MetricInfo("flag_threshold", "Flagging threshold (chance of the at-risk label)", False),
    "coverage": MetricInfo("coverage", "Coverage of the 80 % interval (share of true values inside)", True),
    "interval_width": MetricInfo("interval_width", "Mean width of the 80 % interval", False),
}
FLAG_METRICS = ("recall", "precision", "flagged", "flag_threshold")
PRIMARY = {TaskKind.REGRESSION: "mae", TaskKind.BINARY: "brier", TaskKind.MULTICLASS: "accuracy"}


def task_metrics(task: TaskSpec, truth: pd.Series, prediction: np.ndarray, *, labels=None, threshold=None,
                 interval=None) -> dict[str, float]:
    """Metrics of one task; ``prediction`` holds values (regression) or class probabilities (n x classes).

    Optional, one entry per student: ``labels`` the label shown (default the most likely class),
    ``threshold`` the flagging threshold of a binary task (adds recall, precision, flagged,
    flag_threshold), ``interval`` a ``(low, high)`` pair of arrays for a regression task (adds coverage
    and interval_width).
    """
    known = truth.notna().to_numpy()
    if not known.any():
        return {}
    truth, prediction = truth[known], np.asarray(prediction)[known]
    if task.kind is TaskKind.REGRESSION:
        result = _regression(truth.to_numpy(dtype=float), prediction)
        if interval is not None:
            low, high = (np.asarray(end, dtype=float)[known] for end in interval)
            y = truth.to_numpy(dtype=float)
            result["coverage"] = float(np.mean((y >= low) & (y <= high)))
            result["interval_width"] = float(np.mean(high - low))
        return result
    picked = None if labels is None else np.asarray(labels, dtype=object)[known].astype(str)
    result = _classification(task, truth.astype(str).to_numpy(), prediction, picked)
    if threshold is not None and task.kind is TaskKind.BINARY:
        result.update(_flags(task, truth.astype(str).to_numpy(), prediction,
                             np.broadcast_to(np.asarray(threshold, dtype=float), known.shape)[known]))
    return result


def _flags(task: TaskSpec, y: np.ndarray, proba: np.ndarray, threshold: np.ndarray) -> dict[str, float]:
    positive = positive_label(task)
    flagged = proba[:, list(task.classes).index(positive)] >= threshold
    at_risk = y == positive
    hits = float((flagged & at_risk).sum())
    return {"recall": hits / at_risk.sum() if at_risk.any() else float("nan"),
            "precision": hits / flagged.sum() if flagged.any() else float("nan"),
            "flagged": float(flagged.mean()), "flag_threshold": float(np.mean(threshold))}


def always_no_flags(task: TaskSpec, truth: pd.Series) -> dict[str, float]:
    """What the always-"no" guess scores on the flagging measures (see the module docstring)."""
    known = truth.dropna().astype(str)
    if not len(known):
        return {}
    prevalence = float((known == positive_label(task)).mean())
    return {"recall": 0.0, "precision": prevalence, "flagged": 0.0, "flag_threshold": float("nan")}


def _regression(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    from sklearn import metrics as skm  # loaded when a metric is computed, not with METRICS (see splits.py)

    return {
        "mae": float(skm.mean_absolute_error(y, p)),
        "rmse": float(np.sqrt(skm.mean_squared_error(y, p))),
        "r2": float(skm.r2_score(y, p)) if len(y) > 1 and np.var(y) > 0 else float("nan"),
    }


def _classification(task: TaskSpec, y: np.ndarray, proba: np.ndarray, picked=None) -> dict[str, float]:
    from sklearn import metrics as skm

    classes = np.asarray(task.classes)
    predicted = classes[np.argmax(proba, axis=1)] if picked is None else np.asarray(picked)
    result = {
        "accuracy": float(skm.accuracy_score(y, predicted)),
        "balanced_accuracy": float(_balanced_accuracy(y, predicted)),
    }
    if task.kind is TaskKind.MULTICLASS:
        result["macro_f1"] = float(skm.f1_score(y, predicted, labels=np.unique(y), average="macro", zero_division=0))
        result["ece"] = task_ece(task, y, proba)
        return result
    positive = positive_label(task)
    p_pos = proba[:, list(classes).index(positive)]
    is_pos = (y == positive).astype(float)
    result["roc_auc"] = float(skm.roc_auc_score(is_pos, p_pos)) if 0 < is_pos.sum() < len(y) else float("nan")
    result["f1"] = float(skm.f1_score(is_pos, (predicted == positive).astype(float), zero_division=0))
    result["brier"] = float(np.mean((p_pos - is_pos) ** 2))
    result["ece"] = task_ece(task, y, proba)
    return result


def student_scores(task: TaskSpec, truth: pd.Series, prediction: np.ndarray, labels=None) -> np.ndarray:
    """The primary metric of every student on its own (NaN where the truth is unknown).

    Its mean over the known students is the primary metric (:data:`PRIMARY`): the absolute error
    (regression), the squared error of the positive class's chance (binary: Brier), 1 for a right
    and 0 for a wrong pick (multiclass: accuracy). Paired differences of these between two models
    measure whether one is better on a single hold-out split.
    """
    known = truth.notna().to_numpy()
    scores = np.full(len(truth), np.nan)
    if not known.any():
        return scores
    prediction = np.asarray(prediction)[known]
    if task.kind is TaskKind.REGRESSION:
        scores[known] = np.abs(truth[known].to_numpy(dtype=float) - prediction)
        return scores
    truth_labels = truth[known].astype(str).to_numpy()
    classes = list(task.classes)
    if task.kind is TaskKind.BINARY:
        positive = positive_label(task)
        scores[known] = (prediction[:, classes.index(positive)] - (truth_labels == positive)) ** 2
        return scores
    picked = np.asarray(classes)[np.argmax(prediction, axis=1)] if labels is None else \
        np.asarray(labels, dtype=object)[known].astype(str)
    scores[known] = (picked == truth_labels).astype(float)
    return scores


def _balanced_accuracy(y, predicted) -> float:
    recalls = [np.mean(predicted[y == label] == label) for label in np.unique(y)]
    return float(np.mean(recalls))


def baseline_prediction(task: TaskSpec, train_truth: pd.Series, n: int) -> np.ndarray:
    """The naive guess from training labels, for ``n`` students: the mean, or class frequencies."""
    known = train_truth.dropna()
    if task.kind is TaskKind.REGRESSION:
        return np.full(n, float(known.astype(float).mean()) if len(known) else 0.0)
    counts = known.astype(str).value_counts()
    freq = np.array([counts.get(c, 0) for c in task.classes], dtype=float)
    freq = freq / freq.sum() if freq.sum() else np.full(len(task.classes), 1 / len(task.classes))
    return np.tile(freq, (n, 1))


def verdict(kind: TaskKind, model: float, baseline: float) -> str:
    """'better', 'same' or 'worse' than the baseline on the primary metric of ``kind``."""
    if not np.isfinite(model) or not np.isfinite(baseline):
        return "same"
    info = METRICS[PRIMARY[kind]]
    gain = (model - baseline) if info.higher_is_better else (baseline - model)
    scale = max(abs(baseline), 1e-9)
    if gain / scale >= MIN_GAIN:
        return "better"
    if gain / scale <= -MIN_GAIN:
        return "worse"
    return "same"


def metric_table(rows: list[dict]) -> pd.DataFrame:
    """Long table: task, kind, metric, model, baseline, model_sd, baseline_sd, n_labelled."""
    columns = ["task", "kind", "metric", "model", "baseline", "model_sd", "baseline_sd", "n_labelled"]
    return pd.DataFrame(rows, columns=columns)


def evaluate(tasks, truths: dict, predictions: dict, baselines: dict, folds: np.ndarray, *, labels: dict | None = None,
             flags: dict | None = None, intervals: dict | None = None) -> tuple:
    """Metrics of every task on the out-of-sample rows.

    Args:
        tasks: the TaskSpecs (auxiliary ones are skipped).
        truths: task name -> Series of true values/labels (NaN unknown) for all rows.
        predictions: task name -> array for all rows (values or probabilities).
        baselines: task name -> baseline array for all rows (same shape as predictions).
        folds: fold number of each row's out-of-sample prediction, -1 where there is none.
        labels: task name -> the label shown for every row (classification); default the most likely class.
        flags: binary task name -> the flagging threshold for every row (that of its fold).
        intervals: regression task name -> ``(low, high)`` arrays for all rows.

    Returns:
        ``(metrics, summary, per_fold)`` DataFrames. ``summary`` has one row per task: task, kind,
        metric, model, baseline, verdict (on the primary metric), n_labelled, reliable, and for binary
        tasks (NaN or "" otherwise) accuracy, accuracy_baseline (the majority guess), accuracy_verdict,
        recall, precision, precision_baseline (share of at-risk students), flagged, flag_threshold,
        flag_verdict (see :func:`flag_verdict`).
    """
    labels, flags, intervals = labels or {}, flags or {}, intervals or {}
    rows, summary, per_fold = [], [], []
    for task in tasks:
        if task.auxiliary:
            continue
        evaluated = folds >= 0
        truth = truths[task.name][evaluated]
        extra = _extras(task, labels, flags, intervals, evaluated)
        pooled_model = task_metrics(task, truth, predictions[task.name][evaluated], **extra)
        pooled_base = task_metrics(task, truth, baselines[task.name][evaluated])
        if "roc_auc" in pooled_base:
            pooled_base["roc_auc"] = 0.5  # a constant guess cannot rank students (pooling folds would blur this)
        if "recall" in pooled_model:
            pooled_base.update(always_no_flags(task, truth))
        fold_rows = _fold_metrics(task, truths[task.name], predictions, baselines, folds, labels, flags, intervals)
        per_fold += fold_rows
        n_labelled = int(truth.notna().sum())
        for metric, value in pooled_model.items():
            model_sd, base_sd = _fold_sd(fold_rows, metric)
            rows.append(dict(task=task.name, kind=task.kind.value, metric=metric, model=value,
                             baseline=pooled_base.get(metric, np.nan), model_sd=model_sd, baseline_sd=base_sd,
                             n_labelled=n_labelled))
        summary.append(_summary_row(task, pooled_model, pooled_base, n_labelled))
    return metric_table(rows), pd.DataFrame(summary), pd.DataFrame(per_fold)


def _extras(task, labels: dict, flags: dict, intervals: dict, rows) -> dict:
    """The optional per-student inputs of :func:`task_metrics` for ``rows`` (a boolean mask)."""
    extra = {}
    if task.name in labels:
        extra["labels"] = np.asarray(labels[task.name], dtype=object)[rows]
    if task.name in flags:
        extra["threshold"] = np.asarray(flags[task.name], dtype=float)[rows]
    if task.name in intervals:
        extra["interval"] = tuple(np.asarray(end, dtype=float)[rows] for end in intervals[task.name])
    return extra


def _fold_metrics(task, truth, predictions, baselines, folds, labels=None, flags=None, intervals=None) -> list[dict]:
    rows = []
    for fold in sorted(set(folds[folds >= 0].tolist())):
        here = folds == fold
        model = task_metrics(task, truth[here], predictions[task.name][here],
                             **_extras(task, labels or {}, flags or {}, intervals or {}, here))
        base = task_metrics(task, truth[here], baselines[task.name][here])
        if "recall" in model:
            base.update(always_no_flags(task, truth[here]))
        rows += [dict(task=task.name, fold=fold, metric=m, model=v, baseline=base.get(m, np.nan))
                 for m, v in model.items()]
    return rows


def _fold_sd(fold_rows: list[dict], metric: str) -> tuple[float, float]:
    model = np.array([r["model"] for r in fold_rows if r["metric"] == metric], dtype=float)
    base = np.array([r["baseline"] for r in fold_rows if r["metric"] == metric], dtype=float)

    def sd(values):  # folds where a measure is undefined (nobody flagged) are left out
        values = values[np.isfinite(values)]
        return float(np.std(values, ddof=1)) if len(values) >= 2 else float("nan")

    return sd(model), sd(base)


def flag_verdict(recall: float, precision: float, prevalence: float) -> str:
    """Whether flagging beats guessing: the always-"no" guess flags nobody (recall 0), and flagging at
    random is right for the share of at-risk students. ``"better"`` when the model flags some at-risk
    students (recall > 0) and its flags are right more often than random ones by :data:`MIN_GAIN`
    (relative), ``"worse"`` when they are right less often by as much (or nobody is flagged), else ``"same"``."""
    if not np.isfinite(prevalence) or prevalence <= 0:
        return "same"
    if not np.isfinite(recall) or recall <= 0 or not np.isfinite(precision):
        return "worse"
    lift = (precision - prevalence) / prevalence
    return "better" if lift >= MIN_GAIN else "worse" if lift <= -MIN_GAIN else "same"


def _summary_row(task: TaskSpec, model: dict, base: dict, n_labelled: int) -> dict:
    primary = PRIMARY[task.kind]
    value, baseline = model.get(primary, np.nan), base.get(primary, np.nan)
    row = dict(task=task.name, kind=task.kind.value, metric=primary, model=value, baseline=baseline,
               verdict=verdict(task.kind, value, baseline), n_labelled=n_labelled,
               reliable=n_labelled >= RELIABLE_LABELS)
    binary = task.kind is TaskKind.BINARY
    accuracy, accuracy_base = model.get("accuracy", np.nan), base.get("accuracy", np.nan)
    row.update(accuracy=accuracy if binary else np.nan, accuracy_baseline=accuracy_base if binary else np.nan,
               accuracy_verdict=verdict(TaskKind.MULTICLASS, accuracy, accuracy_base) if binary else "")
    flagging = binary and "recall" in model
    for name in ("recall", "precision", "flagged", "flag_threshold"):
        row[name] = model.get(name, np.nan) if flagging else np.nan
    row["precision_baseline"] = base.get("precision", np.nan) if flagging else np.nan
    row["flag_verdict"] = flag_verdict(row["recall"], row["precision"], row["precision_baseline"]) if flagging else ""
    return row
