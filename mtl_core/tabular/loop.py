"""The TensorFlow training loop (imported only when training starts).

All ensemble members (folds x ensemble size) train in one compiled graph: a
whole epoch of mini-batches runs inside one ``tf.function`` call, so Python
overhead is paid once per epoch, not once per step. After each epoch the
members are scored on their own validation students (the mean prediction of
their sub-members); a member that improved has its weights copied aside, and
the best copy of every member is restored at the end (early stopping per
member). Classification probabilities are then calibrated per member on the
same validation students (temperature scaling, :mod:`.calibration`).

The optimiser is AdamW (decoupled weight decay) with an optional cosine
learning-rate decay over ``epochs``; every member's gradient is clipped to
``gradient_clip`` on its own, so one member's large step never shrinks the
others'.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import keras
import numpy as np
import pandas as pd
import tensorflow as tf

from ..errors import ConfigError
from ..evaluation.metrics import METRICS
from ..evaluation.splits import Plan
from ..tasks import TaskKind, encode_targets
from ..weighting import WEIGHTINGS
from .calibration import fit_temperatures
from .config import EpochLog, EtaEstimator
from .losses import (ensemble_log_probabilities, ensemble_values, masked_mean, naive_loss_scale,
                     per_student_loss, prediction_losses)
from .model import build_model, set_bin_edges, set_output_bias, shared_variables, sub_members
from .predictor import CELLS, Predictor, output_key

MONOTONIC_PENALTY = 10.0  # weight of the monotonic directions' penalty beside the task losses (about 1 each)
MIN_IMPROVEMENT = 1e-4  # a checkpoint is kept for any improvement larger than this (absolute)
STOP_IMPROVEMENT = 1e-3  # patience restarts only after a relative improvement of at least 0.1 %
SIMILARITY_ROWS = 2048  # students the task-gradient similarity is computed on


class TrainingLoop:
    """Trains every member of ``plan`` on the tasks; see :meth:`run`."""

    def __init__(self, frame: pd.DataFrame, tasks, config, plan: Plan, layout, preprocessors, task_mask=None,
                 families=()):
        """``task_mask`` (members x tasks, 0/1) says which tasks each member learns; default all.
        A member with a single task is a single-task network (used for honest comparisons).
        ``families``: outcomes read out together (:mod:`.coherence`)."""
        keras.utils.set_random_seed(config.seed)
        self.tasks, self.config, self.plan = tuple(tasks), config, plan
        parsed = layout.parse(frame)
        per_fold = np.stack([p.transform_parsed(parsed, len(frame)) for p in preprocessors])
        self.x = tf.constant(per_fold[plan.fold_of_member])
        self.edges = member_edges(preprocessors, plan.fold_of_member)
        self._prepare_targets(frame)
        self.model = build_model(layout.blocks, self.tasks, config, plan.members)
        set_bin_edges(self.model, self.edges)
        self._init_output_biases()
        base = np.array([t.weight for t in self.tasks], dtype="float32")
        self.weighting = WEIGHTINGS.get(config.weighting)(base, plan.members)
        mask = np.ones((plan.members, len(self.tasks))) if task_mask is None else np.asarray(task_mask)
        self.task_mask = tf.constant(mask, dtype=tf.float32)
        self.mask = mask
        self.objectives = self._checkpoint_objectives(mask)
        self.stopping = self._joint_objective(mask)  # patience always follows the joint objective
        self.trainable_rows = np.flatnonzero(plan.train_rows.any(axis=0)).astype("int32")
        self.batch = config.resolved_batch_size(int(plan.train_rows.sum(axis=1).mean()))
        self.steps = max(1, math.ceil(len(self.trainable_rows) / self.batch))
        self.variables = self.model.trainable_variables + self.weighting.trainable_variables
        self.optimizer = make_optimizer(config, self.steps, self.weighting.trainable_variables)
        self.optimizer.build(self.variables)  # building inside the compiled epoch costs seconds of tracing
        copies = len(self.objectives)  # one kept copy of every variable per checkpoint, stacked on a first axis
        self.best = [tf.Variable(tf.repeat(v[None], copies, axis=0), trainable=False) for v in self.variables]
        self.shared = shared_variables(self.model)
        self.monotone = self._monotone_columns(layout)
        self.predictor = Predictor(self.model, self.tasks, layout, list(preprocessors), plan.fold_of_member,
                                   self.target_means, self.target_scales, target_bounds=self.target_bounds,
                                   families=tuple(families))

    def _monotone_columns(self, layout) -> list[tuple[int, float, np.ndarray, np.ndarray]]:
        """Per monotonic column: its feature index, its direction, and per member the lowest and highest
        scaled value in the data ``(members, 1)`` (the range the penalty draws pairs from)."""
        columns = []
        x = self.x.numpy()
        for column, direction in self.config.monotonic:
            if column not in layout.numeric:
                numeric = ", ".join(layout.numeric) or "none"
                raise ConfigError(f"Column '{column}' has a monotonic direction, but it is not a numeric input of "
                                  f"this run (numeric inputs: {numeric}). Remove it from 'monotonic', or mark it "
                                  "as an input with numbers.")
            j = layout.numeric.index(column)
            columns.append((j, float(direction), x[:, :, j].min(axis=1)[:, None], x[:, :, j].max(axis=1)[:, None]))
        return columns

    def _goodness_signs(self) -> list[float]:
        """Per task, +1 or -1 to turn its output into "how good" (0: not constrained)."""
        signs = []
        for task in self.tasks:
            if task.kind is TaskKind.REGRESSION:
                signs.append(1.0 if task.higher_is_better else -1.0)
            else:
                signs.append(-1.0 if task.risk_labels else 0.0)
        return signs

    def _goodness(self, outputs) -> list:
        """Per task ``(members, n, sub)``: the standardised value, or the log-odds of the at-risk labels."""
        result = []
        for i, task in enumerate(self.tasks):
            out = outputs[output_key(i)]
            if task.kind is TaskKind.REGRESSION:
                result.append(out[..., 0])
            elif task.kind is TaskKind.BINARY:
                risk = 1 in [task.classes.index(label) for label in task.risk_labels]
                result.append(out[..., 0] if risk else -out[..., 0])
            elif task.risk_labels:
                idx = [task.classes.index(label) for label in task.risk_labels]
                log_p = tf.nn.log_softmax(out, axis=-1)
                risk = tf.reduce_logsumexp(tf.gather(log_p, idx, axis=-1), axis=-1)
                rest = tf.reduce_logsumexp(tf.gather(log_p, [k for k in range(len(task.classes)) if k not in idx],
                                                     axis=-1), axis=-1)
                result.append(risk - rest)
            else:
                result.append(None)
        return result

    def _monotonic_penalty(self, x):
        """Per member, the mean amount by which moving a monotonic column up moves an outcome the wrong way.

        For each monotonic column, the batch's students are given two values ``a < b`` of it drawn
        uniformly from the column's range (every other input unchanged); the penalty is the mean over
        students, sub-members and constrained tasks of ``relu(direction * (good(a) - good(b)))``, on the
        standardised value or the at-risk log-odds, summed over members.
        """
        signs = self._goodness_signs()
        total = 0.0
        width = int(x.shape[-1])
        for j, direction, low, high in self.monotone:
            shape = tf.shape(x)[:2]
            u, v = tf.random.uniform(shape), tf.random.uniform(shape)
            span = tf.constant(high - low, dtype=x.dtype)
            a = tf.constant(low, dtype=x.dtype) + tf.minimum(u, v) * span
            b = tf.constant(low, dtype=x.dtype) + tf.maximum(u, v) * span
            onehot = tf.constant(np.eye(width, dtype="float32")[j])
            keep = x * (1.0 - onehot)
            good_a = self._goodness(self.model(keep + a[..., None] * onehot, training=False))
            good_b = self._goodness(self.model(keep + b[..., None] * onehot, training=False))
            for i, sign in enumerate(signs):
                if sign == 0.0 or good_a[i] is None:
                    continue
                wrong = tf.nn.relu(direction * sign * (good_a[i] - good_b[i]))
                total += tf.reduce_sum(tf.reduce_mean(wrong, axis=[1, 2]) * self.task_mask[:, i])
        return total

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
        self.target_means, self.target_scales, self.target_bounds, self.priors = {}, {}, {}, []
        for task in self.tasks:
            encoded = encode_targets(frame, task)
            known = encoded.mask.astype(bool)
            y = np.tile(encoded.values, (members, 1))
            if task.kind is TaskKind.REGRESSION:
                means, scales = self._regression_scale(encoded.values, known)
                y = (y - means[:, None]) / scales[:, None]
                self.target_means[task.name], self.target_scales[task.name] = means, scales
                self.target_bounds[task.name] = self._regression_bounds(encoded.values, known)
            self.y.append(y.astype("float32"))
            self.train_w.append((plan.train_rows & known).astype("float32"))
            self.val_w.append((plan.val_rows & known).astype("float32"))
            self.scale.append(self._loss_scales(task, encoded.values, known).astype("float32"))
            self.priors.append(self._prior_logits(task, encoded.values, known))
        self.y_graph = [tf.constant(y) for y in self.y]
        self.train_w_graph = [tf.constant(w) for w in self.train_w]
        self.scale_graph = [tf.constant(s) for s in self.scale]

    def _regression_scale(self, values, known) -> tuple[np.ndarray, np.ndarray]:
        means, scales = [], []
        for fold in self.plan.fold_of_member:
            labelled = values[self.plan.fit_rows(fold) & known]
            means.append(labelled.mean() if len(labelled) else 0.0)
            scales.append(labelled.std() if len(labelled) > 1 and labelled.std() > 1e-9 else 1.0)
        return np.array(means), np.array(scales)

    def _regression_bounds(self, values, known) -> np.ndarray:
        """``(members, 2)``: the lowest and highest value of the column on each member's fold's training rows."""
        bounds = []
        for fold in self.plan.fold_of_member:
            labelled = values[self.plan.fit_rows(fold) & known]
            bounds.append([labelled.min(), labelled.max()] if len(labelled) else [-np.inf, np.inf])
        return np.array(bounds, dtype=float)

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

    def _task_losses(self, outputs, index, weights, smoothing: float = 0.0):
        """``(members, tasks)`` training losses (mean over sub-members) on the students ``index``."""
        losses = []
        for i, task in enumerate(self.tasks):
            y = tf.gather(self.y_graph[i], index, axis=1)
            w = tf.gather(weights[i], index, axis=1)
            smooth = smoothing if task.is_classification else 0.0
            loss = masked_mean(per_student_loss(task.kind, outputs[output_key(i)], y, smooth), w)
            losses.append(loss / self.scale_graph[i])
        return tf.stack(losses, axis=1) * self.task_mask  # (members, tasks)

    def _step(self, index):
        x = tf.gather(self.x, index, axis=1)
        with tf.GradientTape(persistent=self.weighting.uses_task_gradients) as tape:
            outputs = self.model(x, training=True)
            losses = self._task_losses(outputs, index, self.train_w_graph, self.config.label_smoothing)
            total, _ = self.weighting.combine(losses)
            if self.model.losses:
                total += tf.add_n(self.model.losses)
            if self.monotone:
                total += MONOTONIC_PENALTY * self._monotonic_penalty(x)
            task_totals = [tf.reduce_sum(losses[:, t]) for t in range(len(self.tasks))]
        grads = tape.gradient(total, self.variables)
        if self.config.gradient_clip > 0:
            grads = clip_per_member(grads, self.config.gradient_clip, self.plan.members)
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

        def predict(x):  # eager: tracing a forward pass cost more than the epochs' eager calls
            outputs = self.model(x, training=False)
            return [ensemble_values(outputs[output_key(i)]) if t.kind is TaskKind.REGRESSION
                    else ensemble_log_probabilities(t.kind, outputs[output_key(i)]) for i, t in enumerate(self.tasks)]

        members = self.plan.members

        @tf.function
        def keep_best(improved):  # improved: (checkpoints, members)
            for var, best in zip(self.variables, self.best):
                rows = improved if var.shape[0] == members else \
                    tf.repeat(improved, var.shape[0] // members, axis=1)  # embedding tables: members x levels
                best.assign(tf.where(tf.reshape(rows, list(rows.shape) + [1] * (len(var.shape) - 1)), var[None], best))

        return run_epoch, predict, keep_best

    def _score(self, predict) -> tuple[np.ndarray, np.ndarray, list]:
        """``(train losses, validation losses, predictions)``: losses ``(members, tasks)`` of each member's
        mean prediction on its training and validation students; predictions per task ``(m, n[, classes])``."""
        n = int(self.x.shape[1])
        step = max(64, CELLS // max(self.plan.members * sub_members(self.model), 1))
        chunks = [predict(self.x[:, start:start + step]) for start in range(0, n, step)]
        predictions = [np.concatenate([c[i].numpy() for c in chunks], axis=1) for i in range(len(self.tasks))]
        train, val = [], []
        for i, task in enumerate(self.tasks):
            per_student = prediction_losses(task.kind, predictions[i], self.y[i])
            train.append(_masked(per_student, self.train_w[i]) / self.scale[i])
            val.append(_masked(per_student, self.val_w[i]) / self.scale[i])
        return np.stack(train, axis=1) * self.mask, np.stack(val, axis=1) * self.mask, predictions

    # ----------------------------------------------------------------- loop

    def run(self, callback, started: float) -> tuple[pd.DataFrame, int, bool]:
        """Train until every member stops improving, ``epochs`` is reached, or the callback says stop.

        Returns ``(history, epochs run, stopped by the callback)``.
        """
        run_epoch, predict, keep_best = self._compile()
        rng = np.random.default_rng(self.config.seed)
        best = np.full(self.objectives.shape[:2], np.inf)  # (checkpoints, members)
        joint_best = np.full(self.plan.members, np.inf)
        last_better = np.zeros(self.plan.members, int)
        eta = EtaEstimator(self.config.epochs, self.config.patience)
        history, stopped, epoch = [], False, 0
        for epoch in range(1, self.config.epochs + 1):
            began = time.perf_counter()
            run_epoch(tf.constant(rng.permutation(self.trainable_rows)))
            train_loss, val_loss, predictions = self._score(predict)
            self.weighting.end_epoch(train_loss)
            objective = _weighted(val_loss[None], self.objectives)
            improved = objective < best - MIN_IMPROVEMENT
            best[improved] = objective[improved]
            if improved.any():
                keep_best(tf.constant(improved))
            joint = _weighted(val_loss, self.stopping)
            better = joint < joint_best * (1.0 - STOP_IMPROVEMENT)
            joint_best[better], last_better[better] = joint[better], epoch
            active = (epoch - last_better) < self.config.patience
            eta.record(epoch, time.perf_counter() - began, last_better, active)
            log = self._log(epoch, started, self._member_state(train_loss, val_loss, predictions), active, eta)
            history.append(log)
            if callback is not None and callback(log) is True:
                stopped = True
                break
            if not active.any():
                break
        self._keep_checkpoints()
        self._calibrate()
        self._fit_intervals()
        self._fit_flags()
        return _history_frame(history), epoch, stopped

    def _keep_checkpoints(self) -> None:
        """Put the best weights in place: restored into the model (one checkpoint), or stacked as one
        copy of every member per task (per-task checkpoints), read by the predictor task by task."""
        copies = int(self.best[0].shape[0])
        if copies == 1:
            for var, kept in zip(self.variables, self.best):
                var.assign(kept[0])
            return
        final = build_model(self.predictor.layout.blocks, self.tasks, self.config, self.plan.members * copies)
        set_bin_edges(final, None if self.edges is None else np.concatenate([self.edges] * copies))
        for i, var in enumerate(final.trainable_variables):
            kept = self.best[i].numpy()
            var.assign(kept.reshape((-1, *kept.shape[2:])))  # checkpoint c holds members c*M ... c*M+M-1
        self.predictor = replace(self.predictor, model=final, copies=copies)

    def _calibrate(self) -> None:
        """Temperature per member and classification task, fitted on that member's validation students."""
        classification = [i for i, t in enumerate(self.tasks) if t.is_classification]
        if self.config.calibration != "temperature" or not classification:
            return
        rows = np.flatnonzero(self.plan.val_rows.any(axis=0))
        log_p = self.predictor.uncalibrated(self.x.numpy()[:, rows])
        temperatures = {}
        for i in classification:
            task = self.tasks[i]
            temperatures[task.name] = fit_temperatures(log_p[task.name], self.y[i][:, rows], self.val_w[i][:, rows])
        self.predictor = replace(self.predictor, temperatures=temperatures)

    def _fit_intervals(self) -> None:
        """Per member and regression task: the quantiles of its normalised residuals on its validation
        students, and the median spread of its sub-members there (see :func:`.predictor.read_out`)."""
        regression = [i for i, t in enumerate(self.tasks) if t.kind is TaskKind.REGRESSION]
        if not regression:
            return
        rows = np.flatnonzero(self.plan.val_rows.any(axis=0))
        x = self.x.numpy()[:, rows]
        values = self.predictor.member_outputs(x, coherent=False)
        spreads = self.predictor.member_spreads(x)
        intervals = {}
        for i in regression:
            task = self.tasks[i]
            truth = self.y[i][:, rows] * self.target_scales[task.name][:, None] + self.target_means[task.name][:, None]
            intervals[task.name] = residual_quantiles(values[task.name], spreads[task.name], truth,
                                                      self.val_w[i][:, rows] > 0)
        self.predictor = replace(self.predictor, intervals=intervals)

    def _fit_flags(self) -> None:
        """Per binary task and fold: the flagging threshold chosen on the validation students of the fold's
        members (:func:`flag_threshold`)."""
        binary = [i for i, t in enumerate(self.tasks) if t.kind is TaskKind.BINARY and not t.auxiliary]
        if not binary:
            return
        from ..evaluation.calibration import positive_label

        rows = np.flatnonzero(self.plan.val_rows.any(axis=0))
        outputs = self.predictor.member_outputs(self.x.numpy()[:, rows])
        thresholds = {}
        for i in binary:
            task = self.tasks[i]
            positive = task.classes.index(positive_label(task))
            chance = outputs[task.name][..., positive]  # (members, validation students)
            is_positive = self.y[i][:, rows].astype(int) == positive
            known = self.val_w[i][:, rows] > 0
            per_fold = []
            for fold in range(self.plan.folds):
                members = self.plan.fold_of_member == fold
                train_known = self.train_w[i][members] > 0
                base_rate = float((self.y[i][members].astype(int) == positive)[train_known].mean()) \
                    if train_known.any() else 0.5
                per_fold.append(flag_threshold(chance[members][known[members]],
                                               is_positive[members][known[members]], base_rate))
            thresholds[task.name] = np.array(per_fold)
        self.predictor = replace(self.predictor, flag_thresholds=thresholds)

    def _member_state(self, train_loss, val_loss, predictions) -> dict[str, np.ndarray]:
        """Per member and task: losses, validation metric and its student count, task weight."""
        metric, count = self._member_metrics(predictions)
        return dict(train=train_loss, val=val_loss, metric=metric, count=count, weight=self.weighting.effective())

    def _log(self, epoch, started, shown: dict, active, eta: "EtaEstimator"):
        """The EpochLog: the mean over all members of their current state. Members whose patience ran
        out keep training until the last one stops (their best weights are kept aside), so the curves
        stay smooth and show honestly when a task starts to overfit."""
        elapsed = time.perf_counter() - started
        names = [t.name for t in self.tasks]
        counts = shown["count"].sum(axis=0)
        metric = np.where(counts > 0, (shown["metric"] * shown["count"]).sum(axis=0) / np.maximum(counts, 1), np.nan)
        return EpochLog(
            epoch=epoch, max_epochs=self.config.epochs, elapsed_s=elapsed,
            eta_s=eta.remaining_seconds() if active.any() else 0.0,
            train_loss=dict(zip(names, shown["train"].mean(axis=0).tolist())),
            val_loss=dict(zip(names, shown["val"].mean(axis=0).tolist())),
            val_metric=dict(zip(names, metric.tolist())),
            metric_name={t.name: METRICS["mae" if t.kind is TaskKind.REGRESSION else "accuracy"].name
                         for t in self.tasks},
            weights=dict(zip(names, shown["weight"].mean(axis=0).astype(float).tolist())),
            active_members=int(active.sum()), members=self.plan.members,
        )

    def _member_metrics(self, predictions) -> tuple[np.ndarray, np.ndarray]:
        """Per member and task: MAE (regression, in the target's units) or accuracy on that member's
        validation students, and how many validation students it is computed on."""
        values, counts = [], []
        for i, task in enumerate(self.tasks):
            weights = self.val_w[i]
            if task.kind is TaskKind.REGRESSION:
                score = np.abs(predictions[i] - self.y[i]) * self.target_scales[task.name][:, None]
            else:
                score = (predictions[i].argmax(axis=-1) == self.y[i].astype(int)).astype(float)
            count = weights.sum(axis=1)
            values.append((score * weights).sum(axis=1) / np.maximum(count, 1))
            counts.append(count)
        return np.stack(values, axis=1), np.stack(counts, axis=1)


