"""The Tasks page's answer-log version: what is predicted (every skill's next answer) and how the model is trained.

A log has one outcome, always the same: whether a student's next answer on a skill will be right, for every skill
at once. What the teacher chooses is the model (``mtl_core.SEQUENCE_MODELS``), how it is checked (a hold-out share
of students, or k-fold over students) and a few settings; they are kept in :func:`dashboard.log_state.settings`.
"""

from __future__ import annotations

import streamlit as st

import mtl_core
from dashboard import log_state, state, ui
from dashboard import messages as M
from dashboard.text import md, md_format

L = M.LOG
WIDGETS = {"tasks_log_model": "model", "tasks_log_validation": "validation", "tasks_log_test_size": "test_size",
           "tasks_log_k": "k", "tasks_log_epochs": "epochs", "tasks_log_window": "window",
           "tasks_log_next_skill": "next_skill_weight", "tasks_log_items": "use_items", "tasks_log_seed": "seed"}


def model_label(name: str) -> str:
    """A sequence model's name for people: the catalogue's words, else the core's label (marked as core text)."""
    words = L["models"]
    if name in words:
        return words[name]
    infos = {info.name: info for info in mtl_core.SEQUENCE_MODELS.infos()}
    return M.core_text(infos[name].label) if name in infos else name


def on_setting(key: str) -> None:
    values = dict(log_state.settings())
    values[WIDGETS[key]] = st.session_state.get(key)
    st.session_state[log_state.LOG_SETTINGS] = values


def on_defaults() -> None:
    st.session_state[log_state.LOG_SETTINGS] = log_state.default_settings()
    state.forget(*WIDGETS)


def settings_form(values: dict) -> None:
    st.subheader(L["settings"])
    names = mtl_core.SEQUENCE_MODELS.names()
    labels = {name: model_label(name) for name in names}  # in the language of this run (not of a later call)
    model = st.selectbox(L["model"], names, key="tasks_log_model", format_func=labels.__getitem__,
                         index=state.seed_index("tasks_log_model", names, values["model"]),
                         on_change=on_setting, args=("tasks_log_model",), placeholder=M.COMMON["choose"])
    st.caption(L["model_notes"].get(model, ""))
    options = ["holdout", "kfold"]
    validation = st.radio(L["validation"], options, key="tasks_log_validation", horizontal=True,
                          index=state.seed_index("tasks_log_validation", options, values["validation"]),
                          format_func={v: L[f"validation_{v}"] for v in options}.__getitem__, on_change=on_setting,
                          args=("tasks_log_validation",))
    left, middle, right = st.columns(3)
    if validation == "kfold":
        left.number_input(L["k"], min_value=2, max_value=10, step=1, key="tasks_log_k",
                          value=int(state.seed("tasks_log_k", values["k"])), on_change=on_setting,
                          args=("tasks_log_k",))
    else:
        left.slider(L["test_size"], min_value=0.1, max_value=0.5, step=0.05, key="tasks_log_test_size",
                    value=float(state.seed("tasks_log_test_size", values["test_size"])), on_change=on_setting,
                    args=("tasks_log_test_size",))
    middle.number_input(L["epochs"], min_value=1, max_value=500, step=1, key="tasks_log_epochs",
                        value=int(state.seed("tasks_log_epochs", values["epochs"])), on_change=on_setting,
                        args=("tasks_log_epochs",), help=L["epochs_help"])
    right.number_input(L["seed"], min_value=0, step=1, key="tasks_log_seed",
                       value=int(state.seed("tasks_log_seed", values["seed"])), on_change=on_setting,
                       args=("tasks_log_seed",), help=L["seed_help"])
    with st.expander(L["advanced"]):
        st.number_input(L["window"], min_value=4, max_value=2000, step=10, key="tasks_log_window",
                        value=int(state.seed("tasks_log_window", values["window"])), on_change=on_setting,
                        args=("tasks_log_window",), help=L["window_help"])
        st.number_input(L["next_skill"], min_value=0.0, max_value=10.0, step=0.1, key="tasks_log_next_skill",
                        value=float(state.seed("tasks_log_next_skill", values["next_skill_weight"])),
                        on_change=on_setting, args=("tasks_log_next_skill",), help=L["next_skill_help"])
        st.checkbox(L["items"], key="tasks_log_items", value=bool(state.seed("tasks_log_items", values["use_items"])),
                    on_change=on_setting, args=("tasks_log_items",), help=L["items_help"])
        st.button(L["defaults"], key="tasks_log_defaults", on_click=on_defaults)


def page() -> None:
    """The answer-log version of the Tasks page."""
    st.title(L["tasks_title"])
    ui.require(log_state.log_table() is not None, L["need_log"], "data", M.COMMON["go_data"])
    roles = log_state.roles()
    st.subheader(L["predicted"])
    st.markdown(md_format(L["predicted_line"], skill=roles.skill or "-", correct=roles.correct or "-",
                          student=roles.student or "-"))
    st.caption(L["predicted_note"])
    values = log_state.settings()
    settings_form(values)
    try:
        log_state.make_config(log_state.settings())
    except mtl_core.EduMTLError as error:
        st.error(md(M.core_text(error)))
        return
    ui.page_link("train", M.COMMON["go_train"])
