"""Tests for mtl_core.data.io: real files written to tmp_path, read back with load_table."""

from __future__ import annotations

import dataclasses
import io
import random
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from mtl_core.data.io import LoadedTable, describe_format, load_table, read_table
from mtl_core.errors import PROBLEM_COLUMNS, DataReadError

CHINESE_CSV = "学号,姓名,性别,期末成绩\n1,王芳,女,88.5\n2,李明,男,92\n3,张伟,男,75\n"
WESTERN_NAMES = ["Conceição", "Joséphine", "Müller", "Ørsted", "Josée", "François", "Björn", "Ângela"]


def write(folder: Path, name: str, content: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``content`` (text is encoded with ``encoding``) to ``folder/name``."""
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx workbook with one sheet per entry; each sheet is a list of rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class FakeUpload:
    """Behaves like Streamlit's UploadedFile: .name, .getvalue(), .read()."""

    def __init__(self, name: str, data: bytes):
        self.name = name
        self._buffer = io.BytesIO(data)

    def getvalue(self) -> bytes:
        return self._buffer.getvalue()

    def read(self, size: int = -1) -> bytes:
        return self._buffer.read(size)


def read_error(source, **kwargs) -> str:
    """The message of the DataReadError that load_table raises."""
    with pytest.raises(DataReadError) as caught:
        load_table(source, **kwargs)
    return str(caught.value)


# --------------------------------------------------------------------------- encodings


def test_utf8_comma_file(tmp_path):
    table = load_table(write(tmp_path, "class.csv", "name,age,grade\nAna,15,12.5\nBo,16,14\n"))
    assert table.frame.columns.tolist() == ["name", "age", "grade"]
    assert table.frame["grade"].tolist() == [12.5, 14.0]
    assert (table.source_name, table.file_format, table.encoding) == ("class.csv", "csv", "utf-8")
    assert (table.delimiter, table.decimal, table.sheet, table.sheet_names) == (",", ".", None, ())
    assert list(table.notes.columns) == list(PROBLEM_COLUMNS) and table.notes.empty
    assert describe_format(table) == "CSV, comma-separated, UTF-8 encoding"


def test_gbk_file_with_chinese_headers_and_values(tmp_path):
    table = load_table(write(tmp_path, "成绩.csv", CHINESE_CSV, encoding="gbk"))
    assert table.encoding == "gb18030"
    assert table.frame.columns.tolist() == ["学号", "姓名", "性别", "期末成绩"]
    assert table.frame["姓名"].tolist() == ["王芳", "李明", "张伟"]
    assert table.frame["性别"].tolist() == ["女", "男", "男"]
    assert table.frame["期末成绩"].tolist() == [88.5, 92.0, 75.0]
    assert "GB18030 (Chinese)" in describe_format(table)


def test_realistic_chinese_class_with_rarer_name_characters(tmp_path):
    names = "王伟 李娜 张敏 刘洋 陈静 黄婷 郭子轩 何梓涵 林欣怡 萧煜祺 程紫嫣 曹瑾萱 邓晞彤 许喆 傅昇 曾堃 彭翀".split()
    rows = "".join(f"{i},{name},{'男' if i % 2 else '女'},{80 + i}.5,高一(3)班\n" for i, name in enumerate(names))
    table = load_table(write(tmp_path, "c.csv", "学号,姓名,性别,数学,班级\n" + rows, encoding="gbk"))
    assert table.encoding == "gb18030" and table.notes.empty
    assert table.frame["姓名"].tolist() == names
    assert table.frame["数学"].iloc[0] == 80.5


@pytest.mark.parametrize(
    "text",
    [
        "姓名,性别\n王芳,女\n李明,男\n",  # short values only
        "姓名;性别;成绩\n欧阳娜娜;女;12,5\n司马懿;男;9\n",  # semicolon + decimal comma
        "班级,备注\n高一(3)班,数学课代表\n高二(1)班,缺考\n",
    ],
)
def test_short_gbk_files_are_not_read_as_western(tmp_path, text):
    table = load_table(write(tmp_path, "c.csv", text, encoding="gbk"))
    assert table.encoding == "gb18030"
    expected = pd.read_csv(io.StringIO(text), sep=table.delimiter, decimal=table.decimal)
    assert table.frame.columns.tolist() == expected.columns.tolist()
    assert table.frame.iloc[:, 0].tolist() == expected.iloc[:, 0].tolist()


def test_cp1252_file_with_accented_names_is_not_read_as_chinese(tmp_path):
    rows = "".join(f"{name};{i},5\n" for i, name in enumerate(WESTERN_NAMES, start=10))
    table = load_table(write(tmp_path, "turma.csv", "Nome;Média\n" + rows, encoding="cp1252"))
    assert table.encoding in ("cp1252", "latin-1")
    assert table.frame.columns.tolist() == ["Nome", "Média"]
    assert table.frame["Nome"].tolist() == WESTERN_NAMES
    assert table.frame["Média"].tolist() == [i + 0.5 for i in range(10, 10 + len(WESTERN_NAMES))]
    assert table.notes.empty


@pytest.mark.parametrize("name", WESTERN_NAMES + ["Zoë", "André", "José", "Gonçalves", "Strauß"])
def test_single_accented_name_decodes_as_western(tmp_path, name):
    path = write(tmp_path, "c.csv", f"name,grade\n{name},12\nPaul,13\n", encoding="latin-1")
    assert read_table(path)["name"].tolist() == [name, "Paul"]


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path):
    data = "name,code\nRenée,a\x81b\n".encode("latin-1")
    table = load_table(write(tmp_path, "c.csv", data))
    assert table.encoding == "latin-1"
    assert table.frame["name"].tolist() == ["Renée"]


