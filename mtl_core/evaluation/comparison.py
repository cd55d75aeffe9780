"""The comparison table: every model's metrics per task on the same students, and who is best.

Models are given as out-of-sample predictions (whatever trained them), so this module knows nothing
about networks or trees.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..tasks import task_labels
from .metrics import METRICS, PRIMARY, evaluate

MODELS = ("multi-task", "single-task", "random forest", "baseline")


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
