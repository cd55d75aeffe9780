"""Customized Gate Control (CGC), the single-level form of Progressive Layered Extraction (PLE).

H. Tang, J. Liu, M. Zhao, X. Gong, "Progressive Layered Extraction (PLE): A
Novel Multi-Task Learning (MTL) Model for Personalized Recommendations",
RecSys 2020. Experts are split into shared ones and task-specific ones; each
task's gate mixes the shared experts with its own, which limits the "seesaw"
where one task improves at another's expense.
"""

from __future__ import annotations

from .base import SHARED_PREFIX, Architecture


class CGC(Architecture):
    name = "cgc"
    label = "Shared + task experts (CGC/PLE)"
    summary = "Shared experts plus experts owned by each outcome, mixed by per-outcome gates."
    paper = "Tang et al., Progressive Layered Extraction, RecSys 2020"

    def build(self, features, n_tasks: int) -> list:
        from ..layers import EnsembleDense, GateMix, dense_stack  # Keras only when a network is built

        c = self.config
        n_shared = max(1, c.experts // 2)

        def experts(prefix, count):
            return [dense_stack(features, c.hidden_units, dropout=c.dropout, l2=c.l2, prefix=f"{prefix}{e}")
                    for e in range(count)]

        shared = experts(f"{SHARED_PREFIX}_expert", n_shared)
        outputs = []
        for t in range(n_tasks):
            own = experts(f"task{t}_expert", 1)
            gate = EnsembleDense(n_shared + 1, l2=c.l2, name=f"task{t}_gate")(features)
            outputs.append(GateMix(name=f"task{t}_mix")([gate, *shared, *own]))
        return outputs
