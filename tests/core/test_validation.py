"""Tests for mtl_core.data.validation: every problem found at once, with spreadsheet rows and a fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mtl_core import DataValidationError, check, validate
from mtl_core.data.schema import infer_schema
from mtl_core.data.validation import spreadsheet_rows
from mtl_core.errors import PROBLEM_COLUMNS
from mtl_core.tasks import TaskKind, TaskSpec, Threshold, make_task

N = 12


def messy_class() -> pd.DataFrame:
    """Twelve students and one of each problem (the comments give the spreadsheet rows)."""
    mark = np.round(np.random.default_rng(0).normal(60, 10, N), 1)
    return pd.DataFrame({
        # rows 3 and 5 repeat S02 (position 1 and 3)
        "student_id": ["S01", "S02", "S03", "S02", "S05", "S06", "S07", "S08", "S09", "S10", "S11", "S12"],
        "attendance": [90, 85, "ninety", 70, 88, 92, 75, 80, 95, 60, 77, 83],  # text on row 4
        "hours": [1.0, 2.0, 3.0, 4.0, 5.0, np.inf, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0],  # inf on row 7
        "constant": ["x"] * N,
        "blank": [np.nan] * N,
        "copy_of_mark": mark,  # leaks final_exam
        "final_exam": mark,
        "quiz_pass": ["pass"] * N,  # one class only
        "survey_score": [1.0, 2.0, 3.0] + [np.nan] * (N - 3),  # three labels only
    })


def messy_inputs() -> tuple:
    """The messy class, its schema (the empty column forced to input) and four tasks, one on a missing column."""
    frame = messy_class()
    schema = infer_schema(frame).with_roles({"blank": "input", "quiz_pass": "target"})
    tasks = [
        make_task(frame, "final_exam"),
        make_task(frame, "quiz_pass"),
        make_task(frame, "survey_score", kind="regression"),
        TaskSpec(name="ghost", column="attendence", kind=TaskKind.BINARY, classes=("no", "yes")),
    ]
    return frame, schema, tasks


def messy_check() -> pd.DataFrame:
    return check(*messy_inputs())


def only(problems: pd.DataFrame, column: str, contains: str) -> pd.Series:
    """The single problem on ``column`` whose text contains ``contains``."""
    hits = problems[(problems["column"] == column) & problems["problem"].str.contains(contains, regex=False)]
    assert len(hits) == 1, f"expected one '{contains}' problem on {column!r}, got:\n{problems.to_string()}"
    return hits.iloc[0]


def clean_class(n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    hours = rng.uniform(0, 10, n).round(1)
    return pd.DataFrame({
        "student_id": [f"S{i:02d}" for i in range(n)],
        "hours": hours,
        "track": rng.choice(["a", "b"], n),
        "final_exam": (50 + 3 * hours + rng.normal(0, 8, n)).round(1),
    })


# --------------------------------------------------------------------------- one messy table


def test_check_returns_the_standard_problem_table():
    problems = messy_check()
    assert problems.columns.tolist() == list(PROBLEM_COLUMNS)
    assert set(problems["severity"]) == {"error", "warning"}
    first_warning = problems["severity"].tolist().index("warning")
    assert (problems["severity"].iloc[:first_warning] == "error").all()
    assert (problems["severity"].iloc[first_warning:] == "warning").all()
    assert problems["fix"].str.len().gt(10).all(), "every problem needs a fix"


def test_check_finds_every_problem_at_once():
    problems = messy_check()
    expected = [
        ("error", "student_id", "The same ID appears more than once ('S02' 2 times).", "3, 5"),
        ("error", "attendance", "Text in a numeric column ('ninety') in an input.", "4"),
        ("error", "hours", "Infinite values (inf) in an input.", "7"),
        ("warning", "constant", "Every student has the same value ('x')", ""),
        ("warning", "blank", "The column is empty; it will be ignored.", ""),
        ("error", "survey_score", "Task 'survey_score' has only 3 labelled student(s); at least 10", ""),
        ("error", "quiz_pass", "Task 'quiz_pass' has one class only ('pass').", ""),
        ("warning", "copy_of_mark", "Input 'copy_of_mark' almost equals the target of task 'final_exam'", ""),
        ("error", "attendence", "Task 'ghost' uses column 'attendence', which is not in the table.", ""),
        ("warning", "", "The table has 12 students for 5 input columns", ""),
    ]
    for severity, column, text, rows in expected:
        problem = only(problems, column, text)
        assert (problem["severity"], problem["rows"]) == (severity, rows), problem.to_dict()
    # the only other problems: too few labels to be reliable (final_exam, quiz_pass have 12 each)
    reliability = problems["problem"].str.contains("so its numbers will be unreliable")
    assert sorted(problems.loc[reliability, "column"]) == ["final_exam", "quiz_pass"]
    assert len(problems) == len(expected) + 2


def test_check_fixes_say_what_to_do():
    problems = messy_check()
    assert only(problems, "student_id", "same ID")["fix"] == "Give every student a unique ID, or remove repeated rows."
    assert "Did you mean 'attendance'?" in only(problems, "attendence", "not in the table")["fix"]
    assert "mark the column 'ignore'" in only(problems, "copy_of_mark", "almost equals")["fix"]
    assert "empty them" in only(problems, "attendance", "Text")["fix"]


def test_inferred_empty_columns_are_ignored_so_not_reported():
    frame = messy_class()
    problems = check(frame, infer_schema(frame), [])
    assert "blank" not in problems["column"].tolist()


# --------------------------------------------------------------------------- single problems


def test_clean_table_has_no_problems():
    frame = clean_class()
    problems = check(frame, infer_schema(frame), [make_task(frame, "final_exam")])
    assert problems.empty and problems.columns.tolist() == list(PROBLEM_COLUMNS)


def test_too_few_students_is_an_error_for_the_table():
    frame = clean_class(6)
    problems = check(frame, infer_schema(frame), [])
    row = only(problems, "", "6 student row(s)")
    assert row["severity"] == "error" and "at least 10" in row["problem"]


def test_no_inputs_is_an_error():
    frame = clean_class()
    schema = infer_schema(frame).with_roles({"hours": "ignore", "track": "ignore"})
    assert only(check(frame, schema, []), "", "No column is marked as an input")["severity"] == "error"


def test_duplicate_ids_ignore_surrounding_spaces_and_long_row_lists_are_shortened():
    frame = clean_class(30)
    frame.loc[[0, 5], "student_id"] = ["S99", " S99 "]
    frame.loc[10:29, "student_id"] = "S77"
    problem = only(check(frame, infer_schema(frame, roles={"student_id": "id"}), []), "student_id", "same ID")
    assert problem["problem"] == "The same ID appears more than once ('S77' 20 times, 'S99' 2 times)."
    assert problem["rows"] == "2, 7, 12, 13, 14, 15, 16, 17 and 14 more"


def test_missing_ids_are_a_warning_with_rows():
    frame = clean_class()
    frame.loc[[1, 4], "student_id"] = None
    problem = only(check(frame, infer_schema(frame), []), "student_id", "have no ID")
    assert (problem["severity"], problem["rows"], problem["problem"]) == ("warning", "3, 6", "2 student(s) have no ID.")


def test_text_inf_strings_and_huge_numbers_in_a_numeric_input():
    frame = clean_class()
    frame["hours"] = frame["hours"].astype(object)
    frame.loc[2, "hours"] = "inf"
    frame.loc[3, "hours"] = "n/a?"
    frame.loc[4, "hours"] = 5e13
    problems = check(frame, infer_schema(frame), [])
    assert only(problems, "hours", "Infinite")["rows"] == "4"
    assert only(problems, "hours", "Text in a numeric column ('n/a?')")["rows"] == "5"
    huge = only(problems, "hours", "Extremely large numbers")
    assert (huge["severity"], huge["rows"]) == ("warning", "6")


def test_percent_strings_are_numbers_not_text():
    frame = clean_class()
    frame["hours"] = [f"{v}%" for v in frame["hours"]]
    assert check(frame, infer_schema(frame), []).empty


def test_mostly_missing_input_is_a_warning():
    frame = clean_class()
    frame.loc[:44, "hours"] = np.nan
    problem = only(check(frame, infer_schema(frame), []), "hours", "of students have no value here")
    assert (problem["severity"], problem["problem"]) == ("warning", "75% of students have no value here.")


def test_regression_target_with_text_and_a_single_value():
    frame = clean_class()
    frame["final_exam"] = 70.0
    frame["final_exam"] = frame["final_exam"].astype(object)
    frame.loc[7, "final_exam"] = "absent"
    task = make_task(frame, "final_exam", kind="regression")
    problems = check(frame, infer_schema(frame), [task])
    text = only(problems, "final_exam", "Text in a numeric column ('absent') in the target of task 'final_exam'")
    assert text["rows"] == "9"
    assert only(problems, "final_exam", "same value for 'final_exam'")["severity"] == "error"


def test_threshold_task_with_one_class_suggests_moving_the_threshold():
    frame = clean_class()
    task = make_task(frame, "final_exam", name="passed", derive=Threshold(-5))
    problem = only(check(frame, infer_schema(frame), [task]), "final_exam", "one class only ('pass')")
    assert "Move the threshold" in problem["fix"]


@pytest.mark.parametrize("kind", ["binary", "multiclass"])
def test_a_classification_task_without_classes_is_an_error(kind):
    frame = clean_class()
    frame["passed"] = np.where(frame["final_exam"] >= 60, "pass", "fail")
    task = TaskSpec(name="passed", column="passed", kind=kind)
    problem = only(check(frame, infer_schema(frame), [task]), "passed", "lists no classes")
    assert problem["severity"] == "error" and "make_task" in problem["fix"]
    with pytest.raises(DataValidationError, match="lists no classes"):
        validate(frame, infer_schema(frame), [task])


def test_rare_classes_and_unknown_labels():
    frame = clean_class()
    frame["band"] = ["A"] * 30 + ["B"] * 27 + ["C"] * 3
    task = make_task(frame, "band")
    frame.loc[0, "band"] = "Z"
    problems = check(frame, infer_schema(frame), [task])
    assert only(problems, "band", "labels it does not know: Z")["severity"] == "error"
    rare = only(problems, "band", "very few students in some classes")
    assert (rare["severity"], rare["problem"].endswith("'C' (3), 'Z' (1).")) == ("warning", True)


def test_categorical_leakage_is_found():
    frame = clean_class()
    frame["passed"] = np.where(frame["final_exam"] >= 60, "pass", "fail")
    frame["result_letter"] = np.where(frame["passed"] == "pass", "P", "F")
    schema = infer_schema(frame).with_roles({"result_letter": "input"})
    problem = only(check(frame, schema, [make_task(frame, "passed")]), "result_letter", "almost equals")
    assert "(agreement 1.00)" in problem["problem"]


def test_task_column_is_not_reported_as_leaking_into_itself():
    frame = clean_class()
    schema = infer_schema(frame).with_roles({"final_exam": "input"})
    assert check(frame, schema, [make_task(frame, "final_exam")]).empty


def test_schema_column_missing_from_table_is_an_error():
    frame = clean_class()
    schema = infer_schema(frame)
    problem = only(check(frame.drop(columns=["track"]), schema, []), "track", "described but not in the table")
    assert problem["severity"] == "error"


def test_duplicate_column_names_are_an_error_naming_their_positions():
    frame = clean_class()
    frame.columns = ["student_id", "hours", "hours", "final_exam"]
    problems = check(frame, infer_schema(frame), [])
    assert problems["problem"].tolist() == ["Several columns are named 'hours' (columns 2, 3)."]
    assert problems["column"].tolist() == ["hours"]
    assert problems["fix"].tolist() == ["Give each column its own name in the file."]


def test_spreadsheet_rows():
    assert spreadsheet_rows([0, 3, 7]) == "2, 5, 9"
    assert spreadsheet_rows([]) == ""
    assert spreadsheet_rows(range(10), limit=3) == "2, 3, 4 and 7 more"


# --------------------------------------------------------------------------- validate


def test_validate_raises_with_the_whole_problem_table():
    with pytest.raises(DataValidationError) as caught:
        validate(*messy_inputs())
    error = caught.value
    pd.testing.assert_frame_equal(error.problems, messy_check())
    message = str(error)
    n_errors = int((error.problems["severity"] == "error").sum())
    assert message.splitlines()[0] == f"{n_errors} problem(s) must be fixed before training:"
    assert len(message.splitlines()) == n_errors + 1
    assert ("- column 'student_id' (rows 3, 5): The same ID appears more than once ('S02' 2 times). "
            "Fix: Give every student a unique ID, or remove repeated rows.") in message
    assert "column 'hours' (rows 7): Infinite values" in message
    assert "copy_of_mark" not in message, "warnings are not listed as errors"


def test_validate_message_for_a_table_level_error():
    frame = clean_class(5)
    with pytest.raises(DataValidationError, match=r"- the table: The table has 5 student row\(s\)"):
        validate(frame, infer_schema(frame), [])


def test_validate_returns_the_warnings_when_there_is_no_error():
    frame = clean_class()
    frame["constant"] = 1
    warnings = validate(frame, infer_schema(frame), [make_task(frame.head(40), "final_exam")])
    assert warnings["severity"].tolist() == ["warning"]
    assert warnings["column"].tolist() == ["constant"]
    few = validate(frame.head(40), infer_schema(frame.head(40)), [make_task(frame.head(40), "final_exam")])
    assert sorted(few["column"]) == ["constant", "final_exam"]
    assert (few["severity"] == "warning").all()


def test_validate_returns_an_empty_table_for_a_clean_class():
    frame = clean_class()
    warnings = validate(frame, infer_schema(frame), [make_task(frame, "final_exam")])
    assert warnings.empty and warnings.columns.tolist() == list(PROBLEM_COLUMNS)


def test_sample_class_validates_for_all_its_outcomes(sample_class):
    schema = infer_schema(sample_class)
    tasks = [make_task(sample_class, name) for name in schema.with_role("target")]
    warnings = validate(sample_class, schema, tasks)
    assert (warnings["severity"] == "warning").all()


# --------------------------------------------------------------------------- rows of the file


def file_with_gaps() -> bytes:
    """Two empty lines above the header (row 3) and an empty row after the third student (row 7).

    Students 1 and 4 share an ID (file rows 5 and 9); student 5 has text for hours (file row 10).
    """
    frame = clean_class(20)
    frame["hours"] = frame["hours"].astype(object)
    frame.loc[4, "student_id"] = frame.loc[1, "student_id"]
    frame.loc[5, "hours"] = "lots"
    lines = frame.to_csv(index=False).splitlines()
    return "\n".join(["", ""] + lines[:4] + [",,,"] + lines[4:]).encode("utf-8") + b"\n"


def test_problem_rows_are_the_rows_of_the_file_the_teacher_sees():
    from mtl_core import load_table

    frame = load_table(file_with_gaps(), name="class.csv").frame
    assert len(frame) == 20
    problems = check(frame, infer_schema(frame), [make_task(frame, "final_exam")])
    assert only(problems, "student_id", "same ID")["rows"] == "5, 9"
    assert only(problems, "hours", "Text in a numeric column ('lots')")["rows"] == "10"


def test_train_reports_the_rows_of_the_file_too():
    from mtl_core import TrainConfig, load_table, train

    frame = load_table(file_with_gaps(), name="class.csv").frame
    with pytest.raises(DataValidationError) as caught:
        train(frame, [make_task(frame, "final_exam")], config=TrainConfig(epochs=1))
    assert only(caught.value.problems, "hours", "Text in a numeric column")["rows"] == "10"
    assert "(rows 5, 9)" in str(caught.value)


def test_a_table_filtered_after_reading_falls_back_to_counting_from_the_header():
    from mtl_core import load_table

    frame = load_table(file_with_gaps(), name="class.csv").frame.iloc[1:]  # one row fewer: the map no longer fits
    problem = only(check(frame, infer_schema(frame), []), "hours", "Text in a numeric column")
    assert problem["rows"] == "6"  # position 4 of the filtered table


# --------------------------------------------------------------------------- what the columns cannot show
# English and Chinese headers: the warnings read the same.

CHINESE = {"student_id": "学号", "hours": "每周学习时长", "track": "课程方向", "final_exam": "期末考试"}


@pytest.mark.parametrize("chinese", [False, True])
def test_a_table_without_an_id_column_gets_a_warning(chinese):
    frame = clean_class().drop(columns="student_id")
    frame = frame.rename(columns=CHINESE) if chinese else frame
    problems = check(frame, infer_schema(frame), [])
    row = only(problems, "", "No column identifies the students")
    assert row["severity"] == "warning" and "mark that column 'id'" in row["fix"]
    with_id = clean_class().rename(columns=CHINESE) if chinese else clean_class()
    assert not check(with_id, infer_schema(with_id), [])["problem"].str.contains("identifies the students").any()


@pytest.mark.parametrize("chinese", [False, True])
def test_exact_duplicate_rows_are_counted_and_listed(chinese):
    frame = clean_class().drop(columns="student_id")
    frame = pd.concat([frame, frame.iloc[[3, 3, 7]]], ignore_index=True)  # rows 62-64 repeat rows 5 and 9
    frame = frame.rename(columns=CHINESE) if chinese else frame
    row = only(check(frame, infer_schema(frame), []), "", "repeat an earlier row exactly")
    assert row["severity"] == "warning" and row["problem"].startswith("3 row(s) repeat")
    assert row["rows"] == "62, 63, 64" and "look better than they are" in row["problem"]


def test_rows_that_differ_in_one_cell_or_only_in_missing_values_are_told_apart():
    frame = clean_class().drop(columns="student_id")
    twin = frame.iloc[[0]].copy()
    twin["hours"] = twin["hours"] + 0.1
    gap = frame.iloc[[1]].copy()
    gap["hours"] = np.nan  # the same student without hours: a different row
    frame = pd.concat([frame, twin, gap], ignore_index=True)
    assert not check(frame, infer_schema(frame), [])["problem"].str.contains("repeat an earlier row").any()
    both = pd.concat([frame, gap], ignore_index=True)  # the copy without hours, twice: missing equals missing
    assert only(check(both, infer_schema(both), []), "", "repeat an earlier row")["rows"] == str(len(both) + 1)


def test_unique_ids_rule_out_duplicate_rows_and_repeated_ids_are_the_error():
    frame = clean_class()
    frame = pd.concat([frame, frame.iloc[[2]]], ignore_index=True)
    problems = check(frame, infer_schema(frame), [])
    assert only(problems, "student_id", "same ID appears")["severity"] == "error"
    assert only(problems, "", "repeat an earlier row exactly")["rows"] == "62"


@pytest.mark.parametrize("chinese", [False, True])
def test_too_few_students_for_the_number_of_inputs_gets_a_warning(chinese):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"student_id": [f"S{i}" for i in range(30)],
                          **{(f"测验{k}" if chinese else f"quiz_{k}"): rng.normal(60, 9, 30).round(1) for k in range(5)}})
    row = only(check(frame, infer_schema(frame), []), "", "students for 5 input columns")
    assert row["severity"] == "warning" and "30 students" in row["problem"] and "one input per 10" in row["fix"]
    enough = pd.concat([frame] * 2, ignore_index=True).assign(student_id=[f"S{i}" for i in range(60)])
    assert not check(enough, infer_schema(enough), [])["problem"].str.contains("input columns").any()


def test_infinity_written_as_a_huge_number_is_reported_as_infinite():
    frame = clean_class()
    frame["hours"] = frame["hours"].astype(object)
    frame.loc[2, "hours"] = "1e999"
    assert only(check(frame, infer_schema(frame), []), "hours", "Infinite")["rows"] == "4"
