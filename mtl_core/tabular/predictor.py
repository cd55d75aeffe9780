"""Everything needed to turn a class table into predictions with a trained ensemble.

A :class:`Predictor` holds the Keras model, the feature layout, one fitted
preprocessor per fold, and per member the scale of each regression target.
:meth:`Predictor.member_outputs` gives each member's predictions in real units
(values, or class probabilities); :func:`combine` averages members with a
weight per student, which is how out-of-fold predictions are formed (each
student averaged only over the members that did not see them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..tasks import TaskKind, TaskSpec, probability_column
from .preprocessing import FeatureLayout, Preprocessor

CHUNK = 4096  # students per forward pass, to bound memory on district-sized tables


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

    @property
    def members(self) -> int:
        return len(self.fold_of_member)

    def features(self, frame: pd.DataFrame) -> np.ndarray:
        """Features of every member: ``(members, n, features)``."""
        parsed = self.layout.parse(frame)
        per_fold = np.stack([p.transform_parsed(parsed, len(frame)) for p in self.preprocessors])
        return per_fold[self.fold_of_member]

    def member_outputs(self, features: np.ndarray) -> dict[str, np.ndarray]:
        """Per task: values ``(members, n)`` or probabilities ``(members, n, classes)``."""
        n = features.shape[1]
        chunks = [self._forward(features[:, start:start + CHUNK]) for start in range(0, max(n, 1), CHUNK)]
        return {task.name: np.concatenate([c[task.name] for c in chunks], axis=1) for task in self.tasks}

    def _forward(self, features: np.ndarray) -> dict[str, np.ndarray]:
        raw = self.model(self.tile(features), training=False)
        return {task.name: self.to_units(task, np.asarray(raw[output_key(i)])[self.copy_of(i)])
                for i, task in enumerate(self.tasks)}

    def tile(self, features):
        """Features for the model: one block of members per copy."""
        return features if self.copies == 1 else np.concatenate([features] * self.copies, axis=0)

    def copy_of(self, index: int) -> slice:
        """The members of the model that predict task ``index``."""
        if self.copies == 1:
            return slice(None)
        return slice(index * self.members, (index + 1) * self.members)

    def to_units(self, task: TaskSpec, raw: np.ndarray) -> np.ndarray:
        """Network output of one task -> values in the target's units, or probabilities."""
        if task.kind is TaskKind.REGRESSION:
            return raw[..., 0] * self.target_scales[task.name][:, None] + self.target_means[task.name][:, None]
        if task.kind is TaskKind.BINARY:
            p = 1.0 / (1.0 + np.exp(-raw[..., 0]))
            return np.stack([1.0 - p, p], axis=-1)
        shifted = np.exp(raw - raw.max(axis=-1, keepdims=True))
        return shifted / shifted.sum(axis=-1, keepdims=True)

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
