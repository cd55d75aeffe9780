"""Keras layers for an *ensemble* of small networks trained side by side.

Every tensor inside the model has shape ``(members, students, width)``:
member ``m`` is an independent network with its own weights (a fold of a
cross-validation, or one member of an ensemble). Training them as one graph
costs about as much as training one, which is what makes k-fold CV and
ensembles affordable on a laptop CPU.

All layers are registered as Keras serializable objects in the ``edumtl``
package, so a saved model loads with ``safe_mode=True`` and no custom code
from the run folder.
"""

from __future__ import annotations

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="edumtl")
class EnsembleDense(keras.layers.Layer):
    """A dense layer with separate weights per ensemble member.

    Input ``(members, n, d_in)``, output ``(members, n, units)``.

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
        regularizer = keras.regularizers.L2(self.l2) if self.l2 > 0 else None
        self.kernel = self.add_weight(
            name="kernel", shape=(members, width, self.units), initializer="glorot_uniform", regularizer=regularizer
        )
        self.bias = self.add_weight(name="bias", shape=(members, 1, self.units), initializer="zeros")

    def call(self, inputs):
        return self.activation(ops.einsum("mnd,mdu->mnu", inputs, self.kernel) + self.bias)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units, activation=keras.activations.serialize(self.activation), l2=self.l2)
        return config


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


def dense_stack(x, units, *, dropout: float, l2: float, prefix: str):
    """EnsembleDense + ReLU (+ Dropout) for each width in ``units``; layer names start with ``prefix``."""
    for i, width in enumerate(units):
        x = EnsembleDense(width, activation="relu", l2=l2, name=f"{prefix}_dense{i}")(x)
        if dropout > 0:
            x = keras.layers.Dropout(dropout, name=f"{prefix}_dropout{i}")(x)
    return x
