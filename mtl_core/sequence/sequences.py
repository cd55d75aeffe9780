"""From an answer log to padded arrays: vocabularies, per-student sequences, windows and batches.

Every model reads, at position ``t`` of a window, the *history token* (the skills, item and
correctness of the answer before ``t``) and the *query* (the skills and item of answer ``t``), and
predicts whether answer ``t`` is right. Because models are causal (position ``t`` sees tokens
``<= t`` only), padding at the end of a window never changes a real position: only the loss is
masked.

Long histories are cut into windows of ``window`` answers that overlap by half: each answer is
*owned* by exactly one window (its loss counts there, its prediction is read there), and every
answer after the first ``window`` has at least ``window // 2`` answers of context.

No TensorFlow here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

UNKNOWN = 0
"""Index 0 of every vocabulary: padding, the start of a sequence, or a skill/item not seen in training."""


@dataclass(frozen=True)
class Vocabulary:
    """Skill and item names -> indexes (1-based; 0 is unknown/padding).

    Attributes:
        skills: skill names, index ``i + 1`` for ``skills[i]``.
        items: item names with enough answers to be learned (may be empty).
    """

    skills: tuple[str, ...]
    items: tuple[str, ...] = ()

    @classmethod
    def from_log(cls, answers: pd.DataFrame, *, use_items: bool, min_item_answers: int) -> "Vocabulary":
        skills = tuple(sorted({s for row in answers["skills"] for s in row}))
        items: tuple[str, ...] = ()
        if use_items and answers["item"].notna().any():
            counts = answers["item"][answers["item"].ne("")].value_counts()
            items = tuple(sorted(counts.index[counts >= min_item_answers]))
        return cls(skills, items)

    @property
    def n_skills(self) -> int:
        return len(self.skills)

    @property
    def n_items(self) -> int:
        return len(self.items)

    def skill_index(self) -> dict[str, int]:
        return {s: i + 1 for i, s in enumerate(self.skills)}

    def to_dict(self) -> dict:
        return {"skills": list(self.skills), "items": list(self.items)}

    @classmethod
    def from_dict(cls, data: dict) -> "Vocabulary":
        return cls(tuple(data["skills"]), tuple(data["items"]))


@dataclass(frozen=True, eq=False)
class Encoded:
    """The scored answers of a log as arrays, grouped by student (students in log order).

    Attributes:
        skills: (answers, width) skill indexes, 0-padded (0 also for unknown skills).
        correct: (answers,) 1.0 / 0.0.
        items: (answers,) item indexes (0: unknown or no item column).
        rows: (answers,) position of each answer in the input table.
        starts: (students + 1,) where each student's answers start (and the end).
        students: student names.
        known: (answers,) whether at least one skill of the answer is in the vocabulary.
    """

    skills: np.ndarray
    correct: np.ndarray
    items: np.ndarray
    rows: np.ndarray
    starts: np.ndarray
    students: tuple[str, ...]
    known: np.ndarray

    @property
    def n_students(self) -> int:
        return len(self.students)

    def lengths(self) -> np.ndarray:
        return np.diff(self.starts)


def encode(answers: pd.DataFrame, vocabulary: Vocabulary) -> Encoded:
    """Arrays of the scored answers of an :class:`~mtl_core.data.answer_log.AnswerLog` (sorted by student
    and order)."""
    scored = answers[answers["correct"].notna()]
    index = vocabulary.skill_index()
    width = max(1, int(scored["skills"].map(len).max()) if len(scored) else 1)
    skills = np.zeros((len(scored), width), np.int32)
    for j, row in enumerate(scored["skills"]):
        ids = [index.get(s, UNKNOWN) for s in row]
        skills[j, :len(ids)] = ids
    item_index = {item: i + 1 for i, item in enumerate(vocabulary.items)}
    items = (scored["item"].map(lambda v: item_index.get(v, UNKNOWN)).to_numpy(np.int32)
             if vocabulary.items and scored["item"].notna().any() else np.zeros(len(scored), np.int32))
    student = scored["student"].to_numpy()
    change = np.flatnonzero(student[1:] != student[:-1]) + 1 if len(student) else np.zeros(0, int)
    starts = np.concatenate([[0], change, [len(student)]]).astype(np.int64)
    return Encoded(skills=skills, correct=scored["correct"].to_numpy(np.float32), items=items,
                   rows=scored["row"].to_numpy(np.int64), starts=starts,
                   students=tuple(student[starts[:-1]]), known=(skills > 0).any(axis=1))


@dataclass(frozen=True)
class Window:
    """Answers ``[start, end)`` of the encoded log (one student); answers from ``own_from`` on are owned."""

    student: int
    start: int
    end: int
    own_from: int


def windows(encoded: Encoded, length: int, students: np.ndarray | None = None) -> list[Window]:
    """Windows of at most ``length`` answers covering every answer of ``students`` (default all) once."""
    step = max(1, length // 2)
    found = []
    chosen = range(encoded.n_students) if students is None else students
    for s in chosen:
        a, b = int(encoded.starts[s]), int(encoded.starts[s + 1])
        end = min(a + length, b)
        found.append(Window(int(s), a, end, a))
        while end < b:
            new_end = min(end + step, b)
            found.append(Window(int(s), new_end - length, new_end, end))
            end = new_end
    return found


@dataclass(frozen=True, eq=False)
class Batch:
    """Padded model inputs for some windows (``(windows, positions[, width])``), the targets, the loss mask
    (owned, real positions) and the answer index of every position (-1 for padding)."""

    inputs: dict
    target: np.ndarray
    mask: np.ndarray
    answer: np.ndarray


def make_batch(encoded: Encoded, chosen: list[Window], pad_to: int = 8) -> Batch:
    """Inputs of ``chosen`` windows, padded to the longest (rounded up to a multiple of ``pad_to``)."""
    longest = max(w.end - w.start for w in chosen)
    length = int(np.ceil(longest / pad_to) * pad_to)
    n, width = len(chosen), encoded.skills.shape[1]
    q_skills = np.zeros((n, length, width), np.int32)
    h_skills = np.zeros((n, length, width), np.int32)
    h_correct = np.zeros((n, length), np.float32)
    q_items = np.zeros((n, length), np.int32)
    h_items = np.zeros((n, length), np.int32)
    target = np.zeros((n, length), np.float32)
    mask = np.zeros((n, length), np.float32)
    answer = np.full((n, length), -1, np.int64)
    for i, w in enumerate(chosen):
        span = w.end - w.start
        q_skills[i, :span] = encoded.skills[w.start:w.end]
        q_items[i, :span] = encoded.items[w.start:w.end]
        target[i, :span] = encoded.correct[w.start:w.end]
        mask[i, w.own_from - w.start:span] = 1.0
        answer[i, :span] = np.arange(w.start, w.end)
        first = int(encoded.starts[w.student])
        previous = np.arange(w.start - 1, w.end - 1)
        real = previous >= first
        h_skills[i, :span][real] = encoded.skills[previous[real]]
        h_items[i, :span][real] = encoded.items[previous[real]]
        h_correct[i, :span][real] = encoded.correct[previous[real]]
    mask *= (q_skills > 0).any(axis=2)  # an answer on unknown skills only is not learned from
    inputs = dict(q_skills=q_skills, h_skills=h_skills, h_correct=h_correct, q_items=q_items, h_items=h_items)
    return Batch(inputs, target, mask, answer)


def batches(encoded: Encoded, chosen: list[Window], size: int, rng: np.random.Generator | None = None) -> list[Batch]:
    """Batches of ``size`` windows of similar length (so little padding); shuffled within and between
    length groups when ``rng`` is given."""
    lengths = np.array([w.end - w.start for w in chosen])
    if rng is None:
        order = np.argsort(lengths, kind="stable")
    else:
        order = np.lexsort((rng.random(len(chosen)), lengths))
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    if rng is not None:
        groups = [groups[i] for i in rng.permutation(len(groups))]
    return [make_batch(encoded, [chosen[j] for j in group]) for group in groups]


def extended_for_query(encoded: Encoded, context: int, students: np.ndarray | None = None) -> tuple[dict, np.ndarray]:
    """Inputs that ask, for each of ``students`` (default all), about a hypothetical next answer after their
    last one.

    Returns ``(inputs, last)``: inputs hold one window per student of their last ``context - 1`` answers
    plus one extra position whose history token is the last answer; ``last`` is that extra position per
    student. The caller sets ``q_skills[:, last]`` to the skill it asks about.
    """
    chosen = np.arange(encoded.n_students) if students is None else np.asarray(students, int)
    n, width = len(chosen), encoded.skills.shape[1]
    lengths = np.minimum(encoded.lengths()[chosen], context - 1) + 1
    length = int(lengths.max())
    inputs = dict(q_skills=np.zeros((n, length, width), np.int32), h_skills=np.zeros((n, length, width), np.int32),
                  h_correct=np.zeros((n, length), np.float32), q_items=np.zeros((n, length), np.int32),
                  h_items=np.zeros((n, length), np.int32))
    for s, student in enumerate(chosen):
        end = int(encoded.starts[student + 1])
        span = int(lengths[s])
        rows = np.arange(end - span + 1, end)  # answers used as queries before the extra position
        inputs["q_skills"][s, :span - 1] = encoded.skills[rows]
        inputs["q_items"][s, :span - 1] = encoded.items[rows]
        previous = np.arange(end - span, end)
        real = previous >= int(encoded.starts[student])
        inputs["h_skills"][s, :span][real] = encoded.skills[previous[real]]
        inputs["h_items"][s, :span][real] = encoded.items[previous[real]]
        inputs["h_correct"][s, :span][real] = encoded.correct[previous[real]]
    return inputs, lengths - 1