def test_utf8_with_bom(tmp_path):
    table = load_table(write(tmp_path, "c.csv", "name,grade\nJosée,12\n", encoding="utf-8-sig"))
    assert table.encoding == "utf-8-sig"
    assert table.frame.columns.tolist() == ["name", "grade"]
    assert table.frame["name"].tolist() == ["Josée"]


def test_utf16_tab_file_from_excel_unicode_text(tmp_path):
    text = "姓名\tname\tgrade\r\n王芳\tMüller\t12,5\r\n李明\tØrsted\t9\r\n"
    table = load_table(write(tmp_path, "unicode.txt", text, encoding="utf-16"))
    assert (table.encoding, table.delimiter, table.decimal) == ("utf-16", "\t", ",")
    assert table.frame["姓名"].tolist() == ["王芳", "李明"]
    assert table.frame["name"].tolist() == ["Müller", "Ørsted"]
    assert table.frame["grade"].tolist() == [12.5, 9.0]


def test_utf16_without_bom_is_recognised(tmp_path):
    table = load_table(write(tmp_path, "c.csv", "name,grade\nAna,12\n", encoding="utf-16-le"))
    assert table.encoding == "utf-16-le"
    assert table.frame["grade"].tolist() == [12]


def test_unknown_encoding_with_mostly_non_latin_text_is_refused(tmp_path):
    text = "Όνομα;Βαθμός\nΓιώργος Παπαδόπουλος;15\nΜαρία Ιωάννου;17\n"
    message = read_error(write(tmp_path, "greek.csv", text, encoding="cp1253"))
    assert "'greek.csv'" in message and "CSV UTF-8" in message


def test_utf8_bom_with_invalid_bytes_is_refused(tmp_path):
    message = read_error(write(tmp_path, "c.csv", b"\xef\xbb\xbfname\nJos\xe9e\n"))
    assert "'c.csv'" in message and "damaged" in message


# --------------------------------------------------------------------------- separators and numbers


def test_semicolon_with_decimal_comma(tmp_path):
    table = load_table(write(tmp_path, "c.csv", "name;grade;age\nAna;12,5;15\nBo;-3,25;16\n"))
    assert (table.delimiter, table.decimal) == (";", ",")
    assert table.frame["grade"].tolist() == [12.5, -3.25]
    assert table.frame["age"].tolist() == [15, 16]
    assert describe_format(table) == "CSV, semicolon-separated, UTF-8 encoding, decimal comma"


def test_tab_separated(tmp_path):
    table = load_table(write(tmp_path, "c.tsv", "name\tgrade\tnote\nAna\t12.5\tgood, steady\nBo\t14\t\n"))
    assert (table.delimiter, table.decimal) == ("\t", ".")
    assert table.frame["grade"].tolist() == [12.5, 14.0]
    assert table.frame["note"].iloc[0] == "good, steady"
    assert "tab-separated" in describe_format(table)


def test_pipe_separated(tmp_path):
    table = load_table(write(tmp_path, "c.txt", "name|grade|age\nAna|12.5|15\nBo|14|16\n"))
    assert table.delimiter == "|"
    assert table.frame.shape == (2, 3)
    assert "pipe-separated" in describe_format(table)


