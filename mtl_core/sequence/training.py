"""Train a knowledge-tracing model on an answer log, and evaluate it honestly beside the standard models.

:func:`train_log` checks the log (:func:`mtl_core.data.answer_log.prepare_log`), splits *students*
(never one student's answers across training and test), trains one model per fold with early
stopping on a share of its training students, and scores every test answer from that student's
earlier answers only. On the same folds it fits the per-skill base rate, PFA and BKT
(:mod:`mtl_core.evaluation.log_baselines`), so the comparison is like for like. A callback sees every
epoch and may stop training (the best weights so far are kept).

Example:
    >>> import pandas as pd
    >>> from mtl_core import train_log, LogConfig
    >>> log = pd.read_csv("sample_data/answers.csv")
    >>> run = train_log(log, config=LogConfig(epochs=10))  # doctest: +SKIP
    >>> run.summary[["model", "auc", "verdict", "in_words"]]  # doctest: +SKIP
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from ..data.answer_log import AnswerLog, LogRoles, prepare_log
from ..data.identity import fingerprint
from ..errors import ConfigError
from ..evaluation import log_metrics
from ..evaluation.log_baselines import BASELINES
from ..evaluation.splits import Holdout, KFold, test_folds
from .config import LogCallback, LogConfig
from .sequences import Encoded, Vocabulary, encode

MASTERED = 0.8
"""A skill counts as mastered when the probability of a right next answer is at least this."""


@dataclass(frozen=True)
class LogRun:
    """The result of :func:`train_log`.

    Attributes:
        predictions: one row per row of the input log (input order): ``row`` (0-based position),
            ``student``, ``skills`` (the tags as one text), ``correct`` (1/0, empty when unscored),
            ``p_correct`` (out-of-fold probability that the answer is right, from the student's earlier
            answers only; empty for students the model trained on and for unscored rows), ``fold`` (-1 when
            not tested) and the baselines' probabilities ``p_base_rate``, ``p_pfa``, ``p_bkt``.
        metrics: long table: model, metric (auc, accuracy, rmse, log_loss), value, sd across folds, answers.
        summary: one row per model: the metrics, ``verdict`` of the trained model against it (better /
            same / worse; for the model itself: useful / guessing) and ``in_words``.
        calibration: per model and probability bin: answers, mean predicted, observed share right.
        mastery: one row per student and skill: ``mastery`` (probability that the student's next answer on
            the skill is right, after their last answer; from the model that did not see the student when
            there is one), ``answers`` and ``right`` (their scored answers on the skill), ``mastered``.
        skills: one row per skill: answers, students, right_rate (in the log), mean_mastery, share_mastered,
            start_mastery (a new student's predicted first answer).
        history: per fold and epoch: train_loss, val_loss, val_auc.
        warnings: the log's warnings (problem table).
        model_name: the trained model's registry name (its row in ``summary``).
        seconds: training seconds per model (the trained model, and each baseline).
    """

    config: LogConfig
    roles: LogRoles
    evaluation: Holdout | KFold
    vocabulary: Vocabulary
    predictions: pd.DataFrame
    metrics: pd.DataFrame
    summary: pd.DataFrame
    calibration: pd.DataFrame
    mastery: pd.DataFrame
    skills: pd.DataFrame
    history: pd.DataFrame
    warnings: pd.DataFrame
    model_name: str
    seconds: dict
    n_students: int
    n_answers: int
    epochs: int
    stopped_by_user: bool
    elapsed_s: float
    created: str
    fingerprint: str
    prior: float
    predictor: object = field(repr=False, compare=False)

    @property
    def auc(self) -> float:
        """The trained model's test ROC AUC."""
        return float(self.summary.set_index("model").at[self.model_name, "auc"])


def train_log(
    data: pd.DataFrame | AnswerLog,
    roles: LogRoles | None = None,
    *,
    config: LogConfig | None = None,
    evaluation: Holdout | KFold | None = None,
    callback: LogCallback | None = None,
) -> LogRun:
    """Train a knowledge-tracing model on an answer log and evaluate it on students it did not see.

    Args:
        data: the log as read (one row per answer), or an :class:`AnswerLog` from ``prepare_log``.
        roles: the column roles; default inferred (:func:`mtl_core.infer_log_roles`).
        config: a :class:`LogConfig`; default ``LogConfig()``.
        evaluation: :class:`Holdout` (default, 20 % of students) or :class:`KFold` over students.
        callback: called after every epoch with a :class:`LogEpochLog`; return True to stop training.

    Returns:
        A :class:`LogRun`.

    Raises:
        DataValidationError: the log has errors (the exception carries the problem table).
        ConfigError: a setting is invalid.
    """
    started = time.perf_counter()
    config = config or LogConfig()
    evaluation = evaluation or Holdout()
    _check_model(config)
    log = data if isinstance(data, AnswerLog) else prepare_log(data, roles)
    vocabulary = Vocabulary.from_log(log.scored, use_items=config.use_items and log.roles.item is not None,
                                     min_item_answers=config.min_item_answers)
    encoded = encode(log.answers, vocabulary)
    tests = _student_folds(encoded.n_students, evaluation, config.seed)
    fitting = time.perf_counter()
    models, history, epochs, stopped, prior = _fit_folds(encoded, vocabulary, config, tests, callback, started)
    fit_seconds = time.perf_counter() - fitting
    tests = tests[:len(models)]  # stopped by the callback: the folds not trained test no one
    fold_of_student = np.full(encoded.n_students, -1)
    for fold, test in enumerate(tests):
        fold_of_student[test] = fold

    from .predictor import LogPredictor, ensemble_model

    predictor = LogPredictor(ensemble_model(models), vocabulary, config, prior)
    tested = fold_of_student >= 0
    prob = predictor.answer_probabilities(encoded, np.where(tested, fold_of_student, -2))
    answer_fold = np.repeat(fold_of_student, encoded.lengths())
    baselines, seconds = _baselines(encoded, vocabulary, tests, answer_fold)
    seconds = {config.model: fit_seconds, **seconds}
    truth = encoded.correct.astype(float)
    everything = {config.model: prob, **baselines}
    table = log_metrics.compare(truth, everything, answer_fold)
    mastery_values = predictor.mastery(encoded, np.where(tested, fold_of_student, -1))
    mastery = mastery_frame(encoded, vocabulary, mastery_values, tested)
    return LogRun(
        config=config, roles=log.roles, evaluation=evaluation, vocabulary=vocabulary,
        predictions=_predictions(log, encoded, everything, answer_fold, config.model),
        metrics=table, summary=log_metrics.summary(table, config.model),
        calibration=log_metrics.calibration(truth, everything, answer_fold),
        mastery=mastery, skills=_skill_frame(encoded, vocabulary, mastery, predictor.start_mastery()),
        history=pd.DataFrame(history, columns=["fold", "epoch", "train_loss", "val_loss", "val_auc"]),
        warnings=log.warnings, model_name=config.model, seconds={k: round(v, 3) for k, v in seconds.items()},
        n_students=encoded.n_students, n_answers=len(encoded.correct), epochs=epochs, stopped_by_user=stopped,
        elapsed_s=time.perf_counter() - started, created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        fingerprint=fingerprint(log.answers[["row", "student", "order", "correct"]]), prior=prior,
        predictor=predictor,
    )


def _check_model(config: LogConfig) -> None:
    from .models import SEQUENCE_MODELS

    SEQUENCE_MODELS.get(config.model)


def _student_folds(n_students: int, evaluation, seed: int) -> list[np.ndarray]:
    if n_students < 10:
        raise ConfigError(f"Training needs at least 10 students. Got {n_students} instead.")
    masks = test_folds(n_students, evaluation, None, seed)
    return [np.flatnonzero(mask) for mask in masks]


def _fit_folds(encoded: Encoded, vocabulary: Vocabulary, config: LogConfig, tests, callback, started):
    from .._quiet import import_tensorflow

    import_tensorflow()
    from .loop import FoldFit

    rng = np.random.default_rng(config.seed)
    models, history, epochs, stopped, priors = [], [], 0, False, []
    for fold, test in enumerate(tests):
        fit = np.setdiff1d(np.arange(encoded.n_students), test)
        n_val = max(1, int(round(config.validation_fraction * len(fit))))
        val = rng.choice(fit, size=n_val, replace=False)
        train = np.setdiff1d(fit, val)
        fitter = FoldFit(encoded, config, vocabulary.n_skills, vocabulary.n_items, train, val, fold)
        rows, n, stopped = fitter.run(callback, started, len(tests))
        models.append(fitter.model)
        history += rows
        epochs += n
        priors.append(fitter.prior)
        if stopped:
            break
    return models, history, epochs, stopped, float(np.mean(priors))


def _baselines(encoded: Encoded, vocabulary: Vocabulary, tests, answer_fold) -> tuple[dict, dict]:
    out = {name: np.full(len(encoded.correct), np.nan) for name in BASELINES}
    seconds = dict.fromkeys(BASELINES, 0.0)
    everyone = np.arange(encoded.n_students)
    for test in tests:
        train = np.setdiff1d(everyone, test)
        for name, fit in BASELINES.items():
            begin = time.perf_counter()
            values = fit(encoded.skills, encoded.correct, encoded.starts, train, test, vocabulary.n_skills)
            seconds[name] += time.perf_counter() - begin
            here = np.isfinite(values)
            out[name][here] = values[here]
    return out, seconds


BASELINE_COLUMNS = {"base rate": "p_base_rate", "PFA": "p_pfa", "BKT": "p_bkt"}


def _predictions(log: AnswerLog, encoded: Encoded, everything: dict, answer_fold, model: str) -> pd.DataFrame:
    """One row per input row (input order)."""
    n = log.n_rows
    frame = pd.DataFrame({"row": np.arange(n)})
    answers = log.answers.set_index("row")
    frame["student"] = answers["student"].reindex(frame["row"]).to_numpy()
    frame["skills"] = answers["skills"].reindex(frame["row"]).map(
        lambda s: log.roles.skill_separator.join(s) if isinstance(s, tuple) else None).to_numpy()
    frame["correct"] = answers["correct"].reindex(frame["row"]).to_numpy()
    fold = np.full(n, -1)
    fold[encoded.rows] = answer_fold
    frame["fold"] = fold
    tested = np.zeros(n, bool)
    tested[encoded.rows] = answer_fold >= 0
    for name, values in everything.items():
        column = "p_correct" if name == model else BASELINE_COLUMNS[name]
        full = np.full(n, np.nan)
        full[encoded.rows] = values
        frame[column] = np.where(tested, full, np.nan)
    return frame


def mastery_frame(encoded: Encoded, vocabulary: Vocabulary, values: np.ndarray,
                  out_of_sample: np.ndarray | None = None) -> pd.DataFrame:
    """Long table of a (students, skills) mastery matrix with the answers (and right ones) it rests on."""
    k = vocabulary.n_skills
    student = np.repeat(np.arange(encoded.n_students), encoded.lengths())
    answers = np.zeros((encoded.n_students, k + 1))
    right = np.zeros((encoded.n_students, k + 1))
    a, slot = np.nonzero(encoded.skills > 0)
    skill = encoded.skills[a, slot]
    np.add.at(answers, (student[a], skill), 1)
    np.add.at(right, (student[a], skill), encoded.correct[a])
    frame = pd.DataFrame({
        "student": np.repeat(np.array(encoded.students, dtype=object), k),
        "skill": np.tile(np.array(vocabulary.skills, dtype=object), encoded.n_students),
        "mastery": values.reshape(-1),
        "answers": answers[:, 1:].reshape(-1).astype(int),
        "right": right[:, 1:].reshape(-1).astype(int),
    })
    frame["mastered"] = frame["mastery"] >= MASTERED
    if out_of_sample is not None:
        frame["out_of_sample"] = np.repeat(out_of_sample, k)
    return frame



def _skill_frame(encoded: Encoded, vocabulary: Vocabulary, mastery: pd.DataFrame, start: np.ndarray) -> pd.DataFrame:
    grouped = mastery.groupby("skill", sort=False)
    frame = pd.DataFrame({
        "skill": list(vocabulary.skills),
        "answers": grouped["answers"].sum().reindex(vocabulary.skills).to_numpy(),
        "students": grouped["answers"].apply(lambda a: int((a > 0).sum())).reindex(vocabulary.skills).to_numpy(),
        "right_rate": (grouped["right"].sum() / grouped["answers"].sum().replace(0, np.nan)).reindex(
            vocabulary.skills).to_numpy(),
        "mean_mastery": grouped["mastery"].mean().reindex(vocabulary.skills).to_numpy(),
        "share_mastered": grouped["mastered"].mean().reindex(vocabulary.skills).to_numpy(),
        "start_mastery": start,
    })
    return frame
