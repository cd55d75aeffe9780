"""Deep Knowledge Tracing with a GRU instead of an LSTM (fewer weights, often as good on small logs).

Piech et al., "Deep Knowledge Tracing", NeurIPS 2015 (the recurrent cell is interchangeable; GRU:
K. Cho et al., EMNLP 2014).
"""

from __future__ import annotations

from .dkt import DKT


class DKTGRU(DKT):
    name = "dkt_gru"
    label = "Deep knowledge tracing (GRU)"
    summary = "As DKT, with a lighter gated recurrent unit."
    paper = "Piech et al., Deep Knowledge Tracing, NeurIPS 2015; Cho et al., EMNLP 2014"
    cell = "gru"
