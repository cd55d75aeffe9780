"""The Train page's answer-log version: start a knowledge-tracing training in the background, watch it, save it.

The training is a :class:`dashboard.log_jobs.LogTrainingJob` owned by the teacher's space (started through
:func:`dashboard.log_state.start_job`), so a reload or a second tab reattaches to it and its progress.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

import mtl_core
from dashboard import charts, log_state, runs_view, space_view, state, ui, words
from dashboard import log_verdicts as lv
from dashboard import messages as M
from dashboard.log_jobs import LogTrainingJob
from dashboard.text import count, md, md_format, number, plural

L = M.LOG
T = M.TRAIN
POLL_S = 1.0


def on_start(config, evaluation) -> None:
    current = log_state.job()
    if current is not None and current.running:
        return
    loaded = log_state.log_table()
    log_state.start_job(partial(LogTrainingJob, loaded.frame, log_state.roles(), config=config, evaluation=evaluation,
                                label=loaded.source_name))
    state.forget("train_log_save_name")


def on_stop() -> None:
    job = log_state.job()
    if job is not None:
        job.stop()


def on_save() -> None:
    runs_view.save_on_screen(log_state.active_run(), mtl_core.save_log_run, "train_log_save")


def plan(config, evaluation) -> None:
    st.subheader(T["plan"])
    frame, roles = log_state.log_frame(), log_state.roles()
    students = frame[roles.student].nunique() if roles.student in frame.columns else 0
    st.markdown(md_format(L["plan_line"], model=lv.model_name(config.model), answers=count("answers", len(frame)),
                          students=count("students", students), evaluation=words.evaluation(evaluation),
                          epochs=count("epochs", config.epochs)))
    st.caption(L["plan_note"])


def curves(history, key: str) -> None:
    st.markdown(f"**{T['curves_title']}**")
    ui.chart(charts.log_loss_curves(history), key=key)
    st.caption(L["curves_note"])


@st.fragment(run_every=POLL_S)
def progress() -> None:
    """Polls the running log job; when it has finished, reruns the whole page to show the result."""
    job = log_state.job()
    if job is None or job.finished:
        st.rerun()
    st.button(T["stop"], key="train_log_stop", on_click=on_stop, disabled=job.stop_requested)
    latest = job.latest
    phase = job.phase
    if job.stop_requested:
        st.progress(latest.progress if latest else 0.0, text=T["stopping"])
    elif phase == "waiting":
        st.progress(0.0, text=M.JOBS["progress_waiting"])
    elif phase == "training":
        st.progress(latest.progress, text=L["progress"].format(
            fold=number(latest.fold + 1, 0), folds=number(latest.folds, 0), epoch=number(latest.epoch, 0),
            max_epochs=number(latest.max_epochs, 0), eta=space_view.duration(latest.eta_s),
            auc=number(latest.val_auc, 3)))
    else:
        st.progress(1.0, text=L["finishing"])
    space_view.running_since(job)
    history = job.history()
    if len(history):
        curves(history, key="train_log_live")


def outcome(job) -> None:
    if job.error is not None:
        ui.show_error(job.error, T["failed"], key="train_problems")
        return
    run = job.result
    if run is None:
        return
    if run.stopped_by_user:
        st.info(T["stopped"].format(epochs=count("epochs", run.epochs)))
    else:
        st.success(T["done"].format(seconds=run.elapsed_s, epochs=count("epochs", run.epochs)))
    st.subheader(T["summary"])
    with st.container(key="train_log_verdicts"):
        for sentence, level in lv.sentences(run):
            getattr(st, level)(md(sentence))
    ui.table(lv.comparison_table(run), key="train_log_summary")
    ui.page_link("results", M.COMMON["go_results"])
    ui.page_link("students", L["go_students"])
    curves(run.history, key="train_log_final")
    save(job)


def save(job) -> None:
    st.subheader(T["save"])
    run = job.result
    active = log_state.active_run()
    stem = Path(job.label).stem if job.label else "log"
    suggested = f"{stem} {run.created[:16].replace('T', ' ').replace(':', '')}"
    st.text_input(T["save_name"], key="train_log_save_name", max_chars=80,
                  value=state.seed("train_log_save_name", suggested))
    st.checkbox(T["save_overwrite"], key="train_log_save_overwrite")
    st.button(T["save"], key="train_log_save", on_click=on_save, disabled=active is None or active.run is not run)


def page() -> None:
    """The answer-log version of the Train page (after its title)."""
    ui.require(log_state.log_table() is not None, L["need_log"], "data", M.COMMON["go_data"])
    ui.show_notices("train")
    try:
        config, evaluation = log_state.make_config(log_state.settings())
    except mtl_core.EduMTLError as error:
        st.error(md_format(T["settings_problem"], message=words.error_text(error)))
        ui.page_link("tasks", M.COMMON["go_tasks"])
        st.stop()
    job = log_state.collect_job()
    running = job is not None and job.running
    plan(config, evaluation)
    errors = log_state.blocking(log_state.problems())
    if errors:
        with st.container(key="train_blocked"):
            st.error(plural(L["blocked"], errors))
            ui.page_link("data", M.COMMON["go_data"])
    st.button(T["start"], key="train_log_start", type="primary", on_click=on_start, args=(config, evaluation),
              disabled=running or bool(errors))
    if running:
        progress()
    elif job is not None:
        outcome(job)
