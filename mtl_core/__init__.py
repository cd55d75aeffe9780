"""EduMTL's training core: read a class table, choose outcomes, train one multi-task network.

Everything the dashboard and the command line use is listed in ``__all__``.
Modules that need TensorFlow (training, recommendations, saved runs) are
imported on first use, so ``import mtl_core`` stays fast.
"""

from __future__ import annotations

import importlib
import sys
import types

from .errors import ConfigError, DataReadError, DataValidationError, EduMTLError, RunLoadError

_LAZY = {
    # reading and checking data (no TensorFlow)
    "LoadedTable": "io", "load_table": "io", "read_table": "io", "describe_format": "io",
    "Role": "schema", "ValueType": "schema", "ColumnInfo": "schema", "Schema": "schema",
    "infer_schema": "schema", "ROLE_HELP": "schema",
    "check": "validation", "validate": "validation",
    "TaskKind": "tasks", "TaskSpec": "tasks", "Threshold": "tasks", "Bands": "tasks", "make_task": "tasks",
    "task_labels": "tasks",
    "Holdout": "splits", "KFold": "splits",
    "TrainConfig": "training", "EpochLog": "training", "TrainedRun": "training", "train": "training",
    "with_weights": "training",
    "METRICS": "evaluation", "PRIMARY": "evaluation",
    "probability_column": "predictor", "actual_column": "predictor",
    "Action": "recommend", "DEFAULT_ACTIONS": "recommend", "default_actions": "recommend",
    "Recommendations": "recommend", "recommend": "recommend", "predict": "recommend", "explain": "recommend",
    "suggest_actions": "recommend", "what_if": "recommend", "risk_table": "recommend",
    "save_run": "runs", "load_run": "runs", "list_runs": "runs", "verify_run": "runs", "check_run_name": "runs",
    "spreadsheet_safe": "export", "csv_bytes": "export", "excel_bytes": "export", "pseudonymise": "export",
    "FairnessAudit": "fairness", "fairness_audit": "fairness", "model_card": "model_card",
    "ARCHITECTURES": "architectures", "WEIGHTINGS": "weighting",
}

__all__ = sorted([*_LAZY, "ConfigError", "DataReadError", "DataValidationError", "EduMTLError", "RunLoadError",
                  "warm_up"])


def warm_up() -> None:
    """Import TensorFlow and the training modules in a background thread (so a UI can start fast
    and still have training ready when the teacher gets there). Safe to call many times."""
    import threading

    def load():
        importlib.import_module("._quiet", __name__).import_tensorflow()
        for module in ("loop", "attribution", "runs"):
            importlib.import_module(f".{module}", __name__)

    if not any(t.name == "edumtl-warm-up" for t in threading.enumerate()):
        threading.Thread(target=load, name="edumtl-warm-up", daemon=True).start()


class _Package(types.ModuleType):
    """The package itself. Importing a submodule binds its name on the package, so once any code had
    imported ``mtl_core.recommend`` (explain does), ``from mtl_core import recommend`` gave the module, not
    the function. A public name that equals its submodule's name keeps meaning the public object."""

    def __setattr__(self, name, value):
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mtl_core' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
