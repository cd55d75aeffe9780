"""GradNorm.

Z. Chen, V. Badrinarayanan, C.-Y. Lee, A. Rabinovich, "GradNorm: Gradient
Normalization for Adaptive Loss Balancing in Deep Multitask Networks",
ICML 2018. Weights are tuned so each task's gradient on the shared layers has
a size proportional to how far that task still is from its starting loss
(asymmetry ``alpha``). Weights are renormalised to keep their sum fixed.
"""

from .._quiet import tf  # TensorFlow is imported on first use, not when listing methods

from .base import Weighting

ALPHA = 1.5
RATE = 0.025


class GradNorm(Weighting):
    name = "gradnorm"
    label = "Gradient balancing (GradNorm)"
    summary = "Balances how strongly each outcome pulls on the shared network."
    paper = "Chen et al., ICML 2018"
    uses_task_gradients = True

    def __init__(self, base, members):
        super().__init__(base, members)
        self.initial = tf.Variable(tf.zeros((self.members, self.tasks)), trainable=False, name="initial_losses")
        self.total = float(self.base.sum())

    def update_from_gradients(self, grad_norms, losses):
        losses = tf.stop_gradient(losses)
        self.initial.assign(tf.where(self.initial > 0, self.initial, losses))
        ratio = losses / tf.maximum(self.initial, 1e-8) * self.active
        n_active = tf.reduce_sum(self.active)
        relative = ratio / tf.maximum(tf.reduce_sum(ratio, axis=1, keepdims=True) / n_active, 1e-8)
        weighted = self.weights * grad_norms
        mean_norm = tf.reduce_sum(weighted * self.active, axis=1, keepdims=True) / n_active
        target = mean_norm * relative ** ALPHA
        step = tf.sign(weighted - target) * grad_norms * self.active
        updated = tf.maximum(self.weights - RATE * step, 0.01) * self.active
        updated = updated / tf.reduce_sum(updated, axis=1, keepdims=True) * self.total
        self.weights.assign(updated)
