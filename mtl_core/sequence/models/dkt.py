"""Deep Knowledge Tracing with an LSTM.

C. Piech, J. Bassen, J. Huang, S. Ganguli, M. Sahami, L. Guibas, J. Sohl-Dickstein, "Deep Knowledge
Tracing", NeurIPS 2015. An LSTM reads the student's answers (skill x right/wrong embeddings) and
predicts, for every skill at once, whether the next answer on it will be right; only the skill
actually answered next counts in the loss. Here the item's difficulty is added when the log names
items (``LogConfig.use_items``).
"""

from __future__ import annotations

from .base import SequenceModel


class DKT(SequenceModel):
    name = "dkt"
    label = "Deep knowledge tracing (LSTM)"
    summary = "A recurrent network reads each student's answers and predicts every skill's next answer."
    paper = "Piech et al., Deep Knowledge Tracing, NeurIPS 2015"
    cell = "lstm"

    def body(self, inputs, history, query, history_keys):
        import keras

        from ..layers import SkillReadout

        c = self.config
        layer = keras.layers.LSTM if self.cell == "lstm" else keras.layers.GRU
        state = layer(c.hidden_units, return_sequences=True, name="recurrent")(history)
        state = keras.layers.Dropout(c.dropout)(state)
        reg = keras.regularizers.L2(c.l2) if c.l2 > 0 else None
        per_skill = keras.layers.Dense(self.n_skills + 1, kernel_regularizer=reg, name="skills")(state)
        logit = SkillReadout(self.n_items, name="readout")([per_skill, inputs["q_skills"], inputs["q_items"]])
        return logit, state
