"""Standard models of next-answer correctness, fitted on the training students of a fold and scored on
its test students, beside every knowledge-tracing model:

* **base rate**: the share of right answers per skill in the training students (lightly smoothed
  towards the overall rate); the floor any model must beat.
* **PFA**: performance factors analysis (P. I. Pavlik, H. Cen, K. R. Koedinger, "Performance Factors
  Analysis: A New Alternative to Knowledge Tracing", AIED 2009): a logistic regression on, per skill
  of the answer, an intercept and the student's prior successes and failures on that skill.
* **BKT**: Bayesian knowledge tracing (A. T. Corbett, J. R. Anderson, "Knowledge tracing: Modeling
  the acquisition of procedural knowledge", UMUAI 1995) with the four standard parameters (initial
  knowledge, learning, guess, slip) fitted per skill by expectation-maximisation, guess and slip
  kept below 0.5 (at most 40 EM iterations, fewer once no parameter moves by 1e-4). pyBKT 1.4.3 (the PyPI release) fails at import with this scikit-learn, so the
  model is written here (about 80 lines, vectorised over students).

An answer tagged with several skills counts for each of them (as pyBKT and pyKT expand such
answers); its prediction is the mean of its skills' predictions. A skill the training students never
answered gets the overall rate. Every function returns one probability per answer of ``test``
students and NaN elsewhere. No TensorFlow here.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

BASE_RATE_SMOOTHING = 2.0  # pseudo-answers at the overall rate added to every skill
BKT_ITERATIONS = 40
BKT_TOLERANCE = 1e-4  # EM stops when no parameter moves more than this
BKT_MAX_GUESS = BKT_MAX_SLIP = 0.5


def _student_of_answer(starts: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(starts) - 1), np.diff(starts))


def _answer_mask(starts: np.ndarray, students: np.ndarray) -> np.ndarray:
    mask = np.zeros(len(starts) - 1, bool)
    mask[students] = True
    return mask[_student_of_answer(starts)]


def _pairs(skills: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(answer, skill) pairs of the real skills of every answer."""
    answer, slot = np.nonzero(skills > 0)
    return answer, skills[answer, slot]


