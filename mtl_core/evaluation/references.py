"""Reference models trained on the same folds and inputs as the network, for an honest comparison.

Every reference model is trained per outcome task, fold by fold, on exactly the students the network of
that fold could learn from (``~test_rows[fold]``, labelled ones only), and predicts the fold's test
students. Its inputs are the network's input columns, encoded the way tree models are normally given
them, fitted on the fold's training students only (:class:`TreeInputs`):

* numbers as they are, a missing value left as NaN (both tree models send NaN down a learned branch);
* a category column with at most :data:`CODED_LEVELS` levels among the fold's training
  students: ordinal codes (scikit-learn's ``OrdinalEncoder``; a level first seen in a test student, or a
  missing value, becomes NaN). Gradient boosting reads these codes as *categories* (its native
  categorical splits); the forest reads them as numbers, the usual encoding for forests;
* a column with more levels (the schools of a district): target encoding, learned per task with
  scikit-learn's ``TargetEncoder`` and its internal cross-fitting (5 folds) on the fold's training
  students, as scikit-learn recommends for high-cardinality columns. Native categorical splits are
  limited to 255 levels, and with few students per level they overfit: on the 65-school Exam table
  target encoding lowered boosting's RMSE from 0.772 to 0.762 and the forest's from 0.830 to 0.797
  (5-fold, seed 0; on STAR and Chem97 the two differed by less than 1 %). No level cap hurts the trees:
  every level of a 65- or 2,410-school column carries its information.

Gradient boosting runs on one OpenMP thread: on a shared 2-core machine its threads waited on each other
(one 240-student, 5-class fit took 22 s with the default threads and 0.3 s with one). The forest builds
its trees in parallel (``n_jobs=-1``), which does not suffer from this.

The models are pluggable: a class with ``name``, ``label``, ``summary``, ``paper`` and
``estimator(kind, categorical, seed)``, and one line ``REFERENCES.register(MyModel)``.

Example:
    >>> sorted(REFERENCES.names())
    ['gradient boosting', 'random forest']
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..registry import Registry
from ..tasks import TaskKind, encode_targets

FOREST_TREES = 500
CODED_LEVELS = 30  # category columns with more levels are target-encoded (see the module docstring)
VERSION = "2"  # bump when the models or their encoding change: cached benchmark results are keyed on it

REFERENCES = Registry("reference model")


# --------------------------------------------------------------------------- the models

class RandomForest:
    """scikit-learn's random forest with 500 trees and otherwise its default settings."""

    name = "random forest"
    label = "Random forest (500 trees)"
    summary = "500 deep decision trees on bootstrap samples, averaged."
    paper = "Breiman (2001), Random forests, Machine Learning 45, 5-32"
    native_categorical = False

    @staticmethod
    def estimator(kind: TaskKind, categorical: np.ndarray, seed: int):
        from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

        model = RandomForestRegressor if kind is TaskKind.REGRESSION else RandomForestClassifier
        return model(FOREST_TREES, n_jobs=-1, random_state=seed)


class GradientBoosting:
    """scikit-learn's histogram gradient boosting, default settings, category columns as categories."""

    name = "gradient boosting"
    label = "Gradient boosting (HistGradientBoosting)"
    summary = "Boosted trees (LightGBM-style histograms) with native categorical splits; scikit-learn defaults."
    paper = "Friedman (2001), Greedy function approximation: a gradient boosting machine, Ann. Stat. 29; " \
            "Ke et al. (2017), LightGBM, NeurIPS"
    native_categorical = True

    @staticmethod
    def estimator(kind: TaskKind, categorical: np.ndarray, seed: int):
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

        model = HistGradientBoostingRegressor if kind is TaskKind.REGRESSION else HistGradientBoostingClassifier
        return model(categorical_features=categorical if categorical.any() else None, random_state=seed)


REFERENCES.register(RandomForest)
REFERENCES.register(GradientBoosting)


# --------------------------------------------------------------------------- inputs for trees

@dataclass
class TreeInputs:
    """Tree encoding of the input columns, fitted on one fold's training students.

    Attributes:
        numeric: numeric columns (kept as they are, NaN where missing).
        coded: category columns with at most :data:`CODED_LEVELS` levels (ordinal codes).
        wide: category columns with more levels (target-encoded per task).
    """

    numeric: tuple[str, ...]
    coded: tuple[str, ...]
    wide: tuple[str, ...]
    ordinal: object | None = None  # fitted OrdinalEncoder of ``coded``

    @classmethod
    def fit(cls, parsed: dict, numeric, categorical, rows: np.ndarray) -> "TreeInputs":
        """Choose the encoding of every category column and fit the ordinal codes on ``rows``."""
        from sklearn.preprocessing import OrdinalEncoder

        levels = {c: pd.Series(parsed[c][rows]).nunique(dropna=True) for c in categorical}
        coded = tuple(c for c in categorical if levels[c] <= CODED_LEVELS)
        wide = tuple(c for c in categorical if levels[c] > CODED_LEVELS)
        ordinal = None
        if coded:
            ordinal = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan,
                                     encoded_missing_value=np.nan, dtype=float)
            ordinal.fit(_labels(parsed, coded, rows))
        return cls(tuple(numeric), coded, wide, ordinal)

    def base(self, parsed: dict, rows: np.ndarray) -> np.ndarray:
        """Numbers and ordinal codes of ``rows`` (the columns every task shares)."""
        blocks = [np.column_stack([parsed[c][rows] for c in self.numeric])] if self.numeric else []
        if self.coded:
            blocks.append(self.ordinal.transform(_labels(parsed, self.coded, rows)))
        return np.hstack(blocks) if blocks else np.zeros((int(rows.sum()), 0))

    @property
    def categorical_mask(self) -> np.ndarray:
        """Which columns of :meth:`base` are category codes."""
        return np.r_[np.zeros(len(self.numeric), bool), np.ones(len(self.coded), bool)]


