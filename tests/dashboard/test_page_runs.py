"""Saved runs page: list, open, and score a new class file without retraining."""

from __future__ import annotations

import pytest

import mtl_core
from dashboard import messages as M
from dashboard import state
from tests.synthetic import make_tiny_class
from tests.dashboard.helpers import csv_upload, page, preset, texts


@pytest.fixture
def saved(runs_dir, tiny_run):
    """The tiny run saved as 'term 1', plus a damaged folder beside it."""
    frame, run = tiny_run
    mtl_core.save_run(run, runs_dir / "term 1")
    (runs_dir / "broken").mkdir()
    (runs_dir / "broken" / "run.json").write_text("{not json")
    return frame, run


def test_no_saved_runs_says_what_to_do(runs_dir):
    at = page("runs").run()
    assert not at.exception
    assert M.RUNS["none"] in texts(at.info)


def test_lists_runs_with_their_outcomes_and_metrics(saved):
    frame, run = saved
    at = page("runs").run()
    assert not at.exception
    listing = at.get_by_key("runs_table").dataframe[0].value
    assert set(listing[M.RUNS["col_name"]]) == {"term 1", "broken"}
    broken = listing.set_index(M.RUNS["col_name"]).loc["broken"]
    assert not broken[M.RUNS["col_ok"]] and broken[M.RUNS["col_problem"]]
    assert at.selectbox(key="runs_pick").options == ["term 1"]
    metrics = at.get_by_key("runs_metrics").dataframe[0].value
    assert len(metrics) == len(run.outcome_tasks)


def test_use_a_saved_run_on_the_loaded_class(saved, tiny_loaded):
    frame, run = saved
    at = preset(page("runs"), tiny_loaded).run()
    at.button(key="runs_load").click().run()
    assert not at.exception
    active = at.session_state[state.RUN]
    assert active.saved_as == "term 1"
    assert active.frame is not None and active.training_class
    assert list(active.run.summary["task"]) == list(run.summary["task"])


def test_score_a_new_class_and_download(saved):
    at = page("runs").run()
    new_class = make_tiny_class(n=40, seed=5).drop(columns=["score", "passed", "band", "dropout"])
    at.file_uploader(key="runs_score_upload").set_value(csv_upload(new_class, "new term.csv")).run()
    assert not at.exception
    scored = at.get_by_key("runs_scored").dataframe[0].value
    assert len(scored) == 40
    assert {"student_id", "score", "passed", "risk_level"} <= set(scored.columns)
    keys = {b.key for b in at.get("download_button")}
    assert {"runs_download_csv", "runs_download_excel"} <= keys


def test_a_file_without_the_inputs_is_refused_readably(saved):
    at = page("runs").run()
    wrong = make_tiny_class(n=20).drop(columns=["effort"])
    at.file_uploader(key="runs_score_upload").set_value(csv_upload(wrong, "wrong.csv")).run()
    assert not at.exception
    assert any("effort" in t and "could not be scored" in t for t in texts(at.error))
