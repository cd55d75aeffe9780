"""The Tasks page's table of outcomes, turned into ``mtl_core.TaskSpec``s, and its settings into a TrainConfig.

The table has one row per candidate outcome: every column marked *target* on the Data page, plus derived
outcomes (pass/fail from a threshold, grade bands from cut points). Its columns are :data:`COLUMNS`;
``rule_spec`` (hidden in the editor) keeps a derived outcome's rule as JSON so the table stays plain data.

Example:
    >>> import pandas as pd, mtl_core
    >>> df = pd.DataFrame({"id": [f"s{i}" for i in range(20)], "x": range(20), "final": range(40, 60)})
    >>> table = default_table(df, mtl_core.infer_schema(df))
    >>> tasks, problems = build_tasks(df, table)
    >>> [t.name for t in tasks], problems
    (['final'], [])
"""

from __future__ import annotations

import json
import math

import pandas as pd

import mtl_core

from . import messages as M

E = M.TASK_ERRORS
COLUMNS = ["use", "name", "column", "kind", "weight", "training_only", "rule", "rule_spec"]
KINDS = ["regression", "binary", "multiclass"]
DEFAULT_SELECTED = 5  # outcomes ticked at first: enough to show multi-task learning, quick to train
FOCUS_OTHERS = 0.25  # "focus on one outcome": the others count a quarter as much
THRESHOLD, BANDS = "threshold", "bands"
SET_BY_HAND = "set by you"  # the reason mtl_core gives a role the teacher chose (Schema.with_roles)


class SettingsError(mtl_core.ConfigError):
    """A ConfigError whose text is the dashboard's own, in the session's language (``TASK_ERRORS``); pages show
    it as it is, and the core's ConfigErrors through ``messages.core_text`` (see ``words.error_text``)."""

    own_text = True


# --------------------------------------------------------------------------- building the table

def _kind_for(schema, column: str) -> str:
    info = schema[column]
    if info.suggested_kind is not None:
        return info.suggested_kind.value
    return "regression" if info.value_type.value == "numeric" else "multiclass"


def direct_row(schema, column: str, use: bool = False) -> dict:
    """A row predicting ``column`` as it is."""
    return dict(use=use, name=column, column=column, kind=_kind_for(schema, column), weight=1.0,
                training_only=False, rule="", rule_spec="")


def empty_table() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
        COLUMNS, [bool, object, object, object, float, bool, object, object])})


