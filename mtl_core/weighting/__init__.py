"""Loss weightings: how the per-task losses become one. One file per method, one line each below."""

from ..registry import Registry
from .base import Weighting
from .dwa import DWA
from .equal import Equal
from .gradnorm import GradNorm
from .manual import Manual
from .uncertainty import Uncertainty

WEIGHTINGS = Registry("weighting")
WEIGHTINGS.register(Manual)
WEIGHTINGS.register(Equal)
WEIGHTINGS.register(Uncertainty)
WEIGHTINGS.register(DWA)
WEIGHTINGS.register(GradNorm)

__all__ = ["WEIGHTINGS", "Weighting"]
