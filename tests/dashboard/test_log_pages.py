"""Every page in answer-log mode, run with AppTest on preset state, and the helpers behind them.

A real (tiny) knowledge-tracing run is trained once for the module on a simulated log; the pages read it as the
app would. The Chinese versions of the pages are checked with the rule of ``tests/language.py``.
"""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import mtl_core
from dashboard import log_keys, log_state, state
from dashboard import log_verdicts as lv
from dashboard import messages as M
from dashboard.text import md
from tests.core.test_answer_log import _simulator
from tests.dashboard.helpers import loaded_table, page
from tests.synthetic import ROOT
from tests.dashboard.test_chinese_pages import assert_chinese, data_words, in_chinese, shown_texts

TINY = dict(hidden_units=16, embedding_units=16, epochs=3, window=24, seed=1)
EN = M.CATALOGUES["en"].LOG


@pytest.fixture(scope="module")
def log_loaded():
    return loaded_table(_simulator().simulate_log(50, 20, seed=9).answers, "answers.csv")


@pytest.fixture(scope="module")
def log_run(log_loaded):
    return mtl_core.train_log(log_loaded.frame, config=mtl_core.LogConfig(**TINY), evaluation=mtl_core.KFold(2))


def in_log_mode(at, loaded=None, *, run=None, settings=None):
    """Preset an AppTest in log mode with a log (a ``LoadedTable``), its settings and an active log run."""
    at.session_state[log_keys.MODE] = "log"
    if loaded is not None:
        at.session_state[log_keys.LOG_TABLE] = loaded
        at.session_state[log_keys.LOG_ROLES] = mtl_core.infer_log_roles(loaded.frame)
        at.session_state[log_keys.LOG_VERSION] = 1
    if settings is not None:
        at.session_state[log_keys.LOG_SETTINGS] = settings
    if run is not None:
        at.session_state[log_keys.LOG_RUN] = log_state.ActiveLogRun(run, source="answers.csv")
    return at


def quick_log_settings(**changes) -> dict:
    values = log_state.default_settings()
    values.update(epochs=2, window=24, **changes)
    return values


def texts(at) -> str:
    return " ".join(shown_texts(at))


# --------------------------------------------------------------------------- Data page

def test_the_data_page_shows_the_log_roles_and_every_problem_at_once(log_loaded):
    broken = log_loaded.frame.copy()
    broken.loc[len(broken)] = {**broken.iloc[0].to_dict(), "student_id": "S-lonely"}  # a student with one answer
    broken["correct"] = broken["correct"].astype(float) * 80  # a score without a pass mark
    at = in_log_mode(page("data"), loaded_table(broken, "broken.csv")).run()
    assert not at.exception
    assert at.radio(key="data_mode").value == "log"
    shown = texts(at)
    for column in broken.columns:  # every column in the roles table
        assert column in shown
    problems = at.session_state[log_state.CHECKED][1]
    assert (problems["column"] == "student_id").any()  # the student with one answer
    assert ((problems["column"] == "correct") & (problems["severity"] == "error")).any()  # no pass mark
    assert len(at.table[0].value) == len(problems) >= 2  # all at once, in one table
    at.number_input(key="data_log_pass_mark_1").set_value(40).run()
    assert at.session_state[log_keys.LOG_ROLES].pass_mark == 40
    assert not (at.session_state[log_state.CHECKED][1]["column"] == "correct").any()


def test_the_sample_log_button_switches_the_class_page_to_log_mode(sample_loaded):
    at = page("data")
    at.session_state[state.TABLE] = sample_loaded
    at.session_state[state.SCHEMA] = mtl_core.infer_schema(sample_loaded.frame)
    at.run()
    assert at.radio(key="data_mode").value == "class"
    at.button(key="data_use_sample_log").click().run()
    assert not at.exception
    assert at.session_state[log_keys.MODE] == "log"
    assert at.session_state[log_keys.LOG_IS_SAMPLE]
    roles = at.session_state[log_keys.LOG_ROLES]
    assert (roles.student, roles.skill, roles.correct, roles.order, roles.item) == (
        "student_id", "skill", "correct", "answered_at", "item_id")
    assert EN["sample_loaded"] in texts(at)
    at.button(key="data_use_sample_class").click().run()
    assert at.session_state[log_keys.MODE] == "class" and at.session_state[state.IS_SAMPLE]


