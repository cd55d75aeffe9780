"""Temperature scaling: make predicted probabilities mean what they say.

C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger, "On Calibration of Modern Neural Networks", ICML 2017.
After training, every member's log-probabilities of a classification task are divided by one number,
its temperature, chosen to minimise the cross-entropy on that member's own validation students (never
its test students). A temperature above 1 softens over-confident probabilities, below 1 sharpens
timid ones; the most likely class never changes. A member with fewer than
:data:`MIN_VALIDATION` labelled validation students uses the temperature fitted on the validation
students of all members together. numpy only.
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax

TEMPERATURES = np.exp(np.linspace(np.log(0.25), np.log(8.0), 121))  # the grid searched, 0.25 to 8
MIN_VALIDATION = 40


def fit_temperatures(log_p: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """One temperature per member.

    Args:
        log_p: ``(members, n, classes)`` log-probabilities before scaling.
        labels: ``(members, n)`` class indices (anything where ``weights`` is 0).
        weights: ``(members, n)`` 1 for each member's labelled validation students.
    """
    labels = np.clip(labels.astype(int), 0, log_p.shape[-1] - 1)
    losses = np.stack([_nll(log_p, labels, t) for t in TEMPERATURES], axis=0)  # (temperatures, members, n)
    per_member = (losses * weights).sum(axis=2)  # (temperatures, members)
    counts = weights.sum(axis=1)
    pooled = TEMPERATURES[np.argmin(per_member.sum(axis=1))] if counts.sum() > 0 else 1.0
    own = TEMPERATURES[np.argmin(per_member, axis=0)]
    return np.where(counts >= MIN_VALIDATION, own, pooled).astype(float)


def _nll(log_p: np.ndarray, labels: np.ndarray, temperature: float) -> np.ndarray:
    scaled = log_softmax(log_p / temperature, axis=-1)
    return -np.take_along_axis(scaled, labels[..., None], axis=-1)[..., 0]
