"""Masked per-task losses on a common scale, and how sub-members' outputs become one prediction.

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

Outputs carry a sub-member axis ``(members, n, sub_members, k)``. Training minimises the *mean of the
sub-members' losses* (TabM); a prediction is the *mean of their outputs* (values, or class
probabilities), which :func:`ensemble_log_probabilities` forms stably in log space. Validation
losses, early stopping and reported figures all use that mean prediction.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from ..tasks import TaskKind

MIN_ENTROPY = 0.05  # floor so a very unbalanced task cannot blow its loss up
PROBABILITY_FLOOR = 0.01  # no class is ever given less than 1 %, so a 2-class task never says 0 % or 100 %


def naive_loss_scale(kind: TaskKind, labels: np.ndarray, n_classes: int) -> float:
    """The loss of the naive guess on ``labels`` (the known labels of the training rows)."""
    if kind is TaskKind.REGRESSION or len(labels) == 0:
        return 1.0
    counts = np.bincount(labels.astype(int), minlength=max(n_classes, 2)).astype(float)
    freq = counts[counts > 0] / counts.sum()
    return float(max(-(freq * np.log(freq)).sum(), MIN_ENTROPY))


def per_student_loss(kind: TaskKind, outputs, targets, smoothing: float = 0.0):
    """Loss per member and student, averaged over sub-members.

    ``outputs`` ``(m, n, k)`` or ``(m, n, sub, k)``, targets ``(m, n)`` -> ``(m, n)``. ``smoothing``
    (classification only) moves that share of the target probability onto the other classes.
    """
    if len(outputs.shape) == 4:
        repeated = tf.repeat(targets[:, :, None], tf.shape(outputs)[2], axis=2)
        return tf.reduce_mean(_loss(kind, outputs, repeated, smoothing), axis=2)
    return _loss(kind, outputs, targets, smoothing)


def _loss(kind: TaskKind, outputs, targets, smoothing: float):
    """Elementwise loss over every axis but the last of ``outputs``."""
    if kind is TaskKind.REGRESSION:
        return tf.square(outputs[..., 0] - targets)
    if kind is TaskKind.BINARY:
        labels = targets * (1.0 - smoothing) + 0.5 * smoothing if smoothing else targets
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=outputs[..., 0])
    if smoothing:
        classes = outputs.shape[-1]
        labels = tf.one_hot(tf.cast(targets, tf.int32), classes) * (1.0 - smoothing) + smoothing / classes
        return tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=outputs)
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.cast(targets, tf.int32), logits=outputs)


def masked_mean(values, weights):
    """Mean of ``values`` over students where ``weights`` is 1: ``(m, n)`` -> ``(m,)``; 0 when none."""
    return tf.reduce_sum(values * weights, axis=1) / tf.maximum(tf.reduce_sum(weights, axis=1), 1.0)


# --------------------------------------------------------------------------- one prediction per member

def ensemble_values(outputs):
    """Regression: the mean of the sub-members' standardised values, ``(m, n, sub, 1)`` -> ``(m, n)``."""
    return tf.reduce_mean(outputs[..., 0], axis=2)


def sub_member_values(outputs):
    """Regression: every sub-member's standardised value, ``(m, n, sub, 1)`` -> ``(m, n, sub)``."""
    return outputs[..., 0]


def sub_member_spread(outputs):
    """Regression: the standard deviation of the sub-members' standardised values, ``(m, n)``."""
    return tf.math.reduce_std(outputs[..., 0], axis=2)


def sub_member_probabilities(kind: TaskKind, outputs, temperature=None):
    """Classification: every sub-member's calibrated, floored probabilities ``(m, n, sub, classes)`` (the
    member's temperature, as for its mean prediction in :func:`calibrated_probabilities`)."""
    if kind is TaskKind.BINARY:
        logits = outputs[..., 0]
        log_p = tf.stack([tf.math.log_sigmoid(-logits), tf.math.log_sigmoid(logits)], axis=-1)
    else:
        log_p = tf.nn.log_softmax(outputs, axis=-1)
    if temperature is not None:
        log_p = log_p / tf.reshape(tf.cast(temperature, log_p.dtype), (-1, 1, 1, 1))
    probabilities = tf.nn.softmax(log_p, axis=-1)
    classes = probabilities.shape[-1]
    return PROBABILITY_FLOOR + (1.0 - classes * PROBABILITY_FLOOR) * probabilities


def ensemble_log_probabilities(kind: TaskKind, outputs):
    """Classification: log of the mean of the sub-members' class probabilities, ``(m, n, classes)``
    (two classes for a binary task: not, yes). Computed with log-sum-exp, so it never overflows."""
    if kind is TaskKind.BINARY:
        logits = outputs[..., 0]
        per_sub = tf.stack([tf.math.log_sigmoid(-logits), tf.math.log_sigmoid(logits)], axis=-1)
    else:
        per_sub = tf.nn.log_softmax(outputs, axis=-1)
    count = tf.cast(tf.shape(outputs)[2], per_sub.dtype)
    return tf.reduce_logsumexp(per_sub, axis=2) - tf.math.log(count)


def calibrated_probabilities(kind: TaskKind, outputs, temperature=None):
    """Class probabilities ``(m, n, classes)`` from raw outputs: the sub-members' mean, rescaled by each
    member's temperature ``(m,)`` (None: 1), and kept at least :data:`PROBABILITY_FLOOR` from 0 and 1.

    The floor is an affine map, ``floor + (1 - classes * floor) * p``, so it keeps the order of students
    and lets attributions still add up exactly.
    """
    log_p = ensemble_log_probabilities(kind, outputs)
    if temperature is not None:
        log_p = log_p / tf.reshape(tf.cast(temperature, log_p.dtype), (-1, 1, 1))
    probabilities = tf.nn.softmax(log_p, axis=-1)
    classes = probabilities.shape[-1]
    return PROBABILITY_FLOOR + (1.0 - classes * PROBABILITY_FLOOR) * probabilities


def prediction_losses(kind: TaskKind, predicted: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Per member and student, the loss of the mean prediction (numpy): squared error on the
    standardised scale (``predicted`` ``(m, n)``), or minus the log-probability of the true class
    (``predicted`` = log-probabilities ``(m, n, classes)``)."""
    if kind is TaskKind.REGRESSION:
        return (predicted - targets) ** 2
    index = np.clip(targets.astype(int), 0, predicted.shape[-1] - 1)
    return -np.take_along_axis(predicted, index[..., None], axis=-1)[..., 0]
