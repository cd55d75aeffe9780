"""Are the probabilities honest? The reliability chart and calibration error of one classification outcome.

Reads ``run.calibration`` (the reliability curve of every classification outcome on the out-of-sample
predictions, see :mod:`mtl_core.evaluation.calibration`) and the ``ece`` metric of ``run.metrics``; for
runs saved before those existed both are computed from ``run.predictions``. Binary outcomes are
calibrated on the chance of their at-risk (else last) label, multiclass outcomes on the chance of the
label the model picks (top-label calibration).

:func:`panel` draws it on a page (the Results page calls it per classification outcome); the other
functions are plain pandas and testable without Streamlit.

Example:
    >>> verdict("passed", 0.031, 300)
    ('passed: the probabilities are honest: on average they are 3.1 points away from what really happened (calibration error; 0 is perfect, up to 5 points is good).', 'success')
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

import mtl_core

from . import messages as M

R = M.RESULTS
GOOD_ECE = 0.05  # the target: expected calibration error <= 0.05 on the selection data
FAIR_ECE = 0.10
RELIABLE_LABELS = 50  # fewer students with a known outcome: the calibration error is rough


def curve_for(run, task) -> pd.DataFrame:
    """One task's reliability bins (lower, upper, predicted, observed, students, curve, label)."""
    table = getattr(run, "calibration", None)
    if table is not None and "task" in table:
        rows = table[table["task"] == task.name]
        if len(rows):
            return rows.reset_index(drop=True)
    predictions = run.predictions
    proba = predictions[[mtl_core.probability_column(task.name, c) for c in task.classes]].to_numpy(dtype=float)
    truth = predictions[mtl_core.actual_column(task.name)]
    folds = np.where(predictions["out_of_sample"].astype(bool).to_numpy(), 0, -1)
    return mtl_core.calibration_table([task], {task.name: truth}, {task.name: proba}, folds)


def ece_for(run, task, curve: pd.DataFrame) -> float:
    """The task's expected calibration error: the metric of the run, else the error of ``curve``."""
    metrics = run.metrics
    rows = metrics[(metrics["task"] == task.name) & (metrics["metric"] == "ece")]
    if len(rows) and math.isfinite(float(rows["model"].iloc[0])):
        return float(rows["model"].iloc[0])
    return mtl_core.ece_from_bins(curve) if len(curve) else math.nan


def axis_label(curve: pd.DataFrame) -> str:
    """What the chance on the x axis is of: a label (binary) or the most likely outcome (multiclass)."""
    if len(curve) and str(curve["curve"].iloc[0]) == "positive class":
        return R["calibration_binary"].format(label=str(curve["label"].iloc[0]))
    return R["calibration_top"]


def verdict(task: str, ece: float, n_labelled: int) -> tuple[str, str]:
    """One plain-text sentence on how honest the probabilities are, and its level (success, info, warning)."""
    if not math.isfinite(ece):
        return R["calibration_none"], "info"
    shown = f"{100 * ece:.1f} points"
    if ece <= GOOD_ECE:
        sentence, level = R["calibration_verdict_good"].format(task=task, ece=shown), "success"
    elif ece <= FAIR_ECE:
        sentence, level = R["calibration_verdict_fair"].format(task=task, ece=shown), "info"
    else:
        sentence, level = R["calibration_verdict_poor"].format(task=task, ece=shown), "warning"
    if n_labelled < RELIABLE_LABELS:
        sentence += R["calibration_small"].format(n=n_labelled)
        level = "info" if level == "success" else level
    return sentence, level


def panel(run, task, key: str = "results_calibration") -> None:
    """The reliability chart of ``task`` with its sentence, in a container keyed ``key`` (sentence: ``key``_verdict)."""
    import streamlit as st

    from . import charts, ui
    from .text import md

    curve = curve_for(run, task)
    ece = ece_for(run, task, curve)
    st.markdown(f"**{R['calibration_title']}**")
    sentence, level = verdict(task.name, ece, int(curve["students"].sum()) if len(curve) else 0)
    with st.container(key=f"{key}_verdict"):
        getattr(st, level)(md(sentence))
    if len(curve):
        ui.chart(charts.reliability_chart(curve, axis_label(curve), ece), key=key)
        st.caption(R["calibration_intro"])
