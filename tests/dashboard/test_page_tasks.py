"""Tasks page: outcomes from the target columns, presets, derived outcomes, advanced settings from the registries."""

from __future__ import annotations

import mtl_core
from dashboard import messages as M
from dashboard import state
from dashboard import task_table as tt
from dashboard.text import md
from tests.dashboard.helpers import drawn_default, loaded_table, page, preset, shown_value, texts
from tests.synthetic import make_tiny_class


def test_without_data_the_page_says_what_to_do():
    at = page("tasks").run()
    assert not at.exception
    assert M.COMMON["need_data"] in texts(at.info)


def test_target_columns_are_offered_and_five_ticked(sample_loaded):
    at = preset(page("tasks"), sample_loaded).run()
    assert not at.exception
    table = at.session_state[state.TASKS_TABLE]
    assert list(table["column"]) == ["final_exam", "passed", "dropped_out", "math_score", "reading_score",
                                     "science_score", "letter_grade"]
    assert table["use"].sum() == 5
    assert at.get_by_key("tasks_editor") is not None
    chosen = at.get_by_key("tasks_chosen").dataframe[0].value
    assert len(chosen) == 5
    assert "Ready to train 5 outcomes on 300 students." in texts(at.success)
    assert M.TASKS["weight_help"] in texts(at.caption)


def test_focus_preset_weights_one_outcome(sample_loaded):
    at = preset(page("tasks"), sample_loaded).run()
    at.selectbox(key="tasks_focus").set_value("passed").run()
    at.button(key="tasks_preset_focus").click().run()
    assert not at.exception
    table = at.session_state[state.TASKS_TABLE].set_index("name")
    assert table.at["passed", "weight"] == 1.0
    assert table.at["final_exam", "weight"] == tt.FOCUS_OTHERS
    at.button(key="tasks_preset_balanced").click().run()
    assert (at.session_state[state.TASKS_TABLE]["weight"] == 1.0).all()


def test_add_a_pass_fail_outcome_from_a_threshold(sample_loaded):
    at = preset(page("tasks"), sample_loaded).run()
    at.selectbox(key="tasks_derived_column").set_value("final_exam").run()
    at.radio(key="tasks_derived_type").set_value(tt.THRESHOLD).run()
    at.number_input(key="tasks_derived_at").set_value(60.0)
    at.text_input(key="tasks_derived_name").set_value("exam_pass")
    at.button(key="tasks_derived_add").click().run()
    assert not at.exception
    table = at.session_state[state.TASKS_TABLE].set_index("name")
    assert table.at["exam_pass", "kind"] == "binary"
    assert bool(table.at["exam_pass", "use"])
    tasks, problems = tt.build_tasks(sample_loaded.frame, at.session_state[state.TASKS_TABLE])
    assert not problems
    assert [t.classes for t in tasks if t.name == "exam_pass"] == [("fail", "pass")]
    assert any("exam\\_pass" in t for t in texts(at.success))


def test_bad_cut_points_are_explained(sample_loaded):
    at = preset(page("tasks"), sample_loaded).run()
    at.radio(key="tasks_derived_type").set_value(tt.BANDS).run()
    at.text_input(key="tasks_derived_cuts").set_value("65, 55")
    at.button(key="tasks_derived_add").click().run()
    assert not at.exception
    assert any("increasing" in t for t in texts(at.error))


def open_advanced(at):
    at.session_state["tasks_advanced"] = True  # the expander's state (its widgets are drawn either way)
    return at.run()


def test_advanced_settings_start_at_the_core_defaults(sample_loaded):
    at = preset(page("tasks"), sample_loaded).run()
    assert not at.exception
    defaults = mtl_core.TrainConfig()
    assert at.number_input(key="tasks_epochs").value == defaults.epochs
    assert at.radio(key="tasks_early_stopping").value == defaults.early_stopping == "per_task"


def test_architecture_and_weighting_choices_come_from_the_registries(sample_loaded):
    at = open_advanced(preset(page("tasks"), sample_loaded))
    assert at.selectbox(key="tasks_architecture").options == [m.label for m in mtl_core.ARCHITECTURES.infos()]
    assert at.selectbox(key="tasks_weighting").options == [m.label for m in mtl_core.WEIGHTINGS.infos()]
    at.selectbox(key="tasks_weighting").select("Equal").run()
    assert at.session_state[state.SETTINGS]["weighting"] == "equal"


def test_bad_settings_are_explained_and_kept_across_pages(sample_loaded):
    at = open_advanced(preset(page("tasks"), sample_loaded))
    at.text_input(key="tasks_hidden_units").set_value("64, lots").run()
    assert not at.exception
    assert any("whole numbers" in t for t in texts(at.error))
    assert at.session_state[state.SETTINGS]["hidden_units"] == "64, lots"
    at.radio(key="tasks_validation").set_value("holdout").run()
    assert at.session_state[state.SETTINGS]["validation"] == "holdout"


