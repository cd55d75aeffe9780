"""The contract of every knowledge-tracing model in the registry, and the standard models beside them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mtl_core import SEQUENCE_MODELS, ConfigError, LogConfig, prepare_log
from mtl_core.evaluation.log_baselines import _em, base_rate, bkt, pfa, prior_counts
from mtl_core.sequence.sequences import Vocabulary, batches, encode, windows
from tests.core.test_answer_log import _simulator


@pytest.fixture(scope="module")
def simulated():
    sim = _simulator().simulate_log(120, 30, seed=3)
    log = prepare_log(sim.answers)
    vocabulary = Vocabulary.from_log(log.answers, use_items=True, min_item_answers=3)
    return log, vocabulary, encode(log.answers, vocabulary)


def test_the_registry_lists_models_without_tensorflow_and_names_unknown_ones():
    assert {"dkt", "dkt_gru", "attention"} <= set(SEQUENCE_MODELS.names())
    assert all(info.paper for info in SEQUENCE_MODELS.infos())
    with pytest.raises(ConfigError, match="Unknown sequence model 'lstm'. Available: dkt"):
        SEQUENCE_MODELS.get("lstm")


@pytest.mark.parametrize("name", SEQUENCE_MODELS.names())
def test_every_model_is_causal_trains_and_reloads_in_safe_mode(name, simulated, tmp_path):
    import keras

    from mtl_core.sequence.loop import FoldFit

    _, vocabulary, encoded = simulated
    config = LogConfig(model=name, hidden_units=16, embedding_units=16, epochs=2, window=20, next_skill_weight=0.5)
    students = np.arange(encoded.n_students)
    fit = FoldFit(encoded, config, vocabulary.n_skills, vocabulary.n_items, students[:100], students[100:])
    history, epochs, stopped = fit.run(None, 0.0, 1)
    assert epochs == 2 and not stopped and all(np.isfinite(h["train_loss"]) and h["val_loss"] > 0 for h in history)
    batch = batches(encoded, windows(encoded, 20, students[:8]), 8)[0]
    before = fit.logits(batch.inputs).numpy()
    changed = {k: v.copy() for k, v in batch.inputs.items()}
    cut = 6
    changed["h_correct"][:, cut:] = 1 - changed["h_correct"][:, cut:]
    changed["q_skills"][:, cut:] = 1
    changed["h_items"][:, cut:] = 0
    after = fit.logits(changed).numpy()
    assert np.allclose(before[:, :cut], after[:, :cut], atol=1e-6)  # nothing later leaks into earlier positions
    assert not np.allclose(before[:, cut:], after[:, cut:])
    path = tmp_path / f"{name}.keras"
    fit.model.save(path)
    loaded = keras.saving.load_model(path, compile=False, safe_mode=True)
    assert np.allclose(loaded(batch.inputs)["logit"].numpy(), before, atol=1e-6)


def test_bkt_recovers_known_parameters():
    rng = np.random.default_rng(0)
    init, learn, guess, slip = 0.3, 0.2, 0.25, 0.1
    obs, real = np.zeros((1500, 10), int), np.ones((1500, 10), bool)
    for i in range(1500):
        known, length = rng.random() < init, rng.integers(3, 11)
        real[i, length:] = False
        for j in range(length):
            obs[i, j] = rng.random() < ((1 - slip) if known else guess)
            known = known or rng.random() < learn
    fitted = _em(obs, real, 100)
    assert np.allclose(fitted, (init, learn, guess, slip), atol=0.04)


def test_prior_counts_use_only_earlier_answers_of_the_same_student_and_skill():
    skills = np.array([[1, 0], [1, 2], [2, 0], [1, 0], [1, 0], [1, 0]])
    correct = np.array([1, 0, 1, 1, 0, 1.0])
    starts = np.array([0, 4, 6])  # student 0: answers 0-3, student 1: answers 4-5
    answer, skill, successes, failures = prior_counts(skills, correct, starts)
    got = {(a, k): (s, f) for a, k, s, f in zip(answer, skill, successes, failures)}
    assert got[(0, 1)] == (0, 0) and got[(1, 1)] == (1, 0) and got[(1, 2)] == (0, 0)
    assert got[(2, 2)] == (0, 1) and got[(3, 1)] == (1, 1) and got[(4, 1)] == (0, 0) and got[(5, 1)] == (0, 1)


@pytest.mark.parametrize("baseline", [base_rate, pfa, bkt])
def test_baselines_score_test_students_only_from_their_past(baseline, simulated):
    _, vocabulary, e = simulated
    students = np.arange(e.n_students)
    train, test = students[:90], students[90:]
    p = baseline(e.skills, e.correct, e.starts, train, test, vocabulary.n_skills)
    in_test = np.repeat(np.isin(students, test), e.lengths())
    assert np.isfinite(p[in_test]).all() and np.isnan(p[~in_test]).all() and ((p[in_test] > 0) & (p[in_test] < 1)).all()
    last = e.starts[test[0] + 1] - 1  # flip the last answer of a test student: their earlier predictions stay
    flipped = e.correct.copy()
    flipped[last] = 1 - flipped[last]
    again = baseline(e.skills, flipped, e.starts, train, test, vocabulary.n_skills)
    assert np.allclose(again[e.starts[test[0]]:last + 1], p[e.starts[test[0]]:last + 1])


def test_pfa_and_bkt_beat_the_base_rate_on_a_log_where_practice_helps(simulated):
    from sklearn.metrics import roc_auc_score

    _, vocabulary, e = simulated
    students = np.arange(e.n_students)
    aucs = {}
    for name, baseline in (("base", base_rate), ("pfa", pfa), ("bkt", bkt)):
        p = baseline(e.skills, e.correct, e.starts, students[:90], students[90:], vocabulary.n_skills)
        keep = np.isfinite(p)
        aucs[name] = roc_auc_score(e.correct[keep], p[keep])
    assert aucs["pfa"] > aucs["base"] + 0.02 and aucs["bkt"] > aucs["base"]


def test_log_config_checks_its_settings():
    with pytest.raises(ConfigError, match="'window' parameter of LogConfig must be an int >= 4"):
        LogConfig(window=2)
    with pytest.raises(ConfigError, match="use_items"):
        LogConfig(use_items="yes")
    assert pd.Series([LogConfig().model]).iloc[0] == "dkt"
