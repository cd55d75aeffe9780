"""Keras layers for an *ensemble* of small networks trained side by side.

Every tensor inside the model has shape ``(members, students, width)``:
member ``m`` is an independent network with its own weights (a fold of a
cross-validation, or one member of an ensemble). Training them as one graph
costs about as much as training one, which is what makes k-fold CV and
ensembles affordable on a laptop CPU.

Architectures that ensemble *inside* a member (TabM) add a sub-member axis:
``(members, students, sub_members, width)``. Sub-members of one member share
most weights (:class:`BatchEnsembleDense`) and their validation students.

All layers are registered as Keras serializable objects in the ``edumtl``
package, so a saved model loads with ``safe_mode=True`` and no custom code
from the run folder.
"""

from __future__ import annotations

import math

import keras
import numpy as np
from keras import ops


@keras.saving.register_keras_serializable(package="edumtl")
class EnsembleDense(keras.layers.Layer):
    """A dense layer with separate weights per ensemble member.

    Input ``(members, n, d_in)``, output ``(members, n, units)``. On an input with a sub-member axis
    ``(members, n, sub, d_in)`` every sub-member has its own weights too (TabM's non-shared heads).

    Args:
        units: output width.
        activation: Keras activation name, default linear.
        l2: L2 penalty on the kernel, default 0.
    """

    def __init__(self, units: int, activation=None, l2: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = keras.activations.get(activation)
        self.l2 = float(l2)

    def build(self, input_shape):
        members, width = input_shape[0], input_shape[-1]
        sub = (input_shape[2],) if len(input_shape) == 4 else ()
        regularizer = keras.regularizers.L2(self.l2) if self.l2 > 0 else None
        self.kernel = self.add_weight(name="kernel", shape=(members, *sub, width, self.units),
                                      initializer="glorot_uniform", regularizer=regularizer)
        self.bias = self.add_weight(name="bias", shape=(members, 1, *sub, self.units), initializer="zeros")

    def call(self, inputs):
        pattern = "mnsd,msdu->mnsu" if len(inputs.shape) == 4 else "mnd,mdu->mnu"
        return self.activation(ops.einsum(pattern, inputs, self.kernel) + self.bias)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units, activation=keras.activations.serialize(self.activation), l2=self.l2)
        return config


@keras.saving.register_keras_serializable(package="edumtl")
class SubMembers(keras.layers.Layer):
    """Give every member ``count`` sub-members: ``(m, n, d)`` -> ``(m, n, count, d)``.

    With ``scale=True`` each sub-member multiplies the input by its own vector, initialised with random
    signs (TabM's first adapter), which is what makes sub-members differ; otherwise they are copies.
    """

    def __init__(self, count: int, scale: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.count, self.scale = int(count), bool(scale)

    def build(self, input_shape):
        if self.scale:
            self.adapter = self.add_weight(name="adapter", shape=(input_shape[0], self.count, input_shape[-1]),
                                           initializer=_random_signs)

    def call(self, inputs):
        expanded = ops.expand_dims(inputs, 2)
        if self.scale:
            return expanded * ops.expand_dims(self.adapter, 1)
        return ops.repeat(expanded, self.count, axis=2) if self.count > 1 else expanded

    def compute_output_shape(self, input_shape):
        return (*input_shape[:2], self.count, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "count": self.count, "scale": self.scale}


@keras.saving.register_keras_serializable(package="edumtl")
class BatchEnsembleDense(keras.layers.Layer):
    """A dense layer shared by the sub-members of a member, with rank-1 adapters per sub-member.

    Y. Wen, D. Tran, J. Ba, "BatchEnsemble", ICLR 2020, as used by TabM (Gorishniy et al., ICLR 2025):
    ``y_s = ((x_s * r_s) @ W) * s_s + b_s``. ``W`` is one matrix per member; ``r``, ``s`` and ``b`` are
    one vector per sub-member. Input and output ``(members, n, sub, width)``.

    Args:
        units: output width.
        activation: Keras activation name, default linear.
        l2: L2 penalty on the shared kernel, default 0.
        adapters: False for TabM-mini's plain shared layers (no r, s; one bias per member).
        first: the first layer of the stack: its ``r`` starts with random signs (TabM), so that the
            sub-members differ from the start; every other adapter starts at 1.
    """

    def __init__(self, units: int, activation=None, l2: float = 0.0, adapters: bool = True, first: bool = False,
                 **kwargs):
        super().__init__(**kwargs)
        self.units, self.l2, self.adapters, self.first = int(units), float(l2), bool(adapters), bool(first)
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        members, sub, width = input_shape[0], input_shape[2], input_shape[-1]
        regularizer = keras.regularizers.L2(self.l2) if self.l2 > 0 else None
        self.kernel = self.add_weight(name="kernel", shape=(members, width, self.units),
                                      initializer="glorot_uniform", regularizer=regularizer)
        if self.adapters:
            self.r = self.add_weight(name="r", shape=(members, 1, sub, width),
                                     initializer=_random_signs if self.first else "ones")
            self.s = self.add_weight(name="s", shape=(members, 1, sub, self.units), initializer="ones")
        self.bias = self.add_weight(name="bias", shape=(members, 1, sub if self.adapters else 1, self.units),
                                    initializer="zeros")

    def call(self, inputs):
        x = inputs * self.r if self.adapters else inputs
        y = ops.einsum("mnsd,mdu->mnsu", x, self.kernel)
        return self.activation((y * self.s if self.adapters else y) + self.bias)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "l2": self.l2, "adapters": self.adapters,
                "first": self.first, "activation": keras.activations.serialize(self.activation)}