def test_settings_widgets_carry_their_value_as_their_default(sample_loaded):
    """A browser may first draw a widget from a later script run than the one that gave it its value; it then
    shows the widget's default and sends it back with the next click. Each Advanced widget's default is
    therefore its current value: before this, a quick second rerun on opening the Tasks page could reset the
    settings to 1 epoch, 2 folds and no layers without anyone touching them."""
    at = open_advanced(preset(page("tasks"), sample_loaded))
    at.number_input(key="tasks_epochs").set_value(50).run()
    at.selectbox(key="tasks_weighting").select("Equal").run()
    at.text_input(key="tasks_hidden_units").set_value("32").run()
    at.radio(key="tasks_early_stopping").set_value("joint").run()
    at.slider(key="tasks_dropout").set_value(0.35).run()
    at.select_slider(key="tasks_learning_rate").set_value(0.01).run()
    at.run()  # a rerun in which no value is new: nothing tells the browser the values but the defaults
    assert not at.exception
    settings = at.session_state[state.SETTINGS]
    assert (settings["epochs"], settings["weighting"], settings["hidden_units"]) == (50, "equal", "32")
    for key in ("tasks_architecture", "tasks_weighting", "tasks_epochs", "tasks_learning_rate", "tasks_hidden_units",
                "tasks_head_units", "tasks_dropout", "tasks_ensemble", "tasks_validation", "tasks_k", "tasks_seed",
                "tasks_early_stopping"):
        widget = at.get_by_key(key)
        assert drawn_default(widget) == shown_value(widget), key
    assert drawn_default(at.number_input(key="tasks_epochs")) == 50
    assert drawn_default(at.selectbox(key="tasks_weighting")) == "Equal"


def test_an_outcome_with_too_few_labels_is_reported():
    frame = make_tiny_class()
    frame["final"] = None
    frame.loc[:4, "final"] = [50.0, 60.0, 70.0, 80.0, 90.0]
    at = preset(page("tasks"), loaded_table(frame)).run()
    table = at.session_state[state.TASKS_TABLE]
    table.loc[table["column"] == "final", "use"] = True
    at.session_state[state.TASKS_TABLE] = table
    at.run()
    assert not at.exception
    problems = at.get_by_key("tasks_problems").table[0].value
    assert problems[M.COMMON["col_problem"]].str.contains("only 5 labelled").any()


def test_no_target_column_says_what_to_do():
    frame = make_tiny_class()[["student_id", "effort", "track"]]
    at = preset(page("tasks"), loaded_table(frame)).run()
    assert not at.exception
    assert M.TASKS["no_targets"] in texts(at.info)


# --------------------------------------------------------------------------- Recommended preset, early stopping

def _note(at) -> list[str]:
    return texts(at.get_by_key("tasks_recommended_note").caption)


def test_recommended_settings_are_the_core_defaults_and_say_why(sample_loaded):
    recommended = mtl_core.TrainConfig()
    config, evaluation = tt.make_config(tt.default_settings())
    assert config == recommended
    assert (recommended.weighting, recommended.early_stopping) == ("manual", "per_task")
    at = preset(page("tasks"), sample_loaded).run()
    assert not at.exception
    assert at.button(key="tasks_preset_recommended").label == M.TASKS["recommended"]
    label = mtl_core.ARCHITECTURES.get(recommended.architecture).label
    why = M.TASKS["recommended_why"].format(architecture=label, members=recommended.ensemble_size)
    assert _note(at) == [why, M.TASKS["recommended_in_use"]] and label in why


def test_recommended_preset_resets_every_advanced_setting(sample_loaded):
    at = open_advanced(preset(page("tasks"), sample_loaded))
    at.selectbox(key="tasks_weighting").select("Equal").run()
    at.selectbox(key="tasks_architecture").select("Mixture of experts (MMoE)").run()
    at.radio(key="tasks_early_stopping").set_value("joint").run()
    at.number_input(key="tasks_epochs").set_value(50).run()
    assert not at.exception
    settings = at.session_state[state.SETTINGS]
    assert (settings["weighting"], settings["architecture"], settings["early_stopping"], settings["epochs"]) == (
        "equal", "mmoe", "joint", 50)
    assert _note(at)[1] == M.TASKS["recommended_changed"].format(
        changes="architecture, loss weighting, epochs, when to stop")
    at.button(key="tasks_preset_recommended").click().run()
    assert not at.exception
    assert at.session_state[state.SETTINGS] == tt.default_settings()
    assert at.selectbox(key="tasks_weighting").value == "manual"
    assert at.selectbox(key="tasks_architecture").value == mtl_core.TrainConfig().architecture
    assert at.radio(key="tasks_early_stopping").value == "per_task"
    assert at.number_input(key="tasks_epochs").value == mtl_core.TrainConfig().epochs
    assert _note(at)[1] == M.TASKS["recommended_in_use"]
    assert md(M.TASKS["recommended_done"]) in texts(at.success)


