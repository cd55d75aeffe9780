"""Outcomes of one quantity never contradict each other; values stay in range with an interval; what-if
effects carry their spread; monotonic directions hold; flagging measures beside the always-"no" guess."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mtl_core import ConfigError, KFold, TrainConfig, make_task
from mtl_core.tabular import coherence
from mtl_core.tabular.coherence import Family
from mtl_core.tasks import Bands, Threshold, flag_column, interval_column
from tests.synthetic import make_tiny_class

PASS_AT, BAND_CUTS = 60.0, (55.0, 65.0)


def derived_tasks(frame):
    return [make_task(frame, "score"), make_task(frame, "score", name="score_pass", derive=Threshold(PASS_AT)),
            make_task(frame, "score", name="score_band", derive=Bands(BAND_CUTS)), make_task(frame, "dropout")]


@pytest.fixture(scope="module")
def derived_run():
    from mtl_core import train

    frame = make_tiny_class()
    config = TrainConfig(epochs=40, patience=10, ensemble_size=2, hidden_units=(16,), sub_members=4, seed=3)
    return frame, train(frame, derived_tasks(frame), config=config, evaluation=KFold(3))


def family_of(tasks) -> Family:
    (family,) = coherence.derived_families(tasks)
    return family


# --------------------------------------------------------------------------- the arithmetic

def test_derived_family_has_the_atoms_of_every_cut():
    frame = make_tiny_class()
    family = family_of(derived_tasks(frame))
    assert family.cuts == (55.0, 60.0, 65.0) and family.value_task == "score"
    assert family.tasks == ("score_pass", "score_band")
    assert family.membership == ((0, 0, 1, 1), (0, 1, 1, 2))  # pass splits the middle band at 60


def test_a_lone_derived_outcome_is_no_family():
    frame = make_tiny_class()
    assert coherence.derived_families([make_task(frame, "score", name="p", derive=Threshold(60))]) == []


def probability_rows(k):
    return arrays(float, (6, k), elements=st.floats(0.0, 1.0)).map(
        lambda a: coherence.FLOOR + (1 - k * coherence.FLOOR) * (a + 1e-3) / (a + 1e-3).sum(axis=1, keepdims=True))


@settings(max_examples=60, deadline=None)
@given(passing=probability_rows(2), bands=probability_rows(3))
def test_reconciled_probabilities_are_one_ordinal_distribution(passing, bands):
    family = family_of(derived_tasks(make_tiny_class()))
    atoms = coherence.reconcile(family, {"score_pass": passing, "score_band": bands})
    assert np.allclose(atoms.sum(axis=1), 1.0) and (atoms >= coherence.FLOOR - 1e-12).all()
    out = coherence.task_probabilities(family, atoms)
    for probabilities in out.values():
        assert np.allclose(probabilities.sum(axis=1), 1.0) and (probabilities >= coherence.FLOOR - 1e-12).all()
    above = 1 - np.cumsum(atoms, axis=1)[:, :-1]  # P(score >= each cut)
    assert (np.diff(above, axis=1) <= 1e-12).all()
    assert np.allclose(out["score_pass"][:, 1], atoms[:, 2:].sum(axis=1))  # pass = the atoms above 60
    assert np.allclose(coherence.recover_atoms(family, out), atoms)
    labels, allowed = coherence.decide(family, atoms)
    assert allowed.any(axis=1).all()
    passed = labels["score_pass"] == 1
    band = labels["score_band"]
    assert not (passed & (band == 0)).any() and not (~passed & (band == 2)).any()


@settings(max_examples=60, deadline=None)
@given(values=arrays(float, (5, 4), elements=st.floats(-3, 3)), weights=arrays(float, 4, elements=st.floats(0.1, 5)))
def test_decreasing_fit_is_isotonic_regression(values, weights):
    from sklearn.isotonic import IsotonicRegression

    fitted = coherence.decreasing_fit(values, weights)
    for row, got in zip(values, fitted):
        expected = IsotonicRegression(increasing=False).fit(np.arange(4), row, sample_weight=weights).predict(np.arange(4))
        assert np.allclose(got, expected, atol=1e-9)


def test_agreeing_outcomes_are_left_as_they_are():
    family = family_of(derived_tasks(make_tiny_class()))
    atoms = np.array([[0.1, 0.2, 0.3, 0.4]])
    consistent = coherence.task_probabilities(family, atoms)
    floored = {k: coherence.FLOOR + (1 - v.shape[1] * coherence.FLOOR) * v for k, v in consistent.items()}
    assert np.allclose(coherence.reconcile(family, floored), coherence.FLOOR + (1 - 4 * coherence.FLOOR) * atoms)


def test_a_value_is_kept_inside_the_labels():
    family = family_of(derived_tasks(make_tiny_class()))
    atoms = np.array([[0.05, 0.15, 0.3, 0.5], [0.6, 0.3, 0.05, 0.05]])
    _, allowed = coherence.decide(family, atoms)
    kept = coherence.keep_inside(family, np.array([40.0, 70.0]), allowed, 100.0)
    assert kept[0] == 65.0 and kept[1] == pytest.approx(55.0 - 0.5)


def test_nested_outcomes_are_found_in_the_sample_class(sample_class):
    tasks = [make_task(sample_class, c) for c in ("final_exam", "passed", "letter_grade", "dropped_out")]
    (family,) = coherence.nested_families(sample_class, tasks)
    assert family.tasks == ("letter_grade", "passed")
    letters = tasks[2].classes
    assert dict(zip(letters, (tasks[1].classes[i] for i in family.membership[1]))) == \
        {"A": "pass", "B": "pass", "C": "pass", "D": "pass", "F": "fail"}


def test_outcomes_that_disagree_in_the_data_are_not_nested():
    frame = make_tiny_class()  # passed = score >= 60 cuts the band B (55-65) in two
    tasks = [make_task(frame, "passed"), make_task(frame, "band")]
    assert coherence.nested_families(frame, tasks) == []


# --------------------------------------------------------------------------- a real run

def test_a_trained_run_never_contradicts_itself(derived_run):
    from mtl_core import predict

    frame, run = derived_run
    new = make_tiny_class(seed=7)
    for table in (run.predictions, predict(run, new)):
        passed, band, score = table["score_pass"], table["score_band"], table["score"]
        assert not ((passed == "pass") & (band == "<55")).any()
        assert not ((passed == "fail") & (band == ">=65")).any()
        assert ((score >= PASS_AT) == (passed == "pass")).all()
        labels = np.searchsorted(BAND_CUTS, score, side="right")
        assert (np.asarray(run.task("score_band").classes)[labels] == band).all()
        above_60, above_65 = table["score_pass P(pass)"], table["score_band P(>=65)"]
        above_55 = above_65 + table["score_band P(55-65)"]
        assert (above_65 <= above_60 + 1e-9).all() and (above_60 <= above_55 + 1e-9).all()  # one ordinal variable
        low, high = table[interval_column("score", "low")], table[interval_column("score", "high")]
        assert (low <= score).all() and (score <= high).all() and (high > low).any()
        assert score.min() >= frame["score"].min() and score.max() <= frame["score"].max()
        assert table[flag_column("dropout")].dtype == bool


def test_intervals_and_flags_are_measured(derived_run):
    _, run = derived_run
    metrics = run.metrics.set_index(["task", "metric"])
    coverage = metrics.at[("score", "coverage"), "model"]
    assert 0.5 <= coverage <= 1.0 and metrics.at[("score", "interval_width"), "model"] > 0
    summary = run.summary.set_index("task")
    for column in ("recall", "precision", "precision_baseline", "flag_threshold", "accuracy_baseline"):
        assert np.isfinite(summary.at["dropout", column])
    assert summary.at["dropout", "flag_verdict"] in ("better", "same", "worse")
    assert metrics.at[("dropout", "recall"), "baseline"] == 0.0  # the always-"no" guess flags nobody
    prevalence = (run.predictions["dropout (actual)"] == "yes").sum() / run.predictions["dropout (actual)"].notna().sum()
    assert metrics.at[("dropout", "precision"), "baseline"] == pytest.approx(prevalence)
    assert np.isfinite(metrics.at[("dropout", "recall"), "model_sd"])


def test_what_if_effects_come_with_their_spread(derived_run):
    from mtl_core import what_if

    frame, run = derived_run
    table = what_if(run, frame, 3, {"effort": float(frame["effort"].max())}).set_index("task")
    score = table.loc["score"]
    assert score.change_low <= score.change_high and score.change_sd >= 0
    assert score.uncertain == (score.change_low < 0 < score.change_high)
    assert table.loc["score_band", "label_after"] in run.task("score_band").classes


def test_effect_spread_flags_disagreement():
    from mtl_core import effect_spread

    before = np.zeros((2, 3, 2))
    after = np.stack([np.array([[1.0, 1.0], [2.0, 1.5], [3.0, -1.0]]), np.array([[1.0, -2.0], [1.0, -1.0], [1.0, 2.0]])])
    spread = effect_spread(before, after, np.array([[0.5, 0.5], [0.5, 0.5]]))
    assert spread["low"][0] > 0 and not spread["uncertain"][0]  # every network sees the first student gain
    assert spread["uncertain"][1]
    only_first = effect_spread(before, after, np.array([[1.0, 0.0], [1.0, 0.0]]))
    assert only_first["low"][1] == -1.0 and only_first["high"][1] == 1.5  # members with weight 0 do not count


def test_flag_threshold_balances_recall_and_precision():
    from mtl_core.tabular.loop import flag_threshold

    chance = np.array([0.9, 0.8, 0.7, 0.4, 0.3, 0.2, 0.1, 0.05, 0.6, 0.35])
    positive = np.array([1, 1, 1, 1, 0, 0, 0, 0, 1, 0], bool)
    assert flag_threshold(chance, positive, 0.5) == 0.4
    assert flag_threshold(chance[:3], positive[:3], 0.2) == 0.2  # too few at-risk students: the base rate


# --------------------------------------------------------------------------- monotonic directions

def test_monotonic_directions_are_checked():
    assert TrainConfig(monotonic={"b": -1, "a": 1}).monotonic == (("a", 1), ("b", -1))
    with pytest.raises(ConfigError, match="direction of column 'a'"):
        TrainConfig(monotonic={"a": 2})
    with pytest.raises(ConfigError, match="'monotonic'"):
        TrainConfig(monotonic=5)


def test_a_monotonic_column_must_be_a_numeric_input():
    from mtl_core import train

    frame = make_tiny_class(n=60)
    with pytest.raises(ConfigError, match="Column 'track' has a monotonic direction"):
        train(frame, [make_task(frame, "score")], config=TrainConfig(epochs=1, monotonic={"track": 1}))


def test_a_monotonic_direction_holds_on_a_real_model():
    """effort raises the score strongly; told that more effort can only *lower* the outcomes, the network
    must never predict a higher score or a lower chance of dropping out for more effort."""
    from mtl_core import predict, train

    frame = make_tiny_class()
    tasks = [make_task(frame, "score"), make_task(frame, "dropout")]
    config = TrainConfig(epochs=40, patience=10, hidden_units=(16,), sub_members=4, seed=2,
                         monotonic={"effort": -1})
    run = train(frame, tasks, config=config, evaluation=KFold(2))
    students = frame.iloc[:12]
    grid = np.linspace(frame["effort"].min(), frame["effort"].max(), 9)
    scores, risks = [], []
    for value in grid:
        table = predict(run, students.assign(effort=value))
        scores.append(table["score"].to_numpy())
        risks.append(table["dropout P(yes)"].to_numpy())
    scale = frame["score"].std()
    assert (np.diff(np.array(scores), axis=0) <= 0.02 * scale).all()
    assert (np.diff(np.array(risks), axis=0) >= -0.01).all()


def test_reasons_add_up_to_the_coherent_prediction_not_the_head(derived_run):
    """A profile showed a pass chance and reasons that added up to the head's own, unreconciled chance: the
    reasons now end at the prediction as shown."""
    from mtl_core import explain, probability_column

    frame, run = derived_run
    reasons = explain(run, frame)
    totals = reasons.groupby(["task", "row"]).agg(total=("contribution", "sum"), typical=("typical", "first"),
                                                  target=("target", "first"))
    shown = run.predictions
    passed = totals.loc["score_pass"]
    label = passed["target"].iloc[0][2:-1]  # "P(fail)" -> "fail"
    np.testing.assert_allclose(passed["total"] + passed["typical"], shown[probability_column("score_pass", label)],
                               atol=1e-6)
    score = totals.loc["score"]
    np.testing.assert_allclose(score["total"] + score["typical"], shown["score"], atol=1e-6)
    band = totals.loc["score_band"]
    chosen = [shown.at[row, probability_column("score_band", t[2:-1])] for row, t in band["target"].items()]
    np.testing.assert_allclose(band["total"] + band["typical"], chosen, atol=1e-6)
    # the heads' own chances differ from the reconciled ones here, so the checks above can tell the two apart
    task = run.task("score_pass")
    heads = run.predictor.member_outputs(run.predictor.features(frame), coherent=False)["score_pass"]
    head = np.einsum("mn,nm->n", heads[..., task.classes.index(label)], run.row_weights)
    assert np.abs(head - shown[probability_column("score_pass", label)].to_numpy()).max() > 0.005


def test_a_band_that_agrees_with_the_pass_call_stays_the_band_it_would_be_alone():
    """Scoring the band on the atoms left by "fail" only picked the low band here (0.30 against the middle band's
    0.25 below the pass mark), though the middle band is the most likely one (0.45) and allows a fail: that cost
    Exam's bands 5.4 points. A label changes from its own best only when that would contradict."""
    family = family_of(derived_tasks(make_tiny_class()))  # atoms: < 55, 55-60, 60-65, >= 65; pass from 60
    atoms = np.array([[0.30, 0.25, 0.20, 0.25],   # fail (0.55) and the middle band (0.45): they agree
                      [0.30, 0.25, 0.02, 0.43]])  # fail (0.55) and the top band (0.43) would not: the low band
    labels, allowed = coherence.decide(family, atoms)
    assert labels["score_pass"].tolist() == [0, 0]
    assert labels["score_band"].tolist() == [1, 0]
    assert allowed.tolist() == [[False, True, False, False], [True, False, False, False]]
    kept = coherence.keep_inside(family, np.array([62.0, 70.0]), allowed, 100.0)
    assert kept.tolist() == pytest.approx([60.0 - 0.5, 55.0 - 0.5])
