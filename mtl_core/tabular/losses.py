"""Masked per-task losses on a common scale.

Each task's loss is divided by the loss of the naive guess on the training
rows, so that 1.0 always means "no better than guessing from the class":

* regression: mean squared error on the target standardised with the training
  rows' mean and standard deviation (guessing the mean scores 1.0);
* binary: cross-entropy divided by the entropy of the training base rate
  (guessing the base rate scores 1.0);
* multiclass: cross-entropy divided by the entropy of the training class
  frequencies.

A student whose label is missing for a task has weight 0 in that task's
loss only, so they still train every other task: no NaN, no dropped rows.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from ..tasks import TaskKind

MIN_ENTROPY = 0.05  # floor so a very unbalanced task cannot blow its loss up


def naive_loss_scale(kind: TaskKind, labels: np.ndarray, n_classes: int) -> float:
    """The loss of the naive guess on ``labels`` (the known labels of the training rows)."""
    if kind is TaskKind.REGRESSION or len(labels) == 0:
        return 1.0
    counts = np.bincount(labels.astype(int), minlength=max(n_classes, 2)).astype(float)
    freq = counts[counts > 0] / counts.sum()
    return float(max(-(freq * np.log(freq)).sum(), MIN_ENTROPY))


def per_student_loss(kind: TaskKind, outputs, targets):
    """Loss per member and student: outputs ``(m, n, k)``, targets ``(m, n)`` -> ``(m, n)``."""
    if kind is TaskKind.REGRESSION:
        return tf.square(outputs[..., 0] - targets)
    if kind is TaskKind.BINARY:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=targets, logits=outputs[..., 0])
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.cast(targets, tf.int32), logits=outputs)


def masked_mean(values, weights):
    """Mean of ``values`` over students where ``weights`` is 1: ``(m, n)`` -> ``(m,)``; 0 when none."""
    return tf.reduce_sum(values * weights, axis=1) / tf.maximum(tf.reduce_sum(weights, axis=1), 1.0)
