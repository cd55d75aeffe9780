"""The TensorFlow training loop (imported only when training starts).

All ensemble members (folds x ensemble size) train in one compiled graph: a
whole epoch of mini-batches runs inside one ``tf.function`` call, so Python
overhead is paid once per epoch, not once per step. After each epoch the
members are scored on their own validation students; a member that improved
has its weights copied aside, and the best copy of every member is restored
at the end (early stopping per member).
"""

from __future__ import annotations

import time
from dataclasses import replace

import keras
import numpy as np
import pandas as pd
import tensorflow as tf

from ..evaluation.metrics import METRICS
from ..evaluation.splits import Plan
from ..tasks import TaskKind, encode_targets
from ..weighting import WEIGHTINGS
from .config import EpochLog
from .losses import masked_mean, naive_loss_scale, per_student_loss
from .model import build_model, set_output_bias, shared_variables
from .predictor import Predictor, output_key

MIN_IMPROVEMENT = 1e-4


class TrainingLoop:
    """Trains every member of ``plan`` on the tasks; see :meth:`run`."""

    def __init__(self, frame: pd.DataFrame, tasks, config, plan: Plan, layout, preprocessors, task_mask=None):
        """``task_mask`` (members x tasks, 0/1) says which tasks each member learns; default all.
        A member with a single task is a single-task network (used for honest comparisons)."""
        keras.utils.set_random_seed(config.seed)
        self.tasks, self.config, self.plan = tuple(tasks), config, plan
        parsed = layout.parse(frame)
        per_fold = np.stack([p.transform_parsed(parsed, len(frame)) for p in preprocessors])
        self.x = tf.constant(per_fold[plan.fold_of_member])
        self._prepare_targets(frame)
        self.model = build_model(self.x.shape[-1], self.tasks, config, plan.members)
        self._init_output_biases()
        base = np.array([t.weight for t in self.tasks], dtype="float32")
        self.weighting = WEIGHTINGS.get(config.weighting)(base, plan.members)
        mask = np.ones((plan.members, len(self.tasks))) if task_mask is None else np.asarray(task_mask)
        self.task_mask = tf.constant(mask, dtype=tf.float32)
        self.objectives = self._checkpoint_objectives(mask)
        self.stopping = self._joint_objective(mask)  # patience always follows the joint objective
        self.optimizer = keras.optimizers.Adam(config.learning_rate)
        self.variables = self.model.trainable_variables + self.weighting.trainable_variables
        self.optimizer.build(self.variables)  # building inside the compiled epoch costs seconds of tracing
        self.best = [[tf.Variable(v, trainable=False) for v in self.variables] for _ in self.objectives]
        self.shared = shared_variables(self.model)
        self.batch = config.resolved_batch_size(int(plan.train_rows.sum(axis=1).mean()))
        self.predictor = Predictor(self.model, self.tasks, layout, list(preprocessors), plan.fold_of_member,
                                   self.target_means, self.target_scales)

    def _checkpoint_objectives(self, mask: np.ndarray) -> np.ndarray:
        """What early stopping watches: ``(checkpoints, members, tasks)`` weights on validation losses.

        "joint": one checkpoint, the weighted sum of the outcome tasks' losses. "per_task": one
        checkpoint per task, so each task is predicted by the weights of the epoch best for it
        (tasks overfit at different speeds: a pass/fail head often peaks long before a grade head).
        """
        if self.config.early_stopping == "per_task":
            return np.eye(len(self.tasks))[:, None, :] * mask[None]
        return self._joint_objective(mask)[None]

    def _joint_objective(self, mask: np.ndarray) -> np.ndarray:
        """``(members, tasks)``: the teacher's weights on the outcome tasks each member learns."""
        outcome = np.array([0.0 if t.auxiliary else t.weight for t in self.tasks], dtype="float32")
        return outcome[None, :] * mask

    # ----------------------------------------------------------------- data

    def _prepare_targets(self, frame) -> None:
        plan, members = self.plan, self.plan.members
        self.y, self.train_w, self.val_w, self.scale = [], [], [], []
        self.target_means, self.target_scales, self.priors = {}, {}, []
        for task in self.tasks:
            encoded = encode_targets(frame, task)
            known = encoded.mask.astype(bool)
            y = np.tile(encoded.values, (members, 1))
            if task.kind is TaskKind.REGRESSION:
                means, scales = self._regression_scale(encoded.values, known)
                y = (y - means[:, None]) / scales[:, None]
                self.target_means[task.name], self.target_scales[task.name] = means, scales
            self.y.append(tf.constant(y.astype("float32")))
            self.train_w.append(tf.constant((plan.train_rows & known).astype("float32")))
            self.val_w.append(tf.constant((plan.val_rows & known).astype("float32")))
            self.scale.append(tf.constant(self._loss_scales(task, encoded.values, known), dtype=tf.float32))
            self.priors.append(self._prior_logits(task, encoded.values, known))

    def _regression_scale(self, values, known) -> tuple[np.ndarray, np.ndarray]:
        means, scales = [], []
        for fold in self.plan.fold_of_member:
            labelled = values[self.plan.fit_rows(fold) & known]
            means.append(labelled.mean() if len(labelled) else 0.0)
            scales.append(labelled.std() if len(labelled) > 1 and labelled.std() > 1e-9 else 1.0)
        return np.array(means), np.array(scales)

    def _loss_scales(self, task, values, known) -> np.ndarray:
        return np.array([naive_loss_scale(task.kind, values[rows & known], len(task.classes))
                         for rows in self.plan.train_rows])

    def _prior_logits(self, task, values, known) -> np.ndarray:
        """Output biases that start each member at its naive guess."""
        if task.kind is TaskKind.REGRESSION:
            return np.zeros((self.plan.members, 1))
        priors = []
        for rows in self.plan.train_rows:
            counts = np.bincount(values[rows & known].astype(int), minlength=len(task.classes)) + 1.0
            freq = counts / counts.sum()
            priors.append([np.log(freq[1] / freq[0])] if task.kind is TaskKind.BINARY else np.log(freq))
        return np.array(priors)

    def _init_output_biases(self) -> None:
        for i, prior in enumerate(self.priors):
            set_output_bias(self.model, i, prior)

    # ----------------------------------------------------------------- graph

    def _task_losses(self, outputs, index, weights):
        losses = []
        for i, task in enumerate(self.tasks):
            y = tf.gather(self.y[i], index, axis=1)
            w = tf.gather(weights[i], index, axis=1)
            loss = masked_mean(per_student_loss(task.kind, outputs[output_key(i)], y), w)
            losses.append(loss / self.scale[i])
        return tf.stack(losses, axis=1) * self.task_mask  # (members, tasks)

    def _step(self, index):
        x = tf.gather(self.x, index, axis=1)
        with tf.GradientTape(persistent=self.weighting.uses_task_gradients) as tape:
            outputs = self.model(x, training=True)
            losses = self._task_losses(outputs, index, self.train_w)
            total, _ = self.weighting.combine(losses)
            if self.model.losses:
                total += tf.add_n(self.model.losses)
            task_totals = [tf.reduce_sum(losses[:, t]) for t in range(len(self.tasks))]
        grads = tape.gradient(total, self.variables)
        self.optimizer.apply_gradients(zip(grads, self.variables))
        if self.weighting.uses_task_gradients:
            self.weighting.update_from_gradients(self._grad_norms(tape, task_totals), losses)
        del tape

    def _grad_norms(self, tape, task_totals):
        """Per member and task: the norm of that task's gradient on the shared weights."""
        norms = []
        for total in task_totals:
            grads = tape.gradient(total, self.shared, unconnected_gradients=tf.UnconnectedGradients.ZERO)
            squares = [tf.reduce_sum(tf.reshape(tf.square(g), (self.plan.members, -1)), axis=1) for g in grads]
            norms.append(tf.sqrt(tf.add_n(squares) + 1e-12))
        return tf.stack(norms, axis=1)

    def _compile(self):
        batch = self.batch

        @tf.function(reduce_retracing=True)
        def run_epoch(order):
            steps = (tf.shape(order)[0] + batch - 1) // batch
            for s in tf.range(steps):
                self._step(order[s * batch:(s + 1) * batch])

        @tf.function
        def score():
            every = tf.range(tf.shape(self.x)[1])
            outputs = self.model(self.x, training=False)
            return (self._task_losses(outputs, every, self.train_w),
                    self._task_losses(outputs, every, self.val_w), outputs)

        @tf.function
        def keep_best(improved):  # improved: (checkpoints, members)
            for c, snapshot in enumerate(self.best):
                for var, best in zip(self.variables, snapshot):
                    mask = tf.reshape(improved[c], [-1] + [1] * (len(var.shape) - 1))
                    best.assign(tf.where(mask, var, best))

        return run_epoch, score, keep_best

    # ----------------------------------------------------------------- loop

    def run(self, callback, started: float) -> tuple[pd.DataFrame, int, bool]:
        """Train until every member stops improving, ``epochs`` is reached, or the callback says stop.

        Returns ``(history, epochs run, stopped by the callback)``.
        """
        run_epoch, score, keep_best = self._compile()
        rng = np.random.default_rng(self.config.seed)
        trainable_rows = np.flatnonzero(self.plan.train_rows.any(axis=0)).astype("int32")
        best = np.full(self.objectives.shape[:2], np.inf)  # (checkpoints, members)
        joint_best = np.full(self.plan.members, np.inf)
        last_better = np.zeros(self.plan.members, int)
        history, stopped, epoch = [], False, 0
        for epoch in range(1, self.config.epochs + 1):
            run_epoch(tf.constant(rng.permutation(trainable_rows)))
            train_loss, val_loss, outputs = (t.numpy() if hasattr(t, "numpy") else t for t in score())
            self.weighting.end_epoch(train_loss)
            objective = _weighted(val_loss[None], self.objectives)
            improved = objective < best - MIN_IMPROVEMENT
            best[improved] = objective[improved]
            keep_best(tf.constant(improved))
            joint = _weighted(val_loss, self.stopping)
            better = joint < joint_best - MIN_IMPROVEMENT
            joint_best[better], last_better[better] = joint[better], epoch
            active = (epoch - last_better) < self.config.patience
            log = self._log(epoch, started, self._member_state(train_loss, val_loss, outputs), active, last_better)
            history.append(log)
            if callback is not None and callback(log) is True:
                stopped = True
                break
            if not active.any():
                break
        self._keep_checkpoints()
        return _history_frame(history), epoch, stopped

    def _keep_checkpoints(self) -> None:
        """Put the best weights in place: restored into the model (one checkpoint), or stacked as one
        copy of every member per task (per-task checkpoints), read by the predictor task by task."""
        if len(self.best) == 1:
            for var, kept in zip(self.variables, self.best[0]):
                var.assign(kept)
            return
        copies = len(self.best)
        final = build_model(self.x.shape[-1], self.tasks, self.config, self.plan.members * copies)
        for i, var in enumerate(final.trainable_variables):
            var.assign(np.concatenate([snapshot[i].numpy() for snapshot in self.best], axis=0))
        self.predictor = replace(self.predictor, model=final, copies=copies)

    def _member_state(self, train_loss, val_loss, outputs) -> dict[str, np.ndarray]:
        """Per member and task: losses, validation metric and its student count, task weight."""
        metric, count = self._member_metrics(outputs)
        return dict(train=train_loss, val=val_loss, metric=metric, count=count, weight=self.weighting.effective())

    def _log(self, epoch, started, shown: dict, active, last_better):
        """The EpochLog: the mean over all members of their current state. Members whose patience ran
        out keep training until the last one stops (their best weights are kept aside), so the curves
        stay smooth and show honestly when a task starts to overfit."""
        elapsed = time.perf_counter() - started
        per_epoch = elapsed / epoch
        expected_end = min(self.config.epochs, int((last_better + self.config.patience)[active].max(initial=epoch)))
        names = [t.name for t in self.tasks]
        counts = shown["count"].sum(axis=0)
        metric = np.where(counts > 0, (shown["metric"] * shown["count"]).sum(axis=0) / np.maximum(counts, 1), np.nan)
        return EpochLog(
            epoch=epoch, max_epochs=self.config.epochs, elapsed_s=elapsed,
            eta_s=max(expected_end - epoch, 0) * per_epoch,
            train_loss=dict(zip(names, shown["train"].mean(axis=0).tolist())),
            val_loss=dict(zip(names, shown["val"].mean(axis=0).tolist())),
            val_metric=dict(zip(names, metric.tolist())),
            metric_name={t.name: METRICS["mae" if t.kind is TaskKind.REGRESSION else "accuracy"].name
                         for t in self.tasks},
            weights=dict(zip(names, shown["weight"].mean(axis=0).astype(float).tolist())),
            active_members=int(active.sum()), members=self.plan.members,
        )

    def _member_metrics(self, outputs) -> tuple[np.ndarray, np.ndarray]:
        """Per member and task: MAE (regression, in the target's units) or accuracy on that member's
        validation students, and how many validation students it is computed on."""
        values, counts = [], []
        for i, task in enumerate(self.tasks):
            raw = np.asarray(outputs[output_key(i)])
            weights = self.val_w[i].numpy()
            if task.kind is TaskKind.REGRESSION:
                predicted = self.predictor.to_units(task, raw)
                truth = self.y[i].numpy() * self.target_scales[task.name][:, None] + self.target_means[task.name][:, None]
                score = np.abs(predicted - truth)
            else:
                predicted = raw.argmax(axis=-1) if task.kind is TaskKind.MULTICLASS else (raw[..., 0] > 0)
                score = (predicted.astype(int) == self.y[i].numpy().astype(int)).astype(float)
            count = weights.sum(axis=1)
            values.append((score * weights).sum(axis=1) / np.maximum(count, 1))
            counts.append(count)
        return np.stack(values, axis=1), np.stack(counts, axis=1)


