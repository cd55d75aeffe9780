"""Class tables (one row per student): preprocessing, the multi-task network (``architectures/``,
``model``, ``layers``, ``losses``), the fitting loop, and :func:`training.train`, which puts them together.

Imports run one way: ``training`` -> ``single_task`` -> ``loop`` -> ``model`` -> ``layers``; ``config``
(settings and the progress log) is imported by all of them and imports none.
"""
