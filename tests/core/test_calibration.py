"""Tests for mtl_core.evaluation.calibration: reliability bins and expected calibration error by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.calibration import calibration_curve

from mtl_core.evaluation.calibration import (
    CURVE_COLUMNS,
    bin_index,
    binary_ece,
    calibration_table,
    ece_from_bins,
    positive_label,
    reliability_bins,
    task_curve,
    task_ece,
)
from mtl_core.tasks import TaskSpec

BINARY = TaskSpec(name="passed", column="passed", kind="binary", classes=("fail", "pass"), risk_labels=("fail",))
MULTICLASS = TaskSpec(name="band", column="band", kind="multiclass", classes=("A", "B", "C"))
REGRESSION = TaskSpec(name="score", column="score", kind="regression")

# Ten students: four at 0.15 (one has the outcome), four at 0.75 (three have it), two at 0.95 (both).
CHANCE = np.array([0.15] * 4 + [0.75] * 4 + [0.95] * 2)
OUTCOME = np.array([1, 0, 0, 0, 1, 1, 1, 0, 1, 1])


def test_reliability_bins_by_hand():
    bins = reliability_bins(OUTCOME, CHANCE)
    assert bins.columns.tolist() == ["bin", "lower", "upper", "predicted", "observed", "students"]
    assert bins["bin"].tolist() == [1, 7, 9]
    assert bins["students"].tolist() == [4, 4, 2]
    assert bins["predicted"].tolist() == pytest.approx([0.15, 0.75, 0.95])
    assert bins["observed"].tolist() == pytest.approx([0.25, 0.75, 1.0])
    assert bins["lower"].tolist() == pytest.approx([0.1, 0.7, 0.9])
    observed, predicted = calibration_curve(OUTCOME, CHANCE, n_bins=10)
    assert np.allclose(observed, bins["observed"]) and np.allclose(predicted, bins["predicted"])


def test_expected_calibration_error_by_hand():
    # gaps .10, 0 and .05 weighted by 4, 4 and 2 students of 10
    assert binary_ece(OUTCOME, CHANCE) == pytest.approx((4 * 0.10 + 4 * 0.0 + 2 * 0.05) / 10)
    assert ece_from_bins(reliability_bins(np.array([0, 1, 0, 0]), np.full(4, 0.25))) == pytest.approx(0.0), \
        "a 25 % chance given to four students of whom one has the outcome is honest"
    assert binary_ece(np.ones(3), np.ones(3)) == 0.0
    assert binary_ece(np.zeros(2), np.ones(2)) == 1.0, "certain and always wrong"
    assert np.isnan(binary_ece(np.array([]), np.array([])))


def test_bins_follow_scikit_learn_edges():
    # (0.1, 0.2] is bin 1: 0.1 itself belongs to the first bin, 0 and 1 to the first and last
    assert bin_index(np.array([0.0, 0.1, 0.1001, 0.5, 0.99, 1.0])).tolist() == [0, 0, 1, 4, 9, 9]


def test_binary_calibration_is_on_the_positive_class():
    truth = np.array(["fail", "pass", "pass", "pass", None])
    proba = np.array([[0.8, 0.2], [0.3, 0.7], [0.3, 0.7], [0.3, 0.7], [0.5, 0.5]])
    bins, curve, label = task_curve(BINARY, truth, proba)
    assert (curve, label) == ("positive class", "fail") and positive_label(BINARY) == "fail"
    assert bins["students"].tolist() == [3, 1], "the student without a label is left out"
    # p(fail) .3 x 3 (none failed), .8 (failed): gaps .3 and .2
    assert task_ece(BINARY, truth, proba) == pytest.approx((3 * 0.3 + 0.2) / 4)


def test_multiclass_calibration_is_top_label():
    truth = np.array(["A", "B", "C", "C"])
    proba = np.array([[0.6, 0.3, 0.1], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8], [0.2, 0.0, 0.8]])
    bins, curve, label = task_curve(MULTICLASS, truth, proba)
    assert (curve, label) == ("top label", "")
    # picks A (.6, right), A (.6, wrong), C (.8, right), C (.8, right): bins at .6 (1 of 2) and .8 (2 of 2)
    assert bins["observed"].tolist() == [0.5, 1.0]
    assert task_ece(MULTICLASS, truth, proba) == pytest.approx((2 * 0.1 + 2 * 0.2) / 4)


def test_calibration_table_pools_the_tested_students_of_every_classification_outcome():
    aux = TaskSpec(name="aux", column="aux", kind="binary", classes=("no", "yes"), auxiliary=True)
    truths = {"passed": pd.Series(["fail", "pass", "pass", "fail"]), "score": pd.Series([1.0, 2, 3, 4]),
              "aux": pd.Series(["no"] * 4)}
    predictions = {"passed": np.array([[0.9, 0.1], [0.2, 0.8], [0.2, 0.8], [0.5, 0.5]]),
                   "score": np.zeros(4), "aux": np.full((4, 2), 0.5)}
    folds = np.array([0, 1, 1, -1])  # the last student has no out-of-sample prediction
    table = calibration_table([BINARY, REGRESSION, aux], truths, predictions, folds)
    assert table.columns.tolist() == CURVE_COLUMNS
    assert set(table["task"]) == {"passed"}
    assert table["students"].sum() == 3
    assert table.loc[table["bin"] == 1, "observed"].item() == 0.0, "p(fail) .2 twice, neither failed"
    assert calibration_table([REGRESSION], truths, predictions, folds).empty


def test_a_trained_run_carries_its_calibration_table(tiny_run):
    _, run = tiny_run
    table = run.calibration
    classification = [t.name for t in run.outcome_tasks if t.is_classification]
    assert sorted(table["task"].unique()) == sorted(classification)
    tested = run.predictions["out_of_sample"].to_numpy()
    for name in classification:
        here = table[table["task"] == name]
        known = run.predictions.loc[tested, f"{name} (actual)"].notna().sum()
        assert here["students"].sum() == known
        ece = run.metrics[(run.metrics["task"] == name) & (run.metrics["metric"] == "ece")]["model"].item()
        assert ece == pytest.approx(ece_from_bins(here)), "the ECE metric is the ECE of the pooled curve"


# --------------------------------------------------------------------------- the range of one chance

def test_the_range_of_a_chance_is_what_the_closest_students_really_had():
    from scipy.stats import binomtest

    from mtl_core.evaluation.calibration import similar_chance_range

    # 100 students at chances 0.00 .. 0.99: those at 0.60 and above had the outcome, and those at 0.00, 0.10, 0.20
    chance = np.arange(100) / 100
    outcome = (chance >= 0.6).astype(float)
    outcome[:30:10] = 1.0
    ranges = similar_chance_range(outcome, chance, [0.8, 0.15, 0.6], neighbours=10)
    assert ranges["students"].tolist() == [10, 10, 10]
    assert ranges["observed"].tolist() == pytest.approx([1.0, 0.1, 0.5])  # 0.10 .. 0.19; 0.55 .. 0.64
    expected = binomtest(5, 10).proportion_ci(confidence_level=0.8, method="wilson")
    assert (ranges.at[2, "low"], ranges.at[2, "high"]) == pytest.approx((expected.low, expected.high))
    assert ranges.at[0, "high"] == pytest.approx(1.0) and ranges.at[0, "low"] > 0.7


def test_the_range_narrows_with_more_students_and_is_unknown_without_any():
    from mtl_core.evaluation.calibration import CHANCE_NEIGHBOURS, similar_chance_range

    rng = np.random.default_rng(0)
    chance = rng.uniform(size=5000)
    outcome = (rng.uniform(size=5000) < chance).astype(float)  # calibrated: a chance of p comes true p of the time
    small = similar_chance_range(outcome[:200], chance[:200], [0.3])
    large = similar_chance_range(outcome, chance, [0.3])
    assert small.at[0, "students"] == CHANCE_NEIGHBOURS and large.at[0, "students"] == 500  # 30, or a tenth
    assert large.at[0, "low"] < 0.3 < large.at[0, "high"]
    assert large.at[0, "high"] - large.at[0, "low"] < small.at[0, "high"] - small.at[0, "low"]
    nothing = similar_chance_range(np.array([np.nan]), np.array([0.5]), [0.3, 0.7])
    assert nothing["students"].tolist() == [0, 0] and nothing["low"].isna().all()


def test_a_chance_no_similar_student_had_gets_no_range():
    """A profile showed "over 95% (30%–55%)": the class's 30 closest chances were 22-91 %, so their share said
    nothing about 95 %. Only students within 10 points count, and fewer than 10 of them give no range."""
    from mtl_core.evaluation.calibration import CHANCE_MIN_SIMILAR, similar_chance_range

    chance = np.concatenate([np.linspace(0.2, 0.6, 200), [0.80, 0.83]])
    outcome = (np.arange(202) % 2).astype(float)
    ranges = similar_chance_range(outcome, chance, [0.97, 0.85, 0.4])
    assert ranges.at[0, "students"] == 0 and np.isnan(ranges.at[0, "low"])  # nobody within 10 points of 97 %
    assert 0 < ranges.at[1, "students"] < CHANCE_MIN_SIMILAR and np.isnan(ranges.at[1, "high"])
    assert ranges.at[2, "students"] == 30 and 0 < ranges.at[2, "low"] < 0.5 < ranges.at[2, "high"] < 1
