"""Knowledge-tracing models: one file per method, one line each below."""

from ...registry import Registry
from .attention import AttentionKT
from .base import SequenceModel
from .dkt import DKT
from .dkt_gru import DKTGRU

SEQUENCE_MODELS = Registry("sequence model")
SEQUENCE_MODELS.register(DKT)
SEQUENCE_MODELS.register(DKTGRU)
SEQUENCE_MODELS.register(AttentionKT)

__all__ = ["SEQUENCE_MODELS", "SequenceModel"]
