"""Results page, in tabs: an overview a teacher reads in one screen (every outcome's verdict beside guessing and
the one chart that matters), then each outcome in detail, the comparison with simpler models, fairness and the
learning curves.

Each tab is one function (:data:`TABS`); only the open tab is drawn (the tabs rerun the page when switched), so
the first screen stays quick however many charts the other tabs hold. Where other panels plug in:

* :func:`comparison_tab` calls ``dashboard.comparison_view`` (the multi-task network beside the same network
  per outcome, a random forest and gradient boosting on the same folds);
* :func:`calibration_panel`, in the detail tab of a yes/no or category outcome, draws the reliability chart
  and the calibration verdict of ``dashboard.calibration_view``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import mtl_core
from dashboard import charts, log_results, log_state, state, ui, verdicts, words
from dashboard import calibration_view as cal
from dashboard import comparison_view as cv
from dashboard import evaluation_data as ev
from dashboard import fairness_view as fv
from dashboard import messages as M
from dashboard.text import PERCENT_MEASURES, count, md, md_format, number

R = M.RESULTS


def header(active) -> None:
    run = active.run
    st.caption(md_format(R["run_line"], source=active.source, students=count("students", run.n_students),
                         evaluation=words.evaluation(run.evaluation), epochs=count("epochs", run.epochs),
                         seconds=run.elapsed_s))
    if run.stopped_by_user:
        st.info(R["stopped_note"])
    if isinstance(run.evaluation, mtl_core.Holdout):
        st.caption(R["holdout_note"])


def overview_tab(active) -> None:
    """One screen: each outcome's verdict in plain words, how much better than guessing it is, the table."""
    run = active.run
    ui.verdict_boxes(run, key="results_verdicts")
    auxiliary = [t.name for t in run.tasks if t.auxiliary]
    if auxiliary:
        st.caption(md_format(R["aux_note"], names=", ".join(auxiliary)))
    st.markdown(f"**{R['gain_over_guess']}**")
    ui.chart(charts.gain_over_guess(verdicts.gain_over_guess(run.summary, words.metric_labels(), run.metrics)),
             key="results_gain_over_guess")
    st.caption(R["gain_over_guess_note"])
    st.markdown(f"**{R['overview']}**")
    ui.table(verdicts.run_overview(run), key="results_table")
    if any(t.kind.value == "binary" for t in run.outcome_tasks):
        chosen = any(f.get("chosen") for f in verdicts.flags_of(run).values())  # the core's threshold, else the rate
        st.caption(R["flag_note_chosen" if chosen else "flag_note"])
    exact_names([verdicts.shown_metric(row, run.metrics) for row in run.summary.to_dict("records")],
                key="results_exact_names")
    st.caption(R["card_link"])
    ui.page_link("card", M.COMMON["go_card"])


def exact_names(metrics, key: str) -> None:
    """The exact names of the measures named plainly on the page, in a details expander."""
    with st.expander(R["exact_names"]):
        ui.table(words.exact_names(metrics), key=key)


def metrics_table(run, task) -> None:
    st.markdown(f"**{R['metrics']}**")
    rows = run.metrics[run.metrics["task"] == task.name]
    table = pd.DataFrame({
        R["col_metric"]: [words.metric(m) for m in rows["metric"]],
        R["col_model"]: [number(v, 3) for v in rows["model"]],
        R["col_model_sd"]: [number(v, 3) for v in rows["model_sd"]],
        R["col_baseline"]: [number(v, 3) for v in rows["baseline"]],
        R["col_higher"]: [mtl_core.METRICS[m].higher_is_better if m in mtl_core.METRICS else None
                          for m in rows["metric"]],
    })
    ui.table(table, key="results_metrics")
    exact_names(rows["metric"], key="results_metrics_exact_names")


def regression_charts(active, task) -> None:
    run = active.run
    names = None
    name_column = run.schema.name_column or run.schema.id_column
    frame = active.frame
    # Only the class the run was trained on has its students in the order of run.predictions; another class of
    # the same size (a saved run opened with a different class loaded) would put the wrong names on the dots.
    if active.training_class and frame is not None and name_column in frame.columns and len(frame) == run.n_students:
        names = frame[name_column]
    st.markdown(f"**{R['scatter']}**")
    ui.chart(charts.predicted_vs_actual(ev.regression_points(run.predictions, task, names), task.name),
                    key="results_scatter")
    st.caption(R["scatter_note"])


def classification_charts(run, task) -> None:
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{R['confusion']}**")
        ui.chart(charts.confusion_matrix(ev.confusion(run.predictions, task)), key="results_confusion")
    label = ev.positive_label(task)
    points, auc = ev.roc_points(run.predictions, task, label)
    with right:
        st.markdown(f"**{R['roc']}**")
        ui.chart(charts.roc_curve(points, auc, label), key="results_roc")
    calibration_panel(run, task)


def calibration_panel(run, task) -> None:
    """Are the probabilities of a yes/no or category outcome honest? Its reliability chart and calibration
    error, with a plain verdict (``dashboard.calibration_view``)."""
    cal.panel(run, task, key="results_calibration")


def _pick_outcome(run, key: str, label: str):
    names = [t.name for t in run.outcome_tasks]
    if st.session_state.get(key) not in names:
        st.session_state[key] = names[0]
    return run.task(st.selectbox(label, names, key=key, placeholder=M.COMMON["choose"]))


