"""Attention-based knowledge tracing in the style of AKT.

A. Ghosh, N. Heffernan, A. S. Lan, "Context-Aware Attentive Knowledge Tracing", KDD 2020. A knowledge
encoder (causal self-attention over the student's past answers) gives a state per answer; a knowledge
retriever lets the current question attend to the past answers, keyed by how similar their skills are
to the current one; attention decays with distance (AKT's monotonic attention, here a learned
exponential decay per head). Item difficulty is added as in AKT's Rasch variant.
"""

from __future__ import annotations

from .base import SequenceModel


class AttentionKT(SequenceModel):
    name = "attention"
    label = "Attentive knowledge tracing (AKT-style)"
    summary = "The question attends to the student's past answers on similar skills, recent ones weighing more."
    paper = "Ghosh, Heffernan and Lan, Context-Aware Attentive Knowledge Tracing, KDD 2020"

    def body(self, inputs, history, query, history_keys):
        import keras

        from ..layers import DecayAttention, ItemBias

        c, units = self.config, self.config.hidden_units
        project = keras.layers.Dense(units, name="project_answers")
        history = project(history)
        keys = keras.layers.Dense(units, name="project_skills")(history_keys)
        query = keras.layers.Dense(units, name="project_query")(query)
        encoded = DecayAttention(units, dropout=c.dropout, name="encoder")([history, history, history])
        encoded = keras.layers.Dropout(c.dropout)(encoded)
        state = keras.layers.LayerNormalization(name="encoder_norm")(keras.layers.Add()([history, encoded]))
        retrieved = DecayAttention(units, dropout=c.dropout, name="retriever")([query, keys, state])
        joined = keras.layers.Concatenate()([retrieved, query])
        hidden = keras.layers.Dense(units, activation="relu", name="output_hidden")(joined)
        hidden = keras.layers.Dropout(c.dropout)(hidden)
        logit = keras.layers.Reshape((-1,))(keras.layers.Dense(1, name="output")(hidden))
        return ItemBias(self.n_items, name="item_bias")([logit, inputs["q_items"]]), state