def test_picking_the_mode_reads_the_latest_upload_as_that_kind(sample_loaded, log_loaded):
    """A log the detection took for a class table (here: the latest upload is the class table) is read as a log
    when the teacher picks "Answer log", and back."""
    at = page("data")
    at.session_state[state.TABLE] = log_loaded
    at.session_state[state.SCHEMA] = mtl_core.infer_schema(log_loaded.frame)
    at.session_state[log_keys.LATEST] = (log_loaded, ("answers.csv", b""))
    at.run()
    at.radio(key="data_mode").set_value("log").run()
    assert not at.exception
    assert at.session_state[log_keys.LOG_TABLE] is log_loaded
    assert not at.session_state[log_keys.LOG_IS_SAMPLE]
    at.session_state[state.TABLE] = sample_loaded  # the class table is another file now
    at.radio(key="data_mode").set_value("class").run()
    assert at.session_state[state.TABLE] is log_loaded


# --------------------------------------------------------------------------- Tasks and Train pages

def test_the_tasks_page_offers_every_sequence_model_and_keeps_the_settings(log_loaded):
    at = in_log_mode(page("tasks"), log_loaded).run()
    assert not at.exception
    box = at.selectbox(key="tasks_log_model")
    assert box.options == [EN["models"].get(n, n) for n in mtl_core.SEQUENCE_MODELS.names()]
    box.set_value("attention").run()
    at.number_input(key="tasks_log_epochs").set_value(7).run()
    at.radio(key="tasks_log_validation").set_value("kfold").run()
    values = at.session_state[log_keys.LOG_SETTINGS]
    assert (values["model"], values["epochs"], values["validation"]) == ("attention", 7, "kfold")
    config, evaluation = log_state.make_config(values)
    assert config.model == "attention" and config.epochs == 7 and isinstance(evaluation, mtl_core.KFold)


def test_training_runs_in_the_background_then_shows_the_verdicts_and_saves(log_loaded, runs_dir):
    at = in_log_mode(page("train"), log_loaded, settings=quick_log_settings()).run()
    assert not at.exception
    at.button(key="train_log_start").click().run()
    job = at.session_state[log_keys.LOG_JOB]
    job.wait(300)
    assert job.error is None, job.error
    assert len(job.logs) >= 1 and job.history()["val_auc"].notna().all()
    at.run()
    assert not at.exception
    assert at.session_state[log_keys.LOG_RUN].run is job.result
    shown = texts(at)
    for sentence, _ in lv.sentences(job.result):  # the verdict beside every baseline, escaped as shown
        assert md(sentence) in shown
    assert len(at.table) + len(at.dataframe) >= 1
    at.text_input(key="train_log_save_name").set_value("log term 1")
    at.button(key="train_log_save").click().run()
    assert not at.exception
    saved = list(runs_dir.rglob("run.json"))
    assert [p.parent.name for p in saved] == ["log term 1"] and mtl_core.run_kind(saved[0].parent) == "answer_log"
    assert at.session_state[log_keys.LOG_RUN].saved_as == "log term 1"
    at.text_input(key="train_log_save_name").set_value("log term 1")  # the same name again: refused, said
    at.button(key="train_log_save").click().run()
    assert not at.exception and any("already exists" in e.value for e in at.error)


def test_training_is_blocked_while_the_log_has_errors(log_loaded):
    broken = log_loaded.frame.assign(correct=log_loaded.frame["correct"] * 50)  # scores without a pass mark
    at = in_log_mode(page("train"), loaded_table(broken), settings=quick_log_settings()).run()
    assert not at.exception
    assert at.button(key="train_log_start").disabled
    assert at.error and "problem" in at.error[0].value


