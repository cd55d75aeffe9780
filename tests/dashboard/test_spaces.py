"""A space's work across tabs and reloads (dashboard/jobs.py, dashboard/state.py): several Streamlit sessions of
one server process, as AppTests of a small script that binds to a space the way dashboard/app.py does."""

from __future__ import annotations

import json
import threading

import pytest

from dashboard import auth, jobs, state
from tests.dashboard.helpers import quick_settings


def tab_script():
    """What dashboard/app.py does around a page: bind to the space, let the test act, merge back."""
    import streamlit as st

    from dashboard import state as s

    s.init()
    action = st.session_state.pop("test_action", None)
    if action is not None:
        action()
    s.sync()
    st.write(s.space())


@pytest.fixture(autouse=True)
def fresh_spaces(runs_dir):
    jobs.forget_all()
    yield
    jobs.forget_all()


def tab(space: str | None = None, account: auth.Account | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(tab_script, default_timeout=120)
    if space:
        at.query_params["space"] = space
    if account is not None:
        at.session_state[auth.ACCOUNT] = account
    return at


def act(at, action):
    at.session_state["test_action"] = action
    return at.run()


def test_a_new_tab_of_the_space_finds_the_class_roles_outcomes_and_settings(tiny_loaded):
    first = tab("room-a").run()
    assert not first.exception

    def teacher_edits():
        state.set_table(tiny_loaded, upload=("tiny.csv", b"..."))
        schema = state.schema()
        state.set_schema(schema.with_roles({"band": "ignore"}))
        table = state.tasks_table().copy()
        table.loc[table["name"] == "score", "weight"] = 3.0
        state.set_tasks_table(table)
        state.settings()["epochs"] = 7  # the Tasks page changes the settings in place

    act(first, teacher_edits)
    assert not first.exception
    second = tab("room-a").run()  # a reload or a second tab: a new session
    assert not second.exception
    assert second.session_state[state.TABLE] is first.session_state[state.TABLE]
    assert str(getattr(second.session_state[state.SCHEMA]["band"].role, "value", "")) == "ignore"
    weights = second.session_state[state.TASKS_TABLE].set_index("name")["weight"]
    assert weights["score"] == 3.0
    assert second.session_state[state.SETTINGS]["epochs"] == 7

    other = tab("room-b").run()  # another space: the sample class, nothing of room-a
    assert other.session_state[state.TABLE] is not first.session_state[state.TABLE]
    assert other.session_state[state.IS_SAMPLE]


def test_a_change_in_one_tab_reaches_the_other_on_its_next_run(tiny_loaded):
    first, second = tab("room-a").run(), tab("room-a").run()
    act(second, lambda: state.set_table(tiny_loaded))
    first.run()
    assert first.session_state[state.TABLE] is tiny_loaded
    assert not first.session_state[state.IS_SAMPLE]


def test_training_belongs_to_the_space_and_its_run_waits_for_any_tab(tiny_loaded, tiny_run):
    frame, run = tiny_run
    release = threading.Event()

    class HeldJob(jobs.TrainingJob):  # a real job whose thread hands back a run trained earlier, when released
        def _run(self):
            try:
                release.wait(60)
                self.result = run
            finally:
                if self.on_done is not None:
                    self.on_done(self)

    def make(**kwargs):
        return HeldJob(frame, run.tasks, label="tiny.csv", **kwargs)

    first = tab("room-a").run()
    act(first, lambda: state.start_job(make))
    job = first.session_state[state.JOB]
    assert job.running
    marker = json.loads((jobs.runs_root("room-a") / jobs.MARKER).read_text())
    assert marker["state"] == "running" and marker["label"] == "tiny.csv"

    second = tab("room-a").run()  # reattaches to the running job
    assert second.session_state[state.JOB] is job
    act(second, lambda: state.start_job(make))  # a second Train click in another tab keeps the running one
    assert second.session_state[state.JOB] is job

    release.set()
    job.wait(60)
    third = tab("room-a").run()  # a tab opened after the end, before any page collected the result
    assert third.session_state[state.RUN].run is run
    assert len(third.session_state[state.RUN].frame) == len(frame)
    first.run()
    assert first.session_state[state.RUN] is third.session_state[state.RUN]  # one ActiveRun for the space
    assert json.loads((jobs.runs_root("room-a") / jobs.MARKER).read_text())["state"] == "finished"
    act(first, lambda: state.note_saved(run))
    assert not (jobs.runs_root("room-a") / jobs.MARKER).exists()

    other = tab("room-b").run()
    assert other.session_state[state.JOB] is None and other.session_state[state.RUN] is None


def _marker(space: str, **fields) -> None:
    path = jobs.runs_root(space) / jobs.MARKER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(fields))


