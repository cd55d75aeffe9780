"""Tasks page: which outcomes to predict, their kind and weight, derived outcomes, presets, advanced settings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import mtl_core
from dashboard import log_state, log_tasks, sources, state, ui, words
from dashboard import messages as M
from dashboard import task_table as tt
from dashboard.text import count, md, md_format, number

T = M.TASKS
WIDGETS = {  # Advanced setting widgets -> keys of state.settings()
    "tasks_architecture": "architecture", "tasks_weighting": "weighting", "tasks_epochs": "epochs",
    "tasks_learning_rate": "learning_rate", "tasks_hidden_units": "hidden_units", "tasks_head_units": "head_units",
    "tasks_dropout": "dropout", "tasks_ensemble": "ensemble_size", "tasks_validation": "validation", "tasks_k": "k",
    "tasks_test_size": "test_size", "tasks_seed": "seed", "tasks_early_stopping": "early_stopping",
}
MONOTONIC_PREFIX = "tasks_monotonic_"  # + column: the direction widget of one numeric input
DERIVED_KEYS = ("tasks_derived_at", "tasks_derived_below", "tasks_derived_above", "tasks_derived_cuts",
                "tasks_derived_labels", "tasks_derived_name")


# --------------------------------------------------------------------------- callbacks

def on_preset(preset: str) -> None:
    table = state.tasks_table()
    state.set_tasks_table(tt.apply_preset(table, preset, st.session_state.get("tasks_focus")))
    state.forget("tasks_editor")  # the editor would re-apply the old weights on top of the preset


def on_recommended() -> None:
    """Reset every Advanced setting to the Recommended one (the widgets are re-seeded from it)."""
    st.session_state[state.SETTINGS] = tt.default_settings(state.students())
    state.forget(*WIDGETS, *[k for k in st.session_state if str(k).startswith(MONOTONIC_PREFIX)])
    ui.notify("tasks", "success", T["recommended_done"])


def on_derived_column() -> None:
    state.forget(*DERIVED_KEYS)  # new column: new suggested threshold and cut points


def on_add_derived() -> None:
    get = st.session_state.get
    try:
        row = tt.derived_row(state.frame(), get("tasks_derived_column"), get("tasks_derived_type"),
                             get("tasks_derived_name", ""), at=get("tasks_derived_at"),
                             below=get("tasks_derived_below", T["derived_below_default"]),
                             above=get("tasks_derived_above", T["derived_above_default"]),
                             cuts=get("tasks_derived_cuts", ""), labels=get("tasks_derived_labels", ""))
        state.set_tasks_table(tt.add_row(state.tasks_table(), row))
    except mtl_core.EduMTLError as error:
        ui.notify("tasks", "error", words.error_text(error))
        return
    state.forget("tasks_editor", "tasks_derived_name")
    ui.notify("tasks", "success", T["derived_added"].format(name=row["name"]))


def on_remove_unused() -> None:
    state.set_tasks_table(tt.remove_unused_derived(state.tasks_table()))
    state.forget("tasks_editor")


# --------------------------------------------------------------------------- sections

def _shown_rule(row: dict) -> str:
    spec = tt.rule_from_spec(row["rule_spec"])
    return "" if spec is None else words.rule(spec, row["column"])


def editor(table: pd.DataFrame) -> None:
    """The outcomes table: kinds and rules shown in the session's language, stored as the core's codes."""
    st.caption(T["editor_help"])
    kinds = {kind: words.kind(kind) for kind in tt.KINDS}
    codes = {word: kind for kind, word in kinds.items()}
    shown = table.assign(kind=table["kind"].map(lambda k: kinds.get(k, k)),
                         rule=[_shown_rule(row) for row in table.to_dict("records")])
    edited = st.data_editor(
        shown, key="tasks_editor", hide_index=True, width="stretch", placeholder="",
        column_order=["use", "name", "column", "kind", "weight", "training_only", "rule"],
        column_config={
            "use": st.column_config.CheckboxColumn(T["col_use"]),
            "name": st.column_config.TextColumn(T["col_name"], required=True, max_chars=60),
            "column": st.column_config.TextColumn(T["col_column"], disabled=True),
            "kind": st.column_config.SelectboxColumn(T["col_kind"], options=list(kinds.values()), required=True),
            "weight": st.column_config.NumberColumn(T["col_weight"], min_value=0.0, max_value=100.0, step=0.25,
                                                    format="%.2f", help=T["weight_help"]),
            "training_only": st.column_config.CheckboxColumn(T["col_aux"], help=T["aux_column_help"]),
            "rule": st.column_config.TextColumn(T["col_rule"], disabled=True, width="medium"),
        },
    )
    edited = edited.assign(kind=[codes.get(k, k) for k in edited["kind"]], rule=table["rule"].to_numpy())
    if not edited.equals(table):
        state.set_tasks_table(edited.reset_index(drop=True))
    st.caption(T["weight_help"])
    st.caption(T["aux_help"])
    for name, kind in tt.fixed_kind_notes(state.tasks_table()):
        st.caption(md_format(T["kind_fixed"], name=name, kind=words.kind(kind)))


def presets(table: pd.DataFrame) -> None:
    st.subheader(T["presets"])
    names = [n for n, use in zip(table["name"], table["use"]) if use] or list(table["name"])
    if st.session_state.get("tasks_focus") not in names:
        st.session_state["tasks_focus"] = names[0]
    left, middle, right = st.columns([1, 2, 1], vertical_alignment="bottom")
    left.button(T["preset_balanced"], key="tasks_preset_balanced", on_click=on_preset, args=("balanced",),
                help=T["preset_balanced_help"], width="stretch")
    middle.selectbox(T["focus_pick"], names, key="tasks_focus", placeholder=M.COMMON["choose"])
    right.button(T["preset_focus"], key="tasks_preset_focus", on_click=on_preset, args=("focus",),
                 help=T["preset_focus_help"], width="stretch")


def _numeric_columns(schema) -> list[str]:
    return [c.name for c in schema.columns
            if c.value_type.value == "numeric" and c.role.value in ("target", "input")]


def derived(frame: pd.DataFrame, schema) -> None:
    with st.expander(T["derived"]):
        st.caption(T["derived_help"])
        columns = _numeric_columns(schema)
        if not columns:
            st.info(T["derived_no_numeric"])
            return
        if st.session_state.get("tasks_derived_column") not in columns:
            st.session_state["tasks_derived_column"] = columns[0]
        column = st.selectbox(T["derived_column"], columns, key="tasks_derived_column", on_change=on_derived_column,
                              placeholder=M.COMMON["choose"])
        rule_type = st.radio(T["derived_type"], [tt.THRESHOLD, tt.BANDS], key="tasks_derived_type", horizontal=True,
                             format_func=lambda r: T["derived_threshold"] if r == tt.THRESHOLD else T["derived_bands"])
        values = pd.to_numeric(frame[column], errors="coerce").dropna()
        if rule_type == tt.THRESHOLD:
            median = float(round(values.median(), 1)) if len(values) else 0.0
            st.number_input(T["derived_at"], key="tasks_derived_at", value=state.seed("tasks_derived_at", median))
            left, right = st.columns(2)
            left.text_input(T["derived_below"], key="tasks_derived_below", max_chars=40,
                            value=state.seed("tasks_derived_below", T["derived_below_default"]))
            right.text_input(T["derived_above"], key="tasks_derived_above", max_chars=40,
                             value=state.seed("tasks_derived_above", T["derived_above_default"]))
        else:
            cuts = values.quantile([1 / 3, 2 / 3]).round(0).drop_duplicates() if len(values) else pd.Series([0.0])
            st.text_input(T["derived_cuts"], key="tasks_derived_cuts",
                          value=state.seed("tasks_derived_cuts", ", ".join(f"{c:g}" for c in cuts)))
            st.text_input(T["derived_labels"], key="tasks_derived_labels")
        st.text_input(T["derived_name"], key="tasks_derived_name", max_chars=60)
        st.button(T["derived_add"], key="tasks_derived_add", on_click=on_add_derived)
    if (~state.tasks_table()["use"] & state.tasks_table()["rule_spec"].astype(bool)).any():
        st.button(T["remove_unused"], key="tasks_remove_unused", on_click=on_remove_unused)


def chosen(frame: pd.DataFrame, schema) -> None:
    st.subheader(T["chosen"])
    tasks, problems = state.tasks()
    for problem in problems:
        st.error(md(problem))
    if not tasks:
        st.info(T["chosen_none"])
        return
    ui.table(pd.DataFrame({
        T["col_name"]: [t.name for t in tasks],
        T["col_kind"]: [words.kind(t.kind) for t in tasks],
        T["col_rule"]: [words.task_rule(t) for t in tasks],
        T["col_weight"]: [t.weight for t in tasks],
        T["col_aux"]: [t.auxiliary for t in tasks],
    }), hide_index=True, width="stretch", key="tasks_chosen")
    auxiliary = [t.name for t in tasks if t.auxiliary]
    if auxiliary:
        st.caption(md_format(T["aux_chosen"], names=", ".join(auxiliary)))
    found = state.problems(tasks)
    errors = found[found["severity"] == "error"]
    if len(errors):
        st.subheader(T["task_problems"])
        ui.problems(errors, key="tasks_problems")
    elif not problems:
        st.success(T["ready"].format(outcomes=count("outcomes", len(tasks)), students=count("students", len(frame))))


def _seeded(key: str, name: str, settings: dict, options=None) -> dict:
    """The ``key`` and the default (``value``, or ``index`` into ``options``) of the widget for setting ``name``."""
    if name not in settings:  # settings kept from before this setting existed
        settings[name] = tt.default_settings(state.students())[name]
    if options is not None:
        return {"key": key, "index": state.seed_index(key, options, settings[name])}
    return {"key": key, "value": state.seed(key, settings[name])}


def advanced(settings: dict, columns: list[str]) -> None:
    """The Advanced settings with the Recommended preset (cheap to draw: the method lists need no TensorFlow), and
    the directions the model must keep for the numeric inputs ``columns``."""
    with st.expander(T["advanced"], key="tasks_advanced"):
        st.caption(T["advanced_help"])
        note = recommended()
        settings_widgets(settings)
        monotonic(settings, columns)
        with note:
            recommended_note(settings)
    try:
        tt.make_config(settings, columns)
    except mtl_core.EduMTLError as error:
        st.error(md_format(T["settings_problem"], message=words.error_text(error)))


def recommended():
    """The Recommended preset's button; returns the container beside it for :func:`recommended_note`
    (filled after the widgets, so it describes the settings as they are after this rerun)."""
    left, right = st.columns([1, 4], vertical_alignment="center")
    left.button(T["recommended"], key="tasks_preset_recommended", on_click=on_recommended,
                help=T["recommended_help"], width="stretch")
    return right.container(key="tasks_recommended_note")


def recommended_why() -> str:
    """Why the Recommended settings are recommended, naming the core's default architecture and members."""
    defaults = mtl_core.TrainConfig()
    label = {m.name: m.label for m in sources.method_choices()[0]}[defaults.architecture]
    return T["recommended_why"].format(architecture=M.core_text(label), members=defaults.ensemble_size)