MIN_FLAG_POSITIVES = 5  # at-risk validation students needed to choose a flagging threshold on them


def flag_threshold(chance: np.ndarray, positive: np.ndarray, base_rate: float) -> float:
    """The chance of the at-risk label from which a student is flagged.

    On validation students (never trained on): the threshold with the highest F1 (the balance of recall
    and precision) among the predicted chances, ties to the higher one. With fewer than
    :data:`MIN_FLAG_POSITIVES` at-risk students there, the share of at-risk students on the training rows
    (flag whoever is likelier than average to be at risk).
    """
    chance, positive = np.asarray(chance, dtype=float), np.asarray(positive, dtype=bool)
    if positive.sum() < MIN_FLAG_POSITIVES:
        return float(np.clip(base_rate, 0.01, 0.99))
    order = np.argsort(-chance, kind="stable")
    hits = np.cumsum(positive[order])
    flagged = np.arange(1, len(order) + 1)
    f1 = 2 * hits / (flagged + positive.sum())
    best = np.flatnonzero(f1 >= f1.max() - 1e-12)[0]  # the fewest flagged students among the best
    return float(chance[order][best])


MIN_INTERVAL_ROWS = 40  # validation students a member needs for quantiles of its own
INTERVAL_QUANTILES = (0.1, 0.9)  # an 80 % interval


