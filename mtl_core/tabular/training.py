"""Train ONE multi-task network on a class table, and evaluate it honestly.

:func:`train` validates the data, splits students for evaluation
(:class:`~mtl_core.evaluation.splits.Holdout` or :class:`~mtl_core.evaluation.splits.KFold`),
fits preprocessing on each fold's training rows, and trains every fold's
ensemble members side by side in one TensorFlow graph, each with early
stopping on its own validation rows. A callback sees every epoch and may stop
training; the best weights so far are kept.

Example:
    >>> import pandas as pd
    >>> from mtl_core import make_task, train, TrainConfig
    >>> df = pd.read_csv("sample_data/class.csv")
    >>> tasks = [make_task(df, "final_exam"), make_task(df, "passed", weight=2)]
    >>> run = train(df, tasks, config=TrainConfig(epochs=50))  # doctest: +SKIP
    >>> run.summary[["task", "metric", "model", "baseline", "verdict"]]  # doctest: +SKIP
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Sequence

import numpy as np
import pandas as pd

from ..data.identity import fingerprint, row_keys
from ..data.schema import Role, Schema, ValueType, infer_schema, with_string_columns
from ..data.validation import validate
from ..errors import ConfigError
from ..evaluation.calibration import calibration_table
from ..evaluation.metrics import baseline_prediction, evaluate
from ..evaluation.splits import Holdout, KFold, Plan, make_plan
from ..tasks import TaskKind, TaskSpec, actual_column, check_task_names, task_labels
from .config import Callback, TrainConfig
from .preprocessing import FeatureLayout, Preprocessor


@dataclass(frozen=True)
class TrainedRun:
    """The result of :func:`train`: tasks, evaluation, predictions and the trained ensemble.

    Attributes:
        metrics: long table (task, kind, metric, model, baseline, model_sd, baseline_sd, n_labelled).
        summary: one row per task: primary metric, model, baseline, verdict, n_labelled, reliable.
        fold_metrics: the metrics of every fold (for intervals).
        predictions: one row per student (table order): every task's prediction, class probabilities,
            the true value ("<task> (actual)", empty when unknown), ``out_of_sample`` (True where the
            prediction comes from members that did not see the student) and ``fold``.
        history: per epoch and task: train_loss, val_loss, val_metric, weight.
        warnings: validation warnings (problem table).
        input_stats: per input column: median and percentiles (numbers) or the most common value.
        row_keys: a hash per training student of ``row_key_columns`` (see :func:`row_keys`), to recognise
            them later, in any order, and give them their out-of-sample prediction again.
        row_key_columns: the input columns and the ID column; None for runs saved before they were
            recorded, whose keys hash every column.
        comparison: with ``compare=True``: per task, model (multi-task, single-task, random forest,
            gradient boosting, baseline) and metric, the value, its sd across folds and the training seconds.
        comparison_summary: per task: the primary metric of each model, the best one, its lead and whether
            that lead is within fold noise, the gain of multi-task over single-task and its gap to the
            better tree model (see :func:`mtl_core.evaluation.comparison.comparison_summary`).
        task_similarity: task x task cosine similarity of the tasks' gradients on the shared layers.
        calibration: reliability curve of every classification outcome on the pooled out-of-sample
            predictions (task, curve, label, bin, lower, upper, predicted, observed, students; see
            :mod:`mtl_core.evaluation.calibration`); None for runs saved before it was recorded.
    """

    tasks: tuple[TaskSpec, ...]
    schema: Schema
    config: TrainConfig
    evaluation: Holdout | KFold
    metrics: pd.DataFrame
    summary: pd.DataFrame
    fold_metrics: pd.DataFrame
    predictions: pd.DataFrame
    history: pd.DataFrame
    warnings: pd.DataFrame
    input_stats: pd.DataFrame
    fingerprint: str
    n_students: int
    epochs: int
    stopped_by_user: bool
    elapsed_s: float
    created: str
    predictor: object = field(repr=False, compare=False)
    row_weights: np.ndarray = field(repr=False, compare=False)
    row_keys: np.ndarray | None = field(default=None, repr=False, compare=False)
    row_key_columns: tuple[str, ...] | None = field(default=None, repr=False, compare=False)
    comparison: pd.DataFrame | None = None
    comparison_summary: pd.DataFrame | None = None
    task_similarity: pd.DataFrame | None = None
    calibration: pd.DataFrame | None = None

    @property
    def outcome_tasks(self) -> tuple[TaskSpec, ...]:
        """Tasks reported to the teacher (not auxiliary)."""
        return tuple(t for t in self.tasks if not t.auxiliary)

    def task(self, name: str) -> TaskSpec:
        for task in self.tasks:
            if task.name == name:
                return task
        raise ConfigError(f"Unknown task '{name}'. Available: {', '.join(t.name for t in self.tasks)}.")


# --------------------------------------------------------------------------- public entry point

def train(
    data: pd.DataFrame,
    tasks: Sequence[TaskSpec],
    *,
    schema: Schema | None = None,
    config: TrainConfig | None = None,
    evaluation: Holdout | KFold | None = None,
    callback: Callback | None = None,
    compare: bool = False,
) -> TrainedRun:
    """Train one multi-task ensemble on ``data`` and evaluate it on students it did not see.

    Args:
        data: the class table, one row per student.
        tasks: what to predict (see :func:`mtl_core.make_task`).
        schema: column roles; default inferred. Task columns are never inputs.
        config: a :class:`TrainConfig`; default ``TrainConfig()``.
        evaluation: :class:`Holdout` (default) or :class:`KFold`.
        callback: called after every epoch with an :class:`EpochLog`; return True to stop
            training early (the best weights so far are kept).
        compare: also train, on the same folds, the same network on each task alone and every reference
            model (a random forest and gradient boosting per task), and fill ``comparison``,
            ``comparison_summary`` and ``task_similarity``.

    Returns:
        A :class:`TrainedRun`.

    Raises:
        DataValidationError: the data has errors (the exception carries the problem table).
        ConfigError: a setting is invalid.
    """
    started = time.perf_counter()
    config = config or TrainConfig()
    evaluation = evaluation or Holdout()
    tasks = check_task_names(tasks)
    _check_methods(config)
    frame = with_string_columns(data.reset_index(drop=True))
    schema = _schema_for(frame, schema, tasks)
    warnings = validate(frame, schema, tasks)
    plan = make_plan(len(frame), evaluation, ensemble=config.ensemble_size,
                     validation_fraction=config.validation_fraction, seed=config.seed,
                     strata=_strata(frame, tasks))
    fitted = _fit(frame, schema, tasks, config, plan, callback, started)
    run = _finish(frame, schema, tasks, config, evaluation, plan, fitted, warnings, started)
    if compare and not fitted.stopped_by_user:
        run = _with_comparison(run, frame, config, plan, fitted)
    return run


def _check_methods(config: TrainConfig) -> None:
    """Unknown architecture or weighting names fail before any data work (ConfigError listing the names)."""
    from .._quiet import import_tensorflow

    import_tensorflow()
    from ..weighting import WEIGHTINGS
    from .architectures import ARCHITECTURES

    ARCHITECTURES.get(config.architecture)
    WEIGHTINGS.get(config.weighting)


def _schema_for(frame: pd.DataFrame, schema: Schema | None, tasks) -> Schema:
    """The schema with every task column as a target (so never an input)."""
    schema = schema or infer_schema(frame)
    columns = {t.column for t in tasks if t.column in schema}
    return schema.with_roles({c: Role.TARGET for c in columns if schema[c].role == Role.INPUT})


def _strata(frame: pd.DataFrame, tasks) -> pd.Series | None:
    """Labels to stratify splits on: the first classification outcome, else quintiles of the first regression."""
    outcomes = [t for t in tasks if not t.auxiliary]
    for task in outcomes:
        if task.is_classification:
            return task_labels(frame, task)
    values = task_labels(frame, outcomes[0])
    if values.notna().sum() < 10:
        return None
    return pd.qcut(values, 5, labels=False, duplicates="drop")


def input_layout(frame: pd.DataFrame, schema: Schema) -> FeatureLayout:
    """Numeric and categorical input columns (empty and constant ones left out) as a FeatureLayout."""
    numeric, categorical = [], []
    for name in schema.inputs:
        info = schema[name]
        if info.value_type is ValueType.EMPTY or frame[name].dropna().astype(str).nunique() < 2:
            continue
        (numeric if info.value_type is ValueType.NUMERIC else categorical).append(name)
    if not numeric and not categorical:
        raise ConfigError("No usable input column: every input is empty or constant. Mark other columns as 'input'.")
    return FeatureLayout.from_frame(frame, numeric=numeric, categorical=categorical)


# --------------------------------------------------------------------------- fitting

@dataclass
class _Fitted:
    loop: object
    history: pd.DataFrame
    epochs: int
    stopped_by_user: bool
    seconds: float

    @property
    def predictor(self):
        return self.loop.predictor


def _fit(frame, schema, tasks, config, plan: Plan, callback, started) -> _Fitted:
    from .loop import TrainingLoop  # TensorFlow is imported only when training starts

    layout = input_layout(frame, schema)
    preprocessors = [Preprocessor(layout, scaling=config.scaling, bins=config.bins_in_use).fit(frame[plan.fit_rows(f)])
                     for f in range(plan.folds)]
    begin = time.perf_counter()
    loop = TrainingLoop(frame, tasks, config, plan, layout, preprocessors, families=outcome_families(frame, tasks))
    history, epochs, stopped = loop.run(callback, started)
    return _Fitted(loop, history, epochs, stopped, time.perf_counter() - begin)


def outcome_families(frame: pd.DataFrame, tasks) -> tuple:
    """The outcomes read out together (:mod:`.coherence`): those derived from one column, then
    classification outcomes nested in a finer one in the training table."""
    from .coherence import derived_families, nested_families

    derived = derived_families(tasks)
    taken = [name for family in derived for name in family.tasks]
    return tuple(derived + nested_families(frame, tasks, taken))


def _with_comparison(run: TrainedRun, frame, config, plan: Plan, fitted: _Fitted) -> TrainedRun:
    """Add, on the same folds, the same network per task, every reference model (random forest, gradient
    boosting) and the baseline, with the best model per task and whether its lead is within fold noise."""
    from ..evaluation.comparison import comparison_summary, comparison_table, paired_scores
    from ..evaluation.references import reference_predictions
    from .loop import task_gradient_similarity
    from .predictor import shown_labels
    from .single_task import single_task_predictions

    predictor, tasks = fitted.predictor, run.tasks
    weights, folds = out_of_sample_weights(plan)
    timer = time.perf_counter()
    single = single_task_predictions(frame, tasks, config, plan, predictor.layout, predictor.preprocessors, weights)
    seconds = {"multi-task": fitted.seconds, "single-task": time.perf_counter() - timer}
    references, reference_seconds = reference_predictions(frame, tasks, predictor.layout, plan.test_rows, config.seed)
    seconds.update(reference_seconds)
    multi, shown = shown_predictions(predictor, frame, weights)
    baselines = {t.name: _baselines(frame, t, plan, folds) for t in tasks}
    models = {"multi-task": multi, "single-task": single, **references}
    labels = {"multi-task": shown_labels(tasks, shown)}
    table = comparison_table(tasks, frame, models, baselines, folds, seconds, labels=labels)
    paired = paired_scores(tasks, frame, models, baselines, folds, labels=labels)
    names = [t.name for t in tasks]
    similarity = pd.DataFrame(task_gradient_similarity(fitted.loop), index=names, columns=names)
    return replace(run, comparison=table, comparison_summary=comparison_summary(tasks, table, paired),
                   task_similarity=similarity)


# --------------------------------------------------------------------------- results

def shown_predictions(predictor, frame: pd.DataFrame, weights: np.ndarray) -> tuple[dict, object]:
    """``(averaged member outputs with every regression value as shown, the ReadOut)`` for ``frame``."""
    from .predictor import combine, read_out

    features = predictor.features(frame)
    combined = combine(predictor.member_outputs(features), weights)
    shown = read_out(predictor, combined, weights, predictor.member_spreads(features))
    return {**combined, **shown.values}, shown


def _finish(frame, schema, tasks, config, evaluation, plan: Plan, fitted: _Fitted, warnings, started) -> TrainedRun:
    from .predictor import shown_labels, to_frame

    predictor = fitted.predictor
    key_columns = row_key_columns(schema, predictor.layout)
    weights, folds = out_of_sample_weights(plan)
    model_values, shown = shown_predictions(predictor, frame, weights)
    predictions = to_frame(tasks, model_values, frame.index, shown)
    truths = {t.name: task_labels(frame, t) for t in tasks}
    for task in tasks:
        predictions[actual_column(task.name)] = truths[task.name]
    predictions["out_of_sample"] = folds >= 0
    predictions["fold"] = folds
    baselines = {t.name: _baselines(frame, t, plan, folds) for t in tasks}
    flags = {t.name: predictor.flag_threshold(t.name, weights) for t in tasks if t.name in predictor.flag_thresholds}
    intervals = {name: (shown.low[name], shown.high[name]) for name in shown.values}
    metrics, summary, per_fold = evaluate(tasks, truths, model_values, baselines, folds,
                                          labels=shown_labels(tasks, shown), flags=flags, intervals=intervals)
    return TrainedRun(
        tasks=tuple(tasks), schema=schema, config=config, evaluation=evaluation, metrics=metrics,
        summary=summary, fold_metrics=per_fold, predictions=predictions, history=fitted.history,
        warnings=warnings, input_stats=input_statistics(frame, predictor.layout), fingerprint=fingerprint(frame),
        n_students=len(frame), epochs=fitted.epochs, stopped_by_user=fitted.stopped_by_user,
        elapsed_s=time.perf_counter() - started, created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        predictor=predictor, row_weights=weights, row_keys=row_keys(frame, key_columns),
        row_key_columns=key_columns, calibration=calibration_table(tasks, truths, model_values, folds),
    )


def out_of_sample_weights(plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """Per student, the members to average: those of the fold that tested them (else all members).

    Returns ``(weights (n, members), fold of each student or -1 when no member left them out)``.
    """
    n = plan.test_rows.shape[1]
    folds = np.full(n, -1)
    weights = np.full((n, plan.members), 1.0 / plan.members)
    for fold, test in enumerate(plan.test_rows):
        members = plan.fold_of_member == fold
        folds[test] = fold
        weights[test] = members / members.sum()
    return weights, folds


def _baselines(frame, task: TaskSpec, plan: Plan, folds: np.ndarray) -> np.ndarray:
    """The naive guess for every tested student, learned from their fold's training rows."""
    truth = task_labels(frame, task)
    width = None if task.kind is TaskKind.REGRESSION else len(task.classes)
    out = np.full((len(frame),) if width is None else (len(frame), width), np.nan)
    for fold in range(plan.folds):
        here = folds == fold
        out[here] = baseline_prediction(task, truth[plan.fit_rows(fold)], int(here.sum()))
    return out


