"""Data page: load a class file, check what every column is for, see every problem and each column."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import mtl_core
from dashboard import charts, log_data, log_state, sources, state, ui, words
from dashboard import messages as M
from dashboard.text import count, md, md_format, number, plural

D = M.DATA
MAX_BARS = 30
UPLOADS = "data_uploads"  # how many uploaders this session has had: each "Use the sample class" makes a new one


def uploader_key() -> str:
    """The key of the uploader in use (``data_upload_file_0``, ``_1``...): a new key after "Use the sample class"
    gives an empty box, so the box no longer shows a file that is not loaded any more."""
    return f"data_upload_file_{st.session_state.get(UPLOADS, 0)}"


# --------------------------------------------------------------------------- callbacks

def _read(name: str, data: bytes, sheet: str | None = None) -> bool:
    """Read an upload into the state; on failure keep the previous data, say why and return False."""
    try:
        loaded = sources.read_upload(name, data, sheet=sheet)
    except mtl_core.EduMTLError as error:
        state.set_load_error(str(error))
        return False
    except Exception as error:  # noqa: BLE001 - a file no reader expected; keep the previous data
        state.set_load_error(M.COMMON["unexpected"].format(kind=type(error).__name__, detail=str(error)[:300]))
        return False
    log_state.take_upload(loaded, (name, data))  # a log switches the pages to log mode (dashboard/log_state.py)
    return True


def on_upload() -> None:
    uploaded = st.session_state.get(uploader_key())
    if uploaded is None:  # the file was removed from the box: keep what is loaded
        return
    state.forget("data_sheet")
    _read(uploaded.name, uploaded.getvalue())


def on_sheet() -> None:
    upload = state.upload()
    if upload is not None and not _read(*upload, sheet=st.session_state.get("data_sheet")):
        loaded = state.table()  # the box shows the sheet that is still loaded, not the one that failed
        if loaded is not None and loaded.sheet is not None:
            st.session_state["data_sheet"] = loaded.sheet


def on_sample() -> None:
    state.forget("data_sheet", uploader_key())
    st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1  # an empty uploader next time
    state.set_table(sources.sample_table(), is_sample=True)


# --------------------------------------------------------------------------- sections

def loading() -> None:
    with st.container(key="data_upload"):  # a stable handle for browsers (the uploader's own key changes)
        st.file_uploader(D["upload"], type=sources.UPLOAD_TYPES, key=uploader_key(), on_change=on_upload,
                         help=D["upload_help"])
    st.caption(D["upload_limit"].format(mb=sources.MAX_UPLOAD_MB))
    left, right = st.columns(2)
    left.button(D["use_sample"], key="data_use_sample", on_click=on_sample)
    with right:
        log_data.sample_log_button()
    if state.load_error():
        st.error(D["load_failed"] + " " + md(M.core_text(state.load_error())))


def header(loaded) -> None:
    if state.is_sample():
        st.info(D["sample_loaded"])
    frame = loaded.frame
    st.markdown(md_format(D["loaded"], name=loaded.source_name, rows=count("students", len(frame)),
                          columns=count("columns", frame.shape[1]), how=M.core_text(mtl_core.describe_format(loaded))))
    if len(loaded.sheet_names) > 1:
        sheets = list(loaded.sheet_names)
        st.selectbox(D["sheet"], sheets, key="data_sheet", index=state.seed_index("data_sheet", sheets, loaded.sheet),
                     on_change=on_sheet, help=D["sheet_help"], placeholder=M.COMMON["choose"])


def roles(schema) -> None:
    st.subheader(D["roles"])
    st.caption(D["roles_help"])
    st.caption(D["sensitive_hint"])
    base = schema.to_frame()
    role_words = {r.value: words.role(r) for r in mtl_core.Role}
    codes = {word: code for code, word in role_words.items()}
    shown = base.assign(role=base["role"].map(role_words), type=base["type"].map(words.value_type),
                        **{"kind if predicted": [words.kind(k) if k else "" for k in base["kind if predicted"]],
                           "why": [M.core_text(w) for w in base["why"]]})
    text = st.column_config.TextColumn
    edited = st.data_editor(
        shown, key="data_roles", hide_index=True, width="stretch", placeholder="",
        disabled=[c for c in base.columns if c != "role"],
        column_config={"column": text(D["col_column"]),
                       "role": st.column_config.SelectboxColumn(D["col_role"], options=list(role_words.values()),
                                                                required=True),
                       "type": text(D["col_type"]), "missing": st.column_config.NumberColumn(D["col_missing"]),
                       "distinct": st.column_config.NumberColumn(D["col_distinct"]),
                       "kind if predicted": text(D["col_kind"]), "why": text(D["col_why"], width="large")},
    )
    chosen = [codes.get(word, word) for word in edited["role"]]  # a word back to its role (a code stays a code)
    if chosen != list(base["role"]):
        try:
            state.set_schema(schema.roles_from_frame(base.assign(role=chosen)))
        except mtl_core.EduMTLError as error:
            ui.show_error(error)
    with st.expander(D["roles_legend"]):
        for role, help_text in mtl_core.ROLE_HELP.items():
            st.markdown(f"**{md(words.role(role))}**: {md(M.core_text(help_text))}")


def problems(loaded) -> None:
    st.subheader(D["problems"])
    tasks, _ = state.tasks()
    found = pd.concat([state.problems(tasks), loaded.notes], ignore_index=True)
    errors = int((found["severity"] == "error").sum())
    counts = [plural(D["problems_errors"], errors) if errors else "",
              plural(D["problems_warnings"], len(found) - errors) if len(found) > errors else ""]
    if any(counts):  # none: the table says "No problems found."
        st.caption(" ".join(c for c in counts if c))
    ui.problems(found, key="data_problems")


@st.fragment
def column_look(frame: pd.DataFrame, schema) -> None:
    st.subheader(D["column_look"])
    names = list(dict.fromkeys(schema.with_role("target") + schema.inputs + list(schema.names)))  # outcomes first
    if st.session_state.get("data_column") not in (None, *names):  # a column of the previous file
        state.forget("data_column")
    # Nothing is drawn until a column is chosen: the chart library is the slowest part of the first page.
    column = st.selectbox(D["column_pick"], names, index=None, placeholder=D["column_placeholder"],
                          key="data_column")
    if column is None:
        return
    series = frame[column]
    present = series.dropna()
    kind = schema[column].value_type.value
    if kind == "empty" or present.empty:
        st.caption(D["column_empty"])
    elif kind == "numeric":
        values = pd.to_numeric(present, errors="coerce").dropna()
        st.caption(D["column_numeric"].format(present=count("values", len(present)),
                                              missing=number(len(series) - len(present), 0),
                                              median=number(values.median()), low=number(values.min()),
                                              high=number(values.max())))
        ui.chart(charts.histogram(series.rename(column)), key="data_column_chart")
    else:
        counts = present.astype(str).value_counts()
        if kind == "text":
            st.caption(D["column_text"].format(distinct=count("distinct", len(counts))))
            # Our own headers: the column's name could be anything, "count" included.
            top = counts.head(MAX_BARS)
            values = pd.DataFrame({D["col_value"]: top.index.to_numpy(), D["col_count"]: top.to_numpy()})
            ui.table(values, hide_index=True, key="data_column_values")
        else:
            st.caption(D["column_categorical"].format(present=count("values", len(present)),
                                                      missing=number(len(series) - len(present), 0),
                                                      distinct=count("distinct", len(counts))))
            ui.chart(charts.category_counts(counts.head(MAX_BARS)), key="data_column_chart")


# --------------------------------------------------------------------------- page

if log_state.is_log():  # the answer-log version of this page, with the same mode switch: dashboard/log_data.py
    log_data.page()
    st.stop()
st.title(D["title"])
st.caption(D["intro"])
log_data.mode_switch()
ui.show_notices("data")
loading()
loaded = state.table()
if loaded is None:
    st.info(D["none_loaded"])
    st.stop()
header(loaded)
schema = state.schema()
st.subheader(D["preview"])
ui.table(loaded.frame, key="data_preview", height=280)
roles(schema)
problems(loaded)
column_look(loaded.frame, state.schema())
