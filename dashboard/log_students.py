"""The Students page's answer-log version: per student and per skill.

* one student: current mastery of every skill with the answers it rests on, and the next skills to practise with
  a short reason;
* the class: a student x skill heat map, the hardest skills, and which skills' answers move the predictions on
  which others (``mtl_core.skill_influence``, the DKT paper's influence graph);
* the whole mastery table and every practice plan as downloads.

What is derived from the run is computed once and kept on the :class:`dashboard.log_state.ActiveLogRun`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import mtl_core
from dashboard import charts, log_state, ui
from dashboard import log_verdicts as lv
from dashboard import messages as M
from dashboard.text import md, md_format, number, plural

L = M.LOG
HEATMAP_ROWS = 60  # students in the heat map at once (lowest mean mastery first), so it stays readable
PICK = "log_run_student"  # forgotten with the run (log_state.RUN_WIDGET_PREFIX)
HEAT_FILTER = "log_run_heat_search"
MASTERED_PERCENT = 80  # mtl_core.sequence.training.MASTERED, as a percentage (a test keeps the two equal)


def _derived(active, name: str, make):
    """Something derived from the run, computed once per run (and per language where it holds words)."""
    key = (name, M.language())
    if key not in active.views:
        active.views[key] = make()
    return active.views[key]


def mastery_column(label: str):
    return st.column_config.ProgressColumn(label, min_value=0.0, max_value=1.0, format="percent")


def student_section(active, students: list) -> None:
    run = active.run
    st.subheader(L["student_title"])
    if st.session_state.get(PICK) not in students:
        st.session_state[PICK] = students[0]
    student = st.selectbox(L["student_pick"], students, key=PICK, placeholder=M.COMMON["choose"],
                           help=L["student_pick_help"])
    plan = lv.student_plan(run, student)
    st.markdown(f"**{L['plan_title']}**")
    with st.container(key="students_log_plan"):
        if plan.empty:
            st.success(md_format(L["plan_none"], student=student))
        else:
            ui.table(plan, key="students_log_plan_table",
                     column_config={L["col_mastery"]: mastery_column(L["col_mastery"]),
                                    L["col_reason"]: st.column_config.TextColumn(L["col_reason"], width="large")})
    st.markdown(f"**{L['mastery_title']}**")
    mastery = lv.student_mastery(run, student)
    ui.table(mastery, key="students_log_mastery", height=320,
             column_config={L["col_mastery"]: mastery_column(L["col_mastery"]),
                            L["col_class_mastery"]: mastery_column(L["col_class_mastery"])})
    st.caption(L["mastery_note"].format(threshold=number(MASTERED_PERCENT, 0)))


def heatmap_section(active) -> None:
    run = active.run
    st.subheader(L["heatmap_title"])
    wide = _derived(active, "wide", lambda: mtl_core.mastery_table(run, wide=True))
    query = st.text_input(L["heatmap_search"], key=HEAT_FILTER, help=L["heatmap_search_help"])
    order = wide.mean(axis=1).sort_values(kind="stable").index
    shown = wide.loc[order]
    if query:
        shown = shown[[query.strip().lower() in str(s).lower() for s in shown.index]]
    if len(shown) > HEATMAP_ROWS:
        st.caption(plural(L["heatmap_limited"], len(shown), shown=number(HEATMAP_ROWS, 0)))
        shown = shown.head(HEATMAP_ROWS)
    if shown.empty:
        st.info(L["heatmap_none"])
        return
    ui.chart(charts.mastery_heatmap(shown), key="students_log_heatmap")
    st.caption(L["heatmap_note"])


def hardest_section(active) -> None:
    st.subheader(L["hardest_title"])
    table = _derived(active, "hardest", lambda: lv.hardest(active.run))
    ui.table(table, key="students_log_hardest",
             column_config={L["col_class_mastery"]: mastery_column(L["col_class_mastery"]),
                            L["col_share_mastered"]: mastery_column(L["col_share_mastered"]),
                            L["col_reason"]: st.column_config.TextColumn(L["col_reason"], width="large")})


def relations_section(active) -> None:
    st.subheader(L["relations_title"])
    st.caption(L["relations_intro"])
    try:
        influence = _derived(active, "influence", lambda: mtl_core.skill_influence(active.run))
    except Exception as error:  # noqa: BLE001 - a message, never a traceback
        ui.show_error(error)
        return
    with st.container(key="students_log_relations"):
        for sentence in lv.relation_sentences(influence):
            st.markdown(f"- {md(sentence)}")
    with st.expander(L["relations_map"]):
        ui.chart(charts.skill_relations(influence), key="students_log_relations_map")
        st.caption(L["relations_note"])


def downloads(active) -> None:
    st.subheader(L["downloads"])
    run = active.run
    if "files" not in active.views:
        mastery = mtl_core.mastery_table(run)
        plans = mtl_core.practice_plan(run, n=3)
        sheets = {"mastery": mastery, "practice": plans, "skills": mtl_core.hardest_skills(run)}
        active.views["files"] = (ui.export_files(sheets, "mastery"), sheets)
    files, sheets = active.views["files"]
    ui.download_buttons(L["mastery_file"], files, key="students_log_download", make_excel=ui.excel_maker(sheets))
    ui.download_note()


def page() -> None:
    """The answer-log version of the Students page (after its title)."""
    active = log_state.active_run()
    ui.require(active is not None, L["need_run"], "train", M.COMMON["go_train"])
    run = active.run
    st.caption(md_format(L["students_line"], source=active.source, model=lv.model_name(run.model_name)))
    students = [str(s) for s in pd.unique(run.mastery["student"])]
    if not students:
        st.info(L["no_students"])
        st.stop()
    student_section(active, sorted(students))
    hardest_section(active)
    heatmap_section(active)
    relations_section(active)
    downloads(active)
