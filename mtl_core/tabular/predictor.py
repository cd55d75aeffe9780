"""Everything needed to turn a class table into predictions with a trained ensemble.

A :class:`Predictor` holds the Keras model, the feature layout, one fitted
preprocessor per fold, and per member the scale of each regression target and
the temperature of each classification task.
:meth:`Predictor.member_outputs` gives each member's predictions in real units
(values, or calibrated class probabilities); :func:`combine` averages members with a
weight per student, which is how out-of-fold predictions are formed (each
student averaged only over the members that did not see them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from ..tasks import TaskKind, TaskSpec, probability_column
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

    def member_outputs(self, features: np.ndarray) -> dict[str, np.ndarray]:
        """Per task: values ``(members, n)`` or calibrated probabilities ``(members, n, classes)``."""
        return self._chunked(features, self.to_units)

    def uncalibrated(self, features: np.ndarray) -> dict[str, np.ndarray]:
        """Per classification task: log of the sub-members' mean probabilities ``(members, n, classes)``,
        before temperature scaling (what the temperatures are fitted on)."""
        from .losses import ensemble_log_probabilities  # TensorFlow: only once a model predicts

        def log_probabilities(task, raw):
            return ensemble_log_probabilities(task.kind, raw).numpy().astype(float)

        classification = [t for t in self.tasks if t.is_classification]
        return self._chunked(features, log_probabilities, classification)

    def _chunked(self, features, convert, tasks=None) -> dict[str, np.ndarray]:
        tasks = self.tasks if tasks is None else tasks
        n, step = features.shape[1], self.chunk
        parts = {task.name: [] for task in tasks}
        for start in range(0, max(n, 1), step):
            raw = self.model(self.tile(features[:, start:start + step]), training=False)
            for task in tasks:
                index = self.tasks.index(task)
                parts[task.name].append(convert(task, raw[output_key(index)][self.copy_of(index)]))
        return {name: np.concatenate(chunks, axis=1) for name, chunks in parts.items()}

    def tile(self, features):
        """Features for the model: one block of members per copy."""
        return features if self.copies == 1 else np.concatenate([features] * self.copies, axis=0)

    def copy_of(self, index: int) -> slice:
        """The members of the model that predict task ``index``."""
        if self.copies == 1:
            return slice(None)
        return slice(index * self.members, (index + 1) * self.members)

    def to_units(self, task: TaskSpec, raw) -> np.ndarray:
        """Network output of one task ``(members, n, sub_members, k)`` -> the mean of the sub-members in
        the target's units, or calibrated class probabilities (see :func:`.losses.calibrated_probabilities`)."""
        from .losses import calibrated_probabilities, ensemble_values  # TensorFlow: only once a model predicts

        if task.kind is TaskKind.REGRESSION:
            values = np.asarray(ensemble_values(raw), dtype=float)
            return values * self.target_scales[task.name][:, None] + self.target_means[task.name][:, None]
        return np.asarray(calibrated_probabilities(task.kind, raw, self.temperatures.get(task.name)), dtype=float)

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


def to_frame(tasks: Sequence[TaskSpec], combined: dict[str, np.ndarray], index) -> pd.DataFrame:
    """One column per task (value or most likely label) plus one probability column per class."""
    columns = {}
    for task in tasks:
        values = combined[task.name]
        if task.kind is TaskKind.REGRESSION:
            columns[task.name] = values
            continue
        columns[task.name] = np.asarray(task.classes, dtype=object)[np.argmax(values, axis=1)]
        for k, label in enumerate(task.classes):
            columns[probability_column(task.name, label)] = values[:, k]
    return pd.DataFrame(columns, index=index)
