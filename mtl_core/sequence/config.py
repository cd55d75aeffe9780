"""How a knowledge-tracing model is trained (:class:`LogConfig`) and what a progress callback sees
(:class:`LogEpochLog`). No TensorFlow here: a UI can build and check settings without loading it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..errors import ConfigError
from ..tabular.config import _check_float, _check_int


@dataclass(frozen=True)
class LogConfig:
    """How to train a knowledge-tracing model on an answer log.

    The defaults were chosen on the simulated logs and OULAD (``benchmarks/knowledge_tracing.py``,
    docs/benchmarks.md), over several seeds.

    Args:
        model: a name from ``mtl_core.SEQUENCE_MODELS`` (default "dkt": an LSTM over the answers).
        hidden_units: width of the recurrent state / attention model. Default 64.
        embedding_units: width of the skill and answer embeddings. Default 64.
        dropout: dropout rate in [0, 0.9). Default 0.2.
        l2: L2 penalty on the embeddings and output weights. Default 1e-5.
        learning_rate: Adam learning rate. Default 6e-3.
        batch_size: windows per step. Default 256.
        epochs: the most passes over the data; early stopping usually ends sooner. Default 40.
        patience: epochs without a better validation loss before training stops. Default 4.
        window: the longest stretch of answers the model reads at once; longer histories are cut into
            overlapping windows, each answer predicted from at least ``window // 2`` answers before it
            (or all of them). Default 100.
        validation_fraction: share of the training students kept aside for early stopping. Default 0.1.
        next_skill_weight: weight of the auxiliary task of predicting which skill comes next (as AT-DKT
            does); 0 turns it off. Default 0.
        use_items: also read the item (exercise) column, when the log has one: item difficulty and which
            item was answered. Default True.
        min_item_answers: items with fewer answers than this are treated as unknown items. Default 5.
        seed: fixes splits, initial weights and shuffling, so results repeat.
    """

    model: str = "dkt"
    hidden_units: int = 64
    embedding_units: int = 64
    dropout: float = 0.2
    l2: float = 1e-5
    learning_rate: float = 6e-3
    batch_size: int = 256
    epochs: int = 40
    patience: int = 4
    window: int = 100
    validation_fraction: float = 0.1
    next_skill_weight: float = 0.0
    use_items: bool = True
    min_item_answers: int = 5
    seed: int = 0

    def __post_init__(self):
        checks = dict(hidden_units=(4, 1024), embedding_units=(4, 1024), batch_size=(1, 4096),
                      epochs=(1, 10_000), patience=(1, 1000), window=(4, 2000), min_item_answers=(1, 10_000))
        for name, (low, high) in checks.items():
            _check_int(name, getattr(self, name), low, high, owner="LogConfig")
        _check_float("dropout", self.dropout, 0.0, 0.9, high_open=True, owner="LogConfig")
        _check_float("l2", self.l2, 0.0, 1.0, owner="LogConfig")
        _check_float("learning_rate", self.learning_rate, 0.0, 1.0, low_open=True, owner="LogConfig")
        _check_float("validation_fraction", self.validation_fraction, 0.0, 0.5, low_open=True, owner="LogConfig")
        _check_float("next_skill_weight", self.next_skill_weight, 0.0, 10.0, owner="LogConfig")
        _check_int("seed", self.seed, 0, owner="LogConfig")
        if not isinstance(self.use_items, bool):
            raise ConfigError(f"The 'use_items' parameter of LogConfig must be True or False. Got {self.use_items!r}.")
        if not isinstance(self.model, str) or not self.model:
            raise ConfigError(f"The 'model' parameter of LogConfig must be a model name. Got {self.model!r}.")


@dataclass(frozen=True)
class LogEpochLog:
    """What the progress callback of :func:`mtl_core.train_log` receives after every epoch.

    Attributes:
        fold: the fold being trained (0-based) and ``folds`` how many there are.
        epoch: the epoch within this fold; ``max_epochs`` the most it may run.
        train_loss, val_loss: mean cross-entropy of next-answer correctness (lower is better; guessing the
            overall rate scores ``baseline_loss``).
        val_auc: ROC AUC on the validation students.
        elapsed_s: seconds since training started; ``eta_s`` a rough estimate of the seconds left.
    """

    fold: int
    folds: int
    epoch: int
    max_epochs: int
    train_loss: float
    val_loss: float
    val_auc: float
    baseline_loss: float
    elapsed_s: float
    eta_s: float

    @property
    def progress(self) -> float:
        """A fraction in [0, 1] for a progress bar."""
        done = self.fold + self.epoch / max(self.max_epochs, 1)
        expected = self.elapsed_s + self.eta_s
        by_time = self.elapsed_s / expected if expected > 0 else 0.0
        return float(min(1.0, max(done / max(self.folds, 1), by_time)))


LogCallback = Callable[[LogEpochLog], bool | None]
