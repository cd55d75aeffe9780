"""EduMTL dashboard: signs the teacher in where a login is needed, routes to the pages and binds each session
to its space's work. Nothing else.

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
from dashboard import auth, runtime, sources, space_view, state, ui  # noqa: E402

runtime.keep_keras_state()  # Streamlit would reset Keras under a running training after every rerun
# An emoji favicon is drawn by the browser itself. Without one, Streamlit shows each page's ":material/..."
# icon as the favicon, fetched from fonts.gstatic.com: a request to Google on every page change.
st.set_page_config(page_title=M.APP["title"], page_icon="🎓", layout="wide")
state.language()  # the sign-in page is drawn in the address's (or the browser's) language too
ui.language_picker()  # before the navigation: a new choice names the pages in the new language at once
auth.gate()  # on a shared server: the sign-in page, then stop, until the teacher has signed in
state.init()
page = st.navigation(ui.navigation_pages())
try:
    space_view.lost_work()
    page.run()
finally:
    state.sync()  # what this run changed reaches the space's other tabs (and survives a reload)
    sources.warm_up_once()  # after the first page is drawn, so importing TensorFlow does not slow it down
