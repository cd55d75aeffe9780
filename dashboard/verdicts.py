"""Plain-words verdicts on each outcome: the model beside the naive guess, said honestly.

The honesty rule: when a model does no better than guessing the class average (or the class rates),
the sentence says so plainly and tells the teacher not to rely on it.

Example:
    >>> row = dict(task="final_exam", kind="regression", metric="mae", model=6.1, baseline=11.4,
    ...            verdict="better", n_labelled=300, reliable=True)
    >>> verdict_sentence(row)
    'final_exam: predicts within 6.1 points on average; guessing the class average is off by 11.4.'
"""

from __future__ import annotations

import math

import pandas as pd

import mtl_core

from . import messages as M
from .text import measure_value, number, percent

RELIABLE_LABELS = 50  # mtl_core's threshold; only for runs saved before the summary had a "reliable" column


def _metric(metrics: pd.DataFrame | None, task: str, metric: str, columns=("model", "baseline")) -> tuple:
    if metrics is None or metrics.empty or not set(columns) <= set(metrics.columns):
        return tuple(math.nan for _ in columns)
    row = metrics[(metrics["task"] == task) & (metrics["metric"] == metric)]
    if row.empty:
        return tuple(math.nan for _ in columns)
    return tuple(float(row[c].iloc[0]) for c in columns)


def _finite(*values) -> bool:
    return all(isinstance(v, (int, float)) and math.isfinite(v) for v in values)


def verdict_sentence(row: dict, metrics: pd.DataFrame | None = None) -> str:
    """One sentence for one outcome (a row of ``run.summary``); plain text, not Markdown.

    Args:
        row: task, kind, metric, model, baseline, verdict, n_labelled.
        metrics: ``run.metrics`` (long table), for the accuracy beside a binary outcome's Brier score.
    """
    task, kind, verdict = str(row["task"]), str(row["kind"]), str(row["verdict"])
    model, baseline = float(row["model"]), float(row["baseline"])
    if not _finite(model, baseline):
        return M.VERDICT["no_labels"].format(task=task)
    template = M.VERDICT[kind][verdict]
    if kind == "regression":
        return template.format(task=task, model=number(model), baseline=number(baseline))
    if kind == "binary":
        accuracy, base_accuracy = _metric(metrics, task, "accuracy")
        gain = (baseline - model) / baseline if baseline > 0 else math.nan
        return template.format(task=task, accuracy=percent(accuracy), base_accuracy=percent(base_accuracy),
                               gain=percent(gain))
    return template.format(task=task, model=percent(model), baseline=percent(baseline))


def is_reliable(row: dict) -> bool:
    """Whether enough students have a known outcome: mtl_core's ``reliable`` when the summary has it."""
    reliable = row.get("reliable")
    if reliable is not None and not (isinstance(reliable, float) and math.isnan(reliable)):
        return bool(reliable)
    return int(row["n_labelled"]) >= RELIABLE_LABELS


def is_trustworthy(row: dict) -> bool:
    """Whether an outcome beats the guess on enough labelled students to be worth using."""
    return row["verdict"] == "better" and is_reliable(row)


def untrustworthy(summary: pd.DataFrame) -> list[str]:
    """The outcomes of ``run.summary`` not to rely on (no better than guessing, or too few known outcomes)."""
    return [str(row["task"]) for row in summary.to_dict("records") if not is_trustworthy(row)]


def warnings_for(row: dict) -> list[str]:
    """Extra warnings for one outcome beyond the verdict (too few labelled students)."""
    n = int(row["n_labelled"])
    if n == 0 or is_reliable(row):
        return []
    return [M.VERDICT["few_labels"].format(task=row["task"], n=n, needed=RELIABLE_LABELS)]


def within_noise(row: dict, metrics: pd.DataFrame | None) -> bool:
    """Whether the model's gain over guessing is no larger than its spread across folds (``model_sd``)."""
    model, baseline = float(row["model"]), float(row["baseline"])
    (spread,) = _metric(metrics, str(row["task"]), str(row["metric"]), columns=("model_sd",))
    return _finite(model, baseline, spread) and abs(model - baseline) <= spread


def messages(row: dict, metrics: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """``(plain-text sentence, level)`` for one outcome: the verdict, then any warning.

    The level is "success" for an outcome worth using, "info" when its gain over guessing is within the
    spread across folds (the sentence then says it may be chance), "warning" otherwise.
    """
    sentence = verdict_sentence(row, metrics)
    if not is_trustworthy(row):
        level = "warning"
    elif within_noise(row, metrics):
        sentence, level = sentence + M.VERDICT["within_noise"], "info"
    else:
        level = "success"
    return [(sentence, level), *[(warning, "warning") for warning in warnings_for(row)]]


def all_messages(run) -> list[tuple[str, str]]:
    """:func:`messages` for every outcome of a run, in order."""
    return [m for row in run.summary.to_dict("records") for m in messages(row, run.metrics)]


def verdict_words(verdict: str) -> str:
    return M.RESULTS["verdict_words"].get(verdict, verdict)


def overview(summary: pd.DataFrame, metric_labels: dict) -> pd.DataFrame:
    """The Results page's table: one row per outcome, with readable measure names and verdicts."""
    R = M.RESULTS
    return pd.DataFrame({
        R["col_outcome"]: summary["task"].astype(str),
        R["col_kind"]: [M.word("kind", k) for k in summary["kind"].astype(str)],
        R["col_measure"]: [metric_labels.get(m, m) for m in summary["metric"]],
        R["col_model"]: summary["model"].astype(float).round(3),
        R["col_baseline"]: summary["baseline"].astype(float).round(3),
        R["col_verdict"]: [verdict_words(v) for v in summary["verdict"]],
        R["col_labelled"]: summary["n_labelled"].astype(int),
    })


def gain_share(metric: str, model: float, baseline: float) -> float:
    """How much of guessing's error the model removes, as a share: 0 = as good as guessing, 1 = no error left,
    below 0 = worse than guessing. For errors (lower is better) ``(baseline - model) / baseline``; for a share
    of right answers (higher is better) the share of guessing's wrong answers that the model gets right."""
    info = mtl_core.METRICS.get(metric)
    higher = bool(info.higher_is_better) if info is not None else False
    if not _finite(model, baseline):
        return math.nan
    if higher:
        room = 1.0 - baseline
        return (model - baseline) / room if room > 0 else math.nan
    return (baseline - model) / baseline if baseline > 0 else math.nan


def gain_over_guess(summary: pd.DataFrame, metric_labels: dict, metrics: pd.DataFrame | None = None) -> pd.DataFrame:
    """The overview chart's rows: task, gain (:func:`gain_share`), verdict, level (the level of its verdict box,
    :func:`messages`: "success" only for a gain worth using, beyond the spread across folds), and the measure
    behind it in words (measure label, model and guessing values as shown elsewhere)."""
    rows = []
    for row in summary.to_dict("records"):
        metric = str(row["metric"])
        model, baseline = float(row["model"]), float(row["baseline"])
        rows.append(dict(task=str(row["task"]), gain=gain_share(metric, model, baseline), verdict=str(row["verdict"]),
                         level=messages(row, metrics)[0][1], measure=metric_labels.get(metric, metric),
                         model=measure_value(metric, model, 1), baseline=measure_value(metric, baseline, 1)))
    return pd.DataFrame(rows, columns=["task", "gain", "verdict", "level", "measure", "model", "baseline"])
