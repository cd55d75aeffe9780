"""Metrics of next-answer correctness for answer logs, every model beside the standard ones.

The protocol (fixed, so figures are comparable):

* students are split (:class:`~mtl_core.evaluation.splits.Holdout` or
  :class:`~mtl_core.evaluation.splits.KFold` over students): no student has answers on both sides;
* every answer of a test student is scored, each predicted from that student's earlier answers only;
  an answer tagged with several skills is one prediction (the models average over its skills);
* metrics are ROC AUC (the ranking of right vs. wrong answers; 0.5 = guessing), accuracy (a
  probability >= 0.5 read as "right"), RMSE of the probability and log loss, on the pooled test
  answers, with the standard deviation across folds;
* the *verdict* compares ROC AUC: ``better`` when the model beats a standard model by at least
  :data:`MIN_AUC_GAIN`, ``worse`` when it loses by as much, ``same`` otherwise; a model whose AUC is
  below :data:`GUESSING_AUC` is reported as no better than guessing.

No TensorFlow here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import metrics as skm

MIN_AUC_GAIN = 0.01
GUESSING_AUC = 0.55
LOG_METRICS = {"auc": "ROC AUC", "accuracy": "Accuracy", "rmse": "RMSE", "log_loss": "Log loss"}
HIGHER_IS_BETTER = {"auc": True, "accuracy": True, "rmse": False, "log_loss": False}


def answer_metrics(truth: np.ndarray, prob: np.ndarray) -> dict[str, float]:
    """AUC, accuracy, RMSE and log loss of probabilities ``prob`` for 0/1 ``truth`` (NaN entries skipped)."""
    keep = np.isfinite(prob) & np.isfinite(truth)
    y, p = truth[keep], np.clip(prob[keep], 1e-7, 1 - 1e-7)
    if not len(y):
        return dict.fromkeys(LOG_METRICS, np.nan)
    return {
        "auc": float(skm.roc_auc_score(y, p)) if len(np.unique(y)) == 2 else np.nan,
        "accuracy": float(np.mean((p >= 0.5) == (y == 1))),
        "rmse": float(np.sqrt(np.mean((p - y) ** 2))),
        "log_loss": float(skm.log_loss(y, p, labels=[0, 1])),
    }


def compare(truth: np.ndarray, predictions: dict[str, np.ndarray], folds: np.ndarray) -> pd.DataFrame:
    """Long table: model, metric, value (pooled over folds), sd (across folds; NaN with one fold), answers.

    Args:
        truth: 0/1 per answer.
        predictions: model name -> probability per answer (NaN where not tested).
        folds: the fold of every answer (-1: not tested).
    """
    rows = []
    fold_ids = sorted(set(folds[folds >= 0].tolist()))
    for model, prob in predictions.items():
        tested = (folds >= 0) & np.isfinite(prob)
        pooled = answer_metrics(truth[tested], prob[tested])
        per_fold = [answer_metrics(truth[tested & (folds == f)], prob[tested & (folds == f)]) for f in fold_ids]
        for metric, value in pooled.items():
            values = [m[metric] for m in per_fold if np.isfinite(m[metric])]
            rows.append(dict(model=model, metric=metric, value=value,
                             sd=float(np.std(values, ddof=1)) if len(values) > 1 else np.nan,
                             answers=int(tested.sum())))
    return pd.DataFrame(rows, columns=["model", "metric", "value", "sd", "answers"])


def verdict(model_auc: float, other_auc: float) -> str:
    """"better", "same" or "worse": the model's AUC against another's, with a margin of MIN_AUC_GAIN."""
    if not (np.isfinite(model_auc) and np.isfinite(other_auc)):
        return "unknown"
    if model_auc >= other_auc + MIN_AUC_GAIN:
        return "better"
    if model_auc <= other_auc - MIN_AUC_GAIN:
        return "worse"
    return "same"


def summary(table: pd.DataFrame, model: str) -> pd.DataFrame:
    """One row per model: AUC, accuracy, RMSE, log loss, and the verdict of ``model`` against it, in words.

    The row of ``model`` itself says whether it does better than guessing.
    """
    wide = table.pivot(index="model", columns="metric", values="value").reindex(table["model"].unique())
    own = float(wide.at[model, "auc"])
    rows = []
    for name, row in wide.iterrows():
        if name == model:
            judged = "guessing" if not np.isfinite(own) or own < GUESSING_AUC else "useful"
            words = ("no better than guessing: do not rely on these predictions" if judged == "guessing"
                     else f"ranks right above wrong answers {own:.0%} of the time (50% = guessing)")
        else:
            judged = verdict(own, float(row["auc"]))
            words = {"better": f"{model} is better than {name}", "same": f"{model} is about as good as {name}",
                     "worse": f"{model} is worse than {name}: prefer {name}",
                     "unknown": "not enough test answers to compare"}[judged]
        rows.append(dict(model=name, auc=row.get("auc"), accuracy=row.get("accuracy"), rmse=row.get("rmse"),
                         log_loss=row.get("log_loss"), verdict=judged, in_words=words))
    return pd.DataFrame(rows, columns=["model", "auc", "accuracy", "rmse", "log_loss", "verdict", "in_words"])


def calibration(truth: np.ndarray, predictions: dict[str, np.ndarray], folds: np.ndarray,
                bins: int = 10) -> pd.DataFrame:
    """Per model and probability bin (tenths): answers, mean predicted probability and observed share of
    right answers on the test answers; a well-calibrated model has predicted close to observed."""
    rows = []
    edges = np.linspace(0, 1, bins + 1)
    for model, prob in predictions.items():
        tested = (folds >= 0) & np.isfinite(prob)
        p, y = prob[tested], truth[tested]
        which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
        for b in range(bins):
            here = which == b
            if here.any():
                rows.append(dict(model=model, bin=f"{edges[b]:.1f}-{edges[b + 1]:.1f}", answers=int(here.sum()),
                                 predicted=float(p[here].mean()), observed=float(y[here].mean())))
    return pd.DataFrame(rows, columns=["model", "bin", "answers", "predicted", "observed"])
