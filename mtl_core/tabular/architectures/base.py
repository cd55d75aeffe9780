"""The contract every architecture follows.

An architecture turns the encoded input features ``(members, n, features)`` into one representation
per task: ``(members, n, width)``, or ``(members, n, sub_members, width)`` for an architecture that
ensembles inside each member (TabM). Layers whose weights all tasks share are named starting with
``"shared"`` so that gradient-based weightings (GradNorm) can find them; the task heads are added by
:mod:`mtl_core.tabular.model`.
"""

from __future__ import annotations

from typing import ClassVar

SHARED_PREFIX = "shared"


class Architecture:
    """Base class: subclasses set the class attributes and implement :meth:`build`.

    Args:
        config: the :class:`mtl_core.tabular.config.TrainConfig` (widths, dropout, L2, experts, sub-members).
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    paper: ClassVar[str] = ""

    def __init__(self, config):
        self.config = config

    def build(self, features, n_tasks: int) -> list:
        """Return ``n_tasks`` Keras tensors, the representation each task head reads."""
        raise NotImplementedError
