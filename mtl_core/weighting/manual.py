"""Manual weighting: the teacher's weights, unchanged during training."""

from .base import Weighting


class Manual(Weighting):
    name = "manual"
    label = "Your weights"
    summary = "Each outcome counts as much as the weight you give it."
    paper = "Fixed linear scalarisation (the standard multi-task baseline)"
