"""The answer-log mode's state: which mode the pages show, the log, its roles and settings, its training and run.

The keys are in :mod:`dashboard.log_keys` (they belong to the teacher's space, as the class table's do: see
:mod:`dashboard.state`). Two modes share the six pages: ``MODE`` says whether each page shows its class-table
version or its answer-log version (``dashboard/log_*.py``). The class table and the log are held side by side
(the sample class and the sample log are both one click away), and the mode follows what the teacher loads:

* an upload that looks like a log (``mtl_core.looks_like_log``: many rows per student) becomes the log and
  switches to log mode; any other upload becomes the class table and switches to class mode;
* the teacher may pick the mode themselves: the latest upload is then read as that kind (a log the detection
  missed, or a class table that happens to have many rows per student); with no upload the mode's own data
  (at first the sample) is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

import mtl_core

from . import messages as M
from . import sources, state, ui
from .log_keys import (LATEST, LOG_IS_SAMPLE, LOG_JOB, LOG_ROLES, LOG_RUN, LOG_SAVED, LOG_SCORED, LOG_SETTINGS,
                       LOG_TABLE, LOG_VERSION, MODE)

CLASS, LOG = "class", "log"
MODES = (CLASS, LOG)
SAMPLE_LOG = sources.REPO / "sample_data" / "answers.csv"
CHECKED = "log_checked"  # ((version, roles), problem table): the latest check_log of this tab
RUN_WIDGET_PREFIX = "log_run_"  # widgets that show one log run: forgotten with it


@dataclass
class ActiveLogRun:
    """A trained or loaded log run the Results and Students pages show.

    Attributes:
        run: the ``mtl_core.LogRun``.
        source: a plain-text description ("answers.csv", "saved run 'term 1'").
        saved_as: the folder name once saved.
        views: what the pages derive from the run once (plans, hardest skills, influence, downloads).
    """

    run: object
    source: str
    saved_as: str | None = None
    views: dict = field(default_factory=dict)


@dataclass
class ScoredLog:
    """A new answer log scored with a saved log run (Saved runs page)."""

    run_name: str
    file_name: str
    predictions: pd.DataFrame
    mastery: pd.DataFrame
    warnings: pd.DataFrame
    files: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- mode

def mode() -> str:
    value = st.session_state.get(MODE, CLASS)
    return value if value in MODES else CLASS


def is_log() -> bool:
    return mode() == LOG


def set_mode(value: str) -> None:
    """Show the pages' ``value`` version ("class" or "log"); the latest upload is read as that kind when the
    mode's data is not it already, and an empty log mode starts with the sample log."""
    if value not in MODES:
        return
    st.session_state[MODE] = value
    latest = st.session_state.get(LATEST)
    if value == LOG:
        if latest is not None and log_table() is not latest[0] and state.table() is latest[0]:
            set_log(latest[0], upload=latest[1])
        elif log_table() is None:
            set_log(sample_log(), is_sample=True)
    elif latest is not None and state.table() is not latest[0] and log_table() is latest[0]:
        state.set_table(latest[0], upload=latest[1])


def take_upload(loaded, upload: tuple) -> str:
    """An upload read on the Data page, in either mode: a log becomes the log (log mode), anything else the class
    table (class mode). Returns the mode it switched to."""
    st.session_state[LATEST] = (loaded, upload)
    try:
        is_a_log = mtl_core.looks_like_log(loaded.frame)
    except Exception:  # noqa: BLE001 - a file the detection cannot read is read as a class table
        is_a_log = False
    before = mode()
    if is_a_log:
        set_log(loaded, upload=upload)
    else:
        state.set_table(loaded, upload=upload)
    after = st.session_state[MODE] = LOG if is_a_log else CLASS
    if after != before:  # say why the page changed, and how to read the file as the other kind
        ui.notify("data", "info", M.LOG[f"upload_read_as_{after}"].format(name=upload[0]))
    return after


# --------------------------------------------------------------------------- the log and its roles

@st.cache_data(show_spinner=False)
def sample_log():
    """The bundled sample answer log as a ``mtl_core.LoadedTable`` (read once per server)."""
    return mtl_core.load_table(SAMPLE_LOG)


def log_table():
    return st.session_state.get(LOG_TABLE)


def log_frame() -> pd.DataFrame | None:
    loaded = log_table()
    return None if loaded is None else loaded.frame


def is_sample() -> bool:
    return bool(st.session_state.get(LOG_IS_SAMPLE))