def test_early_stopping_is_explained_and_reaches_the_config(sample_loaded):
    at = open_advanced(preset(page("tasks"), sample_loaded))
    radio = at.radio(key="tasks_early_stopping")
    assert radio.options == [M.TASKS["early_stopping_per_task"], M.TASKS["early_stopping_joint"]]
    radio.set_value("joint").run()
    config, _ = tt.make_config(at.session_state[state.SETTINGS])
    assert config.early_stopping == "joint"


def test_training_only_outcomes_are_explained(sample_loaded):
    at = preset(page("tasks"), sample_loaded).run()
    assert M.TASKS["aux_help"] in texts(at.caption)
    assert "mid-term grades known for last year's class" in M.TASKS["aux_help"]
    table = at.session_state[state.TASKS_TABLE]
    table.loc[table["column"] == "math_score", "training_only"] = True
    at.session_state[state.TASKS_TABLE] = table
    at.run()
    assert not at.exception
    assert any(t.startswith("Training only, not reported: math\\_score") for t in texts(at.caption))


def test_a_column_marked_target_by_hand_is_ticked(sample_loaded):
    at = preset(page("tasks"), sample_loaded)
    at.session_state[state.SCHEMA] = at.session_state[state.SCHEMA].with_roles({"quiz_3": "target"})
    at.run()
    assert not at.exception
    chosen = at.get_by_key("tasks_chosen").dataframe[0].value
    assert "quiz_3" in set(chosen[M.TASKS["col_name"]]) and len(chosen) == 6
    assert "Ready to train 6 outcomes on 300 students." in texts(at.success)


def test_kinds_and_rules_are_shown_in_the_session_s_language(sample_loaded):
    at = preset(page("tasks"), sample_loaded)
    at.session_state["language"] = "zh"
    at.run()
    assert not at.exception
    chosen = at.get_by_key("tasks_chosen").dataframe[0].value
    assert set(chosen["类型"]) <= {"数值", "二分类", "多分类"} and chosen["规则"].str.startswith("直接使用").all()
    assert "可以开始训练:300 名学生,5 个预测目标。" in texts(at.success)
    assert at.session_state[state.TASKS_TABLE]["kind"].isin(["regression", "binary", "multiclass"]).all()


def test_directions_are_suggested_and_what_the_teacher_sets_reaches_the_training_config(sample_loaded):
    """Each numeric input gets "more can only help / hurt / no rule", all "no rule" at first with the suggested
    directions (mtl_core.default_monotonic) named beside them, and what the teacher picks is the TrainConfig the
    Train page trains with (``tt.make_config``)."""
    at = preset(page("tasks"), sample_loaded).run()
    assert not at.exception
    frame, schema = sample_loaded.frame, at.session_state[state.SCHEMA]
    columns = tt.monotonic_columns(schema, frame)
    boxes = {b.key: b for b in at.get_by_key("tasks_monotonic").selectbox}
    assert set(boxes) == {f"tasks_monotonic_{c}" for c in columns}
    assert all(box.value == tt.NO_RULE for box in boxes.values())
    suggested = mtl_core.default_monotonic(columns)
    assert suggested["attendance_rate"] == 1 and suggested["absences"] == -1
    named = [t for t in texts(at.caption) if t.startswith(M.TASKS["monotonic_suggested"].split("{")[0])]
    assert len(named) == 1 and "attendance" in named[0] and M.TASKS["monotonic_choices"]["hurt"] in named[0]
    assert M.TASKS["monotonic_help"] in texts(at.caption)
    at.selectbox(key="tasks_monotonic_absences").set_value(tt.HURTS)
    at.selectbox(key="tasks_monotonic_quiz_1").set_value(tt.HELPS).run()
    assert not at.exception
    assert shown_value(at.selectbox(key="tasks_monotonic_absences")) == M.TASKS["monotonic_choices"]["hurt"]
    config, _ = tt.make_config(at.session_state[state.SETTINGS], columns)
    assert dict(config.monotonic) == {"absences": -1, "quiz_1": 1}
    assert M.TASKS["setting_names"]["monotonic"] in " ".join(texts(at.caption))  # "differs from Recommended"
    at.button(key="tasks_preset_recommended").click().run()
    assert at.selectbox(key="tasks_monotonic_absences").value == tt.NO_RULE
    assert at.session_state[state.SETTINGS]["monotonic"] is None