def test_quoted_commas_stay_inside_their_value(tmp_path):
    text = 'name,comment,income,grade\n"Smith, John","likes a, b and c","1,234",12.5\nAna,ok,"2,500",14\n'
    table = load_table(write(tmp_path, "c.csv", text))
    assert (table.delimiter, table.decimal) == (",", ".")
    assert table.frame["name"].tolist() == ["Smith, John", "Ana"]
    assert table.frame["comment"].iloc[0] == "likes a, b and c"
    assert table.frame["income"].tolist() == ["1,234", "2,500"]  # thousands separators are not parsed
    assert table.frame["grade"].tolist() == [12.5, 14.0]


def test_quoted_numbers_are_numeric(tmp_path):
    table = load_table(write(tmp_path, "c.csv", 'school;G1;G2\n"GP";"0";"11"\n"MS";"9";"12"\n'))
    assert pd.api.types.is_numeric_dtype(table.frame["G1"])
    assert table.frame["G2"].tolist() == [11, 12]


def test_one_column_file(tmp_path):
    table = load_table(write(tmp_path, "c.csv", "name\nAna\nBo\n"))
    assert table.frame.columns.tolist() == ["name"]
    assert len(table.frame) == 2


def test_excel_sep_line_sets_the_separator(tmp_path):
    table = load_table(write(tmp_path, "c.csv", "sep=;\nname;grade\nAna;12,5\n;\nBo;9\n"))
    assert table.delimiter == ";"
    assert table.frame.columns.tolist() == ["name", "grade"]
    assert table.frame["grade"].tolist() == [12.5, 9.0]
    assert table.notes["rows"].tolist() == ["3"]  # the row Excel shows: it hides the sep= line


def test_missing_values(tmp_path):
    text = "name,grade,remark\nAna,-,缺失\nBo,NA,无\nCy,,-5\nDi,12,n/a\n"
    frame = read_table(write(tmp_path, "c.csv", text))
    assert frame["grade"].isna().tolist() == [True, True, True, False]
    assert frame["remark"].isna().tolist() == [True, False, False, True]
    assert frame["remark"].iloc[1] == "无" and frame["remark"].iloc[2] == "-5"


@pytest.mark.parametrize("text, line", [
    ("name,grade\nAna,12\nSmith, John,14\n", "line 3 has"),
    ("name,grade\nSmith, John,14\nAna,12\nBo,11\n", "line 2 has"),  # pandas alone cut the first row short
    ("name,grade\nAna,12\nBo,11,x,y\nCy,10\n", "line 3 has"),  # two values too many
    ("\n\nname,grade\nAna,12\nSmith, John,14\nBo,11\nLee, Sue,9\nCy,8\n", "lines 5, 7 have"),
])
def test_a_row_with_more_values_than_the_header_is_refused_naming_its_line(tmp_path, text, line):
    message = read_error(write(tmp_path, "c.csv", text))
    assert "'c.csv'" in message and line in message and "quotes" in message


def test_values_beyond_the_header_in_most_rows_are_kept_in_a_new_column(tmp_path):
    table = load_table(write(tmp_path, "c.csv", "name,grade\nAna,12,x\nBo,11,y\nCy,10\n"))
    assert table.frame.columns.tolist() == ["name", "grade", "column 3"]
    assert table.frame["column 3"].tolist()[:2] == ["x", "y"] and pd.isna(table.frame["column 3"].iloc[2])
    note = table.notes.iloc[0]
    assert (note["column"], note["rows"]) == ("column 3", "2, 3")
    assert "more values than the header has names (2)" in note["problem"] and note["fix"]


def test_trailing_separators_lose_nothing_and_need_no_note(tmp_path):
    table = load_table(write(tmp_path, "c.csv", "name,grade\nAna,12,\nBo,11,\n"))
    assert table.frame.to_dict("list") == {"name": ["Ana", "Bo"], "grade": [12, 11]} and table.notes.empty


@pytest.mark.parametrize("text", [
    'name,remark\nAna,"one\rtwo"\nBo,ok\n',  # a lone CR inside a quoted value (valid CSV)
    "name,remark\rAna,fine\rBo,ok\r",  # old Mac line ends
    'name,remark\r\nAna,"one\r\ntwo"\r\nBo,ok\r\n',
])
def test_carriage_returns_anywhere_are_read(tmp_path, text):
    frame = read_table(write(tmp_path, "c.csv", text))
    assert frame["name"].tolist() == ["Ana", "Bo"] and frame["remark"].iloc[1] == "ok"
    assert frame["remark"].iloc[0] in ("one\rtwo", "one\r\ntwo", "fine")


