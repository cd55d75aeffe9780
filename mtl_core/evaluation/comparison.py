"""The comparison table: every model's metrics per task on the same students, who is best, and whether
the lead is more than fold noise.

Models are given as out-of-sample predictions (whatever trained them), so this module knows nothing
about networks or trees. The models of ``train(..., compare=True)`` are :data:`MODELS`.

**Within fold noise.** A lead of one model over another counts only when it is larger than the
differences that the choice of folds alone produces. With k-fold cross-validation (k >= 2) the rule
compares the two models fold by fold on the task's primary metric (MAE, Brier score or accuracy):

* ``d_f`` = how much better the first model is on fold ``f`` (positive = better), ``d`` their mean,
  ``s`` their standard deviation across the k folds;
* the standard error of ``d`` is ``s * sqrt(1/k + 1/(k-1))``, the corrected resampled t-test of
  Nadeau & Bengio (2003, "Inference for the generalization error", Machine Learning 52): the plain
  ``s / sqrt(k)`` would be too small, because the training sets of the folds overlap;
* the difference is **within fold noise** when ``|d| <= t * SE``, with ``t`` the 97.5 % quantile of
  Student's t with k-1 degrees of freedom (a two-sided test at the 5 % level): 2.78 for 5 folds,
  2.26 for 10.

With a single hold-out split the students of the test share take the place of folds (per-student
absolute error, squared error or right/wrong pick, :func:`~mtl_core.evaluation.metrics.student_scores`;
standard error ``s / sqrt(n)``). When no spread can be measured the difference counts as within noise:
a lead is never claimed without evidence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..tasks import task_labels
from .metrics import METRICS, PRIMARY, evaluate, student_scores, task_metrics

MODELS = ("multi-task", "single-task", "random forest", "gradient boosting", "baseline")
TREES = ("random forest", "gradient boosting")
NOISE_RULE = ("within fold noise when the mean per-fold difference is at most t(0.975, k-1) times its "
              "Nadeau-Bengio corrected standard error s*sqrt(1/k + 1/(k-1)); per student (s/sqrt(n)) on a "
              "hold-out split")
SUMMARY_COLUMNS = ["task", "metric", *MODELS, "best", "gain", "gain_within_noise", "versus", "margin",
                   "margin_relative", "within_noise", "best_tree", "tree_gap", "tree_gap_within_noise"]


def comparison_table(tasks, frame, predictions_by_model: dict, baselines: dict, folds, seconds: dict, *,
                     labels: dict | None = None) -> pd.DataFrame:
    """Long table: task, model, metric, value, sd (across folds), seconds (training time of that model).

    ``predictions_by_model`` must hold "multi-task"; the baseline rows come from ``baselines``.
    ``labels``: model -> task -> the labels that model shows (default each most likely class).
    """
    truths = {t.name: task_labels(frame, t) for t in tasks}
    labels = labels or {}
    rows = []
    for model, predictions in predictions_by_model.items():
        metrics, _, _ = evaluate(tasks, truths, predictions, baselines, folds, labels=labels.get(model))
        for r in metrics.itertuples():
            rows.append(dict(task=r.task, model=model, metric=r.metric, value=r.model, sd=r.model_sd,
                             seconds=seconds.get(model, np.nan)))
    metrics, _, _ = evaluate(tasks, truths, predictions_by_model["multi-task"], baselines, folds)
    for r in metrics.itertuples():
        rows.append(dict(task=r.task, model="baseline", metric=r.metric, value=r.baseline, sd=r.baseline_sd,
                         seconds=0.0))
    return pd.DataFrame(rows, columns=["task", "model", "metric", "value", "sd", "seconds"])


def paired_scores(tasks, frame, predictions_by_model: dict, baselines: dict, folds, *,
                  labels: dict | None = None) -> pd.DataFrame:
    """The primary metric of every model per *unit*: per fold (k-fold), or per student (one split).

    Returns a long table: task, model, by ("fold" or "student"), unit, value (the baseline as model
    "baseline").
    """
    folds = np.asarray(folds)
    fold_ids = sorted(set(folds[folds >= 0].tolist()))
    models = {**predictions_by_model, "baseline": baselines}
    rows = []
    for task in (t for t in tasks if not t.auxiliary):
        truth = task_labels(frame, task)
        for model, predictions in models.items():
            values = predictions[task.name]
            shown = (labels or {}).get(model, {}).get(task.name)
            by = "fold" if len(fold_ids) >= 2 else "student"
            if by == "fold":
                units = [(f, task_metrics(task, truth[folds == f], values[folds == f],
                                          labels=None if shown is None else np.asarray(shown)[folds == f])
                          .get(PRIMARY[task.kind], np.nan))
                         for f in fold_ids]
            else:
                tested = folds >= 0
                scores = student_scores(task, truth[tested], values[tested],
                                        None if shown is None else np.asarray(shown)[tested])
                units = [(i, v) for i, v in enumerate(scores) if np.isfinite(v)]
            rows += [dict(task=task.name, model=model, by=by, unit=u, value=v) for u, v in units]
    return pd.DataFrame(rows, columns=["task", "model", "by", "unit", "value"])


def paired_difference(better: np.ndarray, other: np.ndarray, higher_is_better: bool, by_fold: bool) -> tuple:
    """``(mean advantage of better over other, its standard error, within noise)`` (see the module docstring).

    Args:
        better, other: the two models' primary metric on the same units (folds or students).
        higher_is_better: the metric's direction.
        by_fold: True for folds (Nadeau-Bengio corrected standard error), False for students.
    """
    from scipy import stats

    better, other = np.asarray(better, dtype=float), np.asarray(other, dtype=float)
    both = np.isfinite(better) & np.isfinite(other)
    advantage = (better - other) if higher_is_better else (other - better)
    advantage = advantage[both]
    k = len(advantage)
    if k < 2:
        return (float(advantage.mean()) if k else float("nan")), float("nan"), True
    mean, spread = float(advantage.mean()), float(advantage.std(ddof=1))
    se = spread * np.sqrt(1 / k + 1 / (k - 1)) if by_fold else spread / np.sqrt(k)
    return mean, float(se), bool(abs(mean) <= stats.t.ppf(0.975, k - 1) * se + 1e-12)


def comparison_summary(tasks, table: pd.DataFrame, paired: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per task: the primary metric of every model, the best one, by how much, and whether that is noise.

    Columns:
        ``multi-task`` ... ``baseline``: the primary metric of each model (NaN when it was not trained);
        ``best``: the model with the best value; ``versus``: the model its lead is measured against (the
        runner-up when the multi-task network is best, else the multi-task network); ``margin``: the lead
        in the metric's units (>= 0), ``margin_relative``: as a share of ``versus``'s value;
        ``within_noise``: whether that lead is within fold noise;
        ``gain``: multi-task over single-task as a share of the single-task value (positive = multi-task
        better), ``gain_within_noise``;
        ``best_tree``: the better of random forest and gradient boosting, ``tree_gap``: multi-task over it as
        a share (positive = the network is better), ``tree_gap_within_noise``.

    Args:
        tasks: the run's TaskSpecs (auxiliary ones are skipped).
        table: :func:`comparison_table`.
        paired: :func:`paired_scores`; without it every difference counts as within noise.
    """
    rows = []
    for task in (t for t in tasks if not t.auxiliary):
        primary = PRIMARY[task.kind]
        high = METRICS[primary].higher_is_better
        values = table[(table["task"] == task.name) & (table["metric"] == primary)].set_index("model")["value"]
        values = values[~values.index.duplicated()].astype(float)
        units = _units(paired, task.name)
        noise = _noise(units, high, by_fold=paired is not None and _by_fold(paired))
        order = [m for m in MODELS if m in values.index and np.isfinite(values[m])]
        order += [m for m in values.index if m not in order and np.isfinite(values[m])]
        ranked = sorted(order, key=lambda m: -values[m] if high else values[m])  # stable: MODELS order on ties
        best = ranked[0] if ranked else ""
        versus = (ranked[1] if len(ranked) > 1 else "") if best == "multi-task" else ("multi-task" if ranked else "")
        margin = abs(values[best] - values[versus]) if best and versus else np.nan
        trees = [m for m in TREES if m in ranked]
        best_tree = min(trees, key=ranked.index) if trees else ""
        rows.append(dict(
            task=task.name, metric=primary, **{m: values.get(m, np.nan) for m in MODELS},
            best=best, gain=_relative(values, "multi-task", "single-task", high),
            gain_within_noise=noise("multi-task", "single-task"),
            versus=versus, margin=margin,
            margin_relative=margin / max(abs(values[versus]), 1e-9) if np.isfinite(margin) else np.nan,
            within_noise=noise(best, versus) if best and versus else True,
            best_tree=best_tree, tree_gap=_relative(values, "multi-task", best_tree, high),
            tree_gap_within_noise=noise("multi-task", best_tree) if best_tree else True,
        ))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _units(paired: pd.DataFrame | None, task: str) -> pd.DataFrame | None:
    if paired is None:
        return None
    here = paired[paired["task"] == task]
    return here.pivot_table(index="unit", columns="model", values="value", aggfunc="first")


def _by_fold(paired: pd.DataFrame) -> bool:
    return bool(len(paired)) and bool((paired["by"] == "fold").all())


def _noise(units: pd.DataFrame | None, high: bool, by_fold: bool):
    def within(first: str, second: str) -> bool:
        if units is None or first not in units.columns or second not in units.columns:
            return True
        return paired_difference(units[first].to_numpy(), units[second].to_numpy(), high, by_fold)[2]
    return within


def _relative(values: pd.Series, model: str, reference: str, high: bool) -> float:
    """How much better ``model`` is than ``reference`` as a share of ``reference`` (NaN if either is missing)."""
    a, b = values.get(model, np.nan), values.get(reference, np.nan) if reference else np.nan
    if not (np.isfinite(a) and np.isfinite(b)):
        return float("nan")
    return float(((a - b) if high else (b - a)) / max(abs(b), 1e-9))