@keras.saving.register_keras_serializable(package="edumtl")
class FeatureEncoder(keras.layers.Layer):
    """Turn the preprocessed features into what the trunk reads, per member.

    The input is ``(members, n, numbers + plain + codes)`` (see
    :attr:`mtl_core.tabular.preprocessing.FeatureLayout.blocks`):

    * numbers: with ``bins > 0``, each scaled number is encoded on its fold's quantile bins (the
      piecewise-linear encoding of Gorishniy, Rubachev, Babenko, "On Embeddings for Numerical Features
      in Tabular Deep Learning", NeurIPS 2022: 1 in every bin below the value, the fraction reached in
      its bin, 0 above), joined by the number itself, then mapped by a small learned layer of its own
      to ``number_dim`` values (ReLU). The bin edges are weights of the model (not trained), set from
      the fold-fitted preprocessors, so no wide encoding is built before the model. Without bins the
      number passes through;
    * plain features (missing indicators, one-hot categories) pass through;
    * codes: each embedded categorical column has a learned table of ``dims[c]`` values per level;
      code 0 (missing, or a level no training student had) reads as zeros.

    Args:
        numbers: how many numbers come first.
        plain: how many features follow them unchanged.
        levels: levels of each embedded column (their codes come last).
        bins: quantile bins per number (0: the numbers pass through).
        number_dim: width of each number's encoding.
        dims: embedding width of each embedded column.
    """

    def __init__(self, numbers: int, plain: int, levels=(), bins: int = 0, number_dim: int = 8, dims=(),
                 **kwargs):
        super().__init__(**kwargs)
        self.numbers, self.plain, self.bins, self.number_dim = int(numbers), int(plain), int(bins), int(number_dim)
        self.levels, self.dims = tuple(int(v) for v in levels), tuple(int(v) for v in dims)

    def build(self, input_shape):
        members = input_shape[0]
        if self.bins and self.numbers:
            self.edges = self.add_weight(name="edges", shape=(members, self.numbers, self.bins + 1),
                                         initializer="zeros", trainable=False)
            limit = 1.0 / math.sqrt(self.bins + 1)
            self.number_kernel = self.add_weight(
                name="number_kernel", shape=(members, self.numbers, self.bins + 1, self.number_dim),
                initializer=keras.initializers.RandomUniform(-limit, limit))
            self.number_bias = self.add_weight(name="number_bias", shape=(members, 1, self.numbers, self.number_dim),
                                               initializer=keras.initializers.RandomUniform(-limit, limit))
        self.tables = [self.add_weight(name=f"embedding{i}", shape=(members * (count + 1), dim),
                                       initializer=keras.initializers.RandomNormal(stddev=0.1))
                       for i, (count, dim) in enumerate(zip(self.levels, self.dims))]

    @property
    def output_width(self) -> int:
        numbers = self.numbers * self.number_dim if self.bins and self.numbers else self.numbers
        return numbers + self.plain + sum(self.dims)

    def feature_of_output(self) -> np.ndarray:
        """For every output value, the position of the input feature it encodes (for attributions)."""
        numbers = np.arange(self.numbers)
        owners = [np.repeat(numbers, self.number_dim) if self.bins else numbers,
                  self.numbers + np.arange(self.plain)]
        first_code = self.numbers + self.plain
        owners += [np.full(dim, first_code + i) for i, dim in enumerate(self.dims)]
        return np.concatenate(owners).astype(int)

    def call(self, inputs):
        parts = []
        numbers = inputs[..., :self.numbers]
        if self.bins and self.numbers:
            parts.append(self._encode_numbers(numbers))
        elif self.numbers:
            parts.append(numbers)
        if self.plain:
            parts.append(inputs[..., self.numbers:self.numbers + self.plain])
        first_code = self.numbers + self.plain
        for i, (count, table) in enumerate(zip(self.levels, self.tables)):
            parts.append(self._embed(inputs[..., first_code + i], count, table))
        return ops.concatenate(parts, axis=-1) if len(parts) > 1 else parts[0]

    def _encode_numbers(self, numbers):
        encoded = ops.concatenate([piecewise_linear(numbers, self.edges), ops.expand_dims(numbers, -1)], -1)
        out = ops.relu(ops.einsum("mnfb,mfbd->mnfd", encoded, self.number_kernel) + self.number_bias)
        return ops.reshape(out, (ops.shape(numbers)[0], ops.shape(numbers)[1], self.numbers * self.number_dim))

    def _embed(self, codes, count, table):
        members = ops.shape(codes)[0]
        offsets = ops.reshape(ops.arange(members) * (count + 1), (-1, 1))
        index = ops.cast(ops.clip(codes, 0, count), "int32") + ops.cast(offsets, "int32")
        known = ops.cast(ops.expand_dims(codes > 0.5, -1), table.dtype)
        return ops.take(table, index, axis=0) * known

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.output_width)

    def get_config(self):
        return {**super().get_config(), "numbers": self.numbers, "plain": self.plain, "levels": list(self.levels),
                "bins": self.bins, "number_dim": self.number_dim, "dims": list(self.dims)}


