"""Equal weighting: every outcome counts the same, whatever weights were set."""

import numpy as np

from .base import Weighting


class Equal(Weighting):
    name = "equal"
    label = "Equal"
    summary = "Every outcome counts the same (weights of 0 still switch an outcome off)."
    paper = "Equal weighting, the baseline of Lin & Zhang, LibMTL, JMLR 2023"

    def __init__(self, base, members):
        super().__init__((np.asarray(base) > 0).astype("float32"), members)
