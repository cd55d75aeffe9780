"""Score a new answer log with a trained (or saved) log run.

For every answer row: the probability that it is right given only that student's earlier rows in the
file; for every student and skill: the mastery after their last answer. A student the run never saw
starts from the class prior (the models' start-of-sequence state). An answer on a skill the run never
saw gets the overall rate of the training log, and a warning names the skills and rows.

Example:
    >>> scores = score_log(run, pd.read_csv("week12.csv"))  # doctest: +SKIP
    >>> scores.predictions[["student", "skills", "p_correct"]]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data.answer_log import LogRoles, prepare_log
from ..data.io import source_rows
from ..data.validation import spreadsheet_rows
from ..errors import problem_table
from .sequences import encode
from .training import mastery_frame


@dataclass(frozen=True, eq=False)
class LogScores:
    """What :func:`score_log` returns.

    Attributes:
        predictions: one row per input row (input order): row, student, skills, correct, p_correct (empty
            for rows without a student, skill, order or correctness), known_skills (False when every skill of
            the answer is new to the run: its p_correct is the overall rate).
        mastery: one row per student and skill: mastery, answers, right, mastered.
        warnings: the log's warnings plus those about skills and items the run never saw.
    """

    predictions: pd.DataFrame
    mastery: pd.DataFrame
    warnings: pd.DataFrame


def scoring_roles(run, frame: pd.DataFrame) -> LogRoles:
    """The run's roles for ``frame``: the item column is dropped when the new log has none."""
    roles = run.roles
    if roles.item and roles.item not in frame.columns:
        roles = roles.with_roles(item=None)
    return roles


def score_log(run, data: pd.DataFrame, roles: LogRoles | None = None) -> LogScores:
    """Probabilities for every answer of ``data`` and mastery after each student's last answer.

    Args:
        run: a :class:`~mtl_core.sequence.training.LogRun` (trained or loaded).
        data: the new log (its columns named as in the training log, unless ``roles`` says otherwise).
        roles: the column roles of ``data``; default the run's (the pass mark included).

    Raises:
        DataValidationError: the log has errors (the problem table names the columns and rows).
    """
    roles = roles or scoring_roles(run, data)
    log = prepare_log(data, roles, training=False)
    vocabulary, predictor = run.vocabulary, run.predictor
    encoded = encode(log.answers, vocabulary)
    prob = predictor.answer_probabilities(encoded)
    prob = np.where(encoded.known, prob, run.prior)
    found = [*log.warnings.to_dict("records"), *_unseen_warnings(log, vocabulary, data, roles)]
    n = log.n_rows
    answers = log.answers.set_index("row")
    frame = pd.DataFrame({"row": np.arange(n)})
    frame["student"] = answers["student"].reindex(frame["row"]).to_numpy()
    frame["skills"] = answers["skills"].reindex(frame["row"]).map(
        lambda s: roles.skill_separator.join(s) if isinstance(s, tuple) else None).to_numpy()
    frame["correct"] = answers["correct"].reindex(frame["row"]).to_numpy()
    p_correct, known = np.full(n, np.nan), np.ones(n, bool)
    p_correct[encoded.rows], known[encoded.rows] = prob, encoded.known
    frame["p_correct"], frame["known_skills"] = p_correct, known
    values = predictor.mastery(encoded) if encoded.n_students else np.zeros((0, vocabulary.n_skills))
    return LogScores(frame, mastery_frame(encoded, vocabulary, values), problem_table(found))


def _unseen_warnings(log, vocabulary, data: pd.DataFrame, roles: LogRoles) -> list[dict]:
    known = set(vocabulary.skills)
    rows = source_rows(data)
    out = []
    skills = log.answers["skills"]
    new = skills.map(lambda s: [x for x in s if x not in known])
    some = new.map(len).gt(0).to_numpy()
    if some.any():
        names = sorted({x for items in new[some] for x in items})
        shown = ", ".join(f"'{x}'" for x in names[:5]) + (", ..." if len(names) > 5 else "")
        every = skills[some].map(len).to_numpy() == new[some].map(len).to_numpy()
        out.append(dict(severity="warning", column=roles.skill, rows=spreadsheet_rows(
            np.sort(log.answers["row"].to_numpy()[some]), rows=rows),
            problem=f"{len(names)} skill(s) were not in the training log ({shown}). {int(every.sum())} answer(s) "
                    "on new skills only get the overall rate of the training log; the others are predicted from "
                    "their known skills.",
            fix="Train again on a log that includes these skills, or check their spelling."))
    if roles.item and vocabulary.items:
        items = set(vocabulary.items)
        unseen = log.answers["item"].ne("") & ~log.answers["item"].isin(items)
        if unseen.any():
            out.append(dict(severity="warning", column=roles.item, rows="",
                            problem=f"{int(unseen.sum())} answer(s) are on items the run did not learn (new, or with "
                                    "few answers in training); they are predicted from their skills alone.",
                            fix="Nothing to do; train again later to learn these items."))
    return out
