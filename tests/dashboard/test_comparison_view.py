"""The honest comparison in words: the best model named per task, simpler winners and guessing said plainly."""

from __future__ import annotations

import pandas as pd

from dashboard import comparison_view as cv
from dashboard import messages as M
from dashboard.text import measure_value

R = M.RESULTS


def _row(task="final", metric="mae", best="multi-task", **values):
    base = {"multi-task": 6.1, "single-task": 6.4, "random forest": 6.3, "baseline": 11.4}
    base.update(values)
    return {"task": task, "metric": metric, **base, "best": best, "gain": 0.05}


def _long(task, metric, values: dict, sds: dict) -> pd.DataFrame:
    return pd.DataFrame([dict(task=task, model=m, metric=metric, value=v, sd=sds.get(m, 0.1), seconds=1.0)
                         for m, v in values.items()])


def test_multi_task_best_is_a_success_naming_every_model():
    sentence, level = cv.best_sentence(_row(), {"final": "better"})
    assert level == "success"
    assert sentence == ("final: the multi-task network is best (Mean absolute error 6.10; single-task 6.40, "
                        "random forest 6.30, guessing 11.40).")


def test_a_random_forest_or_single_task_winner_is_said_honestly():
    sentence, level = cv.best_sentence(_row(best="random forest", **{"random forest": 5.0}), {"final": "better"})
    assert level == "info"
    assert sentence.startswith("final: the random forest is best (Mean absolute error 5.00, against 6.10")
    assert "did not help" in sentence
    sentence, _ = cv.best_sentence(_row(best="single-task", **{"single-task": 5.9}), {"final": "better"})
    assert "the same network trained on this outcome alone is best" in sentence


def test_a_lead_within_the_spread_across_folds_is_called_possible_chance():
    values = {"multi-task": 6.1, "single-task": 6.4, "random forest": 6.0, "baseline": 11.4}
    close = _long("final", "mae", values, {"multi-task": 0.3, "random forest": 0.2})
    sentence, _ = cv.best_sentence(_row(best="random forest", **{"random forest": 6.0}), {"final": "better"}, close)
    assert sentence.endswith(R["within_noise"].strip())
    far = _long("final", "mae", {**values, "random forest": 4.0}, {"multi-task": 0.3, "random forest": 0.2})
    sentence, _ = cv.best_sentence(_row(best="random forest", **{"random forest": 4.0}), {"final": "better"}, far)
    assert R["within_noise"].strip() not in sentence


def test_guessing_best_or_a_multi_task_network_no_better_than_guessing_is_a_warning():
    sentence, level = cv.best_sentence(_row(best="baseline"), {"final": "same"})
    assert level == "warning" and "guessing from the class (11.40) is as good as any model" in sentence
    sentence, level = cv.best_sentence(_row(), {"final": "same"})
    assert level == "warning" and sentence.endswith(R["multi_not_better"].strip())
    sentence, level = cv.best_sentence(_row(best="random forest"), {"final": "worse"})
    assert level == "warning" and "no better than guessing" in sentence


def test_accuracy_is_shown_as_a_percentage():
    sentence, _ = cv.best_sentence(_row(metric="accuracy", **{"multi-task": 0.861, "single-task": 0.846,
                                                              "random forest": 0.846, "baseline": 0.846}), {})
    assert "86.1%" in sentence and "84.6%" in sentence


def test_side_by_side_has_every_model_with_its_spread(compared_run):
    _, run = compared_run
    table = cv.side_by_side(run)
    assert list(table.columns) == [R["col_task"], R["col_measure"], *[R["models"][m] for m in cv.MODELS],
                                   R["col_best"], R["col_gain"]]
    summary = run.comparison_summary.set_index("task")
    score = table.set_index(R["col_task"]).loc["score"]
    assert score[R["models"]["multi-task"]].startswith(measure_value("mae", summary.at["score", "multi-task"]))
    assert " ± " in score[R["models"]["random forest"]]
    assert score[R["col_gain"]] == f"{summary.at['score', 'gain']:+.1%}"
    assert "lower is better" in score[R["col_measure"]]


def test_has_comparison(tiny_run, compared_run):
    import dataclasses

    assert cv.has_comparison(compared_run[1])
    _, run = tiny_run
    assert not cv.has_comparison(run)
    assert not cv.has_comparison(dataclasses.replace(compared_run[1], comparison_summary=pd.DataFrame()))


def test_a_multi_task_win_within_the_spread_across_folds_is_not_a_success():
    values = {"multi-task": 6.1, "single-task": 6.3, "random forest": 6.4, "baseline": 11.4}
    close = _long("final", "mae", values, {"multi-task": 0.3, "single-task": 0.25})
    sentence, level = cv.best_sentence(_row(**values), {"final": "better"}, close)
    assert level == "info"
    assert sentence.endswith(R["multi_within_noise"].format(runner_up=R["models"]["single-task"]).strip())
    clear = _long("final", "mae", {**values, "single-task": 7.5, "random forest": 7.9},
                  {"multi-task": 0.3, "single-task": 0.25})
    sentence, level = cv.best_sentence(_row(**values), {"final": "better"}, clear)
    assert level == "success" and "chance" not in sentence


def test_a_task_without_a_verdict_is_never_called_better_than_guessing():
    sentence, level = cv.best_sentence(_row(), {})
    assert level == "warning" and sentence.endswith(R["multi_not_better"].strip())
