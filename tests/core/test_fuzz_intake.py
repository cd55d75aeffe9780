"""Fuzzing the upload path as the Data page runs it: load_table -> infer_schema -> make_task -> check -> validate.

Hypothesis generates the kinds of file that once broke EduMTL (issue 11): byte flips of real files,
text encodings, separators, quoting and line ends, headers, values, shapes, Excel and Parquet structure,
and LMS gradebook headers. Every case must end in a table with a well-formed problem table, or in one
of EduMTL's own errors naming the file; anything else is a crash. Tables generated from a known grid
must also come back without silent loss: every row and column is there, or a note says why, and text in
an encoding EduMTL reads comes back exactly.

Budget: ``EDUMTL_FUZZ_CASES`` generated cases in all (default 400, spread over the tests below; CI uses
the default), e.g. ``EDUMTL_FUZZ_CASES=10000 .venv/bin/python -m pytest -q tests/core/test_fuzz_intake.py``.
Generation is derandomised, so a budget always tries the same cases. With ``EDUMTL_FUZZ_SAVE=DIR`` every
crashing input is also written to DIR; each crash found so far is kept in ``tests/corpus/fuzz/`` and
replayed by :func:`test_every_crash_found_so_far_stays_fixed`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtl_core import (ConfigError, DataReadError, DataValidationError, Threshold, check, describe_format,
                      infer_schema, load_table, make_task, validate)
from mtl_core.errors import PROBLEM_COLUMNS

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CRASHES = CORPUS / "fuzz"
TESTS = 8  # the generating tests below share the budget
CASES = int(os.environ.get("EDUMTL_FUZZ_CASES", "400"))
FUZZ = settings(max_examples=max(CASES // TESTS, 10), deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))

# --------------------------------------------------------------------------- the pipeline and its oracle


def intake(data: bytes, name: str):
    """Run the Data page's steps on one file; return the LoadedTable, or None when EduMTL refused it clearly.

    Raises whatever is not EduMTL's own error (the crash the fuzzing looks for), after saving the input
    when ``EDUMTL_FUZZ_SAVE`` names a folder."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # overflow in numpy on 1e308-like values is fine
            return _intake(data, name)
    except Exception:
        folder = os.environ.get("EDUMTL_FUZZ_SAVE")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            suffix = Path(name).suffix or ".bin"
            (Path(folder) / f"crash-{hashlib.sha256(data).hexdigest()[:10]}{suffix}").write_bytes(data)
        raise


def _intake(data: bytes, name: str):
    try:
        table = load_table(data, name=name, max_bytes=5 * 2**20)
    except DataReadError as error:
        assert name in str(error), str(error)  # a message that names the file (and says what to do)
        return None
    frame = table.frame
    assert isinstance(frame, pd.DataFrame) and len(frame) >= 1 and frame.shape[1] >= 1
    assert frame.columns.is_unique and all(isinstance(c, str) and c and c == c.strip() for c in frame.columns)
    assert list(table.notes.columns) == list(PROBLEM_COLUMNS) and set(table.notes["severity"]) <= {"warning"}
    assert isinstance(describe_format(table), str)
    schema = infer_schema(frame)
    assert schema.roles_from_frame(schema.to_frame()) == schema
    tasks = []
    candidates = schema.with_role("target") + [c for c in frame.columns if c not in schema.with_role("target")][:3]
    for i, column in enumerate(candidates):
        for derive in (None, Threshold(0.5)):
            try:
                tasks.append(make_task(frame, column, name=f"task {i} {derive is None}", derive=derive))
            except ConfigError:
                pass  # e.g. too many classes: a clear refusal
    problems = check(frame, schema, tasks)
    assert list(problems.columns) == list(PROBLEM_COLUMNS) and set(problems["severity"]) <= {"error", "warning"}
    assert problems["problem"].str.len().gt(0).all() and problems["fix"].str.len().gt(0).all()
    try:
        validate(frame, schema, tasks)
    except DataValidationError as error:
        assert len(error.problems) and str(error)
    return table


REMOVED = re.compile(r"Removed (\d+) (?:empty )?(row|column)\(s\)")


def removed(table, what: str) -> int:
    """How many empty rows or columns the reader's notes say it removed."""
    return sum(int(m.group(1)) for m in map(REMOVED.search, table.notes["problem"]) if m and m.group(2) == what)


