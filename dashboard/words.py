"""How the dashboard names the core's objects in the session's language: checks, rules, kinds, roles, problems.

The core describes its objects in English (``KFold.describe()``, ``TaskSpec.describe()``); the pages build the
same descriptions from the objects' fields with the catalogues, so they read in the teacher's language. Text
only the core can write (problem messages, metric and method labels) goes through
:func:`dashboard.messages.core_text`. Plain functions, no Streamlit.

Example:
    >>> import mtl_core
    >>> evaluation(mtl_core.KFold(5)), kind("binary")
    ('5-fold cross-validation', 'binary')
"""

from __future__ import annotations

import pandas as pd

import mtl_core

from . import messages as M
from .text import number, percent

PROBLEM_COLUMNS = ("severity", "column", "rows", "problem", "fix")  # mtl_core.check's problem table


def evaluation(value) -> str:
    """How a run is checked: "5-fold cross-validation", "a hold-out check on 20% of the students"."""
    if isinstance(value, mtl_core.KFold):
        return M.COMMON["kfold"].format(k=value.k)
    if isinstance(value, mtl_core.Holdout):
        return M.COMMON["holdout"].format(share=percent(value.test_size))
    return M.core_text(value.describe() if hasattr(value, "describe") else value)


def kind(value) -> str:
    """A task kind's word: regression, binary, multiclass (数值, 二分类, 多分类)."""
    return M.word("kind", getattr(value, "value", value))


def role(value) -> str:
    return M.word("role", getattr(value, "value", value))


def value_type(value) -> str:
    return M.word("value_type", getattr(value, "value", value))


def rule(derive, column: str) -> str:
    """How an outcome is made from its column: a threshold, bands, or the column as it is (``derive`` None)."""
    T = M.TASKS
    if derive is None:
        return T["rule_direct"].format(column=column)
    if isinstance(derive, mtl_core.Threshold):
        return T["rule_threshold"].format(column=column, at=f"{derive.at:g}", below=derive.below, above=derive.above)
    if isinstance(derive, mtl_core.Bands):
        return T["rule_bands"].format(column=column, cuts=", ".join(f"{c:g}" for c in derive.cuts))
    return M.core_text(derive.describe(column))


def task_rule(task) -> str:
    """:func:`rule` of a ``TaskSpec``."""
    return rule(task.derive, task.column)


def metric(name: str) -> str:
    """A metric's plain name for a teacher's page, in the session's language: "average error", "right answers"
    (``RESULTS["measure_names"]``); the core's exact label (:func:`exact_metric`) for a metric without one."""
    plain = M.RESULTS["measure_names"].get(name)
    return plain if plain else exact_metric(name)


def exact_metric(name: str) -> str:
    """A metric's exact label (the core's, shown as core text): "Mean absolute error", "Brier score"; for the
    details expander beside the plain names."""
    info = mtl_core.METRICS.get(name)
    return M.core_text(info.label if info is not None else name)


def metric_labels() -> dict[str, str]:
    """Every metric's plain name as shown (:func:`metric`)."""
    return {name: metric(name) for name in mtl_core.METRICS}


def exact_names(metrics) -> pd.DataFrame:
    """The plain name and the exact name of each of ``metrics`` (for a details expander)."""
    names = list(dict.fromkeys(str(m) for m in metrics))
    return pd.DataFrame({M.RESULTS["col_plain"]: [metric(m) for m in names],
                         M.RESULTS["col_exact"]: [exact_metric(m) for m in names]})


def with_metric_labels_marked(text: str) -> str:
    """``text`` with every metric label of the core in it marked as core text (for sentences and tables built by
    modules that put the core's labels into our templates without :func:`metric`)."""
    if M.language() == "en" or not text:
        return text
    for info in sorted(mtl_core.METRICS.values(), key=lambda i: -len(i.label)):
        marked = M.core_text(info.label)
        if marked not in text:
            text = text.replace(info.label, marked)
    return text


def problem_table(found: pd.DataFrame) -> pd.DataFrame:
    """A problem table (severity, column, rows, problem, fix) for people: headers and severities in the session's
    language, the core's problem and fix marked as core text, empty cells empty (never "None")."""
    C = M.COMMON
    table = found.reset_index(drop=True)
    extra = [c for c in table.columns if c not in PROBLEM_COLUMNS]

    def text(column: str) -> pd.Series:
        values = table[column] if column in table.columns else pd.Series([""] * len(table))
        return values.astype(object).where(values.notna(), "").astype(str)

    shown = pd.DataFrame({
        C["col_severity"]: [M.word("severity", s) for s in text("severity")],
        C["col_column"]: text("column"),
        C["col_rows"]: [M.core_text(r) for r in text("rows")],  # "2, 5, 9 and 12 more"
        C["col_problem"]: [M.core_text(p) for p in text("problem")],
        C["col_fix"]: [M.core_text(f) for f in text("fix")],
    })
    for column in extra:
        shown[column] = text(column)
    return shown


def error_text(error) -> str:
    """An error's text as shown: the dashboard's own (``own_text``, already in the session's language) as it is,
    the core's through :func:`dashboard.messages.core_text`."""
    return str(error) if getattr(error, "own_text", False) else M.core_text(error)


def seconds(value) -> str:
    """A duration for people: "3.2 s" / "3.2 秒"."""
    return M.COMMON["seconds"].format(seconds=number(value))
