"""Answer logs (knowledge tracing): sequences and windows, sequence models (registry in ``models/``),
the fitting loop, :func:`training.train_log` and its :class:`training.LogRun`."""
