"""An answer log's training in a thread: :class:`LogTrainingJob`, the log version of ``jobs.TrainingJob``.

It is kept by the space's :class:`dashboard.jobs.Workspace` under its own key (``"log_job"``), started and
collected through :mod:`dashboard.log_state`, so a reload or a second tab reattaches to it as it does for a
class table's training. The thread calls ``mtl_core.train_log`` and never touches Streamlit; pages poll
:attr:`logs` (``mtl_core.LogEpochLog``) and :meth:`stop` asks the core to stop after the current epoch.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

import mtl_core

from .jobs import TrainingJob

HISTORY_COLUMNS = ["fold", "epoch", "train_loss", "val_loss", "val_auc", "baseline_loss"]


class LogTrainingJob(TrainingJob):
    """One knowledge-tracing training in a thread.

    Args:
        frame: the answer log as read (copied).
        roles: the ``mtl_core.LogRoles``.
        config, evaluation: a ``mtl_core.LogConfig`` and a ``Holdout`` / ``KFold`` over students.
        label: the file's name, kept with the result.
        on_done: as for ``TrainingJob``.
    """

    def __init__(self, frame: pd.DataFrame, roles, *, config=None, evaluation=None, label: str = "",
                 on_done: Callable[["LogTrainingJob"], None] | None = None):
        super().__init__(frame, (), config=config, evaluation=evaluation, label=label, on_done=on_done)
        self.roles = roles

    @property
    def phase(self) -> str:
        """"waiting" (before the first epoch), "training", then "finishing" (the baselines, predictions and
        mastery, which report no progress)."""
        latest = self.latest
        if latest is None:
            return "waiting"
        if latest.fold + 1 < latest.folds or (latest.epoch < latest.max_epochs and latest.eta_s > 0):
            return "training"
        return "finishing"

    def history(self) -> pd.DataFrame:
        """fold, epoch, train_loss, val_loss, val_auc, baseline_loss of every epoch so far."""
        rows = [{name: getattr(entry, name) for name in HISTORY_COLUMNS} for entry in list(self.logs)]
        return pd.DataFrame(rows, columns=HISTORY_COLUMNS)

    WHAT = "training on an answer log"

    def _train(self):
        return mtl_core.train_log(self.frame, self.roles, config=self.config, evaluation=self.evaluation,
                                  callback=self._on_epoch)
