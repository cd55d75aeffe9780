"""Everything needed to turn a class table into predictions with a trained ensemble.

A :class:`Predictor` holds the Keras model, the feature layout, one fitted
preprocessor per fold, and per member the scale of each regression target and
the temperature of each classification task.
:meth:`Predictor.member_outputs` gives each member's predictions in real units
(values kept inside the column's range, or calibrated class probabilities, reconciled
across outcomes of one quantity: :mod:`.coherence`); :func:`combine` averages members with a
weight per student, which is how out-of-fold predictions are formed (each
student averaged only over the members that did not see them). :func:`read_out` turns the
averaged probabilities into labels decided together and values with their 80 % intervals, and
:func:`to_frame` into the prediction table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from ..evaluation.calibration import positive_label
from ..tasks import TaskKind, TaskSpec, flag_column, interval_column, probability_column
from . import coherence
from .coherence import Family
from .preprocessing import FeatureLayout, Preprocessor

CELLS = 2 ** 18  # members x students x sub-members per forward pass, to bound memory on district-sized tables


def output_key(index: int) -> str:
    """The name of task ``index``'s output (task names may hold any character, so outputs are numbered)."""
    return f"task{index}"


@dataclass
class Predictor:
    """A trained ensemble and its preprocessing (internal; the public API passes a TrainedRun)."""

    model: object
    tasks: tuple[TaskSpec, ...]
    layout: FeatureLayout
    preprocessors: list[Preprocessor]  # one per fold
    fold_of_member: np.ndarray  # (members,)
    target_means: dict  # task name -> (members,) mean of the regression target on training rows
    target_scales: dict  # task name -> (members,) standard deviation
    copies: int = 1  # per-task checkpoints: the model holds one copy of every member per task
    temperatures: dict = field(default_factory=dict)  # classification task name -> (members,); absent: 1
    families: tuple[Family, ...] = ()  # outcomes reconciled into one distribution (coherence.Family)
    target_bounds: dict = field(default_factory=dict)  # regression task -> (members, 2): lowest, highest value
    intervals: dict = field(default_factory=dict)  # regression task -> (members, 3): low, high quantile, spread
    flag_thresholds: dict = field(default_factory=dict)  # binary task -> (folds,): chance from which to flag

    @property
    def members(self) -> int:
        return len(self.fold_of_member)

    @property
    def chunk(self) -> int:
        """Students per forward pass."""
        sub = int(self.model.output[output_key(0)].shape[2] or 1)
        return max(64, CELLS // max(self.members * self.copies * sub, 1))

    def features(self, frame: pd.DataFrame) -> np.ndarray:
        """Features of every member: ``(members, n, features)``."""
        parsed = self.layout.parse(frame)
        per_fold = np.stack([p.transform_parsed(parsed, len(frame)) for p in self.preprocessors])
        return per_fold[self.fold_of_member]

    def member_outputs(self, features: np.ndarray, *, coherent: bool = True) -> dict[str, np.ndarray]:
        """Per task: values ``(members, n)`` or calibrated probabilities ``(members, n, classes)``.

        Values are kept inside the range of their column on the member's training rows; with ``coherent``
        (the default) the probabilities of outcomes of one quantity are reconciled (:mod:`.coherence`).
        ``coherent=False`` gives each head's own output (what the attributions explain).
        """
        if not coherent:
            return self._chunked(features, lambda task, raw: self.to_units(task, raw, bounded=False))
        return coherence.apply(self.families, self._chunked(features, self.to_units))

    def member_spreads(self, features: np.ndarray) -> dict[str, np.ndarray]:
        """Per regression task: the standard deviation of the sub-members' values ``(members, n)``, in units."""
        from .losses import sub_member_spread  # TensorFlow: only once a model predicts

        regression = [t for t in self.tasks if t.kind is TaskKind.REGRESSION]

        def spread(task, raw):
            return np.asarray(sub_member_spread(raw), dtype=float) * self.target_scales[task.name][:, None]

        return self._chunked(features, spread, regression)

    def component_outputs(self, features: np.ndarray) -> dict[str, np.ndarray]:
        """Per task, every sub-member of every member on its own: values ``(members, sub, n)`` or
        calibrated, reconciled probabilities ``(members, sub, n, classes)`` (for the spread of what-if effects)."""
        from .losses import sub_member_probabilities, sub_member_values  # TensorFlow: only once a model predicts

        def convert(task, raw):
            if task.kind is TaskKind.REGRESSION:
                values = np.moveaxis(np.asarray(sub_member_values(raw), dtype=float), 2, 1)
                values = values * self.target_scales[task.name][:, None, None] + \
                    self.target_means[task.name][:, None, None]
                return self._bounded(task, values, extra_axes=2)
            probabilities = sub_member_probabilities(task.kind, raw, self.temperatures.get(task.name))
            return np.moveaxis(np.asarray(probabilities, dtype=float), 2, 1)

        outputs = self._chunked(features, convert, axis=2)
        return coherence.apply(self.families, outputs)

    def uncalibrated(self, features: np.ndarray) -> dict[str, np.ndarray]:
        """Per classification task: log of the sub-members' mean probabilities ``(members, n, classes)``,
        before temperature scaling (what the temperatures are fitted on)."""
        from .losses import ensemble_log_probabilities  # TensorFlow: only once a model predicts

        def log_probabilities(task, raw):
            return ensemble_log_probabilities(task.kind, raw).numpy().astype(float)

        classification = [t for t in self.tasks if t.is_classification]
        return self._chunked(features, log_probabilities, classification)

    def _chunked(self, features, convert, tasks=None, axis: int = 1) -> dict[str, np.ndarray]:
        tasks = self.tasks if tasks is None else tasks
        n, step = features.shape[1], self.chunk
        parts = {task.name: [] for task in tasks}
        for start in range(0, max(n, 1), step):
            raw = self.model(self.tile(features[:, start:start + step]), training=False)
            for task in tasks:
                index = self.tasks.index(task)
                parts[task.name].append(convert(task, raw[output_key(index)][self.copy_of(index)]))
        return {name: np.concatenate(chunks, axis=axis) for name, chunks in parts.items()}

    def tile(self, features):
        """Features for the model: one block of members per copy."""
        return features if self.copies == 1 else np.concatenate([features] * self.copies, axis=0)

    def copy_of(self, index: int) -> slice:
        """The members of the model that predict task ``index``."""
        if self.copies == 1:
            return slice(None)
        return slice(index * self.members, (index + 1) * self.members)

    def to_units(self, task: TaskSpec, raw, bounded: bool = True) -> np.ndarray:
        """Network output of one task ``(members, n, sub_members, k)`` -> the mean of the sub-members in
        the target's units (``bounded``: inside the member's range of the column), or calibrated class
        probabilities (see :func:`.losses.calibrated_probabilities`)."""
        from .losses import calibrated_probabilities, ensemble_values  # TensorFlow: only once a model predicts

        if task.kind is TaskKind.REGRESSION:
            values = np.asarray(ensemble_values(raw), dtype=float)
            values = values * self.target_scales[task.name][:, None] + self.target_means[task.name][:, None]
            return self._bounded(task, values) if bounded else values
        return np.asarray(calibrated_probabilities(task.kind, raw, self.temperatures.get(task.name)), dtype=float)

    def _bounded(self, task: TaskSpec, values: np.ndarray, extra_axes: int = 1) -> np.ndarray:
        """Values ``(members, ...)`` clipped to each member's range of the column (runs without bounds: as they are)."""
        bounds = self.target_bounds.get(task.name)
        if bounds is None:
            return values
        shape = (-1,) + (1,) * extra_axes
        return np.clip(values, bounds[:, 0].reshape(shape), bounds[:, 1].reshape(shape))

    def value_range(self, task_name: str) -> tuple[float, float]:
        """The lowest and highest value any member allows for a regression task (-inf, inf when unknown)."""
        bounds = self.target_bounds.get(task_name)
        if bounds is None:
            return -np.inf, np.inf
        return float(bounds[:, 0].min()), float(bounds[:, 1].max())

    def flag_threshold(self, task_name: str, weights: np.ndarray) -> np.ndarray | None:
        """Per student, the flagging threshold of a binary task: that of the folds of the members that
        predict them (``weights`` ``(n, members)``); None when the run has none."""
        per_fold = self.flag_thresholds.get(task_name)
        if per_fold is None:
            return None
        return weights @ np.asarray(per_fold, dtype=float)[self.fold_of_member]

    def uniform_weights(self, n: int) -> np.ndarray:
        """Every member counts the same for every student: ``(n, members)``."""
        return np.full((n, self.members), 1.0 / self.members)


def combine(outputs: dict[str, np.ndarray], weights: np.ndarray) -> dict[str, np.ndarray]:
    """Average member outputs per student: ``weights`` is ``(n, members)``, rows summing to 1."""
    combined = {}
    for name, values in outputs.items():
        if values.ndim == 2:
            combined[name] = np.einsum("mn,nm->n", values, weights)
        else:
            combined[name] = np.einsum("mnk,nm->nk", values, weights)
    return combined


@dataclass(frozen=True)
class ReadOut:
    """What the prediction table shows: per classification task the class index of its label, per
    regression task the value and its interval (``low``, ``high``), per binary task with a flagging
    threshold whether the student is flagged."""

    labels: dict
    values: dict
    low: dict
    high: dict
    flagged: dict = field(default_factory=dict)


def read_out(predictor: Predictor, combined: dict[str, np.ndarray], weights: np.ndarray,
             spreads: dict[str, np.ndarray] | None = None) -> ReadOut:
    """Labels decided together within each family, values kept inside the interval their family's labels
    allow, and the :data:`~mtl_core.tasks.INTERVAL_LEVEL` interval of every value.

    The interval of a member is ``value + q * (spread + s)``: ``q`` the low and high quantiles of the
    normalised residuals ``(truth - value) / (spread + s)`` on that member's validation students (the
    students it never trained on; pooled over members when one has fewer than 40), ``spread`` the
    standard deviation of the student's prediction across the member's sub-members, ``s`` its median on
    those students. A student's interval averages the intervals of the members that predict them (with
    ``weights``), clipped to the column's range and always holding the value shown.
    """
    labels = {t.name: np.argmax(combined[t.name], axis=1) for t in predictor.tasks if t.is_classification}
    values = {t.name: np.asarray(combined[t.name], dtype=float).copy()
              for t in predictor.tasks if t.kind is TaskKind.REGRESSION}
    low, high = {}, {}
    for name in values:
        member = predictor.intervals.get(name)
        if member is None or spreads is None:
            low[name] = high[name] = np.full(len(values[name]), np.nan)
            continue
        scale = spreads[name] + member[:, 2][:, None]  # (members, n)
        low[name] = values[name] + np.einsum("mn,nm->n", member[:, 0][:, None] * scale, weights)
        high[name] = values[name] + np.einsum("mn,nm->n", member[:, 1][:, None] * scale, weights)
    for family in predictor.families:
        if not all(name in combined for name in family.tasks):
            continue
        # decided on the atoms before the floor: the floor gives a label 1 % per atom, which would favour
        # labels of many atoms (pass, with four bands above the pass mark) in a close call
        decided, allowed = coherence.decide(family, coherence.unfloor(coherence.recover_atoms(family, combined)))
        labels.update(decided)
        if family.value_task in values:
            lowest, highest = predictor.value_range(family.value_task)
            values[family.value_task] = coherence.keep_inside(family, values[family.value_task], allowed,
                                                              highest - lowest)
    for name in values:
        lowest, highest = predictor.value_range(name)
        values[name] = np.clip(values[name], lowest, highest)
        low[name] = np.minimum(np.clip(low[name], lowest, highest), values[name])
        high[name] = np.maximum(np.clip(high[name], lowest, highest), values[name])
    flagged = {}
    for task in predictor.tasks:
        threshold = predictor.flag_threshold(task.name, weights) if task.kind is TaskKind.BINARY else None
        if threshold is not None:
            chance = combined[task.name][:, task.classes.index(positive_label(task))]
            flagged[task.name] = chance >= threshold
    return ReadOut(labels, values, low, high, flagged)


def to_frame(tasks: Sequence[TaskSpec], combined: dict[str, np.ndarray], index,
             shown: ReadOut | None = None) -> pd.DataFrame:
    """One column per task (value or label) plus one probability column per class, for every
    regression task the two ends of its interval (:func:`~mtl_core.tasks.interval_column`), and for every
    binary task with a flagging threshold whether the student is flagged (:func:`~mtl_core.tasks.flag_column`).

    ``shown`` (from :func:`read_out`) gives the labels decided together and the bounded values; without
    it each label is its own most likely class and the interval columns are left out.
    """
    columns = {}
    for task in tasks:
        values = combined[task.name]
        if task.kind is TaskKind.REGRESSION:
            columns[task.name] = values if shown is None else shown.values[task.name]
            if shown is not None:
                columns[interval_column(task.name, "low")] = shown.low[task.name]
                columns[interval_column(task.name, "high")] = shown.high[task.name]
            continue
        picked = np.argmax(values, axis=1) if shown is None else shown.labels[task.name]
        columns[task.name] = np.asarray(task.classes, dtype=object)[picked]
        for k, label in enumerate(task.classes):
            columns[probability_column(task.name, label)] = values[:, k]
        if shown is not None and task.name in shown.flagged:
            columns[flag_column(task.name)] = shown.flagged[task.name]
    return pd.DataFrame(columns, index=index)


def shown_labels(tasks: Sequence[TaskSpec], shown: ReadOut) -> dict[str, np.ndarray]:
    """The label strings shown per classification task (what the metrics score)."""
    return {t.name: np.asarray(t.classes, dtype=object)[shown.labels[t.name]] for t in tasks if t.is_classification}
