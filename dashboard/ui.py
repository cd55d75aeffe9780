"""Small Streamlit helpers shared by the pages: prerequisites, errors, problem tables, one-shot notices.

Errors from mtl_core become readable messages (never tracebacks); text from files is escaped.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

import mtl_core

from . import messages as M
from . import verdicts
from .state import NOTICES
from .text import md, md_format

log = logging.getLogger(__name__)
VIEWS = Path(__file__).resolve().parent / "views"
# The pages, in the order of the navigation (the first is the default): name -> icon. The name is the file in
# views/, the URL path and the key of messages.NAV. dashboard/app.py builds the navigation from this.
PAGES = {"data": ":material/table:", "tasks": ":material/checklist:", "train": ":material/model_training:",
         "results": ":material/insights:", "students": ":material/groups:", "runs": ":material/folder_open:"}


def page_file(page: str) -> Path:
    """The file of a page in :data:`PAGES` (a KeyError names an unknown page)."""
    if page not in PAGES:
        raise KeyError(f"Unknown page '{page}'. Available: {', '.join(PAGES)}.")
    return VIEWS / f"{page}.py"


def navigation_pages() -> list:
    """The ``st.Page``s of :data:`PAGES`, for ``st.navigation``."""
    return [st.Page(page_file(name), title=M.NAV[name], icon=icon, url_path=name, default=i == 0)
            for i, (name, icon) in enumerate(PAGES.items())]


def page_link(page: str, label: str) -> None:
    """A link to another page; left out where there is no navigation (a page run on its own, as in tests)."""
    path = page_file(page)
    try:
        st.page_link(str(path.relative_to(VIEWS.parent)), label=label)
    except StreamlitAPIException:  # the page is not registered with st.navigation
        pass


def require(ok: bool, message: str, page: str | None = None, label: str | None = None) -> None:
    """Stop the page with an explanation and a link when a prerequisite is missing."""
    if ok:
        return
    st.info(message)
    if page:
        page_link(page, label or M.NAV[page])
    st.stop()


def show_error(error: BaseException, headline: str | None = None, key: str = "error_problems") -> None:
    """An mtl_core error as a message (and its problem table); anything else as a short apology."""
    if headline:
        st.error(headline)
    if isinstance(error, mtl_core.DataValidationError):
        problems(error.problems, key=key)
    elif isinstance(error, mtl_core.EduMTLError):
        st.error(md(error))
    else:
        log.error("Unexpected error shown to the teacher: %r", error)
        st.error(md_format(M.COMMON["unexpected"], kind=type(error).__name__, detail=str(error)[:300]))


def verdict_boxes(run, key: str) -> None:
    """The plain-words verdict on every outcome of ``run``, with its small-sample warnings, in a container
    keyed ``key`` (the same on the Train, Results and Saved runs pages)."""
    with st.container(key=key):
        for sentence, level in verdicts.all_messages(run):
            getattr(st, level)(md(sentence))


def problems(found: pd.DataFrame, key: str) -> None:
    """A problem table (severity, column, rows, problem, fix): errors first, as plain text."""
    if found is None or found.empty:
        with st.container(key=key):
            st.success(M.COMMON["problems_none"])
        return
    table(found.reset_index(drop=True), key=key, column_config={
        "problem": st.column_config.TextColumn(width="large"), "fix": st.column_config.TextColumn(width="large")})


def notify(page: str, level: str, text: str) -> None:
    """Queue a message (plain text) for the next time ``page`` is drawn (for callbacks)."""
    st.session_state.setdefault(NOTICES, []).append((page, level, text))


def show_notices(page: str) -> None:
    queued = st.session_state.get(NOTICES, [])
    for item in [n for n in queued if n[0] == page]:
        queued.remove(item)
        getattr(st, item[1])(md(item[2]))


def download_buttons(name: str, csv: callable, excel: callable, key: str) -> None:
    """CSV and Excel download buttons whose bytes are made only when clicked."""
    left, right = st.columns(2)
    left.download_button(M.COMMON["download_csv"], data=csv, file_name=f"{name}.csv", mime="text/csv",
                         key=f"{key}_csv", on_click="ignore", width="stretch")
    right.download_button(M.COMMON["download_excel"], data=excel, file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_excel", on_click="ignore", width="stretch")


def table(frame: pd.DataFrame, key: str, **kwargs) -> None:
    """A read-only table in a container keyed ``key`` (display tables have no key of their own, and the
    container gives tests and browsers a stable handle: CSS class ``st-key-<key>``)."""
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    with st.container(key=key):
        st.dataframe(frame, **kwargs)


def chart(figure, key: str) -> None:
    """A Plotly chart in a container keyed ``key``."""
    with st.container(key=key):
        st.plotly_chart(figure, key=f"{key}_plot", config={"displaylogo": False})
