"""The contract every loss weighting follows.

A weighting turns the per-task losses of every ensemble member, a tensor of
shape ``(members, tasks)``, into one scalar to minimise, and reports the
weights it used so they can be logged per epoch. It starts from the teacher's
weights (``base``, scaled to average 1 over tasks that count) and may adapt
them. Each task loss is already on a common scale: 1.0 means "as good as
guessing from the class average" (see :mod:`mtl_core.tabular.losses`).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from .._quiet import tf  # TensorFlow is imported on first use, not when listing methods


class Weighting:
    """Base class: fixed weights equal to ``base``. Subclasses override the hooks they need.

    Args:
        base: the teacher's weights, shape ``(tasks,)``, >= 0.
        members: number of ensemble members.
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    paper: ClassVar[str] = ""
    uses_task_gradients: ClassVar[bool] = False  # True: train step passes per-task gradient norms

    def __init__(self, base: np.ndarray, members: int):
        base = np.asarray(base, dtype="float32")
        active = base > 0
        self.base = base / base[active].mean() if active.any() else base
        self.members = int(members)
        self.tasks = len(base)
        self.active = tf.constant(active.astype("float32"))
        self.weights = tf.Variable(np.tile(self.base, (self.members, 1)), trainable=False, name="task_weights")

    @property
    def trainable_variables(self) -> list:
        """Variables the optimiser should update together with the network (default none)."""
        return []

    def combine(self, losses):
        """Return ``(total, weights)``: a scalar to minimise and the ``(members, tasks)`` weights used."""
        weights = tf.identity(self.weights)
        return tf.reduce_sum(weights * losses), weights

    def end_epoch(self, epoch_losses: np.ndarray) -> None:
        """Called after each epoch with the mean training loss per member and task."""

    def update_from_gradients(self, grad_norms, losses) -> None:
        """Called each step, inside the graph, when ``uses_task_gradients`` is True."""

    def current(self) -> np.ndarray:
        """Weights in use now, averaged over members: shape ``(tasks,)``."""
        return self.effective().mean(axis=0)

    def effective(self) -> np.ndarray:
        """Weights in use now per member: ``(members, tasks)``."""
        return self.weights.numpy()
