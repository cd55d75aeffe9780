"""Per-student predictions, reasons (integrated gradients, ``attribution``), suggested actions and
what-if (``recommend``)."""
