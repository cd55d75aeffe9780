"""Import TensorFlow without its C++ start-up lines on stderr.

TensorFlow prints absl and oneDNN notices at import time whatever TF_CPP_MIN_LOG_LEVEL says; a
teacher's terminal (and the CLI's one-paragraph error messages) should not show them. The entry
points that first need TensorFlow (training, loading a run, warming up) call
:func:`import_tensorflow`, which silences file descriptor 2 only while the import runs.
"""

from __future__ import annotations

import os
import sys
import threading

_IMPORT_LOCK = threading.Lock()
"""Held while fd 2 is swapped: a second thread (two teachers training at once in the dashboard) must
not save the silenced stderr as the one to restore, which would silence it for good."""
_imported = False  # set once an import has completed (sys.modules holds half-imported modules too)


def import_tensorflow():
    """Import tensorflow and keras once, quietly; return the tensorflow module. Safe from several threads."""
    global _imported
    if _imported:
        return sys.modules["tensorflow"]
    with _IMPORT_LOCK:
        if _imported:  # another thread finished the import while this one waited
            return sys.modules["tensorflow"]
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        saved = os.dup(2)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 2)
                import keras  # noqa: F401
                import tensorflow
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        _imported = True
        return tensorflow


class _LazyTensorFlow:
    """``tf`` for modules that must import without TensorFlow (registries list their methods on a page
    that should open at once); the real module is imported, quietly, on first attribute access."""

    def __getattr__(self, name):
        return getattr(import_tensorflow(), name)


tf = _LazyTensorFlow()
