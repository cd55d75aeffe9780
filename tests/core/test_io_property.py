"""Property-based tests of the reader: whatever bytes a teacher uploads, load_table either returns a
well-formed table or raises DataReadError with a message naming the file — never anything else."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtl_core import DataReadError, check, infer_schema, load_table

SETTINGS = settings(max_examples=80, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CELL_TEXT = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["", "1,5", "12.5", "-", "缺失", "王芳", "Conceição", "inf", "1e400", '"q;u,o"', "=1+1", "🎓"]),
    st.integers(-1000, 1000).map(str),
)
SEPARATORS = st.sampled_from([",", ";", "\t", "|", ":"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "cp1252", "utf-16"])


def _csv_text(rows: list[list[str]], separator: str) -> str:
    return "\n".join(separator.join(cell.replace("\n", " ") for cell in row) for row in rows) + "\n"


def _assert_well_formed(table, name: str) -> None:
    frame = table.frame
    assert isinstance(frame, pd.DataFrame) and len(frame) >= 1 and frame.shape[1] >= 1
    assert all(isinstance(c, str) and c == c.strip() and c for c in frame.columns)
    assert frame.columns.is_unique
    assert list(table.notes.columns) == ["severity", "column", "rows", "problem", "fix"]
    problems = check(frame, infer_schema(frame), [])
    assert set(problems["severity"]) <= {"error", "warning"}


def _load(data: bytes, name: str):
    try:
        return load_table(data, name=name)
    except DataReadError as error:
        assert name in str(error)
        return None


@SETTINGS
@given(st.binary(max_size=600), st.sampled_from(["class.csv", "class.xlsx", "class.parquet", "class.txt"]))
def test_any_bytes_give_a_table_or_a_clear_error(data, name):
    table = _load(data, name)
    if table is not None:
        _assert_well_formed(table, name)


@SETTINGS
@given(st.lists(st.lists(CELL_TEXT, min_size=1, max_size=5), min_size=1, max_size=8), SEPARATORS, ENCODINGS)
def test_text_tables_in_any_encoding_and_separator(rows, separator, encoding):
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    try:
        data = _csv_text(rows, separator).encode(encoding)
    except UnicodeEncodeError:
        return  # the text cannot exist in that encoding; nothing to read
    table = _load(data, "class.csv")
    if table is not None:
        _assert_well_formed(table, "class.csv")


@SETTINGS
@given(st.lists(st.lists(CELL_TEXT, min_size=2, max_size=4), min_size=2, max_size=6))
def test_excel_workbooks_never_crash(rows):
    from mtl_core import excel_bytes

    width = max(len(r) for r in rows)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows[1:]], columns=[f"c{i}" for i in range(width)])
    table = _load(excel_bytes({"class": frame}), "class.xlsx")  # our own export must always write a workbook
    if table is not None:
        _assert_well_formed(table, "class.xlsx")


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "cp1252"])
def test_round_trip_of_a_realistic_table(encoding):
    frame = pd.DataFrame({"学号" if encoding == "gb18030" else "student_id": ["a1", "a2", "a3"],
                          "score": [12.5, 14.0, 9.5], "note": ["ok", "bien", "好"] if encoding != "cp1252" else
                          ["ok", "bien", "très"]})
    data = frame.to_csv(index=False, sep=";", decimal=",").encode(encoding)
    table = load_table(data, name="class.csv")
    pd.testing.assert_frame_equal(table.frame.reset_index(drop=True), frame, check_dtype=False)
