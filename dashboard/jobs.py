"""Training in a background thread, so that the page stays responsive and a Stop button works.

A :class:`TrainingJob` belongs to one session (it lives in ``st.session_state``). Its thread calls
``mtl_core.train`` and never touches Streamlit; the page polls :attr:`TrainingJob.logs`, and
:meth:`TrainingJob.stop` asks mtl_core to stop after the current epoch (the best weights so far are kept).

Example:
    >>> job = TrainingJob(frame, tasks, schema=schema, config=config, evaluation=evaluation)  # doctest: +SKIP
    >>> job.start().wait()  # doctest: +SKIP
    >>> job.result.summary  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import threading
import time

import pandas as pd

import mtl_core

from .runtime import keep_keras_state
from .sources import wait_for_engine

log = logging.getLogger(__name__)


class TrainingJob:
    """One training run in a thread: its latest epoch logs, a stop flag, and the result or the error.

    Args:
        frame: the class table (copied, so later uploads do not change what is trained).
        tasks: the TaskSpecs.
        schema, config, evaluation, compare: passed to ``mtl_core.train``.
        label: where the data came from ("class.csv"), kept with the result.
    """

    def __init__(self, frame: pd.DataFrame, tasks, *, schema=None, config=None, evaluation=None, compare: bool = False,
                 label: str = ""):
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
        self.collected = False  # set once the page has turned the result into the active run
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

    def _run(self) -> None:
        try:
            wait_for_engine()
            self.result = mtl_core.train(self.frame, self.tasks, schema=self.schema, config=self.config,
                                         evaluation=self.evaluation, callback=self._on_epoch, compare=self.compare)
        except mtl_core.EduMTLError as error:
            self.error = error
        except Exception as error:  # shown as a readable message; the traceback goes to the server log
            log.exception("Training failed unexpectedly")
            self.error = error
