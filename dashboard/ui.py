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
from . import state, verdicts, words
from .state import NOTICES
from .text import md, md_format, timezone_named

log = logging.getLogger(__name__)
VIEWS = Path(__file__).resolve().parent / "views"
# The pages, in the order of the navigation (the first is the default): name -> icon. The name is the file in
# views/, the URL path and the key of messages.NAV. dashboard/app.py builds the navigation from this.
PAGES = {"data": ":material/table:", "tasks": ":material/checklist:", "train": ":material/model_training:",
         "results": ":material/insights:", "students": ":material/groups:", "runs": ":material/folder_open:",
         "card": ":material/description:"}
LANGUAGE_PICK = "language_pick"  # the sidebar's language box


def page_file(page: str) -> Path:
    """The file of a page in :data:`PAGES` (a KeyError names an unknown page)."""
    if page not in PAGES:
        raise KeyError(f"Unknown page '{page}'. Available: {', '.join(PAGES)}.")
    return VIEWS / f"{page}.py"


def navigation_pages() -> list:
    """The ``st.Page``s of :data:`PAGES`, for ``st.navigation``."""
    return [st.Page(page_file(name), title=M.NAV[name], icon=icon, url_path=name, default=i == 0)
            for i, (name, icon) in enumerate(PAGES.items())]


def _on_language() -> None:
    state.set_language(st.session_state.get(LANGUAGE_PICK))


def language_picker() -> None:
    """The language box in the sidebar: each language named in itself ("English", "中文"), so a teacher who
    reads only one of them finds it; the label says "Language · 语言" in English."""
    current = state.language()
    options = list(M.LANGUAGES)
    st.session_state[LANGUAGE_PICK] = current  # the box always shows the language in use
    st.sidebar.selectbox(M.COMMON["language"], options, index=options.index(current), key=LANGUAGE_PICK,
                         format_func=M.LANGUAGES.__getitem__, on_change=_on_language, placeholder=M.COMMON["choose"])


def browser_timezone():
    """The teacher's time zone (the browser's), so dates read as on their clock; None: this computer's."""
    try:
        return timezone_named(st.context.timezone)
    except Exception:  # noqa: BLE001 - no browser (a page run on its own, as in tests)
        return None


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
        st.error(md(words.error_text(error)))
    else:
        log.error("Unexpected error shown to the teacher: %r", error)
        st.error(md_format(M.COMMON["unexpected"], kind=type(error).__name__, detail=str(error)[:300]))


def verdict_boxes(run, key: str) -> None:
    """The plain-words verdict on every outcome of ``run``, with its small-sample warnings, in a container
    keyed ``key`` (the same on the Train, Results and Saved runs pages)."""
    with st.container(key=key):
        for sentence, level in verdicts.all_messages(run):
            getattr(st, level)(md(sentence))


def stale_changes(changes: dict) -> str:
    """The kinds of change of ``state.run_differences`` in words: "the weights (passed), the column roles (age)"."""
    C = M.COMMON
    parts = []
    for kind in ("data", "roles", "outcomes", "weights"):
        if kind in changes:
            names = changes[kind]
            parts.append(C["stale_named"].format(what=C["stale_kinds"][kind], names=", ".join(names))
                         if names else C["stale_kinds"][kind])
    return C["stale_join"].join(parts)


def go_to(page: str) -> None:
    """Open another page (left out where there is no navigation: a page run on its own, as in tests)."""
    try:
        st.switch_page(str(page_file(page).relative_to(VIEWS.parent)))
    except StreamlitAPIException:
        pass


def stale_banner(run, run_frame, page: str) -> bool:
    """One banner when the Data or Tasks pages no longer match the run this page shows (``state.run_differences``:
    data, roles, outcomes, weights), with a button to train again on the Train page (on the Train page itself, a
    pointer to its Train button). In a container keyed ``stale_run``; returns whether it was shown."""
    changes = state.run_differences(run, run_frame)
    if not changes:
        return False
    C = M.COMMON
    with st.container(key="stale_run"):
        text = C["stale_train" if page == "train" else "stale"]
        st.warning(md_format(text, changes=stale_changes(changes)))
        if page != "train" and st.button(C["stale_retrain"], key=f"{page}_stale_retrain", icon=":material/refresh:"):
            go_to("train")
    return True


