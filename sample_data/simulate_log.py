"""Simulate a seeded, synthetic answer log: one row per answer to a skill-tagged exercise.

Every student, answer and time below comes from the generative model in this file (documented,
with the same numbers, in ``sample_data/README.md``, section "Sample answer log"). No real person is
described.

The model:

* **Skills with prerequisites** (:data:`SKILLS`): twelve arithmetic-to-algebra skills; each lists the
  skills it builds on. A skill's *difficulty* grows with its depth in the prerequisite graph.
* **Students** have an *ability* (normal, sd 0.8) and a *learning rate* (log-normal around 0.25).
  Each keeps a hidden *level* per skill on the logit scale, starting at
  ``ability - difficulty + noise(sd 0.5)``.
* **Mastery** of a skill is ``sigmoid(level - 1.5 * gap)`` where ``gap`` is the mean non-mastery
  of its prerequisites (computed in prerequisite order): a skill is hard to master while what it
  builds on is not.
* **Answers**: an item of skill ``k`` is right with probability
  ``guess + (1 - guess - slip) * sigmoid(level_k - 1.5 * gap_k + item_offset)`` (guess 0.2,
  slip 0.1). An item tagged with two skills (``"percentages;decimals"``) needs both: the two
  probabilities multiply.
* **Practice makes the level grow**: after every answer on a skill its level rises by the
  student's learning rate, and by 1.5 times as much after a wrong answer (the feedback on a mistake
  teaches more).
* **Order**: students work through the skills in curriculum order; on each skill they answer until
  two in a row are right or six answers are given, and one answer in five reviews an earlier
  skill; a student who reaches the end of the curriculum starts it again (revision). A student stops
  after their own number of answers (about ``answers_per_student``, Poisson).

``simulate_log(...)`` returns the log and the hidden truth (mastery of every student and skill
after their last answer), which tests use to check that a trained model recovers the ordering.

Regenerate the committed sample::

    .venv/bin/python sample_data/simulate_log.py            # sample_data/answers.csv (150 students)
    .venv/bin/python sample_data/simulate_log.py --students 4000 --answers 100 --out /tmp/big.csv

This script depends only on numpy and pandas; it does not import ``mtl_core``, so the data cannot
silently follow the model code. Running it twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_STUDENTS = 150
DEFAULT_ANSWERS = 50
DEFAULT_SEED = 2026
GUESS, SLIP = 0.2, 0.1
PREREQUISITE_PULL = 1.5
ITEMS_PER_SKILL = 6

SKILLS: dict[str, tuple[str, ...]] = {
    "place_value": (),
    "addition": ("place_value",),
    "subtraction": ("addition",),
    "multiplication": ("addition",),
    "division": ("multiplication", "subtraction"),
    "negative_numbers": ("subtraction",),
    "fractions": ("division",),
    "decimals": ("place_value", "division"),
    "ratios": ("fractions",),
    "percentages": ("fractions", "decimals"),
    "equations": ("multiplication", "negative_numbers"),
    "graphs": ("equations", "ratios"),
}
"""Skill -> the skills it builds on, in curriculum (prerequisite) order."""


@dataclass(frozen=True)
class SimulatedLog:
    """A simulated log and its hidden truth.

    Attributes:
        answers: student_id, item_id, skill, answered_at, correct (one row per answer, in time order).
        mastery: student_id, skill, mastery (probability of a right answer on a typical item of the skill
            after the student's last answer, slips and guesses aside), level, answers (how many answers
            the student gave on the skill).
        skills: skill, prerequisites, difficulty.
    """

    answers: pd.DataFrame
    mastery: pd.DataFrame
    skills: pd.DataFrame


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _depths() -> dict[str, int]:
    depth: dict[str, int] = {}
    for skill, needs in SKILLS.items():
        depth[skill] = 1 + max((depth[n] for n in needs), default=-1)
    return depth


def _mastery(level: np.ndarray, names: list[str]) -> np.ndarray:
    """Mastery of every skill from the levels, prerequisites first."""
    index = {name: i for i, name in enumerate(names)}
    mastery = np.zeros(len(names))
    for i, name in enumerate(names):
        needs = [index[n] for n in SKILLS[name]]
        gap = np.mean(1.0 - mastery[needs]) if needs else 0.0
        mastery[i] = _sigmoid(level[i] - PREREQUISITE_PULL * gap)
    return mastery


def _items(rng, names: list[str]) -> list[tuple[str, tuple[int, ...], float]]:
    """(item id, skill indexes, offset) for every item; some items also need a prerequisite."""
    index = {name: i for i, name in enumerate(names)}
    items = []
    for k, name in enumerate(names):
        for j in range(ITEMS_PER_SKILL):
            skills = (k,)
            if SKILLS[name] and j == 0:  # the first item of a skill with prerequisites also needs one
                skills = (k, index[SKILLS[name][rng.integers(len(SKILLS[name]))]])
            items.append((f"{name[:3].upper()}-{j + 1}", skills, float(rng.normal(0, 0.4))))
    return items


def _student(rng, s: int, names, difficulty, items_of, n_answers: int, start: np.datetime64):
    ability = rng.normal(0, 0.8)
    rate = float(np.exp(rng.normal(np.log(0.25), 0.4)))
    level = ability - difficulty + rng.normal(0, 0.5, len(names))
    counts = np.zeros(len(names), int)
    rows, time = [], start + np.timedelta64(int(rng.integers(0, 8 * 60)), "m")
    for k in [k for _ in range(n_answers) for k in range(len(names))]:  # after the curriculum, revise it again
        if len(rows) >= n_answers:
            break
        streak, tries = 0, 0
        while streak < 2 and tries < 6 and len(rows) < n_answers:
            skill = k if (k == 0 or rng.random() >= 0.2) else int(rng.integers(0, k))
            item_id, skills, offset = items_of[skill][rng.integers(len(items_of[skill]))]
            mastery = _mastery(level, names)
            gaps = np.log(mastery / (1 - mastery)) - level  # -1.5 * prerequisite gap, per skill
            p = np.prod([GUESS + (1 - GUESS - SLIP) * _sigmoid(level[i] + gaps[i] + offset) for i in skills])
            right = bool(rng.random() < p)
            time += np.timedelta64(int(rng.integers(1, 20)), "m") + (
                np.timedelta64(int(rng.integers(12, 72)), "h") if rng.random() < 0.1 else np.timedelta64(0, "m"))
            rows.append((f"S{s + 1:04d}", item_id, ";".join(names[i] for i in skills), str(time), int(right)))
            for i in skills:
                level[i] += rate * (1.0 if right else 1.5)
                counts[i] += 1
            if skill == k:
                streak, tries = (streak + 1 if right else 0), tries + 1
    mastery = _mastery(level, names)
    truth = [(f"S{s + 1:04d}", names[i], float(mastery[i]), float(level[i]), int(counts[i]))
             for i in range(len(names))]
    return rows, truth


def simulate_log(n_students: int = DEFAULT_STUDENTS, answers_per_student: int = DEFAULT_ANSWERS,
                 seed: int = DEFAULT_SEED) -> SimulatedLog:
    """Simulate ``n_students`` students answering about ``answers_per_student`` exercises each.

    Args:
        n_students: students in the log. Default 150.
        answers_per_student: mean answers per student (each student's own number is Poisson around it,
            at least 5). Default 50.
        seed: all randomness comes from ``numpy.random.default_rng(seed)``. Default 2026.
    """
    rng = np.random.default_rng(seed)
    names = list(SKILLS)
    depth = _depths()
    difficulty = np.array([0.6 * depth[n] - 0.4 for n in names]) + rng.normal(0, 0.2, len(names))
    items = _items(rng, names)
    items_of = [[item for item in items if item[1][0] == k] for k in range(len(names))]
    start = np.datetime64("2026-02-02T08:00")
    answers, truth = [], []
    for s in range(n_students):
        n = max(5, int(rng.poisson(answers_per_student)))
        day = start + np.timedelta64(int(rng.integers(0, 5)), "D")
        rows, mastery = _student(rng, s, names, difficulty, items_of, n, day)
        answers += rows
        truth += mastery
    log = pd.DataFrame(answers, columns=["student_id", "item_id", "skill", "answered_at", "correct"])
    log["answered_at"] = log["answered_at"].str.replace("T", " ", regex=False)
    log = log.sort_values(["answered_at", "student_id"], kind="stable", ignore_index=True)
    mastery = pd.DataFrame(truth, columns=["student_id", "skill", "mastery", "level", "answers"])
    skills = pd.DataFrame({"skill": names, "prerequisites": [";".join(SKILLS[n]) for n in names],
                           "difficulty": difficulty.round(3)})
    return SimulatedLog(log, mastery, skills)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=DEFAULT_STUDENTS)
    parser.add_argument("--answers", type=int, default=DEFAULT_ANSWERS, help="mean answers per student")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "answers.csv")
    args = parser.parse_args(argv)
    log = simulate_log(args.students, args.answers, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    log.answers.to_csv(args.out, index=False, lineterminator="\n")
    print(f"Wrote {len(log.answers)} answers of {args.students} students to {args.out}")


if __name__ == "__main__":
    main()