def assert_nothing_lost(table, header: list[str], rows: list[list[str]]) -> None:
    """Every row and column of the grid is in the table, or a note says it was empty and removed; names
    come back as written (stripped), or a note says why not."""
    if table is None:
        return
    frame = table.frame
    assert len(frame) + removed(table, "row") == len(rows), (len(frame), len(rows), table.notes.to_dict("records"))
    assert frame.shape[1] + removed(table, "column") >= len(header), table.notes.to_dict("records")
    renamed = table.notes["problem"].str.contains("renamed|no header|named column|Recognised").any()
    if not renamed and not removed(table, "column"):
        assert frame.columns.tolist()[: len(header)] == [h.strip().lstrip("\ufeff").strip() for h in header]


# --------------------------------------------------------------------------- what files are made of

REAL_WORDS = {
    "ascii": ["Ana", "Bo", "Smith John", 'say "hi"', "score", "final exam", "quiz 1", "S001", "yes", "no", "pass"],
    "latin": ["Conceição", "Müller", "José", "Zoë", "François", "Ørsted", "Strauß", "Ângela", "Björn", "naïve"],
    "chinese": ["王芳", "李明", "张伟", "数学", "期末成绩", "高一(3)班", "缺考", "学号", "欧阳娜娜", "及格"],
    "cyrillic": ["Иванов", "Сергей", "оценка", "класс", "Петрова", "Мария", "Дмитрий", "ученик"],
}
ENCODINGS_FOR = {  # encodings EduMTL reads, per script
    "ascii": ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "gb18030"],
    "latin": ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"],
    "chinese": ["utf-8", "utf-8-sig", "utf-16", "utf-32-le", "gb18030", "gbk"],
    "cyrillic": ["utf-8", "utf-16", "utf-32", "koi8-r", "cp1251"],
}
OTHER_ENCODINGS = ["shift_jis", "big5", "cp1253", "mac_roman", "cp437", "euc_kr", "cp1256"]
VALUES = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: f"{v:.2f}"),
    st.sampled_from(["", " ", "1,5", "12.5", "95%", "77.50 %", "-", "缺失", "NA", "null", "None", "inf", "-Infinity",
                     "1e309", "1e-400", "-0", "１２", "TRUE", "false", "2024-05-01", "12:30", "=1+1", "@SUM(A1)",
                     "<b>x</b>", "\u200b", "G-02", "Grade 9", "高一", "EX", "(read only)", "Points Possible",
                     "0x1F", "1_000", "١٢", "\t7\t"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
)
HEADERS = st.one_of(
    st.sampled_from(["student_id", "学号", "ID", "name", "姓名", "Student", "gender", "性别", "age", "SES", "school",
                     "学校", "Grade", "年级", "final_exam", "期末考试", "passed", "math", "数学", "quiz_1", "测验1",
                     "attendance", "", " ", "📚 hours", "Quiz: Week 3 (Real)", "Essay (12345)", "Email address",
                     "Course total (Real)", "SIS User ID", "Section", "x" * 300, "1", "id.1", "Unnamed: 0"]),
    st.text(max_size=10),
)
SEPARATORS = st.sampled_from([",", ";", "\t", "|", ":", " "])
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def grids(draw, words=None, min_rows=0, max_rows=12):
    """A header and rows of one width: cells from VALUES, or from ``words``."""
    width = draw(st.integers(1, 7))
    header = draw(st.lists(HEADERS if words is None else st.sampled_from(words), min_size=width, max_size=width))
    cells = VALUES if words is None else st.one_of(st.sampled_from(words), st.integers(0, 100).map(str))
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width), min_size=min_rows, max_size=max_rows))
    return header, rows


def csv_text(header, rows, separator=",", line_end="\n", quoting=csv.QUOTE_MINIMAL) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator=line_end, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


# --------------------------------------------------------------------------- the generating tests


@FUZZ
@given(grids(), SEPARATORS, LINE_ENDS, st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "cp1252", "utf-32"]))
def test_text_tables_in_any_separator_quoting_line_end_and_encoding(grid, separator, line_end, quoting, encoding):
    header, rows = grid
    text = csv_text(header, rows, separator, line_end, quoting)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    intake(data, "class.csv")