def conformal_quantiles(scores: np.ndarray) -> np.ndarray:
    """The low and high quantiles of ``scores`` for an interval of :data:`INTERVAL_QUANTILES`, with split
    conformal prediction's finite-sample correction: the high one at ``ceil((n + 1) * 0.9) / n`` (and the
    low one mirrored), so that, for students like these, at least 80 % of true values fall inside."""
    n = len(scores)
    high = min(1.0, np.ceil((n + 1) * INTERVAL_QUANTILES[1]) / n)
    low = max(0.0, 1.0 - min(1.0, np.ceil((n + 1) * (1 - INTERVAL_QUANTILES[0])) / n))
    return np.quantile(scores, [low, high])


def residual_quantiles(values: np.ndarray, spreads: np.ndarray, truth: np.ndarray, known: np.ndarray) -> np.ndarray:
    """``(members, 3)``: per member the low and high (conformal) quantile of ``(truth - value) / (spread + s)``
    on its known (validation) students, and ``s``, the median spread there. Members with fewer than
    :data:`MIN_INTERVAL_ROWS` students use the quantiles of all members' students together."""
    members = values.shape[0]
    stabiliser = np.array([np.median(spreads[m][known[m]]) if known[m].any() else np.median(spreads)
                           for m in range(members)])
    stabiliser = np.maximum(stabiliser, 1e-6)
    scores = (truth - values) / (spreads + stabiliser[:, None])
    pooled = scores[known]
    fallback = conformal_quantiles(pooled) if pooled.size else np.zeros(2)
    result = np.zeros((members, 3))
    for m in range(members):
        own = scores[m][known[m]]
        result[m, :2] = conformal_quantiles(own) if own.size >= MIN_INTERVAL_ROWS else fallback
        result[m, 2] = stabiliser[m]
    return result


