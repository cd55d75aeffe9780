"""How a class-table network is trained (:class:`TrainConfig`) and what a progress callback sees
(:class:`EpochLog`). No TensorFlow here: a UI can build and check settings without loading it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..errors import ConfigError


def _check_int(name: str, value, low: int, high: int | None = None, owner: str = "TrainConfig") -> None:
    """Raise a ConfigError naming the bound ``value`` breaks (both bounds when it is not an int at all)."""
    is_int = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if is_int and value < low:
        bound = f">= {low}"
    elif is_int and high is not None and value > high:
        bound = f"<= {high}"
    elif is_int:
        return
    else:
        bound = f">= {low}" if high is None else f"between {low} and {high}"
    raise ConfigError(f"The '{name}' parameter of {owner} must be an int {bound}. Got {value!r} instead.")


def _check_float(name: str, value, low: float, high: float, *, low_open: bool = False,
                 high_open: bool = False, owner: str = "TrainConfig") -> None:
    ok = isinstance(value, (int, float, np.floating)) and not isinstance(value, bool) and np.isfinite(value)
    ok = ok and (value > low if low_open else value >= low) and (value < high if high_open else value <= high)
    if not ok:
        interval = f"{'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
        raise ConfigError(
            f"The '{name}' parameter of {owner} must be a number in {interval}. Got {value!r} instead."
        )


@dataclass(frozen=True)
class TrainConfig:
    """How to train. Defaults suit a class of a few hundred students.

    Args:
        architecture: a name from ``mtl_core.tabular.architectures.ARCHITECTURES`` (default "shared_bottom").
        weighting: a name from ``mtl_core.weighting.WEIGHTINGS`` (default "manual": your task weights).
        hidden_units: widths of the shared layers (or of each expert).
        head_units: widths of each task's own layers.
        experts: number of experts for mixture-of-experts architectures.
        dropout: dropout rate in [0, 0.9).
        l2: L2 penalty on the weights.
        learning_rate: Adam learning rate.
        batch_size: students per step; None picks one from the class size.
        epochs: the most passes over the data; early stopping usually ends sooner.
        patience: epochs without improvement on validation rows before a member stops.
        ensemble_size: networks averaged per fold (each with its own validation rows).
        validation_fraction: share of each fold's training students used for early stopping.
        early_stopping: "per_task" (default: each task keeps the weights of the epoch best for it) or
            "joint" (one stopping point for the weighted sum of the tasks).
        seed: fixes splits, initial weights and shuffling, so results repeat.
    """

    architecture: str = "shared_bottom"
    weighting: str = "manual"
    hidden_units: tuple[int, ...] = (64, 32)
    head_units: tuple[int, ...] = (16,)
    experts: int = 4
    dropout: float = 0.2
    l2: float = 1e-4
    learning_rate: float = 3e-3
    batch_size: int | None = None
    epochs: int = 300
    patience: int = 30
    ensemble_size: int = 3
    validation_fraction: float = 0.15
    early_stopping: str = "per_task"
    seed: int = 0

    def __post_init__(self):
        object.__setattr__(self, "hidden_units", tuple(self.hidden_units))
        object.__setattr__(self, "head_units", tuple(self.head_units))
        for name in ("hidden_units", "head_units"):
            for width in getattr(self, name):
                _check_int(f"{name} (each width)", width, 1, 1024)
        if not self.hidden_units:
            raise ConfigError("The 'hidden_units' parameter of TrainConfig needs at least one width. Got () instead.")
        _check_int("experts", self.experts, 1, 16)
        _check_float("dropout", self.dropout, 0.0, 0.9, high_open=True)
        _check_float("l2", self.l2, 0.0, 1.0)
        _check_float("learning_rate", self.learning_rate, 0.0, 1.0, low_open=True)
        if self.batch_size is not None:
            _check_int("batch_size", self.batch_size, 1)
        _check_int("epochs", self.epochs, 1, 100_000)
        _check_int("patience", self.patience, 1)
        _check_int("ensemble_size", self.ensemble_size, 1, 32)
        _check_float("validation_fraction", self.validation_fraction, 0.0, 0.5, low_open=True)
        if self.early_stopping not in ("per_task", "joint"):
            raise ConfigError("The 'early_stopping' parameter of TrainConfig must be 'per_task' or 'joint'. "
                              f"Got {self.early_stopping!r} instead.")
        _check_int("seed", self.seed, 0)

    def resolved_batch_size(self, n_train: int) -> int:
        """The batch size in use: the one set, or about a tenth of the training students (32-512)."""
        return self.batch_size or int(np.clip(n_train // 10, 32, 512))


@dataclass(frozen=True)
class EpochLog:
    """What the progress callback receives after every epoch.

    Losses are on the common scale (1.0 = as good as guessing from the class);
    ``val_metric`` is MAE in the target's units (regression) or accuracy
    (classification), on the validation students; ``weights`` are the task
    weights in use, averaged over ensemble members.
    """

    epoch: int
    max_epochs: int
    elapsed_s: float
    eta_s: float
    train_loss: dict
    val_loss: dict
    val_metric: dict
    metric_name: dict
    weights: dict
    active_members: int
    members: int

    @property
    def progress(self) -> float:
        """A fraction in [0, 1] for a progress bar: epochs done over the expected total."""
        expected = self.epoch + self.eta_s / max(self.elapsed_s / max(self.epoch, 1), 1e-9)
        return float(min(1.0, self.epoch / max(expected, 1)))


Callback = Callable[[EpochLog], bool | None]