@FUZZ
@given(st.sampled_from(list(REAL_WORDS)), st.data())
def test_real_text_in_every_encoding_edumtl_reads_comes_back_exactly(script, data):
    header, rows = data.draw(grids(REAL_WORDS[script], min_rows=1))
    header = list(dict.fromkeys(header))  # repeated names are renamed, with a note: tested elsewhere
    rows = [r[: len(header)] for r in rows]
    encoding = data.draw(st.sampled_from(ENCODINGS_FOR[script]))
    separator = data.draw(st.sampled_from([",", ";", "\t"]))
    table = intake(csv_text(header, rows, separator).encode(encoding), "class.csv")
    if table is None:
        return  # refused with a message (for example a single column): nothing garbled
    guessed = table.notes["problem"].str.contains("guessed").any()
    if not guessed:
        assert table.frame.columns.tolist() == header, (encoding, table.encoding)
        texts = {c.strip() for r in rows for c in r} - {""}
        read = {str(v).strip() for v in table.frame.astype(object).to_numpy().ravel() if isinstance(v, str)}
        assert read <= texts, (encoding, table.encoding, read - texts)


@FUZZ
@given(grids(min_rows=1), st.integers(0, 3), st.booleans(), st.booleans(), LINE_ENDS)
def test_no_row_or_column_is_lost_without_a_note(grid, blank_lines, trailing_separators, sep_line, line_end):
    header, rows = grid
    header = [h if h.strip() else "" for h in header]
    text = csv_text(header, rows, ",", line_end)
    lines = text.split(line_end)
    if trailing_separators:
        lines = [line + "," if line else line for line in lines]
    text = (line_end * blank_lines) + line_end.join(lines)
    if sep_line:
        text = "sep=," + line_end + text
    table = intake(text.encode("utf-8"), "class.csv")
    everything = "".join(header) + "".join("".join(r) for r in rows)
    plain = not any(c in everything for c in ";\t|:\r\n\x00") and not trailing_separators
    if table is not None and plain and not table.notes["problem"].str.contains("more values").any():
        assert table.delimiter == "," or len(header) == 1, table.delimiter
        assert_nothing_lost(table, header, rows)


@FUZZ
@given(grids(min_rows=1), st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 255)), min_size=1, max_size=8),
       st.sampled_from(["flip", "insert", "delete", "truncate"]))
def test_damaged_text_files(grid, edits, how):
    header, rows = grid
    data = bytearray(csv_text(header, rows).encode("utf-8"))
    for position, byte in edits:
        position = position % (len(data) + 1)
        if how == "flip" and position < len(data):
            data[position] ^= byte or 1
        elif how == "insert":
            data[position:position] = bytes([byte])
        elif how == "delete" and position < len(data):
            del data[position]
        elif how == "truncate":
            del data[position:]
    intake(bytes(data), "class.csv")


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["class.csv", "class.xlsx", "class.parquet", "class.txt", "class"]))
def test_any_bytes(data, name):
    intake(data, name)


@FUZZ
@given(grids(), st.sampled_from(OTHER_ENCODINGS))
def test_encodings_edumtl_does_not_read_are_refused_or_noted_never_a_crash(grid, encoding):
    header, rows = grid
    try:
        data = csv_text(header, rows).encode(encoding)
    except UnicodeEncodeError:
        return
    intake(data, "class.csv")


