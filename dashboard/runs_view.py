"""What the two versions of the Saved runs page share (class tables in ``views/runs.py``, answer logs in
``log_runs.py``): core messages without the server's folders, the table of runs, and picking one; and the two
Train pages' Save button (:func:`save_on_screen`).

Every function draws with Streamlit or returns plain text; the pages decide what a picked run shows.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

import mtl_core
from dashboard import messages as M
from dashboard import sources, state, ui, words
from dashboard.text import date_time, md_format

R = M.RUNS


def without_folders(text, root: Path) -> str:
    """A message of the core with the server's folders taken out: runs are named, never located ("'/srv/runs/
    class-x/term 1' is not a saved run" -> "'term 1' is not a saved run")."""
    text = str(text)
    for folder in (root, root.parent):
        text = text.replace(f"{folder}{os.sep}", "").replace(str(folder), "")
    return text


def core_message(error, root: Path) -> str:
    """A core error's text as the Saved runs pages show it: without folders, marked as core text."""
    return M.core_text(without_folders(error, root))


def listing_table(listing: pd.DataFrame, root: Path, *, title: str, key: str, tasks: bool = True) -> None:
    """The saved runs (``mtl_core.list_runs``): local dates (never ISO timestamps), the check in words, problems
    without folders; the outcomes column only where ``tasks`` (a log run predicts one thing)."""
    st.subheader(title)
    tz = ui.browser_timezone()
    columns = {
        R["col_name"]: listing["name"].astype(str),
        R["col_created"]: [date_time(v, tz) for v in listing["created"]],
        R["col_tasks"]: listing["tasks"].astype(str) if tasks else None,
        R["col_students"]: listing["students"],
        R["col_evaluation"]: [M.word("evaluation", v) if v else "" for v in listing["evaluation"]],
        R["col_ok"]: listing["ok"].astype(bool),
        R["col_problem"]: [core_message(p, root) if p else "" for p in listing["problem"]],
    }
    ui.table(pd.DataFrame({name: values for name, values in columns.items() if values is not None}), key=key)


def open_or_say(folder: str, created: str, open_run: Callable[[Path, str], object]):
    """For a button's callback: the run of ``folder`` opened with ``open_run``, or None after a notice saying why
    it cannot be opened (without folders)."""
    try:
        return open_run(Path(folder), created)
    except Exception as error:  # noqa: BLE001 - RunLoadError, or a bug: a message either way
        ui.notify("runs", "error", R["load_failed"].format(message=core_message(error, Path(folder).parent)))
        return None


def pick(listing: pd.DataFrame, root: Path, key: str, open_run: Callable[[Path, str], object]):
    """The box choosing one of the usable runs of ``listing`` (kept under ``key``), and the run opened with
    ``open_run(folder, created)``: ``(run, folder, created, name)``, or None when there is none or it cannot be
    opened (the reason is shown, without folders)."""
    usable = listing[listing["ok"]]
    if usable.empty:
        return None
    names = list(usable["name"])
    if st.session_state.get(key) not in names:
        st.session_state[key] = names[0]
    name = st.selectbox(R["pick"], names, key=key, placeholder=M.COMMON["choose"])
    created = str(usable.loc[usable["name"] == name, "created"].iloc[0])
    folder = root / name
    try:
        run = open_run(folder, created)
    except Exception as error:  # noqa: BLE001 - RunLoadError, or a bug: a message either way
        st.error(md_format(R["load_failed"], message=core_message(error, root)))
        return None
    return run, folder, created, name


def save_on_screen(active, save: Callable[..., object], prefix: str) -> None:
    """For a Train page's Save button: the run on screen (``active.run``) saved with ``save(run, folder,
    overwrite=...)`` in the space's runs folder under the name typed in ``{prefix}_name`` (``{prefix}_overwrite``:
    replace a run of that name), then a notice. A bad name or a full disk is a notice, never an exception."""
    if active is None:
        return
    T = M.TRAIN
    try:
        name = mtl_core.check_run_name(st.session_state.get(f"{prefix}_name", ""))
        save(active.run, sources.runs_root(state.space()) / name,
             overwrite=bool(st.session_state.get(f"{prefix}_overwrite")))
    except mtl_core.EduMTLError as error:
        ui.notify("train", "error", T["save_failed"].format(message=words.error_text(error)))
        return
    except OSError as error:
        ui.notify("train", "error", T["save_failed"].format(message=M.core_text(error.strerror or error)))
        return
    active.saved_as = name
    state.note_saved(active.run)
    ui.notify("train", "success", T["saved"].format(name=name))
