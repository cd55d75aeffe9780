"""Train page: start training in the background, watch progress and live loss curves, stop, save the run."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

import mtl_core
from dashboard import charts, log_state, log_train, runs_view, space_view, state, ui, verdicts, words
from dashboard import messages as M
from dashboard import task_table as tt
from dashboard.jobs import TrainingJob
from dashboard.text import count, md_format, number, plural

T = M.TRAIN
POLL_S = 1.0


# --------------------------------------------------------------------------- callbacks

def on_start(tasks, config, evaluation) -> None:
    """Start a training owned by the space (a second click, or one in another tab, keeps the running one)."""
    current = state.job()
    if current is not None and current.running:
        return
    loaded = state.table()
    state.start_job(partial(TrainingJob, loaded.frame, tasks, schema=state.schema(), config=config,
                            evaluation=evaluation, compare=state.compare(), label=loaded.source_name))
    state.forget("train_save_name")


def on_compare() -> None:
    st.session_state[state.COMPARE] = bool(st.session_state.get("train_compare"))


def on_stop() -> None:
    job = state.job()
    if job is not None:
        job.stop()


def on_save() -> None:
    runs_view.save_on_screen(state.active_run(), mtl_core.save_run, "train_save")


# --------------------------------------------------------------------------- sections

def plan(frame: pd.DataFrame, schema, tasks, config, evaluation) -> None:
    st.subheader(T["plan"])
    task_columns = {t.column for t in tasks}
    inputs = [c for c in schema.inputs if c not in task_columns]
    st.markdown(md_format(T["plan_line"], tasks=count("outcomes", len(tasks)), inputs=count("inputs", len(inputs)),
                          students=count("students", len(frame)), evaluation=words.evaluation(evaluation),
                          epochs=count("epochs", config.epochs)))
    ui.table(pd.DataFrame({M.TASKS["col_name"]: [t.name for t in tasks],
                           M.TASKS["col_kind"]: [words.kind(t.kind) for t in tasks],
                           M.TASKS["col_rule"]: [words.task_rule(t) for t in tasks],
                           M.TASKS["col_weight"]: [t.weight for t in tasks]}),
             hide_index=True, width="stretch", key="train_plan")


def comparison_choice(running: bool) -> None:
    st.checkbox(T["compare"], key="train_compare", value=state.seed("train_compare", state.compare()),
                on_change=on_compare, disabled=running)
    st.caption(T["compare_help"])


def curves(history: pd.DataFrame, tasks, key: str) -> None:
    """Loss curves and, beside them, the loss weights in use at every epoch (in the teacher's numbers)."""
    names = [t.name for t in tasks]
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{T['curves_title']}**")
        ui.chart(charts.loss_curves(history, names), key=f"{key}_curves")
        st.caption(T["curves_note"])
    with right:
        st.markdown(f"**{T['weights_title']}**")
        ui.chart(charts.weight_curves(history, names, teacher_weights={t.name: t.weight for t in tasks}),
                 key=f"{key}_weights")
        st.caption(T["weights_note"])


@st.fragment(run_every=POLL_S)
def progress() -> None:
    """Polls the running job; when it has finished, reruns the whole page to show the result."""
    job = state.job()
    if job is None or job.finished:
        st.rerun()
    phase = job.phase
    comparing = phase == "comparing" and not job.stop_requested
    st.button(T["stop"], key="train_stop", on_click=on_stop, disabled=job.stop_requested or comparing,
              help=T["comparing_no_stop"] if comparing else None)
    latest = job.latest
    if job.stop_requested:
        st.progress(latest.progress if latest else 0.0, text=T["stopping"])
    elif phase == "waiting":
        st.progress(0.0, text=M.JOBS["progress_waiting"])
    elif phase == "training":  # the time left is the core's estimate (EpochLog.eta_s), in seconds or minutes
        st.progress(latest.progress, text=M.JOBS["progress"].format(
            epoch=number(latest.epoch, 0), max_epochs=number(latest.max_epochs, 0),
            eta=space_view.duration(latest.eta_s)))
    elif comparing:
        st.progress(1.0, text=T["comparing"].format(seconds=int(job.seconds_since_last_epoch())))
        st.caption(T["comparing_no_stop"])
    else:
        st.progress(1.0, text=T["finishing"])
    space_view.running_since(job)
    history = job.history()
    if len(history):
        curves(history, job.tasks, key="train_live")


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
    if run.comparison is not None and len(run.comparison):
        extra = run.comparison.drop_duplicates("model").set_index("model")["seconds"]
        seconds = float(extra.drop(labels=["multi-task", "baseline"], errors="ignore").sum())
        st.caption(T["compared"].format(seconds=seconds))
    ui.stale_banner(run, job.frame, "train")
    st.subheader(T["summary"])
    ui.table(verdicts.run_overview(run), key="train_summary")
    ui.verdict_boxes(run, key="train_verdicts")
    ui.page_link("results", M.COMMON["go_results"])
    curves(run.history, run.tasks, key="train_final")
    save(job)


def save(job) -> None:
    """The save box; the suggested name is the file the run was trained on (not the one loaded now) and when."""
    st.subheader(T["save"])
    run = job.result
    active = state.active_run()
    stem = Path(job.label).stem if job.label else "run"
    suggested = f"{stem} {run.created[:16].replace('T', ' ').replace(':', '')}"
    st.text_input(T["save_name"], key="train_save_name", max_chars=80, value=state.seed("train_save_name", suggested))
    st.checkbox(T["save_overwrite"], key="train_save_overwrite")
    st.button(T["save"], key="train_save", on_click=on_save, disabled=active is None or active.run is not run)


# --------------------------------------------------------------------------- page

st.title(T["title"])
if log_state.is_log():  # the answer-log version of this page: dashboard/log_train.py
    log_train.page()
    st.stop()
st.caption(T["intro"])
ui.require(state.frame() is not None, M.COMMON["need_data"], "data", M.COMMON["go_data"])
tasks, problems = state.tasks()
ui.require(bool(tasks) and not problems, M.COMMON["need_tasks"], "tasks", M.COMMON["go_tasks"])
ui.show_notices("train")
try:
    config, evaluation = tt.make_config(state.settings(), tt.monotonic_columns(state.schema(), state.frame()))
except mtl_core.EduMTLError as error:
    st.error(md_format(T["settings_problem"], message=words.error_text(error)))
    ui.page_link("tasks", M.COMMON["go_tasks"])
    st.stop()
job = state.collect_job()
running = job is not None and job.running
plan(state.frame(), state.schema(), tasks, config, evaluation)
found = state.problems(tasks)
blocking = int((found["severity"] == "error").sum())
if blocking:  # training would stop at the same check: say so before the click, not after
    with st.container(key="train_blocked"):
        st.error(plural(T["blocked"], blocking))
        ui.page_link("data", M.COMMON["go_data"])
comparison_choice(running)
st.button(T["start"], key="train_start", type="primary", on_click=on_start, args=(tasks, config, evaluation),
          disabled=running or bool(blocking))
if running:
    progress()
elif job is not None:
    outcome(job)