def recommended_note(settings: dict) -> None:
    """Why the Recommended settings are recommended, and what differs from them now."""
    st.caption(recommended_why())
    n = state.students()
    if tt.recommended_folds(n) != tt.recommended_folds():
        st.caption(T["recommended_large"].format(students=number(n, 0), k=tt.recommended_folds(n),
                                                 usual=tt.recommended_folds()))
    changed = tt.changed_settings(settings, n)
    if changed:
        words = ", ".join(T["setting_names"].get(name, name) for name in changed)
        st.caption(T["recommended_changed"].format(changes=words))
    else:
        st.caption(T["recommended_in_use"])


def monotonic(settings: dict, columns: list[str]) -> None:
    """Per numeric input: "more can only help" / "more can only hurt" / no rule, seeded from the teacher's choice
    (``task_table.monotonic_rules``; no rule until they set one), copied back into ``settings``; the suggested
    directions (``task_table.monotonic_suggestions``) are named, not applied."""
    st.markdown(f"**{T['monotonic']}**")
    st.caption(T["monotonic_help"])
    if not columns:
        st.caption(T["monotonic_none"])
        return
    choices = T["monotonic_choices"]
    suggested = tt.monotonic_suggestions(columns)
    if suggested:
        listed = ", ".join(f"{column} ({choices['help' if d > 0 else 'hurt']})" for column, d in suggested.items())
        st.caption(md_format(T["monotonic_suggested"], columns=listed))
    options = [tt.HELPS, tt.HURTS, tt.NO_RULE]
    shown = tt.monotonic_rules(settings, columns)
    chosen = {}
    with st.container(key="tasks_monotonic"):
        grid = st.columns(3)
        for i, column in enumerate(columns):
            key = MONOTONIC_PREFIX + column
            # the column name is the teacher's text: an escaped label (widget labels are Markdown)
            chosen[column] = grid[i % 3].selectbox(
                md(column), options, key=key, index=state.seed_index(key, options, shown.get(column, tt.NO_RULE)),
                format_func=lambda code: choices[{tt.HELPS: "help", tt.HURTS: "hurt"}.get(code, "none")],
                placeholder=M.COMMON["choose"])
    tt.set_monotonic(settings, chosen, columns)


