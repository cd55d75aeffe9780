"""Train page: training runs in the background, can be stopped, shows a summary and can be saved."""

from __future__ import annotations

import threading
import time

from dashboard import messages as M
from dashboard import state
from dashboard.jobs import TrainingJob
from tests.dashboard.helpers import chart_data, loaded_table, page, preset, quick_settings, texts
from tests.synthetic import make_tiny_class


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
    assert (runs_dir / at.query_params["space"] / "tiny test" / "run.json").exists()  # in this session's space
    assert at.session_state[state.RUN].saved_as == "tiny test"
    assert "Saved as tiny test\\." in texts(at.success)  # shown escaped: the name is the teacher's text
    at.button(key="train_save").click().run()  # the same name again
    assert not at.exception
    assert any("already exists" in t for t in texts(at.error))
    at.text_input(key="train_save_name").set_value("../elsewhere")  # a name that is not one folder
    at.button(key="train_save").click().run()
    assert not at.exception
    assert any("cannot be used as a run name" in t for t in texts(at.error))
    assert at.session_state[state.RUN].saved_as == "tiny test" and not (runs_dir / "elsewhere").exists()


def _repeated_id_class():
    frame = make_tiny_class()
    frame.loc[1, "student_id"] = frame.loc[0, "student_id"]  # a repeated ID stops training
    return frame


def test_data_errors_disable_training_and_send_the_teacher_to_the_data_page(tiny_loaded):
    at = preset(page("train"), loaded_table(_repeated_id_class()), settings=quick_settings()).run()
    assert not at.exception
    assert M.TRAIN["blocked"]["one"].format(n=1) in texts(at.error)
    assert at.button(key="train_start").disabled
    fixed = preset(page("train"), tiny_loaded, settings=quick_settings()).run()
    assert not fixed.button(key="train_start").disabled
    assert not [t for t in texts(fixed.error) if t == M.TRAIN["blocked"]["one"].format(n=1)]


def test_a_training_that_fails_shows_its_problem_table_not_a_traceback(tiny_loaded):
    import mtl_core

    frame = _repeated_id_class()
    tasks = [mtl_core.make_task(frame, "score"), mtl_core.make_task(frame, "passed")]
    job = TrainingJob(frame, tasks, label="tiny.csv").start()  # as if the class changed under a running job
    job.wait(120)
    at = preset(page("train"), tiny_loaded, settings=quick_settings())
    at.session_state[state.JOB] = job
    at.run()
    assert not at.exception
    assert M.TRAIN["failed"] in texts(at.error)
    problems = at.get_by_key("train_problems").table[0].value
    assert problems[M.COMMON["col_problem"]].str.contains("same ID").any()


# --------------------------------------------------------------------------- comparison and loss weights

def _log(epoch: int, active: int = 2, weights=None):
    import mtl_core

    names = ["score", "passed"]
    weights = weights or {"score": 1.0, "passed": 1.0}
    return mtl_core.EpochLog(epoch=epoch, max_epochs=100, elapsed_s=epoch * 0.1, eta_s=1.0,
                             train_loss={n: 1.0 / epoch for n in names}, val_loss={n: 1.1 / epoch for n in names},
                             val_metric={n: 0.5 for n in names}, metric_name={"score": "mae", "passed": "accuracy"},
                             weights=weights, active_members=active, members=2)


class BusyJob(TrainingJob):
    """A job that has logged some epochs and then keeps running until released (no real training)."""

    def __init__(self, frame, tasks, logs, compare=False):
        super().__init__(frame, tasks, compare=compare, label="tiny.csv")
        self.release = threading.Event()
        self.logs = list(logs)
        self.last_log_at = time.time()

    def _run(self):
        self.release.wait(60)


def test_compare_checkbox_is_explained_and_reaches_training(tiny_loaded):
    at = preset(page("train"), tiny_loaded, settings=quick_settings()).run()
    box = at.checkbox(key="train_compare")
    assert box.label == M.TRAIN["compare"] and not box.value
    assert M.TRAIN["compare_help"] in texts(at.caption)
    assert "several times longer" in M.TRAIN["compare_help"]
    box.check().run()
    assert at.session_state[state.COMPARE]
    at.button(key="train_start").click().run()
    job = at.session_state[state.JOB]
    assert job.compare
    job.wait(300)
    at.run()
    assert not at.exception
    assert job.error is None
    run = at.session_state[state.RUN].run
    assert run.comparison is not None and set(run.comparison["model"]) == {
        "multi-task", "single-task", "random forest", "gradient boosting", "baseline"}
    assert any(t.startswith("The comparison with simpler models took") for t in texts(at.caption))


