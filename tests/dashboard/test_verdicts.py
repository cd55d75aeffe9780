"""Verdict sentences: the model beside the guess, in plain words, honest when it does not help."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import messages as M
from dashboard import verdicts


def row(**changes):
    base = dict(task="final_exam", kind="regression", metric="mae", model=6.1, baseline=11.4, verdict="better",
                n_labelled=300, reliable=True)
    return {**base, **changes}


def test_regression_better():
    assert verdicts.verdict_sentence(row()) == (
        "final_exam: predicts within 6.1 points on average; guessing the class average is off by 11.4.")


@pytest.mark.parametrize("verdict, words", [("same", "no better than guessing the class average"),
                                            ("worse", "worse than guessing the class average")])
def test_regression_that_does_not_beat_guessing_says_so(verdict, words):
    sentence = verdicts.verdict_sentence(row(model=11.3, verdict=verdict))
    assert words in sentence and "Do not" in sentence
    assert not verdicts.is_trustworthy(row(verdict=verdict))


def test_binary_uses_accuracy_beside_the_brier_score():
    metrics = pd.DataFrame([dict(task="passed", metric="accuracy", model=0.874, baseline=0.743),
                            dict(task="passed", metric="brier", model=0.09, baseline=0.18)])
    sentence = verdicts.verdict_sentence(row(task="passed", kind="binary", metric="brier", model=0.09,
                                             baseline=0.18), metrics)
    assert sentence == ("passed: right for 87% of students (always guessing the most common outcome: 74%); "
                        "its probabilities are 50% closer to what happened than the class rate.")


def test_multiclass_same():
    sentence = verdicts.verdict_sentence(row(task="grade", kind="multiclass", metric="accuracy", model=0.28,
                                             baseline=0.27, verdict="same"))
    assert sentence.startswith("grade: no better than always guessing the most common category (28% right versus 27%)")


def test_unmeasurable_outcome():
    assert "cannot be measured" in verdicts.verdict_sentence(row(model=float("nan")))


def test_few_labels_warning_and_trust():
    assert verdicts.warnings_for(row(n_labelled=30, reliable=False)) == [
        "final_exam: only 30 students have a known outcome, so these numbers are unreliable (50 or more are needed)."]
    assert verdicts.warnings_for(row()) == []
    assert not verdicts.is_trustworthy(row(n_labelled=30, reliable=False))
    assert verdicts.is_trustworthy(row())


def test_overview_has_one_row_per_outcome():
    summary = pd.DataFrame([row(), row(task="passed", kind="binary", metric="brier", verdict="same")])
    table = verdicts.overview(summary, {"mae": "Mean absolute error"})
    assert len(table) == 2
    assert list(table.iloc[:, 5]) == ["better than guessing", "no better than guessing"]
    assert table.iloc[0, 2] == "Mean absolute error"


def _metrics(model_sd: float) -> pd.DataFrame:
    return pd.DataFrame([dict(task="final_exam", metric="mae", model=6.1, baseline=11.4, model_sd=model_sd)])


def test_a_gain_within_the_spread_across_folds_is_not_shown_as_a_success():
    [(sentence, level)] = verdicts.messages(row(), _metrics(model_sd=6.0))  # gain 5.3 <= spread 6.0
    assert level == "info"
    assert sentence.startswith("final_exam: predicts within 6.1 points")
    assert sentence.endswith(M.VERDICT["within_noise"])
    assert verdicts.messages(row(), _metrics(model_sd=1.0)) == [(verdicts.verdict_sentence(row()), "success")]
    assert verdicts.messages(row(), None)[0][1] == "success"  # no spread known: the verdict stands


def test_every_message_of_an_untrustworthy_outcome_is_a_warning():
    found = verdicts.messages(row(verdict="same", n_labelled=30, reliable=False), _metrics(model_sd=6.0))
    assert [level for _, level in found] == ["warning", "warning"]
    assert "only 30 students" in found[1][0]


def test_the_run_s_own_reliable_flag_wins_over_counting_again(monkeypatch):
    assert not verdicts.is_trustworthy(row(n_labelled=300, reliable=False))
    assert verdicts.warnings_for(row(n_labelled=300, reliable=False))
    assert verdicts.is_trustworthy(row(n_labelled=30, reliable=True))
    old = {k: v for k, v in row(n_labelled=45).items() if k != "reliable"}  # a run saved before "reliable"
    monkeypatch.setattr(verdicts, "RELIABLE_LABELS", 40)
    assert verdicts.is_trustworthy(old) and verdicts.warnings_for(old) == []
    assert verdicts.warnings_for({**old, "n_labelled": 30})[0].endswith("(40 or more are needed).")


def test_untrustworthy_lists_the_outcomes_not_to_rely_on():
    summary = pd.DataFrame([row(), row(task="passed", verdict="same"), row(task="band", n_labelled=20, reliable=False)])
    assert verdicts.untrustworthy(summary) == ["passed", "band"]
