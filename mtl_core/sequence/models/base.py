"""The contract every knowledge-tracing model follows.

A model is built from the vocabulary sizes and a :class:`~mtl_core.sequence.config.LogConfig` and maps
the inputs of :func:`mtl_core.sequence.sequences.make_batch` (``q_skills``, ``h_skills``, ``h_correct``,
``q_items``, ``h_items``) to two outputs:

* ``logit`` (windows, positions): the logit that the answer at each position is right;
* ``next_skill`` (windows, positions, skills + 1): logits of which skill is asked at each position
  (the auxiliary task; ignored when its weight is 0).

It must be *causal*: the outputs at position ``t`` may depend on the history tokens at positions
``<= t`` (the answers before ``t``) and on the query at ``t`` only, never on later queries or tokens.
Everything else (windows, losses, mastery, the influence table) is shared and relies on that.
"""

from __future__ import annotations

from typing import ClassVar

INPUT_NAMES = ("q_skills", "h_skills", "h_correct", "q_items", "h_items")


class SequenceModel:
    """Base class: subclasses set the class attributes and implement :meth:`body`."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    paper: ClassVar[str] = ""

    def __init__(self, config, n_skills: int, n_items: int):
        self.config, self.n_skills, self.n_items = config, int(n_skills), int(n_items)

    def build(self, name: str | None = None):
        """The Keras model (inputs by name, outputs ``{"logit", "next_skill"}``), named ``name``."""
        import keras

        from ..layers import AnswerEmbedding

        inputs = {
            "q_skills": keras.Input((None, None), dtype="int32", name="q_skills"),
            "h_skills": keras.Input((None, None), dtype="int32", name="h_skills"),
            "h_correct": keras.Input((None,), dtype="float32", name="h_correct"),
            "q_items": keras.Input((None,), dtype="int32", name="q_items"),
            "h_items": keras.Input((None,), dtype="int32", name="h_items"),
        }
        c = self.config
        embed = AnswerEmbedding(self.n_skills, self.n_items, c.embedding_units, l2=c.l2, name="embedding")
        embedded = embed([inputs["h_skills"], inputs["h_correct"], inputs["h_items"], inputs["q_skills"],
                          inputs["q_items"]])
        logit, state = self.body(inputs, *embedded)
        reg = keras.regularizers.L2(c.l2) if c.l2 > 0 else None
        next_skill = keras.layers.Dense(self.n_skills + 1, kernel_regularizer=reg, name="next_skill")(state)
        logit = keras.layers.Identity(name="logit")(logit)
        return keras.Model(inputs, {"logit": logit, "next_skill": next_skill}, name=name or self.name)

    def body(self, inputs: dict, history, query, history_keys):
        """Return ``(logit (b, t), state (b, t, units))`` from the embedded history tokens, queries and
        history skills (each (b, t, units)); the state summarises the answers before ``t`` without looking
        at the query (the auxiliary next-skill head reads it)."""
        raise NotImplementedError
