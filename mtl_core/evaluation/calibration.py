"""Do the probabilities mean what they say? Expected calibration error and reliability curves.

Probabilities are *calibrated* when, among the students given a 30 % chance of an outcome, about 30 %
have it. Both measures here put the students into :data:`BINS` equal-width bins of predicted chance
(scikit-learn's ``calibration_curve`` binning: bin ``b`` holds chances in ``(b/10, (b+1)/10]``, the first
also holds 0) and compare, per bin, the mean predicted chance with the observed share:

* **binary tasks**: the chance of the *positive* class (:func:`positive_label`: the at-risk label when
  the task has one, else the last class), against whether the student really had it;
* **multiclass tasks**: *top-label* calibration (Guo et al. 2017, "On calibration of modern neural
  networks", ICML): the chance of the class the model picks, against whether that pick was right.

The expected calibration error (ECE) is the mean gap weighted by the students in each bin:
``ECE = sum_b n_b / N * |observed_b - predicted_b|`` (Naeini et al. 2015), from 0 (honest probabilities)
to 1. With few students per bin it is noisy and biased upwards, so read it beside the bin counts.

Example:
    >>> import numpy as np
    >>> round(binary_ece(np.array([0, 1, 1, 1]), np.array([0.2, 0.6, 0.8, 0.8])), 3)  # (0.2 + 0.4 + 2 * 0.2) / 4
    0.25
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..tasks import INTERVAL_LEVEL, TaskKind, TaskSpec

BINS = 10
CURVE_COLUMNS = ["task", "curve", "label", "bin", "lower", "upper", "predicted", "observed", "students"]
POSITIVE, TOP_LABEL = "positive class", "top label"


def positive_label(task: TaskSpec) -> str:
    """The class that F1, ROC AUC, Brier and calibration treat as positive: the at-risk label if known,
    else the last class."""
    return task.risk_labels[0] if task.risk_labels else task.classes[-1]


def bin_index(chances: np.ndarray, bins: int = BINS) -> np.ndarray:
    """The bin of every chance, exactly as ``sklearn.calibration.calibration_curve(strategy="uniform")``."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    return np.searchsorted(edges[1:-1], chances)


def reliability_bins(outcome: np.ndarray, chance: np.ndarray, bins: int = BINS) -> pd.DataFrame:
    """Per non-empty bin: lower and upper edge, mean predicted chance, observed share and students.

    Args:
        outcome: 1 where the student had the outcome (or the pick was right), else 0.
        chance: the predicted chance of it, in [0, 1].
        bins: equal-width bins over [0, 1] (default 10).
    """
    from sklearn.calibration import calibration_curve

    outcome, chance = np.asarray(outcome, dtype=float), np.clip(np.asarray(chance, dtype=float), 0.0, 1.0)
    columns = ["bin", "lower", "upper", "predicted", "observed", "students"]
    if len(chance) == 0:
        return pd.DataFrame(columns=columns)
    index = bin_index(chance, bins)
    counts = np.bincount(index, minlength=bins)
    filled = np.flatnonzero(counts)
    observed, predicted = calibration_curve(outcome.astype(int), chance, n_bins=bins, strategy="uniform",
                                            pos_label=1)
    return pd.DataFrame({"bin": filled, "lower": filled / bins, "upper": (filled + 1) / bins,
                         "predicted": predicted, "observed": observed, "students": counts[filled]},
                        columns=columns)


def ece_from_bins(table: pd.DataFrame) -> float:
    """The expected calibration error of a :func:`reliability_bins` table (NaN when it is empty)."""
    students = table["students"].to_numpy(dtype=float)
    if students.sum() == 0:
        return float("nan")
    gaps = np.abs(table["observed"].to_numpy(dtype=float) - table["predicted"].to_numpy(dtype=float))
    return float(np.sum(students * gaps) / students.sum())


def binary_ece(outcome: np.ndarray, chance: np.ndarray, bins: int = BINS) -> float:
    """ECE of the chance of one class (``outcome`` 1 where the student had it)."""
    return ece_from_bins(reliability_bins(outcome, chance, bins))