def test_old_mac_line_ends_keep_the_rows_of_the_file(tmp_path):
    frame = read_table(write(tmp_path, "c.csv", "\r\rid,x,y\rS1,1,2\r,,\rS2,3,4\r"))
    from mtl_core.data.io import source_rows
    assert frame["id"].tolist() == ["S1", "S2"] and source_rows(frame).tolist() == [4, 6]


# --------------------------------------------------------------------------- sources


def test_path_as_str_and_pathlib(tmp_path):
    path = write(tmp_path, "c.csv", "a,b\n1,2\n")
    assert read_table(str(path)).equals(read_table(path))


def test_uploaded_file_like_object():
    upload = FakeUpload("class.csv", "name;grade\nAna;12,5\n".encode("cp1252"))
    table = load_table(upload)
    assert table.source_name == "class.csv"
    assert table.frame["grade"].tolist() == [12.5]


def test_open_binary_file_uses_its_base_name(tmp_path):
    path = write(tmp_path, "class.csv", "a,b\n1,2\n")
    with path.open("rb") as handle:
        assert load_table(handle).source_name == "class.csv"


def test_bytes_without_name_are_sniffed_as_csv():
    table = load_table(b"a,b\n1,2\n")
    assert (table.source_name, table.file_format) == ("<table>", "csv")


def test_name_argument_overrides(tmp_path):
    table = load_table(b"a;b\n1;2\n", name="upload.csv")
    assert table.source_name == "upload.csv"


def test_missing_path(tmp_path):
    message = read_error(tmp_path / "nothere.csv")
    assert "'nothere.csv'" in message and "not found" in message


def test_wrong_source_type():
    with pytest.raises(TypeError, match="Got int instead"):
        load_table(42)


# --------------------------------------------------------------------------- tidying


def test_header_names_are_stripped(tmp_path):
    frame = read_table(write(tmp_path, "c.csv", " name , grade\t\nAna,12\n"))
    assert frame.columns.tolist() == ["name", "grade"]


def test_duplicate_columns_are_renamed_with_a_note(tmp_path):
    text = "name,score,score,score,age,age\nAna,1,2,3,15,16\n"
    table = load_table(write(tmp_path, "c.csv", text))
    assert table.frame.columns.tolist() == ["name", "score", "score (2)", "score (3)", "age", "age (2)"]
    assert table.frame["score (3)"].tolist() == [3]
    notes = table.notes.set_index("column")
    assert set(notes.index) == {"score", "age"}
    assert "'score (2)'" in notes.loc["score", "problem"] and "3 times" in notes.loc["score", "problem"]
    assert "rename" in notes.loc["score", "fix"]
    assert (table.notes["severity"] == "warning").all()


def test_renamed_duplicate_does_not_clash_with_an_existing_name(tmp_path):
    frame = read_table(write(tmp_path, "c.csv", "a,a (2),a\n1,2,3\n"))
    assert frame.columns.tolist() == ["a", "a (2)", "a (3)"]


def test_empty_header_cell_gets_a_name_and_a_note(tmp_path):
    table = load_table(write(tmp_path, "c.csv", "name,grade,,age\nAna,12,x,15\n"))
    assert table.frame.columns.tolist() == ["name", "grade", "column 3", "age"]
    assert "column 3" in table.notes["problem"].iloc[0]
    assert "header row" in table.notes["fix"].iloc[0]


def test_empty_rows_and_columns_are_dropped_with_notes(tmp_path):
    text = "name;grade;notes;;\nAna;12;;;\n;;;;\n\nBo;14;;;\n"
    table = load_table(write(tmp_path, "c.csv", text))
    assert table.frame.columns.tolist() == ["name", "grade"]
    assert table.frame["name"].tolist() == ["Ana", "Bo"]
    assert table.frame.index.tolist() == [0, 1]
    rows_note = table.notes[table.notes["problem"].str.contains("row")].iloc[0]
    assert "2 empty row" in rows_note["problem"] and rows_note["rows"] == "3, 4"
    columns_note = table.notes[table.notes["problem"].str.contains("column")].iloc[0]
    assert "3 empty column" in columns_note["problem"]
    assert "'notes'" in columns_note["problem"] and "column 4 (no header)" in columns_note["problem"]


