"""Reference models trained on the same folds and inputs as the network, for an honest comparison.

Each takes the fold plan and the fold-fitted preprocessors of the run, so the forest sees exactly the
encoded inputs the network saw and is tested on exactly the same students.
"""

from __future__ import annotations

import numpy as np

from ..tasks import TaskKind, encode_targets
from .splits import Plan

FOREST_TREES = 500


def forest_predictions(frame, tasks, plan: Plan, preprocessors, seed: int) -> dict:
    """Out-of-sample predictions of a 500-tree random forest per outcome task, fold by fold."""
    from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

    result = {}
    for task in (t for t in tasks if not t.auxiliary):
        encoded = encode_targets(frame, task)
        known = encoded.mask.astype(bool)
        width = () if task.kind is TaskKind.REGRESSION else (len(task.classes),)
        out = np.full((len(frame), *width), np.nan)
        for fold, test in enumerate(plan.test_rows):
            fit = plan.fit_rows(fold) & known
            x_fit = preprocessors[fold].transform(frame[fit])
            x_test = preprocessors[fold].transform(frame[test])
            if task.kind is TaskKind.REGRESSION:
                forest = RandomForestRegressor(FOREST_TREES, n_jobs=-1, random_state=seed)
                out[test] = forest.fit(x_fit, encoded.values[fit]).predict(x_test)
            else:
                forest = RandomForestClassifier(FOREST_TREES, n_jobs=-1, random_state=seed)
                forest.fit(x_fit, encoded.values[fit].astype(int))
                proba = np.zeros((int(test.sum()), len(task.classes)))
                proba[:, forest.classes_.astype(int)] = forest.predict_proba(x_test)
                out[test] = proba
        result[task.name] = out
    return result