@st.composite
def workbooks(draw) -> bytes:
    """An .xlsx with 1-3 sheets: blank rows above the header, numbers, text, dates, booleans, formulas."""
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for index in range(draw(st.integers(1, 3))):
        title = draw(st.sampled_from(["Grades", "Sheet1", "成绩", "Cover", f"S{index}"]))
        sheet = book.create_sheet(title + str(index))
        for _ in range(draw(st.integers(0, 2))):
            sheet.append([])
        header, rows = draw(grids())
        sheet.append([_excel_safe(h) for h in header])
        special = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
                            st.booleans(), st.just(datetime.date(2024, 5, 1)), st.just("=A2*2"), st.just(None))
        for row in rows:
            cells = [draw(st.one_of(st.just(c), special)) for c in row]
            sheet.append([_excel_safe(c) for c in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _excel_safe(cell):
    if isinstance(cell, str):
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", cell) or None
    return cell


@FUZZ
@given(workbooks(), st.sampled_from([None, 0, 1, "Grades0", "missing"]), st.lists(st.integers(0, 10**6), max_size=4))
def test_excel_workbooks_whole_and_damaged(book, sheet, flips):
    intake(book, "class.xlsx")
    data = bytearray(book)
    for position in flips:
        data[position % len(data)] ^= 0x5A
    intake(bytes(data), "class.xlsx")
    try:
        load_table(book, name="class.xlsx", sheet=sheet)
    except DataReadError as error:
        assert "class.xlsx" in str(error)


@st.composite
def parquet_files(draw) -> bytes:
    """Parquet with the column types a file can hold: lists, records, maps, dictionaries, dates, decimals..."""
    import datetime
    import decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    n = draw(st.integers(0, 12))
    makers = {
        "int": lambda: pa.array(draw(st.lists(st.one_of(st.none(), st.integers(-2**63, 2**63 - 1)), min_size=n,
                                               max_size=n)), type=pa.int64()),
        "uint": lambda: pa.array([2**64 - 1 - i for i in range(n)], type=pa.uint64()),
        "float": lambda: pa.array(draw(st.lists(st.one_of(st.none(), st.floats()), min_size=n, max_size=n)),
                                  type=pa.float64()),
        "text": lambda: pa.array(draw(st.lists(st.one_of(st.none(), st.text(max_size=5)), min_size=n, max_size=n))),
        "bool": lambda: pa.array(draw(st.lists(st.one_of(st.none(), st.booleans()), min_size=n, max_size=n))),
        "list": lambda: pa.array([[i, i + 1] if i % 3 else None for i in range(n)]),
        "struct": lambda: pa.array([{"a": i, "b": str(i)} for i in range(n)]),
        "map": lambda: pa.array([[("k", i)] for i in range(n)], type=pa.map_(pa.string(), pa.int64())),
        "dict": lambda: pa.array([["a", "b", None][i % 3] for i in range(n)]).dictionary_encode(),
        "date": lambda: pa.array([datetime.date(2000 + i % 30, 1, 1) for i in range(n)]),
        "timestamp": lambda: pa.array([datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)] * n),
        "duration": lambda: pa.array([datetime.timedelta(seconds=i) for i in range(n)]),
        "decimal": lambda: pa.array([decimal.Decimal(f"{i}.5") for i in range(n)]),
        "binary": lambda: pa.array([bytes([i % 256, 255]) for i in range(n)]),
        "null": lambda: pa.nulls(n),
    }
    kinds = draw(st.lists(st.sampled_from(list(makers)), min_size=1, max_size=6))
    names = draw(st.lists(HEADERS, min_size=len(kinds), max_size=len(kinds)))
    table = pa.table([makers[k]() for k in kinds], names=[n or f"c{i}" for i, n in enumerate(names)])
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


@FUZZ
@given(parquet_files(), st.lists(st.integers(0, 10**6), max_size=3))
def test_parquet_structure_whole_and_damaged(data, flips):
    intake(data, "class.parquet")
    damaged = bytearray(data)
    for position in flips:
        damaged[position % len(damaged)] ^= 0xA5
    intake(bytes(damaged), "class.parquet")


# --------------------------------------------------------------------------- every crash found so far


@pytest.mark.parametrize("path", sorted(p for p in CRASHES.iterdir() if p.is_file() and p.name != "README.md")
                         if CRASHES.exists() else [], ids=lambda p: p.name)
def test_every_crash_found_so_far_stays_fixed(path):
    intake(path.read_bytes(), path.name)


def test_the_crash_corpus_is_not_empty_and_documented():
    readme = (CRASHES / "README.md").read_text(encoding="utf-8")
    files = [p.name for p in CRASHES.iterdir() if p.is_file() and p.name != "README.md"]
    assert files and all(name in readme for name in files), "describe every crash file in tests/corpus/fuzz/README.md"


def test_the_budget_reaches_every_generating_test():
    generating = [name for name, value in globals().items() if name.startswith("test_") and
                  hasattr(value, "hypothesis")]
    assert len(generating) == TESTS, generating
    assert np.floor(CASES / TESTS) * TESTS <= CASES
