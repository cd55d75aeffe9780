"""Tests for mtl_core.evaluation.comparison: the best model, by how much, and the fold-noise rule by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mtl_core.evaluation.comparison import (
    MODELS,
    SUMMARY_COLUMNS,
    comparison_summary,
    comparison_table,
    paired_difference,
    paired_scores,
)
from mtl_core.tasks import TaskSpec

SCORE = TaskSpec(name="score", column="score", kind="regression")
PASSED = TaskSpec(name="passed", column="passed", kind="binary", classes=("fail", "pass"), risk_labels=("fail",))


# --------------------------------------------------------------------------- the noise rule

def test_paired_difference_by_fold_uses_the_corrected_standard_error():
    # accuracy per fold: advantages .1, .2, .1 -> mean 2/15, sd 0.0577; SE = sd * sqrt(1/3 + 1/2)
    mean, se, within = paired_difference([0.5, 0.6, 0.7], [0.4, 0.4, 0.6], higher_is_better=True, by_fold=True)
    sd = np.std([0.1, 0.2, 0.1], ddof=1)
    assert mean == pytest.approx(2 / 15)
    assert se == pytest.approx(sd * math.sqrt(1 / 3 + 1 / 2))
    assert within, "0.133 <= t(0.975, 2) 4.30 x 0.053 = 0.227"


def test_a_steady_lead_on_every_fold_is_not_noise_and_the_direction_follows_the_metric():
    better = np.array([5.0, 5.1, 4.9, 5.0, 5.0])  # MAE: lower is better
    worse = better + np.array([1.0, 1.1, 0.9, 1.0, 1.0])
    mean, se, within = paired_difference(better, worse, higher_is_better=False, by_fold=True)
    assert mean == pytest.approx(1.0) and not within
    mean, _, within = paired_difference(worse, better, higher_is_better=False, by_fold=True)
    assert mean == pytest.approx(-1.0) and not within


def test_per_student_differences_use_the_plain_standard_error():
    a, b = np.zeros(50), np.r_[np.full(25, 1.0), np.zeros(25)]  # squared errors: a is right, b wrong on half
    mean, se, within = paired_difference(a, b, higher_is_better=False, by_fold=False)
    assert mean == pytest.approx(0.5)
    assert se == pytest.approx(np.std(b, ddof=1) / math.sqrt(50))
    assert not within, f"0.5 > t(0.975, 49) x {se:.3f} = {stats.t.ppf(0.975, 49) * se:.3f}"


def test_without_a_measurable_spread_a_difference_counts_as_noise():
    assert paired_difference([0.9], [0.1], True, True)[2]
    assert paired_difference([np.nan, 0.9], [0.1, np.nan], True, True)[2]
    mean, se, within = paired_difference([0.5, 0.5], [0.5, 0.5], True, True)
    assert mean == 0 and se == 0 and within


# --------------------------------------------------------------------------- the summary

def long_table(values: dict[str, dict[str, float]]) -> pd.DataFrame:
    """task -> model -> primary metric value, as comparison_table lays it out."""
    metric = {"score": "mae", "passed": "brier"}
    return pd.DataFrame([dict(task=task, model=model, metric=metric[task], value=v, sd=0.1, seconds=1.0)
                         for task, models in values.items() for model, v in models.items()])


def fold_units(task: str, values: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame([dict(task=task, model=m, by="fold", unit=f, value=v)
                         for m, vs in values.items() for f, v in enumerate(vs)])


def test_a_forest_win_is_named_with_its_lead_over_the_network_while_multi_task_still_beat_single_task():
    """The case behind "Learning the outcomes together did not help" shown wrongly: here it did help."""
    values = {"multi-task": 6.0, "single-task": 6.6, "random forest": 5.0, "gradient boosting": 5.5,
              "baseline": 11.0}
    folds = {"multi-task": [6.0, 6.1, 5.9, 6.0, 6.0], "single-task": [6.6, 6.7, 6.5, 6.6, 6.6],
             "random forest": [5.0, 5.1, 4.9, 5.0, 5.0], "gradient boosting": [5.5, 5.0, 6.0, 5.6, 5.4],
             "baseline": [11.0] * 5}
    summary = comparison_summary([SCORE], long_table({"score": values}), fold_units("score", folds))
    row = summary.iloc[0]
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert row["best"] == "random forest" and row["versus"] == "multi-task"
    assert row["margin"] == pytest.approx(1.0) and row["margin_relative"] == pytest.approx(1 / 6)
    assert not row["within_noise"]
    assert row["gain"] == pytest.approx(0.6 / 6.6) and not row["gain_within_noise"]
    assert row["best_tree"] == "random forest" and row["tree_gap"] == pytest.approx(-1.0 / 5.0)
    assert not row["tree_gap_within_noise"]


def test_a_multi_task_win_is_measured_against_the_runner_up():
    values = {"multi-task": 0.10, "single-task": 0.12, "random forest": 0.11, "gradient boosting": 0.13,
              "baseline": 0.20}
    folds = {"multi-task": [0.10, 0.14, 0.06], "random forest": [0.11, 0.10, 0.12],
             "single-task": [0.12] * 3, "gradient boosting": [0.13] * 3, "baseline": [0.2] * 3}
    row = comparison_summary([PASSED], long_table({"passed": values}), fold_units("passed", folds)).iloc[0]
    assert row["best"] == "multi-task" and row["versus"] == "random forest"
    assert row["margin"] == pytest.approx(0.01) and row["within_noise"], "mixed fold results: within noise"
    assert row["tree_gap"] == pytest.approx(0.01 / 0.11)


def test_without_paired_units_or_other_models_nothing_is_claimed():
    values = {"multi-task": 6.0, "baseline": 11.0}
    row = comparison_summary([SCORE], long_table({"score": values})).iloc[0]
    assert row["best"] == "multi-task" and row["versus"] == "baseline" and row["within_noise"]
    assert math.isnan(row["gain"]) and row["best_tree"] == "" and math.isnan(row["tree_gap"])
    assert math.isnan(row["gradient boosting"])


# --------------------------------------------------------------------------- from predictions

def two_folds():
    frame = pd.DataFrame({"score": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "passed": ["fail", "pass"] * 3})
    folds = np.array([0, 0, 0, 1, 1, 1])
    truth = frame["score"].to_numpy()
    models = {"multi-task": {"score": truth + 0.5}, "random forest": {"score": truth + np.r_[1, 1, 1, 2, 2, 2]}}
    baselines = {"score": np.full(6, 3.5)}
    return frame, folds, models, baselines


def test_paired_scores_are_the_primary_metric_per_fold_or_per_student():
    frame, folds, models, baselines = two_folds()
    per_fold = paired_scores([SCORE], frame, models, baselines, folds)
    forest = per_fold[per_fold["model"] == "random forest"].sort_values("unit")
    assert (per_fold["by"] == "fold").all() and forest["value"].tolist() == [1.0, 2.0]
    holdout = np.array([-1, -1, -1, 0, 0, 0])
    per_student = paired_scores([SCORE], frame, models, baselines, holdout)
    base = per_student[per_student["model"] == "baseline"]
    assert (per_student["by"] == "student").all()
    assert base["value"].tolist() == pytest.approx([0.5, 1.5, 2.5]), "|4-3.5|, |5-3.5|, |6-3.5|"


def test_comparison_table_lists_every_model_and_the_baseline_with_seconds():
    frame, folds, models, baselines = two_folds()
    table = comparison_table([SCORE], frame, models, baselines, folds, {"multi-task": 2.0, "random forest": 3.0})
    mae = table[table["metric"] == "mae"].set_index("model")
    assert mae.loc["multi-task", "value"] == pytest.approx(0.5)
    assert mae.loc["random forest", "value"] == pytest.approx(1.5)
    assert mae.loc["baseline", "value"] == pytest.approx(1.5)
    assert mae.loc["random forest", "seconds"] == 3.0 and mae.loc["baseline", "seconds"] == 0.0
    summary = comparison_summary([SCORE], table, paired_scores([SCORE], frame, models, baselines, folds)).iloc[0]
    assert summary["best"] == "multi-task" and summary["best_tree"] == "random forest"
    assert set(MODELS) >= {"multi-task", "single-task", "random forest", "gradient boosting", "baseline"}
