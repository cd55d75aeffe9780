"""Keras layers shared by the knowledge-tracing models.

Registered as Keras serializable objects in the ``edumtl`` package, so a saved log run loads with
``safe_mode=True`` and no code from the run folder.
"""

from __future__ import annotations

import keras
from keras import ops


def _skill_weights(skills):
    """(..., width) skill indexes -> weights that average the real skills (the first slot when there is
    none, so a start token or padding reads the embedding of index 0)."""
    real = ops.cast(skills > 0, "float32")
    count = ops.sum(real, axis=-1, keepdims=True)
    first = ops.one_hot(ops.zeros_like(skills[..., 0]), ops.shape(skills)[-1])
    return ops.where(count > 0, real / ops.maximum(count, 1.0), first)


@keras.saving.register_keras_serializable(package="edumtl")
class AnswerEmbedding(keras.layers.Layer):
    """Embeds history tokens (skills, correctness, item of the previous answer) and queries (skills and item
    of the answer to predict).

    The history embedding is the mean over the answer's skills of an embedding of (skill, right/wrong),
    plus an embedding of (item, right/wrong); the query embedding is the mean skill embedding plus an
    item embedding. Index 0 is the start of a sequence, padding or an unknown skill/item.

    Args:
        n_skills, n_items: vocabulary sizes (without index 0).
        units: embedding width.
        l2: L2 penalty on the embeddings.
    """

    def __init__(self, n_skills: int, n_items: int, units: int, l2: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.n_skills, self.n_items, self.units, self.l2 = int(n_skills), int(n_items), int(units), float(l2)

    def build(self, input_shape=None):
        reg = keras.regularizers.L2(self.l2) if self.l2 > 0 else None
        init = keras.initializers.RandomNormal(stddev=0.1)
        self.answers = self.add_weight(name="answers", shape=(2 * (self.n_skills + 1), self.units),
                                       initializer=init, regularizer=reg)
        self.skills = self.add_weight(name="skills", shape=(self.n_skills + 1, self.units), initializer=init,
                                      regularizer=reg)
        self.items = self.add_weight(name="items", shape=(self.n_items + 1, self.units), initializer="zeros",
                                     regularizer=reg)
        self.item_answers = self.add_weight(name="item_answers", shape=(2 * (self.n_items + 1), self.units),
                                            initializer="zeros", regularizer=reg)

    def history(self, h_skills, h_correct, h_items):
        correct = ops.cast(h_correct, "int32")
        index = h_skills * 2 + correct[..., None]
        vectors = ops.take(self.answers, index, axis=0)  # (b, t, width, units)
        mean = ops.sum(vectors * _skill_weights(h_skills)[..., None], axis=-2)
        return mean + ops.take(self.item_answers, h_items * 2 + correct, axis=0)

    def query(self, q_skills, q_items):
        vectors = ops.take(self.skills, q_skills, axis=0)
        return ops.sum(vectors * _skill_weights(q_skills)[..., None], axis=-2) + ops.take(self.items, q_items, axis=0)

    def call(self, inputs):
        """``[h_skills, h_correct, h_items, q_skills, q_items]`` -> ``(history, query, history_keys)``, each
        (b, t, units); ``history_keys`` embed only which skills and item each history token was about."""
        h_skills, h_correct, h_items, q_skills, q_items = inputs
        return (self.history(h_skills, h_correct, h_items), self.query(q_skills, q_items),
                self.query(h_skills, h_items))

    def get_config(self):
        config = super().get_config()
        config.update(n_skills=self.n_skills, n_items=self.n_items, units=self.units, l2=self.l2)
        return config


@keras.saving.register_keras_serializable(package="edumtl")
class SkillReadout(keras.layers.Layer):
    """Per-skill logits (b, t, skills + 1) and the query's skills -> one logit per position: the mean of the
    logits of the answer's skills, plus the item's difficulty bias."""

    def __init__(self, n_items: int, **kwargs):
        super().__init__(**kwargs)
        self.n_items = int(n_items)

    def build(self, input_shape=None):
        self.item_bias = self.add_weight(name="item_bias", shape=(self.n_items + 1,), initializer="zeros")

    def call(self, inputs):
        logits, q_skills, q_items = inputs
        picked = ops.take_along_axis(logits, q_skills, axis=-1)  # (b, t, width)
        mean = ops.sum(picked * _skill_weights(q_skills), axis=-1)
        return mean + ops.take(self.item_bias, q_items, axis=0)

    def get_config(self):
        config = super().get_config()
        config.update(n_items=self.n_items)
        return config


@keras.saving.register_keras_serializable(package="edumtl")
class ItemBias(keras.layers.Layer):
    """Adds a learned difficulty per item to a logit (b, t)."""

    def __init__(self, n_items: int, **kwargs):
        super().__init__(**kwargs)
        self.n_items = int(n_items)

    def build(self, input_shape=None):
        self.bias = self.add_weight(name="bias", shape=(self.n_items + 1,), initializer="zeros")

    def call(self, inputs):
        logit, q_items = inputs
        return logit + ops.take(self.bias, q_items, axis=0)

    def get_config(self):
        config = super().get_config()
        config.update(n_items=self.n_items)
        return config


@keras.saving.register_keras_serializable(package="edumtl")
class DecayAttention(keras.layers.Layer):
    """Causal multi-head attention in which position ``t`` attends to positions ``<= t``, with a learned
    exponential decay of attention with distance per head (as AKT's monotonic attention).

    Call with ``(query, key, value)`` of shape (b, t, units); returns (b, t, units).

    Args:
        units: width (a multiple of ``heads``).
        heads: attention heads. Default 4.
        dropout: dropout on the attention weights.
    """

    def __init__(self, units: int, heads: int = 4, dropout: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.units, self.heads, self.dropout_rate = int(units), int(heads), float(dropout)
        self.depth = self.units // self.heads

    def build(self, input_shape=None):
        def dense(name):
            return self.add_weight(name=name, shape=(self.units, self.units), initializer="glorot_uniform")

        self.wq, self.wk, self.wv, self.wo = dense("wq"), dense("wk"), dense("wv"), dense("wo")
        self.decay = self.add_weight(name="decay", shape=(self.heads,), initializer=keras.initializers.Constant(-2.0))
        self.drop = keras.layers.Dropout(self.dropout_rate)

    def _split(self, x):
        b, t = ops.shape(x)[0], ops.shape(x)[1]
        return ops.transpose(ops.reshape(x, (b, t, self.heads, self.depth)), (0, 2, 1, 3))

    def call(self, inputs, training=False):
        query, key, value = inputs
        q, k, v = self._split(query @ self.wq), self._split(key @ self.wk), self._split(value @ self.wv)
        scores = ops.einsum("bhtd,bhsd->bhts", q, k) / (self.depth ** 0.5)
        t = ops.shape(query)[1]
        positions = ops.arange(t)
        distance = ops.cast(positions[:, None] - positions[None, :], "float32")  # t - s
        scores = scores - ops.softplus(self.decay)[None, :, None, None] * ops.maximum(distance, 0.0)[None, None]
        scores = ops.where((distance >= 0)[None, None], scores, -1e9)
        weights = self.drop(ops.softmax(scores, axis=-1), training=training)
        out = ops.einsum("bhts,bhsd->bhtd", weights, v)
        b = ops.shape(query)[0]
        return ops.reshape(ops.transpose(out, (0, 2, 1, 3)), (b, t, self.units)) @ self.wo

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units, heads=self.heads, dropout=self.dropout_rate)
        return config
