"""Multi-gate Mixture-of-Experts (MMoE).

J. Ma, Z. Zhao, X. Yi, J. Chen, L. Hong, E. H. Chi, "Modeling Task
Relationships in Multi-task Learning with Multi-gate Mixture-of-Experts",
KDD 2018. Several shared expert networks; each task mixes them with its own
softmax gate, so loosely related tasks can use different experts.
"""

from __future__ import annotations

from .base import SHARED_PREFIX, Architecture


class MMoE(Architecture):
    name = "mmoe"
    label = "Mixture of experts (MMoE)"
    summary = "Several shared expert networks; each outcome learns its own mix of experts."
    paper = "Ma et al., Multi-gate Mixture-of-Experts, KDD 2018"

    def build(self, features, n_tasks: int) -> list:
        from ..layers import EnsembleDense, GateMix, dense_stack  # Keras only when a network is built

        c = self.config
        experts = [
            dense_stack(features, c.hidden_units, dropout=c.dropout, l2=c.l2, prefix=f"{SHARED_PREFIX}_expert{e}")
            for e in range(c.experts)
        ]
        outputs = []
        for t in range(n_tasks):
            gate = EnsembleDense(c.experts, l2=c.l2, name=f"task{t}_gate")(features)
            outputs.append(GateMix(name=f"task{t}_mix")([gate, *experts]))
        return outputs