def _labels(parsed: dict, columns, rows: np.ndarray) -> np.ndarray:
    """Label strings of ``columns`` for ``rows`` as an object array with np.nan where missing."""
    table = np.column_stack([parsed[c][rows] for c in columns]).astype(object)
    table[pd.isna(table)] = np.nan
    return table


def _target_encoded(parsed: dict, inputs: TreeInputs, fit: np.ndarray, test: np.ndarray, y: np.ndarray,
                    kind: TaskKind, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Target encoding of the wide category columns: cross-fitted on ``fit``, applied to ``test``."""
    from sklearn.preprocessing import TargetEncoder

    if not inputs.wide:
        return np.zeros((int(fit.sum()), 0)), np.zeros((int(test.sum()), 0))
    from sklearn.model_selection import KFold, StratifiedKFold

    regression = kind is TaskKind.REGRESSION
    folds = (KFold if regression else StratifiedKFold)(5, shuffle=True, random_state=seed)
    encoder = TargetEncoder(target_type="continuous" if regression else "auto", cv=folds)
    missing = "(missing)"  # TargetEncoder wants one type per column: a missing label is a level of its own
    fit_x = np.where(pd.isna(_labels(parsed, inputs.wide, fit)), missing, _labels(parsed, inputs.wide, fit))
    test_x = np.where(pd.isna(_labels(parsed, inputs.wide, test)), missing, _labels(parsed, inputs.wide, test))
    return encoder.fit_transform(fit_x, y), encoder.transform(test_x)


# --------------------------------------------------------------------------- predictions

def reference_predictions(frame: pd.DataFrame, tasks, layout, test_rows: np.ndarray, seed: int,
                          models=None) -> tuple[dict, dict]:
    """Out-of-sample predictions of every reference model, per outcome task, fold by fold.

    Args:
        frame: the class table (all students).
        tasks: TaskSpecs; auxiliary tasks are skipped.
        layout: the run's :class:`~mtl_core.tabular.preprocessing.FeatureLayout` (which columns are inputs;
            its one-hot categories are not used).
        test_rows: ``(folds, n)`` boolean test masks (``plan.test_rows``); each fold learns from the rest.
        seed: random state of every model and encoder.
        models: registered names (default: all, in registration order).

    Returns:
        ``(predictions, seconds)``: model -> task name -> array for all rows (values, or class
        probabilities ``(n, classes)``; NaN where a row is in no test fold), and model -> training seconds.
    """
    from threadpoolctl import threadpool_limits

    names = list(models) if models is not None else REFERENCES.names()
    classes = {name: REFERENCES.get(name) for name in names}
    outcomes = [t for t in tasks if not t.auxiliary]
    parsed = layout.parse(frame)
    targets = {t.name: encode_targets(frame, t) for t in outcomes}
    predictions = {name: {t.name: _empty(t, len(frame)) for t in outcomes} for name in names}
    seconds = dict.fromkeys(names, 0.0)
    for test in np.asarray(test_rows, bool):
        inputs = TreeInputs.fit(parsed, layout.numeric, layout.categorical, ~test)
        for task in outcomes:
            known = targets[task.name].mask.astype(bool)
            fit = ~test & known
            if not fit.any() or not test.any():
                continue
            y = targets[task.name].values[fit]
            y = y if task.kind is TaskKind.REGRESSION else y.astype(int)
            wide_fit, wide_test = _target_encoded(parsed, inputs, fit, test, y, task.kind, seed)
            x_fit = np.hstack([inputs.base(parsed, fit), wide_fit])
            x_test = np.hstack([inputs.base(parsed, test), wide_test])
            categorical = np.r_[inputs.categorical_mask, np.zeros(wide_fit.shape[1], bool)]
            for name, model_class in classes.items():
                started = time.perf_counter()
                mask = categorical if model_class.native_categorical else np.zeros_like(categorical)
                model = model_class.estimator(task.kind, mask, seed)
                with threadpool_limits(limits=1, user_api="openmp"):
                    predictions[name][task.name][test] = _fit_predict(model, task, x_fit, y, x_test)
                seconds[name] += time.perf_counter() - started
    return predictions, seconds


def _empty(task, n: int) -> np.ndarray:
    return np.full(n if task.kind is TaskKind.REGRESSION else (n, len(task.classes)), np.nan)


def _fit_predict(model, task, x_fit: np.ndarray, y: np.ndarray, x_test: np.ndarray) -> np.ndarray:
    """Values, or probabilities over all of ``task.classes`` (a class absent from the fold gets 0)."""
    if len(np.unique(y)) == 1 and task.kind is not TaskKind.REGRESSION:  # one class only: it is certain
        proba = np.zeros((len(x_test), len(task.classes)))
        proba[:, int(y[0])] = 1.0
        return proba
    model.fit(x_fit, y)
    if task.kind is TaskKind.REGRESSION:
        return model.predict(x_test)
    proba = np.zeros((len(x_test), len(task.classes)))
    proba[:, model.classes_.astype(int)] = model.predict_proba(x_test)
    return proba
