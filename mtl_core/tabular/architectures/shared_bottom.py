"""Shared-bottom network (hard parameter sharing).

R. Caruana, "Multitask Learning", Machine Learning 28, 41-75 (1997).
One trunk of dense layers is shared by every task; each task adds its own head.
"""

from __future__ import annotations

from .base import SHARED_PREFIX, Architecture


class SharedBottom(Architecture):
    name = "shared_bottom"
    label = "Shared bottom"
    summary = "One shared trunk for all outcomes, one small head per outcome (hard parameter sharing)."
    paper = "Caruana, Multitask Learning, Machine Learning 1997"

    def build(self, features, n_tasks: int) -> list:
        from ..layers import dense_stack  # Keras only when a network is built

        c = self.config
        shared = dense_stack(features, c.hidden_units, dropout=c.dropout, l2=c.l2, prefix=SHARED_PREFIX)
        return [shared] * n_tasks
