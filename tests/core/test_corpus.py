"""The corpus of nasty files (tests/corpus, written by make_corpus.py): every one gives a clear message.

Each file is read, its roles inferred and its problems checked; files that cannot be used must say
why (a DataReadError or an error in the problem table, naming the column and rows), and the
command line must exit with status 2 and a message, never a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import mtl_core
from mtl_core import DataReadError, check, infer_schema, load_table

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ROOT = CORPUS.parents[1]

UNREADABLE = {
    "empty.csv": "is empty",
    "header_only.csv": "no student rows",
    "garbage.csv": "not a text table",
    "image_renamed.csv": "PNG image",
    "one_row_too_wide.csv": "line 3 has more values than the header has names (5)",
}
UNUSABLE = {  # file -> (column, words of the error problem, rows)
    "one_row.csv": ("", "1 student row", ""),
    "wrong_delimiter.csv": ("student_id:name:hours:attendance:final_exam", "single column", ""),
    "mixed_types.csv": ("hours", "Text in a numeric column", "5, 13"),
    "inf_and_huge.csv": ("attendance", "Infinite values", "4"),
    "duplicate_ids.csv": ("student_id", "same ID appears more than once", "6, 7"),
}
NOTED = {  # file -> words of the reader's note
    "all_empty_columns.csv": "Removed 2 empty column(s): 'notes', 'comments'",
    "blank_lines_and_trailing_separators.csv": "empty column",
    "duplicated_columns.csv": "appears 2 times",
    "multi_sheet.xlsx": "has 3 sheets",
    "more_values_than_header.csv": "the extra values are kept in 1 new column(s): column 3",
    "nested_columns.parquet": "The column 'marks' holds lists",
}
USABLE = ("unicode_emoji.csv", "injection.csv", "gbk_chinese.csv", "semicolon_decimal_comma.csv",
          "multi_sheet.xlsx", "all_empty_columns.csv", "blank_lines_and_trailing_separators.csv",
          "duplicated_columns.csv", "cr_inside_quotes.csv", "old_mac_line_ends.csv", "utf32.csv",
          "nested_columns.parquet")
BINARY = (".xlsx", ".parquet")  # openpyxl stamps the time into workbooks; pyarrow its version into Parquet


def test_corpus_files_are_up_to_date():
    sys.path.insert(0, str(CORPUS))
    try:
        from make_corpus import files
    finally:
        sys.path.remove(str(CORPUS))
    for name, data in files().items():
        if name.endswith(BINARY):
            continue  # their content is checked below
        assert (CORPUS / name).read_bytes() == data, f"{name} differs: run python tests/corpus/make_corpus.py"


@pytest.mark.parametrize("name, words", UNREADABLE.items())
def test_unreadable_files_say_why(name, words):
    with pytest.raises(DataReadError) as error:
        load_table(CORPUS / name)
    message = str(error.value)
    assert words in message and name in message


@pytest.mark.parametrize("name, expected", UNUSABLE.items())
def test_unusable_files_list_the_problem(name, expected):
    column, words, rows = expected
    frame = load_table(CORPUS / name).frame
    problems = check(frame, infer_schema(frame), [])
    errors = problems[problems["severity"] == "error"]
    match = errors[errors["problem"].str.contains(words, regex=False)]
    assert len(match) == 1, problems.to_string()
    assert match.iloc[0]["column"] == column
    assert match.iloc[0]["rows"] == rows
    assert match.iloc[0]["fix"]


@pytest.mark.parametrize("name, words", NOTED.items())
def test_reader_notes_what_it_changed(name, words):
    table = load_table(CORPUS / name)
    assert table.notes["problem"].str.contains(words, regex=False).any(), table.notes.to_string()


@pytest.mark.parametrize("name", USABLE)
def test_usable_files_have_no_errors(name):
    table = load_table(CORPUS / name)
    frame = table.frame
    assert len(frame) == 40
    schema = infer_schema(frame)
    task = mtl_core.make_task(frame, schema.with_role("target")[0])
    problems = check(frame, schema, [task])
    assert not (problems["severity"] == "error").any(), problems.to_string()


def test_line_ends_and_encodings_that_once_broke_the_reader_read_every_value():
    plain = load_table(CORPUS / "injection.csv").frame.iloc[3:]
    for name in ("cr_inside_quotes.csv", "old_mac_line_ends.csv", "utf32.csv"):
        frame = load_table(CORPUS / name).frame
        assert frame.columns.tolist() == ["student_id", "name", "hours", "attendance", "final_exam"]
        assert frame.iloc[3:].drop(columns="name").equals(plain.drop(columns="name")), name
    assert load_table(CORPUS / "cr_inside_quotes.csv").frame["name"].iloc[2] == "Student\r2"
    cyrillic = load_table(CORPUS / "koi8r_cyrillic.csv")
    assert cyrillic.encoding == "koi8-r" and cyrillic.notes.empty
    assert cyrillic.frame.columns.tolist() == ["student_id", "имя", "часы", "посещаемость", "экзамен"]
    assert cyrillic.frame["имя"].iloc[:2].tolist() == ["Анна Иванова", "Иван Смирнов"]


def test_a_parquet_list_column_as_an_outcome_is_checked_not_crashed():
    frame = load_table(CORPUS / "nested_columns.parquet").frame
    assert frame["marks"].iloc[1] == "[1, 2]" or frame["marks"].iloc[1].startswith("[")
    for column in ("marks", "contact"):
        task = mtl_core.make_task(frame, column)
        problems = check(frame, infer_schema(frame), [task])
        assert set(problems["severity"]) <= {"error", "warning"}


def test_text_is_kept_literally():
    names = load_table(CORPUS / "injection.csv").frame["name"].tolist()
    assert names[:3] == ["<img src=x onerror=alert(1)>", "**bold**", '=HYPERLINK("http://example.com","click")']
    emoji = load_table(CORPUS / "unicode_emoji.csv").frame
    assert "📚 hours" in emoji.columns and emoji["name"].iloc[1] == "学生1 🙂"


def test_chinese_and_decimal_comma_files_read_as_numbers():
    chinese = load_table(CORPUS / "gbk_chinese.csv")
    assert chinese.encoding in ("gb18030", "gbk") and chinese.frame["期末考试"].dtype.kind == "f"
    decimal = load_table(CORPUS / "semicolon_decimal_comma.csv")
    assert (decimal.delimiter, decimal.decimal) == (";", ",") and decimal.frame["hours"].dtype.kind == "f"


def test_multi_sheet_workbook_reads_the_class_list_and_lets_you_pick():
    table = load_table(CORPUS / "multi_sheet.xlsx")
    assert table.sheet == "Marks" and table.sheet_names == ("Cover", "Marks", "Old")
    assert len(load_table(CORPUS / "multi_sheet.xlsx", sheet="Old").frame) == 5


def test_file_above_the_size_limit_is_refused(tmp_path):
    with pytest.raises(DataReadError, match="MB"):
        load_table(CORPUS / "injection.csv", max_bytes=200)


@pytest.mark.parametrize("name", [*UNREADABLE, *UNUSABLE])
def test_command_line_exits_2_with_a_message(name, tmp_path):
    id_option = ["--id", "student_id"] if name == "duplicate_ids.csv" else []
    result = subprocess.run(
        [sys.executable, "-m", "mtl_core", "train", "--data", str(CORPUS / name), "--targets", "final_exam",
         *id_option, "--out", str(tmp_path / "out")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.startswith(("error:", "usage:"))
    assert not (tmp_path / "out").exists()
