"""The TensorFlow fitting loop of a knowledge-tracing model (imported only when training starts).

One model per fold. Windows are batched by length (little padding) and reshuffled every epoch; the
loss is the cross-entropy of next-answer correctness on the owned positions only (see
:mod:`mtl_core.sequence.sequences`), plus, when ``next_skill_weight > 0``, the cross-entropy of which
skill comes next. After every epoch the model is scored on its validation students; the weights of
the best epoch are kept (early stopping with ``patience``).
"""

from __future__ import annotations

import time

import keras
import numpy as np
import tensorflow as tf
from sklearn.metrics import roc_auc_score

from .config import LogConfig, LogEpochLog
from .models import SEQUENCE_MODELS
from .models.base import INPUT_NAMES
from .sequences import Encoded, batches, extended_for_query, windows

_SIGNATURE = {
    "q_skills": tf.TensorSpec((None, None, None), tf.int32), "h_skills": tf.TensorSpec((None, None, None), tf.int32),
    "h_correct": tf.TensorSpec((None, None), tf.float32), "q_items": tf.TensorSpec((None, None), tf.int32),
    "h_items": tf.TensorSpec((None, None), tf.int32),
}
PREDICT_BATCH = 512
tf.get_logger().setLevel("ERROR")  # one compiled function per fold model is expected, not a retracing problem


def build(config: LogConfig, n_skills: int, n_items: int, name: str = "fold0") -> keras.Model:
    return SEQUENCE_MODELS.get(config.model)(config, n_skills, n_items).build(name=name)


def _bce(logit, target, mask):
    losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=logit)
    return tf.reduce_sum(losses * mask) / tf.maximum(tf.reduce_sum(mask), 1.0)


def _next_skill_loss(logits, q_skills, mask):
    n = tf.shape(logits)[-1]
    real = tf.cast(q_skills > 0, tf.float32)
    target = tf.reduce_sum(tf.one_hot(q_skills, n) * real[..., None], axis=-2)
    target = target / tf.maximum(tf.reduce_sum(target, axis=-1, keepdims=True), 1.0)
    losses = tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=logits)
    return tf.reduce_sum(losses * mask) / tf.maximum(tf.reduce_sum(mask), 1.0)


class FoldFit:
    """Trains one model on ``train`` students, stopping early on ``val`` students.

    Args:
        encoded: the encoded log.
        config: the :class:`LogConfig`.
        n_skills, n_items: vocabulary sizes.
        train, val: student indexes of ``encoded``.
        fold: the fold index (for the model's name and the progress log).
    """

    def __init__(self, encoded: Encoded, config: LogConfig, n_skills: int, n_items: int, train: np.ndarray,
                 val: np.ndarray, fold: int = 0):
        keras.utils.set_random_seed(config.seed + fold)
        self.encoded, self.config, self.fold = encoded, config, fold
        self.model = build(config, n_skills, n_items, name=f"fold{fold}")
        self.train_windows = windows(encoded, config.window, train)
        self.val_batches = batches(encoded, windows(encoded, config.window, val), PREDICT_BATCH)
        self.rng = np.random.default_rng(config.seed + 1000 * fold)
        self.optimizer = keras.optimizers.Adam(config.learning_rate, clipnorm=5.0)
        self.optimizer.build(self.model.trainable_variables)
        rate = float(encoded.correct[np.isin(np.repeat(np.arange(encoded.n_students), encoded.lengths()),
                                             train)].mean())
        self.prior = rate
        self.baseline_loss = float(-(rate * np.log(rate) + (1 - rate) * np.log(1 - rate))) if 0 < rate < 1 else 0.0
        self._init_bias(rate)
        self._compile()

    def _init_bias(self, rate: float) -> None:
        """Start every per-skill output at the training rate, so the first epochs learn differences."""
        logit = float(np.log(max(rate, 1e-3) / max(1 - rate, 1e-3)))
        for layer in self.model.layers:
            if layer.name in ("skills", "output"):
                kernel, bias = layer.get_weights()
                layer.set_weights([kernel, np.full_like(bias, logit)])

    def _compile(self) -> None:
        model, optimizer, weight = self.model, self.optimizer, float(self.config.next_skill_weight)

        variables = [v for v in model.trainable_variables if weight or not v.path.startswith("next_skill")]

        @tf.function(input_signature=[_SIGNATURE, tf.TensorSpec((None, None), tf.float32),
                                      tf.TensorSpec((None, None), tf.float32)])
        def step(inputs, target, mask):
            with tf.GradientTape() as tape:
                out = model(inputs, training=True)
                loss = _bce(out["logit"], target, mask)
                total = loss + (weight * _next_skill_loss(out["next_skill"], inputs["q_skills"], mask) if weight else 0.0)
                if model.losses:
                    total = total + tf.add_n(model.losses)
            grads = tape.gradient(total, variables)
            optimizer.apply_gradients(zip(grads, variables))
            return loss * tf.reduce_sum(mask), tf.reduce_sum(mask)

        @tf.function(input_signature=[_SIGNATURE])
        def logits(inputs):
            return model(inputs, training=False)["logit"]

        self._step, self.logits = step, logits

    def run(self, callback, started: float, folds: int) -> tuple[list[dict], int, bool]:
        """Train until early stopping, ``epochs`` or the callback says stop; keep the best weights.

        Returns ``(history rows, epochs run, stopped by the callback)``.
        """
        c = self.config
        best, best_loss, waited, history, stopped = None, np.inf, 0, [], False
        epoch_times = []
        for epoch in range(1, c.epochs + 1):
            begin = time.perf_counter()
            total, count = 0.0, 0.0
            for batch in batches(self.encoded, self.train_windows, c.batch_size, self.rng):
                loss, n = self._step({k: batch.inputs[k] for k in INPUT_NAMES}, batch.target, batch.mask)
                total, count = total + float(loss), count + float(n)
            val_loss, val_auc = self.score()
            epoch_times.append(time.perf_counter() - begin)
            history.append(dict(fold=self.fold, epoch=epoch, train_loss=total / max(count, 1), val_loss=val_loss,
                                val_auc=val_auc))
            if val_loss < best_loss - 1e-5:
                best, best_loss, waited = self.model.get_weights(), val_loss, 0
            else:
                waited += 1
            remaining = min(c.epochs - epoch, c.patience - waited) + (folds - self.fold - 1) * max(epoch, c.patience)
            log = LogEpochLog(fold=self.fold, folds=folds, epoch=epoch, max_epochs=c.epochs,
                              train_loss=history[-1]["train_loss"], val_loss=val_loss, val_auc=val_auc,
                              baseline_loss=self.baseline_loss, elapsed_s=time.perf_counter() - started,
                              eta_s=float(np.mean(epoch_times)) * max(remaining, 0))
            if callback is not None and callback(log):
                stopped = True
                break
            if waited >= c.patience:
                break
        if best is not None:
            self.model.set_weights(best)
        return history, len(history), stopped

    def score(self) -> tuple[float, float]:
        """Validation loss and AUC."""
        truth, prob = [], []
        for batch in self.val_batches:
            logit = self.logits({k: batch.inputs[k] for k in INPUT_NAMES}).numpy()
            own = batch.mask > 0
            truth.append(batch.target[own])
            prob.append(1 / (1 + np.exp(-logit[own])))
        y, p = np.concatenate(truth), np.clip(np.concatenate(prob), 1e-7, 1 - 1e-7)
        loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))) if len(y) else np.nan
        auc = float(roc_auc_score(y, p)) if len(np.unique(y)) == 2 else np.nan
        return loss, auc


