"""The Results page's honest comparison: the multi-task network beside simpler models, in tables and words.

Reads ``run.comparison`` (long: task, model, metric, value, sd, seconds), ``run.comparison_summary`` (per
task: the primary metric of each model, the best one, the multi-task gain over single-task) and
``run.summary`` (the multi-task verdict against guessing). Plain pandas, testable without Streamlit.

The honesty rule of :mod:`dashboard.verdicts` holds here too: when a simpler model or guessing is best,
the sentence says so; when the multi-task network is no better than guessing, the sentence says so.

Example:
    >>> row = {"task": "final", "metric": "mae", "multi-task": 6.1, "single-task": 6.4,
    ...        "random forest": 6.3, "baseline": 11.4, "best": "multi-task", "gain": 0.047}
    >>> best_sentence(row, {})
    ('final: the multi-task network is best (Mean absolute error 6.10; single-task 6.40, random forest 6.30, guessing 11.40).', 'success')
"""

from __future__ import annotations

import math

import pandas as pd

import mtl_core

from . import messages as M
from .text import number, percent

MODELS = ("multi-task", "single-task", "random forest", "baseline")
R = M.RESULTS


def has_comparison(run) -> bool:
    summary = getattr(run, "comparison_summary", None)
    return summary is not None and len(summary) > 0


def metric_label(metric: str) -> str:
    return mtl_core.METRICS[metric].label if metric in mtl_core.METRICS else metric


def higher_is_better(metric: str) -> bool:
    return bool(mtl_core.METRICS[metric].higher_is_better) if metric in mtl_core.METRICS else False


def format_value(metric: str, value) -> str:
    """A metric value for people: accuracy as a percentage, errors with 2 or 3 decimals; ``-`` when missing."""
    if metric == "accuracy":
        return percent(value, 1)
    return number(value, 2 if metric in ("mae", "rmse") else 3)


def values_of(comparison: pd.DataFrame | None, task: str, metric: str) -> dict[str, tuple[float, float]]:
    """model -> (value, sd across folds) of one task on one metric."""
    if comparison is None or comparison.empty:
        return {}
    rows = comparison[(comparison["task"] == task) & (comparison["metric"] == metric)]
    return {str(r.model): (float(r.value), float(r.sd)) for r in rows.itertuples()}


def side_by_side(run) -> pd.DataFrame:
    """One row per outcome: its primary measure, each model's value ± sd, the best model, the gain."""
    rows = []
    for summary in run.comparison_summary.to_dict("records"):
        task, metric = str(summary["task"]), str(summary["metric"])
        values = values_of(run.comparison, task, metric)
        direction = R["higher_better"] if higher_is_better(metric) else R["lower_better"]
        row = {R["col_task"]: task, R["col_measure"]: f"{metric_label(metric)} ({direction})"}
        for model in MODELS:
            value, sd = values.get(model, (summary.get(model, math.nan), math.nan))
            shown = format_value(metric, value)
            if math.isfinite(sd):
                shown += " ± " + format_value(metric, sd)
            row[R["models"][model]] = shown
        row[R["col_best"]] = R["models"].get(str(summary["best"]), str(summary["best"]))
        gain = summary.get("gain", math.nan)
        row[R["col_gain"]] = f"{gain:+.1%}" if isinstance(gain, (int, float)) and math.isfinite(gain) else "-"
        rows.append(row)
    return pd.DataFrame(rows)


def _within_noise(values: dict, best: str) -> bool:
    """Whether the best model leads the multi-task network by less than the larger spread across folds."""
    if best not in values or "multi-task" not in values:
        return False
    (b, b_sd), (m, m_sd) = values[best], values["multi-task"]
    spread = max(s for s in (b_sd, m_sd, 0.0) if math.isfinite(s))
    return math.isfinite(b) and math.isfinite(m) and abs(b - m) <= spread


def best_sentence(row: dict, verdicts: dict, comparison: pd.DataFrame | None = None) -> tuple[str, str]:
    """One plain-text sentence naming the best model for one task, and its level (success, info, warning).

    Args:
        row: a row of ``run.comparison_summary``.
        verdicts: task -> the multi-task verdict against guessing (``run.summary``: better / same / worse).
        comparison: ``run.comparison``, for the spreads across folds.
    """
    task, metric, best = str(row["task"]), str(row["metric"]), str(row["best"])
    values = values_of(comparison, task, metric) or {m: (float(row.get(m, math.nan)), math.nan) for m in MODELS}
    shown = {m: format_value(metric, values.get(m, (math.nan, math.nan))[0]) for m in MODELS}
    measure = metric_label(metric)
    multi_ok = verdicts.get(task, "better") == "better"
    if best == "baseline" or not best:
        return R["best_baseline"].format(task=task, baseline=shown["baseline"]), "warning"
    if best == "multi-task":
        sentence = R["best_multi"].format(task=task, measure=measure, value=shown["multi-task"],
                                          single=shown["single-task"], forest=shown["random forest"],
                                          baseline=shown["baseline"])
        level = "success"
    else:
        sentence = R["best_other"].format(task=task, best=R["best_names"].get(best, best), measure=measure, value=shown[best],
                                          multi=shown["multi-task"])
        if _within_noise(values, best):
            sentence += R["within_noise"]
        level = "info"
    if not multi_ok:
        sentence += R["multi_not_better"]
        level = "warning"
    return sentence, level


def sentences(run) -> list[tuple[str, str]]:
    """:func:`best_sentence` for every outcome of the run's comparison."""
    verdicts = dict(zip(run.summary["task"].astype(str), run.summary["verdict"].astype(str)))
    return [best_sentence(row, verdicts, run.comparison) for row in run.comparison_summary.to_dict("records")]


def gains(run) -> pd.DataFrame:
    """task, gain (multi-task over single-task, as a share) for the gain chart."""
    return run.comparison_summary[["task", "gain"]].astype({"gain": float})
