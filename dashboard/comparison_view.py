"""The Results page's honest comparison: the multi-task network beside simpler models, in tables and words.

Reads ``run.comparison`` (long: task, model, metric, value, sd, seconds), ``run.comparison_summary`` (per
task: the primary metric of each model, the best one, the multi-task gain over single-task) and
``run.summary`` (the multi-task verdict against guessing). Plain pandas, testable without Streamlit.

The honesty rule of :mod:`dashboard.verdicts` holds here too: when a simpler model or guessing is best,
the sentence says so; when the multi-task network is no better than guessing, the sentence says so.

Example:
    >>> row = {"task": "final", "metric": "mae", "multi-task": 6.1, "single-task": 6.4,
    ...        "random forest": 6.3, "baseline": 11.4, "best": "multi-task", "gain": 0.047}
    >>> best_sentence(row, {"final": "better"})
    ('final: the multi-task network is best (Mean absolute error 6.10; single-task 6.40, random forest 6.30, guessing 11.40).', 'success')
"""

from __future__ import annotations

import math

import pandas as pd

import mtl_core

from . import messages as M
from .text import measure_value

MODELS = ("multi-task", "single-task", "random forest", "baseline")
PERCENT_DIGITS = 1  # accuracy as 86.1%: models often differ by less than a whole percent
R = M.RESULTS


def has_comparison(run) -> bool:
    summary = getattr(run, "comparison_summary", None)
    return summary is not None and len(summary) > 0


def metric_label(metric: str) -> str:
    return mtl_core.METRICS[metric].label if metric in mtl_core.METRICS else metric


def higher_is_better(metric: str) -> bool:
    return bool(mtl_core.METRICS[metric].higher_is_better) if metric in mtl_core.METRICS else False


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
            shown = measure_value(metric, value, PERCENT_DIGITS)
            if math.isfinite(sd):
                shown += " ± " + measure_value(metric, sd, PERCENT_DIGITS)
            row[R["models"][model]] = shown
        row[R["col_best"]] = R["models"].get(str(summary["best"]), str(summary["best"]))
        gain = summary.get("gain", math.nan)
        row[R["col_gain"]] = f"{gain:+.1%}" if isinstance(gain, (int, float)) and math.isfinite(gain) else "-"
        rows.append(row)
    return pd.DataFrame(rows)


def _within_noise(values: dict, first: str, second: str) -> bool:
    """Whether two models differ by no more than the larger of their spreads across folds."""
    if first not in values or second not in values:
        return False
    (a, a_sd), (b, b_sd) = values[first], values[second]
    spread = max(s for s in (a_sd, b_sd, 0.0) if math.isfinite(s))
    return math.isfinite(a) and math.isfinite(b) and abs(a - b) <= spread


def _runner_up(values: dict, metric: str) -> str | None:
    """The best model other than the multi-task network (None when no other has a value)."""
    others = {m: v for m, (v, _) in values.items() if m != "multi-task" and math.isfinite(v)}
    if not others:
        return None
    pick = max if higher_is_better(metric) else min
    return pick(others, key=others.get)


def best_sentence(row: dict, verdicts: dict, comparison: pd.DataFrame | None = None) -> tuple[str, str]:
    """One plain-text sentence naming the best model for one task, and its level (success, info, warning).

    Args:
        row: a row of ``run.comparison_summary``.
        verdicts: task -> the multi-task verdict against guessing (``run.summary``: better / same / worse);
            a task without one counts as "same" (never claimed better without evidence).
        comparison: ``run.comparison``, for the spreads across folds.

    A win by less than the spread across folds, of the multi-task network or of a simpler model, is said to
    be possibly chance; a multi-task win that may be chance is "info", not "success".
    """
    task, metric, best = str(row["task"]), str(row["metric"]), str(row["best"])
    values = values_of(comparison, task, metric) or {m: (float(row.get(m, math.nan)), math.nan) for m in MODELS}
    shown = {m: measure_value(metric, values.get(m, (math.nan, math.nan))[0], PERCENT_DIGITS) for m in MODELS}
    measure = metric_label(metric)
    multi_ok = verdicts.get(task, "same") == "better"
    if best == "baseline" or not best:
        return R["best_baseline"].format(task=task, baseline=shown["baseline"]), "warning"
    if best == "multi-task":
        sentence = R["best_multi"].format(task=task, measure=measure, value=shown["multi-task"],
                                          single=shown["single-task"], forest=shown["random forest"],
                                          baseline=shown["baseline"])
        level = "success"
        runner_up = _runner_up(values, metric)
        if runner_up is not None and _within_noise(values, "multi-task", runner_up):
            sentence += R["multi_within_noise"].format(runner_up=R["models"].get(runner_up, runner_up))
            level = "info"
    else:
        sentence = R["best_other"].format(task=task, best=R["best_names"].get(best, best), measure=measure, value=shown[best],
                                          multi=shown["multi-task"])
        if _within_noise(values, best, "multi-task"):
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