def top_label(truth_index: np.ndarray, proba: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(whether the most likely class was right, its chance) per student."""
    proba = np.asarray(proba, dtype=float)
    pick = np.argmax(proba, axis=1)
    return (pick == np.asarray(truth_index)).astype(float), proba[np.arange(len(proba)), pick]


def task_curve(task: TaskSpec, truth: np.ndarray, proba: np.ndarray, bins: int = BINS) -> tuple[pd.DataFrame, str, str]:
    """Reliability bins of one classification task, with which curve it is and for which label.

    Args:
        task: a binary or multiclass TaskSpec.
        truth: the true labels (strings; NaN or unknown labels are left out).
        proba: class probabilities ``(n, classes)`` in ``task.classes`` order.

    Returns:
        ``(bins, curve, label)``: curve is "positive class" (label: the positive class) or "top label"
        (label: "").
    """
    classes = list(task.classes)
    truth = pd.Series(truth, dtype=object)
    known = truth.isin(classes).to_numpy() & np.isfinite(np.asarray(proba, dtype=float)).all(axis=1)
    labels, proba = truth[known].astype(str).to_numpy(), np.asarray(proba, dtype=float)[known]
    if task.kind is TaskKind.BINARY:
        label = positive_label(task)
        return reliability_bins(labels == label, proba[:, classes.index(label)], bins), POSITIVE, label
    index = np.array([classes.index(v) for v in labels], dtype=int)
    right, chance = top_label(index, proba)
    return reliability_bins(right, chance, bins), TOP_LABEL, ""


def task_ece(task: TaskSpec, truth: np.ndarray, proba: np.ndarray, bins: int = BINS) -> float:
    """Expected calibration error of one classification task (positive class or top label, see above)."""
    return ece_from_bins(task_curve(task, truth, proba, bins)[0])


def calibration_table(tasks, truths: dict, predictions: dict, folds: np.ndarray, bins: int = BINS) -> pd.DataFrame:
    """The reliability curve of every classification outcome on the pooled out-of-sample predictions.

    Args:
        tasks: TaskSpecs (regression and auxiliary tasks are skipped).
        truths: task name -> true labels of every row.
        predictions: task name -> probabilities ``(n, classes)`` of every row.
        folds: the fold of each row's out-of-sample prediction, -1 where there is none (left out).

    Returns:
        Long table: task, curve ("positive class" / "top label"), label, bin, lower, upper, predicted (mean
        predicted chance), observed (share with the outcome), students.
    """
    parts = []
    tested = np.asarray(folds) >= 0
    for task in tasks:
        if task.auxiliary or task.kind is TaskKind.REGRESSION:
            continue
        truth = pd.Series(truths[task.name]).to_numpy(dtype=object)[tested]
        table, curve, label = task_curve(task, truth, np.asarray(predictions[task.name])[tested], bins)
        parts.append(table.assign(task=task.name, curve=curve, label=label))
    if not parts:
        return pd.DataFrame(columns=CURVE_COLUMNS)
    return pd.concat(parts, ignore_index=True)[CURVE_COLUMNS]


# --------------------------------------------------------------------------- how far one chance can be trusted

CHANCE_NEIGHBOURS = 30  # at most the closest this many students back the range of one chance ...
CHANCE_NEIGHBOUR_SHARE = 0.1  # ... or this share of the students with a known outcome, when more
CHANCE_SIMILAR_WITHIN = 0.10  # a similar chance: at most 10 points away
CHANCE_MIN_SIMILAR = 10  # fewer similar students than this cannot check a chance: no range


def chance_neighbours(n_known: int) -> int:
    """At most how many similar students back the range of one chance, when ``n_known`` students (out of sample,
    outcome known) could: the larger of :data:`CHANCE_NEIGHBOURS` and :data:`CHANCE_NEIGHBOUR_SHARE` of them."""
    return min(n_known, max(CHANCE_NEIGHBOURS, int(round(CHANCE_NEIGHBOUR_SHARE * n_known))))


def similar_chance_range(outcome: np.ndarray, chance: np.ndarray, at, level: float = INTERVAL_LEVEL,
                         neighbours: int | None = None, within: float = CHANCE_SIMILAR_WITHIN,
                         minimum: int = CHANCE_MIN_SIMILAR) -> pd.DataFrame:
    """For each chance in ``at``: the students whose predicted chance was similar (at most ``within`` away; the
    closest ``neighbours`` of them when there are more), the share of them that really had the outcome, and the
    Wilson interval of that share at ``level`` (scipy's ``binomtest``).

    This is what the data says about a chance of, say, "about 60 %": of the students the model gave about
    that chance, how many really had it, and how precisely a class of this size can tell. A well-calibrated
    model's range holds its chance; a small class gives a wide range. Where fewer than ``minimum`` students
    had a similar chance (a chance of 97 % when the class's highest others are 60-90 %), there is nothing to
    check it against: no range (NaN), rather than the share of students given quite different chances.

    Args:
        outcome: 1 where a student (with an out-of-sample prediction and a known outcome) had it, else 0.
        chance: those students' predicted chances of it.
        at: the chances to give a range for.
        level: coverage of the interval (default :data:`~mtl_core.tasks.INTERVAL_LEVEL`, 80 %).
        neighbours: at most how many of the closest students back each range; default
            :func:`chance_neighbours` of the students.
        within: how far (in chance, 0-1) a similar chance may be (default 10 points).
        minimum: fewest similar students that give a range (default :data:`CHANCE_MIN_SIMILAR`).

    Returns:
        One row per chance of ``at``: low, high, observed (the share), students (how many similar students back
        it; below ``minimum``: low, high and observed are NaN).

    Example:
        >>> outcome = np.array([0, 0, 1, 0, 1, 1, 1, 1] * 10)
        >>> chance = np.linspace(0.05, 0.95, 80)
        >>> similar_chance_range(outcome, chance, [0.9], neighbours=20).round(2).to_dict("records")
        [{'low': 0.54, 'high': 0.84, 'observed': 0.71, 'students': 14}]
    """
    from scipy.stats import binomtest

    outcome = np.asarray(outcome, dtype=float)
    chance = np.asarray(chance, dtype=float)
    keep = np.isfinite(outcome) & np.isfinite(chance)
    outcome, chance = outcome[keep], chance[keep]
    at = np.atleast_1d(np.asarray(at, dtype=float))
    n = len(chance)
    k = min(n, neighbours or chance_neighbours(n))
    rows = []
    for value in at:
        distance = np.abs(chance - value) if np.isfinite(value) else np.full(n, np.inf)
        similar = np.flatnonzero(distance <= within + 1e-12)
        if len(similar) > k:
            similar = similar[np.argpartition(distance[similar], k - 1)[:k]]
        if len(similar) < max(minimum, 1):
            rows.append(dict(low=np.nan, high=np.nan, observed=np.nan, students=len(similar)))
            continue
        had = int(round(outcome[similar].sum()))
        interval = binomtest(had, len(similar)).proportion_ci(confidence_level=level, method="wilson")
        rows.append(dict(low=float(interval.low), high=float(interval.high), observed=had / len(similar),
                         students=len(similar)))
    return pd.DataFrame(rows, columns=["low", "high", "observed", "students"])


def _known_outcomes(run, task_name: str) -> tuple[pd.Series, np.ndarray]:
    """A run's true labels of ``task_name`` and which students back a chance's range (out of sample, known)."""
    from ..tasks import actual_column

    predictions = run.predictions
    truth = predictions[actual_column(task_name)]
    return truth, predictions["out_of_sample"].to_numpy(dtype=bool) & truth.notna().to_numpy()


def range_neighbours(run, task_name: str) -> int:
    """At most how many similar students back the range of a chance of ``task_name`` in ``run``
    (:func:`chance_neighbours` of its students with an out-of-sample prediction and a known outcome)."""
    return chance_neighbours(int(_known_outcomes(run, task_name)[1].sum()))


def chance_range(run, task_name: str, labels, chances) -> pd.DataFrame:
    """:func:`similar_chance_range` of a run's chances of ``labels`` (one label, or several summed: "E or F")
    in ``task_name``, backed by the run's out-of-sample predictions of the students with a known outcome.

    Example:
        >>> chance_range(run, "passed", ["fail"], [0.62])  # doctest: +SKIP
           low  high  observed  students
        0  0.48  0.71      0.60        30
    """
    from ..tasks import probability_column

    labels = [labels] if isinstance(labels, str) else list(labels)
    predictions = run.predictions
    truth, known = _known_outcomes(run, task_name)
    outcome = truth[known].astype(str).isin([str(label) for label in labels]).to_numpy(dtype=float)
    chance = sum(predictions.loc[known, probability_column(task_name, label)].to_numpy(dtype=float)
                 for label in labels)
    return similar_chance_range(outcome, chance, chances)
