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

from . import messages as M
from .text import number, percent

RELIABLE_LABELS = 50


def _metric(metrics: pd.DataFrame | None, task: str, metric: str) -> tuple[float, float]:
    if metrics is None or metrics.empty:
        return math.nan, math.nan
    row = metrics[(metrics["task"] == task) & (metrics["metric"] == metric)]
    if row.empty:
        return math.nan, math.nan
    return float(row["model"].iloc[0]), float(row["baseline"].iloc[0])


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


def is_trustworthy(row: dict) -> bool:
    """Whether an outcome beats the guess on enough labelled students to be worth using."""
    return row["verdict"] == "better" and int(row["n_labelled"]) >= RELIABLE_LABELS


def warnings_for(row: dict) -> list[str]:
    """Extra warnings for one outcome beyond the verdict (too few labelled students)."""
    n = int(row["n_labelled"])
    if n == 0:
        return []
    return [M.VERDICT["few_labels"].format(task=row["task"], n=n)] if n < RELIABLE_LABELS else []


def verdict_words(verdict: str) -> str:
    return M.RESULTS["verdict_words"].get(verdict, verdict)


def overview(summary: pd.DataFrame, metric_labels: dict) -> pd.DataFrame:
    """The Results page's table: one row per outcome, with readable measure names and verdicts."""
    R = M.RESULTS
    return pd.DataFrame({
        R["col_outcome"]: summary["task"].astype(str),
        R["col_kind"]: summary["kind"].astype(str),
        R["col_measure"]: [metric_labels.get(m, m) for m in summary["metric"]],
        R["col_model"]: summary["model"].astype(float).round(3),
        R["col_baseline"]: summary["baseline"].astype(float).round(3),
        R["col_verdict"]: [verdict_words(v) for v in summary["verdict"]],
        R["col_labelled"]: summary["n_labelled"].astype(int),
    })
