"""Missing labels: a student without one outcome still trains every other outcome, and the masked
loss and the evaluation only ever count labelled students."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mtl_core import DataValidationError, KFold, TaskKind, TrainConfig, make_task, train
from tests.synthetic import make_tiny_class


def small_config(**overrides) -> TrainConfig:
    settings = dict(hidden_units=(16,), head_units=(8,), ensemble_size=1, epochs=60, patience=15, seed=0)
    return TrainConfig(**{**settings, **overrides})


def history_is_finite(run) -> bool:
    return bool(np.isfinite(run.history[["train_loss", "val_loss"]].to_numpy()).all())


# --------------------------------------------------------------------------- the masked loss itself

def test_masked_mean_averages_only_the_labelled_students():
    from mtl_core.tabular.losses import masked_mean

    values = np.array([[1.0, 2.0, 3.0, 100.0], [5.0, 6.0, 7.0, 8.0], [9.0, 9.0, 9.0, 9.0]], dtype="float32")
    weights = np.array([[1, 1, 1, 0], [0, 1, 0, 1], [0, 0, 0, 0]], dtype="float32")
    np.testing.assert_allclose(masked_mean(values, weights).numpy(), [2.0, 7.0, 0.0])  # none labelled -> 0, no NaN


@pytest.mark.parametrize("kind", list(TaskKind))
def test_per_student_loss_matches_the_textbook_formula(kind):
    from mtl_core.tabular.losses import per_student_loss

    outputs = np.array([[[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]]], dtype="float32")  # (members, students, outputs)
    targets = np.array([[2.0, 0.0]], dtype="float32") if kind is TaskKind.MULTICLASS else \
        np.array([[1.0, 0.0]], dtype="float32")
    got = per_student_loss(kind, outputs if kind is TaskKind.MULTICLASS else outputs[..., :1], targets).numpy()
    if kind is TaskKind.REGRESSION:
        expected = [[(0.5 - 1.0) ** 2, (1.5 - 0.0) ** 2]]
    elif kind is TaskKind.BINARY:
        sigmoid = 1 / (1 + np.exp(-np.array([0.5, 1.5])))
        expected = [[-np.log(sigmoid[0]), -np.log(1 - sigmoid[1])]]
    else:
        softmax = np.exp(outputs[0]) / np.exp(outputs[0]).sum(axis=1, keepdims=True)
        expected = [[-np.log(softmax[0, 2]), -np.log(softmax[1, 0])]]
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_the_placeholder_of_a_missing_label_never_reaches_the_loss():
    from mtl_core.tabular.losses import masked_mean, per_student_loss

    outputs = np.array([[[0.3], [1.2], [-0.7]]], dtype="float32")
    weights = np.array([[1.0, 0.0, 1.0]], dtype="float32")
    losses = [masked_mean(per_student_loss(TaskKind.REGRESSION, outputs, np.array([[1.0, filler, 0.0]],
                                                                                   dtype="float32")), weights)
              for filler in (0.0, 1e6)]
    np.testing.assert_allclose(losses[0].numpy(), [((0.3 - 1.0) ** 2 + 0.7 ** 2) / 2], rtol=1e-6)
    np.testing.assert_allclose(losses[0].numpy(), losses[1].numpy())


# --------------------------------------------------------------------------- training with gaps

def test_students_missing_one_label_still_train_the_other_task():
    """No student has both labels: if a missing label dropped the student, nothing would train."""
    frame = make_tiny_class()
    even = np.arange(len(frame)) % 2 == 0
    frame["score"] = frame["score"].where(even)
    frame["passed"] = frame["passed"].where(~even)
    tasks = [make_task(frame, "score"), make_task(frame, "passed")]
    run = train(frame, tasks, config=small_config(), evaluation=KFold(3))
    assert history_is_finite(run)
    summary = run.summary.set_index("task")
    assert summary["n_labelled"].tolist() == [60, 60]
    assert (summary["verdict"] == "better").all(), summary
    assert np.isfinite(run.predictions[["score", "passed P(pass)"]].to_numpy()).all()


@pytest.fixture(scope="module")
def sparse_run():
    """The tiny class with 60 % of its scores removed (at random), trained with 3-fold CV."""
    frame = make_tiny_class()
    missing = np.random.default_rng(3).permutation(len(frame))[:72]
    frame.loc[missing, "score"] = np.nan
    tasks = [make_task(frame, "score"), make_task(frame, "passed"), make_task(frame, "band")]
    return frame, train(frame, tasks, config=small_config(), evaluation=KFold(3))


def test_a_task_with_most_labels_missing_still_trains(sparse_run):
    frame, run = sparse_run
    assert history_is_finite(run)
    summary = run.summary.set_index("task")
    assert summary.loc["score", "n_labelled"] == 48
    assert summary.loc["passed", "n_labelled"] == 120
    assert summary.loc["score", "verdict"] == "better"
    assert np.isfinite(run.predictions["score"]).all()  # unlabelled students get a prediction too


def test_a_sparse_task_is_evaluated_on_its_labelled_students_only(sparse_run):
    frame, run = sparse_run
    labelled = frame["score"].notna()
    truth = run.predictions["score (actual)"]
    assert truth.notna().tolist() == labelled.tolist()
    mae = (run.predictions.loc[labelled, "score"] - frame.loc[labelled, "score"]).abs().mean()
    metrics = run.metrics.set_index(["task", "metric"])
    assert np.isclose(metrics.loc[("score", "mae"), "model"], mae)
    assert metrics.loc[("score", "mae"), "n_labelled"] == 48
    fold_rows = run.fold_metrics[(run.fold_metrics["task"] == "score") & (run.fold_metrics["metric"] == "mae")]
    assert sorted(fold_rows["fold"]) == sorted(run.predictions["fold"].unique())
    for row in fold_rows.itertuples():
        here = labelled & (run.predictions["fold"] == row.fold)
        assert np.isclose(row.model, (run.predictions.loc[here, "score"] - frame.loc[here, "score"]).abs().mean())


def test_a_task_with_a_handful_of_labels_is_refused_naming_its_column():
    frame = make_tiny_class()
    frame.loc[5:, "band"] = np.nan
    tasks = [make_task(frame, "score"), make_task(frame, "band")]
    with pytest.raises(DataValidationError) as caught:
        train(frame, tasks, config=small_config())
    errors = caught.value.problems[caught.value.problems["severity"] == "error"]
    assert errors["column"].tolist() == ["band"]
    assert "only 5 labelled" in errors["problem"].iloc[0]
    assert "column 'band'" in str(caught.value)


# --------------------------------------------------------------------------- multi-task learning helps

def shared_factor_class(seed: int, n: int = 300, n_b: int = 30, n_inputs: int = 16) -> pd.DataFrame:
    """Task A (every student labelled) and task B (only ``n_b`` labelled) both depend on one
    hidden direction z of 16 inputs. Alone, B must find z from ~20 training labels; trained with A,
    the shared layers learn z from A's 200."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, n_inputs))
    direction = rng.normal(size=n_inputs)
    z = x @ (direction / np.linalg.norm(direction))
    task_b = 20 + 10 * np.tanh(z) + rng.normal(scale=1, size=n)
    task_b[rng.permutation(n)[n_b:]] = np.nan
    frame = pd.DataFrame(x.round(3), columns=[f"x{i}" for i in range(n_inputs)])
    frame["task_a"] = (50 + 10 * z + rng.normal(scale=2, size=n)).round(2)
    frame["task_b"] = task_b.round(2)
    return frame


def test_a_sparse_task_learns_better_beside_a_related_dense_task():
    joint, alone = [], []
    for seed in (1, 2):
        frame = shared_factor_class(seed)
        config = small_config(epochs=150, patience=20, seed=seed)
        both = train(frame, [make_task(frame, "task_a"), make_task(frame, "task_b")], config=config,
                     evaluation=KFold(3))
        single = train(frame.drop(columns="task_a"), [make_task(frame, "task_b")], config=config,
                       evaluation=KFold(3))
        assert both.summary.set_index("task").loc["task_b", "n_labelled"] == 30
        joint.append(both.summary.set_index("task").loc["task_b", "model"])
        alone.append(single.summary.set_index("task").loc["task_b", "model"])
    # out-of-fold MAE of task B (seeds 0-4 all showed joint at least 30 % lower)
    assert np.mean(joint) < 0.8 * np.mean(alone), (joint, alone)
    assert all(j < a for j, a in zip(joint, alone)), (joint, alone)
