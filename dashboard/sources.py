"""Where data and runs come from: the bundled sample class, uploads, the runs folder, the training engine.

Only the sample class is cached across sessions (``st.cache_data``: it is the same file for everyone);
a teacher's own data never leaves their session.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import streamlit as st

import mtl_core

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CSV = REPO / "sample_data" / "class.csv"
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "xlsm", "parquet", "pq"]
MAX_UPLOAD_MB = 50  # server.maxUploadSize in .streamlit/config.toml (a test keeps the two equal)
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 2**20
RUNS_ENV = "EDUMTL_RUNS_DIR"
WARM_UP_THREAD = "edumtl-warm-up"  # the thread mtl_core.warm_up() starts
_warm_up_lock = threading.Lock()
_warmed_up = False  # per server process: every session's reruns share this module


@st.cache_data(show_spinner=False)
def sample_table():
    """The bundled sample class as a ``mtl_core.LoadedTable`` (read once per server, copied per call)."""
    return mtl_core.load_table(SAMPLE_CSV)


def read_upload(name: str, data: bytes, sheet: str | None = None):
    """Read an uploaded file; raises ``mtl_core.DataReadError`` with a teacher-friendly message."""
    return mtl_core.load_table(data, name=name, sheet=sheet, max_bytes=MAX_UPLOAD_BYTES)


def runs_root(space: str) -> Path:
    """The folder a space's saved runs live in: ``<$EDUMTL_RUNS_DIR or <repo>/runs>/<space>``.

    Args:
        space: the space's name (see :func:`dashboard.state.space`); checked like a run name, so it is
            always one folder directly under the runs folder.
    """
    root = Path(os.environ.get(RUNS_ENV) or REPO / "runs")
    return root / mtl_core.check_run_name(space)


def warm_up_once() -> bool:
    """Start ``mtl_core.warm_up()`` the first time any session of this server process asks; returns whether
    it was started now. (The app calls this after every full rerun; one warm-up per process is enough.)"""
    global _warmed_up
    with _warm_up_lock:
        if _warmed_up:
            return False
        _warmed_up = True
    mtl_core.warm_up()
    return True


def wait_for_engine(timeout: float = 120.0) -> None:
    """Block until ``mtl_core.warm_up()`` has imported TensorFlow (if it is still doing so).

    Importing the same modules from two threads at once can deadlock on Python's import locks, so code
    that is about to touch the training modules (training, loading a run) waits for the warm-up first.
    """
    for thread in threading.enumerate():
        if thread.name == WARM_UP_THREAD and thread is not threading.current_thread():
            thread.join(timeout)


def method_choices() -> tuple[list, list]:
    """``(architectures, weightings)``: the registries' ``MethodInfo`` lists (no TensorFlow needed)."""
    return mtl_core.ARCHITECTURES.infos(), mtl_core.WEIGHTINGS.infos()
