"""The Students page's logic: the student table, search and filters, a student's profile, what-if controls
and the downloads. Plain pandas, testable without Streamlit.

The student table keeps stable internal column names (``risk_level``, ``risk_score``, task names, the ID
and name columns of the class); the page gives them readable headers.

**Large classes.** Reasons (integrated gradients) and suggested actions cost milliseconds per student, so a
class of up to :data:`FULL_PASS_LIMIT` students gets them for everyone in one batched pass
(``mtl_core.recommend``), and a larger one only for the student whose profile is open
(:func:`student_profile`, one student's row: a fraction of a second), cached per run. The table's
predictions and risk come from the run's own out-of-sample predictions when the class is the one it was
trained on (no model call at all), else from one batched ``mtl_core.predict`` (:func:`class_students`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

import mtl_core

from . import evaluation_data as ev
from . import messages as M
from .text import chance, chance_range, number, percent

RISK_ORDER = {"high": 0, "medium": 1, "low": 2}
SORT_RISK, SORT_NAME, SORT_ID = "risk", "name", "id"
TOP_REASONS = 8
FULL_PASS_LIMIT = 500  # up to this many students, everyone's reasons and actions are worked out at once
PICK_LIMIT = 1000  # the profile's select box lists at most this many of the students shown (a search narrows)


# --------------------------------------------------------------------------- the table

def identity_columns(run, frame: pd.DataFrame | None = None) -> tuple[str | None, str | None]:
    """The ID and name columns of the run's class (None when absent)."""
    columns = frame.columns if frame is not None else None
    id_column, name_column = run.schema.id_column, run.schema.name_column
    if columns is not None:
        id_column = id_column if id_column in columns else None
        name_column = name_column if name_column in columns else None
    return id_column, name_column


def uses_full_pass(frame: pd.DataFrame) -> bool:
    """Whether a class is small enough for everyone's reasons and actions in one pass (see the module's notes)."""
    return len(frame) <= FULL_PASS_LIMIT


def class_predictions(run, frame: pd.DataFrame, training_class: bool) -> pd.DataFrame:
    """``mtl_core.predict(run, frame)``: for the class the run was trained on, its own out-of-sample predictions
    (the same numbers, kept by the run: no model call); for any other class, one batched prediction."""
    own = run.predictions
    if training_class and len(own) == len(frame):
        actual = {mtl_core.actual_column(t.name) for t in run.tasks}
        return own[[c for c in own.columns if c not in actual and c != "fold"]].reset_index(drop=True)
    return mtl_core.predict(run, frame)


def class_students(run, frame: pd.DataFrame, training_class: bool) -> pd.DataFrame:
    """One row per student as ``mtl_core.recommend(...).students`` has them (ID, name, every prediction and
    probability, risk, out_of_sample), without the reasons and actions summaries: fast at any class size."""
    predictions = class_predictions(run, frame, training_class)
    identity = [c for c in (run.schema.id_column, run.schema.name_column) if c and c in frame.columns]
    return pd.concat([frame[identity].reset_index(drop=True), predictions.drop(columns=["out_of_sample"]),
                      mtl_core.risk_table(run, predictions), predictions[["out_of_sample"]]], axis=1)


