"""The Results page's answer-log version, in tabs: the verdict beside the baselines (per-skill base rate, PFA,
BKT) in plain words, the calibration of the predicted chances, the learning curves, and each skill in the log.

Only the open tab is drawn (the tabs rerun the page when switched), as on the class-table Results page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, log_state, state, ui, words
from dashboard import calibration_view as cal
from dashboard import log_verdicts as lv
from dashboard import messages as M
from dashboard.text import count, md, md_format, number, percent

L = M.LOG
R = M.RESULTS
TABS_KEY = "results_log_tabs"


def header(active) -> None:
    run = active.run
    st.caption(md_format(L["run_line"], source=active.source, model=lv.model_name(run.model_name),
                         answers=count("answers", run.n_answers), students=count("students", run.n_students),
                         evaluation=words.evaluation(run.evaluation), seconds=run.elapsed_s))
    if run.stopped_by_user:
        st.info(R["stopped_note"])
    st.caption(L["honest_note"])


def overview_tab(active) -> None:
    run = active.run
    with st.container(key="results_log_verdicts"):
        for sentence, level in lv.sentences(run):
            getattr(st, level)(md(sentence))
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{L['comparison']}**")
        ui.table(lv.comparison_table(run), key="results_log_comparison")
        st.caption(L["comparison_note"])
    with right:
        st.markdown(f"**{L['auc_title']}**")
        ui.chart(charts.log_model_auc(lv.auc_rows(run)), key="results_log_auc")
    if run.warnings is not None and len(run.warnings):
        with st.expander(R["warnings"]):
            ui.problems(run.warnings, key="results_log_warnings")


def calibration_tab(active) -> None:
    run = active.run
    st.markdown(f"**{L['calibration']}**")
    ui.chart(charts.log_calibration(lv.calibration_rows(run)), key="results_log_calibration")
    st.caption(L["calibration_note"])
    own = run.calibration[run.calibration["model"] == run.model_name]
    if len(own):
        gap = float((own["answers"] * (own["predicted"] - own["observed"]).abs()).sum() / own["answers"].sum())
        level = st.success if gap <= cal.GOOD_ECE else st.warning  # the class pages' threshold for honest chances
        level(md(L["calibration_gap"].format(model=lv.model_name(run.model_name), gap=number(gap * 100, 1))))


def learning_tab(active) -> None:
    st.markdown(f"**{M.TRAIN['curves_title']}**")
    ui.chart(charts.log_loss_curves(active.run.history), key="results_log_learning")
    st.caption(L["curves_note"])


def skills_tab(active) -> None:
    run = active.run
    skills = run.skills
    table = pd.DataFrame({
        L["col_skill"]: skills["skill"].astype(str),
        L["col_answers"]: skills["answers"].astype(int),
        L["col_students"]: skills["students"].astype(int),
        L["col_right_rate"]: [percent(v) for v in skills["right_rate"]],
        L["col_class_mastery"]: [percent(v) for v in skills["mean_mastery"]],
        L["col_start_mastery"]: [percent(v) for v in skills["start_mastery"]],
    })
    ui.table(table, key="results_log_skills")
    st.caption(L["skills_note"])


TABS = {"overview": overview_tab, "calibration": calibration_tab, "learning": learning_tab, "skills": skills_tab}


def page() -> None:
    """The answer-log version of the Results page (after its title)."""
    active = log_state.active_run()
    ui.require(active is not None, L["need_run"], "train", M.COMMON["go_train"])
    header(active)
    labels = [L["tabs"][name] for name in TABS]
    if st.session_state.get(TABS_KEY) not in (None, *labels):
        state.forget(TABS_KEY)
    for container, draw in zip(st.tabs(labels, key=TABS_KEY, on_change="rerun"), TABS.values()):
        if container.open is not False:
            with container:
                draw(active)
