"""Tests for mtl_core.evaluation.references: the tree encoding, real tree fits on the folds, the registry."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mtl_core import ConfigError, make_task
from mtl_core.evaluation import references as refs
from mtl_core.evaluation.references import REFERENCES, TreeInputs, reference_predictions
from mtl_core.evaluation import splits
from mtl_core.evaluation.splits import KFold
from mtl_core.tabular.preprocessing import FeatureLayout
from tests.synthetic import make_tiny_class, tiny_tasks


@pytest.fixture(autouse=True, scope="module")
def fewer_trees():
    """50 trees instead of 500: the same forest, fast enough for tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(refs, "FOREST_TREES", 50)
        yield


def layout_of(frame: pd.DataFrame, numeric=("effort", "noise_col"), categorical=("track",)) -> FeatureLayout:
    return FeatureLayout.from_frame(frame, numeric=list(numeric), categorical=list(categorical))


def three_folds(n: int, seed: int = 0) -> np.ndarray:
    return splits.test_folds(n, KFold(3), None, seed)


# --------------------------------------------------------------------------- registry

def test_both_tree_models_are_registered_with_what_a_ui_shows():
    assert REFERENCES.names() == ["random forest", "gradient boosting"]
    for info in REFERENCES.infos():
        assert info.label and info.summary and info.paper


def test_an_unknown_reference_model_lists_the_available_ones():
    with pytest.raises(ConfigError, match="Unknown reference model 'forest'. Available: random forest, gradient"):
        REFERENCES.get("forest")


def test_a_new_reference_model_is_one_class_and_one_line():
    class Ridge:
        name = "ridge"
        label = "Ridge regression"
        summary = "A linear model."
        paper = "Hoerl & Kennard (1970)"
        native_categorical = False

        @staticmethod
        def estimator(kind, categorical, seed):
            from sklearn.linear_model import LogisticRegression, RidgeCV

            return RidgeCV() if kind.value == "regression" else LogisticRegression()

    frame = make_tiny_class()
    REFERENCES.register(Ridge)
    try:
        task = make_task(frame, "score")
        numeric_only = layout_of(frame, categorical=())
        predictions, seconds = reference_predictions(frame, [task], numeric_only, three_folds(len(frame)), 0,
                                                     models=["ridge"])
    finally:
        REFERENCES._classes.pop("ridge")
    error = np.abs(predictions["ridge"]["score"] - frame["score"]).mean()
    assert error < 4, "score is linear in effort (noise sd 3): a linear model fits it"
    assert set(seconds) == {"ridge"}


# --------------------------------------------------------------------------- encoding

def test_tree_inputs_keep_missing_numbers_and_code_categories_from_the_training_rows_only():
    frame = pd.DataFrame({"hours": [1.0, np.nan, 3.0, 4.0], "track": ["a", "b", None, "c"]})
    layout = layout_of(frame, numeric=["hours"], categorical=["track"])
    parsed = layout.parse(frame)
    fit_rows = np.array([True, True, True, False])  # "c" is only in the test row
    inputs = TreeInputs.fit(parsed, layout.numeric, layout.categorical, fit_rows)
    x = inputs.base(parsed, np.ones(4, bool))
    assert inputs.coded == ("track",) and inputs.wide == ()
    assert np.isnan(x[1, 0]) and x[0, 0] == 1.0, "a missing number stays NaN for the trees"
    assert x[0, 1] == 0.0 and x[1, 1] == 1.0, "ordinal codes of the training levels a, b"
    assert np.isnan(x[2, 1]) and np.isnan(x[3, 1]), "missing and unseen levels are NaN, never a made-up code"
    assert inputs.categorical_mask.tolist() == [False, True]


