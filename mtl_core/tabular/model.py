"""Build the multi-task network: a feature encoder, an architecture from the registry, one head per task.

The model maps features ``(members, n, features)`` to a dict of outputs
``{"task0": (members, n, sub_members, k0), "task1": ...}`` in task order: one linear output
for a regression (standardised scale), one logit for a binary task, one logit
per class for a multiclass task. Architectures without sub-members have ``sub_members = 1``.

The first layer, ``shared_encoder`` (:class:`~mtl_core.tabular.layers.FeatureEncoder`), encodes
numbers and categories; integrated gradients are taken on its output
(:func:`trunk`), so a category's embedding is attributed as a whole to its column.
"""

from __future__ import annotations

from typing import Sequence

import keras
import numpy as np

from ..tasks import TaskSpec
from .architectures import ARCHITECTURES
from .layers import EnsembleDense, FeatureEncoder, SubMembers, category_dim, dense_stack
from .predictor import output_key

ENCODER = "shared_encoder"


def build_model(blocks, tasks: Sequence[TaskSpec], config, members: int) -> keras.Model:
    """A Keras functional model for ``tasks``.

    Args:
        blocks: ``(numbers, plain features, levels of each embedded column)``, from
            :attr:`mtl_core.tabular.preprocessing.FeatureLayout.blocks`.
        tasks: the tasks, in output order.
        config: a :class:`mtl_core.tabular.config.TrainConfig`.
        members: ensemble members trained side by side.
    """
    numbers, plain, levels = blocks
    features = keras.Input(shape=(None, numbers + plain + len(levels)), batch_size=members, name="features")
    encoder = FeatureEncoder(numbers, plain, levels, bins=config.bins_in_use, number_dim=config.embedding_dim,
                             dims=[category_dim(count, 2 * config.embedding_dim) for count in levels], name=ENCODER)
    encoded = encoder(features)
    representations = ARCHITECTURES.get(config.architecture)(config).build(encoded, len(tasks))
    outputs = {}
    for i, (task, rep) in enumerate(zip(tasks, representations)):
        head = dense_stack(rep, config.head_units, dropout=config.dropout, l2=config.l2, prefix=f"task{i}_head")
        out = EnsembleDense(task.n_outputs, name=f"task{i}_output")(head)
        if len(out.shape) == 3:  # no sub-members: one
            out = SubMembers(1, scale=False, name=f"task{i}_sub_members")(out)
        outputs[output_key(i)] = out
    return keras.Model(features, outputs, name="edumtl")


def trunk(model: keras.Model) -> keras.Model:
    """The model from the encoder's output on: ``(members, n, encoded)`` -> the outputs dict."""
    return keras.Model(model.get_layer(ENCODER).output, model.output)


def encoder(model: keras.Model) -> FeatureEncoder:
    return model.get_layer(ENCODER)


def set_bin_edges(model: keras.Model, edges: np.ndarray | None) -> None:
    """Give every member its fold's quantile edges: ``(members, numbers, bins + 1)``."""
    layer = encoder(model)
    if edges is not None and hasattr(layer, "edges"):
        layer.edges.assign(np.asarray(edges, dtype="float32"))


def set_output_bias(model: keras.Model, index: int, bias: np.ndarray) -> None:
    """Start task ``index``'s output at the naive guess: ``bias`` has shape ``(members, k)``."""
    layer = model.get_layer(f"task{index}_output")
    bias = np.asarray(bias, dtype="float32")
    shape = (bias.shape[0],) + (1,) * (len(layer.bias.shape) - 2) + (bias.shape[-1],)
    layer.bias.assign(np.broadcast_to(bias.reshape(shape), layer.bias.shape))


def shared_variables(model: keras.Model) -> list:
    """Weights shared by all tasks (layers named ``shared...``), for gradient-based weightings."""
    return [v for layer in model.layers if layer.name.startswith("shared") for v in layer.trainable_variables]


def sub_members(model: keras.Model) -> int:
    """Sub-members per member (1 for architectures that do not ensemble inside a member)."""
    return int(model.output[output_key(0)].shape[2])
