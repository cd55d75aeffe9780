"""Tests for mtl_core.tabular.training: real tiny fits on the synthetic class and the sample class."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mtl_core import ConfigError, DataValidationError, Holdout, KFold, TrainConfig, infer_schema, make_task, train
from tests.synthetic import make_tiny_class, tiny_tasks

TASK_NAMES = ["score", "passed", "band", "dropout"]


def small_config(**overrides) -> TrainConfig:
    """A network small enough that a fit on 120 students takes a few seconds."""
    settings = dict(hidden_units=(16,), head_units=(8,), ensemble_size=1, epochs=20, patience=10, seed=0)
    return TrainConfig(**{**settings, **overrides})


def finite_predictions(run) -> bool:
    numbers = run.predictions.drop(columns=["out_of_sample", "fold"]).select_dtypes("number")
    numbers = numbers[[c for c in numbers if not c.endswith("(actual)")]]
    return bool(np.isfinite(numbers.to_numpy()).all())


# --------------------------------------------------------------------------- results

def test_summary_has_one_row_per_outcome_task(tiny_run):
    frame, run = tiny_run
    assert run.summary["task"].tolist() == TASK_NAMES
    assert run.summary["metric"].tolist() == ["mae", "brier", "accuracy", "brier"]
    assert run.summary["n_labelled"].tolist() == [120, 120, 120, int(frame["dropout"].notna().sum())]
    assert set(run.metrics["task"]) == set(TASK_NAMES)
    assert len(run.predictions) == len(frame) == run.n_students
    assert finite_predictions(run)


def test_auxiliary_tasks_shape_training_but_are_not_reported(tiny_class):
    tasks = [make_task(tiny_class, "score"), make_task(tiny_class, "passed", auxiliary=True)]
    run = train(tiny_class, tasks, config=small_config(epochs=5), evaluation=Holdout())
    assert run.summary["task"].tolist() == ["score"]
    assert [t.name for t in run.outcome_tasks] == ["score"]
    assert set(run.history["task"]) == {"score", "passed"}  # the auxiliary task was trained


@pytest.fixture(scope="module")
def seeded_runs():
    """Two fits with seed 3 and one with seed 4 (hold-out, so a single member each)."""
    frame = make_tiny_class()

    def fit(seed):
        return train(frame, tiny_tasks(frame), config=small_config(seed=seed), evaluation=Holdout())

    return fit(3), fit(3), fit(4)


def test_a_fixed_seed_repeats_exactly(seeded_runs):
    first, second, _ = seeded_runs
    assert np.allclose(first.predictions["score"], second.predictions["score"], atol=1e-5)
    assert np.allclose(first.predictions["passed P(pass)"], second.predictions["passed P(pass)"], atol=1e-5)
    assert (first.predictions["out_of_sample"] == second.predictions["out_of_sample"]).all()
    pd.testing.assert_frame_equal(first.summary, second.summary)


def test_another_seed_gives_another_model(seeded_runs):
    first, _, other = seeded_runs
    assert not np.allclose(first.predictions["score"], other.predictions["score"], atol=1e-3)
    assert not (first.predictions["out_of_sample"] == other.predictions["out_of_sample"]).all()


# --------------------------------------------------------------------------- progress and stopping

def test_callback_sees_every_epoch_and_can_stop_training(tiny_class):
    logs = []

    def callback(log):
        logs.append(log)
        return log.epoch == 4

    config = small_config(epochs=50, patience=50)
    run = train(tiny_class, tiny_tasks(tiny_class), config=config, evaluation=Holdout(), callback=callback)
    assert [log.epoch for log in logs] == [1, 2, 3, 4]
    for log in logs:
        assert list(log.train_loss) == TASK_NAMES and list(log.val_loss) == TASK_NAMES
        assert np.isfinite(list(log.train_loss.values())).all() and np.isfinite(list(log.val_loss.values())).all()
        assert log.max_epochs == 50 and log.eta_s >= 0 and 0.0 <= log.progress <= 1.0
        assert log.metric_name == {"score": "mae", "passed": "accuracy", "band": "accuracy", "dropout": "accuracy"}
        assert log.members == 1
    assert logs[-1].eta_s > 0  # 46 epochs were still expected when the teacher stopped
    assert run.stopped_by_user is True and run.epochs == 4
    assert run.history["epoch"].max() == 4 and len(run.history) == 4 * len(TASK_NAMES)
    assert finite_predictions(run)
    assert run.summary["model"].notna().all()


def test_early_stopping_ends_a_fit_on_noise_before_max_epochs(tiny_class):
    frame = tiny_class[["student_id", "effort", "track", "noise_col"]].copy()
    frame["noise_target"] = np.random.default_rng(5).normal(size=len(frame))
    logs = []
    run = train(frame, [make_task(frame, "noise_target")], config=small_config(epochs=300, patience=5),
                evaluation=Holdout(), callback=logs.append)
    assert run.stopped_by_user is False
    assert run.epochs < 100
    assert run.epochs == logs[-1].epoch == run.history["epoch"].max()
    assert logs[-1].active_members == 0
    assert run.summary.loc[0, "verdict"] != "better"  # nothing to learn in noise


# --------------------------------------------------------------------------- evaluation schemes

def test_kfold_predicts_every_student_out_of_sample_with_the_members_of_their_fold(tiny_run):
    frame, run = tiny_run
    predictions, predictor = run.predictions, run.predictor
    assert predictions["out_of_sample"].all()
    assert sorted(predictions["fold"].value_counts().tolist()) == [40, 40, 40]
    for student, fold in enumerate(predictions["fold"]):
        used = np.flatnonzero(run.row_weights[student] > 0)
        assert set(predictor.fold_of_member[used]) == {fold}
        assert np.isclose(run.row_weights[student].sum(), 1.0)
    for fold, preprocessor in enumerate(predictor.preprocessors):
        # each fold's scaling (standard by default: centred on the mean) was learned without its test students
        unseen = frame.loc[predictions["fold"] != fold, "effort"]
        assert preprocessor.scaling == "standard" and np.isclose(preprocessor.means_[0], unseen.mean())


def test_holdout_predicts_out_of_sample_only_for_the_test_share(tiny_class):
    run = train(tiny_class, tiny_tasks(tiny_class), config=small_config(epochs=10), evaluation=Holdout(0.25))
    tested = run.predictions["out_of_sample"]
    assert tested.sum() == 30
    assert set(run.predictions.loc[tested, "fold"]) == {0}
    assert set(run.predictions.loc[~tested, "fold"]) == {-1}
    assert run.summary.set_index("task").loc["score", "n_labelled"] == 30
    assert np.isclose(run.predictor.preprocessors[0].means_[0], tiny_class.loc[~tested, "effort"].mean())


# --------------------------------------------------------------------------- configuration and data errors

@pytest.mark.parametrize("settings, message", [
    (dict(epochs=0), "The 'epochs' parameter of TrainConfig must be an int >= 1. Got 0 instead."),
    (dict(epochs=2.5), "The 'epochs' parameter of TrainConfig must be an int between 1 and 100000. Got 2.5 instead."),
    (dict(patience=True), "The 'patience' parameter of TrainConfig must be an int >= 1. Got True instead."),
    (dict(epochs=200_000), "The 'epochs' parameter of TrainConfig must be an int <= 100000. Got 200000 instead."),
    (dict(ensemble_size=40), "The 'ensemble_size' parameter of TrainConfig must be an int <= 32. Got 40 instead."),
    (dict(ensemble_size="3"), "The 'ensemble_size' parameter of TrainConfig must be an int between 1 and 32. "
                              "Got '3' instead."),
    (dict(dropout=0.95), "The 'dropout' parameter of TrainConfig must be a number in [0.0, 0.9). Got 0.95 instead."),
    (dict(dropout=0.9), "The 'dropout' parameter of TrainConfig must be a number in [0.0, 0.9). Got 0.9 instead."),
    (dict(learning_rate=0), "The 'learning_rate' parameter of TrainConfig must be a number in (0.0, 1.0]. "
                            "Got 0 instead."),
    (dict(hidden_units=()), "The 'hidden_units' parameter of TrainConfig needs at least one width. Got () instead."),
    (dict(hidden_units=(16, 0)), "The 'hidden_units (each width)' parameter of TrainConfig must be an int >= 1. "
                                 "Got 0 instead."),
    (dict(seed=-1), "The 'seed' parameter of TrainConfig must be an int >= 0. Got -1 instead."),
])
def test_train_config_rejects_bad_settings_with_a_clear_message(settings, message):
    with pytest.raises(ConfigError) as caught:
        TrainConfig(**settings)
    assert str(caught.value) == message


def test_an_unknown_architecture_lists_the_available_ones(tiny_class):
    with pytest.raises(ConfigError, match=r"Unknown architecture 'mmeo'\. Available: shared_bottom, mmoe, cgc, tabm, tabm_mini\."):
        train(tiny_class, tiny_tasks(tiny_class), config=small_config(architecture="mmeo"))


def test_bad_data_raises_one_error_with_every_problem(tiny_class):
    frame = tiny_class.astype({"score": object})
    frame.loc[3, "score"] = "absent"
    frame.loc[7, "student_id"] = frame.loc[2, "student_id"]
    tasks = [make_task(tiny_class, "score"), make_task(tiny_class, "passed")]
    with pytest.raises(DataValidationError) as caught:
        train(frame, tasks, config=small_config())
    errors = caught.value.problems[caught.value.problems["severity"] == "error"]
    by_column = errors.set_index("column")
    assert set(by_column.index) == {"score", "student_id"}
    assert by_column.loc["score", "rows"] == "5"  # spreadsheet row: header is row 1
    assert "'absent'" in by_column.loc["score", "problem"]
    assert by_column.loc["student_id", "rows"] == "4, 9"
    assert "column 'score'" in str(caught.value) and "column 'student_id'" in str(caught.value)


# --------------------------------------------------------------------------- roles

def test_task_columns_never_become_inputs(tiny_class):
    schema = infer_schema(tiny_class).with_roles({"score": "input", "passed": "input", "band": "input"})
    tasks = [make_task(tiny_class, "score"), make_task(tiny_class, "passed")]
    run = train(tiny_class, tasks, schema=schema, config=small_config(epochs=3), evaluation=Holdout())
    inputs = run.predictor.layout.columns
    assert "score" not in inputs and "passed" not in inputs
    assert "band" in inputs  # not a task here, so the teacher's 'input' role stands
    assert run.schema["score"].role == "target" and run.schema["passed"].role == "target"


def test_sensitive_columns_are_not_inputs(tiny_class):
    frame = tiny_class[["student_id", "effort", "track", "noise_col", "score"]]
    frame = frame.assign(gender=np.where(np.arange(len(frame)) % 2, "F", "M"))
    schema = infer_schema(frame).with_roles({"track": "sensitive"})
    assert schema["gender"].role == "sensitive"  # inferred from the name
    run = train(frame, [make_task(frame, "score")], schema=schema, config=small_config(epochs=3),
                evaluation=Holdout())
    assert set(run.predictor.layout.columns) == {"effort", "noise_col"}


# --------------------------------------------------------------------------- the sample class

def test_every_task_of_the_sample_class_beats_its_naive_baseline(sample_class):
    names = ["final_exam", "passed", "dropped_out", "math_score", "letter_grade"]
    tasks = [make_task(sample_class, name) for name in names]
    config = TrainConfig(hidden_units=(32,), head_units=(8,), ensemble_size=1, epochs=80, patience=15, seed=0)
    run = train(sample_class, tasks, config=config, evaluation=KFold(3))
    summary = run.summary.set_index("task")
    assert summary.index.tolist() == names
    assert (summary["verdict"] == "better").all(), summary[["metric", "model", "baseline", "verdict"]]
    assert summary.loc["final_exam", "model"] < 0.8 * summary.loc["final_exam", "baseline"]
    assert summary.loc["math_score", "model"] < 0.85 * summary.loc["math_score", "baseline"]
    assert summary.loc["passed", "model"] < 0.75 * summary.loc["passed", "baseline"]  # Brier score
    assert summary.loc["letter_grade", "model"] > summary.loc["letter_grade", "baseline"] + 0.1  # accuracy
    assert summary.loc["dropped_out", "n_labelled"] == sample_class["dropped_out"].notna().sum()
    assert not {"gender", "age", "student_id", "name"} & set(run.predictor.layout.columns)


def test_per_task_early_stopping_keeps_one_checkpoint_per_task_and_joint_keeps_one():
    from mtl_core import KFold, TrainConfig, train
    from tests.synthetic import make_tiny_class, tiny_tasks

    frame = make_tiny_class(80, seed=3)
    tasks = tiny_tasks(frame)[:2]
    small = dict(epochs=15, patience=5, ensemble_size=1, hidden_units=(8,), head_units=(4,), seed=2)
    per_task = train(frame, tasks, config=TrainConfig(**small), evaluation=KFold(2))
    joint = train(frame, tasks, config=TrainConfig(early_stopping="joint", **small), evaluation=KFold(2))
    assert per_task.predictor.copies == len(tasks) and joint.predictor.copies == 1
    assert per_task.predictor.model.input_shape[0] == len(tasks) * per_task.predictor.members
    for run in (per_task, joint):
        assert run.predictions["score"].notna().all()
    with pytest.raises(ConfigError, match="'early_stopping' parameter of TrainConfig must be 'per_task' or 'joint'"):
        TrainConfig(early_stopping="sometimes")
