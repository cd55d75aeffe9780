"""The honest comparison in words: the best model named per task with its lead, simpler winners and guessing
said plainly, and whether learning the outcomes together helped said exactly as the gain chart shows it."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from dashboard import charts
from dashboard import comparison_view as cv
from dashboard import messages as M
from dashboard.text import measure_value

R = M.RESULTS


def _row(task="final", metric="mae", best="multi-task", versus="random forest", within=False, gain=0.047,
         gain_within=False, **values):
    base = {"multi-task": 6.1, "single-task": 6.4, "random forest": 6.3, "gradient boosting": 6.5, "baseline": 11.4}
    base.update(values)
    margin = abs(base[best] - base[versus]) if versus in base else float("nan")
    return {"task": task, "metric": metric, **base, "best": best, "gain": gain, "gain_within_noise": gain_within,
            "versus": versus, "margin": margin, "margin_relative": margin / abs(base.get(versus, 1.0)),
            "within_noise": within, "best_tree": "random forest", "tree_gap": 0.03, "tree_gap_within_noise": True}


def _clean(row):
    return dict(row)


def _long(task, metric, values: dict, sds: dict) -> pd.DataFrame:
    return pd.DataFrame([dict(task=task, model=m, metric=metric, value=v, sd=sds.get(m, 0.1), seconds=1.0)
                         for m, v in values.items()])


def test_multi_task_best_names_the_runner_up_and_its_lead():
    sentence, level = cv.best_sentence(_clean(_row()), {"final": "better"})
    assert level == "success"
    assert sentence.startswith("final: the multi-task network is best (Mean absolute error 6.10), ahead of the "
                               "random forest (6.30) by 0.20 (3.2%).")
    assert "helped this one: 6.10 against 6.40" in sentence


def test_a_forest_win_never_says_multi_task_learning_failed_when_it_beat_single_task():
    """The old page said "Learning the outcomes together did not help this one" whenever a forest won."""
    row = _clean(_row(best="random forest", versus="multi-task", **{"random forest": 5.0}))
    sentence, level = cv.best_sentence(row, {"final": "better"})
    assert level == "info"
    assert sentence.startswith("final: the random forest is best (Mean absolute error 5.00), ahead of the "
                               "multi-task network (6.10) by 1.10 (18.0%).")
    assert "did not help" not in sentence and "helped this one" in sentence
    assert cv.gains(_run([row]))["unclear"].tolist() == [False]


def test_a_single_task_win_says_learning_together_did_not_help():
    row = _clean(_row(best="single-task", versus="multi-task", gain=-0.05, **{"single-task": 5.8}))
    sentence, _ = cv.best_sentence(row, {"final": "better"})
    assert "the same network trained on this outcome alone is best" in sentence
    assert "did not help this one: the same network on this outcome alone did better (5.80 against 6.10)" in sentence


def test_a_gain_within_fold_noise_is_no_clear_difference_in_words_and_grey_in_the_chart():
    row = _clean(_row(gain=0.01, gain_within=True))
    sentence, _ = cv.best_sentence(row, {"final": "better"})
    assert "made no clear difference" in sentence and "helped" not in sentence
    gains = cv.gains(_run([row]))
    fig = charts.comparison_gain(gains)
    assert list(fig.data[0].marker.color) == [charts.NEUTRAL]


def test_a_lead_within_fold_noise_is_called_possible_chance():
    sentence, level = cv.best_sentence(_clean(_row(within=True)), {"final": "better"})
    assert level == "info" and R["lead_noise"].strip() in sentence
    row = _clean(_row(best="random forest", versus="multi-task", within=True, **{"random forest": 6.0}))
    sentence, _ = cv.best_sentence(row, {"final": "better"})
    assert R["lead_noise"].strip() in sentence
    clear, _ = cv.best_sentence(_clean(_row(best="random forest", versus="multi-task", **{"random forest": 4.0})),
                                {"final": "better"})
    assert R["lead_noise"].strip() not in clear


def test_runs_saved_before_the_noise_columns_fall_back_to_the_spread_across_folds():
    old = {"task": "final", "metric": "mae", "multi-task": 6.1, "single-task": 6.35, "random forest": 6.0,
           "baseline": 11.4, "best": "random forest", "gain": 0.047}
    close = _long("final", "mae", {k: old[k] for k in ("multi-task", "single-task", "random forest", "baseline")},
                  {"multi-task": 0.3, "random forest": 0.2, "single-task": 0.1})
    sentence, _ = cv.best_sentence(old, {"final": "better"}, close)
    assert R["lead_noise"].strip() in sentence, "6.0 vs 6.1 with spreads of 0.3: may be chance"
    assert "made no clear difference" in sentence, "6.1 vs 6.35 with spreads of 0.3 and 0.1: may be chance"


def test_guessing_best_or_a_multi_task_network_no_better_than_guessing_is_a_warning():
    sentence, level = cv.best_sentence(_clean(_row(best="baseline", versus="multi-task")), {"final": "same"})
    assert level == "warning" and "guessing from the class (11.40) is as good as any model" in sentence
    sentence, level = cv.best_sentence(_clean(_row()), {"final": "same"})
    assert level == "warning" and sentence.endswith(R["multi_not_better"].strip())
    sentence, level = cv.best_sentence(_clean(_row(best="random forest", versus="multi-task")), {"final": "worse"})
    assert level == "warning" and "no better than guessing" in sentence


def test_a_task_without_a_verdict_is_never_called_better_than_guessing():
    sentence, level = cv.best_sentence(_clean(_row()), {})
    assert level == "warning" and sentence.endswith(R["multi_not_better"].strip())


def test_accuracy_leads_are_in_points():
    values = {"multi-task": 0.861, "single-task": 0.846, "random forest": 0.846, "gradient boosting": 0.85,
              "baseline": 0.7}
    row = _clean(_row(metric="accuracy", versus="gradient boosting", **values))
    sentence, _ = cv.best_sentence(row, {"final": "better"})
    assert "86.1%" in sentence and "85.0%" in sentence and "by 1.1 points." in sentence
    assert cv.lead_text("accuracy", cv.lead(row)) == "1.1 points over gradient boosting"


# --------------------------------------------------------------------------- on a real compared run

def _run(rows):
    class Run:
        comparison = None
        comparison_summary = pd.DataFrame(rows)
        summary = pd.DataFrame({"task": [r["task"] for r in rows], "verdict": ["better"] * len(rows)})
    return Run()


def test_side_by_side_has_every_model_with_its_spread_and_the_lead(compared_run):
    _, run = compared_run
    table = cv.side_by_side(run)
    assert list(table.columns) == [R["col_task"], R["col_measure"], *[cv.model_name(m) for m in cv.MODELS],
                                   R["col_best"], R["col_lead"], R["col_gain"]]
    assert cv.model_name("gradient boosting") == "gradient boosting"
    summary = run.comparison_summary.set_index("task")
    score = table.set_index(R["col_task"]).loc["score"]
    assert score[R["models"]["multi-task"]].startswith(measure_value("mae", summary.at["score", "multi-task"]))
    assert " ± " in score[R["models"]["random forest"]] and " ± " in score["gradient boosting"]
    assert score[R["col_gain"]] == f"{summary.at['score', 'gain']:+.1%}"
    assert "lower is better" in score[R["col_measure"]]
    expected = cv.versus_name(summary.at["score", "versus"])
    assert score[R["col_lead"]].split(" over ")[1].split(",")[0] == expected
    assert score[R["col_lead"]].endswith("may be chance") == bool(summary.at["score", "within_noise"])


def test_the_sentences_and_the_gain_chart_agree_on_a_real_run(compared_run):
    _, run = compared_run
    gains = cv.gains(run)
    for (sentence, _), row, unclear in zip(cv.sentences(run), run.comparison_summary.to_dict("records"),
                                           gains["unclear"]):
        if unclear:
            assert "no clear difference" in sentence
        elif row["gain"] > 0:
            assert "helped this one" in sentence and "did not help" not in sentence
        else:
            assert "did not help" in sentence


def test_has_comparison(tiny_run, compared_run):
    assert cv.has_comparison(compared_run[1])
    _, run = tiny_run
    assert not cv.has_comparison(run)
    assert not cv.has_comparison(dataclasses.replace(compared_run[1], comparison_summary=pd.DataFrame()))


@pytest.mark.parametrize("model", cv.MODELS)
def test_every_model_has_a_name_for_tables_and_sentences(model):
    assert cv.model_name(model)
    assert cv.versus_name(model).startswith(("the ", "gradient boosting", "guessing"))
