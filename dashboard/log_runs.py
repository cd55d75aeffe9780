"""The Saved runs page's answer-log version: the space's saved log runs, open one, and score a new log with it.

Scoring a new log (next term's class, or this class with this week's answers) needs no training: every answer
row gets the chance it would be right given only that student's earlier rows in the file
(``mtl_core.score_log``), and every student their mastery after their last answer. The scored rows download as
the input columns plus ``p_correct``, in input order. The space box above is the class-table page's own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

import mtl_core
from dashboard import log_state, sources, ui
from dashboard import log_verdicts as lv
from dashboard import messages as M
from dashboard import runs_view as rv
from dashboard.text import count, md, md_format

L = M.LOG
R = M.RUNS
LOG_KIND = "answer_log"


def kinds(listing: pd.DataFrame, root: Path) -> list[str]:
    """The kind of every listed run ("answer_log" or "class_table"); a folder whose kind cannot be read is
    listed as a class run (the class page says what is wrong with it)."""
    out = []
    for name in listing["name"]:
        try:
            out.append(mtl_core.run_kind(root / str(name)))
        except mtl_core.EduMTLError:
            out.append("class_table")
    return out


def class_runs(listing: pd.DataFrame, root: Path) -> pd.DataFrame:
    """The class-table runs of a listing (the class page lists only these: a log run opens in log mode)."""
    if listing.empty:
        return listing
    return listing[[k != LOG_KIND for k in kinds(listing, root)]].reset_index(drop=True)


def log_runs(listing: pd.DataFrame, root: Path) -> pd.DataFrame:
    if listing.empty:
        return listing
    return listing[[k == LOG_KIND for k in kinds(listing, root)]].reset_index(drop=True)


def open_run(folder: Path, created: str, message=None):
    """A saved log run, loaded once (only the latest one opened is kept: a run holds its Keras models)."""
    cache = log_state.saved_runs()
    key = f"{folder}|{created}"
    if key not in cache:
        cache.clear()
        sources.wait_for_engine()
        cache[key] = mtl_core.load_log_run(folder)
    return cache[key]


def on_use(folder: str, created: str, name: str) -> None:
    run = rv.open_or_say(folder, created, open_run)
    if run is None:
        return
    log_state.set_run(log_state.ActiveLogRun(run, source=R["source"].format(name=name), saved_as=name))
    ui.notify("runs", "success", R["loaded"].format(name=name))


def on_score(folder: str, created: str, name: str) -> None:
    uploaded = st.session_state.get("runs_log_score_upload")
    if uploaded is None:
        return
    try:
        loaded = sources.read_upload(uploaded.name, uploaded.getvalue())
        run = open_run(Path(folder), created)
        scores = mtl_core.score_log(run, loaded.frame)
        rows = lv.scored_rows(loaded.frame, scores)
    except mtl_core.DataValidationError as error:
        log_state.set_scored(log_state.ScoredLog(name, uploaded.name, pd.DataFrame(), pd.DataFrame(), error.problems))
        return
    except Exception as error:  # noqa: BLE001 - DataReadError, ConfigError, or a bug: a message either way
        ui.notify("runs", "error", f"{R['score_failed']} {rv.core_message(error, Path(folder).parent)}")
        return
    log_state.set_scored(log_state.ScoredLog(name, loaded.source_name, rows, scores.mastery, scores.warnings))


def selected(listing: pd.DataFrame, root: Path):
    picked = rv.pick(listing, root, "runs_log_pick", open_run)
    if picked is None:
        return None
    run, folder, created, name = picked
    st.markdown(f"**{R['metrics']}**")
    ui.table(lv.comparison_table(run), key="runs_log_metrics")
    with st.container(key="runs_log_verdicts"):
        for sentence, level in lv.sentences(run):
            getattr(st, level)(md(sentence))
    st.button(R["load"], key="runs_log_load", type="primary", on_click=on_use, args=(str(folder), created, name))
    return folder, created, name


def scoring(folder: Path, created: str, name: str) -> None:
    st.subheader(L["score"])
    st.file_uploader(L["score"], type=sources.UPLOAD_TYPES, key="runs_log_score_upload", help=L["score_help"],
                     on_change=on_score, args=(str(folder), created, name), label_visibility="collapsed")
    st.caption(L["score_help"])
    scored = log_state.scored()
    if scored is None or scored.run_name != name:
        return
    if scored.predictions.empty:
        st.error(md_format(L["score_problems"], name=scored.file_name))
        ui.problems(scored.warnings, key="runs_log_score_problems")
        return
    st.success(md_format(L["scored"], answers=count("answers", len(scored.predictions)), name=scored.file_name,
                         students=count("students", scored.mastery["student"].nunique())))
    if len(scored.warnings):
        ui.problems(scored.warnings, key="runs_log_score_warnings")
    shown = scored.predictions.rename(columns={"p_correct": L["col_p_correct"]})  # the file keeps 'p_correct'
    ui.table(shown.round(3), height=320, key="runs_log_scored",
             column_config={L["col_p_correct"]: st.column_config.ProgressColumn(L["col_p_correct"], min_value=0.0,
                                                                                 max_value=1.0, format="percent")})
    sheets = {"answers": scored.predictions, "mastery": scored.mastery}
    if not scored.files:
        scored.files = ui.export_files(sheets, "answers")
    stem = Path(scored.file_name).stem
    ui.download_buttons(L["scored_file"].format(name=stem), scored.files, key="runs_log_download",
                        make_excel=ui.excel_maker(sheets))
    ui.download_note()
    st.markdown(f"**{L['scored_mastery']}**")
    ui.table(lv.mastery_rows(scored.mastery), height=280, key="runs_log_scored_mastery")


def page(space: str) -> None:
    """The answer-log version of the Saved runs page (after the title and the space box)."""
    active = log_state.active_run()
    if active is not None and active.saved_as:
        st.caption(md_format(R["active"], name=active.saved_as))
    root = sources.runs_root(space)
    listing = log_runs(mtl_core.list_runs(root), root)
    if listing.empty:
        st.info(L["runs_none"])
        ui.page_link("train", M.COMMON["go_train"])
        st.stop()
    rv.listing_table(listing, root, title=L["runs_table"], key="runs_log_table", tasks=False)
    choice = selected(listing, root)
    if choice is not None:
        scoring(*choice)
