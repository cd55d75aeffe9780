"""Model card page: what the run in use was trained on, how good it is and what it is not for, as a readable page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import card_view, log_card, log_state, state, ui
from dashboard import messages as M

C = M.CARD

st.title(C["title"])
if log_state.is_log():  # the answer-log version of this page: dashboard/log_card.py
    log_card.page()
    st.stop()
st.caption(C["intro"])
active = state.active_run()
ui.require(active is not None, M.COMMON["need_run"], "train", M.COMMON["go_train"])
ui.stale_banner(active.run, active.frame, "card")
name = active.saved_as or Path(active.source).stem or active.source
card_view.show(active.run, name=name, source=active.source, key="card", tz=ui.browser_timezone())
