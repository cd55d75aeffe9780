"""EduMTL's training core: read a class table, choose outcomes, train one multi-task network.

Everything the dashboard and the command line use is listed in ``__all__``.
Modules that need TensorFlow (training, recommendations, saved runs) are
imported on first use, so ``import mtl_core`` stays fast.
"""

from __future__ import annotations

import importlib

from .errors import ConfigError, DataReadError, DataValidationError, EduMTLError, OutputError, RunLoadError

_LAZY = {
    # reading and checking data (no TensorFlow)
    "LoadedTable": "data.io", "load_table": "data.io", "read_table": "data.io", "describe_format": "data.io",
    "Role": "data.schema", "ValueType": "data.schema", "ColumnInfo": "data.schema", "Schema": "data.schema",
    "infer_schema": "data.schema", "ROLE_HELP": "data.schema", "looks_sensitive": "data.schema",
    "check": "data.validation", "validate": "data.validation",
    "TaskKind": "tasks", "TaskSpec": "tasks", "Threshold": "tasks", "Bands": "tasks", "make_task": "tasks",
    "task_labels": "tasks", "probability_column": "tasks", "actual_column": "tasks",
    "interval_column": "tasks", "flag_column": "tasks", "INTERVAL_LEVEL": "tasks",
    # class tables: training (TensorFlow is imported when training starts)
    "TrainConfig": "tabular.config", "EpochLog": "tabular.config",
    "TrainedRun": "tabular.training", "train": "tabular.training", "with_weights": "tabular.training",
    "ARCHITECTURES": "tabular.architectures", "WEIGHTINGS": "weighting",
    # evaluation
    "Holdout": "evaluation.splits", "KFold": "evaluation.splits",
    "METRICS": "evaluation.metrics", "PRIMARY": "evaluation.metrics",
    "FairnessAudit": "evaluation.fairness", "fairness_audit": "evaluation.fairness",
    "calibration_table": "evaluation.calibration", "reliability_bins": "evaluation.calibration",
    "ece_from_bins": "evaluation.calibration", "chance_range": "evaluation.calibration",
    "similar_chance_range": "evaluation.calibration", "range_neighbours": "evaluation.calibration",
    "CHANCE_SIMILAR_WITHIN": "evaluation.calibration",
    "CHANCE_MIN_SIMILAR": "evaluation.calibration",
    # explanations: predictions, reasons, actions
    "Action": "explanations.recommend", "DEFAULT_ACTIONS": "explanations.recommend",
    "default_actions": "explanations.recommend",
    "default_monotonic": "explanations.recommend", "effect_spread": "explanations.recommend", "Recommendations": "explanations.recommend",
    "recommend": "explanations.recommend", "predict": "explanations.recommend", "explain": "explanations.recommend",
    "suggest_actions": "explanations.recommend", "what_if": "explanations.recommend",
    "risk_table": "explanations.recommend",
    # saved runs and exports
    "save_run": "runs.store", "load_run": "runs.store", "list_runs": "runs.store", "verify_run": "runs.store",
    "check_run_name": "runs.store", "model_card": "runs.model_card",
    "spreadsheet_safe": "runs.export", "csv_bytes": "runs.export", "excel_bytes": "runs.export",
    "parquet_bytes": "runs.export", "CSV_DIGITS": "runs.export",
    "pseudonymise": "runs.export",
    # answer logs (knowledge tracing); reading and checking a log loads no TensorFlow
    "LogRoles": "data.answer_log", "AnswerLog": "data.answer_log", "infer_log_roles": "data.answer_log",
    "looks_like_log": "data.answer_log", "check_log": "data.answer_log", "prepare_log": "data.answer_log",
    "log_roles_table": "data.answer_log", "roles_from_table": "data.answer_log",
    "LogConfig": "sequence.config", "LogEpochLog": "sequence.config", "SEQUENCE_MODELS": "sequence.models",
    "LogRun": "sequence.training", "train_log": "sequence.training",
    "LogScores": "sequence.scoring", "score_log": "sequence.scoring",
    "LOG_METRICS": "evaluation.log_metrics",
    "mastery_table": "explanations.mastery", "practice_plan": "explanations.mastery",
    "hardest_skills": "explanations.mastery", "skill_influence": "explanations.mastery",
    "save_log_run": "runs.log_store", "load_log_run": "runs.log_store", "run_kind": "runs.log_store",
}

__all__ = sorted([*_LAZY, "ConfigError", "DataReadError", "DataValidationError", "EduMTLError", "OutputError",
                  "RunLoadError", "warm_up"])


def warm_up() -> None:
    """Import TensorFlow and the training modules in a background thread (so a UI can start fast
    and still have training ready when the teacher gets there). Safe to call many times."""
    import threading

    def load():
        importlib.import_module("._quiet", __name__).import_tensorflow()
        for module in ("tabular.loop", "explanations.attribution", "runs.store", "sequence.loop",
                       "sequence.predictor"):
            importlib.import_module(f".{module}", __name__)

    if not any(t.name == "edumtl-warm-up" for t in threading.enumerate()):
        threading.Thread(target=load, name="edumtl-warm-up", daemon=True).start()


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mtl_core' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