# --------------------------------------------------------------------------- predicting with a trained model

def logits_function(model: keras.Model):
    """A compiled ``inputs -> logit`` of ``model`` (no retracing across window lengths)."""

    @tf.function(input_signature=[_SIGNATURE])
    def logits(inputs):
        return model(inputs, training=False)["logit"]

    return logits


def answer_logits(logits, encoded: Encoded, window: int, students: np.ndarray | None = None) -> np.ndarray:
    """The logit of every answer of ``students`` (default all) given only that student's earlier answers;
    NaN for the other answers and for answers whose skills are all unknown."""
    out = np.full(len(encoded.correct), np.nan)
    for batch in batches(encoded, windows(encoded, window, students), PREDICT_BATCH):
        values = logits({k: batch.inputs[k] for k in INPUT_NAMES}).numpy()
        own = batch.mask > 0
        out[batch.answer[own]] = values[own]
    return out


def next_answer_logits(logits, encoded: Encoded, window: int, n_skills: int,
                       students: np.ndarray | None = None) -> np.ndarray:
    """(students, skills): the logit that each of ``students``' (default all) next answer on each skill is
    right, after their last answer."""
    inputs, last = extended_for_query(encoded, window, students)
    n = len(last)
    out = np.zeros((n, n_skills))
    rows = np.arange(n)
    for skill in range(1, n_skills + 1):
        inputs["q_skills"][rows, last] = 0
        inputs["q_skills"][rows, last, 0] = skill
        inputs["q_items"][rows, last] = 0
        for start in range(0, n, PREDICT_BATCH):
            part = slice(start, start + PREDICT_BATCH)
            values = logits({k: v[part] for k, v in inputs.items()}).numpy()
            out[part, skill - 1] = values[rows[part] - start, last[part]]
    return out


def first_answer_logits(logits, n_skills: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """``(after_right, after_wrong)``, each (skills, skills): the logit that the first answer on skill ``j``
    (column) is right after one right (or wrong) answer on skill ``i`` (row): the DKT paper's influence."""
    k = n_skills
    results = []
    for correct in (1.0, 0.0):
        q = np.zeros((k * k, 2, width), np.int32)
        h = np.zeros((k * k, 2, width), np.int32)
        i, j = np.divmod(np.arange(k * k), k)
        q[:, 0, 0], q[:, 1, 0] = i + 1, j + 1
        h[:, 1, 0] = i + 1
        hc = np.zeros((k * k, 2), np.float32)
        hc[:, 1] = correct
        zeros = np.zeros((k * k, 2), np.int32)
        inputs = dict(q_skills=q, h_skills=h, h_correct=hc, q_items=zeros, h_items=zeros)
        values = np.concatenate([logits({n: v[s:s + 4096] for n, v in inputs.items()}).numpy()[:, 1]
                                 for s in range(0, k * k, 4096)])
        results.append(values.reshape(k, k))
    return results[0], results[1]