# --------------------------------------------------------------------------- Results, Students, card

def test_the_results_page_puts_the_verdict_beside_every_baseline(log_run):
    at = in_log_mode(page("results"), run=log_run).run()
    assert not at.exception
    comparison = [d.value for d in at.dataframe if EN["col_model"] in d.value.columns][0]
    assert list(comparison[EN["col_model"]]) == [lv.model_name(m) for m in log_run.summary["model"]]
    assert len(comparison) == 4 and EN["col_auc_sd"] in comparison.columns  # two folds: a spread
    sentences = [s for s, _ in lv.sentences(log_run)]
    assert len(sentences) == 4
    shown = texts(at)
    for sentence in sentences:
        assert md(sentence) in shown
    at.session_state["results_log_tabs"] = EN["tabs"]["calibration"]
    at.run()
    assert not at.exception
    chart = at.get("plotly_chart")
    assert chart


def test_the_students_page_shows_mastery_plans_hardest_skills_and_relations(log_run):
    at = in_log_mode(page("students"), run=log_run).run()
    assert not at.exception
    student = at.selectbox(key="log_run_student").value
    frames = {tuple(d.value.columns): d.value for d in at.dataframe}
    mastery = next(v for k, v in frames.items() if EN["col_class_mastery"] in k and EN["col_right"] in k)
    mine = log_run.mastery[log_run.mastery["student"].astype(str) == student]
    assert sorted(mastery[EN["col_answers"]]) == sorted(mine["answers"])  # the answers each figure rests on
    assert mastery[EN["col_mastery"]].is_monotonic_increasing  # lowest first
    plan = next(v for k, v in frames.items() if EN["col_rank"] in k)
    assert list(plan[EN["col_rank"]]) == list(range(1, len(plan) + 1))
    assert plan[EN["col_mastery"]].max() < 0.8 and plan[EN["col_reason"]].str.len().min() > 10
    hardest = next(v for k, v in frames.items() if EN["col_share_mastered"] in k)
    assert hardest[EN["col_class_mastery"]].is_monotonic_increasing
    assert at.get("plotly_chart")
    relation_lines = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert relation_lines and all("raises" in line or "lowers" in line for line in relation_lines)
    at.selectbox(key="log_run_student").set_value(sorted(set(log_run.mastery["student"].astype(str)))[-1]).run()
    assert not at.exception


def test_the_model_card_describes_the_log_run(log_run):
    at = in_log_mode(page("card"), run=log_run).run()
    assert not at.exception
    shown = texts(at)
    assert EN["card_limits_lines"]["use"] in shown and "PFA" in shown


def test_log_pages_without_a_log_or_a_run_say_where_to_go():
    for name in ("tasks", "train", "results", "students", "card"):
        at = in_log_mode(page(name)).run()
        assert not at.exception, name
        assert at.info, name


# --------------------------------------------------------------------------- Saved runs

def test_saved_log_runs_are_listed_in_log_mode_opened_and_kept_out_of_the_class_list(log_run, runs_dir):
    space = "class-test22"
    mtl_core.save_log_run(log_run, runs_dir / space / "log run")
    at = in_log_mode(page("runs"))
    at.session_state["space"] = space
    at.query_params["space"] = space
    at.run()
    assert not at.exception
    assert at.selectbox(key="runs_log_pick").value == "log run"
    at.button(key="runs_log_load").click().run()
    assert not at.exception
    assert at.session_state[log_keys.LOG_RUN].saved_as == "log run"
    at.session_state[log_keys.MODE] = "class"
    at.run()
    assert not at.exception
    assert at.info  # no class run in this space: the log run is not offered to the class pages


def test_a_scored_new_log_downloads_every_input_row_with_its_chance(log_run, log_loaded):
    new = log_loaded.frame.sample(frac=1.0, random_state=3).head(120)  # another order: rows stay in input order
    scores = mtl_core.score_log(log_run, new)
    rows = lv.scored_rows(new, scores)
    assert list(rows.columns) == [*new.columns, "p_correct"]
    pd.testing.assert_frame_equal(rows.drop(columns="p_correct"), new.reset_index(drop=True))
    assert rows["p_correct"].between(0, 1).all()


