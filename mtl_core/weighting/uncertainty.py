"""Uncertainty weighting.

A. Kendall, Y. Gal, R. Cipolla, "Multi-Task Learning Using Uncertainty to
Weigh Losses for Scene Geometry and Semantics", CVPR 2018. Each task gets a
learned log-variance s; its loss is weighted by exp(-s) and s itself is added
as a penalty, so noisy tasks are down-weighted automatically. The teacher's
weights multiply the result.
"""

from .._quiet import tf  # TensorFlow is imported on first use, not when listing methods

from .base import Weighting


class Uncertainty(Weighting):
    name = "uncertainty"
    label = "Learned (uncertainty)"
    summary = "Learns how noisy each outcome is and gives noisier outcomes less weight."
    paper = "Kendall, Gal & Cipolla, CVPR 2018"

    def __init__(self, base, members):
        super().__init__(base, members)
        self.log_vars = tf.Variable(tf.zeros((self.members, self.tasks)), trainable=True, name="log_variances")

    @property
    def trainable_variables(self):
        return [self.log_vars]

    def combine(self, losses):
        base = tf.constant(self.base)
        weights = base * tf.exp(-self.log_vars)
        total = tf.reduce_sum(weights * losses + base * self.log_vars * self.active)
        return total, weights

    def effective(self):
        return (self.base * tf.exp(-self.log_vars)).numpy()