def make_optimizer(config, steps_per_epoch: int, no_decay=()):
    """Adam with the config's rate and schedule, and AdamW's decoupled weight decay when
    ``weight_decay > 0`` (Keras applies it the same way in both classes; the loss weighting's own
    variables, ``no_decay``, are not decayed)."""
    rate = config.learning_rate
    if config.lr_schedule == "cosine":
        rate = keras.optimizers.schedules.CosineDecay(config.learning_rate, config.epochs * steps_per_epoch, alpha=0.1)
    optimizer = keras.optimizers.Adam(learning_rate=rate, weight_decay=config.weight_decay or None)  # decoupled
    if no_decay and config.weight_decay:
        optimizer.exclude_from_weight_decay(var_list=list(no_decay))
    return optimizer


def clip_per_member(grads, limit: float, members: int) -> list:
    """Scale each member's gradient (all its variables together) to a global norm of at most ``limit``.

    Every variable is laid out member by member along its first axis, so ``reshape(members, -1)``
    gives each member's part; the norms come from one concatenation (a short graph to trace).
    """
    flat = tf.concat([tf.reshape(g, (members, -1)) for g in grads], axis=1)
    factor = tf.minimum(1.0, limit / (tf.norm(flat, axis=1) + 1e-12))  # (members,)
    scaled = tf.reshape(factor, (members, 1)) * flat
    sizes = [int(np.prod(g.shape)) // members for g in grads]
    return [tf.reshape(part, g.shape) for part, g in zip(tf.split(scaled, sizes, axis=1), grads)]


def member_edges(preprocessors, fold_of_member) -> np.ndarray | None:
    """The quantile edges of every member's fold ``(members, numbers, bins + 1)``, or None without bins."""
    edges = [p.edges_ for p in preprocessors]
    if any(e is None for e in edges) or not edges or not edges[0].size:
        return None
    return np.stack(edges)[fold_of_member]


def task_gradient_similarity(loop: TrainingLoop) -> np.ndarray:
    """Cosine similarity between tasks' loss gradients on the shared weights, averaged over members.

    Computed on (at most :data:`SIMILARITY_ROWS` of) every member's training students with the final
    weights: positive values mean two tasks pull the shared layers the same way (they help each
    other), negative values mean conflict.
    """
    rows = np.random.default_rng(0).permutation(loop.trainable_rows)[:SIMILARITY_ROWS]
    index = tf.constant(np.sort(rows))
    with tf.GradientTape(persistent=True) as tape:
        outputs = loop.model(tf.gather(loop.x, index, axis=1), training=False)
        losses = _subset_losses(loop, outputs, index)
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


def _subset_losses(loop: TrainingLoop, outputs, index):
    """Training losses ``(members, tasks)`` of ``outputs`` computed on the students ``index``."""
    losses = []
    for i, task in enumerate(loop.tasks):
        y = tf.gather(loop.y_graph[i], index, axis=1)
        w = tf.gather(loop.train_w_graph[i], index, axis=1)
        losses.append(masked_mean(per_student_loss(task.kind, outputs[output_key(i)], y), w) / loop.scale_graph[i])
    return tf.stack(losses, axis=1) * loop.task_mask


def _masked(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    return (values * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)


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
