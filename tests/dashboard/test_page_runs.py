"""Saved runs page: spaces, list, open, model card, and score a new class file without retraining."""

from __future__ import annotations

import re

import pytest

import mtl_core
from dashboard import messages as M
from dashboard import state
from tests.dashboard.helpers import csv_upload, page, preset, texts
from tests.synthetic import make_tiny_class

SPACE = "room-12"


def runs_page(space: str | None = SPACE):
    """The Saved runs page opened with ``?space=<space>`` in its address (none when ``space`` is None)."""
    at = page("runs")
    if space is not None:
        at.query_params["space"] = space
    return at


@pytest.fixture
def saved(runs_dir, tiny_run):
    """The tiny run saved as 'term 1' in the space SPACE, plus a damaged folder beside it."""
    frame, run = tiny_run
    folder = runs_dir / SPACE
    mtl_core.save_run(run, folder / "term 1")
    (folder / "broken").mkdir()
    (folder / "broken" / "run.json").write_text("{not json")
    return frame, run


def test_no_saved_runs_says_what_to_do(runs_dir):
    at = runs_page().run()
    assert not at.exception
    assert M.RUNS["none"] in texts(at.info)


def test_lists_runs_with_their_outcomes_and_metrics(saved):
    frame, run = saved
    at = runs_page().run()
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
    at = preset(runs_page(), tiny_loaded).run()
    at.button(key="runs_load").click().run()
    assert not at.exception
    active = at.session_state[state.RUN]
    assert active.saved_as == "term 1"
    assert active.frame is not None and active.training_class
    assert list(active.run.summary["task"]) == list(run.summary["task"])


def test_score_a_new_class_and_download(saved):
    at = runs_page().run()
    new_class = make_tiny_class(n=40, seed=5).drop(columns=["score", "passed", "band", "dropout"])
    at.file_uploader(key="runs_score_upload").set_value(csv_upload(new_class, "new term.csv")).run()
    assert not at.exception
    scored = at.get_by_key("runs_scored").dataframe[0].value
    assert len(scored) == 40
    assert {"student_id", "score", "passed", "risk_level"} <= set(scored.columns)
    keys = {b.key for b in at.get("download_button")}
    assert {"runs_download_csv", "runs_download_parquet"} <= keys
    at.button(key="runs_download_excel_prepare").click().run()  # the workbook is made when asked for
    assert not at.exception
    assert "runs_download_excel" in {b.key for b in at.get("download_button")}


def test_a_file_without_the_inputs_is_refused_readably(saved):
    at = runs_page().run()
    wrong = make_tiny_class(n=20).drop(columns=["effort"])
    at.file_uploader(key="runs_score_upload").set_value(csv_upload(wrong, "wrong.csv")).run()
    assert not at.exception
    assert any("effort" in t and "could not be scored" in t for t in texts(at.error))


# --------------------------------------------------------------------------- spaces

def _space_line(at) -> str:
    return at.get_by_key("runs_space_info").markdown[0].value


def test_a_session_without_a_space_gets_a_readable_one_in_the_address(runs_dir):
    at = runs_page(space=None).run()
    assert not at.exception
    space = at.query_params["space"]
    assert re.fullmatch(r"class-[23456789abcdefghjkmnpqrstuvwxyz]{6}", space)
    assert at.session_state[state.SPACE] == space
    line = _space_line(at)
    assert space.replace("-", "\\-") in line and "bookmark this page" in line
    assert at.text_input(key="runs_space").value == space
    assert M.RUNS["none"] in texts(at.info)


def test_saved_runs_show_local_dates_and_no_server_folder(saved, runs_dir):
    at = runs_page().run()
    assert not at.exception
    listing = at.get_by_key("runs_table").dataframe[0].value
    created = listing.set_index(M.RUNS["col_name"]).at["term 1", M.RUNS["col_created"]]
    assert created and "T" not in created and "+00:00" not in created  # "Nov 29, 2026, 8:54 AM", not ISO
    problem = listing.set_index(M.RUNS["col_name"]).at["broken", M.RUNS["col_problem"]]
    assert problem.startswith("'broken' is not a saved EduMTL run")  # named, never located
    shown = " ".join(texts(at.markdown) + texts(at.caption) + texts(at.info) + [str(v) for v in listing.to_numpy().ravel()])
    assert str(runs_dir) not in shown and str(runs_dir.parent) not in shown


def test_the_space_in_the_address_is_used_and_kept(saved):
    at = runs_page().run()
    assert not at.exception
    assert at.query_params["space"] == SPACE
    assert "room\\-12" in _space_line(at)


