"""Students page: every student's predictions and risk; a profile with reasons, suggested actions and what-if."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

import mtl_core
from dashboard import charts, log_state, log_students, state, ui, verdicts
from dashboard import messages as M
from dashboard import student_view as sv
from dashboard.text import md, md_format, number, plural

S = M.STUDENTS
SCALE = M.ROSTER
PROFILES_KEPT = 200  # students' reasons and actions kept per run (a large class works them out one by one)
RISK_WORDS = M.COMMON["risk"]
PICKED_IN_TABLE = "students_picked_in_table"
TABLE_SELECTION = state.RUN_WIDGET_PREFIXES[0]  # key prefix of the table's selection widget
TABLE_GENERATION = "students_table_generation"


# --------------------------------------------------------------------------- callbacks

def on_table_select(key: str) -> None:
    selection = st.session_state.get(key)
    rows = selection.selection.rows if selection is not None else []
    shown = st.session_state.get(state.STUDENTS_SHOWN, [])
    if rows and rows[0] < len(shown):
        st.session_state["students_pick"] = shown[rows[0]]
        st.session_state[PICKED_IN_TABLE] = True  # the list (a fragment) reruns the whole page for the profile
        # A fresh table next time: the clicked row would otherwise stay selected on whichever student a new
        # search puts in that row, and a click on it would unselect instead of opening them.
        st.session_state[TABLE_GENERATION] = st.session_state.get(TABLE_GENERATION, 0) + 1
        state.forget_whatif()


def on_pick() -> None:
    state.forget_whatif()
    state.forget("students_reason_task")


# --------------------------------------------------------------------------- sections

def recommendations(active):
    """A small class's recommendations (everyone's reasons and actions), computed once per run."""
    if active.recommendations is None:
        with st.spinner(S["computing"]):
            try:
                active.recommendations = mtl_core.recommend(active.run, active.frame)
                sv.what_if_one(active.run, active.frame, 0, {})  # prepares the one-student graph for what-if
            except Exception as error:  # noqa: BLE001 - mtl_core errors and bugs alike: a message, never a traceback
                ui.show_error(error)
                st.stop()
    return active.recommendations


def class_students(active):
    """A large class's students (predictions and risk; no reasons and actions yet), computed once per run."""
    if active.students is None:
        with st.spinner(plural(SCALE["preparing"], len(active.frame))):
            try:
                active.students = sv.class_students(active.run, active.frame, active.training_class)
            except Exception as error:  # noqa: BLE001 - a message, never a traceback
                ui.show_error(error)
                st.stop()
    return active.students


def profile_tables(active, recs, row: int):
    """(reasons, actions) long tables that hold the student in ``row``: everyone's for a small class, else this
    student's alone, worked out when their profile is first opened and kept with the run."""
    if recs is not None:
        return recs.reasons, recs.actions
    cached = active.profiles.get(row)
    if cached is None:
        with st.spinner(SCALE["profile_computing"]):
            try:
                cached = sv.student_profile(active.run, active.frame, row)
            except Exception as error:  # noqa: BLE001 - a message, never a traceback
                ui.show_error(error)
                st.stop()
        if len(active.profiles) >= PROFILES_KEPT:
            active.profiles.pop(next(iter(active.profiles)))
        active.profiles[row] = cached
    return cached


