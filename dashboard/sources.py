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
WARM_UP_DELAY_S = 3.0  # after the first page: importing TensorFlow would slow the browser drawing it
_warm_up_lock = threading.Lock()
_warmed_up = False  # per server process: every session's reruns share this module
_warm_up_cancelled = False  # a training or a saved run needed TensorFlow before the delayed warm-up began


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


def warm_up_once(delay: float = WARM_UP_DELAY_S) -> bool:
    """Start ``mtl_core.warm_up()``, ``delay`` seconds from now, the first time any session of this server
    process asks; returns whether it was scheduled now. (The app calls this after every full rerun; one
    warm-up per process is enough.)

    Importing TensorFlow keeps a core busy for seconds; on a small machine that also serves the browser,
    starting at once made the first page take about 2 s longer to appear. :func:`wait_for_engine` cancels
    a warm-up that has not begun yet."""
    global _warmed_up
    with _warm_up_lock:
        if _warmed_up:
            return False
        _warmed_up = True
    timer = threading.Timer(delay, _delayed_warm_up)
    timer.daemon = True
    timer.start()
    return True


def _delayed_warm_up() -> None:
    with _warm_up_lock:
        if not _warm_up_cancelled:
            mtl_core.warm_up()  # starts the WARM_UP_THREAD while the lock is held: wait_for_engine sees it


def wait_for_engine(timeout: float = 120.0) -> None:
    """Block until ``mtl_core.warm_up()`` has imported TensorFlow (if it is still doing so).

    Importing the same modules from two threads at once can deadlock on Python's import locks, so code
    that is about to touch the training modules (training, loading a run) waits for the warm-up first.
    """
    global _warm_up_cancelled
    with _warm_up_lock:
        _warm_up_cancelled = True  # a delayed warm-up not begun yet will not begin: the caller imports now
    for thread in threading.enumerate():
        if thread.name == WARM_UP_THREAD and thread is not threading.current_thread():
            thread.join(timeout)


def method_choices() -> tuple[list, list]:
    """``(architectures, weightings)``: the registries' ``MethodInfo`` lists (no TensorFlow needed)."""
    return mtl_core.ARCHITECTURES.infos(), mtl_core.WEIGHTINGS.infos()