def test_a_column_with_many_levels_is_target_encoded_not_capped(monkeypatch):
    monkeypatch.setattr(refs, "CODED_LEVELS", 3)
    rng = np.random.default_rng(0)
    school = rng.integers(0, 12, 600)
    frame = pd.DataFrame({"school": [f"school {s}" for s in school], "noise": rng.normal(size=600),
                          "score": 3.0 * school + rng.normal(scale=0.5, size=600)})
    layout = layout_of(frame, numeric=["noise"], categorical=["school"])
    inputs = TreeInputs.fit(layout.parse(frame), layout.numeric, layout.categorical, np.ones(600, bool))
    assert inputs.wide == ("school",) and inputs.coded == ()
    task = make_task(frame, "score", kind="regression")
    predictions, _ = reference_predictions(frame, [task], layout, three_folds(600), 0)
    for model in REFERENCES.names():
        error = np.sqrt(np.mean((predictions[model]["score"] - frame["score"]) ** 2))
        assert error < 1.0, f"{model}: the school's mean carries the score (sd across schools 10, noise 0.5)"


# --------------------------------------------------------------------------- real fits

@pytest.fixture(scope="module")
def tiny_references():
    frame = make_tiny_class()
    tasks = tiny_tasks(frame)
    folds = three_folds(len(frame))
    return frame, tasks, folds, reference_predictions(frame, tasks, layout_of(frame), folds, seed=3)


def test_every_student_of_a_test_fold_gets_a_prediction_of_every_model(tiny_references):
    frame, tasks, folds, (predictions, seconds) = tiny_references
    assert set(predictions) == set(seconds) == {"random forest", "gradient boosting"}
    assert all(s > 0 for s in seconds.values())
    for model in predictions.values():
        assert np.isfinite(model["score"]).all()
        for task in tasks[1:]:
            proba = model[task.name]
            assert proba.shape == (len(frame), len(task.classes))
            assert np.allclose(proba.sum(axis=1), 1.0)


def test_trees_learn_the_known_structure_better_than_guessing(tiny_references):
    frame, tasks, folds, (predictions, _) = tiny_references
    guess = np.abs(frame["score"] - frame["score"].mean()).mean()
    for name, model in predictions.items():
        assert np.abs(model["score"] - frame["score"]).mean() < 0.6 * guess, name
        picked = np.asarray(tasks[1].classes)[model["passed"].argmax(axis=1)]
        assert (picked == frame["passed"]).mean() > 0.8, name


def test_students_without_a_label_are_predicted_but_never_learned_from():
    frame = make_tiny_class()
    frame.loc[:29, "score"] = np.nan
    task = make_task(frame, "score", kind="regression")
    folds = three_folds(len(frame))
    masked, _ = reference_predictions(frame, [task], layout_of(frame), folds, 0)
    changed = frame.copy()
    changed.loc[:29, "effort"] = 100.0  # inputs of the unlabelled students only
    again, _ = reference_predictions(changed, [task], layout_of(frame), folds, 0)
    for model in masked:
        assert np.isfinite(masked[model]["score"][:30]).all(), "an unlabelled student still gets a prediction"
        assert np.array_equal(masked[model]["score"][30:], again[model]["score"][30:]), \
            f"{model}: what unlabelled students look like must not change what the trees learned"


def test_the_seed_fixes_every_model_and_a_class_absent_from_training_gets_no_chance():
    frame = make_tiny_class()
    frame["rare"] = np.where(np.arange(len(frame)) < 2, "rare", "common")
    task = make_task(frame, "rare", kind="binary", risk_labels=("rare",))
    test = np.zeros((1, len(frame)), bool)
    test[0, :40] = True  # both "rare" students are tested, so training has one class only
    first, _ = reference_predictions(frame, [task], layout_of(frame), test, 5)
    second, _ = reference_predictions(frame, [task], layout_of(frame), test, 5)
    for model in first:
        assert np.array_equal(first[model]["rare"][:40], second[model]["rare"][:40])
        proba = first[model]["rare"][:40]
        assert (proba[:, task.classes.index("rare")] == 0).all()
        assert np.isnan(first[model]["rare"][40:]).all(), "rows in no test fold have no prediction"
