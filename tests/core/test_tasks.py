"""Tests for mtl_core.tasks: inferring tasks, derived labels, encoded targets and the task list checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mtl_core import ConfigError
from mtl_core.tasks import (
    MAX_CLASSES,
    Bands,
    TaskKind,
    TaskSpec,
    Threshold,
    check_task_names,
    encode_targets,
    make_task,
    numeric_values,
    task_labels,
)


def column(name: str, values) -> pd.DataFrame:
    return pd.DataFrame({name: values})


# --------------------------------------------------------------------------- make_task inference


def test_numeric_column_is_a_regression():
    task = make_task(column("final", [55.0, 61.5, 70.0, 90.0]), "final")
    assert (task.name, task.column, task.kind, task.classes, task.risk_labels) == (
        "final", "final", TaskKind.REGRESSION, (), ())
    assert task.n_outputs == 1 and not task.is_classification


def test_pass_fail_is_binary_with_fail_at_risk():
    task = make_task(column("passed", ["pass", "fail", "pass", None]), "passed")
    assert (task.kind, task.classes, task.risk_labels) == (TaskKind.BINARY, ("fail", "pass"), ("fail",))


def test_dropout_yes_no_puts_yes_at_risk():
    task = make_task(column("dropped_out", ["no", "yes", "no"]), "dropped_out")
    assert (task.kind, task.classes, task.risk_labels) == (TaskKind.BINARY, ("no", "yes"), ("yes",))


def test_completed_yes_no_puts_no_at_risk():
    assert make_task(column("completed", ["yes", "no"]), "completed").risk_labels == ("no",)


def test_yes_no_without_a_telling_name_has_no_risk_label():
    assert make_task(column("has_laptop", ["yes", "no"]), "has_laptop").risk_labels == ()


@pytest.mark.parametrize("name,values,risk", [
    ("是否及格", ["是", "否", "是"], ("否",)),
    ("是否辍学", ["是", "否", "否"], ("是",)),
    ("考试结果", ["及格", "不及格"], ("不及格",)),
])
def test_chinese_outcomes_find_the_at_risk_label(name, values, risk):
    task = make_task(column(name, values), name)
    assert task.kind is TaskKind.BINARY and task.risk_labels == risk


def test_zero_one_dropout_is_binary_with_one_at_risk():
    task = make_task(column("dropout", [0, 1, 0, 0, 1.0]), "dropout")
    assert (task.kind, task.classes, task.risk_labels) == (TaskKind.BINARY, ("0", "1"), ("1",))


def test_letter_grades_are_multiclass_in_alphabetical_order_with_f_at_risk():
    task = make_task(column("letter_grade", list("BFACDAB")), "letter_grade")
    assert (task.kind, task.classes, task.risk_labels) == (TaskKind.MULTICLASS, ("A", "B", "C", "D", "F"), ("F",))
    assert task.n_outputs == 5


def test_numeric_classes_are_ordered_by_value_not_by_text():
    task = make_task(column("level", [10, 2, 1, 2, 10]), "level", kind="multiclass")
    assert task.classes == ("1", "2", "10")


def test_explicit_arguments_are_kept():
    task = make_task(column("final", [1.0, 2.0, 3.0]), "final", name="exam", weight=2.5,
                     higher_is_better=False, auxiliary=True, risk_labels=())
    assert (task.name, task.column, task.weight, task.higher_is_better, task.auxiliary) == (
        "exam", "final", 2.5, False, True)


def test_describe_is_plain_english():
    frame = column("final", [40.0, 75.0, 62.0])
    assert make_task(frame, "final").describe() == "final: regression, from column 'final'"
    assert make_task(frame, "final", name="passed", derive=Threshold(60)).describe() == (
        "passed: binary, 'pass' when final >= 60, otherwise 'fail'")
    assert make_task(frame, "final", name="band", derive=Bands((50, 70))).describe() == (
        "band: multiclass, bands of final cut at 50, 70")


def test_unknown_column_names_a_close_match():
    with pytest.raises(ConfigError) as caught:
        make_task(column("final_exam", [1, 2]), "final_exm")
    assert str(caught.value) == ("Task 'final_exm' uses column 'final_exm', which is not in the table. "
                                 "Did you mean 'final_exam'?")


def test_too_many_classes_is_refused():
    values = [f"club {i}" for i in range(MAX_CLASSES + 5)]
    with pytest.raises(ConfigError) as caught:
        make_task(column("club", values), "club")
    assert f"has {MAX_CLASSES + 5} different values" in str(caught.value)
    assert f"(at most {MAX_CLASSES})" in str(caught.value)
    make_task(column("club", values[:MAX_CLASSES]), "club")  # exactly the maximum is fine


@pytest.mark.parametrize("make", [
    lambda: make_task(column("grade", list("ABCDFAB")), "grade", kind="binary"),  # CLI grade:binary
    lambda: make_task(column("grade", [1, 2, 3, 4, 5, 3]), "grade", kind=TaskKind.BINARY),
    lambda: TaskSpec(name="grade", column="grade", kind="binary", classes=("A", "B", "C")),
])
def test_a_binary_task_with_more_than_two_classes_is_refused(make):
    with pytest.raises(ConfigError) as caught:
        make()
    message = str(caught.value)
    assert message.startswith("Task 'grade' is binary but has ") and "a binary task needs exactly 2" in message
    assert "Choose 'multiclass'" in message


def test_repeated_classes_are_refused():
    with pytest.raises(ConfigError, match="repeat a label"):
        TaskSpec(name="passed", column="passed", kind="binary", classes=("pass", "pass"))


@pytest.mark.parametrize("name,values,risk", [
    ("engagement", ["high", "low", "medium", "high"], ()),
    ("参与度", ["高", "低", "高"], ()),
    ("dropout_risk", ["high", "low", "medium", "high"], ("high",)),
    ("辍学风险", ["高", "低", "高"], ("高",)),
])
def test_high_is_at_risk_only_when_the_column_counts_something_bad(name, values, risk):
    assert make_task(column(name, values), name).risk_labels == risk


@pytest.mark.parametrize("name,higher_is_better,risk", [
    ("final", True, "<50"),
    ("final", False, ">=70"),
    ("absences", True, ">=70"),  # the name says lower is better
])
def test_the_at_risk_band_is_on_the_bad_side(name, higher_is_better, risk):
    frame = column(name, [40.0, 60.0, 80.0])
    task = make_task(frame, name, name="band", derive=Bands((50, 70)), higher_is_better=higher_is_better)
    assert task.risk_labels == (risk,)


# --------------------------------------------------------------------------- Threshold and Bands


def test_threshold_labels_put_the_cut_value_above():
    frame = column("final", [59.9, 60.0, 60.1, None, "75%"])
    task = make_task(frame, "final", name="passed", derive=Threshold(60))
    assert (task.kind, task.classes, task.risk_labels) == (TaskKind.BINARY, ("fail", "pass"), ("fail",))
    labels = task_labels(frame, task)
    assert labels.iloc[:3].tolist() == ["fail", "pass", "pass"]
    assert pd.isna(labels.iloc[3]) and labels.iloc[4] == "pass"


def test_threshold_with_own_labels():
    frame = column("exam", [30, 70])
    task = make_task(frame, "exam", name="risk", derive=Threshold(50, below="at risk", above="ok"))
    assert task.classes == ("at risk", "ok") and task.risk_labels == ("at risk",)
    assert task_labels(frame, task).tolist() == ["at risk", "ok"]


def test_bands_labels_put_edge_values_in_the_upper_band():
    frame = column("final", [10, 49.99, 50, 69, 70, 100, np.nan])
    task = make_task(frame, "final", name="band", derive=Bands((50, 70), labels=("low", "mid", "high")))
    assert (task.kind, task.classes, task.risk_labels) == (TaskKind.MULTICLASS, ("low", "mid", "high"), ("low",))
    labels = task_labels(frame, task)
    assert labels.iloc[:6].tolist() == ["low", "low", "mid", "mid", "high", "high"]
    assert pd.isna(labels.iloc[6])


def test_default_band_labels():
    assert Bands((50, 70)).labels == ("<50", "50-70", ">=70")
    assert Bands([60.5]).labels == ("<60.5", ">=60.5")
    assert Bands((50, 70)).cuts == (50.0, 70.0)


@pytest.mark.parametrize("cuts,labels,message", [
    ((), (), "Band cut points must be increasing numbers. Got [] instead."),
    ((70, 50), (), "Band cut points must be increasing numbers. Got [70, 50] instead."),
    ((50, 50), (), "Band cut points must be increasing numbers. Got [50, 50] instead."),
    ((50,), ("a", "b", "c"), "1 cut points need 2 different band labels. Got ['a', 'b', 'c'] instead."),
    ((50, 70), ("a", "a", "b"), "2 cut points need 3 different band labels. Got ['a', 'a', 'b'] instead."),
])
def test_bad_bands_are_refused(cuts, labels, message):
    with pytest.raises(ConfigError) as caught:
        Bands(cuts, labels)
    assert str(caught.value) == message


def test_derived_task_cannot_be_a_regression():
    with pytest.raises(ConfigError, match="derives labels from 'final', so it cannot be a regression"):
        TaskSpec(name="p", column="final", kind="regression", derive=Threshold(60))


# --------------------------------------------------------------------------- TaskSpec parameters


@pytest.mark.parametrize("weight,shown", [(-1, "-1"), (-0.5, "-0.5"), (float("nan"), "nan"), (float("inf"), "inf")])
def test_bad_weight_is_refused_with_the_value(weight, shown):
    with pytest.raises(ConfigError) as caught:
        TaskSpec(name="final", column="final", kind="regression", weight=weight)
    assert str(caught.value) == f"The weight of task 'final' must be a number >= 0. Got {shown} instead."


def test_negative_weight_through_make_task():
    with pytest.raises(ConfigError, match="Got -2 instead"):
        make_task(column("final", [1.0, 2.0, 3.0]), "final", weight=-2)


def test_zero_weight_is_allowed_and_weights_become_floats():
    assert TaskSpec(name="a", column="a", kind="binary", weight=0).weight == 0.0
    assert isinstance(TaskSpec(name="a", column="a", kind="binary", weight=2).weight, float)


def test_unknown_kind_lists_the_available_kinds():
    with pytest.raises(ConfigError) as caught:
        TaskSpec(name="final", column="final", kind="classification")
    assert str(caught.value) == ("Unknown task kind 'classification' for task 'final'. "
                                 "Available: regression, binary, multiclass.")
    with pytest.raises(ConfigError, match="Available: regression, binary, multiclass"):
        make_task(column("final", [1, 2, 3]), "final", kind="ordinal")


@pytest.mark.parametrize("name", ["", "   ", None])
def test_task_needs_a_name(name):
    with pytest.raises(ConfigError, match="A task needs a non-empty name"):
        TaskSpec(name=name, column="final", kind="regression")


def test_task_kind_accepts_strings_and_classes_become_strings():
    task = TaskSpec(name="g", column="g", kind="multiclass", classes=(1, 2, 3), risk_labels=(1,))
    assert task.kind is TaskKind.MULTICLASS
    assert (task.classes, task.risk_labels) == (("1", "2", "3"), ("1",))


def test_risk_labels_must_be_classes():
    # a typo here used to pass silently and crash evaluation and recommendations after training
    with pytest.raises(ConfigError) as caught:
        make_task(column("passed", ["pass", "fail"]), "passed", risk_labels=["Fail"])
    assert str(caught.value) == ("The risk label(s) 'Fail' of task 'passed' are not among its classes. "
                                 "Available: fail, pass.")
    assert make_task(column("passed", ["pass", "fail"]), "passed", risk_labels=["pass"]).risk_labels == ("pass",)
    assert TaskSpec(name="s", column="s", kind="regression", risk_labels=("low",)).risk_labels == ("low",)


# --------------------------------------------------------------------------- labels and targets


def test_task_labels_spell_numbers_as_integers_and_strip_text():
    frame = pd.DataFrame({"grade": [1.0, 2.0, None, 3.0], "club": [" chess ", "", "art", None]})
    grade = TaskSpec(name="grade", column="grade", kind="multiclass", classes=("1", "2", "3"))
    club = TaskSpec(name="club", column="club", kind="binary", classes=("art", "chess"))
    assert task_labels(frame, grade).iloc[[0, 1, 3]].tolist() == ["1", "2", "3"]
    labels = task_labels(frame, club)
    assert labels.iloc[[0, 2]].tolist() == ["chess", "art"]
    assert labels.iloc[[1, 3]].isna().all(), "an empty string is a missing label"


def test_task_labels_regression_reads_numbers():
    frame = column("final", ["95%", " 12.5 ", "absent", None, "inf"])
    values = task_labels(frame, TaskSpec(name="final", column="final", kind="regression"))
    assert values.iloc[:2].tolist() == [95.0, 12.5]
    assert values.iloc[2:].isna().all()


def test_task_labels_unknown_column():
    task = TaskSpec(name="t", column="gone", kind="regression")
    with pytest.raises(ConfigError, match="Task 't' uses column 'gone', which is not in the table."):
        task_labels(column("x", [1]), task)


def test_encode_targets_classification_indices_and_masks():
    frame = column("passed", ["pass", "fail", None, "maybe", "pass"])
    task = TaskSpec(name="passed", column="passed", kind="binary", classes=("fail", "pass"))
    targets = encode_targets(frame, task)
    assert targets.values.tolist() == [1.0, 0.0, 0.0, 0.0, 1.0]
    assert targets.mask.tolist() == [1.0, 1.0, 0.0, 0.0, 1.0], "missing and unknown labels are masked"
    assert targets.values.dtype == np.float32 and targets.mask.dtype == np.float32


def test_encode_targets_regression_and_derived():
    frame = column("final", [55.0, None, 72.5, np.inf])
    regression = encode_targets(frame, make_task(frame, "final", kind="regression"))
    assert regression.values.tolist() == [55.0, 0.0, 72.5, 0.0]
    assert regression.mask.tolist() == [1.0, 0.0, 1.0, 0.0]
    bands = encode_targets(frame, make_task(frame, "final", name="b", derive=Bands((60, 70))))
    assert bands.values.tolist() == [0.0, 0.0, 2.0, 0.0]
    assert bands.mask.tolist() == [1.0, 0.0, 1.0, 0.0]


def test_numeric_values():
    series = pd.Series(["95%", " 12.5 ", "１２", "abc", None, "inf", "-inf", "1e3", ""], dtype=object)
    values = numeric_values(series)
    assert values.iloc[[0, 1, 2, 7]].tolist() == [95.0, 12.5, 12.0, 1000.0]
    assert values.iloc[[3, 4, 5, 6, 8]].isna().all()
    assert numeric_values(pd.Series([True, False])).tolist() == [1.0, 0.0]
    assert numeric_values(pd.Series([1.0, np.inf, -np.inf])).iloc[1:].isna().all()


# --------------------------------------------------------------------------- task lists


def spec(name: str, **kwargs) -> TaskSpec:
    return TaskSpec(name=name, column=name, kind="regression", **kwargs)


def test_check_task_names_accepts_a_good_list():
    tasks = [spec("a"), spec("b", auxiliary=True, weight=0)]
    assert check_task_names(tasks) == tuple(tasks)


@pytest.mark.parametrize("tasks,message", [
    ([], "Choose at least one outcome to predict."),
    ([spec("a"), spec("b"), spec("a"), spec("b"), spec("c")],
     "Task names must be different; repeated: a, b. Rename one of them."),
    ([spec("a", auxiliary=True), spec("b", auxiliary=True)],
     "At least one task must be a real outcome, not only training-only (auxiliary) targets."),
    ([spec("a", weight=0), spec("b", weight=0)], "At least one task needs a weight above 0."),
])
def test_check_task_names_refuses(tasks, message):
    with pytest.raises(ConfigError) as caught:
        check_task_names(tasks)
    assert str(caught.value) == message
