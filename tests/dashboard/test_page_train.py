"""Train page: training runs in the background, can be stopped, shows a summary and can be saved."""

from __future__ import annotations

from dashboard import messages as M
from dashboard import state
from dashboard.jobs import TrainingJob
from tests.synthetic import make_tiny_class
from tests.dashboard.helpers import loaded_table, page, preset, quick_settings, texts


class FinishedJob(TrainingJob):
    """A job whose thread hands back a run trained earlier (so the page can be tested without training)."""

    def __init__(self, frame, run):
        super().__init__(frame, run.tasks, label="tiny.csv")
        self._canned = run

    def _run(self):
        self.result = self._canned


def test_without_outcomes_the_page_says_what_to_do():
    frame = make_tiny_class()[["student_id", "effort", "track"]]
    at = preset(page("train"), loaded_table(frame)).run()
    assert not at.exception
    assert M.COMMON["need_tasks"] in texts(at.info)


def test_training_runs_in_the_background_and_stop_keeps_the_best_so_far(tiny_loaded):
    at = preset(page("train"), tiny_loaded, settings=quick_settings(epochs=2000)).run()
    assert not at.exception
    assert len(at.get_by_key("train_plan").dataframe[0].value) == 3  # score, passed, dropout ("band" is an input)
    at.button(key="train_start").click().run()
    assert not at.exception
    job = at.session_state[state.JOB]
    assert job.running
    assert at.button(key="train_start").disabled
    at.button(key="train_stop").click().run()
    assert job.stop_requested
    job.wait(120)
    at.run()
    assert not at.exception
    assert job.error is None and job.result.stopped_by_user and job.result.epochs < 2000
    assert any("You stopped the training" in t for t in texts(at.info))
    assert at.session_state[state.RUN].run is job.result
    assert len(at.session_state[state.RUN].frame) == 120


def test_finished_training_shows_a_summary_and_saves_the_run(tiny_loaded, tiny_run, runs_dir):
    frame, run = tiny_run
    at = preset(page("train"), tiny_loaded, settings=quick_settings())
    at.session_state[state.JOB] = FinishedJob(frame, run).start().wait()
    at.run()
    assert not at.exception
    assert any(t.startswith("Training finished") for t in texts(at.success))
    assert len(at.get_by_key("train_summary").dataframe[0].value) == len(run.outcome_tasks)
    assert at.session_state[state.RUN].run is run
    at.text_input(key="train_save_name").set_value("tiny test")
    at.button(key="train_save").click().run()
    assert not at.exception
    assert (runs_dir / "tiny test" / "run.json").exists()
    assert at.session_state[state.RUN].saved_as == "tiny test"
    assert "Saved as tiny test\\." in texts(at.success)  # shown escaped: the name is the teacher's text
    at.button(key="train_save").click().run()  # the same name again
    assert not at.exception
    assert any("already exists" in t for t in texts(at.error))


def test_data_errors_are_shown_as_a_problem_table_not_a_traceback():
    frame = make_tiny_class()
    frame.loc[1, "student_id"] = frame.loc[0, "student_id"]  # a repeated ID stops training
    at = preset(page("train"), loaded_table(frame), settings=quick_settings()).run()
    at.button(key="train_start").click().run()
    at.session_state[state.JOB].wait(120)
    at.run()
    assert not at.exception
    assert M.TRAIN["failed"] in texts(at.error)
    problems = at.get_by_key("train_problems").dataframe[0].value
    assert problems["problem"].str.contains("same ID").any()
