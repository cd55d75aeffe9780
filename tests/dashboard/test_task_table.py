"""The outcomes table of the Tasks page: building TaskSpecs, derived outcomes, presets, settings."""

from __future__ import annotations

import pandas as pd
import pytest

import mtl_core
from dashboard import task_table as tt
from tests.synthetic import make_tiny_class


@pytest.fixture
def tiny():
    frame = make_tiny_class()
    return frame, mtl_core.infer_schema(frame)


def test_default_table_lists_targets_and_ticks_the_first_five(sample_class):
    schema = mtl_core.infer_schema(sample_class)
    table = tt.default_table(sample_class, schema)
    assert list(table.columns) == tt.COLUMNS
    assert list(table["column"]) == schema.with_role("target")
    assert table["use"].tolist() == [True] * 5 + [False] * 2
    assert dict(zip(table["column"], table["kind"]))["letter_grade"] == "multiclass"


def test_build_tasks_uses_ticked_rows_with_their_kind_and_weight(tiny):
    frame, schema = tiny
    table = tt.default_table(frame, schema)
    table.loc[table["name"] == "passed", "weight"] = 2.0
    table.loc[table["name"] == "dropout", "use"] = False
    tasks, problems = tt.build_tasks(frame, table)
    assert problems == []
    assert [(t.name, t.kind.value, t.weight) for t in tasks] == [("score", "regression", 1.0),
                                                                ("passed", "binary", 2.0)]


def test_build_tasks_reports_each_unusable_row(tiny):
    frame, schema = tiny
    table = tt.default_table(frame, schema)
    table.loc[0, "weight"] = float("nan")
    table.loc[1, "name"] = "dropout"  # same name as the third row
    table.loc[table["column"] == "dropout", "kind"] = "regression"  # yes/no cannot be a number
    tasks, problems = tt.build_tasks(frame, table)
    assert any("weight must be a number" in p for p in problems)
    assert len(problems) >= 2


def test_only_training_only_outcomes_is_a_problem(tiny):
    frame, schema = tiny
    table = tt.default_table(frame, schema)
    table["training_only"] = True
    _, problems = tt.build_tasks(frame, table)
    assert any("training only" in p for p in problems)


def test_derived_threshold_and_bands(tiny):
    frame, schema = tiny
    table = tt.default_table(frame, schema)
    passed = tt.derived_row(frame, "score", tt.THRESHOLD, "ok60", at=60, below="no", above="yes")
    bands = tt.derived_row(frame, "score", tt.BANDS, cuts="55, 65", labels="C, B, A")
    table = tt.add_row(tt.add_row(table, passed), bands)
    tasks, problems = tt.build_tasks(frame, table)
    assert problems == []
    by_name = {t.name: t for t in tasks}
    assert by_name["ok60"].classes == ("no", "yes") and by_name["ok60"].derive.at == 60
    assert by_name["score_band"].classes == ("C", "B", "A")
    assert "cut at 55, 65" in bands["rule"]


@pytest.mark.parametrize("kwargs, message", [
    (dict(rule_type=tt.BANDS, cuts="65, 55"), "increasing"),
    (dict(rule_type=tt.BANDS, cuts="sixty"), "numbers separated by commas"),
    (dict(rule_type=tt.BANDS, cuts="55, 65", labels="low, high"), "band labels"),
    (dict(rule_type=tt.THRESHOLD, at=60, below="same", above="same"), "two different labels"),
])
def test_bad_derived_rules_raise_readable_config_errors(tiny, kwargs, message):
    frame, _ = tiny
    rule_type = kwargs.pop("rule_type")
    with pytest.raises(mtl_core.ConfigError, match=message):
        tt.derived_row(frame, "score", rule_type, **kwargs)


def test_a_repeated_derived_name_is_refused(tiny):
    frame, schema = tiny
    table = tt.default_table(frame, schema)
    with pytest.raises(mtl_core.ConfigError, match="already exists"):
        tt.add_row(table, tt.derived_row(frame, "score", tt.THRESHOLD, "passed", at=60))


def test_sync_keeps_edits_drops_old_targets_and_adds_new_ones(tiny):
    frame, schema = tiny
    table = tt.default_table(frame, schema)
    table.loc[table["name"] == "score", "weight"] = 3.0
    table = tt.add_row(table, tt.derived_row(frame, "score", tt.THRESHOLD, "ok", at=60))
    changed = schema.with_roles({"dropout": "ignore", "band": "target"})
    synced = tt.sync_table(table, frame, changed)
    assert list(synced["name"]) == ["score", "passed", "ok", "band"]
    assert synced.set_index("name").at["score", "weight"] == 3.0
    assert tt.sync_table(synced, frame, changed) is synced  # nothing to do: the same object


def test_remove_unused_derived_keeps_column_outcomes(tiny):
    frame, schema = tiny
    table = tt.add_row(tt.default_table(frame, schema), tt.derived_row(frame, "score", tt.THRESHOLD, "ok", at=60))
    table["use"] = False
    assert list(tt.remove_unused_derived(table)["name"]) == ["score", "passed", "dropout"]


def test_presets(tiny):
    frame, schema = tiny
    table = tt.default_table(frame, schema)
    focused = tt.apply_preset(table, "focus", "passed")
    assert dict(zip(focused["name"], focused["weight"])) == {"score": 0.25, "passed": 1.0, "dropout": 0.25}
    assert (tt.apply_preset(focused, "balanced")["weight"] == 1.0).all()
    with pytest.raises(mtl_core.ConfigError, match="Available: balanced, focus"):
        tt.apply_preset(table, "everything")


