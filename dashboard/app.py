"""EduMTL dashboard: routes to the pages and initialises each teacher's state. Nothing else.

Run from the repository root with ``python -m streamlit run dashboard/app.py`` (``make run``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import mtl_core  # noqa: F401
    import dashboard  # noqa: F401
except ImportError:  # started from another folder: make the repository importable
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import messages as M  # noqa: E402
from dashboard import runtime, sources, state, ui  # noqa: E402

runtime.keep_keras_state()  # Streamlit would reset Keras under a running training after every rerun
# An emoji favicon is drawn by the browser itself. Without one, Streamlit shows each page's ":material/..."
# icon as the favicon, fetched from fonts.gstatic.com: a request to Google on every page change.
st.set_page_config(page_title=M.APP["title"], page_icon="🎓", layout="wide")
state.init()
ui.language_picker()  # before the navigation: a new choice names the pages in the new language at once
page = st.navigation(ui.navigation_pages())
try:
    page.run()
finally:
    sources.warm_up_once()  # after the first page is drawn, so importing TensorFlow does not slow it down
