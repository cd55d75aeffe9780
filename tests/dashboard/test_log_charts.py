"""The answer-log chart builders of dashboard/charts.py: a DataFrame in, a Figure out (checked through fig.data)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard import charts
from dashboard import messages as M


def test_the_mastery_heatmap_has_one_row_per_student_and_one_column_per_skill():
    wide = pd.DataFrame([[0.2, 0.9], [0.5, np.nan], [0.8, 0.1]], index=["S1", "<b>S2</b>", "S3"],
                        columns=["fractions", "ratios"])
    fig = charts.mastery_heatmap(wide)
    (trace,) = fig.data
    assert trace.type == "heatmap"
    assert list(trace.x) == ["fractions", "ratios"] and len(trace.y) == 3
    assert "<b>" not in trace.y[1]  # a name from the file is shown as typed, never as HTML
    np.testing.assert_allclose(np.asarray(trace.z, dtype=float), wide.to_numpy(), equal_nan=True)
    assert (trace.zmin, trace.zmax) == (0, 1)


def test_the_skill_relations_map_shows_the_lift_in_points_centred_on_zero():
    influence = pd.DataFrame({"from_skill": ["a", "a", "b", "b", "c", "c"], "to_skill": ["b", "c", "a", "c", "a", "b"],
                              "p_after_right": 0.5, "p_after_wrong": 0.4,
                              "lift": [0.05, -0.02, 0.01, 0.0, 0.03, 0.04], "influence": 0.3})
    (trace,) = charts.skill_relations(influence).data
    z = np.asarray(trace.z, dtype=float)
    assert list(trace.x) == list(trace.y) == ["a", "b", "c"]
    assert np.isnan(np.diag(z)).all()  # a skill is not related to itself
    assert z[0, 1] == 5.0 and z[0, 2] == -2.0 and z[2, 1] == 4.0  # row: answered right; column: predicted
    assert trace.zmid == 0 and trace.zmax == -trace.zmin == 5.0


def test_the_auc_chart_colours_the_trained_model_and_marks_guessing():
    rows = pd.DataFrame({"model": ["DKT", "base rate", "PFA"], "auc": [0.72, 0.6, 0.7], "own": [True, False, False]})
    fig = charts.log_model_auc(rows)
    (bars,) = fig.data
    assert list(bars.x) == [0.72, 0.6, 0.7]
    assert bars.marker.color[0] != bars.marker.color[1] == bars.marker.color[2] == charts.NEUTRAL
    assert [shape.x0 for shape in fig.layout.shapes] == [0.5]


def test_the_calibration_chart_has_the_diagonal_and_one_line_per_model():
    rows = pd.DataFrame({"model": ["DKT", "DKT", "PFA"], "bin": ["0.2-0.3", "0.6-0.7", "0.2-0.3"],
                         "answers": [10, 40, 30], "predicted": [0.25, 0.65, 0.22], "observed": [0.3, 0.6, 0.2]})
    fig = charts.log_calibration(rows)
    assert [t.name for t in fig.data] == [M.CHARTS["calibration_ideal"], "DKT", "PFA"]
    assert list(fig.data[1].x) == [0.25, 0.65] and list(fig.data[1].y) == [0.3, 0.6]
    assert fig.data[1].marker.size[1] > fig.data[1].marker.size[0]  # more answers, a bigger dot
    assert fig.data[2].visible == "legendonly"  # the trained model first; the others a click away


def test_the_loss_curves_show_every_fold_and_the_guessing_line():
    history = pd.DataFrame({"fold": [0, 0, 1, 1], "epoch": [1, 2, 1, 2], "train_loss": [0.7, 0.6, 0.7, 0.62],
                            "val_loss": [0.69, 0.65, 0.68, 0.66], "val_auc": 0.6, "baseline_loss": 0.69})
    fig = charts.log_loss_curves(history)
    assert len(fig.data) == 4  # validation and training per fold
    assert [list(t.y) for t in fig.data[:2]] == [[0.69, 0.65], [0.7, 0.6]]
    assert [shape.y0 for shape in fig.layout.shapes] == [0.69]
    assert len(charts.log_loss_curves(history.drop(columns="baseline_loss")).layout.shapes) == 0