def test_the_saved_runs_page_shows_a_scored_log_with_its_downloads(log_run, runs_dir, log_loaded):
    space = "class-test33"
    mtl_core.save_log_run(log_run, runs_dir / space / "log run")
    scores = mtl_core.score_log(log_run, log_loaded.frame)
    at = in_log_mode(page("runs"))
    at.session_state["space"] = space
    at.query_params["space"] = space
    at.session_state[log_keys.LOG_SCORED] = log_state.ScoredLog("log run", "week 5.csv",
                                                                lv.scored_rows(log_loaded.frame, scores),
                                                                scores.mastery, scores.warnings)
    at.run()
    assert not at.exception
    assert md("week 5.csv") in texts(at)
    scored = [d.value for d in at.dataframe if EN["col_p_correct"] in d.value.columns][0]
    assert len(scored) == len(log_loaded.frame)
    assert [b.proto.label for b in at.get("download_button")][:1] == [M.CATALOGUES["en"].COMMON["download_csv"]]


# --------------------------------------------------------------------------- words and Chinese

def test_the_verdict_sentences_follow_the_core_verdicts(log_run):
    summary = log_run.summary.copy()
    summary.loc[summary["model"] == log_run.model_name, "verdict"] = "guessing"
    summary.loc[summary["model"] == "PFA", "verdict"] = "worse"
    fake = type("Run", (), {"summary": summary, "model_name": log_run.model_name, "metrics": log_run.metrics})
    with M.using("en"):
        said = lv.sentences(fake)
    assert said[0][1] == "error" and "no better than guessing" in said[0][0]
    pfa = [s for s in said if "PFA" in s[0]][0]
    assert pfa[1] == "warning" and "better guide" in pfa[0]


def test_the_reasons_are_built_from_the_numbers():
    with M.using("en"):
        assert lv.plan_reason(0.3, 4, 1, 0.5) == ("Mastery 30% after 4 answers, 1 right: below the class average of "
                                                  "50%.")
        assert "Not practised yet" in lv.plan_reason(0.45, 0, 0, 0.5)
    with M.using("zh"):
        assert "全班平均" in lv.plan_reason(0.3, 4, 1, 0.5)


def test_the_mastered_threshold_is_the_core_one():
    from dashboard.log_students import MASTERED_PERCENT
    from mtl_core.sequence.training import MASTERED

    assert MASTERED_PERCENT == round(MASTERED * 100)


@pytest.mark.parametrize("name", ["data", "tasks", "train", "results", "students", "card"])
def test_every_log_page_in_chinese(name, log_loaded, log_run):
    at = in_log_mode(in_chinese(page(name)), log_loaded, run=log_run, settings=quick_log_settings())
    at.run()
    allowed = data_words(log_loaded.frame, log_run.mastery) | {"answers"}
    assert_chinese(at, allowed, name)
    if name == "results":
        for tab in M.CATALOGUES["zh"].LOG["tabs"].values():
            at.session_state["results_log_tabs"] = tab
            assert_chinese(at.run(), allowed, f"results, {tab}")



LOG_PAGES_PROBE = """
import sys
import mtl_core
from dashboard import log_keys
from tests.dashboard.helpers import page

loaded = mtl_core.load_table("sample_data/answers.csv")
for name in ("data", "tasks", "train"):
    at = page(name)
    at.session_state[log_keys.MODE] = "log"
    at.session_state[log_keys.LOG_TABLE] = loaded
    at.session_state[log_keys.LOG_ROLES] = mtl_core.infer_log_roles(loaded.frame)
    at.run()
    assert not at.exception, (name, at.exception)
    assert at.title, name
print("loaded:", ",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras"))))
"""


