"""Per-student predictions, risk levels, reasons and suggested actions.

* :func:`predict` scores any class table with a trained run. For the class the
  run was trained on, each student's prediction comes from the ensemble
  members that did not see them (out of sample) wherever the evaluation
  scheme allows it.
* :func:`explain` gives, per student and task, how much each input column
  pushed the prediction away from the *typical student's* prediction
  (integrated gradients, summed back over the encoded features of a column).
* :func:`suggest_actions` tries, for each actionable column where the student
  is on the weaker side of a realistic target (by default the class median),
  moving the value to that target and re-predicting. The change is what the
  model *associates* with that move; it is not a proven cause. A "set" action
  whose value the model never saw in its column (the default "yes" on a 是/否
  column) is skipped.
* :func:`recommend` puts it all together: one row per student plus long tables.
* :func:`what_if` re-predicts one student with changed inputs.

Wording shown to people is kept in :data:`WORDING` so it can be translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..data.values import label_strings, numeric_values
from ..errors import ConfigError
from ..tabular.predictor import combine, read_out, to_frame
from ..tabular.preprocessing import OTHER
from ..tasks import HIGH_RISK, MEDIUM_RISK, TaskKind, TaskSpec, probability_column

MIN_BENEFIT = 0.01  # smaller estimated benefits are not worth suggesting

WORDING = {
    "increase": "raise {column} from {current} to {target}",
    "decrease": "lower {column} from {current} to {target}",
    "set": "change {column} from {current} to {target}",
    "effect": "associated with {task} {change}",
    "reason": "{column} = {value} ({sign}{contribution} {task})",
    "risk": {"high": "high", "medium": "medium", "low": "low"},
}


@dataclass(frozen=True)
class Action:
    """Something a teacher can do about one input column.

    Args:
        column: the input column.
        wording: what to do, in the teacher's words ("Follow up on attendance").
        direction: "increase", "decrease" or "set" (categorical columns).
        target: the realistic value to move to; default the class median (numbers). Required for "set".
    """

    column: str
    wording: str
    direction: str = "increase"
    target: float | str | None = None

    def __post_init__(self):
        if self.direction not in ("increase", "decrease", "set"):
            raise ConfigError(f"The direction of action '{self.column}' must be increase, decrease or set. "
                              f"Got {self.direction!r} instead.")
        if self.direction == "set" and self.target is None:
            raise ConfigError(f"Action '{self.column}' sets a value, so it needs a target value.")


DEFAULT_ACTIONS: tuple[Action, ...] = (
    Action("attendance_rate", "Follow up on attendance with the student and family", "increase"),
    Action("absences", "Follow up on absences early", "decrease"),
    Action("homework_completion", "Check in on homework every week", "increase"),
    Action("study_hours_week", "Agree on a weekly study plan", "increase"),
    Action("extra_support", "Offer extra support sessions", "set", "yes"),
    Action("sleep_hours", "Talk about sleep and daily routine", "increase"),
    Action("出勤率", "与学生和家长沟通出勤情况", "increase"),
    Action("缺勤次数", "尽早跟进缺勤", "decrease"),
    Action("作业完成率", "每周检查作业完成情况", "increase"),
    Action("每周学习时长", "和学生一起制定每周学习计划", "increase"),
    Action("额外辅导", "安排额外辅导", "set", "yes"),
    Action("每晚睡眠时长", "关注睡眠和作息", "increase"),
    Action("studytime", "Agree on a weekly study plan", "increase"),
    Action("schoolsup", "Offer extra educational support", "set", "yes"),
)


def default_actions(columns: Sequence[str]) -> tuple[Action, ...]:
    """The default actions whose column is among ``columns`` (one per column)."""
    chosen: dict[str, Action] = {}
    for action in DEFAULT_ACTIONS:
        if action.column in columns and action.column not in chosen:
            chosen[action.column] = action
    return tuple(chosen.values())


def default_monotonic(columns: Sequence[str]) -> dict[str, int]:
    """The directions the default actions know, for the numeric ones among ``columns``: +1 where more can
    only help ("more attendance never lowers a grade"), -1 where more can only hurt (absences). A
    suggestion for ``TrainConfig(monotonic=...)``; the teacher confirms or changes it.

    Example:
        >>> default_monotonic(["absences", "attendance_rate", "extra_support", "age"])
        {'attendance_rate': 1, 'absences': -1}
    """
    return {a.column: 1 if a.direction == "increase" else -1 for a in default_actions(columns)
            if a.direction in ("increase", "decrease")}


@dataclass(frozen=True)
class Recommendations:
    """Everything about every student.

    Attributes:
        students: one row per student (table order): ID and name when known, every task's
            prediction, ``risk_level`` (high/medium/low), ``risk_score``, ``risk_task``,
            ``out_of_sample``, ``top_reasons`` and ``top_actions`` (short text).
        reasons: long table: row, task, column, value, contribution (in the task's units:
            points, or probability for classification), typical (the typical student's prediction).
        actions: long table: row, column, action, current, target, task, effect, benefit.
    """

    students: pd.DataFrame
    reasons: pd.DataFrame
    actions: pd.DataFrame


# --------------------------------------------------------------------------- predictions

def _member_weights(run, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per student, the members to average, and whether that prediction is out of sample.

    A student of the class the run was trained on (recognised, in any order, by their inputs and ID:
    see :func:`mtl_core.tabular.training.row_key_columns`) gets the members that did not see them; anyone else
    gets every member. Students with the same key are matched in table order.
    """
    from ..tabular.training import row_keys

    weights, out_of_sample = run.predictor.uniform_weights(len(frame)), np.ones(len(frame), bool)
    keys = None if run.row_keys is None else row_keys(frame, getattr(run, "row_key_columns", None))
    if keys is None:
        return weights, out_of_sample
    positions: dict[int, list[int]] = {}
    for i, key in enumerate(run.row_keys.tolist()):
        positions.setdefault(key, []).append(i)
    queues = {key: iter(rows) for key, rows in positions.items()}
    trained = np.array([next(queues.get(key, iter(())), -1) for key in keys.tolist()], dtype=int)
    known = trained >= 0
    weights[known] = run.row_weights[trained[known]]
    out_of_sample[known] = run.predictions["out_of_sample"].to_numpy(dtype=bool)[trained[known]]
    return weights, out_of_sample


def _predict_arrays(run, frame: pd.DataFrame, weights: np.ndarray) -> dict[str, np.ndarray]:
    """Averaged predictions, with every regression value as shown (bounded, inside its family's labels)."""
    return _shown(run, frame, weights)[0]


def _shown(run, frame: pd.DataFrame, weights: np.ndarray):
    """``(averaged predictions with the values as shown, the ReadOut)`` (see :func:`.predictor.read_out`)."""
    return _shown_features(run.predictor, run.predictor.features(frame), weights)


def _shown_features(predictor, features: np.ndarray, weights: np.ndarray, *, intervals: bool = True):
    """:func:`_shown` of encoded ``features`` (``intervals=False``: without the values' intervals)."""
    combined = combine(predictor.member_outputs(features), weights)
    shown = read_out(predictor, combined, weights, predictor.member_spreads(features) if intervals else None)
    return {**combined, **shown.values}, shown


def predict(run, data: pd.DataFrame) -> pd.DataFrame:
    """Predictions for every row of ``data`` (table order).

    Columns: per task its prediction (a value, or a label; labels of outcomes of one quantity are decided
    together and never contradict each other: :mod:`mtl_core.tabular.coherence`); per classification task
    ``probability_column(task, label)`` for each label; per regression task its 80 % interval,
    ``interval_column(task, "low")`` and ``interval_column(task, "high")`` (values always inside the
    column's range on the training rows); per yes/no task with a flagging threshold
    ``flag_column(task)`` (True when the chance of the at-risk label reaches it); ``out_of_sample``.

    Example:
        >>> predict(run, new_class)[["final_exam", "passed"]]  # doctest: +SKIP
    """
    frame = data.reset_index(drop=True)
    weights, out_of_sample = _member_weights(run, frame)
    combined, shown = _shown(run, frame, weights)
    result = to_frame(run.tasks, combined, frame.index, shown)
    result["out_of_sample"] = out_of_sample
    return result


# --------------------------------------------------------------------------- spread of effects

SPREAD_QUANTILES = (0.1, 0.9)  # the interval of an effect across the networks of the ensemble


def _component_scores(run, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per outcome task, what an effect is measured on, for every network of the ensemble on its own
    (every sub-member of every member): values, or P(at-risk labels); ``(members, sub, n)``; tasks whose
    effect is not measured (classification without risk labels) are left out."""
    predictor = run.predictor
    outputs = predictor.component_outputs(predictor.features(frame))
    scores = {}
    for task in run.outcome_tasks:
        if task.kind is TaskKind.REGRESSION:
            scores[task.name] = outputs[task.name]
        elif task.risk_labels:
            idx = [task.classes.index(label) for label in task.risk_labels]
            scores[task.name] = outputs[task.name][..., idx].sum(axis=-1)
    return scores


def effect_spread(before: np.ndarray, after: np.ndarray, weights: np.ndarray) -> dict[str, np.ndarray]:
    """Spread of an effect across the ensemble's networks: ``before``/``after`` ``(members, sub, n)``,
    ``weights`` ``(n, members)`` (the members that predict each student; their sub-members share the
    member's weight). Returns per student the weighted 10th and 90th percentiles of the networks'
    effects (``low``, ``high``), their weighted standard deviation (``sd``), and ``uncertain``: zero lies
    strictly inside the interval from ``low`` to ``high`` (some networks see the change help, others hurt)."""
    members, subs, n = before.shape
    effects = (after - before).transpose(2, 0, 1).reshape(n, members * subs)
    w = np.repeat(weights / subs, subs, axis=1)  # (n, members * sub)
    order = np.argsort(effects, axis=1)
    sorted_effects = np.take_along_axis(effects, order, axis=1)
    cumulative = np.cumsum(np.take_along_axis(w, order, axis=1), axis=1)
    cumulative /= np.maximum(cumulative[:, -1:], 1e-12)
    ends = [sorted_effects[np.arange(n), np.minimum((cumulative < q).sum(axis=1), members * subs - 1)]
            for q in SPREAD_QUANTILES]
    mean = (effects * w).sum(axis=1) / np.maximum(w.sum(axis=1), 1e-12)
    sd = np.sqrt((w * (effects - mean[:, None]) ** 2).sum(axis=1) / np.maximum(w.sum(axis=1), 1e-12))
    low, high = ends
    return dict(low=low, high=high, sd=sd, uncertain=(low < 0) & (high > 0))


def risk_of(task: TaskSpec, predictions: pd.DataFrame) -> pd.Series | None:
    """P(an at-risk label) per student for a classification task with risk labels; None otherwise."""

    if not task.is_classification or not task.risk_labels:
        return None
    return sum(predictions[probability_column(task.name, label)] for label in task.risk_labels)


def risk_table(run, predictions: pd.DataFrame) -> pd.DataFrame:
    """risk_score, risk_level and risk_task per student.

    The score is the highest probability of an at-risk label (fail, dropout, ...) over the outcome
    tasks that have one: high >= 0.5, medium >= 0.25. Without such a task, regression predictions
    count: a predicted value at least one standard deviation on the bad side of the class mean is
    high, half a standard deviation medium.
    """
    scores = pd.DataFrame(index=predictions.index)
    for task in run.outcome_tasks:
        risk = risk_of(task, predictions)
        if risk is not None:
            scores[task.name] = risk
    if scores.empty:
        for task in run.outcome_tasks:
            if task.kind is TaskKind.REGRESSION:
                scores[task.name] = _regression_risk(run, task, predictions[task.name])
    if scores.empty:
        return pd.DataFrame({"risk_score": 0.0, "risk_level": "low", "risk_task": ""}, index=predictions.index)
    score = scores.max(axis=1)
    level = np.where(score >= HIGH_RISK, "high", np.where(score >= MEDIUM_RISK, "medium", "low"))
    return pd.DataFrame({"risk_score": score, "risk_level": level, "risk_task": scores.idxmax(axis=1)})


def _regression_risk(run, task: TaskSpec, values: pd.Series) -> pd.Series:
    """Map a z-score on the bad side to the risk scale: z=-1 -> 0.5, z=-0.5 -> 0.25."""
    means = run.predictor.target_means[task.name].mean()
    scales = run.predictor.target_scales[task.name].mean()
    z = (values - means) / scales * (1 if task.higher_is_better else -1)
    return (-z / 2).clip(0, 1)


# --------------------------------------------------------------------------- reasons

def _focus(run, combined: dict, labels: dict) -> dict:
    """What to explain per task: the value (None), or a (n, classes) 0/1 mask of the classes whose
    probability is explained: the at-risk labels when the task has them, else the label shown (``labels``:
    class index per student, as :func:`.predictor.read_out` decides it)."""
    focus = {}
    for task in run.tasks:
        if task.kind is TaskKind.REGRESSION:
            focus[task.name] = None
            continue
        n, k = combined[task.name].shape
        if task.risk_labels:
            mask = np.zeros((n, k))
            mask[:, [task.classes.index(label) for label in task.risk_labels]] = 1.0
        else:
            mask = np.eye(k)[labels[task.name]]
        focus[task.name] = mask
    return focus


def _explained(values: np.ndarray, focus) -> np.ndarray:
    """What is explained for each student: the value, or the summed chance of the focused classes."""
    return np.asarray(values, dtype=float) if focus is None else (np.asarray(values) * focus).sum(axis=1)


def add_up_to(contributions: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Contributions ``(n, columns)`` made to add up to ``totals`` ``(n,)`` per student, keeping who pushed
    which way: scaled by ``total / sum`` where the two have the same sign, else the difference shared out in
    proportion to each contribution's size (equally when every contribution is 0).

    Example:
        >>> add_up_to(np.array([[2.0, -1.0]]), np.array([2.0])).tolist()  # sum 1 -> 2: scaled by 2
        [[4.0, -2.0]]
        >>> add_up_to(np.array([[2.0, -1.0]]), np.array([-2.0])).tolist()  # sum 1 -> -2: 3 shared out as 2:1
        [[0.0, -2.0]]
    """
    contributions, totals = np.asarray(contributions, dtype=float), np.asarray(totals, dtype=float)
    sums = contributions.sum(axis=1)
    same = (sums * totals > 0) & (np.abs(sums) > 1e-12)
    ratio = np.divide(totals, sums, out=np.ones_like(totals), where=same)
    sizes = np.abs(contributions)
    size = sizes.sum(axis=1, keepdims=True)
    share = np.divide(sizes, size, out=np.full_like(sizes, 1.0 / max(sizes.shape[1], 1)), where=size > 0)
    shifted = contributions + (totals - sums)[:, None] * share
    return np.where(same[:, None], contributions * ratio[:, None], shifted)


def explain(run, data: pd.DataFrame, *, rows: Sequence[int] | None = None) -> pd.DataFrame:
    """How much each input column pushed each prediction, per student (long table).

    Args:
        run: a TrainedRun.
        data: the class table.
        rows: positions of the students to explain; default all.

    Returns:
        Columns: row, task, target (what is explained: the value, or P(label)), column, value,
        contribution, typical. For each student and task, the contributions add up to the prediction
        as :func:`predict` shows it minus the typical student's (also as shown).

    The gradients are those of each outcome's own head (integrated gradients, :mod:`.attribution`); what a
    teacher sees is that head's output made consistent with the outcomes of the same quantity and kept
    inside its column's range (:mod:`mtl_core.tabular.coherence`). Each student's contributions are
    therefore rescaled (:func:`add_up_to`) to the shown prediction's distance from the typical student's,
    so the reasons chart ends where the prediction table does.
    """
    from .attribution import integrated_gradients

    frame = data.reset_index(drop=True)
    weights, _ = _member_weights(run, frame)
    positions = np.arange(len(frame)) if rows is None else np.asarray(rows, dtype=int)
    frame, weights = frame.iloc[positions].reset_index(drop=True), weights[positions]
    predictor = run.predictor
    features = predictor.features(frame)
    shown, read = _shown_features(predictor, features, weights, intervals=False)
    typical, _ = _shown_features(predictor, np.zeros_like(features), weights, intervals=False)
    focus = _focus(run, shown, read.labels)
    attributions = integrated_gradients(predictor, features, focus)
    return _reason_rows(run, frame, positions, weights, attributions, focus, shown, typical)


def _reason_rows(run, frame, positions, weights, attributions, focus, shown, typical) -> pd.DataFrame:
    layout = run.predictor.layout
    feature_columns = np.asarray(layout.feature_columns)
    columns = layout.columns
    membership = np.stack([(feature_columns == c).astype(float) for c in columns], axis=1)  # (features, columns)
    values = {c: _display_values(frame[c]) for c in columns}
    parts = []
    for task in run.tasks:
        per_student = np.einsum("mnf,nm->nf", attributions[task.name], weights) @ membership  # (n, columns)
        target, base = _target_label(task, focus[task.name], typical[task.name], len(positions))
        per_student = add_up_to(per_student, _explained(shown[task.name], focus[task.name]) - base)
        parts.append(pd.DataFrame({
            "row": np.repeat(positions, len(columns)),
            "task": task.name,
            "target": np.repeat(target, len(columns)),
            "column": np.tile(columns, len(positions)),
            "value": np.concatenate([[values[c][i] for c in columns] for i in range(len(positions))]),
            "contribution": per_student.ravel(),
            "typical": np.repeat(base, len(columns)),
        }))
    return pd.concat(parts, ignore_index=True)


def _target_label(task: TaskSpec, focus, typical, n: int) -> tuple[np.ndarray, np.ndarray]:
    """What is explained for each student (the task, or "P(label)") and the typical student's value of it."""
    if focus is None:
        return np.full(n, task.name, dtype=object), _explained(typical, None)
    labels = np.array(["P(" + " or ".join(np.asarray(task.classes)[row > 0]) + ")" for row in focus], dtype=object)
    return labels, _explained(typical, focus)


def _display_values(series: pd.Series) -> list[str]:
    numbers = numeric_values(series)
    text = label_strings(series)
    return ["(missing)" if pd.isna(t) else (f"{n:g}" if pd.notna(n) else str(t)) for n, t in zip(numbers, text)]


# --------------------------------------------------------------------------- actions

def action_target(run, action: Action):
    """The value an action moves a column to: its own target, or the class median."""
    if action.target is not None:
        return action.target
    stats = run.input_stats.set_index("column")
    median = stats.at[action.column, "median"]
    return float(f"{median:.3g}") if pd.notna(median) else None


def _applies(action: Action, series: pd.Series, target) -> np.ndarray:
    if action.direction == "set":
        return (label_strings(series) != str(target)).fillna(False).to_numpy(dtype=bool)
    values = numeric_values(series)
    better = values < target if action.direction == "increase" else values > target
    return better.fillna(False).to_numpy(dtype=bool)


def _benefit(run, task: TaskSpec, before: np.ndarray, after: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(effect in the task's units, benefit on a common scale) of moving from before to after."""
    if task.kind is TaskKind.REGRESSION:
        effect = after - before
        scale = run.predictor.target_scales[task.name].mean()
        return effect, effect / scale * (1 if task.higher_is_better else -1)
    if not task.risk_labels:
        return np.zeros(len(before)), np.zeros(len(before))
    idx = [task.classes.index(label) for label in task.risk_labels]
    effect = after[:, idx].sum(axis=1) - before[:, idx].sum(axis=1)
    return effect, -effect


def suggest_actions(run, data: pd.DataFrame, actions: Sequence[Action] | None = None) -> pd.DataFrame:
    """For every student and applicable action: the estimated effect on every outcome task.

    Returns:
        Long table: row, column, action, direction, current, target, task, effect (change of the value,
        or of P(at-risk label)), benefit (weighted sum over tasks on the common scale, one value per row
        and action), and the spread of the effect across the ensemble's networks as in :func:`what_if`:
        effect_low, effect_high (10th and 90th percentiles), effect_sd, uncertain (effect_low < 0 <
        effect_high; False where nothing is measured: a classification task without risk labels).
        Only actions with a benefit above MIN_BENEFIT are kept.
    """
    frame = data.reset_index(drop=True)
    actions = default_actions(run.predictor.layout.columns) if actions is None else tuple(actions)
    weights, _ = _member_weights(run, frame)
    before = _predict_arrays(run, frame, weights)
    usable = [action for action in actions if action.column in run.predictor.layout.columns]
    components = _component_scores(run, frame) if usable else {}
    parts = [_action_rows(run, frame, weights, before, components, action) for action in usable]
    columns = ["row", "column", "action", "direction", "current", "target", "task", "effect", "benefit",
               "effect_low", "effect_high", "effect_sd", "uncertain"]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def _known_target(layout, action: Action, target) -> bool:
    """Whether the model can read ``target`` in the action's column: a category it was trained with
    (a value it never saw would turn every category feature off, like a missing value), or a number."""
    if action.column in layout.categorical:
        label = label_strings(pd.Series([target], dtype=object)).iloc[0]
        return isinstance(label, str) and label in set(layout.categories[action.column]) - {OTHER}
    return bool(numeric_values(pd.Series([target], dtype=object)).notna().iloc[0])


def _action_rows(run, frame, weights, before, components, action: Action) -> pd.DataFrame:
    target = action_target(run, action)
    if target is None or (action.direction == "set" and not _known_target(run.predictor.layout, action, target)):
        return pd.DataFrame()
    applies = _applies(action, frame[action.column], target)
    if not applies.any():
        return pd.DataFrame()
    rows = np.flatnonzero(applies)
    changed = frame.iloc[rows].copy()
    changed[action.column] = target
    after = _predict_arrays(run, changed, weights[rows])
    effects, total = {}, np.zeros(len(rows))
    for task in run.outcome_tasks:
        effects[task.name], benefit = _benefit(run, task, before[task.name][rows], after[task.name])
        total += task.weight * benefit
    total /= max(sum(t.weight for t in run.outcome_tasks), 1e-9)
    keep = total > MIN_BENEFIT
    if not keep.any():
        return pd.DataFrame()
    kept = rows[keep]
    moved = _component_scores(run, changed.iloc[np.flatnonzero(keep)])
    spreads = {name: effect_spread(components[name][:, :, kept], moved[name], weights[kept]) for name in moved}
    nothing = dict(low=np.full(len(kept), np.nan), high=np.full(len(kept), np.nan), sd=np.full(len(kept), np.nan),
                   uncertain=np.zeros(len(kept), bool))
    current = _display_values(frame[action.column].iloc[rows])
    positions = np.flatnonzero(keep)
    return pd.DataFrame([
        dict(row=int(rows[i]), column=action.column, action=action.wording, direction=action.direction,
             current=current[i], target=str(target), task=name, effect=float(effects[name][i]),
             benefit=float(total[i]), effect_low=float(spreads.get(name, nothing)["low"][j]),
             effect_high=float(spreads.get(name, nothing)["high"][j]),
             effect_sd=float(spreads.get(name, nothing)["sd"][j]),
             uncertain=bool(spreads.get(name, nothing)["uncertain"][j]))
        for j, i in enumerate(positions) for name in effects
    ])


# --------------------------------------------------------------------------- what-if

def what_if(run, data: pd.DataFrame, row: int, changes: Mapping[str, object]) -> pd.DataFrame:
    """Re-predict student ``row`` with some inputs changed.

    Returns:
        One row per outcome task:

        * ``task``; ``before``, ``after`` (regression: the values shown, NaN for classification);
          ``label_before``, ``label_after`` (classification: the labels shown, "" for regression);
          ``risk_before``, ``risk_after`` (classification: P(at-risk labels), NaN without them);
        * ``change``: after - before of the value, or of P(at-risk labels) (NaN without risk labels);
        * ``change_low``, ``change_high``: the 10th and 90th percentiles of the change across the
          ensemble's networks (every sub-member of the members that predict this student: for a student
          of the training class, the members of the folds where they were out of sample);
          ``change_sd``: its standard deviation there;
        * ``uncertain``: True when ``change_low`` < 0 < ``change_high`` (the networks disagree on
          whether the change helps or hurts), False otherwise (also when nothing is measured).
    """
    frame = data.reset_index(drop=True)
    unknown = [c for c in changes if c not in frame.columns]
    if unknown:
        raise ConfigError(f"Unknown column(s) for what-if: {', '.join(unknown)}.")
    weights, _ = _member_weights(run, frame)
    student = frame.iloc[[row]]
    changed = student.copy()
    for column, value in changes.items():
        changed[column] = pd.Series([value], index=changed.index, dtype=object)
    before, shown_before = _shown(run, student, weights[[row]])
    after, shown_after = _shown(run, changed, weights[[row]])
    scores_before, scores_after = _component_scores(run, student), _component_scores(run, changed)
    rows = []
    for task in run.outcome_tasks:
        entry = _what_if_row(task, before[task.name][0], after[task.name][0], shown_before, shown_after)
        if task.name in scores_before:
            spread = effect_spread(scores_before[task.name], scores_after[task.name], weights[[row]])
            entry.update(change_low=float(spread["low"][0]), change_high=float(spread["high"][0]),
                         change_sd=float(spread["sd"][0]), uncertain=bool(spread["uncertain"][0]))
        else:
            entry.update(change_low=np.nan, change_high=np.nan, change_sd=np.nan, uncertain=False)
        rows.append(entry)
    return pd.DataFrame(rows)


def _what_if_row(task: TaskSpec, before, after, shown_before, shown_after) -> dict:
    if task.kind is TaskKind.REGRESSION:
        return dict(task=task.name, before=float(before), after=float(after), change=float(after - before),
                    label_before="", label_after="", risk_before=np.nan, risk_after=np.nan)
    idx = [task.classes.index(label) for label in task.risk_labels]
    risk_before = float(before[idx].sum()) if idx else np.nan
    risk_after = float(after[idx].sum()) if idx else np.nan
    return dict(task=task.name, before=np.nan, after=np.nan, change=risk_after - risk_before,
                label_before=task.classes[int(shown_before.labels[task.name][0])],
                label_after=task.classes[int(shown_after.labels[task.name][0])],
                risk_before=risk_before, risk_after=risk_after)


# --------------------------------------------------------------------------- all together

def recommend(run, data: pd.DataFrame, *, actions: Sequence[Action] | None = None, top_k: int = 3) -> Recommendations:
    """Predictions, risk, the main reasons and the most promising actions for every student.

    Args:
        run: a TrainedRun.
        data: the class table (the training class or a new one with the same input columns).
        actions: actionable columns and their wording; default :func:`default_actions`.
        top_k: how many reasons and actions to summarise per student.
    """
    frame = data.reset_index(drop=True)
    predictions = predict(run, frame)
    reasons = explain(run, frame)
    suggested = suggest_actions(run, frame, actions)
    students = pd.concat([_identity(run, frame), predictions[[c for c in predictions if c != "out_of_sample"]],
                          risk_table(run, predictions), predictions[["out_of_sample"]]], axis=1)
    students["top_reasons"] = _reason_summary(run, reasons, students, top_k)
    students["top_actions"] = _action_summary(suggested, len(frame), top_k)
    return Recommendations(students=students, reasons=reasons, actions=suggested)


def _identity(run, frame: pd.DataFrame) -> pd.DataFrame:
    columns = [c for c in (run.schema.id_column, run.schema.name_column) if c and c in frame.columns]
    return frame[columns].copy()


def _fmt(value: float) -> str:
    return f"{value:.2g}" if abs(value) < 1 else f"{value:.1f}"


def _reason_summary(run, reasons: pd.DataFrame, students: pd.DataFrame, top_k: int) -> list[str]:
    """For each student: the columns that pushed most the task behind their risk (at-risk students)
    or the first outcome task (everyone else)."""
    first = run.outcome_tasks[0].name
    at_risk = students["risk_level"].isin(["high", "medium"]) & students["risk_task"].ne("")
    explained = np.where(at_risk, students["risk_task"], first)
    chosen = reasons[reasons["task"].to_numpy() == explained[reasons["row"].to_numpy()]]
    summaries = [""] * len(students)
    ordered = chosen.assign(size=chosen["contribution"].abs()).sort_values(["row", "size"], ascending=[True, False])
    for row, group in ordered.groupby("row", sort=False):
        parts = [WORDING["reason"].format(column=g.column, value=g.value, sign="+" if g.contribution >= 0 else "-",
                                          contribution=_fmt(abs(g.contribution)), task=g.target)
                 for g in group.head(top_k).itertuples()]
        summaries[int(row)] = "; ".join(parts)
    return summaries


def _action_summary(actions: pd.DataFrame, n: int, top_k: int) -> list[str]:
    summaries = [""] * n
    if actions.empty:
        return summaries
    best = actions.drop_duplicates(["row", "column"]).sort_values(["row", "benefit"], ascending=[True, False])
    for row, group in best.groupby("row", sort=False):
        summaries[int(row)] = "; ".join(group.head(top_k)["action"])
    return summaries
