"""Outcomes that cannot contradict each other: one distribution per source, read out once.

Several outcomes often describe one quantity: a final grade (regression), pass = grade >= 10
(a :class:`~mtl_core.tasks.Threshold`) and a five-level band of it (:class:`~mtl_core.tasks.Bands`);
or two columns of the table where one is a function of the other (``letter_grade`` A-D always
``passed = pass``, F always ``fail``). The network learns each outcome with its own head, so left
alone their read-outs can say "pass" and "F" for the same student. A :class:`Family` groups such
outcomes over *atoms*, the finest parts they all agree on:

* **ordinal families** (outcomes derived from one numeric column): the atoms are the intervals between
  all cut points of all the derived outcomes, in order. Each outcome estimates the chance of being at
  or above each of its own cut points (its cumulative probabilities); where two outcomes share a cut
  their estimates are averaged, and the cumulative curve is made non-increasing by weighted isotonic
  regression (pool adjacent violators, in closed form), so the bands are read as one ordinal variable.
* **nested families** (found in the training data, :func:`nested_families`): the atoms are the classes
  of the finer outcome; each coarser outcome's probabilities are averaged with the sum of the finer
  outcome's probabilities over the classes that imply it, and the finer probabilities rescaled to match.

The reconciled atom probabilities ``r`` then *define* every outcome of the family: ``P(label) = sum of r over
the label's atoms``, so P(pass) always equals the summed chances of the passing bands. Probabilities are
reconciled before the 1 % floor (:data:`.losses.PROBABILITY_FLOOR`) and the floor is put back on the atoms,
so every label keeps at least 1 %.

**Labels are decided together** (:func:`decide`, on the atom probabilities before the floor, which
would otherwise favour labels made of many atoms in a close call): outcomes with fewer labels first (pass/fail before five
bands), each picking its own most probable label among those still possible, which narrows the atoms the
next one may pick from. So the labels always describe one common set of atoms: a student is never "pass"
and "F" at once. For an ordinal family the predicted value of the column itself is then kept inside the
interval those atoms span (:func:`keep_inside`), a little inside its open upper end
(:data:`INSIDE_MARGIN` of the column's range), so "9.9" sits beside "fail", never "11.8".

What "coherent" guarantees, exactly: for every student, (1) each family's outcome probabilities are sums
of one atom distribution (sum to 1, cumulative probabilities monotone); (2) the predicted labels of a
family's outcomes share at least one atom; (3) the column's predicted value lies in the interval of the
shared atoms. Every function works on arrays with any leading axes (members, sub-members, students).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..tasks import Bands, TaskKind, TaskSpec, Threshold, task_labels

FLOOR = 0.01  # the same floor as losses.PROBABILITY_FLOOR (kept here so this module needs no TensorFlow)
INSIDE_MARGIN = 0.005  # share of the column's range a value is kept below an open upper bound
MIN_NESTED_ROWS = 30  # students with both labels known before a nesting found in the data is trusted
MIN_PER_CLASS = 3  # ... and students per class of the finer outcome


@dataclass(frozen=True)
class Family:
    """Outcomes that describe one quantity (see the module docstring).

    Attributes:
        tasks: the classification outcomes of the family (task names).
        membership: per task, per atom, the index of the task's class the atom belongs to.
        cuts: ordinal families: the cut points between consecutive atoms (``atoms - 1`` of them);
            empty for a nested family.
        column: the source column of an ordinal family.
        value_task: the regression task predicting that column, if any.
    """

    tasks: tuple[str, ...]
    membership: tuple[tuple[int, ...], ...]
    cuts: tuple[float, ...] = ()
    column: str | None = None
    value_task: str | None = None

    @property
    def atoms(self) -> int:
        return len(self.membership[0])

    @property
    def ordinal(self) -> bool:
        return bool(self.cuts)

    def to_dict(self) -> dict:
        return dict(tasks=list(self.tasks), membership=[list(m) for m in self.membership], cuts=list(self.cuts),
                    column=self.column, value_task=self.value_task)

    @classmethod
    def from_dict(cls, data: dict) -> "Family":
        return cls(tuple(data["tasks"]), tuple(tuple(int(i) for i in m) for m in data["membership"]),
                   tuple(float(c) for c in data.get("cuts", ())), data.get("column"), data.get("value_task"))


# --------------------------------------------------------------------------- finding families

def derived_families(tasks: Sequence[TaskSpec]) -> list[Family]:
    """One ordinal family per source column with at least one derived outcome beside another outcome
    of that column (a second derived one, or the column's own regression)."""
    families = []
    for column in dict.fromkeys(t.column for t in tasks):
        derived = [t for t in tasks if t.column == column and isinstance(t.derive, Threshold | Bands)]
        values = [t for t in tasks if t.column == column and t.kind is TaskKind.REGRESSION and t.derive is None]
        if not derived or len(derived) + len(values) < 2:
            continue
        cuts = sorted({c for t in derived for c in _cuts(t.derive)})
        lowers = [-np.inf, *cuts]
        membership = tuple(tuple(int(np.searchsorted(_cuts(t.derive), low, side="right")) for low in lowers)
                           for t in derived)
        families.append(Family(tuple(t.name for t in derived), membership, tuple(float(c) for c in cuts), column,
                               values[0].name if values else None))
    return families


def _cuts(derive) -> tuple[float, ...]:
    return (float(derive.at),) if isinstance(derive, Threshold) else tuple(derive.cuts)


def nested_families(frame: pd.DataFrame, tasks: Sequence[TaskSpec], taken: Sequence[str] = ()) -> list[Family]:
    """Classification outcomes whose labels, in the training table, are a function of a finer outcome's.

    ``passed`` is nested in ``letter_grade`` when every student with both labels known who has an A, B, C
    or D passed and every F failed: at least :data:`MIN_NESTED_ROWS` such students, every class of the
    finer outcome seen :data:`MIN_PER_CLASS` times, the coarser one with fewer classes. Outcomes already in
    a derived family (``taken``) are left out. Each finer outcome heads one family with every outcome
    nested in it; an outcome nested in several is kept with the finest.
    """
    candidates = [t for t in tasks if t.is_classification and not t.auxiliary and t.name not in set(taken)]
    labels = {t.name: task_labels(frame, t) for t in candidates}
    nested: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
    claimed: set[str] = set()
    for fine in sorted(candidates, key=lambda t: -len(t.classes)):
        if fine.name in claimed:
            continue
        for coarse in candidates:
            if coarse.name in claimed or coarse.name == fine.name or len(coarse.classes) >= len(fine.classes):
                continue
            mapping = _mapping(labels[fine.name], labels[coarse.name], fine, coarse)
            if mapping is not None:
                nested.setdefault(fine.name, []).append((coarse.name, mapping))
                claimed.add(coarse.name)
        if fine.name in nested:
            claimed.add(fine.name)
    families = []
    for fine, members in nested.items():
        width = len(next(t for t in candidates if t.name == fine).classes)
        families.append(Family((fine, *[name for name, _ in members]),
                               (tuple(range(width)), *[mapping for _, mapping in members])))
    return families


def _mapping(fine_labels: pd.Series, coarse_labels: pd.Series, fine: TaskSpec, coarse: TaskSpec):
    both = fine_labels.notna() & coarse_labels.notna()
    if both.sum() < MIN_NESTED_ROWS:
        return None
    pairs = pd.DataFrame({"fine": fine_labels[both].astype(str), "coarse": coarse_labels[both].astype(str)})
    counts = pairs.groupby("fine")["coarse"].agg(["nunique", "first", "size"])
    if set(counts.index) != set(fine.classes) or (counts["nunique"] > 1).any() or (counts["size"] < MIN_PER_CLASS).any():
        return None
    mapping = tuple(coarse.classes.index(counts.at[label, "first"]) for label in fine.classes)
    return mapping if len(set(mapping)) == len(coarse.classes) else None


# --------------------------------------------------------------------------- probabilities

def unfloor(p: np.ndarray) -> np.ndarray:
    """Undo the affine floor ``FLOOR + (1 - k FLOOR) q`` on the last axis (renormalised, never negative)."""
    k = p.shape[-1]
    q = np.clip((p - FLOOR) / (1.0 - k * FLOOR), 0.0, None)
    return q / np.maximum(q.sum(axis=-1, keepdims=True), 1e-12)


def reconcile(family: Family, probabilities: dict[str, np.ndarray]) -> np.ndarray:
    """The family's atom probabilities ``(..., atoms)`` (floored) from its outcomes' probabilities ``(..., k)``."""
    raw = {name: unfloor(np.asarray(probabilities[name], dtype=float)) for name in family.tasks}
    atoms = _ordinal_atoms(family, raw) if family.ordinal else _nested_atoms(family, raw)
    return FLOOR + (1.0 - family.atoms * FLOOR) * atoms


def _ordinal_atoms(family: Family, raw: dict[str, np.ndarray]) -> np.ndarray:
    cuts = family.atoms - 1
    shape = next(iter(raw.values())).shape[:-1]
    total, count = np.zeros((*shape, cuts)), np.zeros(cuts)
    for name, members in zip(family.tasks, family.membership):
        cumulative = 1.0 - np.cumsum(raw[name], axis=-1)  # P(class > k)
        for j in range(cuts):
            if members[j] != members[j + 1]:
                total[..., j] += cumulative[..., members[j]]
                count[j] += 1
    above = decreasing_fit(total / np.maximum(count, 1), np.maximum(count, 1))
    bounds = np.concatenate([np.ones((*shape, 1)), np.clip(above, 0.0, 1.0), np.zeros((*shape, 1))], axis=-1)
    return np.clip(-np.diff(bounds, axis=-1), 0.0, None)


def decreasing_fit(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted least-squares non-increasing fit along the last axis (isotonic regression).

    Closed form: ``fit_j = min_{i<=j} max_{k>=j} mean(values[i..k])`` (the pool-adjacent-violators
    solution), vectorised over the leading axes; the last axis is short (the cut points of a family).
    """
    n = values.shape[-1]
    if n <= 1:
        return values.copy()
    w = np.asarray(weights, dtype=float)
    sums = np.concatenate([np.zeros((*values.shape[:-1], 1)), np.cumsum(values * w, axis=-1)], axis=-1)
    wsum = np.concatenate([[0.0], np.cumsum(w)])
    i, k = np.triu_indices(n)  # i <= k
    means = np.full((*values.shape[:-1], n, n), np.nan)
    means[..., i, k] = (sums[..., k + 1] - sums[..., i]) / (wsum[k + 1] - wsum[i])
    upper = np.where(np.isnan(means), -np.inf, means)
    suffix_max = np.maximum.accumulate(upper[..., ::-1], axis=-1)[..., ::-1]  # max over k >= j, per i
    lower = np.where(np.tri(n, dtype=bool).T, suffix_max, np.inf)  # keep i <= j
    return np.minimum.accumulate(lower, axis=-2)[..., np.arange(n), np.arange(n)]


def _nested_atoms(family: Family, raw: dict[str, np.ndarray]) -> np.ndarray:
    fine = raw[family.tasks[0]].copy()
    for name, members in zip(family.tasks[1:], family.membership[1:]):
        onehot = np.eye(raw[name].shape[-1])[list(members)]  # (atoms, k)
        summed = fine @ onehot
        target = 0.5 * (summed + raw[name])
        fine = fine * ((target / np.maximum(summed, 1e-12)) @ onehot.T)
        fine = fine / np.maximum(fine.sum(axis=-1, keepdims=True), 1e-12)
    return fine


def task_probabilities(family: Family, atoms: np.ndarray) -> dict[str, np.ndarray]:
    """Every outcome's probabilities from the atom probabilities: sums over each label's atoms."""
    result = {}
    for name, members in zip(family.tasks, family.membership):
        result[name] = atoms @ np.eye(max(members) + 1)[list(members)]
    return result


def recover_atoms(family: Family, probabilities: dict[str, np.ndarray]) -> np.ndarray:
    """The atom probabilities behind already reconciled (and possibly averaged) outcome probabilities."""
    if not family.ordinal:
        return np.asarray(probabilities[family.tasks[0]], dtype=float)
    shape = np.shape(probabilities[family.tasks[0]])[:-1]
    above = np.zeros((*shape, family.atoms - 1))
    for j in range(family.atoms - 1):
        for name, members in zip(family.tasks, family.membership):
            if members[j] != members[j + 1]:
                above[..., j] = 1.0 - np.cumsum(probabilities[name], axis=-1)[..., members[j]]
                break
    bounds = np.concatenate([np.ones((*shape, 1)), above, np.zeros((*shape, 1))], axis=-1)
    return np.clip(-np.diff(bounds, axis=-1), 0.0, None)


def apply(families: Sequence[Family], outputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``outputs`` with every family's outcome probabilities reconciled (other entries unchanged)."""
    result = dict(outputs)
    for family in families:
        if all(name in outputs for name in family.tasks):
            result.update(task_probabilities(family, reconcile(family, outputs)))
    return result


# --------------------------------------------------------------------------- labels and values

def decide(family: Family, atoms: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Labels (class indices per task, ``(n,)``) that share atoms, and the atoms left possible ``(n, atoms)``.

    Outcomes with fewer labels decide first; each takes its most probable label (its own chance: the sum over
    all of the label's atoms) among those that still have a possible atom, and the possible atoms narrow to that
    label's. So a label is only ever changed from its own best when that one would contradict the labels
    decided before it ("fail" and the top band); a band that both pass and fail allow stays the band it would be
    alone. (Scoring each label on the still-possible atoms only cost Exam's bands 5.4 and Chem97's 4.5 points,
    docs/benchmarks.md section 8.)
    """
    n = atoms.shape[0]
    allowed = np.ones((n, family.atoms), bool)
    order = sorted(range(len(family.tasks)), key=lambda i: (max(family.membership[i]), i))
    labels = {}
    for i in order:
        members = np.asarray(family.membership[i])
        onehot = np.eye(members.max() + 1)[members]  # (atoms, k)
        scores = atoms @ onehot
        possible = allowed.astype(float) @ onehot > 0
        chosen = np.argmax(np.where(possible, scores, -1.0), axis=1)
        labels[family.tasks[i]] = chosen
        allowed &= members[None, :] == chosen[:, None]
    return labels, allowed


def keep_inside(family: Family, values: np.ndarray, allowed: np.ndarray, value_range: float) -> np.ndarray:
    """The column's predicted values kept within the interval of the atoms still possible (ordinal only)."""
    if not family.ordinal:
        return values
    edges = np.asarray([-np.inf, *family.cuts, np.inf])
    first = np.argmax(allowed, axis=1)
    last = family.atoms - 1 - np.argmax(allowed[:, ::-1], axis=1)
    low, high = edges[first], edges[last + 1]
    margin = INSIDE_MARGIN * value_range if np.isfinite(value_range) and value_range > 0 else 0.0
    high = np.where(np.isfinite(high), high - margin, high)
    return np.clip(values, low, np.maximum(high, low))