def test_settings_become_a_config_and_an_evaluation():
    settings = tt.default_settings()
    config, evaluation = tt.make_config(settings)
    assert config == mtl_core.TrainConfig()
    assert evaluation == mtl_core.KFold(5)
    settings.update(validation="holdout", test_size=0.25, hidden_units="32, 16, 8", architecture="mmoe")
    config, evaluation = tt.make_config(settings)
    assert config.hidden_units == (32, 16, 8) and config.architecture == "mmoe"
    assert evaluation == mtl_core.Holdout(0.25)


@pytest.mark.parametrize("change, message", [
    (dict(hidden_units="64, big"), "whole numbers"),
    (dict(dropout=0.95), "dropout"),
    (dict(validation="kfold", k=1), "between 2 and 20"),
])
def test_bad_settings_raise_readable_config_errors(change, message):
    settings = {**tt.default_settings(), **change}
    with pytest.raises(mtl_core.ConfigError, match=message):
        tt.make_config(settings)


def test_empty_table_builds_no_task():
    assert tt.build_tasks(pd.DataFrame(), None) == ([], [])


def test_problems_are_worded_in_the_session_s_language():
    from dashboard import messages as M
    from dashboard import words

    with M.using("zh"):
        with pytest.raises(mtl_core.ConfigError, match="^请把分数线填成一个数字,例如 60。$") as caught:
            tt.derived_row(make_tiny_class(), "score", tt.THRESHOLD, at=float("nan"))
        assert words.error_text(caught.value) == str(caught.value)  # the dashboard's own text: not marked as core
        with pytest.raises(mtl_core.ConfigError, match="^分界点必须是用逗号分隔的数字"):
            tt.parse_numbers("a, b")
        core = mtl_core.ConfigError("Column 'x' is not in the table.")
        assert words.error_text(core) == M.core_text(core) != str(core)  # the core's: marked
    with pytest.raises(mtl_core.ConfigError, match="^Cut points must be numbers"):
        tt.parse_numbers("a, b")


def test_targets_marked_by_hand_are_ticked(sample_class):
    """Guessed targets beyond the first five came unticked, and so did a column the teacher marked as a target:
    marking it means "predict this"."""
    schema = mtl_core.infer_schema(sample_class).with_roles({"quiz_3": "target"})
    table = tt.default_table(sample_class, schema)
    ticked = dict(zip(table["column"], table["use"]))
    assert ticked["quiz_3"] and sum(ticked.values()) == 6  # the five guessed ones and the hand-set one
    # marked after the Tasks page made its table: added ticked; guessed targets keep their tick
    later = schema.with_roles({"absences": "target"})
    synced = tt.sync_table(table, sample_class, later)
    assert dict(zip(synced["column"], synced["use"]))["absences"]
    assert synced.set_index("column").loc[table["column"], "use"].tolist() == table["use"].tolist()
    assert not tt.set_by_hand(later, "final_exam") and tt.set_by_hand(later, "absences")


# --------------------------------------------------------------------------- monotonic directions

def _monotonic_class() -> tuple[pd.DataFrame, object]:
    frame = pd.DataFrame({"student_id": [f"s{i}" for i in range(30)], "attendance_rate": [60 + i for i in range(30)],
                          "absences": [i % 7 for i in range(30)], "quiz": [50 + (7 * i) % 40 for i in range(30)],
                          "same": [1] * 30, "final_exam": [40 + i for i in range(30)]})
    return frame, mtl_core.infer_schema(frame)


def test_directions_are_suggested_but_only_the_teachers_are_applied():
    frame, schema = _monotonic_class()
    columns = tt.monotonic_columns(schema, frame)
    assert columns == ["attendance_rate", "absences", "quiz"]  # numeric inputs; a constant one is not trained on
    assert tt.monotonic_suggestions(columns) == {"attendance_rate": 1, "absences": -1}
    settings = tt.default_settings()
    assert tt.monotonic_rules(settings, columns) == {}  # suggested, never on by default
    assert tt.make_config(settings, columns)[0].monotonic == ()
    tt.set_monotonic(settings, {"attendance_rate": tt.NO_RULE, "absences": tt.HURTS, "quiz": tt.HELPS}, columns)
    assert settings["monotonic"] == {"absences": -1, "quiz": 1}
    assert tt.make_config(settings, columns)[0].monotonic == (("absences", -1), ("quiz", 1))
    assert tt.changed_settings(settings) == ["monotonic"]
    assert tt.monotonic_rules(settings, ["absences"]) == {"absences": -1}  # quiz is no longer an input: left out
    tt.set_monotonic(settings, {"attendance_rate": tt.NO_RULE, "absences": tt.NO_RULE, "quiz": tt.NO_RULE}, columns)
    assert settings["monotonic"] is None and tt.changed_settings(settings) == []  # back to Recommended


def test_a_large_class_is_recommended_three_folds():
    """At 30,000 students 5 folds x 3 networks took 127 s, 3 folds 71 s with every error within 0.2 %
    (docs/benchmarks.md 4b): from LARGE_CLASS students the Recommended check has 3 folds."""
    assert tt.recommended_folds() == tt.recommended_folds(300) == 5
    assert tt.recommended_folds(tt.LARGE_CLASS - 1) == 5 and tt.recommended_folds(tt.LARGE_CLASS) == 3
    settings = tt.default_settings(30_000)
    assert settings["k"] == 3 and tt.make_config(settings)[1] == mtl_core.KFold(3)
    assert tt.changed_settings(settings, 30_000) == []
    assert tt.changed_settings(settings, 300) == ["k"]  # the same 3 folds are a change for a small class