@keras.saving.register_keras_serializable(package="edumtl")
class GateMix(keras.layers.Layer):
    """Mix expert outputs with gate weights: sum_e softmax(gate)_e * expert_e.

    Inputs: ``[gate_logits (m, n, E), expert_1 (m, n, d), ..., expert_E]``.
    """

    def call(self, inputs):
        gate, experts = inputs[0], inputs[1:]
        weights = ops.softmax(gate, axis=-1)
        stacked = ops.stack(experts, axis=-2)  # (m, n, E, d)
        return ops.sum(stacked * ops.expand_dims(weights, -1), axis=-2)

    def compute_output_shape(self, input_shapes):
        return input_shapes[1]


def piecewise_linear(numbers, edges):
    """The piecewise-linear encoding: ``numbers`` ``(m, n, f)``, ``edges`` ``(m, f, bins + 1)`` ->
    ``(m, n, f, bins)``: per bin, 0 below it, 1 above it, the fraction reached inside it; an empty bin
    (repeated edge) is always 0."""
    low, high = edges[:, None, :, :-1], edges[:, None, :, 1:]
    width = high - low
    filled = ops.clip((ops.expand_dims(numbers, -1) - low) / ops.where(width > 0, width, 1.0), 0.0, 1.0)
    return filled * ops.cast(width > 0, filled.dtype)


def _random_signs(shape, dtype=None):
    """+1 or -1 at random (TabM's initialisation of the first adapter)."""
    return ops.where(keras.random.uniform(shape) < 0.5, -1.0, 1.0)


def dense_stack(x, units, *, dropout: float, l2: float, prefix: str):
    """EnsembleDense + ReLU (+ Dropout) for each width in ``units``; layer names start with ``prefix``."""
    for i, width in enumerate(units):
        x = EnsembleDense(width, activation="relu", l2=l2, name=f"{prefix}_dense{i}")(x)
        if dropout > 0:
            x = keras.layers.Dropout(dropout, name=f"{prefix}_dropout{i}")(x)
    return x


def category_dim(levels: int, cap: int) -> int:
    """Embedding width for a column with ``levels`` levels: 1.6 * levels^0.56 (fast.ai's rule), at most ``cap``."""
    return int(max(2, min(cap, round(1.6 * levels ** 0.56))))
