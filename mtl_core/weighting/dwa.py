"""Dynamic Weight Average (DWA).

S. Liu, E. Johns, A. J. Davison, "End-to-End Multi-Task Learning with
Attention", CVPR 2019. A task whose loss fell slowly over the last two epochs
gets more weight: w_t = T * softmax(r_t / temperature), r_t = L_t(e-1) / L_t(e-2).
The teacher's weights multiply the result.
"""

import numpy as np

from .base import Weighting

TEMPERATURE = 2.0


class DWA(Weighting):
    name = "dwa"
    label = "Dynamic weight average"
    summary = "Gives more weight to outcomes whose loss is falling slowest."
    paper = "Liu, Johns & Davison, CVPR 2019"

    def __init__(self, base, members):
        super().__init__(base, members)
        self.history: list[np.ndarray] = []

    def end_epoch(self, epoch_losses):
        self.history = (self.history + [np.asarray(epoch_losses, dtype="float32")])[-2:]
        if len(self.history) < 2:
            return
        ratio = self.history[1] / np.maximum(self.history[0], 1e-8)
        active = self.base > 0
        logits = np.where(active, ratio / TEMPERATURE, -np.inf)
        soft = np.exp(logits - logits.max(axis=1, keepdims=True))
        soft = soft / soft.sum(axis=1, keepdims=True) * active.sum()
        self.weights.assign((soft * self.base).astype("float32"))
