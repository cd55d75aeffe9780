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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn import metrics as skm

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
}
PRIMARY = {TaskKind.REGRESSION: "mae", TaskKind.BINARY: "brier", TaskKind.MULTICLASS: "accuracy"}


def task_metrics(task: TaskSpec, truth: pd.Series, prediction: np.ndarray) -> dict[str, float]:
    """Metrics of one task; ``prediction`` holds values (regression) or class probabilities (n x classes)."""
    known = truth.notna().to_numpy()
    if not known.any():
        return {}
    truth, prediction = truth[known], np.asarray(prediction)[known]
    if task.kind is TaskKind.REGRESSION:
        return _regression(truth.to_numpy(dtype=float), prediction)
    return _classification(task, truth.astype(str).to_numpy(), prediction)


def _regression(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    return {
        "mae": float(skm.mean_absolute_error(y, p)),
        "rmse": float(np.sqrt(skm.mean_squared_error(y, p))),
        "r2": float(skm.r2_score(y, p)) if len(y) > 1 and np.var(y) > 0 else float("nan"),
    }


def _classification(task: TaskSpec, y: np.ndarray, proba: np.ndarray) -> dict[str, float]:
    classes = np.asarray(task.classes)
    predicted = classes[np.argmax(proba, axis=1)]
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


def student_scores(task: TaskSpec, truth: pd.Series, prediction: np.ndarray) -> np.ndarray:
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
    labels = truth[known].astype(str).to_numpy()
    classes = list(task.classes)
    if task.kind is TaskKind.BINARY:
        positive = positive_label(task)
        scores[known] = (prediction[:, classes.index(positive)] - (labels == positive)) ** 2
        return scores
    scores[known] = (np.asarray(classes)[np.argmax(prediction, axis=1)] == labels).astype(float)
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


def evaluate(tasks, truths: dict, predictions: dict, baselines: dict, folds: np.ndarray) -> tuple:
    """Metrics of every task on the out-of-sample rows.

    Args:
        tasks: the TaskSpecs (auxiliary ones are skipped).
        truths: task name -> Series of true values/labels (NaN unknown) for all rows.
        predictions: task name -> array for all rows (values or probabilities).
        baselines: task name -> baseline array for all rows (same shape as predictions).
        folds: fold number of each row's out-of-sample prediction, -1 where there is none.

    Returns:
        ``(metrics, summary, per_fold)`` DataFrames.
    """
    rows, summary, per_fold = [], [], []
    for task in tasks:
        if task.auxiliary:
            continue
        evaluated = folds >= 0
        truth = truths[task.name][evaluated]
        pooled_model = task_metrics(task, truth, predictions[task.name][evaluated])
        pooled_base = task_metrics(task, truth, baselines[task.name][evaluated])
        if "roc_auc" in pooled_base:
            pooled_base["roc_auc"] = 0.5  # a constant guess cannot rank students (pooling folds would blur this)
        fold_rows = _fold_metrics(task, truths[task.name], predictions, baselines, folds)
        per_fold += fold_rows
        n_labelled = int(truth.notna().sum())
        for metric, value in pooled_model.items():
            model_sd, base_sd = _fold_sd(fold_rows, metric)
            rows.append(dict(task=task.name, kind=task.kind.value, metric=metric, model=value,
                             baseline=pooled_base.get(metric, np.nan), model_sd=model_sd, baseline_sd=base_sd,
                             n_labelled=n_labelled))
        summary.append(_summary_row(task, pooled_model, pooled_base, n_labelled))
    return metric_table(rows), pd.DataFrame(summary), pd.DataFrame(per_fold)


def _fold_metrics(task, truth, predictions, baselines, folds) -> list[dict]:
    rows = []
    for fold in sorted(set(folds[folds >= 0].tolist())):
        here = folds == fold
        model = task_metrics(task, truth[here], predictions[task.name][here])
        base = task_metrics(task, truth[here], baselines[task.name][here])
        rows += [dict(task=task.name, fold=fold, metric=m, model=v, baseline=base.get(m, np.nan))
                 for m, v in model.items()]
    return rows


def _fold_sd(fold_rows: list[dict], metric: str) -> tuple[float, float]:
    model = [r["model"] for r in fold_rows if r["metric"] == metric]
    base = [r["baseline"] for r in fold_rows if r["metric"] == metric]
    if len(model) < 2:
        return float("nan"), float("nan")
    return float(np.nanstd(model, ddof=1)), float(np.nanstd(base, ddof=1))


def _summary_row(task: TaskSpec, model: dict, base: dict, n_labelled: int) -> dict:
    primary = PRIMARY[task.kind]
    value, baseline = model.get(primary, np.nan), base.get(primary, np.nan)
    return dict(task=task.name, kind=task.kind.value, metric=primary, model=value, baseline=baseline,
                verdict=verdict(task.kind, value, baseline), n_labelled=n_labelled,
                reliable=n_labelled >= RELIABLE_LABELS)
