"""TabM: a parameter-efficient ensemble of MLPs inside one network (BatchEnsemble adapters on every layer).

Y. Gorishniy, A. Kotelnikov, A. Babenko, "TabM: Advancing Tabular Deep Learning with
Parameter-Efficient Ensembling", ICLR 2025. Each member holds ``sub_members`` MLPs that share every
weight matrix; each sub-member scales the inputs and outputs of every shared layer by its own vectors
(rank-1 adapters, Wen et al., BatchEnsemble, ICLR 2020) and has its own bias. The sub-members are
trained on the mean of their losses and predict the mean of their outputs (class probabilities are
averaged), which gives most of the benefit of a deep ensemble at about the cost of one wide network.
Every task reads the shared trunk; its head has separate weights per sub-member.
"""

from __future__ import annotations

from .base import SHARED_PREFIX, Architecture


class TabM(Architecture):
    name = "tabm"
    label = "Ensemble in one network (TabM)"
    summary = ("Many small networks sharing most weights, averaged: strong on class tables, "
               "about the cost of one network.")
    paper = "Gorishniy et al., TabM: Advancing Tabular Deep Learning with Parameter-Efficient Ensembling, ICLR 2025"

    def build(self, features, n_tasks: int) -> list:
        import keras  # Keras only when a network is built

        from ..layers import BatchEnsembleDense, SubMembers

        c = self.config
        x = SubMembers(c.sub_members, scale=False, name=f"{SHARED_PREFIX}_sub_members")(features)
        for i, width in enumerate(c.hidden_units):
            x = BatchEnsembleDense(width, activation="relu", l2=c.l2, first=i == 0, name=f"{SHARED_PREFIX}_dense{i}")(x)
            if c.dropout > 0:
                x = keras.layers.Dropout(c.dropout, name=f"{SHARED_PREFIX}_dropout{i}")(x)
        return [x] * n_tasks