@st.fragment
def student_list(table, run, id_column, name_column) -> list[int]:
    """The searchable, filterable table. A fragment: typing a search or changing a filter redraws only the
    table (a fraction of the page's time); a click on a row reruns the page to open that student's profile,
    and so does the next full rerun for the profile's list of students."""
    if st.session_state.pop(PICKED_IN_TABLE, False):
        st.rerun()
    left, middle, right = st.columns([2, 2, 1])
    query = left.text_input(S["search"], key="students_search")
    levels = middle.multiselect(S["risk_filter"], ["high", "medium", "low"], default=["high", "medium", "low"],
                                key="students_risk", format_func=lambda level: RISK_WORDS[level],
                                placeholder=S["risk_placeholder"])
    options = sv.sort_options(run)
    sort_words = {sv.SORT_RISK: S["sort_risk"], sv.SORT_NAME: S["sort_name"], sv.SORT_ID: S["sort_id"]}
    sort_by = right.selectbox(S["sort"], options, key="students_sort", format_func=lambda o: sort_words.get(o, o),
                             placeholder=M.COMMON["choose"])
    shown = sv.filter_students(table, query=query, risk_levels=levels, sort_by=sort_by, id_column=id_column,
                               name_column=name_column)
    st.session_state[state.STUDENTS_SHOWN] = list(shown.index)
    st.caption(plural(S["shown"], len(table), shown=number(len(shown), 0)))
    config = {
        "risk_level": st.column_config.TextColumn(S["col_risk"]),
        "risk_detail": st.column_config.TextColumn(S["col_risk_detail"], help=S["col_risk_detail_help"]),
        "risk_task": st.column_config.TextColumn(S["col_risk_task"]),
        "top_actions": st.column_config.TextColumn(S["col_actions"], width="large"),
        "out_of_sample": st.column_config.CheckboxColumn(S["col_sample"]),
    }
    # Sorted by risk already; the score itself is not shown: a chance is said in words, never "100%" (risk_detail),
    # and a risk from a predicted number is not a chance at all.
    display = shown.drop(columns=["risk_score"]).assign(risk_level=shown["risk_level"].map(RISK_WORDS))
    if "top_actions" in shown.columns:
        display["top_actions"] = [M.core_text(a) for a in shown["top_actions"]]
    else:
        st.caption(SCALE["per_student"].format(n=number(len(table), 0), limit=number(sv.FULL_PASS_LIMIT, 0)))
    key = f"{TABLE_SELECTION}_{st.session_state.get(TABLE_GENERATION, 0)}"  # new after each click: see on_table_select
    with st.container(key="students_table"):
        st.dataframe(display, key=key, on_select=partial(on_table_select, key), selection_mode="single-row",
                     hide_index=True, width="stretch", height=360, column_config=config, placeholder="")
    return list(shown.index)


def risk(student, run) -> None:
    sentence = md(sv.risk_sentence(student, run))
    {"high": st.error, "medium": st.warning}.get(student["risk_level"], st.success)(sentence)
    if sv.risk_from_value(student, run):
        st.caption(S["risk_value_note"])
    if not bool(student["out_of_sample"]):
        st.caption(S["in_sample"])


def predictions(active, row: int, student) -> None:
    st.markdown(f"**{S['predictions']}**")
    actual = active.run.predictions.iloc[row] if active.training_class else None
    table = sv.prediction_rows(student, active.run, actual)
    if not table["actual"].astype(bool).any():
        table = table.drop(columns=["actual"])
    ui.table(table.rename(columns={"task": S["col_task"], "prediction": S["col_prediction"],
                                       "detail": S["col_detail"], "actual": S["col_actual"]}),
                 hide_index=True, width="stretch", key="students_predictions")
    backing = sv.range_students(active.run)
    if backing:
        st.caption(S["chance_range_note"].format(n=number(backing, 0), within=number(100 * mtl_core.CHANCE_SIMILAR_WITHIN, 0),
                                                 minimum=number(mtl_core.CHANCE_MIN_SIMILAR, 0)))


def reasons(long_reasons, run, row: int, student) -> None:
    st.markdown(f"**{S['reasons']}**")
    names = [t.name for t in run.outcome_tasks]
    task = st.selectbox(S["reasons_task"], names, key="students_reason_task",
                        index=state.seed_index("students_reason_task", names, sv.default_reason_task(student, run)),
                        placeholder=M.COMMON["choose"])
    table, target, typical = sv.reasons_for(long_reasons, row, task)
    shown_target = M.core_text(target)  # "P(fail)": written by the core
    ui.chart(charts.contributions(table, shown_target, sv.higher_is_better(run, task, target)),
             key="students_reasons_chart")
    st.caption(md_format(S["reasons_note"], typical=sv.typical_text(run, task, target, typical))
               + md(sv.class_reality(run, task, target)))


