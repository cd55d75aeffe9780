"""The Data page's answer-log version, and the mode switch both versions show.

An answer log has one row per answer; its roles (student, skill, right/wrong, order, exercise) are inferred
(``mtl_core.infer_log_roles``) and editable in one table, with every problem of the log listed at once
(``mtl_core.check_log``). Which version the page shows is :func:`dashboard.log_state.mode`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import mtl_core
from dashboard import log_state, sources, state, ui
from dashboard import messages as M
from dashboard.text import count, md, md_format, plural

L = M.LOG
D = M.DATA
ROLES = ("student", "skill", "correct", "order", "item", "ignore")
MODE_KEY = "data_mode"
UPLOADS = "data_log_uploads"  # as the class page's: a new uploader after "Use the sample answer log"


def uploader_key() -> str:
    return f"data_log_upload_{st.session_state.get(UPLOADS, 0)}"


def roles_key(what: str = "roles") -> str:
    """The keys of the roles editor and its boxes name the log, so what was typed for a previous log is never
    shown or applied on a new one."""
    return f"data_log_{what}_{log_state.version()}"


# --------------------------------------------------------------------------- callbacks

def on_mode() -> None:
    log_state.set_mode(st.session_state.get(MODE_KEY))


def on_sample_log() -> None:
    state.forget(uploader_key())
    st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
    log_state.set_log(log_state.sample_log(), is_sample=True)
    st.session_state[log_state.MODE] = log_state.LOG


def on_sample_class() -> None:
    state.set_table(sources.sample_table(), is_sample=True)
    st.session_state[log_state.MODE] = log_state.CLASS


def on_upload() -> None:
    uploaded = st.session_state.get(uploader_key())
    if uploaded is None:
        return
    name, data = uploaded.name, uploaded.getvalue()
    try:
        loaded = sources.read_upload(name, data)
    except mtl_core.EduMTLError as error:
        state.set_load_error(str(error))
        return
    except Exception as error:  # noqa: BLE001 - a file no reader expected; keep the previous data
        state.set_load_error(M.COMMON["unexpected"].format(kind=type(error).__name__, detail=str(error)[:300]))
        return
    state.set_load_error("")
    log_state.take_upload(loaded, (name, data))


def on_options() -> None:
    """The pass mark and the skill separator boxes."""
    roles = log_state.roles()
    mark = st.session_state.get(roles_key("pass_mark"))
    separator = str(st.session_state.get(roles_key("separator")) or "").strip() or ";"
    try:
        log_state.set_roles(roles.with_roles(pass_mark=None if mark is None else float(mark),
                                             skill_separator=separator[:1]))
    except mtl_core.EduMTLError as error:
        ui.notify("data", "error", str(error))


# --------------------------------------------------------------------------- sections

def mode_switch() -> None:
    """Which kind of data the pages work on: a class table or an answer log (both versions of the page show it)."""
    options = list(log_state.MODES)
    labels = {m: L[f"mode_{m}"] for m in options}  # in the language of this run (not of a later call)
    st.session_state[MODE_KEY] = log_state.mode()  # the radio always shows the mode in use
    st.radio(L["mode"], options, key=MODE_KEY, index=options.index(log_state.mode()), horizontal=True,
             format_func=labels.__getitem__, on_change=on_mode, help=L["mode_help"])


def sample_log_button() -> None:
    """The "Use the sample answer log" button, beside the class page's "Use the sample class"."""
    st.button(L["use_sample_log"], key="data_use_sample_log", on_click=on_sample_log)


def loading() -> None:
    with st.container(key="data_log_upload"):
        st.file_uploader(L["upload"], type=sources.UPLOAD_TYPES, key=uploader_key(), on_change=on_upload,
                         help=L["upload_help"])
    st.caption(D["upload_limit"].format(mb=sources.MAX_UPLOAD_MB))
    left, right = st.columns(2)
    with left:
        sample_log_button()
    with right:
        st.button(L["use_sample_class"], key="data_use_sample_class", on_click=on_sample_class)
    if state.load_error():
        st.error(D["load_failed"] + " " + md(M.core_text(state.load_error())))


def header(loaded, roles) -> None:
    if log_state.is_sample():
        st.info(L["sample_loaded"])
    frame = loaded.frame
    students = frame[roles.student].nunique() if roles.student in frame.columns else 0
    skills = (frame[roles.skill].dropna().astype(str).str.split(roles.skill_separator, regex=False).explode()
              .str.strip().nunique() if roles.skill in frame.columns else 0)
    st.markdown(md_format(L["loaded"], name=loaded.source_name, answers=count("answers", len(frame)),
                          students=count("students", students), skills=count("skills", skills)))


def role_words() -> dict:
    return {role: L["roles_words"][role] for role in ROLES}


def roles_editor(frame: pd.DataFrame, roles) -> None:
    st.subheader(L["roles"])
    st.caption(L["roles_help"])
    base = mtl_core.log_roles_table(frame, roles)
    words = role_words()
    codes = {word: code for code, word in words.items()}
    shown = base.assign(role=base["role"].map(words), why=[M.core_text(w) for w in base["why"]])
    text = st.column_config.TextColumn
    edited = st.data_editor(
        shown, key=roles_key(), hide_index=True, width="stretch", placeholder="",
        disabled=[c for c in base.columns if c != "role"],
        column_config={"column": text(D["col_column"]),
                       "role": st.column_config.SelectboxColumn(D["col_role"], options=list(words.values()),
                                                                required=True),
                       "distinct": st.column_config.NumberColumn(D["col_distinct"]),
                       "example": text(L["col_example"]), "why": text(D["col_why"], width="large")},
    )
    chosen = [codes.get(word, word) for word in edited["role"]]
    if chosen != list(base["role"]):
        try:
            log_state.set_roles(mtl_core.roles_from_table(base.assign(role=chosen), roles))
        except mtl_core.EduMTLError as error:
            ui.show_error(error)
    left, right = st.columns(2)
    mark, separator = roles_key("pass_mark"), roles_key("separator")
    left.number_input(L["pass_mark"], key=mark, value=state.seed(mark, roles.pass_mark), on_change=on_options,
                      help=L["pass_mark_help"], placeholder=L["pass_mark_none"])
    right.text_input(L["separator"], key=separator, max_chars=1, on_change=on_options,
                     value=state.seed(separator, roles.skill_separator), help=L["separator_help"])
    with st.expander(L["roles_legend"]):
        for role in ROLES:
            st.markdown(f"**{md(words[role])}**: {L['roles_explained'][role]}")


def problems() -> None:
    st.subheader(D["problems"])
    found = log_state.problems()
    errors = log_state.blocking(found)
    counts = [plural(D["problems_errors"], errors) if errors else "",
              plural(D["problems_warnings"], len(found) - errors) if len(found) > errors else ""]
    if any(counts):
        st.caption(" ".join(c for c in counts if c))
    ui.problems(found, key="data_log_problems")
    if errors == 0:
        ui.page_link("tasks", L["go_settings"])


def page() -> None:
    """The answer-log version of the Data page."""
    st.title(L["data_title"])
    st.caption(L["data_intro"])
    mode_switch()
    ui.show_notices("data")
    loading()
    loaded = log_state.log_table()
    if loaded is None:
        st.info(L["none_loaded"])
        st.stop()
    roles = log_state.roles()
    header(loaded, roles)
    st.subheader(D["preview"])
    ui.table(loaded.frame, key="data_log_preview", height=280)
    roles_editor(loaded.frame, roles)
    problems()
