"""Results page: one row per outcome beside the baseline, honest verdicts, charts for every kind of outcome."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from dashboard import comparison_view as cv
from dashboard import messages as M
from tests.dashboard.helpers import chart_data, page, preset, texts


def results(run, frame, tab: str = "overview"):
    """The Results page with ``tab`` open (``overview``, ``detail``, ``comparison``, ``fairness``, ``learning``):
    only the open tab is drawn."""
    at = preset(page("results"), run=run, run_frame=frame)
    at.session_state["results_tabs"] = M.RESULTS["tabs"][tab]
    return at


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
    sentences = texts(at.success) + texts(at.info) + texts(at.warning)
    for task in run.outcome_tasks:
        assert any(s.startswith(task.name.replace("_", "\\_")) for s in sentences), task.name


def test_every_outcome_draws_its_charts(tiny_run):
    frame, run = tiny_run
    at = results(run, frame, "detail").run()
    for task in run.outcome_tasks:
        at.selectbox(key="results_task").set_value(task.name).run()
        assert not at.exception, task.name
        metrics = at.get_by_key("results_metrics").dataframe[0].value
        assert len(metrics) >= 2, task.name  # every measure of the task beside guessing
        labelled = run.predictions[f"{task.name} (actual)"].notna().sum()
        if task.kind.value == "regression":
            points = [t for t in chart_data(at, "results_scatter") if t.mode == "markers"]
            assert sum(len(t.x) for t in points) == labelled, task.name
        else:
            (confusion,) = [t for t in chart_data(at, "results_confusion") if t.type == "heatmap"]
            assert np.sum(confusion.z) == labelled, task.name
            for key in ("results_roc", "results_calibration"):
                assert any(len(t.x) > 1 for t in chart_data(at, key)), (task.name, key)


def _with_rows(run, table: str, task: str, **changes):
    """``run`` with the row of ``task`` in its DataFrame field ``table`` changed (e.g. a verdict, a best model)."""
    frame = getattr(run, table).copy()
    for column, value in changes.items():
        frame.loc[frame["task"] == task, column] = value
    return dataclasses.replace(run, **{table: frame})


def _with_summary(run, task: str, **changes):
    return _with_rows(run, "summary", task, **changes)


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


# --------------------------------------------------------------------------- loss weights

def test_the_learning_tab_draws_every_outcome_s_curves(tiny_run):
    frame, run = tiny_run
    at = results(run, frame, "learning").run()
    assert not at.exception
    learning = chart_data(at, "results_learning")
    assert {t.name for t in learning} == {t.name for t in run.tasks} and all(len(t.y) > 0 for t in learning)
    assert chart_data(at, "results_metric_curve")


def test_the_loss_weights_used_are_plotted_even_when_flat(tiny_run):
    frame, run = tiny_run
    at = results(run, frame, "learning").run()
    assert not at.exception
    traces = chart_data(at, "results_weights")
    assert [t.name for t in traces] == [t.name for t in run.tasks]
    for trace in traces:
        assert set(trace.y) == {1.0}  # "manual" weights: flat lines at the task weights
        assert len(trace.x) == run.epochs


def test_the_loss_weights_are_drawn_in_the_teacher_s_own_numbers(tiny_run):
    """Weights 2 and 1 were shown as 1.33 and 0.67 (scaled to average 1): the lines now say 2 and 1, and the
    tooltip keeps the value the network used."""
    from mtl_core import with_weights

    frame, run = tiny_run
    weights = {"score": 2.0, "passed": 1.0, "dropout": 0.5}
    tasks = tuple(with_weights(run.tasks, weights))
    weights = {t.name: t.weight for t in tasks}  # every task: the run may have a training-only one too
    mean = sum(weights.values()) / len(weights)
    history = run.history.assign(weight=run.history["task"].map({k: v / mean for k, v in weights.items()}))
    at = results(dataclasses.replace(run, tasks=tasks, history=history), frame, "learning").run()
    assert not at.exception
    traces = {t.name: t for t in chart_data(at, "results_weights")}
    for name, weight in weights.items():
        assert set(np.round(traces[name].y, 9)) == {weight}
        assert set(np.round(traces[name].customdata, 9)) == {round(weight / mean, 9)}
        assert "used by the network" in traces[name].hovertemplate


# --------------------------------------------------------------------------- comparison

def test_without_a_comparison_one_line_says_how_to_get_it(tiny_run):
    frame, run = tiny_run
    at = results(run, frame, "comparison").run()
    assert not at.exception
    assert M.RESULTS["comparison_absent"] in texts(at.info)
    assert "results_comparison" not in [getattr(e, "key", None) for e in at]


def test_comparison_side_by_side_in_words_and_charts(compared_run):
    frame, run = compared_run
    at = results(run, frame, "comparison").run()
    assert not at.exception
    table = at.get_by_key("results_comparison").dataframe[0].value
    R = M.RESULTS
    assert list(table[R["col_task"]]) == ["score", "passed"]  # outcomes only, not the training-only midterm
    overview = results(run, frame).run()  # the training-only outcome is named on the overview
    assert any(t.startswith("Training only, not reported: midterm") for t in texts(overview.caption))
    for model in ("multi-task", "single-task", "random forest", "baseline"):
        assert table[R["models"][model]].str.contains("±").all(), model
    summary = run.comparison_summary.set_index("task")
    assert list(table[R["col_best"]]) == [cv.model_name(summary.at[t, "best"]) for t in ("score", "passed")]
    assert table["gradient boosting"].str.contains("±").all()
    sentences = [e.value for e in at.get_by_key("results_comparison_verdicts").children.values()]
    assert [s.split("\\:")[0] for s in sentences] == ["score", "passed"]
    gain = chart_data(at, "results_comparison_gain")[0]
    assert list(gain.y) == pytest.approx(list(summary["gain"]))
    similarity = chart_data(at, "results_similarity")[0]
    assert list(similarity.x) == ["score", "passed", "midterm"]
    assert similarity.z[0][0] == pytest.approx(1.0)
    assert R["similarity_note"] in texts(at.caption)


def _with_comparison(run, task: str, **changes):
    return _with_rows(run, "comparison_summary", task, **changes)


def test_when_a_simpler_model_is_best_the_page_says_so(compared_run):
    frame, run = compared_run
    forest_best = _with_comparison(run, "score", best="random forest", gain=0.05, gain_within_noise=False)
    at = results(forest_best, frame, "comparison").run()
    assert not at.exception
    words = [w for w in texts(at.info) if w.startswith("score")]
    assert words and "the random forest is best" in words[0]
    assert "did not help" not in words[0], "multi-task beat single-task: learning together did help"


def test_when_the_multi_task_network_does_not_beat_guessing_the_page_says_so(compared_run):
    frame, run = compared_run
    summary = run.summary.copy()
    summary.loc[summary["task"] == "score", "verdict"] = "same"
    at = results(dataclasses.replace(run, summary=summary), frame, "comparison").run()
    assert not at.exception
    box = at.get_by_key("results_comparison_verdicts")
    score = [e.value for e in box.children.values() if e.value.startswith("score")][0]
    assert score in texts(at.warning) and "no better than guessing" in score
    guessing = _with_comparison(run, "passed", best="baseline")
    at = results(guessing, frame, "comparison").run()
    assert any(w.startswith("passed") and "guessing from the class" in w for w in texts(at.warning))


# --------------------------------------------------------------------------- fairness

def test_fairness_gaps_are_said_in_plain_words_with_group_sizes(compared_run):
    frame, run = compared_run
    at = results(run, frame, "fairness").run()
    assert not at.exception
    flags = [e.value for e in at.get_by_key("results_fairness_flags").children.values()]
    assert any(f.startswith("For passed, of the ") and "struggling students in group M \\(gender\\), " in f
               and " were missed" in f for f in flags)
    assert any(f.startswith("For score, predictions for the ") and "students in group M \\(gender\\) were off by" in f
               for f in flags)
    assert at.selectbox(key="results_fairness_column").options == ["gender"]
    R = M.RESULTS
    for i, task in enumerate(run.outcome_tasks):
        table = at.get_by_key(f"results_fairness_table_{i}").dataframe[0].value
        assert set(table[R["col_group"]]) == {"F", "M"}
        sizes = table.drop_duplicates(R["col_group"]).set_index(R["col_group"])[R["col_students"]]
        assert sizes.to_dict() == frame["gender"].value_counts().to_dict()
        bars = [t for t in chart_data(at, f"results_fairness_chart_{i}") if t.type == "bar"]
        assert bars and all(list(b.x) == ["whole class", "F", "M"] for b in bars)
    missed = at.get_by_key("results_fairness_table_1").dataframe[0].value
    row = missed[(missed[R["col_group"]] == "M") & (missed[R["col_measure_group"]] == "missed")]
    assert row[R["col_note"]].iloc[0] == R["note_flag"]


def test_fairness_without_a_sensitive_column_says_how_to_mark_one(tiny_run):
    frame, run = tiny_run
    at = results(run, frame, "fairness").run()
    assert not at.exception
    assert M.RESULTS["fairness_none"] in texts(at.info)


def test_fairness_with_another_class_table_is_an_info_not_an_error(compared_run):
    frame, run = compared_run
    other = frame.copy()
    other.loc[0, "effort"] = 99.0
    at = results(run, other, "fairness").run()
    assert not at.exception
    assert any(t.startswith("The fairness audit is not available for this run") for t in texts(at.info))
    assert not at.error


def test_fairness_without_a_class_table(compared_run):
    _, run = compared_run
    at = results(run, None, "fairness").run()
    assert not at.exception
    assert M.RESULTS["fairness_no_frame"] in texts(at.info)


# --------------------------------------------------------------------------- review fixes

def _scatter_names(at) -> set:
    (points,) = [t for t in chart_data(at, "results_scatter") if t.mode == "markers"]
    return set(points.text or [])


def test_scatter_names_come_only_from_the_class_the_run_was_trained_on(tiny_run):
    from dashboard import state

    frame, run = tiny_run
    at = results(run, frame, "detail").run()
    assert not at.exception
    assert _scatter_names(at) & (set(frame["name"]) | set(frame["student_id"]))
    other = frame.assign(student_id=[f"X{i:03d}" for i in range(len(frame))],  # another class, the same size
                         name=[f"Other {i}" for i in range(len(frame))])
    at = page("results")
    at.session_state[state.RUN] = state.ActiveRun(run, other, source="saved run", training_class=False)
    at.session_state["results_tabs"] = M.RESULTS["tabs"]["detail"]
    at.run()
    assert not at.exception
    assert not _scatter_names(at) & (set(other["name"]) | set(other["student_id"]))


def test_a_gain_over_guessing_within_the_spread_across_folds_is_not_green(tiny_run):
    frame, run = tiny_run
    metrics = run.metrics.copy()
    metrics.loc[metrics["task"] == "score", "model_sd"] = 1e6
    trusted = _with_summary(dataclasses.replace(run, metrics=metrics), "score", verdict="better", reliable=True)
    at = preset(page("results"), run=trusted, run_frame=frame).run()
    assert not at.exception
    box = at.get_by_key("results_verdicts")
    score = [e.value for e in box.children.values() if e.value.startswith("score")]
    assert score and score[0] in texts(at.info) and "may be chance" in score[0]
    assert not any(t.startswith("score") for t in texts(at.success))


def test_no_large_gap_is_not_claimed_when_every_group_is_too_small(compared_run, monkeypatch):
    from dashboard import fairness_view as fv

    frame, run = compared_run
    monkeypatch.setattr(fv, "MIN_GROUP", len(frame) + 1)
    at = results(run, frame, "fairness").run()
    assert not at.exception
    box = at.get_by_key("results_fairness_flags")
    assert texts(box.info) == [M.RESULTS["fairness_too_small"].format(min_group=len(frame) + 1)]
    assert not box.success


# --------------------------------------------------------------------------- tabs

def _keys(at) -> set:
    keys = set()

    def walk(node):
        key = getattr(node, "key", None)
        if isinstance(key, str):
            keys.add(key)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return keys


def test_the_overview_tab_is_one_screen_verdicts_and_the_chart_that_matters(tiny_run):
    frame, run = tiny_run
    at = preset(page("results"), run=run, run_frame=frame).run()  # the first tab is open at first
    assert not at.exception
    assert [t.label for t in at.tabs] == list(M.RESULTS["tabs"].values())
    (bars,) = chart_data(at, "results_gain_over_guess")
    summary = run.summary.set_index("task")
    assert list(bars.x) == list(summary.index)
    measures = run.metrics.set_index(["task", "metric"])
    for task, gain in zip(bars.x, bars.y):
        row = summary.loc[task]
        if row["metric"] in ("mae", "rmse"):
            assert gain == pytest.approx((row["baseline"] - row["model"]) / row["baseline"])
        elif row["kind"] == "binary":  # the measure the verdict shows: the share of right yes/no calls
            model, guess = measures.loc[(task, "accuracy"), ["model", "baseline"]]
            assert gain == pytest.approx((model - guess) / (1 - guess))
    assert len(at.get_by_key("results_verdicts").children) >= len(run.outcome_tasks)
    drawn = _keys(at)
    assert {"results_table", "results_verdicts", "results_gain_over_guess"} <= drawn
    # the other tabs' panels are not drawn until their tab is opened
    assert not drawn & {"results_metrics", "results_learning", "results_weights", "results_fairness_flags"}


@pytest.mark.parametrize("tab", list(M.RESULTS["tabs"]))
def test_every_tab_draws_in_both_languages(compared_run, tab):
    frame, run = compared_run
    for lang in ("en", "zh"):
        at = results(run, frame, tab)
        at.session_state["language"] = lang
        if lang == "zh":
            at.session_state["results_tabs"] = M.CATALOGUES["zh"].RESULTS["tabs"][tab]
        at.run()
        assert not at.exception, (tab, lang)
        assert at.tabs, (tab, lang)


def test_the_gain_over_guessing_is_a_share_of_guessing_s_error():
    from dashboard import verdicts

    assert verdicts.gain_share("mae", 6.0, 12.0) == pytest.approx(0.5)
    assert verdicts.gain_share("mae", 13.0, 12.0) < 0  # worse than guessing: below zero
    assert verdicts.gain_share("accuracy", 0.9, 0.8) == pytest.approx(0.5)  # half of guessing's wrong answers
    assert np.isnan(verdicts.gain_share("accuracy", 1.0, 1.0)) and np.isnan(verdicts.gain_share("mae", 1.0, 0.0))


def test_a_yes_no_outcome_right_less_often_than_always_no_is_never_called_better(tiny_run):
    """Like the sample class's dropout model (88 % right, always "no" 90 %): the core's verdict on its chances is
    "better", but every verdict the teacher reads on the page says it ranks students, not that it beats guessing."""
    frame, run = tiny_run
    metrics = run.metrics.copy()
    row = (metrics["task"] == "dropout") & (metrics["metric"] == "accuracy")
    metrics.loc[row, ["model", "baseline"]] = [0.88, 0.90]
    shown = dataclasses.replace(_with_summary(run, "dropout", verdict="better"), metrics=metrics)
    at = preset(page("results"), run=shown, run_frame=frame).run()
    assert not at.exception
    table = at.get_by_key("results_table").dataframe[0].value.set_index(M.RESULTS["col_outcome"])
    assert table.at["dropout", M.RESULTS["col_verdict"]] == M.RESULTS["verdict_words"]["ranks"]
    assert (table.at["dropout", M.RESULTS["col_model"]], table.at["dropout", M.RESULTS["col_baseline"]]) == ("88%", "90%")
    assert table.at["dropout", M.RESULTS["col_found"]].endswith(")")  # "81% (21 of 26)": whom the flag finds
    boxes = at.get_by_key("results_verdicts")
    dropout = [w.value for w in boxes.warning if w.value.startswith("dropout")]
    assert dropout and "ranks students usefully" in dropout[0] and "Flagging the students" in dropout[0]
    assert "a level the model chose" in dropout[0]  # the core's threshold and numbers, said plainly
    assert M.RESULTS["flag_note_chosen"] in texts(at.caption) and M.RESULTS["flag_note"] not in texts(at.caption)
    assert not [s.value for s in boxes.success if s.value.startswith("dropout")]
    bars = chart_data(at, "results_gain_over_guess")[0]
    assert bars.y[list(bars.x).index("dropout")] < 0  # the chart shows the same measure: worse than guessing
    on_page = " ".join(texts(at.markdown) + texts(at.caption) + texts(at.warning) + texts(at.success))
    assert "Brier" not in on_page and "ECE" not in on_page  # plain names; the exact ones are in the expander
    names = at.get_by_key("results_exact_names").dataframe[0].value
    assert M.RESULTS["measure_names"]["accuracy"] in set(names[M.RESULTS["col_plain"]])


def test_a_changed_weight_or_role_shows_one_stale_banner(tiny_loaded):
    """The run on screen against the Data and Tasks pages now: no banner while they match, one banner naming what
    changed (a weight, a role, the data) otherwise."""
    import mtl_core

    from dashboard import task_table as tt
    from dashboard.text import md
    from tests.dashboard.helpers import loaded_table
    from tests.synthetic import make_tiny_class

    frame = tiny_loaded.frame
    schema = mtl_core.infer_schema(frame)
    table = tt.default_table(frame, schema)
    tasks, _ = tt.build_tasks(frame, table)
    config = mtl_core.TrainConfig(epochs=3, ensemble_size=1, hidden_units=(8,), head_units=(4,), seed=1)
    run = mtl_core.train(frame, tasks, schema=schema, config=config, evaluation=mtl_core.Holdout())

    def drawn(tasks_table, loaded=tiny_loaded, roles=None):
        at = preset(page("results"), loaded, run=run, run_frame=frame, tasks_table=tasks_table)
        if roles is not None:
            at.session_state["schema"] = roles
        at.run()
        assert not at.exception
        return [w.value for w in at.get_by_key("stale_run").warning] if _has(at, "stale_run") else []

    assert drawn(table) == []
    heavier = table.copy()
    heavier.loc[0, "weight"] = 5.0
    [banner] = drawn(heavier)
    assert md(f"the weights ({heavier.loc[0, 'name']}) changed since this run was trained") in banner
    assert md("the column roles (track)") in drawn(table, roles=schema.with_roles({"track": "ignore"}))[0]
    other = loaded_table(make_tiny_class(seed=5), "other.csv")
    assert md("the class data") in drawn(table, loaded=other)[0]


def _has(at, key: str) -> bool:
    try:
        at.get_by_key(key)
    except KeyError:
        return False
    return True