def test_live_loss_weights_are_drawn_beside_the_loss_curves(tiny_loaded):
    frame = tiny_loaded.frame
    logs = [_log(1, weights={"score": 1.0, "passed": 0.5}), _log(2, weights={"score": 1.2, "passed": 0.4})]
    job = BusyJob(frame, [], logs).start()
    at = preset(page("train"), tiny_loaded, settings=quick_settings())
    at.session_state[state.JOB] = job
    try:
        at.run()
        assert not at.exception
        curves = chart_data(at, "train_live_curves")
        assert {t.name for t in curves} >= {"score", "passed"}
        weights = chart_data(at, "train_live_weights")
        assert [t.name for t in weights] == ["score", "passed"]
        assert list(weights[0].y) == [1.0, 1.2] and list(weights[1].y) == [0.5, 0.4]
        assert not at.button(key="train_stop").disabled
    finally:
        job.release.set()
        job.wait(10)


def test_while_comparing_the_page_says_so_and_stop_is_disabled(tiny_loaded):
    job = BusyJob(tiny_loaded.frame, [], [_log(1), _log(2, active=0)], compare=True).start()
    at = preset(page("train"), tiny_loaded, settings=quick_settings())
    at.session_state[state.JOB] = job
    try:
        at.run()
        assert not at.exception
        assert job.phase == "comparing"
        assert at.button(key="train_stop").disabled
        assert any(p.text.startswith("Comparing with simpler models") for p in at.get("progress"))
        assert M.TRAIN["comparing_no_stop"] in texts(at.caption)
    finally:
        job.release.set()
        job.wait(10)


def test_job_phases():
    frame = make_tiny_class()
    assert BusyJob(frame, [], []).phase == "waiting"
    assert BusyJob(frame, [], [_log(1)]).phase == "training"
    assert BusyJob(frame, [], [_log(1, active=0)]).phase == "finishing"
    assert BusyJob(frame, [], [_log(1, active=0)], compare=True).phase == "comparing"
    history = BusyJob(frame, [], [_log(1, weights={"score": 2.0, "passed": 1.0})]).history()
    assert list(history.columns) == ["epoch", "task", "train_loss", "val_loss", "weight"]
    assert history.set_index("task").at["score", "weight"] == 2.0


def test_the_suggested_save_name_is_the_file_the_run_was_trained_on(sample_loaded, tiny_run):
    frame, run = tiny_run
    at = preset(page("train"), sample_loaded, settings=quick_settings())  # class.csv is loaded now
    at.session_state[state.JOB] = FinishedJob(frame, run).start().wait()  # trained on tiny.csv
    at.run()
    assert not at.exception
    assert at.text_input(key="train_save_name").value.startswith("tiny ")


def test_the_summary_warns_about_outcomes_with_few_known_students(tiny_loaded, tiny_run):
    import dataclasses

    frame, run = tiny_run
    summary = run.summary.copy()
    summary.loc[summary["task"] == "dropout", ["n_labelled", "reliable"]] = [30, False]
    at = preset(page("train"), tiny_loaded, settings=quick_settings())
    at.session_state[state.JOB] = FinishedJob(frame, dataclasses.replace(run, summary=summary)).start().wait()
    at.run()
    assert not at.exception
    box = at.get_by_key("train_verdicts")
    assert any("only 30 students have a known outcome" in w for w in texts(box.warning))


def test_one_epoch_is_one_epoch(tiny_loaded, tiny_run):
    import dataclasses

    frame, run = tiny_run
    at = preset(page("train"), tiny_loaded, settings=quick_settings())
    at.session_state[state.JOB] = FinishedJob(frame, dataclasses.replace(run, epochs=1)).start().wait()
    at.run()
    assert not at.exception
    done = [t for t in texts(at.success) if t.startswith("Training finished")]
    assert done and done[0].endswith(" after 1 epoch.")


def test_the_live_weights_are_in_the_teacher_s_numbers(tiny_loaded, tiny_run):
    from mtl_core import with_weights

    frame, run = tiny_run
    tasks = tuple(with_weights(run.tasks, {"score": 2.0, "passed": 1.0}))
    weights = {t.name: t.weight for t in tasks}
    mean = sum(w for w in weights.values() if w > 0) / sum(1 for w in weights.values() if w > 0)
    history = run.history.assign(weight=run.history["task"].map({k: v / mean for k, v in weights.items()}))
    import dataclasses

    at = preset(page("train"), tiny_loaded, settings=quick_settings())
    at.session_state[state.JOB] = FinishedJob(frame, dataclasses.replace(run, tasks=tasks, history=history)).start().wait()
    at.run()
    assert not at.exception
    traces = {t.name: t for t in chart_data(at, "train_final_weights")}
    assert set(traces["score"].y) == {2.0} and set(traces["passed"].y) == {1.0}
