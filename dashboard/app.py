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

import mtl_core  # noqa: E402
from dashboard import messages as M  # noqa: E402
from dashboard import runtime, state  # noqa: E402

PAGES = Path(__file__).resolve().parent / "views"

runtime.keep_keras_state()  # Streamlit would reset Keras under a running training after every rerun
# An emoji favicon is drawn by the browser itself. Without one, Streamlit shows each page's ":material/..."
# icon as the favicon, fetched from fonts.gstatic.com: a request to Google on every page change.
st.set_page_config(page_title=M.APP["title"], page_icon="🎓", layout="wide")
state.init()
page = st.navigation([
    st.Page(PAGES / "data.py", title=M.NAV["data"], icon=":material/table:", url_path="data", default=True),
    st.Page(PAGES / "tasks.py", title=M.NAV["tasks"], icon=":material/checklist:", url_path="tasks"),
    st.Page(PAGES / "train.py", title=M.NAV["train"], icon=":material/model_training:", url_path="train"),
    st.Page(PAGES / "results.py", title=M.NAV["results"], icon=":material/insights:", url_path="results"),
    st.Page(PAGES / "students.py", title=M.NAV["students"], icon=":material/groups:", url_path="students"),
    st.Page(PAGES / "runs.py", title=M.NAV["runs"], icon=":material/folder_open:", url_path="runs"),
])
try:
    page.run()
finally:
    mtl_core.warm_up()  # after the first page is drawn, so importing TensorFlow does not slow it down
