"""Work that outlives a browser tab: each space's training job and working state, held by the server process.

A teacher's work belongs to their **space** (their account on a shared server, or the ``?space=`` of the
address on their own computer; see :mod:`dashboard.state` and :mod:`dashboard.auth`), not to the browser
tab that started it. A reload, a second tab or a laptop whose lid was closed gets a new Streamlit session,
and that session finds the space's :class:`Workspace` here, with the running :class:`TrainingJob`, the
finished run, the loaded class and the Data and Tasks settings, exactly as they were.

Where things live, and why:

* **In this process** (:func:`workspace`, a dict keyed by the space's name, guarded by a lock): the class
  table, roles, outcomes, weights, settings, the running job and the finished run. They are Python objects
  (a run holds its Keras models) that a page needs at once; keeping them in memory costs nothing on a
  reload, and nothing a teacher did not choose to keep is written to disk (the **Saved runs** page is where
  runs are kept for good). Nothing is shared between spaces: every lookup names the space, and a session
  only ever asks for its own (:func:`dashboard.state.space`). A space nobody opened for
  :data:`IDLE_HOURS` hours (and that trains nothing) is let go, to give its memory back.
* **On disk**, in the space's runs folder: one small file, :data:`MARKER` (when a training started and on
  which file, whether it finished and whether its run was saved; no student data). A restarted server or a
  space that was let go has lost what was in memory; the marker is how the next visit learns that and says
  so (:attr:`Workspace.lost`) instead of silently showing an empty page.

The job's thread calls ``mtl_core.train`` and never touches Streamlit; pages poll :attr:`TrainingJob.logs`,
and :meth:`TrainingJob.stop` asks mtl_core to stop after the current epoch (the best weights so far are kept).

Example:
    >>> job = TrainingJob(frame, tasks, schema=schema, config=config, evaluation=evaluation)  # doctest: +SKIP
    >>> job.start().wait()  # doctest: +SKIP
    >>> job.result.summary  # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

import mtl_core

from .runtime import keep_keras_state
from .sources import runs_root, wait_for_engine

log = logging.getLogger(__name__)
MARKER = ".training.json"  # in a space's runs folder: what its latest training was (see Workspace.lost)
IDLE_HOURS_ENV = "EDUMTL_SPACE_IDLE_HOURS"
IDLE_HOURS = 12.0  # a space nobody opened for this long (and that trains nothing) is let go
JOB_KEYS = ("job", "log_job")  # the values of a Workspace that hold a training: a class table's, an answer log's
PROCESS = uuid.uuid4().hex  # this server process: a marker written by another one was left by a restart


class TrainingJob:
    """One training run in a thread: its latest epoch logs, a stop flag, and the result or the error.

    Args:
        frame: the class table (copied, so later uploads do not change what is trained).
        tasks: the TaskSpecs.
        schema, config, evaluation, compare: passed to ``mtl_core.train``.
        label: where the data came from ("class.csv"), kept with the result.
        on_done: called with the job in its thread once training has ended (result or error), before
            :attr:`finished` turns true; :func:`Workspace.start` uses it to make the run the space's at once.
    """

    def __init__(self, frame: pd.DataFrame, tasks, *, schema=None, config=None, evaluation=None, compare: bool = False,
                 label: str = "", on_done: Callable[["TrainingJob"], None] | None = None):
        self.frame = frame.copy()
        self.tasks = tuple(tasks)
        self.schema, self.config, self.evaluation = schema, config, evaluation
        self.compare = bool(compare)
        self.label = label
        self.logs: list = []
        self.last_log_at: float | None = None
        self.result = None
        self.error: BaseException | None = None
        self.started = time.time()
        self.on_done = on_done
        self.lock = threading.Lock()  # guards ``collected``: the thread and every tab may collect the result
        self.collected = False  # set once the result has become the active run (of the space or the session)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="edumtl-training", daemon=True)

    # ----------------------------------------------------------------- control

    def start(self) -> "TrainingJob":
        keep_keras_state()  # Streamlit must not reset Keras under this training after each rerun
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask training to stop after the current epoch."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> "TrainingJob":
        self._thread.join(timeout)
        return self

    # ----------------------------------------------------------------- state

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def finished(self) -> bool:
        return self._thread.ident is not None and not self._thread.is_alive()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def latest(self):
        """The most recent ``mtl_core.EpochLog``, or None before the first epoch ends."""
        return self.logs[-1] if self.logs else None

    @property
    def phase(self) -> str:
        """What the thread is doing: "waiting" (before the first epoch), "training", then, once every network
        has stopped, "comparing" (``compare=True``: single-task networks and forests, which report no
        progress) or "finishing" (predictions and measures)."""
        latest = self.latest
        if latest is None:
            return "waiting"
        if latest.active_members > 0 and latest.epoch < latest.max_epochs:
            return "training"
        return "comparing" if self.compare else "finishing"

    def seconds_since_last_epoch(self) -> float:
        return 0.0 if self.last_log_at is None else time.time() - self.last_log_at

    def history(self) -> pd.DataFrame:
        """epoch, task, train_loss, val_loss, weight of every epoch so far (the same columns as ``run.history``)."""
        rows = [dict(epoch=entry.epoch, task=task, train_loss=entry.train_loss[task], val_loss=entry.val_loss[task],
                     weight=entry.weights.get(task, float("nan")))
                for entry in list(self.logs) for task in entry.train_loss]
        return pd.DataFrame(rows, columns=["epoch", "task", "train_loss", "val_loss", "weight"])

    # ----------------------------------------------------------------- the thread

    def _on_epoch(self, entry) -> bool:
        self.logs.append(entry)
        self.last_log_at = time.time()
        return self._stop.is_set()

    WHAT = "training"  # in the server log's messages

    def _train(self):
        """The core's training call of this kind of job (the thread's work); its result is the job's."""
        return mtl_core.train(self.frame, self.tasks, schema=self.schema, config=self.config,
                              evaluation=self.evaluation, callback=self._on_epoch, compare=self.compare)

    def _run(self) -> None:
        try:
            wait_for_engine()
            self.result = self._train()
        except mtl_core.EduMTLError as error:
            self.error = error
        except Exception as error:  # shown as a readable message; the traceback goes to the server log
            log.exception("The %s failed unexpectedly", self.WHAT)
            self.error = error
        finally:
            if self.on_done is not None:
                try:
                    self.on_done(self)
                except Exception:  # noqa: BLE001 - the page still collects the result itself
                    log.exception("Could not hand the finished %s to its space", self.WHAT)


