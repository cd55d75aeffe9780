"""Build the multi-task network: an architecture from the registry plus one head per task.

The model maps features ``(members, n, features)`` to a dict of outputs
``{"task0": (members, n, k0), "task1": ...}`` in task order: one linear output
for a regression (standardised scale), one logit for a binary task, one logit
per class for a multiclass task.
"""

from __future__ import annotations

from typing import Sequence

import keras
import numpy as np

from ..tasks import TaskSpec
from .architectures import ARCHITECTURES
from .layers import EnsembleDense, dense_stack
from .predictor import output_key


def build_model(n_features: int, tasks: Sequence[TaskSpec], config, members: int) -> keras.Model:
    """A Keras functional model for ``tasks``; ``config`` is a :class:`mtl_core.tabular.config.TrainConfig`."""
    features = keras.Input(shape=(None, n_features), batch_size=members, name="features")
    representations = ARCHITECTURES.get(config.architecture)(config).build(features, len(tasks))
    outputs = {}
    for i, (task, rep) in enumerate(zip(tasks, representations)):
        head = dense_stack(rep, config.head_units, dropout=config.dropout, l2=config.l2, prefix=f"task{i}_head")
        outputs[output_key(i)] = EnsembleDense(task.n_outputs, name=f"task{i}_output")(head)
    return keras.Model(features, outputs, name="edumtl")


def set_output_bias(model: keras.Model, index: int, bias: np.ndarray) -> None:
    """Start task ``index``'s output at the naive guess: ``bias`` has shape ``(members, k)``."""
    layer = model.get_layer(f"task{index}_output")
    layer.bias.assign(np.asarray(bias, dtype="float32")[:, None, :])


def shared_variables(model: keras.Model) -> list:
    """Weights shared by all tasks (layers named ``shared...``), for gradient-based weightings."""
    return [v for layer in model.layers if layer.name.startswith("shared") for v in layer.trainable_variables]
