"""Tests for mtl_core.evaluation.metrics: metrics against hand-computed values, baselines, verdicts, evaluate()."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mtl_core.evaluation.metrics import (
    METRICS,
    MIN_GAIN,
    PRIMARY,
    baseline_prediction,
    evaluate,
    positive_label,
    task_metrics,
    verdict,
)
from mtl_core.tasks import TaskKind, TaskSpec

REGRESSION = TaskSpec(name="score", column="score", kind="regression")
BINARY = TaskSpec(name="passed", column="passed", kind="binary", classes=("fail", "pass"), risk_labels=("fail",))
MULTICLASS = TaskSpec(name="band", column="band", kind="multiclass", classes=("A", "B", "C"))


def binary_proba(p_fail) -> np.ndarray:
    p_fail = np.asarray(p_fail, dtype=float)
    return np.column_stack([p_fail, 1 - p_fail])


# --------------------------------------------------------------------------- metrics


def test_regression_metrics_by_hand():
    # errors 0, 1, -1, 2: MAE 4/4, MSE 6/4, R2 = 1 - 6/5 (total sum of squares around 2.5 is 5)
    result = task_metrics(REGRESSION, pd.Series([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 3.0, 2.0, 6.0]))
    assert result == pytest.approx({"mae": 1.0, "rmse": math.sqrt(1.5), "r2": -0.2})


def test_regression_ignores_unknown_truth_and_r2_of_constant_truth_is_nan():
    result = task_metrics(REGRESSION, pd.Series([1.0, np.nan, 1.0]), np.array([2.0, 100.0, 0.0]))
    assert result["mae"] == 1.0 and result["rmse"] == 1.0
    assert math.isnan(result["r2"])


def test_no_known_truth_gives_no_metrics():
    assert task_metrics(REGRESSION, pd.Series([np.nan, np.nan]), np.array([1.0, 2.0])) == {}


def test_binary_metrics_by_hand():
    truth = pd.Series(["fail", "fail", "pass", "pass", "pass", "pass", None])
    p_fail = [0.9, 0.4, 0.6, 0.2, 0.1, 0.3, 1.0]
    result = task_metrics(BINARY, truth, binary_proba(p_fail))
    # predicted: fail, pass, fail, pass, pass, pass -> 4 of 6 right; recalls fail 1/2, pass 3/4
    # AUC (fail positive): 0.9 beats all 4 passes, 0.4 beats 3 of them -> 7/8
    # F1 on fail: TP 1, FP 1, FN 1 -> 0.5; Brier: (.01 + .36 + .36 + .04 + .01 + .09) / 6
    # ECE on p(fail): every student alone in a bin, so it is the mean |outcome - chance|: (.1+.6+.6+.2+.1+.3)/6
    assert result == pytest.approx({"accuracy": 4 / 6, "balanced_accuracy": 0.625, "roc_auc": 0.875,
                                    "f1": 0.5, "brier": 0.145, "ece": 1.9 / 6})


def test_binary_positive_class_is_the_risk_label_else_the_last_class():
    assert positive_label(BINARY) == "fail"
    plain = TaskSpec(name="p", column="p", kind="binary", classes=("no", "yes"))
    assert positive_label(plain) == "yes"
    truth = pd.Series(["no", "yes", "yes"])
    result = task_metrics(plain, truth, np.array([[0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]))
    # p(yes) = .2, .7, .4: Brier (.04 + .09 + .36) / 3; predicted no, yes, no -> F1 on yes 2/3
    assert result["brier"] == pytest.approx(0.49 / 3)
    assert result["f1"] == pytest.approx(2 / 3)
    assert result["roc_auc"] == pytest.approx(1.0)


def test_binary_auc_is_nan_with_one_class():
    result = task_metrics(BINARY, pd.Series(["pass", "pass"]), binary_proba([0.1, 0.7]))
    assert math.isnan(result["roc_auc"])
    assert result["brier"] == pytest.approx((0.01 + 0.49) / 2)


def test_multiclass_metrics_by_hand():
    truth = pd.Series(["A", "A", "B", "C", "C"])
    proba = np.array([[.7, .2, .1], [.3, .6, .1], [.1, .8, .1], [.1, .1, .8], [.5, .2, .3]])
    result = task_metrics(MULTICLASS, truth, proba)
    # predicted A, B, B, C, A; recalls A 1/2, B 1, C 1/2; F1 A 1/2, B 2/3, C 2/3
    # top-label ECE: picks at .7 (right), .6 (wrong), .8 and .8 (both right, one bin), .5 (wrong):
    # (|1-.7| + |0-.6| + 2 |1-.8| + |0-.5|) / 5
    assert result == pytest.approx({"accuracy": 0.6, "balanced_accuracy": 2 / 3, "macro_f1": (0.5 + 4 / 3) / 3,
                                    "ece": 1.8 / 5})


def test_metric_catalogue():
    assert PRIMARY == {TaskKind.REGRESSION: "mae", TaskKind.BINARY: "brier", TaskKind.MULTICLASS: "accuracy"}
    lower_is_better = {name for name, info in METRICS.items() if not info.higher_is_better}
    assert lower_is_better == {"mae", "rmse", "brier", "ece", "flagged", "flag_threshold", "interval_width"}
    assert all(info.name == name and info.label for name, info in METRICS.items())


# --------------------------------------------------------------------------- baselines


def test_regression_baseline_is_the_training_mean():
    guess = baseline_prediction(REGRESSION, pd.Series([1.0, 2.0, np.nan, 6.0]), 3)
    assert guess.tolist() == [3.0, 3.0, 3.0]


def test_classification_baseline_is_the_training_class_frequencies():
    guess = baseline_prediction(BINARY, pd.Series(["pass", "pass", "fail", None, "pass"]), 2)
    assert guess.tolist() == [[0.25, 0.75], [0.25, 0.75]]
    absent_class = baseline_prediction(MULTICLASS, pd.Series(["A", "A", "B"]), 1)
    np.testing.assert_allclose(absent_class, [[2 / 3, 1 / 3, 0.0]])


def test_baseline_without_labels():
    assert baseline_prediction(REGRESSION, pd.Series([np.nan]), 2).tolist() == [0.0, 0.0]
    np.testing.assert_allclose(baseline_prediction(MULTICLASS, pd.Series([None]), 1), [[1 / 3] * 3])


# --------------------------------------------------------------------------- verdicts


@pytest.mark.parametrize("kind,model,baseline,expected", [
    (TaskKind.REGRESSION, 9.6, 10.0, "better"),  # MAE 4 % lower
    (TaskKind.REGRESSION, 9.8, 10.0, "same"),
    (TaskKind.REGRESSION, 10.2, 10.0, "same"),
    (TaskKind.REGRESSION, 10.4, 10.0, "worse"),
    (TaskKind.BINARY, 0.15, 0.20, "better"),  # Brier: lower is better
    (TaskKind.BINARY, 0.25, 0.20, "worse"),
    (TaskKind.MULTICLASS, 0.52, 0.50, "better"),  # accuracy: higher is better, +4 %
    (TaskKind.MULTICLASS, 0.51, 0.50, "same"),
    (TaskKind.MULTICLASS, 0.48, 0.50, "worse"),
    (TaskKind.REGRESSION, float("nan"), 10.0, "same"),
    (TaskKind.BINARY, 0.1, float("inf"), "same"),
])
def test_verdict(kind, model, baseline, expected):
    assert MIN_GAIN == 0.03
    assert verdict(kind, model, baseline) == expected


def test_verdict_against_a_perfect_baseline():
    assert verdict(TaskKind.REGRESSION, 0.0, 0.0) == "same"
    assert verdict(TaskKind.REGRESSION, 0.5, 0.0) == "worse"


# --------------------------------------------------------------------------- evaluate


def two_fold_example():
    """Eight students in two folds of four plus one student without an out-of-sample prediction."""
    folds = np.array([0, 0, 0, 0, 1, 1, 1, 1, -1])
    score = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 100.0])
    passed = pd.Series(["fail", "fail", "fail", "pass", "pass", "pass", "pass", "fail", "pass"])
    aux = TaskSpec(name="aux", column="aux", kind="regression", auxiliary=True)
    truths = {"score": score, "passed": passed, "aux": score}
    predictions = {
        "score": np.array([1.0, 2.0, 3.0, 5.0, 6.0, 7.0, 7.0, 8.0, 0.0]),
        "passed": binary_proba([0.8, 0.7, 0.4, 0.3, 0.2, 0.1, 0.6, 0.9, 1.0]),
        "aux": score.to_numpy(),
    }
    # each fold's baseline comes from the other fold's labels
    baselines = {
        "score": np.array([6.5] * 4 + [2.5] * 4 + [0.0]),
        "passed": binary_proba([0.25] * 4 + [0.75] * 4 + [0.5]),
        "aux": score.to_numpy(),
    }
    return [REGRESSION, BINARY, aux], truths, predictions, baselines, folds


def value(table: pd.DataFrame, task: str, metric: str, column: str, **where) -> float:
    rows = table[(table["task"] == task) & (table["metric"] == metric)]
    for key, wanted in where.items():
        rows = rows[rows[key] == wanted]
    assert len(rows) == 1
    return float(rows[column].iloc[0])


def test_evaluate_returns_metrics_summary_and_per_fold_tables():
    metrics, summary, per_fold = evaluate(*two_fold_example())
    assert metrics.columns.tolist() == ["task", "kind", "metric", "model", "baseline", "model_sd", "baseline_sd",
                                        "n_labelled"]
    assert metrics.groupby("task")["metric"].apply(list).to_dict() == {
        "passed": ["accuracy", "balanced_accuracy", "roc_auc", "f1", "brier", "ece"], "score": ["mae", "rmse", "r2"]}
    assert (metrics["n_labelled"] == 8).all(), "the student without a prediction is not counted"
    assert per_fold.columns.tolist() == ["task", "fold", "metric", "model", "baseline"]
    assert len(per_fold) == 2 * (3 + 6) and set(per_fold["fold"]) == {0, 1}
    assert "aux" not in set(metrics["task"]) | set(summary["task"]) | set(per_fold["task"])


def test_evaluate_per_fold_rows_by_hand():
    _, _, per_fold = evaluate(*two_fold_example())
    assert value(per_fold, "score", "mae", "model", fold=0) == pytest.approx(0.25)
    assert value(per_fold, "score", "mae", "model", fold=1) == pytest.approx(0.5)
    assert value(per_fold, "score", "mae", "baseline", fold=0) == pytest.approx(4.0)
    assert value(per_fold, "passed", "brier", "model", fold=0) == pytest.approx(0.58 / 4)
    assert value(per_fold, "passed", "brier", "model", fold=1) == pytest.approx(0.42 / 4)
    assert value(per_fold, "passed", "roc_auc", "model", fold=1) == pytest.approx(1.0)


def test_evaluate_pooled_metrics_and_sd_by_hand():
    metrics, _, _ = evaluate(*two_fold_example())
    assert value(metrics, "score", "mae", "model") == pytest.approx(3 / 8)
    assert value(metrics, "score", "mae", "baseline") == pytest.approx(4.0)
    assert value(metrics, "score", "mae", "model_sd") == pytest.approx(0.25 / math.sqrt(2))
    assert value(metrics, "score", "mae", "baseline_sd") == pytest.approx(0.0)
    assert value(metrics, "passed", "accuracy", "model") == pytest.approx(0.75)
    assert value(metrics, "passed", "roc_auc", "model") == pytest.approx(15 / 16)
    assert value(metrics, "passed", "brier", "model") == pytest.approx(1.0 / 8)
    assert value(metrics, "passed", "brier", "baseline") == pytest.approx(0.4375)
    assert value(metrics, "passed", "brier", "model_sd") == pytest.approx(0.04 / math.sqrt(2))


def test_evaluate_baseline_auc_is_one_half():
    # pooled over folds, the two constant guesses would score an AUC of 0.25 here
    metrics, _, per_fold = evaluate(*two_fold_example())
    assert value(metrics, "passed", "roc_auc", "baseline") == 0.5
    assert per_fold.loc[per_fold["metric"] == "roc_auc", "baseline"].tolist() == [0.5, 0.5]


def test_evaluate_summary_has_one_verdict_per_task():
    _, summary, _ = evaluate(*two_fold_example())
    assert summary.columns.tolist() == ["task", "kind", "metric", "model", "baseline", "verdict", "n_labelled",
                                        "reliable", "accuracy", "accuracy_baseline", "accuracy_verdict", "recall",
                                        "precision", "flagged", "flag_threshold", "precision_baseline",
                                        "flag_verdict"]
    assert summary["task"].tolist() == ["score", "passed"]
    assert summary["metric"].tolist() == ["mae", "brier"]
    assert summary["verdict"].tolist() == ["better", "better"]
    assert summary["reliable"].tolist() == [False, False]


def test_evaluate_single_fold_has_no_sd():
    tasks, truths, predictions, baselines, folds = two_fold_example()
    folds = np.where(folds == 1, 0, folds)
    metrics, _, _ = evaluate(tasks, truths, predictions, baselines, folds)
    assert metrics["model_sd"].isna().all() and metrics["baseline_sd"].isna().all()


def test_flagging_measures_stand_beside_the_always_no_guess():
    tasks, truths, predictions, baselines, folds = two_fold_example()
    binary = next(t for t in tasks if t.kind.value == "binary")
    flags = {binary.name: np.full(len(folds), 0.5)}
    metrics, summary, _ = evaluate(tasks, truths, predictions, baselines, folds, flags=flags)
    row = summary.set_index("task").loc[binary.name]
    assert value(metrics, binary.name, "recall", "baseline") == 0.0
    from mtl_core.evaluation.calibration import positive_label

    truth = truths[binary.name][folds >= 0].astype(str)
    assert row["precision_baseline"] == pytest.approx((truth == positive_label(binary)).mean())
    assert row["flag_verdict"] in ("better", "same", "worse") and row["accuracy_verdict"] in ("better", "same", "worse")
    no_flags = evaluate(tasks, truths, predictions, baselines, folds)[1].set_index("task").loc[binary.name]
    assert np.isnan(no_flags["recall"]) and no_flags["flag_verdict"] == ""


def test_flag_verdict_needs_flags_that_beat_random_ones():
    from mtl_core.evaluation.metrics import flag_verdict

    assert flag_verdict(0.6, 0.5, 0.2) == "better"
    assert flag_verdict(0.0, float("nan"), 0.2) == "worse"  # flags nobody: no better than always "no"
    assert flag_verdict(0.9, 0.198, 0.2) == "same" and flag_verdict(0.9, 0.1, 0.2) == "worse"


def test_fairness_audit_counts_the_students_the_run_flags(tiny_run):
    """"Missed" and "false alarms" count the students the run flags (its chosen threshold, the same flags as
    recall and precision on the Results page), not a fixed 50 % chance."""
    import mtl_core
    from mtl_core.evaluation.fairness import flagged_students

    frame, run = tiny_run
    audit = mtl_core.fairness_audit(run, frame, ["track"])
    summary = run.summary.set_index("task")
    for task in run.outcome_tasks:
        if task.kind.value != "binary" or not task.risk_labels:
            continue
        assert mtl_core.flag_column(task.name) in run.predictions
        rows = audit.groups[audit.groups["task"] == task.name].set_index("measure")
        overall_missed = rows.loc["missed", "overall"].iloc[0]
        assert overall_missed == pytest.approx(1 - summary.at[task.name, "recall"])
        # the flags differ from "a chance of at least 50 %" for at least one task of the run, so the test can fail
    differs = [not flagged_students(t, run.predictions).equals(
        sum(run.predictions[mtl_core.probability_column(t.name, label)] for label in t.risk_labels) >= 0.5)
        for t in run.outcome_tasks if t.kind.value == "binary" and t.risk_labels]
    assert any(differs)
