"""Results page: one row per outcome beside the baseline, honest verdicts, charts for every kind of outcome."""

from __future__ import annotations

import dataclasses

from dashboard import messages as M
from tests.dashboard.helpers import page, preset, texts


def test_without_a_run_the_page_says_what_to_do():
    at = page("results").run()
    assert not at.exception
    assert M.COMMON["need_run"] in texts(at.info)


def test_one_row_per_outcome_and_a_verdict_sentence_each(tiny_run):
    frame, run = tiny_run
    at = preset(page("results"), run=run, run_frame=frame).run()
    assert not at.exception
    table = at.get_by_key("results_table").dataframe[0].value
    assert list(table[M.RESULTS["col_outcome"]]) == [t.name for t in run.outcome_tasks]
    sentences = texts(at.success) + texts(at.warning)
    for task in run.outcome_tasks:
        assert any(s.startswith(task.name.replace("_", "\\_")) for s in sentences), task.name


def test_every_outcome_draws_its_charts(tiny_run):
    frame, run = tiny_run
    at = preset(page("results"), run=run, run_frame=frame).run()
    for task in run.outcome_tasks:
        at.selectbox(key="results_task").set_value(task.name).run()
        assert not at.exception, task.name
        assert at.get_by_key("results_metrics") is not None
        assert at.get_by_key("results_learning") is not None
        if task.kind.value == "regression":
            assert at.get_by_key("results_scatter") is not None
        else:
            for key in ("results_confusion", "results_roc", "results_calibration"):
                assert at.get_by_key(key) is not None


def _with_summary(run, task: str, **changes):
    summary = run.summary.copy()
    for column, value in changes.items():
        summary.loc[summary["task"] == task, column] = value
    return dataclasses.replace(run, summary=summary)


def test_an_outcome_that_does_not_beat_guessing_says_so_plainly(tiny_run):
    frame, run = tiny_run
    baseline = float(run.summary.set_index("task").at["score", "baseline"])
    honest = _with_summary(run, "score", model=baseline, verdict="same")
    at = preset(page("results"), run=honest, run_frame=frame).run()
    assert not at.exception
    warning = [w for w in texts(at.warning) if w.startswith("score")]
    assert warning and "no better than guessing the class average" in warning[0]
    table = at.get_by_key("results_table").dataframe[0].value.set_index(M.RESULTS["col_outcome"])
    assert table.at["score", M.RESULTS["col_verdict"]] == "no better than guessing"


def test_an_outcome_with_few_labelled_students_is_flagged(tiny_run):
    frame, run = tiny_run
    at = preset(page("results"), run=_with_summary(run, "dropout", n_labelled=30, reliable=False),
                run_frame=frame).run()
    assert not at.exception
    assert any("only 30 students have a known outcome" in w for w in texts(at.warning))
