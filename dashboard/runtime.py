"""One adjustment to the Streamlit runtime that background training needs.

After every script run (fragment reruns included) Streamlit calls ``keras.backend.clear_session()`` when
Keras is loaded (``streamlit.runtime.scriptrunner.script_runner._clean_problem_modules``), to free memory
in apps that rebuild a model on each rerun. EduMTL trains in a background thread while the Train page's
progress panel reruns every second, and each ``clear_session()`` resets Keras' global state under the
running training, clears TensorFlow's kernel cache and runs a full garbage collection: training the sample
class was ten times slower with the page open, and one teacher's reruns would disturb another's training.
:func:`keep_keras_state` keeps Streamlit's clean-up for Matplotlib and leaves Keras alone.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)
_MARK = "_edumtl_keeps_keras"


def _clean_matplotlib_only() -> None:
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        try:
            pyplot.close("all")
        except Exception:  # noqa: BLE001 - as Streamlit does: never fail a rerun over closing figures
            pass


setattr(_clean_matplotlib_only, _MARK, True)


def keep_keras_state() -> bool:
    """Stop Streamlit from clearing the Keras session after each rerun. Safe to call many times.

    Returns whether the adjustment is in place (False if this Streamlit version has no such clean-up).
    """
    try:
        from streamlit.runtime.scriptrunner import script_runner
    except ImportError:  # pragma: no cover - a Streamlit without this module
        return False
    current = getattr(script_runner, "_clean_problem_modules", None)
    if current is None:
        log.warning("Streamlit has no _clean_problem_modules any more; check whether it still clears Keras.")
        return False
    if not getattr(current, _MARK, False):
        script_runner._clean_problem_modules = _clean_matplotlib_only
    return True