def _methods_help(infos) -> str:
    """The tooltip of a method box: each method's label and summary (the core's text)."""
    return "\n\n".join(f"**{md(M.core_text(m.label))}**: {md(M.core_text(m.summary))}" for m in infos)


def settings_widgets(settings: dict) -> None:
    """Widgets for every Advanced setting, seeded from ``settings`` and copied back into it."""
    architectures, weightings = sources.method_choices()
    arch = {m.name: m for m in architectures}
    weights = {m.name: m for m in weightings}
    left, right = st.columns(2)
    left.selectbox(T["architecture"], list(arch), **_seeded("tasks_architecture", "architecture", settings, arch),
                   format_func=lambda n: M.core_text(arch[n].label), help=_methods_help(architectures),
                   placeholder=M.COMMON["choose"])
    right.selectbox(T["weighting"], list(weights), **_seeded("tasks_weighting", "weighting", settings, weights),
                    format_func=lambda n: M.core_text(weights[n].label), help=_methods_help(weightings),
                    placeholder=M.COMMON["choose"])
    left.number_input(T["epochs"], min_value=1, max_value=5000, step=10,
                      **_seeded("tasks_epochs", "epochs", settings))
    right.select_slider(T["learning_rate"], options=[0.0003, 0.001, 0.003, 0.01, 0.03],
                        **_seeded("tasks_learning_rate", "learning_rate", settings))
    left.text_input(T["hidden_units"], **_seeded("tasks_hidden_units", "hidden_units", settings))
    right.text_input(T["head_units"], **_seeded("tasks_head_units", "head_units", settings))
    left.slider(T["dropout"], 0.0, 0.8, step=0.05, **_seeded("tasks_dropout", "dropout", settings))
    right.number_input(T["ensemble"], min_value=1, max_value=10,
                       **_seeded("tasks_ensemble", "ensemble_size", settings))
    schemes = ["kfold", "holdout"]
    validation = left.radio(T["validation"], schemes, **_seeded("tasks_validation", "validation", settings, schemes),
                            format_func=lambda v: T["validation_kfold"] if v == "kfold" else T["validation_holdout"])
    if validation == "kfold":
        right.number_input(T["k"], min_value=2, max_value=20, **_seeded("tasks_k", "k", settings))
    else:
        right.slider(T["test_size"], 0.05, 0.5, step=0.05, **_seeded("tasks_test_size", "test_size", settings))
    right.number_input(T["seed"], min_value=0, max_value=2**31 - 1, **_seeded("tasks_seed", "seed", settings))
    stopping = {"per_task": (T["early_stopping_per_task"], T["early_stopping_per_task_help"]),
                "joint": (T["early_stopping_joint"], T["early_stopping_joint_help"])}
    left.radio(T["early_stopping"], list(stopping),
               **_seeded("tasks_early_stopping", "early_stopping", settings, stopping),
               format_func=lambda v: stopping[v][0], captions=[help_text for _, help_text in stopping.values()])
    for key, name in WIDGETS.items():
        if key in st.session_state:
            settings[name] = st.session_state[key]


# --------------------------------------------------------------------------- page

if log_state.is_log():  # the answer-log version of this page: dashboard/log_tasks.py
    log_tasks.page()
    st.stop()
st.title(T["title"])
ui.require(state.frame() is not None, M.COMMON["need_data"], "data", M.COMMON["go_data"])
ui.show_notices("tasks")
frame, schema = state.frame(), state.schema()
table = state.tasks_table()
st.caption(T["intro"])
if table.empty:
    ui.require(False, T["no_targets"], "data", M.COMMON["go_data"])
editor(table)
presets(state.tasks_table())
derived(frame, schema)
chosen(frame, schema)
advanced(state.settings(), tt.monotonic_columns(schema, frame))
