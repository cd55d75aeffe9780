"""The Results page's fairness section: which columns to audit, the audit (once per run), tables and sentences.

``mtl_core.fairness_audit`` returns per task, sensitive column and group the primary measure (and, for
outcomes with an at-risk label, "missed" and "false alarms"), beside the whole class, and flags large gaps
on groups of at least ``min_group`` students. This module turns that into readable tables and one plain
sentence per flagged gap. Plain pandas, testable without Streamlit.

Example:
    >>> flags = pd.DataFrame([dict(task="passed", column="gender", group="M", n=40, measure="missed",
    ...                            n_measured=17, value=0.25, overall=0.13, gap=0.12)])
    >>> flag_sentences(flags)
    ['For passed, of the 17 struggling students in group M (gender), 25% were missed, against 13% for the whole class.']
"""

from __future__ import annotations

import pandas as pd

import mtl_core

from . import messages as M
from . import words
from .text import measure_value

R = M.RESULTS
MIN_GROUP = 10  # mtl_core.fairness_audit's default: smaller groups are listed, never flagged


def sensitive_columns(run, schema, frame: pd.DataFrame | None) -> list[str]:
    """Columns to audit: sensitive in the run's schema or in the teacher's current roles, present in ``frame``."""
    if frame is None:
        return []
    names = list(run.schema.with_role("sensitive"))
    if schema is not None:
        names += [c for c in schema.with_role("sensitive") if c not in names]
    return [c for c in names if c in frame.columns]


def audit(active, columns: list[str], min_group: int | None = None):
    """The run's audit over ``columns``, computed once per run and set of columns (kept on the ActiveRun).

    Returns a ``mtl_core.FairnessAudit``, or the text of the ConfigError when the class table is not the one
    the run was trained on (a saved run opened with another class).
    """
    min_group = MIN_GROUP if min_group is None else min_group
    key = (tuple(columns), min_group)
    if key not in active.fairness:
        try:
            active.fairness[key] = mtl_core.fairness_audit(active.run, active.frame, list(columns), min_group=min_group)
        except mtl_core.ConfigError as error:
            active.fairness[key] = str(error)
    return active.fairness[key]


def measure_label(measure: str, short: bool = False) -> str:
    """A readable name: "missed (struggling students not flagged)", or with ``short`` just "missed"."""
    if measure in R["measures"]:
        return R["measures_short"][measure] if short else R["measures"][measure]
    return words.metric(measure)


def flag_sentences(flags: pd.DataFrame) -> list[str]:
    """One plain-text sentence per flagged gap (not Markdown: task, column and group come from the file)."""
    templates = R["fairness_flag"]
    out = []
    for row in flags.to_dict("records"):
        measure = str(row["measure"])
        template = templates.get(measure, templates["other"])
        out.append(template.format(task=row["task"], group=row["group"], column=row["column"],
                                   value=measure_value(measure, row["value"]),
                                   overall=measure_value(measure, row["overall"]), n=int(row["n_measured"]),
                                   measure=measure_label(measure)))
    return out


def _flagged(groups: pd.DataFrame, flags: pd.DataFrame) -> pd.Series:
    if flags.empty:
        return pd.Series(False, index=groups.index)
    keys = set(zip(flags["task"], flags["column"], flags["group"], flags["measure"]))
    return pd.Series([k in keys for k in zip(groups["task"], groups["column"], groups["group"], groups["measure"])],
                     index=groups.index)


def group_table(result, task: str, column: str, min_group: int = MIN_GROUP) -> pd.DataFrame:
    """Readable rows of one task and column: group, students, measure, group value, whole class, gap, the number
    of students the measure is computed on, and a note ("large gap" when flagged, "few students" below
    ``min_group``)."""
    groups = result.groups
    here = groups[(groups["task"] == task) & (groups["column"] == column)]
    flagged = _flagged(here, result.flags)
    gaps = [measure_value(m, g) for m, g in zip(here["measure"], here["gap"])]
    return pd.DataFrame({
        R["col_group"]: here["group"].astype(str),
        R["col_students"]: here["n"].astype(int),
        R["col_measure_group"]: [measure_label(m, short=True) for m in here["measure"]],
        R["col_value"]: [measure_value(m, v) for m, v in zip(here["measure"], here["value"])],
        R["col_overall"]: [measure_value(m, v) for m, v in zip(here["measure"], here["overall"])],
        R["col_gap"]: [g if g.startswith("-") else "+" + g for g in gaps],
        R["col_measured"]: here["n_measured"].astype(int),
        R["col_note"]: [R["note_flag"] if flag else R["note_small"] if measured < min_group else ""
                        for flag, measured in zip(flagged, here["n_measured"])],
    }).reset_index(drop=True)


def chart_rows(result, task: str, column: str) -> pd.DataFrame:
    """The rows of ``result.groups`` a fairness chart draws for one task and column."""
    groups = result.groups
    return groups[(groups["task"] == task) & (groups["column"] == column)]


def has_small_groups(result, column: str, min_group: int = MIN_GROUP) -> bool:
    groups = result.groups
    return bool((groups.loc[groups["column"] == column, "n_measured"] < min_group).any())


def has_judgeable_groups(result, min_group: int | None = None) -> bool:
    """Whether any group of any column has at least ``min_group`` (default :data:`MIN_GROUP`) students measured:
    only those can be flagged, so without one "no large gap" would say nothing."""
    min_group = MIN_GROUP if min_group is None else min_group
    return bool((result.groups["n_measured"] >= min_group).any())
