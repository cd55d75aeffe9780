"""TabM-mini: TabM with a single adapter per sub-member, on the input; the MLP itself is fully shared.

Y. Gorishniy, A. Kotelnikov, A. Babenko, "TabM: Advancing Tabular Deep Learning with
Parameter-Efficient Ensembling", ICLR 2025 (the "TabM-mini" variant, which the paper recommends with
piecewise-linear number encodings). Each sub-member multiplies the encoded inputs by its own vector
(initialised with random signs) and then runs the member's one shared MLP; the heads have separate
weights per sub-member. Trained on the mean of the sub-members' losses, predicting their mean.
"""

from __future__ import annotations

from .base import SHARED_PREFIX, Architecture


class TabMMini(Architecture):
    name = "tabm_mini"
    label = "Ensemble in one network, minimal (TabM-mini)"
    summary = "Like TabM, but the sub-networks differ only by a scaling of their inputs: fewer weights."
    paper = "Gorishniy et al., TabM: Advancing Tabular Deep Learning with Parameter-Efficient Ensembling, ICLR 2025"

    def build(self, features, n_tasks: int) -> list:
        import keras  # Keras only when a network is built

        from ..layers import BatchEnsembleDense, SubMembers

        c = self.config
        x = SubMembers(c.sub_members, scale=True, name=f"{SHARED_PREFIX}_sub_members")(features)
        for i, width in enumerate(c.hidden_units):
            x = BatchEnsembleDense(width, activation="relu", l2=c.l2, adapters=False, name=f"{SHARED_PREFIX}_dense{i}")(x)
            if c.dropout > 0:
                x = keras.layers.Dropout(c.dropout, name=f"{SHARED_PREFIX}_dropout{i}")(x)
        return [x] * n_tasks
