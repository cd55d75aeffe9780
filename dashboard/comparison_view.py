"""The Results page's honest comparison: the multi-task network beside simpler models, in tables and words.

Reads ``run.comparison`` (long: task, model, metric, value, sd, seconds), ``run.comparison_summary`` (per
task: the primary metric of each model, the best one, its lead over ``versus`` and whether that lead is
within fold noise, the multi-task gain over single-task and whether *that* is within fold noise; see
:func:`mtl_core.evaluation.comparison.comparison_summary`) and ``run.summary`` (the multi-task verdict
against guessing). Plain pandas, testable without Streamlit.

The honesty rule of :mod:`dashboard.verdicts` holds here too: when a simpler model or guessing is best,
the sentence says so; when the multi-task network is no better than guessing, the sentence says so. Two
questions are kept apart, so that the words never contradict the numbers or the gain chart:

* *which model is best*, by how much, and whether that lead may be chance;
* *whether learning the outcomes together helped*: the multi-task network against the same network on
  the outcome alone, said as helped / did not help / no clear difference exactly as the gain chart
  colours its bar (green / red / grey).

Runs saved before these columns existed fall back to comparing the spread across folds.

Example:
    >>> row = {"task": "final", "metric": "mae", "multi-task": 6.1, "single-task": 6.4, "random forest": 6.3,
    ...        "gradient boosting": 6.5, "baseline": 11.4, "best": "multi-task", "gain": 0.047,
    ...        "gain_within_noise": False, "versus": "random forest", "margin": 0.2, "margin_relative": 0.032,
    ...        "within_noise": False}
    >>> best_sentence(row, {"final": "better"})[0]
    'final: the multi-task network is best (Mean absolute error 6.10), ahead of the random forest (6.30) by 0.20 (3.2%). Learning the outcomes together helped this one: 6.10 against 6.40 for the same network on this outcome alone.'
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

import mtl_core

from . import messages as M
from .text import measure_value, percent

MODELS = ("multi-task", "single-task", "random forest", "gradient boosting", "baseline")
PERCENT_DIGITS = 1  # accuracy as 86.1%: models often differ by less than a whole percent
R = M.RESULTS


def has_comparison(run) -> bool:
    summary = getattr(run, "comparison_summary", None)
    return summary is not None and len(summary) > 0


def model_name(model: str) -> str:
    """The short name of a model in tables ("random forest", "gradient boosting", "guessing")."""
    return R["models"].get(model) or R["models_more"].get(model, model)


def versus_name(model: str) -> str:
    """A model's name inside a sentence ("the random forest")."""
    return R["versus_names"].get(model, model)


def metric_label(metric: str) -> str:
    return mtl_core.METRICS[metric].label if metric in mtl_core.METRICS else metric


def higher_is_better(metric: str) -> bool:
    return bool(mtl_core.METRICS[metric].higher_is_better) if metric in mtl_core.METRICS else False


def _finite(value) -> bool:
    return isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_)) \
        and math.isfinite(value)


def _flag(value) -> bool | None:
    """A yes/no cell of the summary; None when it is missing (runs saved before it existed)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return None


def values_of(comparison: pd.DataFrame | None, task: str, metric: str) -> dict[str, tuple[float, float]]:
    """model -> (value, sd across folds) of one task on one metric."""
    if comparison is None or comparison.empty:
        return {}
    rows = comparison[(comparison["task"] == task) & (comparison["metric"] == metric)]
    return {str(r.model): (float(r.value), float(r.sd)) for r in rows.itertuples()}


def _values(row: dict, comparison: pd.DataFrame | None) -> dict[str, tuple[float, float]]:
    values = values_of(comparison, str(row["task"]), str(row["metric"]))
    return values or {m: (float(row[m]), math.nan) for m in MODELS if _finite(row.get(m))}


# --------------------------------------------------------------------------- leads and noise

def _spread_noise(values: dict, first: str, second: str) -> bool:
    """Fallback for runs saved without paired tests: within the larger of the two spreads across folds."""
    if first not in values or second not in values:
        return True
    (a, a_sd), (b, b_sd) = values[first], values[second]
    spread = max(s for s in (a_sd, b_sd, 0.0) if math.isfinite(s))
    return not (math.isfinite(a) and math.isfinite(b)) or abs(a - b) <= spread


def _runner_up(values: dict, metric: str, best: str) -> str | None:
    others = {m: v for m, (v, _) in values.items() if m != best and math.isfinite(v)}
    if not others:
        return None
    pick = max if higher_is_better(metric) else min
    return pick(others, key=others.get)


def lead(row: dict, comparison: pd.DataFrame | None = None) -> dict:
    """The best model's lead: ``versus`` (the runner-up, or the multi-task network when another model is
    best), ``margin`` (in the metric's units), ``share`` (of versus's value) and ``chance`` (within fold noise).
    """
    values, metric, best = _values(row, comparison), str(row["metric"]), str(row.get("best") or "")
    versus = (row.get("versus") or _runner_up(values, metric, best)) if best == "multi-task" else "multi-task"
    if not best or versus not in values or best not in values or versus == best:
        return {"versus": None, "margin": math.nan, "share": math.nan, "chance": True}
    margin = abs(values[best][0] - values[versus][0])
    share = margin / max(abs(values[versus][0]), 1e-9)
    measured = _flag(row.get("within_noise")) if row.get("versus") == versus else None
    chance = measured if measured is not None else _spread_noise(values, best, versus)
    return {"versus": versus, "margin": margin, "share": share, "chance": chance}


def gain_state(row: dict, comparison: pd.DataFrame | None = None) -> str | None:
    """"helped", "hurt" or "unclear" (within fold noise) for multi-task against single-task; None without it."""
    gain = row.get("gain")
    if not _finite(gain):
        return None
    unclear = _flag(row.get("gain_within_noise"))
    if unclear is None:
        unclear = _spread_noise(_values(row, comparison), "multi-task", "single-task")
    if unclear or gain == 0:
        return "unclear"
    return "helped" if gain > 0 else "hurt"


def lead_text(metric: str, found: dict) -> str:
    """"0.31 (5.2%) over the random forest" or "2.1 points over ..." (accuracy), "-" without a lead."""
    if found["versus"] is None or not math.isfinite(found["margin"]):
        return "-"
    versus = versus_name(found["versus"])
    if metric in ("accuracy", "balanced_accuracy"):
        text = R["lead_points"].format(points=f"{100 * found['margin']:.1f}", versus=versus)
    else:
        text = R["lead_value"].format(margin=measure_value(metric, found["margin"], PERCENT_DIGITS),
                                      share=percent(found["share"], 1), versus=versus)
    return R["lead_chance"].format(lead=text) if found["chance"] else text


# --------------------------------------------------------------------------- table and sentences

def side_by_side(run) -> pd.DataFrame:
    """One row per outcome: its primary measure, each model's value ± sd, the best model, its lead, the gain."""
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
            row[model_name(model)] = shown
        row[R["col_best"]] = model_name(str(summary["best"]))
        row[R["col_lead"]] = lead_text(metric, lead(summary, run.comparison))
        gain = summary.get("gain", math.nan)
        row[R["col_gain"]] = f"{gain:+.1%}" if _finite(gain) else "-"
        rows.append(row)
    return pd.DataFrame(rows)


