"""An honest comparison: is the multi-task network worth it for each outcome?

On exactly the same folds and students as the multi-task run,
``train(..., compare=True)`` (see :func:`single_task_predictions` and
:func:`forest_predictions`) trains (1) the same network on each outcome alone (all single-task networks
side by side in one graph), and (2) a random forest of 500 trees per outcome
(scikit-learn, on the same encoded inputs). With the naive baseline that makes
four models per task. The result says which is best on each task's primary
metric, how much multi-task learning gained over single-task learning, and
how similar the tasks' gradients on the shared layers are (which tasks pull
the network the same way).
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pandas as pd

from .evaluation import METRICS, PRIMARY, evaluate
from .splits import Plan
from .tasks import TaskKind, encode_targets, task_labels

FOREST_TREES = 500
MODELS = ("multi-task", "single-task", "random forest", "baseline")


def replicate_plan(plan: Plan, copies: int) -> Plan:
    """``copies`` times the members of ``plan`` (copy c uses members c*M ... c*M+M-1)."""
    return Plan(np.tile(plan.fold_of_member, copies), plan.test_rows,
                np.tile(plan.train_rows, (copies, 1)), np.tile(plan.val_rows, (copies, 1)))


def single_task_predictions(frame, tasks, config, plan: Plan, layout, preprocessors, weights) -> dict:
    """Out-of-sample predictions of one network per outcome task (trained together, sharing nothing)."""
    from .loop import TrainingLoop
    from .predictor import combine

    outcomes = [t for t in tasks if not t.auxiliary]  # auxiliary tasks have no single-task network
    mask = np.kron(np.eye(len(outcomes)), np.ones((plan.members, 1)))  # copy c learns outcome c only
    # Each member learns one task, so joint early stopping already stops it at its own task's best epoch.
    single = replace(config, weighting="manual", early_stopping="joint")
    loop = TrainingLoop(frame, outcomes, single, replicate_plan(plan, len(outcomes)), layout, preprocessors,
                        task_mask=mask)
    loop.run(None, time.perf_counter())
    outputs = loop.predictor.member_outputs(loop.predictor.features(frame))
    result = {}
    for copy, task in enumerate(outcomes):
        members = slice(copy * plan.members, (copy + 1) * plan.members)
        result[task.name] = combine({task.name: outputs[task.name][members]}, weights)[task.name]
    return result


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


def comparison_table(tasks, frame, predictions_by_model: dict, baselines: dict, folds, seconds: dict) -> pd.DataFrame:
    """Long table: task, model, metric, value, sd (across folds), seconds (training time of that model)."""
    truths = {t.name: task_labels(frame, t) for t in tasks}
    rows = []
    for model, predictions in predictions_by_model.items():
        metrics, _, _ = evaluate(tasks, truths, predictions, baselines, folds)
        for r in metrics.itertuples():
            rows.append(dict(task=r.task, model=model, metric=r.metric, value=r.model, sd=r.model_sd,
                             seconds=seconds.get(model, np.nan)))
    metrics, _, _ = evaluate(tasks, truths, predictions_by_model["multi-task"], baselines, folds)
    for r in metrics.itertuples():
        rows.append(dict(task=r.task, model="baseline", metric=r.metric, value=r.baseline, sd=r.baseline_sd,
                         seconds=0.0))
    return pd.DataFrame(rows, columns=["task", "model", "metric", "value", "sd", "seconds"])


def comparison_summary(tasks, table: pd.DataFrame) -> pd.DataFrame:
    """Per task: the primary metric of every model, the best model, and the multi-task gain over single-task.

    ``gain`` is positive when multi-task learning did better than the same network on that task alone,
    as a share of the single-task error or score.
    """
    rows = []
    for task in (t for t in tasks if not t.auxiliary):
        primary = PRIMARY[task.kind]
        values = table[(table["task"] == task.name) & (table["metric"] == primary)].set_index("model")["value"]
        better_high = METRICS[primary].higher_is_better
        best = (values.idxmax() if better_high else values.idxmin()) if values.notna().any() else ""
        mtl, stl = values.get("multi-task", np.nan), values.get("single-task", np.nan)
        gain = ((mtl - stl) if better_high else (stl - mtl)) / max(abs(stl), 1e-9) if np.isfinite(stl) else np.nan
        rows.append(dict(task=task.name, metric=primary, **{m: values.get(m, np.nan) for m in MODELS},
                         best=best, gain=gain))
    return pd.DataFrame(rows, columns=["task", "metric", *MODELS, "best", "gain"])