def student_profile(run, frame: pd.DataFrame, row: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(reasons, actions) of the student in ``row``, as the long tables of ``mtl_core.recommend`` (``row`` the
    class row): worked out on that student's row alone, with the members that did not learn from them."""
    one = frame.iloc[[row]].reset_index(drop=True)
    reasons = mtl_core.explain(run, one).assign(row=row)
    actions = mtl_core.suggest_actions(run, one)
    if len(actions):
        actions = actions.assign(row=row)
    return reasons, actions


def what_if_one(run, frame: pd.DataFrame, row: int, changes: dict) -> pd.DataFrame:
    """``mtl_core.what_if`` on the student's row alone (the same result, without looking through the class)."""
    return mtl_core.what_if(run, frame.iloc[[row]].reset_index(drop=True), 0, changes)


def student_table(students, run) -> pd.DataFrame:
    """One row per student (index = row position in the class): ID, name, risk, every prediction, and the top
    actions when they were worked out for everyone.

    Args:
        students: ``Recommendations`` (its ``students``) or a frame of :func:`class_students`.
    """
    source, students = students, getattr(students, "students", students)
    id_column, name_column = run.schema.id_column, run.schema.name_column
    table = pd.DataFrame(index=students.index)
    for column in (id_column, name_column):
        if column and column in students.columns:
            table[column] = students[column].astype("string")
    table["risk_level"] = students["risk_level"].astype(str)
    table["risk_score"] = students["risk_score"].astype(float).round(3)
    table["risk_task"] = students["risk_task"].astype(str)
    table["risk_detail"] = risk_details(students, run).astype(str)
    for task in run.outcome_tasks:
        values = students[task.name]
        table[task.name] = values.astype(float).round(1) if task.kind.value == "regression" else values.astype(str)
    if hasattr(source, "actions"):  # everyone's actions worked out: only those that surely help (see top_actions)
        table["top_actions"] = top_actions(run, source.actions, len(students))
    elif "top_actions" in students.columns:
        table["top_actions"] = students["top_actions"].astype(str)
    table["out_of_sample"] = students["out_of_sample"].astype(bool)
    return table


def sort_options(run) -> list[str]:
    """Keys for the sort box: risk, name, ID, then each regression outcome."""
    options = [SORT_RISK]
    if run.schema.name_column:
        options.append(SORT_NAME)
    if run.schema.id_column:
        options.append(SORT_ID)
    return options + [t.name for t in run.outcome_tasks if t.kind.value == "regression"]


def filter_students(table: pd.DataFrame, *, query: str = "", risk_levels=None, sort_by: str = SORT_RISK,
                    id_column: str | None = None, name_column: str | None = None) -> pd.DataFrame:
    """Students whose name or ID contains ``query`` (any case), at one of ``risk_levels``, sorted.

    Sorting by a regression outcome puts the lowest predictions first; by risk, the highest risk first.
    """
    keep = pd.Series(True, index=table.index)
    query = str(query or "").strip().casefold()
    if query:
        found = pd.Series(False, index=table.index)
        for column in (name_column, id_column):
            if column and column in table.columns:
                found |= table[column].astype("string").str.casefold().str.contains(query, regex=False).fillna(False)
        keep &= found
    if risk_levels is not None:
        keep &= table["risk_level"].isin(list(risk_levels))
    shown = table[keep]
    if sort_by == SORT_RISK:
        return shown.sort_values("risk_score", ascending=False, kind="mergesort")
    column = {SORT_NAME: name_column, SORT_ID: id_column}.get(sort_by, sort_by)
    if column and column in shown.columns:
        return shown.sort_values(column, ascending=True, kind="mergesort", na_position="last")
    return shown


def student_label(table: pd.DataFrame, row: int, id_column: str | None, name_column: str | None,
                  words: dict | None = None) -> str:
    """'S0001 · Evelyn Johnson' (plain text; may repeat: see :func:`student_labels`). ``words``: the STUDENTS
    block in the current language, when the caller labels many students."""
    parts = [str(table.at[row, c]) for c in (id_column, name_column) if c and c in table.columns
             and pd.notna(table.at[row, c])]
    words = words or M.STUDENTS.now()
    return words["label_join"].join(parts) or words["label_row"].format(row=row + 1)


def student_labels(table: pd.DataFrame, id_column: str | None, name_column: str | None) -> dict[int, str]:
    """row -> a label no other student has: :func:`student_label`, with `` #<row + 1>`` when it repeats.

    A select box tells its options apart by their text, so two students called "Li Wei" (no ID) need
    different labels to be chosen at all. Built column-wise (a class of 30,000 takes milliseconds).
    """
    words = M.STUDENTS.now()
    label = pd.Series(pd.NA, index=table.index, dtype="string")
    for column in (id_column, name_column):
        if column and column in table.columns:
            part = table[column].astype("string")
            both = label.notna() & part.notna()
            label = label.where(~both, label + words["label_join"] + part).fillna(part)
    label = label.fillna("")
    rows = pd.Series(table.index, index=table.index)
    label = label.where(label.str.len() > 0, [words["label_row"].format(row=r + 1) for r in rows])
    repeated = label.duplicated(keep=False)
    if repeated.any():
        label[repeated] = [words["label_repeated"].format(label=text, row=r + 1)
                           for text, r in zip(label[repeated], rows[repeated])]
    return dict(zip(table.index, label.astype(str)))


def pick_options(shown: list, picked, limit: int | None = None) -> list:
    """The profile box's students: the first ``limit`` (default :data:`PICK_LIMIT`) of those shown, and the one
    picked (first, if not among them)."""
    options = list(shown[:PICK_LIMIT if limit is None else limit])
    if picked is not None and picked not in options:
        options = [picked, *options]
    return options


# --------------------------------------------------------------------------- the profile

def _risk_labels(task) -> str:
    S = M.STUDENTS.now()
    return S["labels_or"].join(S["label_quoted"].format(label=label) for label in task.risk_labels)


def labelled(run, task_name: str) -> int | None:
    """How many students with a known outcome measured ``task_name`` (``run.summary``), for :func:`chance`."""
    rows = run.summary[run.summary["task"] == task_name]
    return int(rows["n_labelled"].iloc[0]) if len(rows) else None


def chance_of(run, task_name: str, value, labels=None) -> str:
    """A predicted chance of one outcome as the run supports it: "about 60%", never "100%" (``text.chance``);
    with ``labels`` (the label, or labels summed, the chance is of) also the range the run's own students give
    it (``mtl_core.chance_range``): "about 60% (45%–75%)"."""
    n = labelled(run, task_name)
    shown = chance(value, n)
    if labels is None:
        return shown
    found = mtl_core.chance_range(run, task_name, labels, [value]).iloc[0]
    return chance_range(shown, found["low"], found["high"], n)


def range_students(run) -> int:
    """At most how many similar students back the range of a chance (``mtl_core.range_neighbours``) in the run's
    first yes/no or category outcome; 0 without one."""
    for task in run.outcome_tasks:
        if task.is_classification:
            return mtl_core.range_neighbours(run, task.name)
    return 0


def class_average(run, task) -> float:
    """The class's real average of a number outcome (students with a known value)."""
    return ev.class_rate(run.predictions, task)


def risk_from_value(student: pd.Series, run) -> bool:
    """Whether a student's risk comes from a predicted number (a score), not from a chance."""
    task_name = str(student.get("risk_task") or "")
    return bool(task_name) and not (run.task(task_name).is_classification and run.task(task_name).risk_labels)


def risk_sentence(student: pd.Series, run) -> str:
    """'High risk: about 60% chance of 'fail' in passed.' or 'Medium risk: predicted final_exam is 48.2, against
    a class average of 62.0.' (plain text); a chance is never shown as a certainty."""
    S = M.STUDENTS
    level = str(student["risk_level"])
    task_name = str(student.get("risk_task") or "")
    if not task_name:
        return S["risk_line"][level].format(what=S["risk_none"])
    task = run.task(task_name)
    if task.is_classification and task.risk_labels:
        chance_text = chance_of(run, task.name, student["risk_score"], task.risk_labels)
        what = S["risk_what_class"].format(percent=chance_text,
                                           labels=_risk_labels(task), task=task.name)
    else:
        what = S["risk_what_value"].format(task=task.name, value=number(student[task.name]),
                                           average=number(class_average(run, task)))
    return S["risk_line"][level].format(what=what)


def risk_details(students: pd.DataFrame, run) -> pd.Series:
    """Per student, what their risk rests on, in words: "about 60% chance of 'fail'" or "predicted 48.2 (class
    average 62.0)" (empty without a risk outcome)."""
    S = M.STUDENTS.now()
    details = pd.Series("", index=students.index, dtype=object)
    for task_name, rows in students.groupby(students["risk_task"].astype(str), sort=False):
        if not task_name or task_name not in {t.name for t in run.outcome_tasks}:
            continue
        task = run.task(task_name)
        if task.is_classification and task.risk_labels:
            n, labels = labelled(run, task_name), _risk_labels(task)
            details[rows.index] = [S["detail_class"].format(chance=chance(v, n), labels=labels)
                                   for v in rows["risk_score"]]
        else:
            average = number(class_average(run, task))
            details[rows.index] = [S["detail_value"].format(value=number(v), average=average)
                                   for v in rows[task_name]]
    return details


def prediction_rows(student: pd.Series, run, actual: pd.Series | None = None) -> pd.DataFrame:
    """One row per outcome: the prediction, the chances behind it, and the actual outcome when known."""
    rows = []
    for task in run.outcome_tasks:
        if task.kind.value == "regression":
            prediction, detail = number(student[task.name]), ""
        else:
            prediction = str(student[task.name])
            shown = list(task.risk_labels) or [prediction]
            chances = [(M.STUDENTS["chance_of"].format(labels=label),
                        chance_of(run, task.name, student[mtl_core.probability_column(task.name, label)], label))
                       for label in shown]
            detail = ", ".join(f"{chance} {value}" for chance, value in chances)
        known = ""
        if actual is not None:
            value = actual.get(mtl_core.actual_column(task.name))
            if value is not None and not (isinstance(value, float) and math.isnan(value)):
                known = number(value) if task.kind.value == "regression" else str(value)
        rows.append({"task": task.name, "prediction": prediction, "detail": detail, "actual": known})
    return pd.DataFrame(rows, columns=["task", "prediction", "detail", "actual"])


def default_reason_task(student: pd.Series, run) -> str:
    """The outcome to explain first: the one behind the student's risk, else the first outcome."""
    task = str(student.get("risk_task") or "")
    names = [t.name for t in run.outcome_tasks]
    return task if task in names and student["risk_level"] != "low" else names[0]


def reasons_for(reasons: pd.DataFrame, row: int, task: str, top: int = TOP_REASONS) -> tuple[pd.DataFrame, str, float]:
    """The columns that pushed one prediction most: (table of column, value, contribution; what is explained;
    the typical student's value of it)."""
    mine = reasons[(reasons["row"] == row) & (reasons["task"] == task)]
    if mine.empty:
        return pd.DataFrame({"column": [], "value": [], "contribution": []}), task, float("nan")
    biggest = mine.assign(size=mine["contribution"].abs()).sort_values("size", ascending=False).head(top)
    table = biggest[["column", "value", "contribution"]].reset_index(drop=True)
    return table, str(mine["target"].iloc[0]), float(mine["typical"].iloc[0])


def typical_text(run, task_name: str, target: str, typical: float) -> str:
    """What the model predicts for a student with the class's typical values, as shown: "P(fail) about 10%" or
    "final_exam = 61.8" (plain text; the target is the core's "P(label)" or the task)."""
    if target.startswith("P("):
        return f"{M.core_text(target)} {chance_of(run, task_name, typical)}"
    return f"{M.core_text(target)} = {number(typical)}"


def class_reality(run, task_name: str, target: str) -> str:
    """Beside the typical student's prediction, what really happened in the class: the share of students with a
    known outcome who had the at-risk label(s) (a chance explained), or the real average (a number); "" for the
    chance of another label."""
    S = M.STUDENTS
    task = run.task(task_name)
    if task.kind.value == "regression":
        return S["reasons_class_average"].format(task=task.name, average=number(class_average(run, task)))
    if target.startswith("P(") and task.risk_labels:
        rate = sum(ev.class_rate(run.predictions, task, label) for label in task.risk_labels)
        return S["reasons_class_rate"].format(rate=percent(rate), labels=_risk_labels(task))
    return ""


def higher_is_better(run, task_name: str, target: str) -> bool | None:
    """Whether a push upwards on what is explained is good news: True for a regression where higher is
    better, False for the chance of an at-risk label, None when it depends (the chance of the predicted class)."""
    task = run.task(task_name)
    if task.kind.value == "regression":
        return bool(task.higher_is_better)
    return False if task.risk_labels and target.startswith("P(") else None


def _finite_or_nan(value) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return math.nan
    return value if math.isfinite(value) else math.nan


def spread_digits(effect: float, low: float = math.nan, high: float = math.nan) -> int:
    """Decimals an effect is worth in its units (points, or percentage points): whole units when its networks
    spread over a unit or more, or when it is 10 or more, else one decimal (the spread is what the data
    supports; more digits would claim a precision the ensemble does not have)."""
    width = high - low if math.isfinite(low) and math.isfinite(high) else 0.0
    return 0 if width >= 1 or abs(effect) >= 10 else 1


def signed(value: float, digits: int) -> str:
    """A change with its sign, for people: "+2", "-0.4", "0" (no sign on a rounded zero)."""
    shown = number(abs(value), digits)
    if shown == number(0, digits):
        return shown
    return ("+" if value > 0 else "-") + shown


def spread_parts(effect, low=math.nan, high=math.nan, scale: float = 1.0) -> tuple[str, str]:
    """(the effect, " (from <low> to <high>)" or "" when the range rounds to the effect itself), as text in the
    units ``scale`` turns the values into (100: a chance in percentage points)."""
    effect, low, high = (_finite_or_nan(v) * scale for v in (effect, low, high))
    digits = spread_digits(effect, low, high)
    if not (math.isfinite(low) and math.isfinite(high)):
        return signed(effect, digits), ""
    # an end on the other side of zero keeps its sign: "from -0.4 to +6", never "from 0 to +6"
    while digits < 2 and any(end != 0 and signed(end, digits) == number(0, digits) for end in (low, high)):
        digits += 1
    value, low_text, high_text = signed(effect, digits), signed(low, digits), signed(high, digits)
    if low_text == high_text == value:
        return value, ""
    return value, M.STUDENTS["spread"].format(low=low_text, high=high_text)


def effect_text(run, task_name: str, effect: float, low=math.nan, high=math.nan, uncertain: bool = False) -> str:
    """'final_exam about +2 points (from +1 to +3)' / 'P('fail') in passed about -6 percentage points (from -10
    to -2), uncertain': the effect of the ensemble, the range where 8 in 10 of its networks put it, and
    "uncertain" when that range crosses zero (some networks see the change help, others hurt)."""
    task = run.task(task_name)
    S = M.STUDENTS
    regression = task.kind.value == "regression"
    value, spread = spread_parts(effect, low, high, 1.0 if regression else 100.0)
    doubt = S["uncertain"] if uncertain else ""
    if regression:
        return S["effect_value"].format(task=task.name, value=value, spread=spread) + doubt
    return S["effect_risk"].format(task=task.name, labels=_risk_labels(task), value=value, spread=spread) + doubt


def _shown_effect(run, task_name: str, effect: float) -> bool:
    """Effects worth a word: at least 0.05 points, or half a percentage point of an at-risk label."""
    task = run.task(task_name)
    if task.kind.value == "regression":
        return abs(effect) >= 0.05
    return bool(task.risk_labels) and abs(effect) >= 0.005


def _helps(run, task_name: str, effect: float) -> bool:
    """Whether an effect is good news: a rise of a number where higher is better (a fall where lower is), a fall
    in the chance of an at-risk label."""
    task = run.task(task_name)
    if task.kind.value == "regression":
        return (effect > 0) == bool(task.higher_is_better)
    return effect < 0


def surely_helps(run, effects: pd.DataFrame) -> bool:
    """Whether an action can be shown as a help: at least one of its effects worth a word helps (:func:`_helps`)
    and the ensemble's networks agree on its direction (not ``uncertain``). An action whose helpful effects are
    all uncertain is never shown as a sure help."""
    for r in effects.itertuples():
        if _shown_effect(run, r.task, r.effect) and _helps(run, r.task, r.effect) and not bool(getattr(r, "uncertain", False)):
            return True
    return False


def actions_for(actions: pd.DataFrame, row: int, run) -> pd.DataFrame:
    """The student's suggested actions, sure helps first, then those whose effect is uncertain, each most helpful
    first: action, change, estimated effect (associations, with their spread), uncertain (bool)."""
    mine = actions[actions["row"] == row] if len(actions) else actions
    if mine is None or mine.empty:
        return pd.DataFrame({"action": [], "change": [], "effect": [], "uncertain": []})
    rows = []
    for (column, action), group in mine.groupby(["column", "action"], sort=False):
        first = group.iloc[0]
        effects = [effect_text(run, r.task, r.effect, getattr(r, "effect_low", math.nan),
                               getattr(r, "effect_high", math.nan), bool(getattr(r, "uncertain", False)))
                   for r in group.itertuples() if _shown_effect(run, r.task, r.effect)]
        effect = M.STUDENTS["effect"].format(effects=", ".join(effects)) if effects else M.STUDENTS["effect_none"]
        change = M.STUDENTS["change"].format(column=column, current=first["current"], target=first["target"])
        rows.append({"action": M.core_text(action), "change": change, "effect": effect,
                     "uncertain": not surely_helps(run, group), "benefit": float(first["benefit"])})
    table = pd.DataFrame(rows).sort_values(["uncertain", "benefit"], ascending=[True, False], kind="mergesort")
    return table[["action", "change", "effect", "uncertain"]].reset_index(drop=True)


def top_actions(run, actions: pd.DataFrame, n: int, top: int = 3) -> list[str]:
    """Per student (rows 0 .. n-1), their most helpful actions that surely help (:func:`surely_helps`), in the
    core's words joined as the core joins them ("a; b"): the table's "suggested actions" column. An action whose
    effect is uncertain is left to the profile, where it is said to be uncertain."""
    summaries = [""] * n
    if actions is None or not len(actions):
        return summaries
    chosen: dict[int, list[tuple[float, str]]] = {}
    for (row, _column), group in actions.groupby(["row", "column"], sort=False):
        if surely_helps(run, group):
            chosen.setdefault(int(row), []).append((float(group["benefit"].iloc[0]), str(group["action"].iloc[0])))
    for row, items in chosen.items():
        if 0 <= row < n:
            summaries[row] = "; ".join(a for _, a in sorted(items, key=lambda item: -item[0])[:top])
    return summaries


# --------------------------------------------------------------------------- what-if

def actionable_columns(run) -> list:
    """The run's input columns a teacher or student can change (``mtl_core.default_actions``)."""
    inputs = list(run.input_stats["column"])
    return [a.column for a in mtl_core.default_actions(inputs)]


def _nice_step(low: float, high: float, integer: bool) -> float:
    if integer:
        return 1.0
    span = max(high - low, 1e-9)
    raw = span / 100
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(min((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), default=raw))


def whatif_controls(run, frame: pd.DataFrame, row: int) -> list[dict]:
    """A control per actionable column: ``kind`` "number" (min, max, step, value) or "choice" (options, value)."""
    stats = run.input_stats.set_index("column")
    controls = []
    for column in actionable_columns(run):
        if column not in frame.columns:
            continue
        info = stats.loc[column]
        current = frame[column].iloc[row]
        if info["type"] == "numeric":
            integer = bool(info["integer"]) if pd.notna(info["integer"]) else False
            low, high = float(info["min"]), float(info["max"])
            step = _nice_step(low, high, integer)
            value = pd.to_numeric(pd.Series([current]), errors="coerce").iloc[0]
            value = float(info["median"]) if pd.isna(value) else float(value)
            value = min(max(value, low), high)
            if integer:
                low, high, value, step = int(math.floor(low)), int(math.ceil(high)), int(round(value)), 1
            else:  # a grid of steps that holds the student's value and the whole class range
                low = round(math.floor(low / step) * step, 6)
                high = round(math.ceil(high / step) * step, 6)
                value = min(max(round(round(value / step) * step, 6), low), high)
            shown = "%d" if integer else "%.0f" if step >= 1 else "%.1f" if step >= 0.1 else "%.2f"
            controls.append(dict(column=column, kind="number", min=low, max=high, step=step, value=value,
                                 format=shown))
        else:
            options = sorted(frame[column].dropna().astype(str).str.strip().unique().tolist())
            value = str(current).strip() if pd.notna(current) else (info["mode"] or options[0])
            if value not in options:
                options.append(value)
            controls.append(dict(column=column, kind="choice", options=options, value=value))
    return controls


def changes_from(controls: list[dict], values: dict) -> dict:
    """Only the controls whose value differs from the student's own."""
    return {c["column"]: values[c["column"]] for c in controls
            if c["column"] in values and values[c["column"]] != c["value"]}


def unchanged(student: pd.Series, run) -> pd.DataFrame:
    """What ``mtl_core.what_if`` returns when nothing changes, from the student's row (no model call)."""
    rows = []
    for task in run.outcome_tasks:
        if task.kind.value == "regression":
            value = float(student[task.name])
            rows.append(dict(task=task.name, before=value, after=value, change=0.0, label_before="", label_after="",
                             risk_before=np.nan, risk_after=np.nan))
            continue
        risk = (sum(float(student[mtl_core.probability_column(task.name, label)]) for label in task.risk_labels)
                if task.risk_labels else np.nan)
        label = str(student[task.name])
        rows.append(dict(task=task.name, before=np.nan, after=np.nan, change=0.0 if task.risk_labels else np.nan,
                         label_before=label, label_after=label, risk_before=risk, risk_after=risk))
    return pd.DataFrame(rows)


def whatif_spread(r: dict, scale: float = 1.0) -> str:
    """The change of one what-if card with its spread across the ensemble's networks, in the outcome's units
    (``scale`` 100: a chance, in percentage points): "about +2 (from +1 to +3)", "about -6 pp (from -10 to -2)"."""
    value, spread = spread_parts(r["change"], r.get("change_low", math.nan), r.get("change_high", math.nan), scale)
    S = M.STUDENTS
    return (S["whatif_spread_value"] if scale == 1.0 else S["whatif_spread_risk"]).format(value=value, spread=spread)


def whatif_rows(result: pd.DataFrame, run) -> pd.DataFrame:
    """``mtl_core.what_if`` output as short text for one card per outcome.

    Columns: label (the outcome, or the chance shown: "passed: P(fail)"), before, after, change ("" when too
    small to show), colour (how a rise reads: "normal" good, "inverse" bad, "off" neither, or when uncertain),
    detail (the most likely label, for classifications), spread (the change with the range where 8 in 10 of the
    ensemble's networks put it: "about +2 (from +1 to +3)"; "" when the change is not shown) and uncertain (that
    range crosses zero: some networks see the change raise it, others lower it; never set for a change too small
    to show).
    """
    S = M.STUDENTS
    rows = []
    for r in result.to_dict("records"):
        task = run.task(r["task"])
        doubt = bool(r.get("uncertain", False))
        if task.kind.value == "regression":
            shown = abs(r["change"]) >= 0.05
            change = S["points_change"].format(value=r["change"]) if shown else ""
            colour = "off" if doubt and shown else "normal" if task.higher_is_better else "inverse"
            rows.append(dict(label=task.name, before=number(r["before"]), after=number(r["after"]), change=change,
                             colour=colour, detail="", spread=whatif_spread(r) if shown else "",
                             uncertain=doubt and shown))
        elif task.risk_labels and np.isfinite(r["risk_before"]):
            shown = abs(r["change"]) >= 0.005
            change = S["percent_points_change"].format(value=100 * r["change"]) if shown else ""
            what = S["chance_of"].format(labels="/".join(task.risk_labels))
            rows.append(dict(label=S["chance_label"].format(task=task.name, chance=what),
                             before=chance_of(run, task.name, r["risk_before"]),
                             after=chance_of(run, task.name, r["risk_after"]), change=change,
                             colour="off" if doubt and shown else "inverse",
                             detail=S["whatif_likely"].format(label=r["label_after"]),
                             spread=whatif_spread(r, 100.0) if shown else "", uncertain=doubt and shown))
        else:
            rows.append(dict(label=task.name, before=str(r["label_before"]), after=str(r["label_after"]), change="",
                             colour="off", detail="", spread="", uncertain=False))
    return pd.DataFrame(rows, columns=["label", "before", "after", "change", "colour", "detail", "spread",
                                       "uncertain"])


# --------------------------------------------------------------------------- downloads

def with_risk_detail(students: pd.DataFrame, run) -> pd.DataFrame:
    """A copy of a students table with ``risk_detail`` (:func:`risk_details`, in words) after ``risk_task``: a
    spreadsheet reader sees what a risk rests on, and a chance never as a certainty (the numbers stay as
    computed in their own columns)."""
    sheet = students.copy()
    if "risk_task" in sheet.columns and "risk_detail" not in sheet.columns:
        sheet.insert(sheet.columns.get_loc("risk_task") + 1, "risk_detail", risk_details(sheet, run).astype(str))
    return sheet


def students_sheet(students: pd.DataFrame, run, *, pseudonymise: bool = False, salt: str = "") -> dict[str, pd.DataFrame]:
    """The download of a large class: one row per student (predictions and risk), as ``{"students": frame}``."""
    identity = [c for c in (run.schema.id_column, run.schema.name_column) if c and c in students.columns]
    sheet = with_risk_detail(students, run)
    if pseudonymise and identity:
        sheet = mtl_core.pseudonymise(sheet, identity, salt=salt)
    return {"students": sheet}


def export_sheets(recs, run, *, pseudonymise: bool = False, salt: str = "") -> dict[str, pd.DataFrame]:
    """The downloads: students (one row each), actions (long), reasons (long; top reasons per student)."""
    id_column, name_column = run.schema.id_column, run.schema.name_column
    identity = [c for c in (id_column, name_column) if c and c in recs.students.columns]
    students = with_risk_detail(recs.students, run)
    who = students[identity]
    actions = recs.actions.copy()
    if len(actions):
        actions = pd.concat([who.iloc[actions["row"].to_numpy()].reset_index(drop=True),
                             actions.drop(columns=["row"]).reset_index(drop=True)], axis=1)
    reasons = recs.reasons
    if len(reasons):
        reasons = reasons.assign(size=reasons["contribution"].abs())
        reasons = reasons.sort_values(["row", "task", "size"], ascending=[True, True, False])
        reasons = reasons.groupby(["row", "task"], sort=False).head(3).drop(columns=["size"])
        reasons = pd.concat([who.iloc[reasons["row"].to_numpy()].reset_index(drop=True),
                             reasons.drop(columns=["row"]).reset_index(drop=True)], axis=1)
    sheets = {"students": students, "actions": actions, "reasons": reasons}
    if pseudonymise and identity:
        sheets = {name: mtl_core.pseudonymise(frame, identity, salt=salt) for name, frame in sheets.items()}
    return sheets
