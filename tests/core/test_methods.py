"""The plug-in contract of every registered architecture and loss weighting, checked on real 3-epoch fits."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from mtl_core import ARCHITECTURES, WEIGHTINGS, Holdout, TrainConfig, predict, train, with_weights
from tests.synthetic import make_tiny_class, tiny_tasks

# score (regression) is switched off with weight 0; passed (binary) counts twice as much as band (multiclass).
# Three tasks keep the TensorFlow tracing of the mixture-of-experts models short.
TEACHER_WEIGHTS = {"score": 0.0, "passed": 2.0, "band": 1.0}
# Every architecture with the default weighting, every weighting with the default architecture, and
# GradNorm (the one weighting that reads the architecture's shared layers) with every architecture.
# The full product would cost about 15 TensorFlow tracings for little extra coverage.
METHODS = sorted({*((a, "manual") for a in ARCHITECTURES.names()), *((a, "gradnorm") for a in ARCHITECTURES.names()),
                  *(("shared_bottom", w) for w in WEIGHTINGS.names())})


@functools.lru_cache(maxsize=None)
def fitted(architecture: str, weighting: str):
    """A 3-epoch fit of the tiny class (cached: later tests read the same runs)."""
    frame = make_tiny_class()
    tasks = with_weights(tiny_tasks(frame)[:3], TEACHER_WEIGHTS)
    config = TrainConfig(architecture=architecture, weighting=weighting, hidden_units=(16,), head_units=(8,),
                         experts=2, ensemble_size=2, epochs=3, patience=3, seed=0)
    return frame, train(frame, tasks, config=config, evaluation=Holdout())


def logged_weights(run) -> dict:
    """Per task: the weights logged at every epoch."""
    return {task: group.sort_values("epoch")["weight"].to_numpy() for task, group in run.history.groupby("task")}


def test_the_registries_hold_the_documented_methods():
    assert {"shared_bottom", "mmoe", "cgc"} <= set(ARCHITECTURES.names())
    assert {"manual", "equal", "uncertainty", "dwa", "gradnorm"} <= set(WEIGHTINGS.names())
    assert ARCHITECTURES.names()[0] == TrainConfig().architecture and WEIGHTINGS.names()[0] == TrainConfig().weighting
    for info in [*ARCHITECTURES.infos(), *WEIGHTINGS.infos()]:
        assert info.label and info.summary and info.paper, info.name


@pytest.mark.parametrize("architecture, weighting", METHODS, ids=[f"{a}+{w}" for a, w in METHODS])
def test_every_method_trains_logs_weights_and_predicts(architecture, weighting):
    frame, run = fitted(architecture, weighting)
    history = run.history
    assert sorted(history["epoch"].unique()) == [1, 2, 3] and run.epochs == 3
    assert np.isfinite(history[["train_loss", "val_loss", "weight"]].to_numpy()).all()
    weights = logged_weights(run)
    assert set(weights) == set(TEACHER_WEIGHTS)
    for task in ("passed", "band"):
        assert (weights[task] > 0).all(), (task, weights[task])
    assert (weights["score"] == 0).all()
    # shapes: one value per student, one probability per class, for every member
    outputs = run.predictor.member_outputs(run.predictor.features(frame))
    members = run.predictor.members
    assert members == 2
    assert outputs["score"].shape == (members, 120)
    assert outputs["passed"].shape == (members, 120, 2) and outputs["band"].shape == (members, 120, 3)
    np.testing.assert_allclose(outputs["band"].sum(axis=-1), 1.0, rtol=1e-5)
    new = predict(run, frame.iloc[:7])
    assert new.shape[0] == 7 and np.isfinite(new.select_dtypes("number").to_numpy()).all()
    assert set(new["band"]) <= {"A", "B", "C"}


@pytest.mark.parametrize("weighting", WEIGHTINGS.names())
def test_a_weight_of_zero_switches_a_task_off(weighting):
    """No training signal reaches score's output: its bias (not regularised) keeps its start value 0."""
    _, run = fitted("shared_bottom", weighting)
    model = run.predictor.model
    np.testing.assert_array_equal(model.get_layer("task0_output").bias.numpy(), 0.0)
    assert np.abs(model.get_layer("task1_output").bias.numpy()).max() > 0  # a trained task's bias moved
    assert (logged_weights(run)["score"] == 0).all()


def test_manual_keeps_the_teachers_weights():
    weights = logged_weights(fitted("shared_bottom", "manual")[1])
    np.testing.assert_allclose(weights["passed"] / weights["band"], 2.0)
    np.testing.assert_allclose(weights["passed"], weights["passed"][0])  # unchanged during training


def test_equal_ignores_the_teachers_weights():
    weights = logged_weights(fitted("shared_bottom", "equal")[1])
    for task in ("passed", "band"):
        np.testing.assert_allclose(weights[task], 1.0)