# --------------------------------------------------------------------------- spaces

class Workspace:
    """One space's work in this server process: what its tabs share, and the job that trains for it.

    Attributes:
        name: the space's name.
        values: the space's share of the session keys (``dashboard.state.SPACE_KEYS``: the class, roles,
            outcomes, settings, job, run...) -> their current values; read and written through
            :mod:`dashboard.state`, under :attr:`lock`.
        lock: held while values are merged with a tab's and while a training is started (so two tabs
            clicking Train at once start one training).
        lost: what the marker of an earlier server process (or of this space before it was let go) says was
            lost, as ``{"state": "running" | "finished", "started": ISO time, "label": file name}``; None
            when nothing was.
        used: ``time.time()`` of the latest visit.
    """

    def __init__(self, name: str):
        self.name = name
        self.values: dict = {}
        self.lock = threading.RLock()
        self.used = time.time()
        self.lost = _lost_work(name)

    # ----------------------------------------------------------------- the job

    def job(self, key: str = "job") -> TrainingJob | None:
        return self.values.get(key)

    def start(self, make: Callable[..., TrainingJob], collect: Callable[[TrainingJob], None],
              key: str = "job") -> TrainingJob:
        """Start ``make(on_done=...)``'s job for this space unless one is running already; returns the running one.

        ``collect(job)`` is called in the job's thread when it ends, under the job's lock, to make its run
        the space's active run (a tab that opens the space after the end finds it there). ``key``: the value
        that holds the job (:data:`JOB_KEYS`: a class table's training, or an answer log's)."""
        with self.lock:
            current = self.job(key)
            if current is not None and current.running:
                return current
            job = make(on_done=lambda done: self._finished(done, collect))
            self.values[key] = job
            self.lost = None
            _write_marker(self.name, state="running", started=iso_time(job.started), label=job.label, saved=False)
            return job.start()

    def _finished(self, job: TrainingJob, collect: Callable[[TrainingJob], None]) -> None:
        with job.lock:
            if not job.collected:
                job.collected = True
                collect(job)
        if job.result is not None:
            _write_marker(self.name, state="finished", started=iso_time(job.started), label=job.label, saved=False)
        else:  # an error or nothing to keep: nothing can be lost any more
            _remove_marker(self.name)

    def saved(self, run) -> None:
        """Note that the run of the latest training was saved (a restart no longer loses it)."""
        for key in JOB_KEYS:
            job = self.job(key)
            if job is not None and job.result is run:
                _remove_marker(self.name)

    @property
    def busy(self) -> bool:
        return any(job is not None and job.running for job in map(self.job, JOB_KEYS))


