"""How students are split for honest evaluation, and which rows each ensemble member trains on.

:class:`Holdout` keeps a random share of students aside for testing;
:class:`KFold` gives every student an out-of-fold prediction. Inside the
training rows of each fold, every ensemble member keeps its own random
validation share for early stopping.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ConfigError


@dataclass(frozen=True)
class Holdout:
    """Test on a random ``test_size`` share of students (default 0.2), train on the rest."""

    test_size: float = 0.2

    def __post_init__(self):
        size = self.test_size
        if isinstance(size, bool) or not isinstance(size, (int, float, np.number)) or not 0.05 <= size <= 0.5:
            raise ConfigError(f"The 'test_size' of Holdout must be a number between 0.05 and 0.5. "
                              f"Got {size!r} instead.")

    @property
    def n_folds(self) -> int:
        return 1

    def describe(self) -> str:
        return f"hold-out test on {self.test_size:.0%} of students"


@dataclass(frozen=True)
class KFold:
    """k-fold cross-validation (default 5): every student is predicted by a model that did not see them."""

    k: int = 5

    def __post_init__(self):
        if not isinstance(self.k, (int, np.integer)) or not 2 <= self.k <= 20:
            raise ConfigError(f"The 'k' of KFold must be an int between 2 and 20. Got {self.k!r} instead.")

    @property
    def n_folds(self) -> int:
        return int(self.k)

    def describe(self) -> str:
        return f"{self.k}-fold cross-validation"


@dataclass(frozen=True)
class Plan:
    """Row masks (members x students) and the fold of each member."""

    fold_of_member: np.ndarray  # (members,)
    test_rows: np.ndarray  # (folds, n) bool: the students each fold is evaluated on
    train_rows: np.ndarray  # (members, n) bool
    val_rows: np.ndarray  # (members, n) bool

    @property
    def members(self) -> int:
        return len(self.fold_of_member)

    @property
    def folds(self) -> int:
        return len(self.test_rows)

    def fit_rows(self, fold: int) -> np.ndarray:
        """Rows a fold may learn from (training + validation): everything but its test rows."""
        return ~self.test_rows[fold]


def _strata(strata: pd.Series | None, n_splits: int, min_side: int | None = None) -> np.ndarray | None:
    """Group keys to stratify on (missing values form their own group), or None when stratifying cannot
    work: a group with fewer than ``n_splits`` students, or (hold-out) fewer test or training students
    (``min_side``) than there are groups, so that some group could not appear on both sides."""
    if strata is None:
        return None
    keys = strata.astype(object).where(strata.notna(), "(missing)").astype(str)
    counts = keys.value_counts()
    if counts.min() < n_splits or (min_side is not None and min_side < len(counts)):
        return None
    return keys.to_numpy()


def _check_k(n: int, scheme: KFold) -> None:
    if scheme.k > n:
        raise ConfigError(f"The 'k' of KFold is {scheme.k}, but the table has only {n} students, so some folds "
                          f"would have no student to test. Choose k <= {n}, or use a hold-out test.")


def test_folds(n: int, scheme, strata: pd.Series | None, seed: int) -> np.ndarray:
    """(folds, n) boolean test masks for ``scheme``, stratified on ``strata`` when every class is big enough."""
    # scikit-learn (about 1 s to import) loads when a split is made, not with KFold / Holdout: the dashboard's
    # first page names them (the Recommended settings, a space's runs folder) long before any training
    from sklearn.model_selection import KFold as _KFold
    from sklearn.model_selection import StratifiedKFold, train_test_split

    index = np.arange(n)
    if isinstance(scheme, Holdout):
        n_test = int(np.ceil(scheme.test_size * n))  # how scikit-learn rounds a float test_size
        labels = _strata(strata, 2, min_side=min(n_test, n - n_test))
        _, test = train_test_split(index, test_size=scheme.test_size, random_state=seed, stratify=labels)
        return np.isin(index, test)[None, :]
    _check_k(n, scheme)
    labels = _strata(strata, scheme.k)
    splitter = (StratifiedKFold if labels is not None else _KFold)(scheme.k, shuffle=True, random_state=seed)
    masks = [np.isin(index, test) for _, test in splitter.split(index, labels)]
    return np.stack(masks)


def make_plan(n: int, scheme, *, ensemble: int, validation_fraction: float, seed: int,
              strata: pd.Series | None = None) -> Plan:
    """Assign ``ensemble`` members to each fold, each with its own validation rows."""
    if n < 10:
        raise ConfigError(f"Training needs at least 10 students. Got {n} instead.")
    tests = test_folds(n, scheme, strata, seed)
    rng = np.random.default_rng(seed)
    folds, trains, vals = [], [], []
    for fold, test in enumerate(tests):
        fit = np.flatnonzero(~test)
        n_val = max(1, int(round(validation_fraction * len(fit))))
        for _ in range(ensemble):
            val = np.zeros(n, bool)
            val[rng.choice(fit, size=n_val, replace=False)] = True
            folds.append(fold)
            vals.append(val)
            trains.append(~test & ~val)
    return Plan(np.array(folds), tests, np.stack(trains), np.stack(vals))