def input_statistics(frame: pd.DataFrame, layout: FeatureLayout) -> pd.DataFrame:
    """Per input column: type, median, 5/25/75/95th percentiles, min, max, and the most common value."""
    from ..data.values import label_strings, numeric_values

    rows = []
    for column in layout.numeric:
        values = numeric_values(frame[column]).dropna()
        q = values.quantile([0.05, 0.25, 0.5, 0.75, 0.95]).to_numpy() if len(values) else [np.nan] * 5
        integer = bool(len(values) and np.allclose(values, values.round()))
        rows.append(dict(column=column, type="numeric", median=q[2], p05=q[0], p25=q[1], p75=q[3], p95=q[4],
                         min=values.min(), max=values.max(), integer=integer, mode=None))
    for column in layout.categorical:
        labels = label_strings(frame[column]).dropna()
        mode = labels.value_counts().index[0] if len(labels) else None
        rows.append(dict(column=column, type="categorical", mode=mode))
    return pd.DataFrame(rows, columns=["column", "type", "median", "p05", "p25", "p75", "p95", "min", "max",
                                       "integer", "mode"])


def row_key_columns(schema: Schema, layout: FeatureLayout) -> tuple[str, ...]:
    """The columns that identify a training student: the inputs the model reads and the ID column.

    Names, outcomes and ignored columns are left out, so fixing a name's spelling or filling in final
    grades after training still finds the student.
    """
    columns = set(layout.columns) | ({schema.id_column} if schema.id_column else set())
    return tuple(sorted(columns, key=str))


def with_weights(tasks: Sequence[TaskSpec], weights: dict[str, float]) -> tuple[TaskSpec, ...]:
    """A copy of ``tasks`` with some weights changed: ``with_weights(tasks, {"passed": 2})``."""
    names = {t.name for t in tasks}
    unknown = sorted(set(weights) - names)
    if unknown:
        raise ConfigError(f"Unknown task(s) in weights: {', '.join(unknown)}. Available: {', '.join(sorted(names))}.")
    return tuple(replace(t, weight=weights.get(t.name, t.weight)) for t in tasks)
