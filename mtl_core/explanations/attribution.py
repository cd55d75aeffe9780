"""Integrated gradients for every member of an ensemble (imported only when explanations are asked for).

M. Sundararajan, A. Taly, Q. Yan, "Axiomatic Attribution for Deep Networks",
ICML 2017. The reference point is the *typical student* of each fold: the
mean of its training rows, which is exactly zero after scaling. For each task
the attributions of a student add up to (prediction for this student) minus
(prediction for the typical student), in the task's own units.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from ..tabular.predictor import output_key
from ..tasks import TaskKind

STEPS = 16
CHUNK = 512


def integrated_gradients(predictor, features: np.ndarray, focus: dict, steps: int = STEPS) -> dict:
    """Attributions per task: ``(members, n, features)``.

    Args:
        predictor: a :class:`mtl_core.tabular.predictor.Predictor`.
        features: ``(members, n, features)`` as given by ``predictor.features``.
        focus: task name -> which output to explain: ``None`` for a regression value, or a
            ``(n, classes)`` 0/1 array: the classes whose summed probability is explained per student.
        steps: points on the straight path from the typical student to each student.
    """
    parts = [_chunk(predictor, features[:, s:s + CHUNK], {k: _slice(v, s) for k, v in focus.items()}, steps)
             for s in range(0, features.shape[1], CHUNK)]
    return {name: np.concatenate([p[name] for p in parts], axis=1) for name in focus}


def _slice(value, start):
    return None if value is None else value[start:start + CHUNK]


def _chunk(predictor, features: np.ndarray, focus: dict, steps: int) -> dict:
    members, n, width = features.shape
    alphas = tf.constant((np.arange(steps) + 0.5) / steps, dtype=tf.float32)
    x = tf.constant(features)
    tiled = tf.constant(predictor.tile(features))
    path = tf.reshape(alphas[None, :, None, None] * tiled[:, None], (tiled.shape[0], steps * n, width))
    result = {}
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(path)
        raw = predictor.model(path, training=False)
        targets = {task.name: (i, _focus_value(predictor, i, task, raw, focus[task.name], steps))
                   for i, task in enumerate(predictor.tasks) if task.name in focus}
    for name, (index, value) in targets.items():
        grads = tf.reshape(tape.gradient(value, path), (tiled.shape[0], steps, n, width))[predictor.copy_of(index)]
        result[name] = (x * tf.reduce_mean(grads, axis=1)).numpy()
    del tape
    return result


def _focus_value(predictor, index, task, raw, focus, steps):
    out = raw[output_key(index)][predictor.copy_of(index)]
    if task.kind is TaskKind.REGRESSION:
        scale = tf.constant(predictor.target_scales[task.name][:, None], dtype=tf.float32)
        return tf.reduce_sum(out[..., 0] * scale)
    if task.kind is TaskKind.BINARY:
        probs = tf.sigmoid(out[..., 0])
        probs = tf.stack([1.0 - probs, probs], axis=-1)
    else:
        probs = tf.nn.softmax(out, axis=-1)
    chosen = tf.constant(np.tile(np.asarray(focus, dtype="float32"), (steps, 1)))  # (steps * n, classes)
    return tf.reduce_sum(probs * chosen[None])