def test_a_restarted_server_says_what_it_lost():
    _marker("room-a", state="running", started="2026-12-01T14:02:00+00:00", label="class.csv", saved=False,
            process="an-earlier-server")
    _marker("room-b", state="finished", started="2026-12-01T14:02:00+00:00", label="class.csv", saved=False,
            process="an-earlier-server")
    _marker("room-c", state="finished", started="2026-12-01T14:02:00+00:00", label="class.csv", saved=True,
            process="an-earlier-server")
    assert jobs.workspace("room-a").lost["state"] == "running"
    assert jobs.workspace("room-b").lost["state"] == "finished"
    assert jobs.workspace("room-c").lost is None and jobs.workspace("room-d").lost is None
    at = tab("room-a").run()

    def look():
        import streamlit as st

        st.session_state["seen_lost"] = state.lost_work()

    act(at, look)
    assert at.session_state["seen_lost"]["state"] == "running"  # what the page says on every page
    assert at.session_state["seen_lost"]["label"] == "class.csv"
    act(at, state.dismiss_lost_work)
    assert jobs.workspace("room-a").lost is None
    assert not (jobs.runs_root("room-a") / jobs.MARKER).exists()


def test_a_damaged_marker_is_no_loss_and_no_crash():
    path = jobs.runs_root("room-a") / jobs.MARKER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[" * 100_000)
    assert jobs.workspace("room-a").lost is None


def test_spaces_nobody_opened_for_hours_are_let_go(monkeypatch):
    monkeypatch.setenv(jobs.IDLE_HOURS_ENV, "1")
    old = jobs.workspace("room-a")
    old.values["table"] = "something"
    old.used -= 2 * 3600
    jobs.workspace("room-b")  # any later visit lets idle spaces go
    assert jobs.workspace("room-a") is not old


def test_an_account_s_space_ignores_the_address():
    alice = auth.password_account("alice")
    at = tab("user-bob", account=alice).run()  # a crafted link naming bob's space
    assert not at.exception
    assert at.session_state[state.SPACE] == "user-alice"
    assert "space" not in at.query_params
    assert state.SEEN in at.session_state and at.session_state[state.SEEN][0] == "user-alice"

    def switch():
        import mtl_core
        import streamlit as st

        try:
            state.set_space("user-bob")
        except mtl_core.ConfigError as error:
            st.session_state["refused"] = str(error)

    act(at, switch)
    assert "cannot be switched" in at.session_state["refused"]
    assert at.session_state[state.SPACE] == "user-alice"


def test_a_tab_left_open_refills_a_space_that_was_let_go(tiny_loaded):
    first = tab("room-a").run()
    act(first, lambda: state.set_table(tiny_loaded))
    jobs.forget_all()  # the space was let go (hours unused) while the tab stayed open
    first.run()
    assert first.session_state[state.TABLE] is tiny_loaded  # the tab keeps its class...
    second = tab("room-a").run()
    assert second.session_state[state.TABLE] is tiny_loaded  # ...and the space has it again


def test_a_real_training_hands_its_run_to_the_space_as_it_ends(tiny_loaded):
    from functools import partial

    from dashboard import task_table as tt

    frame = tiny_loaded.frame
    schema = __import__("mtl_core").infer_schema(frame)
    tasks, problems = tt.build_tasks(frame, tt.sync_table(None, frame, schema))
    assert tasks and not problems
    config, evaluation = tt.make_config(quick_settings(epochs=3))
    first = tab("room-a").run()
    act(first, lambda: state.start_job(partial(jobs.TrainingJob, frame, tasks, schema=schema, config=config,
                                               evaluation=evaluation, label="tiny.csv")))
    job = first.session_state[state.JOB]
    job.wait(300)
    assert job.error is None and job.result is not None
    assert job.collected  # by the thread itself, before any page looked
    later = tab("room-a").run()
    assert later.session_state[state.RUN].run is job.result
    assert later.session_state[state.RUN].source == "tiny.csv"


def test_loading_a_large_class_keeps_the_folds_recommended_unless_the_teacher_chose_them(tiny_loaded):
    import pandas as pd

    from dashboard import task_table as tt
    from tests.dashboard.helpers import loaded_table

    large = loaded_table(pd.concat([tiny_loaded.frame] * (tt.LARGE_CLASS // len(tiny_loaded.frame) + 1),
                                   ignore_index=True).assign(student_id=lambda f: [f"S{i}" for i in range(len(f))]),
                         "large.csv")
    first = tab("room-folds").run()
    act(first, lambda: (state.set_table(tiny_loaded), state.settings()))
    assert first.session_state[state.SETTINGS]["k"] == 5
    act(first, lambda: state.set_table(large))
    assert first.session_state[state.SETTINGS]["k"] == 3  # still Recommended, for the new size
    act(first, lambda: state.set_table(tiny_loaded))
    assert first.session_state[state.SETTINGS]["k"] == 5

    def teacher_chooses_four():
        state.settings()["k"] = 4

    act(first, teacher_chooses_four)
    act(first, lambda: state.set_table(large))
    assert first.session_state[state.SETTINGS]["k"] == 4  # the teacher's choice is never changed silently