def test_ids_keep_their_leading_zeros(tmp_path):
    text = "学号,student_id,姓名,grade\n007,0012,王芳,88\n012,0100,李明,92\n,0101,张伟,75\n"
    frame = read_table(write(tmp_path, "c.csv", text))
    assert frame["学号"].tolist()[:2] == ["007", "012"] and pd.isna(frame["学号"].iloc[2])
    assert frame["student_id"].tolist() == ["0012", "0100", "0101"]
    assert frame["grade"].tolist() == [88, 92, 75]  # other numbers are still numbers


def test_ids_that_are_plain_whole_numbers_stay_numbers(tmp_path):
    frame = read_table(write(tmp_path, "c.csv", "id;name;grade\n3;Ana;12,5\n10;Bo;14\n;Cy;9\n"))
    assert frame["id"].tolist()[:2] == [3.0, 10.0] and pd.isna(frame["id"].iloc[2])  # as pandas reads them
    assert pd.api.types.is_float_dtype(frame["id"])
    frame = read_table(write(tmp_path, "d.csv", "student id,grade\n3,12\n10,14\n"))
    assert frame["student id"].tolist() == [3, 10] and pd.api.types.is_integer_dtype(frame["student id"])


def test_rows_of_the_file_are_remembered_when_empty_lines_were_removed(tmp_path):
    from mtl_core.data.io import source_rows

    table = load_table(write(tmp_path, "c.csv", "\n\nname,grade\nAna,12\n,\n\nBo,14\nCy,9\n"))
    assert table.frame["name"].tolist() == ["Ana", "Bo", "Cy"]
    assert source_rows(table.frame).tolist() == [4, 7, 8]
    assert source_rows(table.frame.iloc[1:]).tolist() == [2, 3]  # filtered: counted from the header again
    plain = load_table(write(tmp_path, "d.csv", "name,grade\nAna,12\nBo,14\n"))
    assert source_rows(plain.frame).tolist() == [2, 3] and not plain.frame.attrs


def test_excel_rows_of_the_sheet_are_remembered(tmp_path):
    from mtl_core.data.io import source_rows

    rows = [[], ["name", "grade"], ["Ana", 12], [None, None], ["Bo", 14]]
    table = load_table(write(tmp_path, "c.xlsx", workbook_bytes({"Data": rows})))
    assert source_rows(table.frame).tolist() == [3, 5]


# --------------------------------------------------------------------------- CSV errors


def test_size_limit(tmp_path):
    path = write(tmp_path, "big.csv", "name,grade\n" + "Ana,12\n" * 200_000)
    message = read_error(path, max_bytes=1_000_000)
    assert "'big.csv'" in message and "1.34 MB" in message and "0.954 MB" in message
    assert "split" in message and "columns" in message
    assert len(read_table(path, max_bytes=2_000_000)) == 200_000


def test_size_limit_applies_to_uploads():
    message = read_error(FakeUpload("c.csv", b"a,b\n" + b"1,2\n" * 1000), max_bytes=100)
    assert "'c.csv'" in message and "MB" in message


def test_random_bytes_are_refused(tmp_path):
    rng = random.Random(0)
    data = bytes(rng.randrange(256) for _ in range(4000))
    message = read_error(write(tmp_path, "garbage.csv", data))
    assert "'garbage.csv'" in message and "not a text table" in message


def test_random_high_bytes_are_refused(tmp_path):
    rng = random.Random(1)
    data = bytes(rng.randrange(128, 256) for _ in range(4000))
    message = read_error(write(tmp_path, "garbage.csv", data))
    assert "'garbage.csv'" in message and "CSV UTF-8" in message