_spaces: dict[str, Workspace] = {}
_spaces_lock = threading.Lock()


def idle_seconds() -> float:
    try:
        hours = float(os.environ.get(IDLE_HOURS_ENV) or IDLE_HOURS)
    except ValueError:
        hours = IDLE_HOURS
    return max(hours, 0.0) * 3600


def workspace(name: str) -> Workspace:
    """The space ``name``'s workspace in this process, made on the first visit; spaces idle too long are let go."""
    now = time.time()
    with _spaces_lock:
        limit = idle_seconds()
        for other in [s for s in _spaces.values() if s.name != name and not s.busy and now - s.used > limit]:
            del _spaces[other.name]
        space = _spaces.get(name)
        if space is None:
            space = _spaces[name] = Workspace(name)
        space.used = now
        return space


def forget_all() -> None:
    """Let go of every workspace (tests; a server process starting afresh)."""
    with _spaces_lock:
        _spaces.clear()


# --------------------------------------------------------------------------- the marker

def iso_time(seconds: float) -> str:
    """A time.time() moment as ISO 8601 text in UTC."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds")


def _marker_path(space: str) -> Path:
    return runs_root(space) / MARKER


def _write_marker(space: str, **fields) -> None:
    """Write the marker (small and best-effort: a full disk must not stop a training)."""
    path = _marker_path(space)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f"{MARKER}.{os.getpid()}.tmp")
        staging.write_text(json.dumps({**fields, "process": PROCESS}), encoding="utf-8")
        os.replace(staging, path)
    except OSError as error:
        log.warning("Could not write the training marker of space %s: %s", space, error)


def _remove_marker(space: str) -> None:
    try:
        _marker_path(space).unlink(missing_ok=True)
    except OSError as error:
        log.warning("Could not remove the training marker of space %s: %s", space, error)


def _lost_work(space: str) -> dict | None:
    """What a marker left before this workspace existed says was lost: a training that was running (the server
    stopped under it) or a finished one whose run was never saved. None when nothing was."""
    try:
        data = json.loads(_marker_path(space).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("state") not in ("running", "finished") or data.get("saved"):
        return None
    return {"state": data["state"], "started": str(data.get("started", "")), "label": str(data.get("label", ""))}


def dismiss_lost(space: Workspace) -> None:
    """The teacher has read what was lost: forget it, on disk too."""
    with space.lock:
        if space.lost is not None and not space.busy:
            _remove_marker(space.name)
        space.lost = None
