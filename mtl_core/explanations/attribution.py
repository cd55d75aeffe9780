"""Integrated gradients for every member of an ensemble (imported only when explanations are asked for).

M. Sundararajan, A. Taly, Q. Yan, "Axiomatic Attribution for Deep Networks",
ICML 2017. The reference point is the *typical student* of each fold: every
number at its training centre and every category unknown, which is exactly
zero after preprocessing. The path runs through the network's *encoded* inputs
(the output of its feature encoder: the learned encodings of numbers and the
embeddings of categories), from the typical student's encoding to the
student's, so a category's embedding is attributed as a whole and every
encoded value is summed back to the input feature, then (by the caller) to its
column. For each task the attributions of a student add up to (prediction for
this student) minus (prediction for the typical student), in the task's own
units: the mean of the sub-members, with the member's calibration, exactly as
:meth:`~mtl_core.tabular.predictor.Predictor.member_outputs` predicts.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from ..tabular.losses import calibrated_probabilities, ensemble_values
from ..tabular.model import encoder, sub_members, trunk
from ..tabular.predictor import CELLS, output_key
from ..tasks import TaskKind

STEPS = 16


def integrated_gradients(predictor, features: np.ndarray, focus: dict, steps: int = STEPS) -> dict:
    """Attributions per task: ``(members, n, features)``.

    Args:
        predictor: a :class:`mtl_core.tabular.predictor.Predictor`.
        features: ``(members, n, features)`` as given by ``predictor.features``.
        focus: task name -> which output to explain: ``None`` for a regression value, or a
            ``(n, classes)`` 0/1 array: the classes whose summed probability is explained per student.
        steps: points on the straight path from the typical student to each student.
    """
    model = predictor.model
    layer, rest = encoder(model), trunk(model)
    owners = np.eye(features.shape[2], dtype="float32")[layer.feature_of_output()]  # (encoded, features)
    cells = predictor.members * predictor.copies * sub_members(model) * steps
    chunk = max(1, CELLS // max(cells, 1))
    parts = [_chunk(predictor, layer, rest, owners, features[:, s:s + chunk],
                    {k: _slice(v, s, chunk) for k, v in focus.items()}, steps)
             for s in range(0, features.shape[1], chunk)]
    return {name: np.concatenate([p[name] for p in parts], axis=1) for name in focus}


def _slice(value, start, size):
    return None if value is None else value[start:start + size]


def _chunk(predictor, layer, rest, owners, features: np.ndarray, focus: dict, steps: int) -> dict:
    members, n, _ = features.shape
    alphas = tf.constant((np.arange(steps) + 0.5) / steps, dtype=tf.float32)
    tiled = tf.constant(predictor.tile(features))
    start = layer(tf.zeros_like(tiled))
    difference = layer(tiled) - start  # (members x copies, n, encoded)
    width = difference.shape[-1]
    path = tf.reshape(start[:, None] + alphas[None, :, None, None] * difference[:, None],
                      (tiled.shape[0], steps * n, width))
    result = {}
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(path)
        raw = rest(path, training=False)
        targets = {task.name: (i, _focus_value(predictor, i, task, raw, focus[task.name], steps))
                   for i, task in enumerate(predictor.tasks) if task.name in focus}
    for name, (index, value) in targets.items():
        grads = tf.reshape(tape.gradient(value, path), (tiled.shape[0], steps, n, width))[predictor.copy_of(index)]
        encoded = difference[predictor.copy_of(index)] * tf.reduce_mean(grads, axis=1)  # (members, n, encoded)
        result[name] = np.einsum("mne,ef->mnf", encoded.numpy(), owners)
    del tape
    return result


def _focus_value(predictor, index, task, raw, focus, steps):
    out = raw[output_key(index)][predictor.copy_of(index)]
    if task.kind is TaskKind.REGRESSION:
        scale = tf.constant(predictor.target_scales[task.name][:, None], dtype=tf.float32)
        return tf.reduce_sum(ensemble_values(out) * scale)
    temperature = predictor.temperatures.get(task.name)
    probs = calibrated_probabilities(task.kind, out, None if temperature is None else
                                     tf.constant(temperature, dtype=tf.float32))
    chosen = tf.constant(np.tile(np.asarray(focus, dtype="float32"), (steps, 1)))  # (steps * n, classes)
    return tf.reduce_sum(probs * chosen[None])