def test_png_renamed_csv_is_refused(tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    message = read_error(write(tmp_path, "photo.csv", data))
    assert "'photo.csv'" in message and "PNG image" in message and "right file" in message


def test_workbook_renamed_csv_is_refused(tmp_path):
    data = workbook_bytes({"Sheet": [["a"], [1]]})
    message = read_error(write(tmp_path, "class.csv", data))
    assert "Excel workbook" in message and ".xlsx" in message


@pytest.mark.parametrize("content", [b"", b"   \r\n\n"])
def test_empty_file(tmp_path, content):
    message = read_error(write(tmp_path, "empty.csv", content))
    assert message == (
        "The file 'empty.csv' is empty. Export the class list again from your spreadsheet, "
        "with a header row and one row per student."
    )


@pytest.mark.parametrize("content", ["name,grade\n", "name,grade", "name;grade\n\n\n;\n"])
def test_header_only(tmp_path, content):
    message = read_error(write(tmp_path, "header.csv", content))
    assert "'header.csv'" in message and "header row but" in message and "one row per student" in message


def test_unknown_extension(tmp_path):
    message = read_error(write(tmp_path, "class.json", '{"a": 1}'))
    assert "'class.json'" in message and "'.json'" in message
    for extension in (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet", ".pq"):
        assert extension in message


def test_old_xls_is_refused_with_save_as_advice(tmp_path):
    message = read_error(write(tmp_path, "class.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)))
    assert "'class.xls'" in message and "Save As" in message and ".xlsx" in message


def test_old_xls_content_without_name():
    message = read_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert "97-2003" in message


# --------------------------------------------------------------------------- Excel


@pytest.fixture
def two_sheet_workbook(tmp_path) -> Path:
    data = workbook_bytes(
        {
            "Marks": [["name", "grade"], ["Ana", 12.5], ["Bo", 14]],
            "Attendance": [["name", "absences", "absences"], ["Ana", 2, 3]],
        }
    )
    return write(tmp_path, "class.xlsx", data)


def test_excel_default_is_first_sheet(two_sheet_workbook):
    table = load_table(two_sheet_workbook)
    assert (table.file_format, table.sheet, table.sheet_names) == ("excel", "Marks", ("Marks", "Attendance"))
    assert table.frame["grade"].tolist() == [12.5, 14.0]
    assert (table.encoding, table.delimiter, table.decimal) == (None, None, None)
    assert describe_format(table) == "Excel workbook, sheet 'Marks' (2 sheets in all)"


@pytest.mark.parametrize("sheet", ["Attendance", 1, -1])
def test_excel_sheet_by_name_or_index(two_sheet_workbook, sheet):
    table = load_table(two_sheet_workbook, sheet=sheet)
    assert table.sheet == "Attendance"
    assert table.frame.columns.tolist() == ["name", "absences", "absences (2)"]
    assert "absences" in table.notes["column"].tolist()


@pytest.mark.parametrize("sheet", ["Grades", 2])
def test_excel_unknown_sheet_lists_available(two_sheet_workbook, sheet):
    message = read_error(two_sheet_workbook, sheet=sheet)
    assert "'class.xlsx'" in message and "'Marks', 'Attendance'" in message


def test_excel_default_skips_empty_sheets_and_finds_the_header(tmp_path):
    rows = [[], [], [None, "name", "grade", None], [None, "Ana", 12], [None, None, None], [None, "Bo", "-"]]
    table = load_table(write(tmp_path, "c.xlsm", workbook_bytes({"Cover": [], "Data": rows})))
    assert table.sheet == "Data"
    assert table.frame.columns.tolist() == ["name", "grade"]
    assert table.frame["name"].tolist() == ["Ana", "Bo"]
    assert table.frame["grade"].iloc[0] == 12 and pd.isna(table.frame["grade"].iloc[1])
    assert "5" in table.notes["rows"].tolist()  # spreadsheet row of the empty row


def test_excel_chosen_empty_sheet(tmp_path):
    path = write(tmp_path, "c.xlsx", workbook_bytes({"Data": [["a"], [1]], "Blank": []}))
    message = read_error(path, sheet="Blank")
    assert "'Blank'" in message and "'Data'" in message


def test_excel_without_any_data(tmp_path):
    message = read_error(write(tmp_path, "c.xlsx", workbook_bytes({"A": [], "B": []})))
    assert "'c.xlsx'" in message and "no data" in message


def test_excel_header_only(tmp_path):
    message = read_error(write(tmp_path, "c.xlsx", workbook_bytes({"A": [["name", "grade"]]})))
    assert "header row but no student rows" in message


def test_excel_formulas_are_not_evaluated(tmp_path):
    path = write(tmp_path, "c.xlsx", workbook_bytes({"A": [["name", "total"], ["Ana", "=1+1"]]}))
    frame = read_table(path)
    assert frame["name"].tolist() == ["Ana"]
    assert "total" not in frame.columns or frame["total"].isna().all()  # no cached value: empty


def test_excel_numeric_header_becomes_text(tmp_path):
    frame = read_table(write(tmp_path, "c.xlsx", workbook_bytes({"A": [["name", 2023], ["Ana", 12]]})))
    assert frame.columns.tolist() == ["name", "2023"]


def test_corrupt_xlsx(tmp_path):
    with pytest.raises(DataReadError) as caught:
        load_table(write(tmp_path, "broken.xlsx", b"PK\x03\x04" + bytes(200)))
    assert "'broken.xlsx'" in str(caught.value) and "not a valid Excel workbook" in str(caught.value)
    assert caught.value.__cause__ is not None


def test_text_file_named_xlsx(tmp_path):
    message = read_error(write(tmp_path, "class.xlsx", "name,grade\nAna,12\n"))
    assert "'class.xlsx'" in message and "rename it to .csv" in message


def test_workbook_bytes_without_name_are_sniffed(two_sheet_workbook):
    table = load_table(two_sheet_workbook.read_bytes())
    assert (table.source_name, table.file_format, table.sheet) == ("<table>", "excel", "Marks")


# --------------------------------------------------------------------------- Parquet


def test_parquet_round_trip(tmp_path):
    original = pd.DataFrame(
        {"name": ["Ana", "Bo", None], "age": [15, 16, 17], "grade": [12.5, np.nan, 9.0], "passed": [True, False, True]}
    )
    path = tmp_path / "class.parquet"
    original.to_parquet(path, engine="pyarrow")
    table = load_table(path)
    assert (table.file_format, table.encoding, table.sheet_names) == ("parquet", None, ())
    pd.testing.assert_frame_equal(table.frame, original)
    assert describe_format(table) == "Parquet file"
    assert load_table(path.read_bytes()).file_format == "parquet"  # sniffed without a name


def test_parquet_saved_index_becomes_a_column(tmp_path):
    original = pd.DataFrame({"grade": [12.5, 14.0]}, index=pd.Index(["s1", "s2"], name="student_id"))
    path = tmp_path / "c.pq"
    original.to_parquet(path)
    assert read_table(path).columns.tolist() == ["student_id", "grade"]


def test_corrupt_parquet(tmp_path):
    with pytest.raises(DataReadError) as caught:
        load_table(write(tmp_path, "broken.parquet", b"PAR1" + bytes(100) + b"PAR1"))
    assert "'broken.parquet'" in str(caught.value) and "not a valid Parquet" in str(caught.value)
    assert caught.value.__cause__ is not None


# --------------------------------------------------------------------------- API


def test_loaded_table_is_frozen(tmp_path):
    table = load_table(b"a,b\n1,2\n")
    assert isinstance(table, LoadedTable)
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.source_name = "other"  # type: ignore[misc]


def test_read_table_returns_the_frame():
    frame = read_table(b"a;b\n1,5;2\n", name="x.csv")
    assert isinstance(frame, pd.DataFrame) and frame["a"].tolist() == [1.5]


@pytest.mark.shared_data
def test_uci_student_portuguese(uci_csv):
    table = load_table(uci_csv)
    assert table.frame.shape == (649, 33)
    assert (table.delimiter, table.encoding) == (";", "utf-8")
    for grade in ("G1", "G2", "G3"):
        assert pd.api.types.is_numeric_dtype(table.frame[grade])
    assert table.frame["school"].iloc[0] == "GP"
    assert table.notes.empty


# --------------------------------------------------------------------------- encodings a reader once got wrong


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_is_read_as_utf32_not_as_garbled_utf16(tmp_path, encoding):
    table = load_table(write(tmp_path, "c.csv", "name,grade\nAna,12\n王芳,13\n", encoding=encoding))
    assert table.encoding == encoding and table.frame.columns.tolist() == ["name", "grade"]
    assert table.frame["name"].tolist() == ["Ana", "王芳"]
    assert describe_format(table) == "CSV, comma-separated, UTF-32 (Unicode text) encoding"


RUSSIAN = "Фамилия,Имя,Оценка\nИванов,Сергей,5\nПетрова,Анна,4\nСмирнов,Дмитрий,3\nКузнецова,Мария,5\n"


@pytest.mark.parametrize("encoding, words", [("koi8-r", "KOI8-R (Cyrillic)"), ("cp1251", "Windows-1251 (Cyrillic)")])
def test_cyrillic_files_are_read_as_cyrillic_not_as_chinese(tmp_path, encoding, words):
    table = load_table(write(tmp_path, "c.csv", RUSSIAN, encoding=encoding))
    assert table.encoding == encoding and table.notes.empty
    assert table.frame.columns.tolist() == ["Фамилия", "Имя", "Оценка"]
    assert table.frame["Имя"].tolist() == ["Сергей", "Анна", "Дмитрий", "Мария"]
    assert words in describe_format(table)


def test_lowercase_koi8_text_that_also_decodes_as_gb18030_is_read_as_cyrillic(tmp_path):
    text = "ученик,оценка\nанна,5\nиван,4\nвера,3\nолег,5\nнина,4\nглеб,3\n"
    data = text.encode("koi8-r")
    assert data.decode("gb18030").startswith("辙盼伤,厦盼肆")  # the trap: common ideographs, every one
    table = load_table(write(tmp_path, "c.csv", data))
    assert table.encoding == "koi8-r" and table.frame.columns.tolist() == ["ученик", "оценка"]


def test_zero_bytes_inside_text_are_refused_but_zero_padding_at_the_end_is_not(tmp_path):
    rows = "".join(f"Student {i},{i}\n" for i in range(200)).encode()
    message = read_error(write(tmp_path, "c.csv", b"name,grade\nAna,1\x002\n" + rows))
    assert "'c.csv'" in message and "zero bytes (on line 2)" in message
    assert "binary data" in read_error(write(tmp_path, "e.csv", b"name,grade\nAna,1\x002\nBo,3\n"))
    assert read_table(write(tmp_path, "d.csv", b"name,grade\nAna,12\n" + bytes(64)))["grade"].tolist() == [12]


# --------------------------------------------------------------------------- Parquet structure


def nested_parquet(tmp_path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "student_id": ["s1", "s2", "s3"],
        "marks": pa.array([[12, 14], [9], None]),
        "contact": pa.array([{"city": "Porto", "zip": 4000}, None, {"city": "Lisboa", "zip": 1000}]),
        "extras": pa.array([[("club", 1)], [], None], type=pa.map_(pa.string(), pa.int64())),
        "photo": pa.array([b"abc", b"\xff", None]),
        "track": pa.array(["a", "b", "a"]).dictionary_encode(),
    })
    path = tmp_path / "nested.parquet"
    pq.write_table(table, path)
    return path


def test_parquet_lists_records_and_maps_become_text_with_a_note(tmp_path):
    table = load_table(nested_parquet(tmp_path))
    frame = table.frame
    assert frame["marks"].tolist()[:2] == ["[12, 14]", "[9]"] and pd.isna(frame["marks"].iloc[2])
    assert frame["contact"].iloc[0] == '{"city": "Porto", "zip": 4000}'
    assert frame["extras"].iloc[0] == '[["club", 1]]'
    assert frame["photo"].iloc[0] == "abc" and frame["track"].tolist() == ["a", "b", "a"]
    noted = table.notes.set_index("column")["problem"]
    assert "holds lists" in noted["marks"] and "holds records" in noted["contact"] and "holds maps" in noted["extras"]


def test_a_parquet_list_column_chosen_as_an_outcome_is_no_crash(tmp_path):
    from mtl_core import check, infer_schema, make_task

    frame = load_table(nested_parquet(tmp_path)).frame
    for column in ("marks", "contact", "extras"):
        task = make_task(frame, column)
        assert task.classes  # text labels, in their own spelling
        check(frame, infer_schema(frame), [task])


def test_label_spelling_accepts_lists_and_arrays_in_cells():
    from mtl_core.tasks import task_labels, TaskSpec

    frame = pd.DataFrame({"x": pd.Series([[1, 2], np.array([3, 4]), None, {"a": 1}], dtype=object)})
    task = TaskSpec(name="x", column="x", kind="multiclass", classes=("[1, 2]", "[3, 4]", "{'a': 1}"))
    assert task_labels(frame, task).tolist()[:2] == ["[1, 2]", "[3, 4]"]


def test_a_header_row_of_empty_cells_is_the_header_and_no_student_is_lost(tmp_path):
    table = load_table(write(tmp_path, "c.csv", '""\n0\n0\n'))
    assert table.frame.columns.tolist() == ["column 1"] and len(table.frame) == 2
    assert table.notes["problem"].str.contains("had no header").any()


def test_parquet_dates_beyond_year_9999_are_read_as_text_with_a_note(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    stamps = pa.array([-6555536990251442176, 0, None], type=pa.timestamp("us", tz="UTC"))  # year -9159
    path = tmp_path / "dates.parquet"
    pq.write_table(pa.table({"born": stamps, "grade": [1.0, 2.0, 3.0]}), path)
    table = load_table(path)
    assert table.frame["born"].iloc[0].startswith("-9159") and table.frame["born"].iloc[1].startswith("1970")
    assert "outside the years 1 to 9999" in table.notes.set_index("column").loc["born", "problem"]
    repr(table.frame)  # pandas itself could not print the column before
