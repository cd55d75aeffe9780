"""Per student and per skill, from a trained log run (or the scores of a new log): mastery, what to
practise next and why, the class's hardest skills, and which skills' answers move predictions on which
others.

*Mastery* is the probability that the student's next answer on the skill is right, after their last
answer (:data:`~mtl_core.sequence.training.MASTERED` = 0.8 or more counts as mastered), always shown
with the number of answers it rests on: a mastery after 0 answers is a prediction from the student's
other skills and the class, not an observation.

Example:
    >>> plan = practice_plan(run, n=3)  # doctest: +SKIP
    >>> plan[plan["student"] == "S0001"][["skill", "mastery", "reason"]]  # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..sequence.training import MASTERED


def _mastery(result) -> pd.DataFrame:
    return result if isinstance(result, pd.DataFrame) else result.mastery


def mastery_table(result, *, wide: bool = False) -> pd.DataFrame:
    """Mastery of every student and skill.

    Args:
        result: a LogRun, the LogScores of a new log, or their ``mastery`` table.
        wide: one row per student and one column per skill (for a heat map) instead of the long table
            (student, skill, mastery, answers, right, mastered). Default False.
    """
    table = _mastery(result)
    if not wide:
        return table.copy()
    return table.pivot(index="student", columns="skill", values="mastery").reindex(
        index=pd.unique(table["student"]), columns=pd.unique(table["skill"]))


def _percent(value: float) -> str:
    return f"{value:.0%}"


def practice_plan(result, n: int = 3, student: str | None = None) -> pd.DataFrame:
    """The next skills to practise: per student, up to ``n`` skills not yet mastered, lowest mastery first,
    with a short reason.

    Args:
        result: a LogRun, LogScores, or a mastery table.
        n: skills per student. Default 3.
        student: only this student (default every student).

    Returns:
        student, rank (1 = first), skill, mastery, answers, class_mastery (the mean over the class), reason.
        A student who has mastered every skill has no row.
    """
    table = _mastery(result)
    class_mean = table.groupby("skill")["mastery"].mean()
    if student is not None:
        table = table[table["student"].astype(str) == str(student)]
    open_skills = table[table["mastery"] < MASTERED].sort_values(["student", "mastery"], kind="stable")
    chosen = open_skills.groupby("student", sort=False).head(n).copy()
    chosen["rank"] = chosen.groupby("student", sort=False).cumcount() + 1
    chosen["class_mastery"] = chosen["skill"].map(class_mean).to_numpy()
    chosen["reason"] = [_reason(row) for row in chosen.itertuples()]
    columns = ["student", "rank", "skill", "mastery", "answers", "class_mastery", "reason"]
    return chosen[columns].reset_index(drop=True)


def _reason(row) -> str:
    versus = f"the class averages {_percent(row.class_mastery)}"
    if row.answers == 0:
        return (f"Not practised yet: predicted {_percent(row.mastery)} from the answers on other skills; {versus}.")
    return (f"Mastery {_percent(row.mastery)} after {row.answers} answer(s), {row.right} right; {versus}; "
            f"{_percent(MASTERED)} counts as mastered.")


def hardest_skills(result, n: int | None = None) -> pd.DataFrame:
    """The class's hardest skills: lowest mean mastery first.

    Returns skill, mean_mastery, share_mastered, students_practised, answers, right_rate (share of right
    answers in the log; empty when nobody answered it), reason.
    """
    table = _mastery(result)
    grouped = table.groupby("skill", sort=False)
    frame = pd.DataFrame({
        "mean_mastery": grouped["mastery"].mean(),
        "share_mastered": grouped["mastered"].mean(),
        "students_practised": grouped["answers"].apply(lambda a: int((a > 0).sum())),
        "answers": grouped["answers"].sum(),
        "right_rate": grouped["right"].sum() / grouped["answers"].sum().replace(0, np.nan),
    }).reset_index().sort_values("mean_mastery", kind="stable", ignore_index=True)
    frame["reason"] = [
        (f"Average mastery {_percent(r.mean_mastery)}; {_percent(r.share_mastered)} of students have mastered it; "
         + (f"{_percent(r.right_rate)} of {int(r.answers)} answers were right." if r.answers else
            "nobody has practised it yet."))
        for r in frame.itertuples()]
    return frame.head(n) if n else frame


def skill_influence(run, top: int | None = None) -> pd.DataFrame:
    """Which skills' answers move predictions on which others (the DKT paper's influence graph).

    For every pair of skills (i, j), i != j: ``p_after_right`` / ``p_after_wrong``, the predicted
    probability of a right first answer on j after a single right / wrong answer on i; ``lift`` =
    their difference (how much a right answer on i raises the prediction on j); and ``influence``, the
    DKT paper's J(i -> j) = p_after_right(i, j) / sum over k of p_after_right(k, j).

    Args:
        run: a LogRun (trained or loaded).
        top: keep the ``top`` pairs with the largest lift (default all), strongest first.

    Returns:
        from_skill, to_skill, p_after_right, p_after_wrong, lift, influence, sorted by lift.
    """
    right, wrong = run.predictor.influence()
    skills = np.array(run.vocabulary.skills, dtype=object)
    k = len(skills)
    i, j = np.divmod(np.arange(k * k), k)
    keep = i != j
    influence = right / right.sum(axis=0, keepdims=True)
    frame = pd.DataFrame({
        "from_skill": skills[i[keep]], "to_skill": skills[j[keep]],
        "p_after_right": right.reshape(-1)[keep], "p_after_wrong": wrong.reshape(-1)[keep],
        "lift": (right - wrong).reshape(-1)[keep], "influence": influence.reshape(-1)[keep],
    }).sort_values("lift", ascending=False, kind="stable", ignore_index=True)
    return frame.head(top) if top else frame