def _mean_per_answer(n: int, answer: np.ndarray, values: np.ndarray) -> np.ndarray:
    total = np.bincount(answer, weights=values, minlength=n)
    count = np.bincount(answer, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def base_rate(skills, correct, starts, train, test, n_skills: int) -> np.ndarray:
    """Per-skill share of right answers among the training students."""
    fit, score = _answer_mask(starts, train), _answer_mask(starts, test)
    answer, skill = _pairs(skills)
    overall = float(correct[fit].mean())
    used = fit[answer]
    right = np.bincount(skill[used], weights=correct[answer[used]], minlength=n_skills + 1)
    seen = np.bincount(skill[used], minlength=n_skills + 1)
    rate = (right + BASE_RATE_SMOOTHING * overall) / (seen + BASE_RATE_SMOOTHING)
    out = _mean_per_answer(len(correct), answer, rate[skill])
    out[~score] = np.nan
    return np.where(score & np.isnan(out), overall, out)


def prior_counts(skills, correct, starts) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For every (answer, skill) pair: the student's right and wrong answers on that skill before it.

    Returns ``(answer, skill, successes, failures)``.
    """
    answer, skill = _pairs(skills)
    student = _student_of_answer(starts)[answer]
    order = np.lexsort((answer, skill, student))
    a, k, s = answer[order], skill[order], student[order]
    group = np.r_[True, (s[1:] != s[:-1]) | (k[1:] != k[:-1])]
    right = correct[a]
    cum_right = np.cumsum(right) - right
    cum_all = np.arange(len(a), dtype=float)
    starts_of_group = np.maximum.accumulate(np.where(group, np.arange(len(a)), 0))
    successes = cum_right - cum_right[starts_of_group]
    failures = (cum_all - cum_all[starts_of_group]) - successes
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return answer, skill, successes[back], failures[back]


def _pfa_features(n_answers: int, n_skills: int, answer, skill, successes, failures) -> sparse.csr_matrix:
    columns = np.concatenate([skill, n_skills + 1 + skill, 2 * (n_skills + 1) + skill])
    values = np.concatenate([np.ones(len(skill)), successes, failures])
    rows = np.concatenate([answer, answer, answer])
    return sparse.csr_matrix((values, (rows, columns)), shape=(n_answers, 3 * (n_skills + 1)))


def pfa(skills, correct, starts, train, test, n_skills: int) -> np.ndarray:
    """Performance factors analysis: a logistic regression per skill on prior successes and failures."""
    fit, score = _answer_mask(starts, train), _answer_mask(starts, test)
    answer, skill, successes, failures = prior_counts(skills, correct, starts)
    x = _pfa_features(len(correct), n_skills, answer, skill, successes, failures)
    model = LogisticRegression(C=1.0, max_iter=500)
    model.fit(x[fit], correct[fit])
    out = np.full(len(correct), np.nan)
    if score.any():
        out[score] = model.predict_proba(x[score])[:, 1]
    return out


# --------------------------------------------------------------------------- BKT

def _skill_sequences(skills, starts, answers: np.ndarray, skill_id: int) -> np.ndarray | None:
    """Padded (sequences, length) observations of one skill, one sequence per student, and the answer of
    every cell (-1 for padding)."""
    answer, skill = _pairs(skills)
    keep = (skill == skill_id) & answers[answer]
    a = answer[keep]
    if not len(a):
        return None
    student = _student_of_answer(starts)[a]
    change = np.r_[0, np.flatnonzero(student[1:] != student[:-1]) + 1, len(a)]
    lengths = np.diff(change)
    cells = np.full((len(lengths), lengths.max()), -1)
    position = np.arange(len(a)) - np.repeat(change[:-1], lengths)
    cells[np.repeat(np.arange(len(lengths)), lengths), position] = a
    return cells


def _forward(obs, real, init, learn, guess, slip):
    """P(known) before every observation (filtering), and the likelihood terms."""
    n, t = obs.shape
    known = np.empty((n, t))
    p = np.full(n, init)
    for j in range(t):
        known[:, j] = p
        right = p * (1 - slip) / np.maximum(p * (1 - slip) + (1 - p) * guess, 1e-12)
        wrong = p * slip / np.maximum(p * slip + (1 - p) * (1 - guess), 1e-12)
        posterior = np.where(obs[:, j] == 1, right, wrong)
        p = np.where(real[:, j], posterior + (1 - posterior) * learn, p)
    return known


def _em(obs, real, iterations: int = BKT_ITERATIONS) -> tuple[float, float, float, float]:
    """Fit (init, learn, guess, slip) by EM (forward-backward over a two-state hidden Markov model)."""
    init, learn, guess, slip = 0.4, 0.15, 0.2, 0.1
    n, t = obs.shape
    for _ in range(iterations):
        previous = np.array([init, learn, guess, slip])
        e_known = np.where(obs == 1, 1 - slip, slip)  # P(obs | known)
        e_unknown = np.where(obs == 1, guess, 1 - guess)
        e_known, e_unknown = np.where(real, e_known, 1.0), np.where(real, e_unknown, 1.0)
        alpha = np.zeros((n, t, 2))
        a = np.array([1 - init, init])[None, :] * np.stack([e_unknown[:, 0], e_known[:, 0]], axis=1)
        alpha[:, 0] = a / a.sum(1, keepdims=True)
        for j in range(1, t):
            prev = alpha[:, j - 1]
            moved = np.stack([prev[:, 0] * (1 - learn), prev[:, 0] * learn + prev[:, 1]], axis=1)
            moved = np.where(real[:, j, None], moved, prev)
            a = moved * np.stack([e_unknown[:, j], e_known[:, j]], axis=1)
            alpha[:, j] = a / np.maximum(a.sum(1, keepdims=True), 1e-300)
        beta = np.ones((n, t, 2))
        for j in range(t - 2, -1, -1):
            e_next = np.stack([e_unknown[:, j + 1], e_known[:, j + 1]], axis=1) * beta[:, j + 1]
            b = np.stack([(1 - learn) * e_next[:, 0] + learn * e_next[:, 1], e_next[:, 1]], axis=1)
            b = np.where(real[:, j + 1, None], b, beta[:, j + 1])
            beta[:, j] = b / np.maximum(b.sum(1, keepdims=True), 1e-300)
        gamma = alpha * beta
        gamma /= np.maximum(gamma.sum(2, keepdims=True), 1e-300)
        # transitions unknown -> known between consecutive real observations
        xi_num = alpha[:, :-1, 0] * learn * e_known[:, 1:] * beta[:, 1:, 1]
        xi_den = (alpha[:, :-1, 0] * ((1 - learn) * e_unknown[:, 1:] * beta[:, 1:, 0] + learn * e_known[:, 1:] * beta[:, 1:, 1]))
        both = real[:, 1:] & real[:, :-1]
        unknown_before = (gamma[:, :-1, 0] * both).sum()
        learned = (np.where(both, gamma[:, :-1, 0] * xi_num / np.maximum(xi_den, 1e-300), 0)).sum()
        init = float(np.clip(gamma[:, 0, 1].mean(), 1e-3, 1 - 1e-3))
        learn = float(np.clip(learned / max(unknown_before, 1e-12), 1e-4, 1 - 1e-4))
        weight_known, weight_unknown = (gamma[..., 1] * real), (gamma[..., 0] * real)
        slip = float(np.clip((weight_known * (obs == 0)).sum() / max(weight_known.sum(), 1e-12), 1e-3, BKT_MAX_SLIP))
        guess = float(np.clip((weight_unknown * (obs == 1)).sum() / max(weight_unknown.sum(), 1e-12), 1e-3,
                              BKT_MAX_GUESS))
        if np.abs(np.array([init, learn, guess, slip]) - previous).max() < BKT_TOLERANCE:
            break
    return init, learn, guess, slip


def bkt_parameters(skills, correct, starts, train, n_skills: int) -> np.ndarray:
    """(skills + 1, 4): init, learn, guess, slip per skill index (row 0 and unseen skills are NaN)."""
    fit = _answer_mask(starts, train)
    params = np.full((n_skills + 1, 4), np.nan)
    for k in range(1, n_skills + 1):
        cells = _skill_sequences(skills, starts, fit, k)
        if cells is None:
            continue
        real = cells >= 0
        obs = np.where(real, correct[np.maximum(cells, 0)], 0).astype(int)
        params[k] = _em(obs, real)
    return params


def bkt(skills, correct, starts, train, test, n_skills: int, params: np.ndarray | None = None) -> np.ndarray:
    """Bayesian knowledge tracing fitted per skill on the training students, filtered on the test students."""
    fit, score = _answer_mask(starts, train), _answer_mask(starts, test)
    params = bkt_parameters(skills, correct, starts, train, n_skills) if params is None else params
    overall = float(correct[fit].mean())
    answer_all, skill_all = _pairs(skills)
    per_pair = np.full(len(answer_all), np.nan)
    for k in range(1, n_skills + 1):
        cells = _skill_sequences(skills, starts, score, k)
        if cells is None:
            continue
        real = cells >= 0
        if np.isnan(params[k, 0]):
            values = np.full(real.shape, overall)
        else:
            init, learn, guess, slip = params[k]
            obs = np.where(real, correct[np.maximum(cells, 0)], 0).astype(int)
            known = _forward(obs, real, init, learn, guess, slip)
            values = known * (1 - slip) + (1 - known) * guess
        index = np.flatnonzero(skill_all == k)
        lookup = np.full(len(correct), -1)
        lookup[answer_all[index]] = index
        per_pair[lookup[cells[real]]] = values[real]
    out = _mean_per_answer(len(correct), answer_all, np.nan_to_num(per_pair))  # only test answers are kept
    out[~score] = np.nan
    return np.where(score & np.isnan(out), overall, out)


BASELINES = {"base rate": base_rate, "PFA": pfa, "BKT": bkt}
"""The standard models every log run is compared with, by display name."""
