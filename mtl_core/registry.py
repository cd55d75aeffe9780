"""A small name -> class registry for pluggable parts (architectures, loss weightings).

Adding a method is one file (the class, with ``name``, ``label``, ``summary``
and ``paper`` class attributes) and one line (``REGISTRY.register(MyClass)``
in the package's ``__init__``). The trainer only ever calls
:meth:`Registry.get`; it never checks names itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ConfigError


@dataclass(frozen=True)
class MethodInfo:
    """What a UI needs to offer a method: its key, a label, one line, and the paper."""

    name: str
    label: str
    summary: str
    paper: str


class Registry:
    """Maps a method name to its class.

    Args:
        kind: what is registered, for messages ("architecture", "weighting").
    """

    def __init__(self, kind: str):
        self.kind = kind
        self._classes: dict[str, type] = {}

    def register(self, cls: type) -> type:
        name = getattr(cls, "name", None)
        if not name:
            raise ConfigError(f"A {self.kind} class needs a 'name' attribute. Got {cls!r} instead.")
        if name in self._classes:
            raise ConfigError(f"Two {self.kind} classes are registered as '{name}'.")
        self._classes[name] = cls
        return cls

    def get(self, name: str) -> type:
        """The class registered as ``name``; a ConfigError lists the available names otherwise."""
        try:
            return self._classes[name]
        except KeyError:
            available = ", ".join(self._classes)
            raise ConfigError(f"Unknown {self.kind} '{name}'. Available: {available}.") from None

    def names(self) -> list[str]:
        return list(self._classes)

    def infos(self) -> list[MethodInfo]:
        """Name, label, summary and paper of every registered method, in registration order."""
        return [
            MethodInfo(c.name, getattr(c, "label", c.name), getattr(c, "summary", ""), getattr(c, "paper", ""))
            for c in self._classes.values()
        ]
