"""train_log end to end on simulated logs: students split, answers predicted from the past only, baselines on
the same folds, mastery that recovers the simulated ordering, saved runs, new logs, practice plans."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

import mtl_core as m
from tests.core.test_answer_log import _simulator

TINY = dict(hidden_units=16, embedding_units=16, epochs=4, window=24)


@pytest.fixture(scope="module")
def sim():
    return _simulator().simulate_log(90, 30, seed=4)


@pytest.fixture(scope="module")
def cv_run(sim):
    return m.train_log(sim.answers, config=m.LogConfig(**TINY, seed=1), evaluation=m.KFold(3))


def test_cross_validation_predicts_every_answer_out_of_fold(cv_run, sim):
    p = cv_run.predictions
    assert len(p) == len(sim.answers) and p["row"].tolist() == list(range(len(sim.answers)))
    assert p["student"].tolist() == sim.answers["student_id"].tolist()  # input order kept
    assert p["p_correct"].between(0, 1).all() and p["fold"].ge(0).all()
    assert (p.groupby("student")["fold"].nunique() == 1).all()  # no student on both sides of a split
    for column in ("p_base_rate", "p_pfa", "p_bkt"):
        assert p[column].between(0, 1).all()
    assert set(cv_run.summary["model"]) == {"dkt", "base rate", "PFA", "BKT"}
    own = cv_run.summary.set_index("model").loc["dkt"]
    assert own["verdict"] in ("useful", "guessing") and "%" in own["in_words"] or "guessing" in own["in_words"]
    assert set(cv_run.summary["verdict"]) - {"useful", "guessing"} <= {"better", "same", "worse"}
    answers = cv_run.metrics.query("model == 'dkt' and metric == 'auc'")["answers"].iloc[0]
    assert answers == len(p) and cv_run.calibration.query("model == 'dkt'")["answers"].sum() == len(p)
    sd = cv_run.metrics.query("model == 'PFA' and metric == 'auc'")["sd"].iloc[0]
    assert np.isfinite(sd) and sd > 0  # three folds give a spread


def test_an_answer_is_predicted_from_earlier_answers_only(cv_run, sim):
    student = sim.answers["student_id"].iloc[0]
    mine = sim.answers[sim.answers["student_id"] == student].reset_index(drop=True)
    before = m.score_log(cv_run, mine).predictions["p_correct"].to_numpy()
    changed = mine.copy()
    changed.loc[10:, "correct"] = 1 - changed.loc[10:, "correct"]
    after = m.score_log(cv_run, changed).predictions["p_correct"].to_numpy()
    assert np.allclose(before[:11], after[:11]) and not np.allclose(before[11:], after[11:])


def test_holdout_leaves_training_students_unscored(sim):
    run = m.train_log(sim.answers, config=m.LogConfig(**{**TINY, "epochs": 2}), evaluation=m.Holdout(0.3))
    tested = run.predictions["fold"] == 0
    assert run.predictions.loc[tested, "p_correct"].notna().all()
    assert run.predictions.loc[~tested, "p_correct"].isna().all()
    assert run.predictions.loc[tested, "student"].nunique() == round(0.3 * 90)
    assert run.mastery["out_of_sample"].sum() == round(0.3 * 90) * len(run.vocabulary.skills)


def test_a_callback_sees_every_epoch_and_can_stop(sim):
    seen = []

    def stop_at_first(log):
        seen.append(log)
        return True

    run = m.train_log(sim.answers, config=m.LogConfig(**TINY), evaluation=m.KFold(3), callback=stop_at_first)
    assert run.stopped_by_user and run.epochs == 1 and len(seen) == 1
    assert seen[0].folds == 3 and 0 < seen[0].progress <= 1 and seen[0].baseline_loss > 0
    assert set(run.predictions["fold"].unique()) == {-1, 0}  # only the trained fold tests anyone
    assert np.isfinite(run.auc)


def test_the_model_recovers_the_simulated_mastery_ordering():
    """The done-criterion test: on students it never trained on, mastery after the last answer ranks
    (student, skill) pairs and skills as the hidden simulated mastery does, and within each skill it ranks
    students in the hidden order too (so it uses each student's answers, not only the skills' averages)."""
    truth = _simulator().simulate_log(300, 50, seed=7)
    run = m.train_log(truth.answers, config=m.LogConfig(seed=7), evaluation=m.Holdout(0.2))
    hidden = truth.mastery.rename(columns={"student_id": "student", "mastery": "hidden"})
    both = run.mastery.merge(hidden[["student", "skill", "hidden"]], on=["student", "skill"])
    tested = both[both["out_of_sample"]]
    assert tested["student"].nunique() == 60
    assert spearmanr(tested["mastery"], tested["hidden"]).statistic > 0.6
    skills = tested.groupby("skill")[["mastery", "hidden"]].mean()
    assert spearmanr(skills["mastery"], skills["hidden"]).statistic > 0.6
    within = [spearmanr(g["mastery"], g["hidden"]).statistic for _, g in tested.groupby("skill")]
    assert np.mean(within) > 0.1 and np.mean(np.array(within) > 0) >= 2 / 3
    shuffled = tested.assign(mastery=np.random.default_rng(0).permutation(tested["mastery"].to_numpy()))
    assert abs(np.mean([spearmanr(g["mastery"], g["hidden"]).statistic for _, g in shuffled.groupby("skill")])) < 0.1


def test_a_saved_run_reloads_exactly_and_refuses_damage(cv_run, sim, tmp_path):
    folder = m.save_log_run(cv_run, tmp_path / "runs" / "log term 1")
    assert m.run_kind(folder) == "answer_log"
    listed = m.list_runs(tmp_path / "runs")
    assert listed["ok"].all() and listed["students"].iloc[0] == 90
    back = m.load_log_run(folder)
    pd.testing.assert_frame_equal(back.predictions, cv_run.predictions)
    assert back.roles == cv_run.roles and back.vocabulary == cv_run.vocabulary and back.config == cv_run.config
    new = sim.answers.head(200)
    assert np.allclose(m.score_log(back, new).predictions["p_correct"], m.score_log(cv_run, new).predictions["p_correct"])
    with pytest.raises(m.RunLoadError, match="answer log"):
        m.load_run(folder)
    with pytest.raises(m.ConfigError, match="already exists"):
        m.save_log_run(cv_run, folder)
    meta = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    meta["prior"] = 0.99
    (folder / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(m.RunLoadError, match="does not match its checksum"):
        m.load_log_run(folder)
    with pytest.raises(m.RunLoadError, match="not a saved EduMTL run"):
        m.load_log_run(tmp_path)


def test_new_students_start_from_the_class_prior_and_new_skills_get_the_overall_rate(cv_run):
    new = pd.DataFrame({"student_id": ["new1", "new2", "new2", "new3"], "item_id": ["Z-1", "X-1", "X-2", "Z-2"],
                        "skill": ["addition", "algebra", "algebra;addition", "place_value"],
                        "answered_at": ["2026-05-01 10:00"] * 4, "correct": [1, 0, 1, 1]})
    scores = m.score_log(cv_run, new)
    start = dict(zip(cv_run.skills["skill"], cv_run.predictor.start_mastery()))
    p = scores.predictions["p_correct"].to_numpy()
    assert p[0] == pytest.approx(start["addition"], abs=1e-5) and p[3] == pytest.approx(start["place_value"], abs=1e-5)
    assert p[1] == pytest.approx(cv_run.prior) and not scores.predictions["known_skills"].iloc[1]
    assert scores.predictions["known_skills"].iloc[2] and p[2] != pytest.approx(cv_run.prior)
    warning = scores.warnings[scores.warnings["problem"].str.contains("not in the training log")]
    assert len(warning) == 1 and "'algebra'" in warning["problem"].iloc[0] and warning["rows"].iloc[0] == "3, 4"
    assert set(scores.mastery["student"]) == {"new1", "new2", "new3"}
    assert scores.warnings["problem"].str.contains("items the run did not learn").any()


def test_a_new_log_with_errors_names_the_column_and_rows(cv_run):
    bad = pd.DataFrame({"student_id": ["a", "b"], "skill": ["addition", "addition"],
                        "answered_at": ["2026-05-01", "yesterday-ish"], "correct": [1, "perhaps"]})
    with pytest.raises(m.DataValidationError) as raised:
        m.score_log(cv_run, bad)
    problems = raised.value.problems
    assert set(problems.loc[problems["severity"] == "error", "column"]) == {"answered_at", "correct"}
    assert (problems.loc[problems["severity"] == "error", "rows"] == "3").all()


def test_practice_plans_hardest_skills_and_influence(cv_run):
    plan = m.practice_plan(cv_run, n=2)
    assert (plan["mastery"] < 0.8).all() and plan.groupby("student").size().max() <= 2
    assert (plan.groupby("student")["mastery"].apply(lambda s: s.is_monotonic_increasing)).all()
    assert plan["reason"].str.contains("answer|Not practised").all()
    one = plan["student"].iloc[0]
    assert m.practice_plan(cv_run, n=1, student=one)["skill"].tolist() == plan[plan["student"] == one]["skill"].head(1).tolist()
    hardest = m.hardest_skills(cv_run)
    assert hardest["mean_mastery"].is_monotonic_increasing and len(hardest) == len(cv_run.vocabulary.skills)
    wide = m.mastery_table(cv_run, wide=True)
    assert wide.shape == (90, len(cv_run.vocabulary.skills)) and wide.notna().all().all()
    influence = m.skill_influence(cv_run)
    k = len(cv_run.vocabulary.skills)
    assert len(influence) == k * (k - 1) and influence["lift"].is_monotonic_decreasing
    right, _ = cv_run.predictor.influence()
    assert np.allclose((right / right.sum(axis=0)).sum(axis=0), 1.0)
    assert len(m.skill_influence(cv_run, top=5)) == 5


def test_unknown_models_fail_before_any_work(sim):
    with pytest.raises(m.ConfigError, match="Unknown sequence model 'transformer'"):
        m.train_log(sim.answers, config=m.LogConfig(model="transformer"))
