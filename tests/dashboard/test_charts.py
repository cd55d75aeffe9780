"""Chart builders: inspect the traces (fig.data), not pictures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from dashboard import charts
from dashboard import evaluation_data as ev
from dashboard import messages as M


def test_histogram_and_category_counts_escape_labels():
    fig = charts.histogram(pd.Series([1, 2, None, 4], name="<b>score</b>"))
    assert list(fig.data[0].x) == [1, 2, 4]
    assert fig.layout.xaxis.title.text == "&lt;b&gt;score&lt;/b&gt;"
    bars = charts.category_counts(pd.Series([3, 1], index=["<i>yes</i>", "no"]))
    assert list(bars.data[0].x) == ["&lt;i&gt;yes&lt;/i&gt;", "no"]
    assert list(bars.data[0].y) == [3, 1]


def test_loss_curves_have_a_train_and_a_validation_line_per_task_and_the_guess_line():
    history = pd.DataFrame({"epoch": [1, 2, 1, 2], "task": ["a", "a", "b", "b"], "train_loss": [1.0, 0.8, 1.0, 0.9],
                            "val_loss": [1.0, 0.85, 1.0, 0.95]})
    fig = charts.loss_curves(history)
    assert len(fig.data) == 4
    assert [t.line.dash for t in fig.data] == [None, "dash", None, "dash"]
    assert list(fig.data[0].y) == [1.0, 0.85]
    assert fig.layout.shapes[0].y0 == 1.0


def test_predicted_vs_actual_has_points_and_the_diagonal():
    points = pd.DataFrame({"actual": [50.0, 70.0], "predicted": [55.0, 65.0], "who": ["<b>A</b>", "B"]})
    fig = charts.predicted_vs_actual(points, "final")
    assert list(fig.data[0].x) == [50.0, 70.0]
    assert list(fig.data[0].text) == ["&lt;b&gt;A&lt;/b&gt;", "B"]
    assert list(fig.data[1].x) == [50.0, 70.0] and list(fig.data[1].y) == [50.0, 70.0]


def test_confusion_matrix_keeps_class_order():
    table = pd.DataFrame([[5, 1], [2, 7]], index=["fail", "pass"], columns=["fail", "pass"])
    fig = charts.confusion_matrix(table)
    assert fig.data[0].z.tolist() == [[5, 1], [2, 7]]
    assert list(fig.data[0].x) == ["fail", "pass"]


def test_contributions_put_the_biggest_on_top_and_colour_by_sign():
    table = pd.DataFrame({"column": ["attendance", "sleep"], "value": ["80", "6"], "contribution": [-2.0, 0.5]})
    fig = charts.contributions(table, "final")
    assert list(fig.data[0].y) == ["sleep = 6", "attendance = 80"]
    assert list(fig.data[0].marker.color) == [charts.GOOD, charts.BAD]
    risk = charts.contributions(table, "P(fail)", higher_is_better=False)
    assert list(risk.data[0].marker.color) == [charts.BAD, charts.GOOD]
    neutral = charts.contributions(table, "P(B)", higher_is_better=None)
    assert len(set(neutral.data[0].marker.color)) == 1


def test_risk_counts_in_fixed_order():
    fig = charts.risk_counts(pd.Series(["low", "high", "low"]), {"high": "high", "medium": "medium", "low": "low"})
    assert list(fig.data[0].x) == ["high", "medium", "low"]
    assert list(fig.data[0].y) == [1, 0, 2]


# --------------------------------------------------------------------------- data behind the charts

class _Task:
    def __init__(self, name, classes, risk_labels=()):
        self.name, self.classes, self.risk_labels = name, classes, risk_labels


def _predictions(truth, p_yes, out_of_sample=None):
    n = len(truth)
    return pd.DataFrame({"t": np.where(np.asarray(p_yes) >= 0.5, "yes", "no"), "t P(no)": 1 - np.asarray(p_yes),
                         "t P(yes)": p_yes, "t (actual)": truth,
                         "out_of_sample": out_of_sample if out_of_sample is not None else [True] * n})


def test_roc_area_matches_scikit_learn_with_ties():
    rng = np.random.default_rng(0)
    truth = rng.choice(["yes", "no"], 200)
    scores = np.round(rng.random(200) * 0.5 + (truth == "yes") * 0.3, 1)  # many ties
    points, auc = ev.roc_points(_predictions(truth, scores), _Task("t", ("no", "yes"), ("yes",)), "yes")
    assert auc == pytest.approx(roc_auc_score(truth == "yes", scores))
    assert points["fpr"].iloc[0] == 0 and points["tpr"].iloc[-1] == 1
    fig = charts.roc_curve(points, auc, "yes")
    assert f"{auc:.2f}" in fig.data[1].name


def test_roc_with_one_class_only_is_empty():
    points, auc = ev.roc_points(_predictions(["yes"] * 5, [0.9] * 5), _Task("t", ("no", "yes")), "yes")
    assert points.empty and np.isnan(auc)


def test_roc_legend_has_no_auc_when_there_is_none():
    fig = charts.roc_curve(pd.DataFrame({"fpr": [], "tpr": []}), float("nan"), "yes")
    assert fig.data[1].name == M.CHARTS["roc_model_no_auc"]
    assert "nan" not in fig.data[1].name.lower()


def test_the_confusion_matrix_uses_only_tested_students():
    truth = ["yes", "no", "yes", "no", None]
    predictions = _predictions(truth, [0.95, 0.05, 0.91, 0.12, 0.5], out_of_sample=[True, True, True, False, True])
    task = _Task("t", ("no", "yes"), ("yes",))
    assert ev.confusion(predictions, task).to_numpy().tolist() == [[1, 0], [0, 2]]


# --------------------------------------------------------------------------- weights, comparison, fairness

def test_weight_curves_draw_one_line_per_task_even_when_flat():
    history = pd.DataFrame({"epoch": [1, 2, 1, 2], "task": ["<b>a</b>", "<b>a</b>", "b", "b"],
                            "weight": [1.0, 1.0, 2.0, 2.0]})
    fig = charts.weight_curves(history)
    assert [t.name for t in fig.data] == ["&lt;b&gt;a&lt;/b&gt;", "b"]
    assert list(fig.data[0].y) == [1.0, 1.0] and list(fig.data[1].y) == [2.0, 2.0]
    assert fig.data[0].line.color == charts.colour(0)  # the same colours as the loss curves
    assert fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis.range[1] == pytest.approx(2.2)


def test_comparison_gain_colours_help_and_harm_and_skips_missing():
    gains = pd.DataFrame({"task": ["final", "<i>passed</i>", "aux"], "gain": [0.05, -0.02, np.nan]})
    fig = charts.comparison_gain(gains)
    bars = fig.data[0]
    assert list(bars.x) == ["final", "&lt;i&gt;passed&lt;/i&gt;"]
    assert list(bars.y) == [0.05, -0.02]
    assert list(bars.marker.color) == [charts.GOOD, charts.BAD]
    assert list(bars.text) == ["+5.0%", "-2.0%"]


def test_task_similarity_heatmap_is_centred_on_zero():
    matrix = pd.DataFrame([[1.0, -0.3], [-0.3, 1.0]], index=["a", "<b>"], columns=["a", "<b>"])
    fig = charts.task_similarity(matrix)
    heat = fig.data[0]
    assert heat.z.tolist() == [[1.0, -0.3], [-0.3, 1.0]]
    assert list(heat.x) == ["a", "&lt;b&gt;"]
    assert (heat.zmin, heat.zmid, heat.zmax) == (-1, 0, 1)


def test_fairness_bars_put_the_whole_class_first_and_draw_small_groups_pale():
    groups = pd.DataFrame({
        "group": ["F", "F", "<b>M</b>", "<b>M</b>"], "n": [40, 40, 6, 6],
        "measure": ["accuracy", "missed", "accuracy", "missed"], "n_measured": [40, 12, 6, 3],
        "value": [0.9, 0.1, 0.7, 0.5], "overall": [0.85, 0.2, 0.85, 0.2]})
    fig = charts.fairness_bars(groups, {"missed": "missed"}, min_group=10, percent_measures=("accuracy", "missed"))
    accuracy, missed = fig.data
    assert [t.type for t in fig.data] == ["bar", "bar"]
    assert list(accuracy.x) == ["whole class", "F", "&lt;b&gt;M&lt;/b&gt;"]
    assert list(accuracy.y) == [0.85, 0.9, 0.7]
    assert list(missed.y) == [0.2, 0.1, 0.5]
    assert list(accuracy.marker.opacity) == [1.0, 1.0, 0.35]  # 6 students: read with care
    assert list(missed.marker.opacity) == [1.0, 1.0, 0.35]
    assert list(missed.marker.pattern.shape) == ["/", "", ""]  # the whole class is hatched
    assert list(missed.customdata) == ["", " (12 students)", " (3 students)"]
    assert missed.name == "missed" and accuracy.name == "accuracy"
    assert fig.layout.yaxis.tickformat == ".0%"


def test_comparison_gain_draws_a_difference_within_fold_noise_grey():
    gains = pd.DataFrame({"task": ["final", "passed", "band"], "gain": [0.05, -0.02, 0.01],
                          "unclear": [False, False, True]})
    bars = charts.comparison_gain(gains).data[0]
    assert list(bars.marker.color) == [charts.GOOD, charts.BAD, charts.NEUTRAL]


def test_reliability_chart_plots_each_bin_beside_the_diagonal_with_its_students():
    curve = pd.DataFrame({"lower": [0.1, 0.7], "upper": [0.2, 0.8], "predicted": [0.15, 0.75],
                          "observed": [0.25, 0.7], "students": [40, 10]})
    fig = charts.reliability_chart(curve, "chance of '<b>fail</b>'", ece=0.046)
    counts, diagonal, model = fig.data
    assert [t.type for t in fig.data] == ["bar", "scatter", "scatter"]
    assert list(counts.x) == pytest.approx([0.15, 0.75]) and list(counts.y) == [40, 10]
    assert list(counts.width) == pytest.approx([0.1, 0.1]) and counts.yaxis == "y2"
    assert list(diagonal.x) == [0, 1] and list(diagonal.y) == [0, 1]
    assert list(model.x) == [0.15, 0.75] and list(model.y) == [0.25, 0.7]
    assert list(model.customdata) == [40, 10]
    assert model.marker.size[0] > model.marker.size[1], "the bin with more students has the bigger dot"
    assert model.name.endswith("(ECE 4.6 %)")
    assert fig.layout.xaxis.title.text == "chance of '&lt;b&gt;fail&lt;/b&gt;'"
    empty = charts.reliability_chart(curve.iloc[0:0], "x")
    assert len(empty.data[2].x) == 0 and "ECE" not in empty.data[2].name

def test_the_overview_chart_is_green_only_for_an_outcome_worth_using():
    from dashboard import charts

    rows = pd.DataFrame({"task": ["a", "b", "c", "d"], "gain": [0.4, 0.05, -0.2, float("nan")],
                         "verdict": ["better", "better", "worse", "same"], "level": ["success", "info", "warning", "warning"],
                         "measure": ["MAE"] * 4, "model": ["6.1"] * 4, "baseline": ["11.4"] * 4})
    (bars,) = charts.gain_over_guess(rows).data
    assert list(bars.marker.color) == [charts.GOOD, charts.NEUTRAL, charts.BAD, charts.NEUTRAL]
    assert list(bars.y) == [0.4, 0.05, -0.2, 0.0] and list(bars.text) == ["+40%", "+5%", "-20%", "-"]
    assert all("guessing 11.4" in c for c in bars.customdata)