def test_the_log_data_tasks_and_train_pages_draw_without_loading_tensorflow():
    result = subprocess.run([sys.executable, "-c", LOG_PAGES_PROBE], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "loaded:"


def test_the_warm_up_imports_the_sequence_models_too():
    code = ("import mtl_core, threading, sys\nmtl_core.warm_up()\n"
            "[t.join() for t in threading.enumerate() if t.name == 'edumtl-warm-up']\n"
            "print('mtl_core.sequence.loop' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr[-2000:]


# --------------------------------------------------------------------------- the space: reload and second tab

def test_a_log_training_belongs_to_the_space_a_new_tab_reattaches_and_finds_its_run(log_loaded, log_run, runs_dir):
    """As a class table's training: a reload (a new session of the same space) finds the running log job, a
    second Train click keeps it, and a tab opened after the end finds the run, the log and the log mode."""
    import threading

    from dashboard import jobs
    from dashboard.log_jobs import LogTrainingJob
    from tests.dashboard.test_spaces import act, tab

    jobs.forget_all()
    release = threading.Event()

    class HeldJob(LogTrainingJob):  # a real job whose thread hands back a log run trained earlier, when released
        def _run(self):
            try:
                release.wait(60)
                self.result = log_run
            finally:
                if self.on_done is not None:
                    self.on_done(self)

    def make(**kwargs):
        return HeldJob(log_loaded.frame, log_run.roles, label="answers.csv", **kwargs)

    def load_log():
        log_state.set_log(log_loaded)
        st_state = __import__("streamlit").session_state
        st_state[log_keys.MODE] = "log"

    first = tab("room-log").run()
    act(first, load_log)
    act(first, lambda: log_state.start_job(make))
    job = first.session_state[log_keys.LOG_JOB]
    assert job.running and jobs.workspace("room-log").busy
    second = tab("room-log").run()  # a reload
    assert second.session_state[log_keys.LOG_JOB] is job
    assert second.session_state[log_keys.MODE] == "log" and second.session_state[log_keys.LOG_TABLE] is log_loaded
    act(second, lambda: log_state.start_job(make))
    assert second.session_state[log_keys.LOG_JOB] is job  # one training per space
    release.set()
    job.wait(60)
    third = tab("room-log").run()
    assert third.session_state[log_keys.LOG_RUN].run is log_run
    assert third.session_state[state.RUN] is None  # the class pages' run is untouched
    jobs.forget_all()


def test_the_saved_runs_page_in_chinese_with_a_scored_log(log_run, runs_dir, log_loaded):
    space = "class-test44"
    mtl_core.save_log_run(log_run, runs_dir / space / "log run")
    scores = mtl_core.score_log(log_run, log_loaded.frame)
    at = in_log_mode(in_chinese(page("runs")))
    at.session_state["space"] = space
    at.query_params["space"] = space
    at.session_state[log_keys.LOG_SCORED] = log_state.ScoredLog("log run", "answers.csv",
                                                                lv.scored_rows(log_loaded.frame, scores),
                                                                scores.mastery, scores.warnings)
    at.run()
    assert_chinese(at, data_words(log_loaded.frame, log_run.mastery) | {"log", "run", "class", "test"}, "runs")


def test_an_upload_goes_to_the_mode_it_looks_like_and_says_so(log_loaded, sample_loaded):
    from tests.dashboard.test_spaces import act, tab

    at = tab("room-upload").run()
    act(at, lambda: log_state.take_upload(log_loaded, ("answers.csv", b"...")))
    assert at.session_state[log_keys.MODE] == "log" and at.session_state[log_keys.LOG_TABLE] is log_loaded
    assert at.session_state[state.TABLE] is not log_loaded  # the class table is kept beside it
    notices = at.session_state[state.NOTICES]
    assert notices[-1][:2] == ("data", "info") and "answers.csv" in notices[-1][2]
    act(at, lambda: log_state.take_upload(sample_loaded, ("class.csv", b"...")))
    assert at.session_state[log_keys.MODE] == "class" and at.session_state[state.TABLE] is sample_loaded
    assert at.session_state[log_keys.LOG_TABLE] is log_loaded
    assert "class.csv" in at.session_state[state.NOTICES][-1][2]
