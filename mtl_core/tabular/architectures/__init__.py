"""Architectures: how the tasks share a network. One file per method, one line each below."""

from ...registry import Registry
from .base import Architecture
from .cgc import CGC
from .mmoe import MMoE
from .shared_bottom import SharedBottom
from .tabm import TabM
from .tabm_mini import TabMMini

ARCHITECTURES = Registry("architecture")  # the default (TrainConfig().architecture) first: the UI lists them in order
ARCHITECTURES.register(SharedBottom)
ARCHITECTURES.register(MMoE)
ARCHITECTURES.register(CGC)
ARCHITECTURES.register(TabM)
ARCHITECTURES.register(TabMMini)

__all__ = ["ARCHITECTURES", "Architecture"]
