"""The Students page of a large class: the same numbers as the one-pass path, worked out per student, fast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mtl_core
from dashboard import messages as M
from dashboard import state
from dashboard import student_view as sv
from tests.dashboard.helpers import chart_data, page, preset, texts


@pytest.fixture
def large(monkeypatch):
    """Treat the 150-student sample run as a large class (the limit is what decides the path)."""
    monkeypatch.setattr(sv, "FULL_PASS_LIMIT", 50)
    monkeypatch.setattr(sv, "PICK_LIMIT", 40)


def test_the_training_class_reuses_the_run_s_own_predictions(sample_run):
    frame, run = sample_run
    own = sv.class_predictions(run, frame, training_class=True)
    fresh = mtl_core.predict(run, frame)
    assert list(own.columns) == list(fresh.columns)
    for column in fresh.columns:
        if fresh[column].dtype.kind == "f":
            np.testing.assert_allclose(own[column], fresh[column], rtol=1e-5, atol=1e-6)
        else:
            assert own[column].tolist() == fresh[column].tolist(), column


def test_class_students_match_the_one_pass_students(sample_run):
    frame, run = sample_run
    recs = mtl_core.recommend(run, frame)
    students = sv.class_students(run, frame, training_class=True)
    expected = recs.students.drop(columns=["top_reasons", "top_actions"])
    assert list(students.columns) == list(expected.columns)
    assert students["risk_level"].tolist() == expected["risk_level"].tolist()
    np.testing.assert_allclose(students["risk_score"], expected["risk_score"], rtol=1e-5, atol=1e-6)


def test_one_student_s_reasons_and_actions_are_those_of_the_whole_class_pass(sample_run):
    frame, run = sample_run
    recs = mtl_core.recommend(run, frame)
    row = int(recs.actions["row"].iloc[0])  # a student with at least one suggested action
    reasons, actions = sv.student_profile(run, frame, row)
    whole = recs.reasons[recs.reasons["row"] == row].reset_index(drop=True)
    assert set(reasons["row"]) == {row}
    assert reasons[["task", "column", "value", "target"]].equals(whole[["task", "column", "value", "target"]])
    np.testing.assert_allclose(reasons["contribution"], whole["contribution"], rtol=1e-4, atol=1e-6)
    mine = recs.actions[recs.actions["row"] == row].reset_index(drop=True)
    assert actions[["row", "column", "task"]].equals(mine[["row", "column", "task"]])
    np.testing.assert_allclose(actions["effect"], mine["effect"], rtol=1e-4, atol=1e-6)


def test_what_if_on_one_row_is_what_if_on_the_class(sample_run):
    frame, run = sample_run
    changes = {"attendance_rate": 99.0}
    one = sv.what_if_one(run, frame, 7, changes)
    whole = mtl_core.what_if(run, frame, 7, changes)
    pd.testing.assert_frame_equal(one, whole, rtol=1e-5)


def test_labels_are_built_column_wise_and_stay_unique():
    table = pd.DataFrame({"id": ["S1", None, "S3", None, "S1"], "name": ["Emma", "Li", None, None, "Emma"]})
    labels = sv.student_labels(table, "id", "name")
    slow = {row: sv.student_label(table, row, "id", "name") for row in table.index}  # the one-student label
    assert [labels[r] for r in (1, 2, 3)] == [slow[r] for r in (1, 2, 3)] == ["Li", "S3", "#4"]
    assert labels[0] != labels[4] and labels[0].startswith(slow[0]) and labels[4].startswith(slow[4])
    assert sv.pick_options([5, 6, 7], 9, limit=2) == [9, 5, 6]
    assert sv.pick_options([5, 6, 7], 6, limit=2) == [5, 6]


def test_a_large_class_lists_everyone_and_explains_the_student_opened(large, sample_run):
    frame, run = sample_run
    at = preset(page("students"), run=run, run_frame=frame).run()
    assert not at.exception
    active = at.session_state[state.RUN]
    assert active.recommendations is None  # no whole-class pass
    assert active.students is not None and len(active.students) == len(frame)
    table = at.get_by_key("students_table").dataframe[0].value
    assert len(table) == len(frame) and "top_actions" not in table.columns
    captions = " ".join(texts(at.caption))
    assert "worked out for each student when you open their profile" in captions
    assert "first 40 of the 150 students shown" in captions
    assert len(at.selectbox(key="students_pick").options) == 40
    first = at.selectbox(key="students_pick").value
    assert set(active.profiles) == {first}
    bars = chart_data(at, "students_reasons_chart")
    assert bars and len(bars[0].y) > 0
    listed = at.session_state[state.STUDENTS_SHOWN][:40]  # the rows the select box offers (highest risk first)
    with_actions = next(r for r in listed if len(sv.student_profile(run, frame, r)[1]))
    at.selectbox(key="students_pick").set_value(with_actions).run()
    assert not at.exception
    assert with_actions in active.profiles
    assert any("associated with" in c.value for c in at.get_by_key("students_actions").caption)
    # what-if still re-predicts on the one student's row
    slider = at.slider(key="whatif_attendance_rate")
    slider.set_value(slider.max if slider.value < slider.max else slider.min).run()
    assert not at.exception
    # downloads are made when asked for, and then hold every student
    assert M.ROSTER["prepare_downloads"] in [b.label for b in at.button]
    at.button(key="students_prepare_downloads").click().run()
    assert not at.exception
    assert at.get_by_key("students_download_csv") is not None
    data = active.exports[("recommendations", False)][0]["csv"]
    assert len(pd.read_csv(__import__("io").BytesIO(data))) == len(frame)