def _frame(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return empty_table()
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.astype({"use": bool, "weight": float, "training_only": bool, "name": object, "column": object,
                         "kind": object, "rule": object, "rule_spec": object}).reset_index(drop=True)


def set_by_hand(schema, column: str) -> bool:
    """Whether the teacher gave ``column`` its role (on the Data page), rather than EduMTL guessing it."""
    return column in schema and schema[column].reason == SET_BY_HAND


def default_table(frame: pd.DataFrame, schema, selected: int = DEFAULT_SELECTED) -> pd.DataFrame:
    """One row per target column of ``schema``: every target the teacher marked by hand is ticked, and so are the
    first ``selected`` guessed ones."""
    targets = [c for c in schema.with_role("target") if c in frame.columns]
    guessed = [c for c in targets if not set_by_hand(schema, c)][:selected]
    return _frame([direct_row(schema, c, use=set_by_hand(schema, c) or c in guessed) for c in targets])


def sync_table(table: pd.DataFrame | None, frame: pd.DataFrame, schema) -> pd.DataFrame:
    """Keep ``table`` in step with the roles: drop columns that are no longer targets, add new targets.

    Rows the teacher edited keep their settings; derived outcomes stay while their column exists. A target
    added since the table was made was marked by the teacher, so it comes ticked: marking a column as a
    target means "predict this".
    """
    if table is None:
        return default_table(frame, schema)
    targets = [c for c in schema.with_role("target") if c in frame.columns]
    rows, present = [], set()
    for row in table.to_dict("records"):
        derived = bool(row.get("rule_spec"))
        if (derived and row["column"] in frame.columns) or (not derived and row["column"] in targets):
            rows.append(row)
            if not derived:
                present.add(row["column"])
    rows += [direct_row(schema, c, use=set_by_hand(schema, c)) for c in targets if c not in present]
    synced = _frame(rows)
    return table if synced.equals(table) else synced


# --------------------------------------------------------------------------- derived outcomes

def parse_numbers(text: str, what: str | None = None) -> tuple[float, ...]:
    """``"55, 65"`` -> ``(55.0, 65.0)``; a ConfigError says what was wrong (``what`` defaults to "Cut points")."""
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    problem = E["numbers"].format(what=what or E["cut_points"], text=text)
    try:
        numbers = tuple(float(p) for p in parts)
    except ValueError:
        raise SettingsError(problem) from None
    if not numbers or not all(math.isfinite(n) for n in numbers):
        raise SettingsError(problem)
    return numbers


def parse_labels(text: str) -> tuple[str, ...]:
    """``"C, B, A"`` -> ``("C", "B", "A")``; empty text -> ``()``."""
    return tuple(p.strip() for p in str(text).split(",") if p.strip())


def parse_widths(text: str, what: str) -> tuple[int, ...]:
    """Layer sizes: ``"64, 32"`` -> ``(64, 32)``; a ConfigError says what was wrong."""
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    try:
        widths = tuple(int(p) for p in parts)
    except ValueError:
        raise SettingsError(E["widths"].format(what=what, text=text)) from None
    return widths


def rule_to_spec(rule) -> str:
    if isinstance(rule, mtl_core.Threshold):
        return json.dumps({"type": THRESHOLD, "at": rule.at, "below": rule.below, "above": rule.above})
    return json.dumps({"type": BANDS, "cuts": list(rule.cuts), "labels": list(rule.labels)})


def rule_from_spec(spec: str):
    """The Threshold or Bands stored in ``rule_spec``; None for a direct outcome."""
    if not spec or (isinstance(spec, float) and math.isnan(spec)):
        return None
    data = json.loads(spec)
    if data["type"] == THRESHOLD:
        return mtl_core.Threshold(float(data["at"]), str(data["below"]), str(data["above"]))
    return mtl_core.Bands(tuple(data["cuts"]), tuple(data["labels"]))


def derived_row(frame: pd.DataFrame, column: str, rule_type: str, name: str = "", *, at: float | None = None,
                below: str = "fail", above: str = "pass", cuts: str = "", labels: str = "") -> dict:
    """A ticked row for a derived outcome; raises ConfigError (readable) when the rule does not fit the data."""
    if rule_type == THRESHOLD:
        if at is None or not math.isfinite(float(at)):
            raise SettingsError(E["threshold"])
        if not str(below).strip() or not str(above).strip() or str(below).strip() == str(above).strip():
            raise SettingsError(E["two_labels"])
        rule = mtl_core.Threshold(float(at), str(below).strip(), str(above).strip())
        default_name = f"{column}_{rule.above}"
    else:
        rule = mtl_core.Bands(parse_numbers(cuts), parse_labels(labels))
        default_name = f"{column}_band"
    name = str(name).strip() or default_name
    task = mtl_core.make_task(frame, column, name=name, derive=rule)  # checks the column and the rule
    return dict(use=True, name=name, column=column, kind=task.kind.value, weight=1.0, training_only=False,
                rule=rule.describe(column), rule_spec=rule_to_spec(rule))


def add_row(table: pd.DataFrame, row: dict) -> pd.DataFrame:
    """``table`` with ``row`` appended; a ConfigError when the name is already used."""
    if row["name"] in set(table["name"]):
        raise SettingsError(E["name_taken"].format(name=row["name"]))
    return _frame(table.to_dict("records") + [row])


def remove_unused_derived(table: pd.DataFrame) -> pd.DataFrame:
    keep = table["use"].astype(bool) | ~table["rule_spec"].fillna("").astype(bool)
    return table[keep].reset_index(drop=True)


# --------------------------------------------------------------------------- table -> TaskSpecs

def _weight(value) -> float | None:
    try:
        weight = float(value)
    except (TypeError, ValueError):
        return None
    return weight if math.isfinite(weight) and weight >= 0 else None


def build_tasks(frame: pd.DataFrame, table: pd.DataFrame | None) -> tuple[list, list[str]]:
    """The TaskSpecs of the ticked rows, and a readable problem for every row that cannot be used."""
    tasks, problems = [], []
    if table is None:
        return tasks, problems
    for row in table[table["use"].astype(bool)].to_dict("records"):
        name = str(row["name"] or "").strip() or str(row["column"])
        weight = _weight(row["weight"])
        if weight is None:
            problems.append(E["weight"].format(name=name, weight=row["weight"]))
            continue
        try:
            rule = rule_from_spec(row["rule_spec"])
            kind = None if rule is not None else (row["kind"] or None)
            tasks.append(mtl_core.make_task(frame, row["column"], name=name, kind=kind, weight=weight, derive=rule,
                                            auxiliary=bool(row["training_only"])))
        except mtl_core.EduMTLError as error:
            problems.append(M.core_text(error) if not getattr(error, "own_text", False) else str(error))
    names = [t.name for t in tasks]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        problems.append(E["repeated"].format(names=", ".join(repeated)))
    if tasks and all(t.auxiliary for t in tasks):
        problems.append(E["all_auxiliary"])
    if tasks and sum(t.weight for t in tasks) <= 0:
        problems.append(E["no_weight"])
    return tasks, problems


def fixed_kind_notes(table: pd.DataFrame) -> list[tuple[str, str]]:
    """``(name, kind)`` of derived rows whose kind was edited (the rule fixes it)."""
    notes = []
    for row in table.to_dict("records"):
        rule = rule_from_spec(row["rule_spec"])
        if rule is not None:
            kind = "binary" if isinstance(rule, mtl_core.Threshold) else "multiclass"
            if row["kind"] != kind:
                notes.append((row["name"], kind))
    return notes


# --------------------------------------------------------------------------- presets

def apply_preset(table: pd.DataFrame, preset: str, focus: str | None = None) -> pd.DataFrame:
    """``"balanced"``: every weight 1. ``"focus"``: ``focus`` 1, every other outcome :data:`FOCUS_OTHERS`."""
    table = table.copy()
    if preset == "balanced":
        table["weight"] = 1.0
    elif preset == "focus":
        table["weight"] = [1.0 if name == focus else FOCUS_OTHERS for name in table["name"]]
    else:
        raise SettingsError(E["unknown_preset"].format(preset=preset, available="balanced, focus"))
    return table


# --------------------------------------------------------------------------- settings -> TrainConfig

LARGE_CLASS = 10_000  # from this many students the Recommended cross-validation has 3 folds, not 5


def recommended_folds(n_students: int | None = None) -> int:
    """The folds of the Recommended cross-validation: 5, or 3 from :data:`LARGE_CLASS` students. Every student is
    still predicted by networks that never saw them; a third of a large class is plenty to test on, and training
    takes about half the time (30,000 students: 71 s against 127 s, every outcome's error within 0.2 %,
    docs/benchmarks.md section 4b)."""
    return 3 if n_students is not None and n_students >= LARGE_CLASS else 5


def default_settings(n_students: int | None = None) -> dict:
    """The Recommended Advanced settings: ``mtl_core.TrainConfig``'s defaults (chosen by
    ``benchmarks/select_defaults.py``, see docs/benchmarks.md) and cross-validation with
    :func:`recommended_folds` folds for a class of ``n_students``."""
    config = mtl_core.TrainConfig()
    return dict(  # in the order of the widgets on the Tasks page
        architecture=config.architecture, weighting=config.weighting, epochs=config.epochs,
        learning_rate=config.learning_rate, hidden_units=", ".join(map(str, config.hidden_units)),
        head_units=", ".join(map(str, config.head_units)), dropout=config.dropout,
        ensemble_size=config.ensemble_size, validation="kfold", k=recommended_folds(n_students), test_size=0.2,
        seed=config.seed,
        early_stopping=config.early_stopping,
        monotonic=None,  # None: no directions (the suggestions of monotonic_suggestions are shown, not applied)
    )


def changed_settings(settings: dict, n_students: int | None = None) -> list[str]:
    """Names of the settings that differ from the Recommended ones for a class of ``n_students`` (the held-out
    share only counts with a hold-out check, the number of folds only with cross-validation)."""
    recommended = default_settings(n_students)
    ignored = {"test_size"} if settings.get("validation") == "kfold" else {"k"}
    changed = []
    for name, value in recommended.items():
        current = settings.get(name, value)
        if name in ignored:
            continue
        if name == "monotonic":
            same = current is None  # the teacher's own directions, not the suggested ones
        elif name in ("hidden_units", "head_units"):
            same = str(current).replace(" ", "") == str(value).replace(" ", "")
        elif isinstance(value, float):
            try:
                same = math.isclose(float(current), value)
            except (TypeError, ValueError):
                same = False
        else:
            same = current == value
        if not same:
            changed.append(name)
    return changed


# --------------------------------------------------------------------------- monotonic directions

HELPS, HURTS, NO_RULE = 1, -1, 0  # "more can only help", "more can only hurt", no rule


def monotonic_columns(schema, frame: pd.DataFrame | None = None) -> list[str]:
    """The columns a direction can be set for: the numeric inputs of the class (table order), without those the
    core leaves out of training (constant in ``frame``)."""
    if schema is None:
        return []
    columns = [c.name for c in schema.columns if c.role.value == "input" and c.value_type.value == "numeric"]
    if frame is not None:
        columns = [c for c in columns if c in frame.columns and frame[c].dropna().astype(str).nunique() >= 2]
    return columns


def monotonic_rules(settings: dict, columns) -> dict[str, int]:
    """column -> +1 (more can only help) or -1 (more can only hurt) for the numeric inputs ``columns``: the
    teacher's (``settings["monotonic"]``; none until they set any). A direction set for a column that is no longer
    a numeric input is left out (the core could not apply it).

    The directions are the teacher's to set, never on by default: none was chosen on selection data, and on the
    sample class the five suggested ones made training 5.6 times slower and the predictions slightly worse
    (docs/benchmarks.md). :func:`monotonic_suggestions` gives the ones the page proposes."""
    columns = list(columns or [])
    rules = dict(settings.get("monotonic") or {})
    return {c: int(rules[c]) for c in columns if int(rules.get(c, 0)) in (HELPS, HURTS)}


def monotonic_suggestions(columns) -> dict[str, int]:
    """The directions the page suggests for ``columns``: those of the default actions
    (``mtl_core.default_monotonic``: attendance +1, absences -1, ...)."""
    return mtl_core.default_monotonic(list(columns or []))


def set_monotonic(settings: dict, rules: dict, columns) -> None:
    """Keep the teacher's directions in ``settings``: None when there are none (the Recommended settings)."""
    rules = {c: int(d) for c, d in rules.items() if int(d) in (HELPS, HURTS)}
    settings["monotonic"] = rules or None


def make_config(settings: dict, monotonic_inputs=None) -> tuple:
    """``(TrainConfig, evaluation)`` from the settings; a ConfigError names the bad setting.

    Args:
        monotonic_inputs: the class's numeric input columns (:func:`monotonic_columns`), for the directions of
            :func:`monotonic_rules`; None: the teacher's directions as they are (none when they set none).
    """
    if monotonic_inputs is None:
        monotonic = dict(settings.get("monotonic") or {})
    else:
        monotonic = monotonic_rules(settings, monotonic_inputs)
    config = mtl_core.TrainConfig(
        architecture=settings["architecture"], weighting=settings["weighting"],
        hidden_units=parse_widths(settings["hidden_units"], E["shared_widths"]),
        head_units=parse_widths(settings["head_units"], E["head_widths"]),
        dropout=float(settings["dropout"]), learning_rate=float(settings["learning_rate"]),
        epochs=int(settings["epochs"]), ensemble_size=int(settings["ensemble_size"]), seed=int(settings["seed"]),
        early_stopping=settings.get("early_stopping", "per_task"), monotonic=monotonic,
    )
    if settings["validation"] == "kfold":
        evaluation = mtl_core.KFold(int(settings["k"]))
    else:
        evaluation = mtl_core.Holdout(float(settings["test_size"]))
    return config, evaluation
