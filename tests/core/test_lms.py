"""LMS gradebook exports (mtl_core/data/lms.py): Moodle and Canvas, as CSV and Excel, read into clean class tables.

The sample exports in tests/corpus were written from the layouts the issue describes (see make_corpus.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mtl_core import check, describe_format, infer_schema, load_table, make_task
from mtl_core.data import lms
from mtl_core.data.io import source_rows
from mtl_core.data.schema import Role

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
MOODLE_COLUMNS = ["First name", "Last name", "ID number", "Institution", "Department", "Email address",
                  "Quiz: Week 1", "Quiz: Week 3", "Quiz: Week 3 (%)", "Assignment: Essay 1", "Course total"]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Homework 1", "Quiz 1", "Midterm Exam",
                  "Final Exam", "Current Points", "Final Points", "Current Score", "Unposted Current Score",
                  "Final Score", "Unposted Final Score", "Current Grade", "Final Grade"]


def notes_of(table) -> str:
    return "\n".join(table.notes["problem"])


@pytest.mark.parametrize("name", ["moodle_grades.csv", "moodle_grades.xlsx"])
def test_a_moodle_export_reads_as_a_clean_class(name):
    table = load_table(CORPUS / name)
    frame = table.frame
    assert table.lms == "Moodle" and describe_format(table).endswith("; a Moodle gradebook export")
    assert frame.columns.tolist() == MOODLE_COLUMNS  # feedback and the download time gone, "(Real)" off the names
    assert len(frame) == 25 and frame["First name"].iloc[0] == "Ana"
    for column in MOODLE_COLUMNS[6:]:
        assert frame[column].dtype.kind == "f", column  # "-" is missing, "77.50 %" is 77.5
    original = pd.read_csv(CORPUS / "moodle_grades.csv", dtype=str, keep_default_na=False)
    assert frame["Quiz: Week 3 (%)"].iloc[0] == float(original["Quiz: Week 3 (Percentage)"].iloc[0].rstrip(" %"))
    dashes = (original[["Quiz: Week 1 (Real)", "Quiz: Week 3 (Real)", "Assignment: Essay 1 (Real)"]] == "-").to_numpy()
    marks = frame[["Quiz: Week 1", "Quiz: Week 3", "Assignment: Essay 1"]].isna().to_numpy()
    assert dashes.any() and (marks == dashes).all()
    notes = notes_of(table)
    assert "Recognised a Moodle gradebook export." in notes
    assert "Removed 1 feedback column(s)" in notes and "'Last downloaded from this course'" in notes
    assert "'Quiz: Week 1 (Real)' is now 'Quiz: Week 1'" in notes


@pytest.mark.parametrize("name", ["moodle_grades.csv", "moodle_grades.xlsx"])
def test_a_moodle_export_gets_sensible_roles_and_trains_on_the_course_total(name):
    frame = load_table(CORPUS / name).frame
    schema = infer_schema(frame)
    assert schema.id_column == "ID number" and schema["Email address"].role is Role.ID
    assert schema.with_role("name") == ["First name", "Last name"]
    assert schema.with_role("target") == ["Course total"]
    assert {"Quiz: Week 1", "Quiz: Week 3", "Assignment: Essay 1"} <= set(schema.inputs)
    problems = check(frame, schema, [make_task(frame, "Course total")])
    assert not (problems["severity"] == "error").any(), problems.to_string()


@pytest.mark.parametrize("name", ["canvas_grades.csv", "canvas_grades.xlsx"])
def test_a_canvas_export_reads_as_a_clean_class(name):
    table = load_table(CORPUS / name)
    frame = table.frame
    assert table.lms == "Canvas" and describe_format(table).endswith("; a Canvas gradebook export")
    assert frame.columns.tolist() == CANVAS_COLUMNS
    assert len(frame) == 25  # no Points Possible row, no test student
    assert frame["Student"].iloc[0] == "Silva, Ana" and "Student, Test" not in frame["Student"].tolist()
    assert source_rows(frame)[:2].tolist() == [3, 4]  # row 2 of the file was Points Possible
    assert [str(v) for v in frame["ID"].iloc[:2]] == ["40210", "40217"]  # the LMS IDs, as written
    for column in ["Homework 1", "Quiz 1", "Midterm Exam", "Final Exam", "Current Score", "Final Score"]:
        assert frame[column].dtype.kind == "f", column
    assert np.isnan(frame["Homework 1"].iloc[4]) and np.isnan(frame["Quiz 1"].iloc[9])  # excused
    notes = table.notes.set_index("problem")
    assert notes.filter(like="'Points Possible' row", axis=0)["rows"].tolist() == ["2"]
    assert notes.filter(like="test student", axis=0)["rows"].tolist() == ["28"]
    assert notes.filter(like="excused ('EX') in 'Homework 1'", axis=0)["rows"].tolist() == ["7"]
    assert "'Homework 1 (101234)' is now 'Homework 1'" in notes_of(table)


@pytest.mark.parametrize("name", ["canvas_grades.csv", "canvas_grades.xlsx"])
def test_a_canvas_export_keeps_the_lms_id_as_the_student_id(name):
    frame = load_table(CORPUS / name).frame
    schema = infer_schema(frame)
    assert schema.id_column == "ID" and schema.name_column == "Student"
    assert {"Final Score", "Final Exam", "Final Grade", "Current Points"} <= set(schema.with_role("target"))
    assert {"Homework 1", "Quiz 1", "Midterm Exam"} <= set(schema.inputs)
    problems = check(frame, schema, [make_task(frame, "Final Exam")])
    assert not (problems["severity"] == "error").any(), problems.to_string()


def test_decimal_commas_and_percentages_of_a_moodle_locale_are_numbers():
    text = ("First name,Last name,Email address,Quiz 1 (Real),Quiz 1 (Percentage),Course total (Real)\n"
            'Ana,Silva,a@x.org,"7,50","75,00 %","62,5"\nBo,Li,b@x.org,-,-,"48,0"\n')
    frame = load_table(text.encode(), name="grades.csv").frame
    assert frame["Quiz 1"].tolist()[0] == 7.5 and np.isnan(frame["Quiz 1"].iloc[1])
    assert frame["Quiz 1 (%)"].tolist()[0] == 75.0 and frame["Course total"].tolist() == [62.5, 48.0]


def test_a_grade_column_with_other_text_keeps_it_for_the_checks_to_show():
    text = ("First name,Last name,Email address,Quiz 1 (Real),Course total (Real)\n"
            "Ana,Silva,a@x.org,7.5,62\nBo,Li,b@x.org,seven,48\n")
    frame = load_table(text.encode(), name="grades.csv").frame
    assert frame["Quiz 1"].tolist() == ["7.5", "seven"]  # not silently missing: "Text in a numeric column" later


def test_two_canvas_assignments_of_one_name_keep_their_numbers():
    header = ["Student", "ID", "SIS User ID", "Section", "Quiz (11)", "Quiz (12)", "Essay (13)"]
    frame = pd.DataFrame([["Doe, Jane", "1", "S1", "A", "5", "6", "70"]], columns=range(7), index=[2])
    _, names, recognised = lms.apply(frame, header)
    assert names == ["Student", "ID", "SIS User ID", "Section", "Quiz (11)", "Quiz (12)", "Essay"]
    assert recognised.system == "Canvas"


@pytest.mark.parametrize("header", [
    ["name", "Essay (12345)", "score"],  # a number in brackets alone is not Canvas
    ["Student", "grade", "ID"],  # Canvas has SIS IDs or a Section
    ["First name", "Last name", "Quiz (Real)"],  # Moodle has an Email address or a Course total
])
def test_ordinary_tables_are_not_mistaken_for_gradebooks(header):
    assert lms.recognise(header) is None
    frame = load_table((",".join(header) + "\n" + ",".join(["1"] * len(header)) + "\n").encode(), name="c.csv")
    assert frame.lms is None and frame.frame.columns.tolist() == header