def actions(long_actions, run, row: int) -> None:
    st.markdown(f"**{S['actions']}**")
    table = sv.actions_for(long_actions, row, run)
    if table.empty:
        st.info(S["actions_none"])
        return
    with st.container(key="students_actions"):
        for item in table.to_dict("records"):  # sure helps first; an uncertain one is said to be so, first thing
            line = S["action_line_uncertain"] if item["uncertain"] else S["action_line"]
            st.markdown(md_format(line, action=item["action"], change=item["change"]))
            st.caption(md(item["effect"]))
    st.caption(S["actions_spread_note"])
    st.caption(S["actions_note"])


@st.fragment
def what_if(active, row: int, student) -> None:
    """Sliders on changeable inputs; only this panel reruns when one moves."""
    st.markdown(f"**{S['whatif']}**")
    run, frame = active.run, active.frame
    controls = sv.whatif_controls(run, frame, row)
    if not controls:
        st.info(S["whatif_none"])
        return
    st.caption(S["whatif_help"])
    values = {}
    columns = st.columns(2)
    for i, control in enumerate(controls):
        key = state.WHATIF_PREFIX + control["column"]
        with columns[i % 2]:
            # The column name is the teacher's text: shown with st.text (never Markdown); the hidden widget label
            # (still parsed as Markdown by Streamlit) gets the escaped name.
            st.text(control["column"])
            label = md(control["column"])
            if control["kind"] == "number":
                values[control["column"]] = st.slider(
                    label, control["min"], control["max"], value=state.seed(key, control["value"]),
                    step=control["step"], format=control["format"], key=key, label_visibility="collapsed")
            else:
                values[control["column"]] = st.selectbox(
                    label, control["options"], index=state.seed_index(key, control["options"], control["value"]),
                    key=key, label_visibility="collapsed", placeholder=M.COMMON["choose"])
    st.button(S["whatif_reset"], key="students_whatif_reset", on_click=state.forget_whatif)
    changes = sv.changes_from(controls, values)
    try:
        result = sv.what_if_one(run, frame, row, changes) if changes else sv.unchanged(student, run)
    except Exception as error:  # noqa: BLE001 - a message, never a traceback
        ui.show_error(error)
        return
    rows = sv.whatif_rows(result, run)
    with st.container(key="students_whatif_table"):
        for column, row in zip(st.columns(len(rows)), rows.to_dict("records")):
            note = md_format(S["whatif_before"], value=row["before"])
            # Label and value may hold the teacher's text (outcome and category names) and st.metric renders
            # both as Markdown; the delta is our own number ("+2.1", "-6 pp").
            column.metric(md(row["label"]), md(row["after"]), delta=row["change"] or None, delta_color=row["colour"],
                          help=note + (f"; {md(row['detail'])}" if row["detail"] else ""))
            if row.get("spread"):  # our own numbers and words
                column.caption(md(row["spread"]))
            if row.get("uncertain"):
                column.caption(S["whatif_uncertain"])
    if rows.get("spread", pd.Series(dtype=object)).astype(bool).any():
        st.caption(S["actions_spread_note"])
    st.caption(S["actions_note"])


def untrusted_warning(run) -> None:
    """Say which outcomes the Results page says not to rely on: their risk flags and actions are still shown."""
    names = verdicts.untrustworthy(run.summary, run.metrics)
    if names:
        with st.container(key="students_untrusted"):
            st.warning(md_format(S["untrusted"], tasks=", ".join(names)))


