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


def _check_choice(name: str, value, choices: tuple[str, ...]) -> None:
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ConfigError(f"The '{name}' parameter of TrainConfig must be one of {listed}. Got {value!r} instead.")


NUMERIC_EMBEDDINGS = ("piecewise_linear", "none")
SCALINGS = ("robust", "standard")
SCHEDULES = ("cosine", "constant")
CALIBRATIONS = ("temperature", "none")


@dataclass(frozen=True)
class TrainConfig:
    """How to train. Defaults suit a class of a few hundred students.

    The defaults were chosen on selection data only (the sample class, three OULAD presentations, STAR,
    Exam, Chem97; never the UCI reporting benchmark), against the better of a random forest and gradient
    boosting on the same folds over three seeds (``benchmarks/select_defaults.py``, docs/benchmarks.md
    section 3): a shared-bottom network 64-32 with heads of 16, plain scaled numbers, Adam at a constant
    rate and 3 members per fold was within 1 % / 1 point of the better tree on more tasks, and cheaper,
    than the TabM trunk with piecewise-linear number encodings, which stays available (``architecture="tabm"``,
    ``numeric_embedding="piecewise_linear"``).

    Args:
        architecture: a name from ``mtl_core.tabular.architectures.ARCHITECTURES`` (default "shared_bottom").
        weighting: a name from ``mtl_core.weighting.WEIGHTINGS`` (default "manual": your task weights).
        hidden_units: widths of the shared layers (or of each expert).
        head_units: widths of each task's own layers (none: a linear output per task).
        experts: number of experts for mixture-of-experts architectures.
        sub_members: networks inside each member for architectures that ensemble internally (TabM:
            they share most weights; trained on the mean of their losses, predicting the mean).
        numeric_embedding: "piecewise_linear" (each number encoded on quantile bins fitted on the fold's
            training rows, then a small learned layer per number) or "none" (the scaled number itself).
        bins: quantile bins per number for the piecewise-linear encoding.
        embedding_dim: width of the learned encoding of each number; categories with more than 16
            levels get an embedding of up to twice this width.
        scaling: "robust" (median and inter-quartile range) or "standard" (mean and standard deviation);
            scaled values are clipped to +-8.
        dropout: dropout rate in [0, 0.9).
        l2: L2 penalty on the dense kernels (added to the loss).
        weight_decay: AdamW's decoupled weight decay (0 = plain Adam).
        learning_rate: the (peak) learning rate.
        lr_schedule: "cosine" (decays to a tenth over ``epochs``) or "constant".
        gradient_clip: largest global norm of a gradient step (0 = no clipping).
        label_smoothing: share of probability spread over the other classes in the training loss of
            classification tasks, in [0, 0.5) (validation and reported figures never smooth).
        calibration: "temperature" (each member's probabilities are rescaled on its own validation
            students after training, so a predicted 70 % comes true about 70 % of the time) or "none".
        batch_size: students per step; None picks one from the class size.
        epochs: the most passes over the data; early stopping usually ends sooner.
        patience: epochs without improvement on validation rows before a member stops.
        ensemble_size: members per fold, each with its own validation rows.
        validation_fraction: share of each fold's training students used for early stopping.
        early_stopping: "per_task" (default: each task keeps the weights of the epoch best for it) or
            "joint" (one stopping point for the weighted sum of the tasks).
        seed: fixes splits, initial weights and shuffling, so results repeat.
        monotonic: directions the teacher knows, per numeric input column: ``{"attendance_rate": +1}``
            (more never hurts any outcome), ``{"absences": -1}`` (more never helps). "Helps" means a higher
            value for a regression outcome whose higher values are better (lower when
            ``higher_is_better=False``) and a lower chance of the at-risk labels for a classification
            outcome (outcomes without risk labels are not constrained). Enforced in training by a penalty
            on pairs of the same students with the column set to two values (:mod:`.loop`). Stored as a
            sorted tuple of ``(column, direction)`` pairs; a dict or pairs are accepted.
    """

    architecture: str = "shared_bottom"
    weighting: str = "manual"
    hidden_units: tuple[int, ...] = (64, 32)
    head_units: tuple[int, ...] = (16,)
    experts: int = 4
    sub_members: int = 16
    numeric_embedding: str = "none"
    bins: int = 16
    embedding_dim: int = 8
    scaling: str = "standard"
    dropout: float = 0.2
    l2: float = 1e-4
    weight_decay: float = 0.0
    learning_rate: float = 3e-3
    lr_schedule: str = "constant"
    gradient_clip: float = 0.0
    label_smoothing: float = 0.0
    calibration: str = "temperature"
    batch_size: int | None = None
    epochs: int = 300
    patience: int = 30
    ensemble_size: int = 3
    validation_fraction: float = 0.15
    early_stopping: str = "per_task"
    seed: int = 0
    monotonic: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "monotonic", _monotonic_pairs(self.monotonic))
        object.__setattr__(self, "hidden_units", tuple(self.hidden_units))
        object.__setattr__(self, "head_units", tuple(self.head_units))
        for name in ("hidden_units", "head_units"):
            for width in getattr(self, name):
                _check_int(f"{name} (each width)", width, 1, 1024)
        if not self.hidden_units:
            raise ConfigError("The 'hidden_units' parameter of TrainConfig needs at least one width. Got () instead.")
        _check_int("experts", self.experts, 1, 16)
        _check_int("sub_members", self.sub_members, 1, 64)
        _check_choice("numeric_embedding", self.numeric_embedding, NUMERIC_EMBEDDINGS)
        _check_int("bins", self.bins, 2, 64)
        _check_int("embedding_dim", self.embedding_dim, 1, 64)
        _check_choice("scaling", self.scaling, SCALINGS)
        _check_float("dropout", self.dropout, 0.0, 0.9, high_open=True)
        _check_float("l2", self.l2, 0.0, 1.0)
        _check_float("weight_decay", self.weight_decay, 0.0, 1.0)
        _check_float("learning_rate", self.learning_rate, 0.0, 1.0, low_open=True)
        _check_choice("lr_schedule", self.lr_schedule, SCHEDULES)
        _check_float("gradient_clip", self.gradient_clip, 0.0, 1000.0)
        _check_float("label_smoothing", self.label_smoothing, 0.0, 0.5, high_open=True)
        _check_choice("calibration", self.calibration, CALIBRATIONS)
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

    @property
    def bins_in_use(self) -> int:
        """Quantile bins the preprocessors fit: ``bins`` with the piecewise-linear encoding, else 0."""
        return self.bins if self.numeric_embedding == "piecewise_linear" else 0

    def resolved_batch_size(self, n_train: int) -> int:
        """The batch size in use: the one set, or about a tenth of the training students (32-512)."""
        return self.batch_size or int(np.clip(n_train // 10, 32, 512))


def _monotonic_pairs(value) -> tuple[tuple[str, int], ...]:
    """``{column: +1/-1}`` or pairs -> a sorted tuple of pairs; a ConfigError names a bad column or direction."""
    items = value.items() if isinstance(value, dict) else value
    try:
        pairs = [tuple(item) for item in items]
    except TypeError:
        raise ConfigError("The 'monotonic' parameter of TrainConfig must map input columns to +1 or -1, e.g. "
                          f"{{'attendance_rate': 1, 'absences': -1}}. Got {value!r} instead.") from None
    seen = {}
    for pair in pairs:
        if len(pair) != 2 or not isinstance(pair[0], str) or not pair[0].strip():
            raise ConfigError("The 'monotonic' parameter of TrainConfig must map input column names to +1 or -1. "
                              f"Got the entry {pair!r} instead.")
        column, direction = pair
        if isinstance(direction, bool) or direction not in (1, -1):
            raise ConfigError(f"The direction of column '{column}' in 'monotonic' must be +1 (more never hurts) or "
                              f"-1 (more never helps). Got {direction!r} instead.")
        if column in seen and seen[column] != int(direction):
            raise ConfigError(f"Column '{column}' is given both directions in 'monotonic'. Keep one.")
        seen[column] = int(direction)
    return tuple(sorted(seen.items()))


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


class EtaEstimator:
    """Estimates the time left in a training run from what the run has shown so far.

    Training ends when every member has gone ``patience`` epochs without improving, or after
    ``max_epochs``. The soonest a member can stop is its last improvement plus ``patience``. A member
    that is still improving often will probably improve again, so its stop is pushed back by
    ``EXTENSION x patience x`` the share of its last ``patience`` epochs that improved (measured on
    recorded runs: a member that improved in every recent epoch went on for about that long again;
    one that had not improved for a while rarely did). The run's end is the latest member's; the
    epochs left are multiplied by the median duration of the recent epochs (the first epoch, which
    includes building the graph, is left out once others are known).

    Args:
        max_epochs: the epoch budget.
        patience: epochs without improvement before a member stops.
    """

    RECENT = 10  # epochs whose durations give the pace
    EXTENSION = 0.75

    def __init__(self, max_epochs: int, patience: int):
        self.max_epochs, self.patience = int(max_epochs), int(patience)
        self.durations: list[float] = []
        self.improved: list[np.ndarray] = []  # per epoch: which members improved
        self.epoch = 0
        self.last_better = np.zeros(0, int)
        self.active = np.zeros(0, bool)

    def record(self, epoch: int, seconds: float, last_better, active) -> None:
        """After each epoch: its duration, every member's last improving epoch and whether it is active."""
        last_better = np.asarray(last_better, dtype=int)
        self.improved.append(last_better == int(epoch))
        self.epoch = int(epoch)
        self.durations.append(float(seconds))
        self.last_better = last_better.copy()
        self.active = np.asarray(active, dtype=bool).copy()

    def expected_end(self) -> float:
        """The epoch at which the last member is expected to stop."""
        if not self.active.any():
            return float(self.epoch)
        recent = np.array(self.improved[-self.patience:])
        rate = recent.mean(axis=0)  # share of the recent epochs in which each member improved
        ends = self.last_better + self.patience + self.EXTENSION * self.patience * rate
        return float(min(self.max_epochs, max(self.epoch, ends[self.active].max())))

    def remaining_epochs(self) -> float:
        return max(self.expected_end() - self.epoch, 0.0)

    def seconds_per_epoch(self) -> float:
        known = self.durations[1:] if len(self.durations) > 1 else self.durations
        return float(np.median(known[-self.RECENT:])) if known else 0.0

    def remaining_seconds(self) -> float:
        return self.remaining_epochs() * self.seconds_per_epoch()


Callback = Callable[[EpochLog], bool | None]
