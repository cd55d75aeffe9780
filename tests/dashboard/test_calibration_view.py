"""The calibration panel: the reliability curve of a run in words and a chart, for new and old saved runs."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from dashboard import calibration_view as calv
from dashboard import messages as M

R = M.RESULTS


@pytest.mark.parametrize("ece, level, key", [(0.03, "success", "calibration_verdict_good"),
                                             (0.08, "info", "calibration_verdict_fair"),
                                             (0.2, "warning", "calibration_verdict_poor")])
def test_the_verdict_follows_the_calibration_error(ece, level, key):
    sentence, found = calv.verdict("passed", ece, 300)
    assert found == level
    assert sentence == R[key].format(task="passed", ece=f"{100 * ece:.1f} points")


def test_few_students_make_a_good_calibration_only_rough_and_none_is_said_so():
    sentence, level = calv.verdict("passed", 0.02, 30)
    assert level == "info" and sentence.endswith(R["calibration_small"].format(n=30).strip())
    assert calv.verdict("passed", float("nan"), 0) == (R["calibration_none"], "info")


def test_curve_and_error_come_from_the_run(tiny_run):
    _, run = tiny_run
    for task in (t for t in run.outcome_tasks if t.is_classification):
        curve = calv.curve_for(run, task)
        assert curve["students"].sum() == run.predictions.loc[run.predictions["out_of_sample"],
                                                              f"{task.name} (actual)"].notna().sum()
        metric = run.metrics[(run.metrics["task"] == task.name) & (run.metrics["metric"] == "ece")]
        assert calv.ece_for(run, task, curve) == pytest.approx(float(metric["model"].iloc[0]))
    band = run.task("band")
    assert calv.axis_label(calv.curve_for(run, band)) == R["calibration_top"]
    passed = run.task("passed")
    assert calv.axis_label(calv.curve_for(run, passed)) == R["calibration_binary"].format(label="fail")


def test_a_run_saved_before_calibration_was_recorded_gets_the_same_curve_from_its_predictions(tiny_run):
    _, run = tiny_run
    metrics = run.metrics[run.metrics["metric"] != "ece"]
    old = dataclasses.replace(run, calibration=None, metrics=metrics)
    for task in (t for t in run.outcome_tasks if t.is_classification):
        new_curve, old_curve = calv.curve_for(run, task), calv.curve_for(old, task)
        assert np.allclose(new_curve[["predicted", "observed", "students"]].to_numpy(dtype=float),
                           old_curve[["predicted", "observed", "students"]].to_numpy(dtype=float))
        assert calv.ece_for(old, task, old_curve) == pytest.approx(calv.ece_for(run, task, new_curve))


def test_the_panel_draws_the_chart_and_the_sentence(tiny_run):
    from streamlit.testing.v1 import AppTest

    def script():
        import streamlit as st

        from dashboard import calibration_view

        run = st.session_state["run"]
        calibration_view.panel(run, run.task("passed"), key="calibration_test")

    _, run = tiny_run
    at = AppTest.from_function(script, default_timeout=60)
    at.session_state["run"] = run
    at.run()
    assert not at.exception
    box = at.get_by_key("calibration_test_verdict")
    sentence = [e.value for e in box.children.values()][0]
    assert sentence.startswith("passed\\: the probabilities are")
    chart = at.get_by_key("calibration_test")
    assert chart is not None
