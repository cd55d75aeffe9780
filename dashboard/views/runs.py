"""Saved runs page: list saved runs, open one, and score a new class file with it (no retraining)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

import mtl_core
from dashboard import (
    auth,
    card_view,
    log_runs,
    log_state,
    sources,
    state,
    ui,
    verdicts,
)
from dashboard import messages as M
from dashboard import runs_view as rv
from dashboard.text import count, md_format

R = M.RUNS


# --------------------------------------------------------------------------- helpers

def open_run(folder: Path, created: str):
    """A saved run, loaded once (reloaded if it was saved again since). Only the most recently opened run is
    kept in the session: a run holds its Keras models, and teachers may share one server's memory."""
    cache = state.saved_runs()
    key = f"{folder}|{created}"
    if key not in cache:
        cache.clear()  # before loading, so two runs are never held at once
        sources.wait_for_engine()
        cache[key] = mtl_core.load_run(folder)
    return cache[key]


def matches_class(run, frame: pd.DataFrame) -> bool:
    """Whether ``frame`` looks like the class ``run`` was trained on (same size and the same known outcomes)."""
    if frame is None or len(frame) != run.n_students:
        return False
    try:
        for task in run.tasks:
            labels = mtl_core.task_labels(frame.reset_index(drop=True), task)
            actual = run.predictions[mtl_core.actual_column(task.name)].reset_index(drop=True)
            same = labels.astype(object).where(labels.notna(), None)
            if not same.equals(actual.astype(object).where(actual.notna(), None)):
                return False
    except mtl_core.EduMTLError:
        return False
    return True


def scored_table(run, frame: pd.DataFrame) -> pd.DataFrame:
    """ID and name (when present), every prediction, and the risk level of every student of ``frame``."""
    predictions = mtl_core.predict(run, frame)
    identity = [c for c in (run.schema.id_column, run.schema.name_column) if c and c in frame.columns]
    risk = mtl_core.risk_table(run, predictions)
    return pd.concat([frame[identity].reset_index(drop=True), predictions.drop(columns=["out_of_sample"]),
                      risk[["risk_level", "risk_score"]]], axis=1)


# --------------------------------------------------------------------------- callbacks

def on_use(folder: str, created: str, name: str) -> None:
    run = rv.open_or_say(folder, created, open_run)
    if run is None:
        return
    frame = state.frame()
    inputs = set(run.input_stats["column"])
    usable = frame is not None and inputs.issubset(frame.columns)
    state.set_run(state.ActiveRun(run, frame.copy() if usable else None, source=R["source"].format(name=name),
                                  saved_as=name, training_class=usable and matches_class(run, frame)))
    ui.notify("runs", "success", R["loaded"].format(name=name))


def on_score(folder: str, created: str, name: str) -> None:
    uploaded = st.session_state.get("runs_score_upload")
    if uploaded is None:
        return
    try:
        loaded = sources.read_upload(uploaded.name, uploaded.getvalue())
        table = scored_table(open_run(Path(folder), created), loaded.frame)
    except Exception as error:  # noqa: BLE001 - DataReadError, ConfigError, or a bug: a message either way
        ui.notify("runs", "error", f"{R['score_failed']} {rv.core_message(error, Path(folder).parent)}")
        return
    state.set_scored(state.Scored(run_name=name, file_name=loaded.source_name, predictions=table))


def on_space() -> None:
    wanted = str(st.session_state.get("runs_space", "")).strip()
    if not wanted or wanted == state.space():
        return
    try:
        name = state.set_space(wanted)
    except mtl_core.EduMTLError:
        ui.notify("runs", "error", R["space_invalid"].format(space=wanted[:100]))
        return
    state.forget("runs_pick")
    ui.notify("runs", "success", R["space_switched"].format(space=name))


# --------------------------------------------------------------------------- sections

def space_box() -> str:
    """The session's space, how to find it again, and a box to switch to another one (a signed-in account has
    one space, its own: no box)."""
    space = state.space()
    account = auth.account()
    if account is not None:
        with st.container(key="runs_space_info"):
            st.markdown(md_format(M.LOGIN["space"], name=account.name))
        return space
    with st.container(key="runs_space_info"):
        st.markdown(md_format(R["space"], space=space))
        st.caption(R["space_help"])
        if state.space_problem():
            st.warning(md_format(R["space_from_url_invalid"], space=state.space_problem()))
    st.session_state["runs_space"] = space  # the box always shows the space in use
    st.text_input(R["space_switch"], key="runs_space", on_change=on_space, max_chars=80,
                  help=R["space_switch_help"])
    return space



def selected(listing: pd.DataFrame, root: Path):
    """The picked run's figures, verdicts, Use button and model card; ``(folder, created, name)`` or None."""
    picked = rv.pick(listing, root, "runs_pick", open_run)
    if picked is None:
        return None
    run, folder, created, name = picked
    st.markdown(f"**{R['metrics']}**")
    ui.table(verdicts.run_overview(run), key="runs_metrics")
    ui.verdict_boxes(run, key="runs_verdicts")
    st.button(R["load"], key="runs_load", type="primary", on_click=on_use, args=(str(folder), created, name))
    model_card(run, name)
    return folder, created, name


def model_card(run, name: str) -> None:
    """The selected run's model card, as on the Model card page (a readable page, names as plain text)."""
    with st.expander(R["model_card"], key="runs_model_card"):
        try:
            card_view.show(run, name=name, source=R["source"].format(name=name), key="runs_card",
                           tz=ui.browser_timezone())
        except Exception as error:  # noqa: BLE001 - a message, never a traceback
            ui.show_error(error)


def scoring(folder: Path, created: str, name: str) -> None:
    st.subheader(R["score"])
    st.file_uploader(R["score"], type=sources.UPLOAD_TYPES, key="runs_score_upload", help=R["score_help"],
                     on_change=on_score, args=(str(folder), created, name), label_visibility="collapsed")
    st.caption(R["score_help"])
    scored = state.scored()
    if scored is None or scored.run_name != name:
        return
    st.success(md_format(R["scored"], rows=count("students", len(scored.predictions)), name=scored.file_name))
    ui.table(scored.predictions.round(3), height=320, key="runs_scored")
    sheets = {"predictions": scored.predictions}
    if not scored.files:  # made once: see ui.download_buttons
        scored.files = ui.export_files(sheets, "predictions")
    stem = Path(scored.file_name).stem
    ui.download_buttons(R["predictions_file"].format(name=stem), scored.files, key="runs_download",
                        make_excel=ui.excel_maker(sheets))
    ui.download_note()


# --------------------------------------------------------------------------- page

st.title(R["title"])
st.caption(M.LOG["runs_intro"] if log_state.is_log() else R["intro"])
ui.show_notices("runs")
space = space_box()
if log_state.is_log():  # the answer-log version of this page: dashboard/log_runs.py
    log_runs.page(space)
    st.stop()
active = state.active_run()
if active is not None and active.saved_as:
    st.caption(md_format(R["active"], name=active.saved_as))
root = sources.runs_root(space)  # never shown: a teacher's page holds no server path
listing = log_runs.class_runs(mtl_core.list_runs(root), root)  # saved log runs are listed in log mode
if listing.empty:
    st.info(R["none"])
    ui.page_link("train", M.COMMON["go_train"])
    st.stop()
rv.listing_table(listing, root, title=R["table"], key="runs_table")
choice = selected(listing, root)
if choice is not None:
    scoring(*choice)