def version() -> int:
    return int(st.session_state.get(LOG_VERSION, 0))


def set_log(loaded, *, is_sample: bool = False, upload: tuple | None = None) -> None:
    """Use a newly read answer log: infer its roles (the current log run is kept). ``upload``: its
    ``(file name, bytes)``, kept as the latest upload."""
    session = st.session_state
    session[LOG_TABLE] = loaded
    session[LOG_IS_SAMPLE] = is_sample
    session[LOG_VERSION] = version() + 1
    if upload is not None:
        session[LATEST] = (loaded, upload)
    session[LOG_ROLES] = mtl_core.infer_log_roles(loaded.frame)
    session.pop(CHECKED, None)


def roles():
    return st.session_state.get(LOG_ROLES)


def set_roles(value) -> None:
    st.session_state[LOG_ROLES] = value


def problems() -> pd.DataFrame:
    """``mtl_core.check_log`` of the log with the current roles: every problem at once, remembered until the log
    or a role changes."""
    key = (version(), roles())
    cached = st.session_state.get(CHECKED)
    if cached is not None and cached[0] == key:
        return cached[1]
    found = mtl_core.check_log(log_frame(), roles())
    st.session_state[CHECKED] = (key, found)
    return found


def blocking(found: pd.DataFrame) -> int:
    return int((found["severity"] == "error").sum()) if len(found) else 0


# --------------------------------------------------------------------------- settings

def default_settings() -> dict:
    """The Tasks page's log settings: the core's defaults (``mtl_core.LogConfig``), a hold-out check."""
    base = mtl_core.LogConfig()
    return dict(model=base.model, validation="holdout", test_size=0.2, k=5, epochs=base.epochs,
                window=base.window, next_skill_weight=base.next_skill_weight, use_items=base.use_items,
                seed=base.seed)


def settings() -> dict:
    if st.session_state.get(LOG_SETTINGS) is None:
        st.session_state[LOG_SETTINGS] = default_settings()
    return st.session_state[LOG_SETTINGS]


def make_config(values: dict):
    """``(LogConfig, evaluation)`` from the settings; ConfigError names a setting that cannot be used."""
    config = mtl_core.LogConfig(model=str(values["model"]), epochs=int(values["epochs"]), window=int(values["window"]),
                                next_skill_weight=float(values["next_skill_weight"]),
                                use_items=bool(values["use_items"]), seed=int(values["seed"]))
    if values["validation"] == "kfold":
        evaluation = mtl_core.KFold(int(values["k"]))
    else:
        evaluation = mtl_core.Holdout(float(values["test_size"]))
    return config, evaluation


# --------------------------------------------------------------------------- training and runs

def job():
    return st.session_state.get(LOG_JOB)


def start_job(make):
    """Start the log training ``make(on_done=...)`` builds, unless the space trains a log already (then that one
    is returned): the same machinery as a class table's training (:func:`dashboard.state.start_job`)."""
    work = state.workspace()
    if work is None:  # a page run on its own (tests): the job lives in the session
        current = job()
        if current is not None and current.running:
            return current
        started = make(on_done=None).start()
        st.session_state[LOG_JOB] = started
        return started
    state.sync()
    started = work.start(make, collect=lambda done: _collect_into(work, done), key=LOG_JOB)
    st.session_state[LOG_JOB] = started
    state.sync()
    return started


def _collect_into(work, done) -> None:
    if done.result is not None:
        with work.lock:
            work.values[LOG_RUN] = ActiveLogRun(done.result, source=done.label)


def collect_job():
    """When the latest log job has finished with a result, make it the active log run (once). Returns the job."""
    current = job()
    if current is None or not current.finished:
        return current
    with current.lock:
        if not current.collected:
            current.collected = True
            if current.result is not None:
                set_run(ActiveLogRun(current.result, source=current.label))
    active = st.session_state.get(LOG_RUN)
    if current.result is not None and (active is None or active.run is not current.result):
        state.sync()
    return current


def active_run() -> ActiveLogRun | None:
    collect_job()
    return st.session_state.get(LOG_RUN)


def set_run(value: ActiveLogRun | None) -> None:
    st.session_state[LOG_RUN] = value
    state.forget_prefixed(RUN_WIDGET_PREFIX)


def saved_runs() -> dict:
    return st.session_state.setdefault(LOG_SAVED, {})


def scored() -> ScoredLog | None:
    return st.session_state.get(LOG_SCORED)


def set_scored(value: ScoredLog | None) -> None:
    st.session_state[LOG_SCORED] = value