def best_sentence(row: dict, verdicts: dict, comparison: pd.DataFrame | None = None) -> tuple[str, str]:
    """One plain-text sentence naming the best model for one task, and its level (success, info, warning).

    Args:
        row: a row of ``run.comparison_summary``.
        verdicts: task -> the multi-task verdict against guessing (``run.summary``: better / same / worse);
            a task without one counts as "same" (never claimed better without evidence).
        comparison: ``run.comparison``, for values and spreads.

    A lead that may be chance is said so, and a multi-task win that may be chance is "info", not "success".
    Whether learning the outcomes together helped is said apart, from the multi-task gain over single-task.
    """
    task, metric, best = str(row["task"]), str(row["metric"]), str(row.get("best") or "")
    values = _values(row, comparison)
    shown = {m: measure_value(metric, v, PERCENT_DIGITS) for m, (v, _) in values.items()}
    multi_ok = verdicts.get(task, "same") == "better"
    if best == "baseline" or not best:
        baseline = shown.get("baseline", measure_value(metric, row.get("baseline"), PERCENT_DIGITS))
        return R["best_baseline"].format(task=task, baseline=baseline), "warning"
    found = lead(row, comparison)
    lead_shown = lead_text(metric, {**found, "chance": False})
    if best == "multi-task":
        sentence = R["lead_multi"].format(task=task, measure=metric_label(metric), value=shown["multi-task"],
                                          versus=versus_name(found["versus"] or ""),
                                          other=shown.get(found["versus"], "-"), lead=_margin_only(lead_shown))
        level = "info" if found["chance"] else "success"
    else:
        sentence = R["lead_other"].format(task=task, best=versus_name(best), measure=metric_label(metric),
                                          value=shown.get(best, "-"), multi=shown.get("multi-task", "-"),
                                          lead=_margin_only(lead_shown))
        level = "info"
    if found["chance"]:
        sentence += R["lead_noise"]
    state = gain_state(row, comparison)
    if state is not None and "single-task" in shown:
        sentence += R[f"mtl_{state}"].format(multi=shown["multi-task"], single=shown["single-task"])
    if not multi_ok:
        sentence += R["multi_not_better"]
        level = "warning"
    return sentence, level


def _margin_only(text: str) -> str:
    """"0.31 (5.2%) over the random forest" -> "0.31 (5.2%)": the sentence names the other model itself."""
    return text.rsplit(" over ", 1)[0]


def sentences(run) -> list[tuple[str, str]]:
    """:func:`best_sentence` for every outcome of the run's comparison."""
    verdicts = dict(zip(run.summary["task"].astype(str), run.summary["verdict"].astype(str)))
    return [best_sentence(row, verdicts, run.comparison) for row in run.comparison_summary.to_dict("records")]


def gains(run) -> pd.DataFrame:
    """task, gain (multi-task over single-task, as a share) and unclear (within fold noise) for the gain chart:
    the chart colours a bar grey exactly when :func:`best_sentence` says "no clear difference"."""
    rows = [dict(task=str(r["task"]), gain=float(r["gain"]) if _finite(r.get("gain")) else math.nan,
                 unclear=gain_state(r, run.comparison) == "unclear")
            for r in run.comparison_summary.to_dict("records")]
    return pd.DataFrame(rows, columns=["task", "gain", "unclear"])