def detail_tab(active) -> None:
    """One outcome at a time: every measure beside guessing, and the charts of its kind."""
    run = active.run
    task = _pick_outcome(run, "results_task", R["task_pick"])
    metrics_table(run, task)
    if task.kind.value == "regression":
        regression_charts(active, task)
    else:
        classification_charts(run, task)
    if run.warnings is not None and len(run.warnings):
        with st.expander(R["warnings"]):
            ui.problems(run.warnings, key="results_warnings")


def learning_tab(active) -> None:
    """How the loss of every outcome fell while learning, one outcome's measure, and the loss weights used."""
    run = active.run
    st.markdown(f"**{R['learning']}**")
    ui.chart(charts.loss_curves(run.history, [t.name for t in run.tasks]), key="results_learning")
    st.caption(M.TRAIN["curves_note"])
    task = _pick_outcome(run, "results_learning_task", R["learning_pick"])
    history = run.history[run.history["task"] == task.name]
    if len(history):
        metric = str(history["metric"].iloc[0])
        ui.chart(charts.metric_curve(run.history, task.name, words.metric(metric)), key="results_metric_curve")
    if "weight" in run.history.columns:
        st.markdown(f"**{R['weights']}**")
        ui.chart(charts.weight_curves(run.history, [t.name for t in run.tasks],
                                      teacher_weights={t.name: t.weight for t in run.tasks}), key="results_weights")
        st.caption(M.TRAIN["weights_note"])


def comparison_tab(active) -> None:
    """The multi-task network beside simpler models on the same folds (when trained with compare=True): the
    panel of ``dashboard.comparison_view``."""
    run = active.run
    st.subheader(R["comparison"])
    if not cv.has_comparison(run):
        st.info(R["comparison_absent"])
        return
    st.caption(R["comparison_intro"])
    table = cv.side_by_side(run)
    measure = R["col_measure"]
    if measure in table.columns:  # the core's metric labels, marked as such (comparison_view puts them in as text)
        table[measure] = [words.with_metric_labels_marked(str(v)) for v in table[measure]]
    ui.table(table, key="results_comparison")
    with st.container(key="results_comparison_verdicts"):
        for sentence, level in cv.sentences(run):
            getattr(st, level)(md(words.with_metric_labels_marked(sentence)))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{R['gain_title']}**")
        ui.chart(charts.comparison_gain(cv.gains(run)), key="results_comparison_gain")
        st.caption(R["gain_note"])
    if run.task_similarity is not None and len(run.task_similarity):
        with right:
            st.markdown(f"**{R['similarity_title']}**")
            ui.chart(charts.task_similarity(run.task_similarity), key="results_similarity")
            st.caption(R["similarity_note"])


@st.fragment
def fairness_tab(active) -> None:
    """Every outcome per group of each sensitive column, with group sizes; large gaps said in plain words."""
    st.subheader(R["fairness"])
    st.caption(R["fairness_intro"])
    run = active.run
    if active.frame is None:
        st.info(R["fairness_no_frame"])
        return
    columns = fv.sensitive_columns(run, state.schema(), active.frame)
    if not columns:
        st.info(R["fairness_none"])
        ui.page_link("data", M.COMMON["go_data"])
        return
    result = fv.audit(active, columns)
    if isinstance(result, str):
        st.info(md_format(R["fairness_unavailable"], message=M.core_text(result)))
        return
    with st.container(key="results_fairness_flags"):
        flagged = fv.flag_sentences(result.flags)
        for sentence in flagged:
            st.warning(md(sentence))
        if not flagged and not fv.has_judgeable_groups(result):
            st.info(R["fairness_too_small"].format(min_group=fv.MIN_GROUP))
        elif not flagged:
            st.success(R["fairness_ok"].format(min_group=fv.MIN_GROUP))
    if st.session_state.get("results_fairness_column") not in columns:
        st.session_state["results_fairness_column"] = columns[0]
    column = st.selectbox(R["fairness_column"], columns, key="results_fairness_column",
                          placeholder=M.COMMON["choose"])
    if fv.has_small_groups(result, column):
        st.caption(R["fairness_small"].format(min_group=fv.MIN_GROUP))
    labels = {m: fv.measure_label(m) for m in result.groups["measure"].unique()}
    for i, task in enumerate(run.outcome_tasks):
        st.markdown(f"**{md(task.name)}**")
        left, right = st.columns([2, 3])
        with left:
            ui.chart(charts.fairness_bars(fv.chart_rows(result, task.name, column), labels, fv.MIN_GROUP,
                                          PERCENT_MEASURES), key=f"results_fairness_chart_{i}")
        with right:
            ui.table(fv.group_table(result, task.name, column), key=f"results_fairness_table_{i}")


TABS = {"overview": overview_tab, "detail": detail_tab, "comparison": comparison_tab, "fairness": fairness_tab,
        "learning": learning_tab}
TABS_KEY = "results_tabs"  # holds the open tab's label


def tabs(active) -> None:
    """The tabs, only the open one drawn (a switch reruns the page; the first tab is open at first)."""
    labels = [R["tabs"][name] for name in TABS]
    if st.session_state.get(TABS_KEY) not in (None, *labels):  # a label of the other language
        state.forget(TABS_KEY)
    for container, draw in zip(st.tabs(labels, key=TABS_KEY, on_change="rerun"), TABS.values()):
        if container.open is not False:  # None when the tabs keep no state: draw every tab
            with container:
                draw(active)


st.title(R["title"])
if log_state.is_log():  # the answer-log version of this page: dashboard/log_results.py
    log_results.page()
    st.stop()
st.caption(R["intro"])
active = state.active_run()
ui.require(active is not None, M.COMMON["need_run"], "train", M.COMMON["go_train"])
ui.stale_banner(active.run, active.frame, "results")
header(active)
tabs(active)