def test_two_sessions_without_a_space_never_see_each_other_s_runs(runs_dir, tiny_loaded, tiny_run):
    """One teacher trains and saves; a second browser session (no space in its address) sees nothing."""
    from tests.dashboard.helpers import quick_settings
    from tests.dashboard.test_page_train import FinishedJob

    frame, run = tiny_run
    first = preset(page("train"), tiny_loaded, settings=quick_settings())
    first.session_state[state.JOB] = FinishedJob(frame, run).start().wait()
    first.run()
    first.text_input(key="train_save_name").set_value("my class")
    first.button(key="train_save").click().run()
    assert not first.exception
    first_space = first.query_params["space"]
    assert (runs_dir / first_space / "my class" / "run.json").exists()

    mine = runs_page(space=first_space).run()  # the same teacher on the Saved runs page (space in the address)
    assert list(mine.get_by_key("runs_table").dataframe[0].value[M.RUNS["col_name"]]) == ["my class"]

    other = runs_page(space=None).run()
    assert not other.exception
    assert other.query_params["space"] != first_space
    assert M.RUNS["none"] in texts(other.info)
    assert "my class" not in " ".join(texts(other.markdown) + texts(other.caption))


def test_switch_to_another_space_and_back(saved):
    at = runs_page().run()
    at.text_input(key="runs_space").set_value("empty room").run()
    assert not at.exception
    assert at.query_params["space"] == "empty room"
    assert M.RUNS["none"] in texts(at.info)
    assert any("empty room" in t for t in texts(at.success))
    at.text_input(key="runs_space").set_value(SPACE).run()
    assert not at.exception
    assert at.selectbox(key="runs_pick").options == ["term 1"]


@pytest.mark.parametrize("bad", ["../etc", ".hidden", "a/b", "what?"])
def test_an_invalid_space_name_is_refused_readably(saved, bad):
    at = runs_page().run()
    at.text_input(key="runs_space").set_value(bad).run()
    assert not at.exception
    assert at.query_params["space"] == SPACE
    assert any("cannot be a space name" in t for t in texts(at.error))


def test_an_invalid_space_in_the_address_is_replaced_by_a_new_one(runs_dir):
    at = runs_page(space="../../etc").run()
    assert not at.exception
    assert at.query_params["space"].startswith("class-")
    assert any("not a valid name" in t for t in texts(at.warning))
    assert not (runs_dir.parent / "etc").exists()


# --------------------------------------------------------------------------- model card

def test_the_model_card_is_a_readable_page_with_names_as_plain_text(runs_dir):
    from mtl_core import KFold, TrainConfig, make_task, train
    from tests.synthetic import make_tiny_class

    evil = "**score** <b>x</b>"  # an outcome column named with Markdown and HTML, trained as it is
    frame = make_tiny_class().rename(columns={"score": evil})
    tasks = [make_task(frame, evil), make_task(frame, "dropout")]
    run = train(frame, tasks, config=TrainConfig(epochs=5, ensemble_size=1, sub_members=2, hidden_units=(8,),
                                                 head_units=(4,), seed=1), evaluation=KFold(2))
    mtl_core.save_run(run, runs_dir / SPACE / "term 1")
    at = runs_page().run()
    assert not at.exception
    card = at.get_by_key("runs_card")
    assert not card.code  # not Markdown in a code block any more: headings, sentences and tables
    assert [h.value for h in card.header] == ["Model card: term 1"]
    assert M.CARD["outcomes"] in [h.value for h in card.subheader]
    outcomes = at.get_by_key("runs_card_outcomes").dataframe[0].value
    assert "**score** <b>x</b>" in set(outcomes[M.TASKS["col_name"]])  # as typed, in a table cell
    assert not any("<b>x</b>" in t for t in texts(at.markdown))  # never rendered
    keys = {b.key for b in at.get("download_button")}
    assert "runs_card_download" in keys


# --------------------------------------------------------------------------- review fixes

def test_only_the_last_opened_run_is_kept_in_the_session(saved, runs_dir):
    frame, run = saved
    mtl_core.save_run(run, runs_dir / SPACE / "term 2")
    at = runs_page().run()
    assert set(at.selectbox(key="runs_pick").options) == {"term 1", "term 2"}
    at.selectbox(key="runs_pick").set_value("term 1").run()
    at.selectbox(key="runs_pick").set_value("term 2").run()
    assert not at.exception
    cache = at.session_state[state.SAVED]
    assert len(cache) == 1 and next(iter(cache)).split("|")[0].endswith("term 2")


def test_a_saved_run_with_few_known_students_is_flagged(runs_dir, tiny_run):
    import dataclasses

    frame, run = tiny_run
    summary = run.summary.copy()
    summary.loc[summary["task"] == "dropout", ["n_labelled", "reliable"]] = [30, False]
    mtl_core.save_run(dataclasses.replace(run, summary=summary), runs_dir / SPACE / "term 1")
    at = runs_page().run()
    assert not at.exception
    box = at.get_by_key("runs_verdicts")
    assert any("only 30 students have a known outcome" in w for w in texts(box.warning))