def export_files(active, recs, pseudonymise: bool) -> tuple[dict, object]:
    """The download files of the recommendations (made once per run and variant, kept on the ActiveRun) and the
    function that makes their Excel workbook when the teacher asks for it. A large class's (``recs`` None) hold
    every student's predictions and risk; reasons and actions are in each profile."""
    key = ("recommendations", pseudonymise)
    if key not in active.exports:
        if recs is None:
            sheets = sv.students_sheet(active.students, active.run, pseudonymise=pseudonymise, salt=state.salt())
        else:
            sheets = sv.export_sheets(recs, active.run, pseudonymise=pseudonymise, salt=state.salt())
        active.exports[key] = (ui.export_files(sheets, "students"), ui.excel_maker(sheets))
    return active.exports[key]


def prepare_downloads(active) -> None:
    for pseudonymise in (False, True):
        export_files(active, None, pseudonymise)


def downloads(active, recs) -> None:
    """Two rows of buttons, with names and IDs or with codes instead: the choice is made by the click itself, so
    no rerun stands between choosing and downloading (and a stale button never gives the other file)."""
    st.subheader(S["downloads"])
    if recs is None:
        st.caption(SCALE["download_large"].format(n=number(len(active.frame), 0),
                                                  limit=number(sv.FULL_PASS_LIMIT, 0)))
        if ("recommendations", False) not in active.exports:  # a large class: files made on request, not on every visit
            st.button(SCALE["prepare_downloads"], key="students_prepare_downloads", on_click=prepare_downloads,
                      args=(active,))
            return
    for variant, pseudonymise in (("named", False), ("codes", True)):
        st.caption(S[f"download_{variant}"])
        name = S["download_file_codes"] if pseudonymise else S["download_file"]
        files, make_excel = export_files(active, recs, pseudonymise)
        ui.download_buttons(name, files, key="students_download_codes" if pseudonymise else "students_download",
                            make_excel=make_excel)
    ui.download_note()


# --------------------------------------------------------------------------- page

st.title(S["title"])
if log_state.is_log():  # the answer-log version of this page: dashboard/log_students.py
    log_students.page()
    st.stop()
active = state.active_run()
ui.require(active is not None, M.COMMON["need_run"], "train", M.COMMON["go_train"])
ui.require(active.frame is not None, M.COMMON["need_run_frame"], "data", M.COMMON["go_data"])
st.caption(S["intro"])
run = active.run
ui.stale_banner(run, active.frame, "students")
untrusted_warning(run)
recs = recommendations(active) if sv.uses_full_pass(active.frame) else None  # None: a large class (see sv)
if "table" not in active.views:  # built once per run: opening another student reruns the page
    active.views["table"] = sv.student_table(recs if recs is not None else class_students(active), run)
table = active.views["table"]
id_column, name_column = sv.identity_columns(run, table)
ui.chart(charts.risk_counts(table["risk_level"], RISK_WORDS), key="students_risk_chart")
shown = student_list(table, run, id_column, name_column)

st.subheader(S["profile"])
if st.session_state.get("students_pick") not in table.index:
    st.session_state["students_pick"] = (shown or list(table.index))[0]
options = sv.pick_options(shown or list(table.index), st.session_state["students_pick"])
if len(shown) > sv.PICK_LIMIT:
    st.caption(SCALE["pick_limit"].format(n=number(len(shown), 0), limit=number(sv.PICK_LIMIT, 0)))
if ("labels", M.language()) not in active.views:  # unique: the select box tells options apart by their text
    active.views[("labels", M.language())] = sv.student_labels(table, id_column, name_column)
labels = active.views[("labels", M.language())]
row = st.selectbox(S["pick"], options, key="students_pick", index=options.index(st.session_state["students_pick"]),
                   on_change=on_pick, format_func=labels.__getitem__,
                   placeholder=M.COMMON["choose"])  # index: see state.seed
students = recs.students if recs is not None else active.students
student = students.iloc[row]
st.markdown(f"### {md(labels[row])}")
risk(student, run)
long_reasons, long_actions = profile_tables(active, recs, row)
left, right = st.columns(2)
with left:
    predictions(active, row, student)
with right:
    reasons(long_reasons, run, row, student)
actions(long_actions, run, row)
what_if(active, row, student)
downloads(active, recs)
