"""The Model card page's answer-log version: what the log run was trained on, how good it is beside the
baselines, and what it is not for, built from the run's data in the session's language (names from the
teacher's file as plain text)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import log_state, ui, words
from dashboard import log_verdicts as lv
from dashboard import messages as M
from dashboard.text import count, date_time, md, md_format

L = M.LOG


def page() -> None:
    """The answer-log version of the Model card page (after its title)."""
    active = log_state.active_run()
    ui.require(active is not None, L["need_run"], "train", M.COMMON["go_train"])
    run = active.run
    roles = run.roles
    st.caption(L["card_intro"])
    st.subheader(L["card_what"])
    st.markdown(md_format(L["card_what_line"], model=lv.model_name(run.model_name), source=active.source,
                          created=date_time(run.created, ui.browser_timezone())))
    st.subheader(L["card_data"])
    st.markdown(md_format(L["card_data_line"], answers=count("answers", run.n_answers),
                          students=count("students", run.n_students), skills=count("skills", len(run.skills)),
                          evaluation=words.evaluation(run.evaluation)))
    columns = pd.DataFrame({L["col_role"]: [L["roles_words"][r] for r in roles.columns],
                            L["col_column"]: list(roles.columns.values())})
    ui.table(columns, key="card_log_roles")
    st.subheader(L["card_quality"])
    with st.container(key="card_log_verdicts"):
        for sentence, level in lv.sentences(run):
            getattr(st, level)(md(sentence))
    ui.table(lv.comparison_table(run), key="card_log_comparison")
    st.subheader(L["card_limits"])
    for line in L["card_limits_lines"].values():
        st.markdown(f"- {line}")
