"""Tests for mtl_core.recommend on the shared tiny run (score = 60 + 10*effort + 5*(track b) + noise)."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mtl_core import Action, ConfigError, predict, probability_column, risk_table, suggest_actions, what_if
from mtl_core.explanations.recommend import _member_weights
from tests.synthetic import make_tiny_class

ROOT = Path(__file__).resolve().parents[2]
EFFORT = Action("effort", "Plan extra practice time together", "increase")


@pytest.fixture(scope="module")
def reasons(tiny_run):
    from mtl_core import explain

    frame, run = tiny_run
    return explain(run, frame)


@pytest.fixture(scope="module")
def recommendations(tiny_run):
    from mtl_core import recommend

    frame, run = tiny_run
    return recommend(run, frame, actions=[EFFORT])


def per_student(reasons: pd.DataFrame, task: str) -> pd.DataFrame:
    """Sum of contributions and the typical value, per student, for one task."""
    chosen = reasons[reasons["task"] == task].groupby("row")
    return pd.DataFrame({"total": chosen["contribution"].sum(), "typical": chosen["typical"].first()})


# --------------------------------------------------------------------------- predict

def test_predict_on_the_training_class_reuses_the_out_of_fold_members(tiny_run):
    frame, run = tiny_run
    predicted = predict(run, frame)
    columns = ["score", "passed P(fail)", "band P(A)", "band P(C)", "dropout P(yes)"]
    np.testing.assert_allclose(predicted[columns].to_numpy(), run.predictions[columns].to_numpy(), atol=1e-6)
    assert (predicted["band"] == run.predictions["band"]).all()
    assert predicted["out_of_sample"].all()
    everyone = run.predictor.member_outputs(run.predictor.features(frame))["score"].mean(axis=0)
    assert np.abs(everyone - predicted["score"]).max() > 0.1  # so the check above can tell the two apart


def test_predict_on_a_new_class_averages_every_member(tiny_run):
    _, run = tiny_run
    new = make_tiny_class(n=40, seed=11)
    predicted = predict(run, new)
    outputs = run.predictor.member_outputs(run.predictor.features(new))
    assert run.predictor.members == 6
    np.testing.assert_allclose(predicted["score"], outputs["score"].mean(axis=0), atol=1e-4)  # float32
    np.testing.assert_allclose(predicted["passed P(pass)"], outputs["passed"][:, :, 1].mean(axis=0), atol=1e-6)
    assert len(predicted) == 40 and predicted["out_of_sample"].all()
    assert np.corrcoef(predicted["score"], new["score"])[0, 1] > 0.8


def test_a_trained_student_is_still_recognised_after_names_and_outcomes_change(tiny_run):
    frame, run = tiny_run
    edited = frame.copy()
    edited.loc[3, "name"] = "Student Three"  # a typo fixed after training
    edited["dropout"] = edited["dropout"].fillna("no")  # outcomes filled in later
    edited["score"] = edited["score"] + 1.0
    edited["remark"] = "term 2"  # a new column the model does not read
    predicted = predict(run, edited.iloc[::-1])  # in any order
    columns = ["score", "passed P(fail)", "dropout P(yes)"]
    expected = run.predictions[columns].iloc[::-1].to_numpy()
    np.testing.assert_allclose(predicted[columns].to_numpy(), expected, atol=1e-6)  # the out-of-fold members


def test_a_changed_input_or_id_makes_a_new_student(tiny_run):
    frame, run = tiny_run
    edited = frame.copy()
    edited.loc[0, "effort"] += 0.5
    edited.loc[1, "student_id"] = "T999"
    weights, _ = _member_weights(run, edited)
    np.testing.assert_allclose(weights[:2], run.predictor.uniform_weights(2))
    np.testing.assert_array_equal(weights[2:], run.row_weights[2:])


def test_students_with_the_same_key_are_matched_in_table_order(tiny_run):
    frame, run = tiny_run
    copies = frame.iloc[[5, 5, 5]].reset_index(drop=True)  # one trained student, pasted three times
    weights, _ = _member_weights(run, copies)
    np.testing.assert_array_equal(weights[0], run.row_weights[5])
    np.testing.assert_allclose(weights[1:], run.predictor.uniform_weights(2))  # the other two are new


def test_runs_saved_before_key_columns_were_recorded_hash_every_column(tiny_run):
    from mtl_core.data.identity import row_keys

    frame, run = tiny_run
    legacy = dataclasses.replace(run, row_keys=row_keys(frame), row_key_columns=None)
    weights, _ = _member_weights(legacy, frame)
    np.testing.assert_array_equal(weights, run.row_weights)
    edited = frame.assign(score=frame["score"] + 1.0)  # the old keys included the outcomes
    np.testing.assert_allclose(_member_weights(legacy, edited)[0], run.predictor.uniform_weights(len(frame)))


# --------------------------------------------------------------------------- explain

def test_contributions_add_up_to_the_prediction_as_shown(tiny_run, reasons):
    """The reasons end where the prediction table does (for outcomes derived from one column, where what is shown
    differs from the heads' own outputs: tests/core/test_coherence.py)."""
    frame, run = tiny_run
    score = per_student(reasons, "score")
    np.testing.assert_allclose(score["total"] + score["typical"], run.predictions["score"], atol=1e-6)
    assert len(score) == len(frame)
    fail = per_student(reasons, "passed")  # classification: the at-risk probability is explained
    assert (reasons.loc[reasons["task"] == "passed", "target"] == "P(fail)").all()
    np.testing.assert_allclose(fail["total"] + fail["typical"], run.predictions[probability_column("passed", "fail")],
                               atol=1e-6)
    band = reasons[reasons["task"] == "band"].groupby("row").first()  # the shown band's chance
    assert (band["target"] == "P(" + run.predictions["band"] + ")").all()
    shown = [run.predictions.at[row, probability_column("band", label)] for row, label in run.predictions["band"].items()]
    np.testing.assert_allclose(per_student(reasons, "band")["total"] + band["typical"], shown, atol=1e-6)


def test_contributions_are_rescaled_keeping_who_pushed_which_way():
    from mtl_core.explanations.recommend import add_up_to

    pushes = np.array([[3.0, -1.0, 0.0], [0.5, 0.5, 0.0], [0.0, 0.0, 0.0]])
    made = add_up_to(pushes, np.array([4.0, -1.0, 0.3]))
    np.testing.assert_allclose(made.sum(axis=1), [4.0, -1.0, 0.3])
    np.testing.assert_allclose(made[0], [6.0, -2.0, 0.0])  # same sign: scaled, signs and proportions kept
    np.testing.assert_allclose(made[1], [-0.5, -0.5, 0.0])  # opposite sign: shared out by size
    np.testing.assert_allclose(made[2], [0.1, 0.1, 0.1])  # nothing pushed: shared out equally


def test_effort_is_the_main_reason_and_noise_barely_counts(reasons):
    size = reasons[reasons["task"] == "score"].assign(size=lambda r: r["contribution"].abs())
    by_column = size.groupby("column")["size"].mean()
    assert by_column.idxmax() == "effort"
    assert by_column["noise_col"] < 0.25 * by_column["effort"]
    top = size.sort_values("size", ascending=False).drop_duplicates("row")
    assert (top["column"] == "effort").mean() > 0.7  # effort is most students' top reason too
    effort = size[size["column"] == "effort"]
    low_effort = effort[effort["value"].astype(float) < -1]
    assert len(low_effort) > 10 and (low_effort["contribution"] < 0).all()  # low effort pushes the score down


def test_explaining_some_rows_matches_explaining_all(tiny_run, reasons):
    from mtl_core import explain

    frame, run = tiny_run
    some = explain(run, frame, rows=[4, 17])
    expected = reasons[reasons["row"].isin([4, 17])].reset_index(drop=True)
    pd.testing.assert_frame_equal(some.sort_values(["task", "row", "column"]).reset_index(drop=True),
                                  expected.sort_values(["task", "row", "column"]).reset_index(drop=True),
                                  check_exact=False, atol=1e-5)


# --------------------------------------------------------------------------- actions

def test_raising_effort_helps_students_below_the_median_only(tiny_run):
    frame, run = tiny_run
    actions = suggest_actions(run, frame, [EFFORT])
    median = frame["effort"].median()
    on_score = actions[actions["task"] == "score"].set_index("row")
    assert len(on_score) > 40
    assert (on_score["effect"] > 0).all()
    assert (frame.loc[on_score.index, "effort"] < median).all()  # nobody above the median is told to raise it
    clearly_below = frame.index[frame["effort"] < median - 0.5]
    assert set(clearly_below) <= set(on_score.index)
    # the weaker the effort, the bigger the gain (the truth is linear: +10 points per unit of effort)
    effort = frame.loc[on_score.index, "effort"]
    assert effort.corr(on_score["effect"], method="spearman") < -0.8
    weakest = on_score.loc[effort < frame["effort"].quantile(0.1), "effect"]
    nearly_there = on_score.loc[effort > median - 0.5, "effect"]
    assert weakest.min() > nearly_there.max()
    assert (on_score["action"] == EFFORT.wording).all()
    assert set(actions["task"]) == {"score", "passed", "band", "dropout"}
    assert (actions.loc[actions["task"] == "passed", "effect"] < 0.02).all()  # P(fail) does not go up


def test_an_action_on_a_column_the_model_does_not_use_suggests_nothing(tiny_run):
    frame, run = tiny_run
    assert suggest_actions(run, frame, [Action("attendance_rate", "Follow up", "increase")]).empty
    set_track = suggest_actions(run, frame, [Action("track", "Move to track b", "set", "b")])
    assert not set_track.empty
    assert set(set_track["row"]) <= set(frame.index[frame["track"] == "a"])
    assert (set_track.loc[set_track["task"] == "score", "effect"] > 0).all()


def test_setting_a_category_the_model_never_saw_suggests_nothing(tiny_run):
    # like the default 额外辅导 -> "yes" on a 是/否 column: the value would switch every track feature off
    frame, run = tiny_run
    assert set(run.predictor.layout.categories["track"]) == {"a", "b"}
    assert suggest_actions(run, frame, [Action("track", "Move to track yes", "set", "yes")]).empty
    assert suggest_actions(run, frame, [Action("effort", "Set effort", "set", "lots")]).empty
    assert not suggest_actions(run, frame, [Action("track", "Move to track b", "set", " b ")]).empty


def test_no_wording_claims_a_cause(tiny_run, recommendations):
    from mtl_core.explanations.recommend import DEFAULT_ACTIONS, WORDING

    texts = [*_strings(WORDING), *(a.wording for a in DEFAULT_ACTIONS),
             *recommendations.students["top_reasons"], *recommendations.students["top_actions"],
             *recommendations.actions["action"]]
    assert recommendations.actions["action"].size > 0 and any(texts)
    offending = [t for t in texts if re.search(r"caus", t, flags=re.IGNORECASE)]
    assert offending == []
    assert "associated" in WORDING["effect"]


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    else:
        yield value


# --------------------------------------------------------------------------- what-if

def test_what_if_moves_predictions_in_the_right_direction(tiny_run):
    frame, run = tiny_run
    weak = int(frame["effort"].idxmin())
    raised = what_if(run, frame, weak, {"effort": frame.loc[weak, "effort"] + 1.5}).set_index("task")
    assert raised.loc["score", "after"] > raised.loc["score", "before"] + 3
    assert np.isclose(raised.loc["score", "change"], raised.loc["score", "after"] - raised.loc["score", "before"])
    assert raised.loc["passed", "risk_after"] < raised.loc["passed", "risk_before"]
    assert raised.loc["dropout", "risk_after"] < raised.loc["dropout", "risk_before"]
    lowered = what_if(run, frame, 0, {"effort": -1.5}).set_index("task")
    assert lowered.loc["score", "change"] < -5 and lowered.loc["passed", "change"] > 0
    moved = what_if(run, frame, 0, {"track": "a"}).set_index("task")  # T000 is on track b (+5 points)
    assert moved.loc["score", "change"] < 0
    unchanged = what_if(run, frame, 0, {}).set_index("task")
    assert np.isclose(unchanged.loc["score", "before"], run.predictions.loc[0, "score"])
    assert unchanged.loc["score", "change"] == 0


def test_what_if_refuses_an_unknown_column(tiny_run):
    frame, run = tiny_run
    with pytest.raises(ConfigError, match="efort"):
        what_if(run, frame, 0, {"efort": 1.0})


# --------------------------------------------------------------------------- risk

def test_risk_levels_follow_the_thresholds(tiny_run):
    _, run = tiny_run
    fail = [0.60, 0.50, 0.4999, 0.25, 0.2499, 0.0, 0.1]
    dropout = [0.10, 0.00, 0.0, 0.00, 0.0000, 0.0, 0.7]
    predictions = pd.DataFrame({"passed P(fail)": fail, "passed P(pass)": 1 - np.array(fail),
                                "dropout P(no)": 1 - np.array(dropout), "dropout P(yes)": dropout})
    table = risk_table(run, predictions)
    assert table["risk_level"].tolist() == ["high", "high", "medium", "medium", "low", "low", "high"]
    assert table["risk_task"].tolist() == ["passed"] * 6 + ["dropout"]
    np.testing.assert_allclose(table["risk_score"], np.maximum(fail, dropout))


def test_risk_of_the_trained_class_is_the_highest_at_risk_probability(tiny_run):
    _, run = tiny_run
    table = risk_table(run, run.predictions)
    expected = np.maximum(run.predictions["passed P(fail)"], run.predictions["dropout P(yes)"])
    np.testing.assert_allclose(table["risk_score"], expected)
    assert {"high", "low"} <= set(table["risk_level"])


def test_without_an_at_risk_label_a_low_predicted_value_is_the_risk(tiny_run):
    _, run = tiny_run
    only_score = dataclasses.replace(run, tasks=run.tasks[:1])
    mean = run.predictor.target_means["score"].mean()
    sd = run.predictor.target_scales["score"].mean()
    values = pd.DataFrame({"score": [mean - 1.2 * sd, mean - 1.01 * sd, mean - 0.6 * sd, mean - 0.4 * sd, mean + sd]})
    table = risk_table(only_score, values)
    assert table["risk_level"].tolist() == ["high", "high", "medium", "low", "low"]
    assert table["risk_task"].unique().tolist() == ["score"]


# --------------------------------------------------------------------------- everything together

def test_recommend_gives_one_row_per_student_with_ids_and_names(tiny_run, recommendations):
    frame, run = tiny_run
    students = recommendations.students
    assert len(students) == len(frame)
    assert students["student_id"].tolist() == frame["student_id"].tolist()
    assert students["name"].tolist() == frame["name"].tolist()
    assert set(students["risk_level"]) <= {"high", "medium", "low"}
    np.testing.assert_allclose(students["score"], run.predictions["score"])
    assert students["top_reasons"].str.len().gt(0).all()
    assert students["top_reasons"].str.contains("effort").mean() > 0.9
    helped = students["top_actions"] == EFFORT.wording
    assert helped.sum() == recommendations.actions["row"].nunique() > 40
    assert set(recommendations.reasons["row"]) == set(range(len(frame)))


def test_recommend_works_on_a_new_class_in_any_row_order(tiny_run):
    from mtl_core import recommend

    _, run = tiny_run
    new = make_tiny_class(n=30, seed=12).iloc[::-1]
    result = recommend(run, new, actions=[EFFORT])
    assert result.students["student_id"].tolist() == new["student_id"].tolist()
    assert result.students["out_of_sample"].all()


def test_the_public_name_recommend_stays_the_function_after_its_module_is_imported():
    """``explain`` imports the module mtl_core.recommend; importing a submodule binds its name on the
    package, which used to hide the public function ``mtl_core.recommend``."""
    probe = ("import json, mtl_core; from mtl_core import explain; import mtl_core.explanations.recommend; "
             "from mtl_core import recommend; print(json.dumps([callable(recommend), recommend.__name__]))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [True, "recommend"]
