"""What every page shows about the space's work: what a restart of the server lost, how long a training runs.

Small Streamlit panels over :mod:`dashboard.state` and :mod:`dashboard.jobs`; no logic of their own beyond
wording.
"""

from __future__ import annotations

import streamlit as st

from . import jobs, state
from . import messages as M
from .text import date_time, md_format, plural, timezone_named


def browser_timezone():
    """The teacher's time zone (the browser's), so times read as on their clock; None: this computer's."""
    try:
        return timezone_named(st.context.timezone)
    except Exception:  # noqa: BLE001 - no browser (a page run on its own)
        return None


def when(iso: str) -> str:
    """A moment in the teacher's language and time zone ("Dec 1, 2026, 2:02 PM")."""
    return date_time(iso, browser_timezone())


def duration(seconds: float) -> str:
    """Seconds for people: "45 seconds" below a minute and a half, else whole minutes ("3 minutes")."""
    seconds = max(float(seconds), 0.0)
    if seconds < 90:
        return plural(M.JOBS["seconds"], int(round(seconds)))
    return plural(M.JOBS["minutes"], int(round(seconds / 60)))


def lost_work() -> None:
    """Say once what a restarted server (or a space let go after hours unused) lost, with a button to dismiss it."""
    lost = state.lost_work()
    if not lost:
        return
    key = "lost_running" if lost["state"] == "running" else "lost_finished"
    label = lost["label"] or M.JOBS["lost_unknown_file"]
    hours = jobs.idle_seconds() / 3600
    with st.container(key="space_lost"):
        st.warning(md_format(M.JOBS[key], time=when(lost["started"]), label=label, hours=f"{hours:g}"))
        st.button(M.JOBS["lost_dismiss"], key="space_lost_dismiss", on_click=state.dismiss_lost_work)


def running_since(job) -> None:
    """Under the progress bar: the training belongs to the space, not to this tab."""
    st.caption(md_format(M.JOBS["running_since"], time=when(jobs.iso_time(job.started)),
                         label=job.label or M.JOBS["lost_unknown_file"]))
