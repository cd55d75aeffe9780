"""Verdict sentences: the model beside the guess, in plain words, honest when it does not help."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import messages as M
from dashboard import verdicts
from dashboard.text import percent


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
    assert sentence == ("passed: right for 87% of students as a yes/no call (always answering the most common "
                        "outcome: 74%); its chances are 50% closer to what happened than the class's rate.")


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
    assert list(table.iloc[:, 3]) == ["6.10", "6.100"]  # text as shown, each measure with its own decimals


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


# --------------------------------------------------------------------------- yes/no verdicts on what the page shows

DROPOUT_METRICS = pd.DataFrame([
    dict(task="dropout", metric="accuracy", model=0.88, baseline=0.90, model_sd=0.01),
    dict(task="dropout", metric="brier", model=0.077, baseline=0.090, model_sd=0.01),
])


def _dropout(**changes):
    return row(**{**dict(task="dropout", kind="binary", metric="brier", model=0.077, baseline=0.090, verdict="better",
                         n_labelled=264), **changes})


def test_a_yes_no_model_right_less_often_than_always_no_is_not_called_better():
    """The sample class's dropout model: right for 88 % while always "no" is right for 90 %; its chances beat the
    class rate (the core's Brier verdict is "better"), yet the page must not say "better than guessing"."""
    assert verdicts.judged(_dropout(), DROPOUT_METRICS) == "ranks"
    sentence = verdicts.verdict_sentence(_dropout(), DROPOUT_METRICS)
    assert "better than guessing" not in sentence
    assert "ranks students usefully" in sentence and "right less often than always saying" in sentence
    assert "(88% against 90%)" in sentence
    assert not verdicts.is_trustworthy(_dropout(), DROPOUT_METRICS)
    assert verdicts.untrustworthy(pd.DataFrame([_dropout()]), DROPOUT_METRICS) == ["dropout"]
    [(_, level)] = verdicts.messages(_dropout(), DROPOUT_METRICS)
    assert level == "warning"
    table = verdicts.overview(pd.DataFrame([_dropout()]), {"accuracy": "right answers"}, DROPOUT_METRICS)
    assert table.iloc[0][M.RESULTS["col_verdict"]] == M.RESULTS["verdict_words"]["ranks"]
    assert table.iloc[0][M.RESULTS["col_measure"]] == "right answers"
    assert (table.iloc[0][M.RESULTS["col_model"]], table.iloc[0][M.RESULTS["col_baseline"]]) == ("88%", "90%")
    bars = verdicts.gain_over_guess(pd.DataFrame([_dropout()]), {}, DROPOUT_METRICS)
    assert bars["gain"].iloc[0] < 0 and bars["level"].iloc[0] == "warning" and bars["verdict"].iloc[0] == "worse"


def test_a_yes_no_model_that_beats_always_no_on_its_calls_is_better():
    metrics = DROPOUT_METRICS.assign(model=[0.93, 0.06], model_sd=[0.005, 0.005])
    assert verdicts.judged(_dropout(model=0.06), metrics) == "better"
    assert verdicts.messages(_dropout(model=0.06), metrics)[0][1] == "success"


def test_a_tie_on_the_calls_is_not_better_and_close_shares_get_a_decimal():
    metrics = DROPOUT_METRICS.assign(model=[0.902, 0.077])
    assert verdicts.judged(_dropout(), metrics) == "better"  # 90.2% against 90.0%: better, shown so
    assert "(always answering the most common outcome: 90.0%)" in verdicts.verdict_sentence(_dropout(), metrics)
    assert verdicts.judged(_dropout(), DROPOUT_METRICS.assign(model=[0.90, 0.077])) == "ranks"


def test_the_core_s_worse_verdict_stays_worse():
    assert verdicts.judged(_dropout(verdict="worse"), DROPOUT_METRICS) == "worse"


def test_the_flag_sentence_gives_recall_and_precision_beside_always_no():
    flags = dict(label="yes", common="no", threshold=0.1, tested=264, at_risk=26, flagged=93, found=21,
                 recall=21 / 26, precision=21 / 93, guess_accuracy=0.9)
    sentence = verdicts.verdict_sentence(_dropout(), DROPOUT_METRICS, flags)
    assert "always saying 'no' (88% against 90%)" in sentence
    assert ("Flagging the students whose chance of 'yes' is at least 10% (the class's rate of 'yes'), it flags 93 "
            "and finds 21 of the 26 who really had 'yes' (81%); 23% of those flagged really had it, against 10% of "
            "students picked at random. Always answering 'no' finds none of them.") in sentence
    table = verdicts.overview(pd.DataFrame([_dropout()]), {}, DROPOUT_METRICS, {"dropout": flags})
    assert table.iloc[0][M.RESULTS["col_found"]] == "81% (21 of 26)"
    assert table.iloc[0][M.RESULTS["col_precision"]] == "23% (21 of 93)"
    nobody = verdicts.flag_sentence("dropout", {**flags, "flagged": 0, "found": 0, "precision": float("nan")})
    assert "flags nobody and finds none of the 26" in nobody


def test_flagging_at_the_class_rate_on_a_real_run(sample_run):
    """Recall and precision computed from the run's out-of-sample predictions agree with scikit-learn."""
    import mtl_core
    from sklearn.metrics import precision_score, recall_score

    from dashboard import evaluation_data as ev

    _, run = sample_run
    task = run.task("passed")
    flags = ev.flagging(run.predictions, task)
    label = ev.positive_label(task)
    actual = run.predictions[mtl_core.actual_column("passed")]
    assert flags["label"] == label and flags["threshold"] == pytest.approx((actual.dropna() == label).mean())
    tested = run.predictions[run.predictions["out_of_sample"] & actual.notna()]
    truth = tested[mtl_core.actual_column("passed")] == label
    flagged = tested[mtl_core.probability_column("passed", label)] >= flags["threshold"]
    assert flags["recall"] == pytest.approx(recall_score(truth, flagged))
    assert flags["precision"] == pytest.approx(precision_score(truth, flagged))
    assert (flags["at_risk"], flags["flagged"], flags["found"]) == (truth.sum(), flagged.sum(), (truth & flagged).sum())
    assert ev.flagging(run.predictions, run.task("final_exam")) is None
    assert set(verdicts.flags_of(run)) == {"passed"}


def test_the_page_shows_the_core_s_flags_and_falls_back_only_for_older_runs(sample_run):
    """One set of recall/precision numbers: the core's (threshold chosen per fold on validation students), with
    the counts of the students it flagged; the dashboard's count at the class's rate only for a run saved
    without them."""
    import dataclasses

    import mtl_core
    from dashboard import evaluation_data as ev

    _, run = sample_run
    row = run.summary.set_index("task").loc["passed"]
    flags = verdicts.flags_of(run)["passed"]
    assert flags["chosen"] and flags["threshold"] == pytest.approx(row["flag_threshold"])
    assert (flags["recall"], flags["precision"]) == (pytest.approx(row["recall"]), pytest.approx(row["precision"]))
    assert flags["found"] / flags["at_risk"] == pytest.approx(row["recall"])  # the counts are the core's flags
    assert flags["found"] / flags["flagged"] == pytest.approx(row["precision"])
    assert flags["flagged"] / flags["tested"] == pytest.approx(row["flagged"])
    assert flags["rate"] == pytest.approx(row["precision_baseline"])
    sentence = verdicts.flag_sentence("passed", flags)
    assert "a level the model chose on students it did not learn from" in sentence
    assert f"at least about {percent(row['flag_threshold'])}" in sentence
    table = verdicts.run_overview(run).set_index(M.RESULTS["col_outcome"])
    assert table.at["passed", M.RESULTS["col_found"]].startswith(percent(row["recall"]))

    older = dataclasses.replace(
        run, summary=run.summary.drop(columns=["recall", "precision", "flagged", "flag_threshold",
                                               "precision_baseline"]),
        predictions=run.predictions.drop(columns=[mtl_core.flag_column("passed")]))
    fallback = verdicts.flags_of(older)["passed"]
    assert not fallback["chosen"]
    assert fallback == ev.flagging(older.predictions, run.task("passed"))
    assert "(the class's rate of" in verdicts.flag_sentence("passed", fallback)