def task_gradient_similarity(loop: TrainingLoop) -> np.ndarray:
    """Cosine similarity between tasks' loss gradients on the shared weights, averaged over members.

    Computed on every member's training students with the final weights: positive values mean two
    tasks pull the shared layers the same way (they help each other), negative values mean conflict.
    """
    every = tf.range(tf.shape(loop.x)[1])
    with tf.GradientTape(persistent=True) as tape:
        losses = loop._task_losses(loop.model(loop.x, training=False), every, loop.train_w)
        totals = [tf.reduce_sum(losses[:, t]) for t in range(len(loop.tasks))]
    flat = []
    for total in totals:
        grads = tape.gradient(total, loop.shared, unconnected_gradients=tf.UnconnectedGradients.ZERO)
        flat.append(tf.concat([tf.reshape(g, (loop.plan.members, -1)) for g in grads], axis=1).numpy())
    del tape
    grads = np.stack(flat, axis=1)  # (members, tasks, weights)
    norms = np.linalg.norm(grads, axis=2, keepdims=True)
    unit = grads / np.maximum(norms, 1e-12)
    return np.einsum("mtw,msw->mts", unit, unit).mean(axis=0)


def _weighted(losses: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean of validation losses over the last axis (tasks)."""
    return (losses * weights).sum(axis=-1) / np.maximum(weights.sum(axis=-1), 1e-9)


def _history_frame(logs) -> pd.DataFrame:
    rows = []
    for log in logs:
        for name in log.train_loss:
            rows.append(dict(epoch=log.epoch, task=name, train_loss=log.train_loss[name], val_loss=log.val_loss[name],
                             val_metric=log.val_metric[name], metric=log.metric_name[name],
                             weight=log.weights[name], elapsed_s=log.elapsed_s))
    return pd.DataFrame(rows, columns=["epoch", "task", "train_loss", "val_loss", "val_metric", "metric", "weight",
                                       "elapsed_s"])