def problems(found: pd.DataFrame, key: str) -> None:
    """A problem table (severity, column, rows, problem, fix), errors first, in a static table whose cells wrap:
    a long problem and its fix are read whole, never cut off at a grid cell's edge. Plain text, empty cells
    empty."""
    with st.container(key=key):
        if found is None or found.empty:
            st.success(M.COMMON["problems_none"])
            return
        st.table(words.problem_table(found), hide_index=True)


def notify(page: str, level: str, text: str) -> None:
    """Queue a message (plain text) for the next time ``page`` is drawn (for callbacks)."""
    st.session_state.setdefault(NOTICES, []).append((page, level, text))


def show_notices(page: str) -> None:
    queued = st.session_state.get(NOTICES, [])
    for item in [n for n in queued if n[0] == page]:
        queued.remove(item)
        getattr(st, item[1])(md(item[2]))


MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "parquet": "application/vnd.apache.parquet"}
DOWNLOAD_LABELS = {"csv": "download_csv", "xlsx": "download_excel", "parquet": "download_parquet"}
BUTTON_SUFFIX = {"csv": "csv", "xlsx": "excel", "parquet": "parquet"}


def download_buttons(name: str, files: dict, key: str, make_excel=None) -> None:
    """Download buttons for CSV, Excel and Parquet, keyed ``<key>_csv``, ``<key>_excel``, ``<key>_parquet``.

    ``files`` holds the bytes made so far (``{"csv": ..., "parquet": ...}``), kept by the caller once per run.
    Streamlit serves bytes under an address made from their content, the same on every rerun, so a click on a
    button drawn one rerun ago still downloads. (Bytes made on click, a callable, got a new address on every
    rerun and the previous one was dropped when the rerun ended: a download clicked while the page redrew, e.g.
    just after ticking a box, failed with ``MediaFileStorageError: Deferred file ... not found``.)

    An Excel workbook takes seconds to write (about 5 s for the sample class's recommendations on this
    machine), too long to make on every first visit: ``make_excel`` makes it when the teacher asks (a button
    keyed ``<key>_excel_prepare``), into ``files["xlsx"]``, and its download button takes the button's place.
    """
    columns = st.columns(3)
    for column, extension in zip(columns, ("csv", "xlsx", "parquet")):
        button_key = f"{key}_{BUTTON_SUFFIX[extension]}"
        if extension in files:
            column.download_button(M.COMMON[DOWNLOAD_LABELS[extension]], data=files[extension],
                                   file_name=f"{name}.{extension}", mime=MIME[extension], key=button_key,
                                   on_click="ignore", width="stretch")
        elif extension == "xlsx" and make_excel is not None:
            column.button(M.COMMON["prepare_excel"], key=f"{button_key}_prepare", help=M.COMMON["prepare_excel_help"],
                          on_click=lambda: files.setdefault("xlsx", make_excel()), width="stretch")


def export_files(sheets: dict, main: str) -> dict:
    """The quick downloads of ``sheets`` (name -> DataFrame): the ``main`` sheet as CSV (numbers rounded) and as
    Parquet (every digit). The Excel workbook (every sheet) is made on request: :func:`excel_maker`."""
    return {"csv": mtl_core.csv_bytes(sheets[main]), "parquet": mtl_core.parquet_bytes(sheets[main])}


def excel_maker(sheets: dict):
    """A function that writes ``sheets`` as one Excel workbook (for ``download_buttons(make_excel=...)``)."""
    return lambda: mtl_core.excel_bytes(sheets)


def download_note() -> None:
    st.caption(M.COMMON["download_note"].format(digits=mtl_core.CSV_DIGITS))


def table(frame: pd.DataFrame, key: str, **kwargs) -> None:
    """A read-only table in a container keyed ``key`` (display tables have no key of their own, and the
    container gives tests and browsers a stable handle: CSS class ``st-key-<key>``)."""
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    kwargs.setdefault("placeholder", "")  # a missing value is an empty cell, not "None"
    with st.container(key=key):
        st.dataframe(frame, **kwargs)


def chart(figure, key: str) -> None:
    """A Plotly chart in a container keyed ``key``."""
    with st.container(key=key):
        st.plotly_chart(figure, key=f"{key}_plot", config={"displaylogo": False})
