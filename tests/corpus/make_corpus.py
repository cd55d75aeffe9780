"""Write the corpus of nasty class files that tests/core/test_corpus.py feeds to EduMTL.

Deterministic: run `python tests/corpus/make_corpus.py` to regenerate. Each file stands for
something a teacher's spreadsheet really produces.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent


def _class(n: int = 40, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    hours = rng.uniform(0, 10, n).round(1)
    return pd.DataFrame({
        "student_id": [f"S{i:03d}" for i in range(n)],
        "name": [f"Student {i}" for i in range(n)],
        "hours": hours,
        "attendance": rng.uniform(60, 100, n).round(1),
        "final_exam": (50 + 4 * hours + rng.normal(0, 5, n)).round(1),
    })


def files() -> dict[str, bytes]:
    base = _class()
    csv = base.to_csv(index=False)
    out = {
        "empty.csv": b"",
        "header_only.csv": b"student_id,name,hours,final_exam\n",
        "one_row.csv": b"student_id,name,hours,final_exam\nS001,Ana,3.5,71\n",
        "garbage.csv": np.random.default_rng(0).integers(0, 256, 2048, dtype=np.uint8).tobytes(),
        "image_renamed.csv": b"\x89PNG\r\n\x1a\n" + bytes(200),
        "wrong_delimiter.csv": csv.replace(",", ":").encode(),
        "blank_lines_and_trailing_separators.csv": ("\n".join(line + ",," for line in csv.splitlines())
                                                     + "\n\n\n").encode(),
    }
    mixed = base.astype({"hours": object})
    mixed.loc[[3, 11], "hours"] = ["about 4", "n/a?"]
    out["mixed_types.csv"] = mixed.to_csv(index=False).encode()
    empty_cols = base.assign(notes=np.nan, comments="")
    out["all_empty_columns.csv"] = empty_cols.to_csv(index=False).encode()
    out["duplicated_columns.csv"] = csv.replace("attendance", "hours", 1).encode()
    huge = base.astype({"attendance": object})
    huge.loc[[2, 5], "attendance"] = ["inf", "1e300"]
    out["inf_and_huge.csv"] = huge.to_csv(index=False).encode()
    emoji = base.rename(columns={"hours": "📚 hours", "attendance": "出勤率 ✓"})
    emoji["name"] = [f"学生{i} 🙂" if i % 2 else f"Zoë {i}" for i in range(len(emoji))]
    out["unicode_emoji.csv"] = emoji.to_csv(index=False).encode()
    injection = base.copy()
    injection.loc[0, "name"] = "<img src=x onerror=alert(1)>"
    injection.loc[1, "name"] = "**bold**"
    injection.loc[2, "name"] = '=HYPERLINK("http://example.com","click")'
    out["injection.csv"] = injection.to_csv(index=False).encode()
    out["duplicate_ids.csv"] = csv.replace("S005", "S004").encode()
    out["gbk_chinese.csv"] = base.rename(columns={"student_id": "学号", "name": "姓名", "hours": "每周学习时长",
                                                  "attendance": "出勤率", "final_exam": "期末考试"}) \
        .to_csv(index=False).encode("gb18030")
    out["semicolon_decimal_comma.csv"] = base.to_csv(index=False, sep=";", decimal=",").encode("cp1252")
    book = io.BytesIO()
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        pd.DataFrame({"note": ["Class 3B, term 1"]}).to_excel(writer, sheet_name="Cover", index=False)
        base.to_excel(writer, sheet_name="Marks", index=False)
        base.head(5).to_excel(writer, sheet_name="Old", index=False)
    out["multi_sheet.xlsx"] = book.getvalue()
    out.update(hardening_files(base))
    out.update(gradebook_files())
    return out


FIRST = ["Ana", "Bruno", "Chen", "Dara", "Elif", "Femi", "Grace", "Hugo", "Iris", "Jonas", "Kai", "Lina", "Mateo",
         "Nour", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Ximena", "Yusuf"]
LAST = ["Silva", "Costa", "Wang", "Okafor", "Yilmaz", "Adeyemi", "Kim", "Moreau", "Novak", "Berg", "Tanaka", "Haddad",
        "Rossi", "Khalil", "Lund", "Patel", "Murphy", "Diaz", "Aziz", "Singh", "Farouk", "Ivanova", "Li", "Lopez", "Kaya"]


def _marks(rng, n: int, top: float, missing: float = 0.08) -> list:
    values = (rng.beta(5, 2, n) * top).round(2)
    return [None if rng.random() < missing else v for v in values]


def moodle_gradebook() -> pd.DataFrame:
    """Moodle's grade export (Grades > Export), laid out as issue 13 describes it; written by hand for the tests."""
    rng = np.random.default_rng(13)
    n = len(FIRST)
    week1, week3, essay = _marks(rng, n, 10), _marks(rng, n, 10), _marks(rng, n, 100)
    total = [None if e is None else round(0.6 * e + 2 * (w or 0), 2) for e, w in zip(essay, week3)]
    fmt = lambda v, suffix="": "-" if v is None else f"{v:.2f}{suffix}"  # noqa: E731
    return pd.DataFrame({
        "First name": FIRST, "Last name": LAST, "ID number": [f"2024{i:04d}" for i in range(n)],
        "Institution": "Escola Secundária do Norte", "Department": "Mathematics",
        "Email address": [f"{f.lower()}.{l.lower()}@example.org" for f, l in zip(FIRST, LAST)],
        "Quiz: Week 1 (Real)": [fmt(v) for v in week1], "Quiz: Week 3 (Real)": [fmt(v) for v in week3],
        "Quiz: Week 3 (Percentage)": [fmt(None if v is None else v * 10, " %") for v in week3],
        "Assignment: Essay 1 (Real)": [fmt(v) for v in essay],
        "Assignment: Essay 1 (Feedback)": [["Good structure, check your references.", "", "Well argued!"][i % 3]
                                           for i in range(n)],
        "Course total (Real)": [fmt(v) for v in total],
        "Last downloaded from this course": "1714567890",
    })


def canvas_gradebook() -> pd.DataFrame:
    """Canvas's gradebook CSV (Grades > Export), laid out as issue 13 describes it; written by hand for the tests."""
    rng = np.random.default_rng(31)
    n = len(FIRST)
    homework, quiz, midterm, final = _marks(rng, n, 10), _marks(rng, n, 20), _marks(rng, n, 100), _marks(rng, n, 100)
    homework[4], quiz[9] = "EX", "EX"  # excused
    points = [sum(v for v in row if isinstance(v, float)) for row in zip(homework, quiz, midterm, final)]
    score = [round(p / 2.3, 2) for p in points]
    letter = ["A" if s >= 90 else "B" if s >= 80 else "C" if s >= 70 else "D" if s >= 60 else "F" for s in score]
    fmt = lambda v: "" if v is None else v if isinstance(v, str) else f"{v:.2f}"  # noqa: E731
    students = pd.DataFrame({
        "Student": [f"{l}, {f}" for f, l in zip(FIRST, LAST)], "ID": [str(40210 + 7 * i) for i in range(n)],
        "SIS User ID": [f"S{1001 + i}" for i in range(n)], "SIS Login ID": [f.lower() + l.lower()[:3] for f, l in
                                                                           zip(FIRST, LAST)],
        "Section": [["Period 1", "Period 3"][i % 2] for i in range(n)],
        "Homework 1 (101234)": [fmt(v) for v in homework], "Quiz 1 (101235)": [fmt(v) for v in quiz],
        "Midterm Exam (101236)": [fmt(v) for v in midterm], "Final Exam (101237)": [fmt(v) for v in final],
        "Current Points": [f"{p:.2f}" for p in points], "Final Points": [f"{p:.2f}" for p in points],
        "Current Score": [f"{s:.2f}" for s in score], "Unposted Current Score": [f"{s:.2f}" for s in score],
        "Final Score": [f"{s:.2f}" for s in score], "Unposted Final Score": [f"{s:.2f}" for s in score],
        "Current Grade": letter, "Final Grade": letter,
    })
    possible = dict.fromkeys(students.columns, "(read only)") | {
        "Student": "    Points Possible", "ID": "", "SIS User ID": "", "SIS Login ID": "", "Section": "",
        "Homework 1 (101234)": "10.00", "Quiz 1 (101235)": "20.00", "Midterm Exam (101236)": "100.00",
        "Final Exam (101237)": "100.00"}
    test = dict(students.iloc[0]) | {"Student": "Student, Test", "ID": "99999", "SIS User ID": "", "SIS Login ID":
                                     "testuser"}
    return pd.concat([pd.DataFrame([possible]), students, pd.DataFrame([test])], ignore_index=True)


def _workbook(frame: pd.DataFrame, sheet: str) -> bytes:
    book = io.BytesIO()
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False)
    return book.getvalue()


def gradebook_files() -> dict[str, bytes]:
    """LMS gradebook exports (issue 13): Moodle and Canvas, as CSV and as Excel."""
    moodle, canvas = moodle_gradebook(), canvas_gradebook()
    return {
        "moodle_grades.csv": moodle.to_csv(index=False).encode("utf-8-sig"),  # Moodle writes a BOM
        "moodle_grades.xlsx": _workbook(moodle, "Grades"),
        "canvas_grades.csv": canvas.to_csv(index=False).encode("utf-8"),
        "canvas_grades.xlsx": _workbook(canvas, "Sheet1"),
    }


def hardening_files(base: pd.DataFrame) -> dict[str, bytes]:
    """Reproducers of what a fuzzing pass over the upload path once broke (crashes and silent losses)."""
    csv = base.to_csv(index=False)
    lines = csv.splitlines()
    out = {
        # Crash A: the separator sniffer raised _csv.Error on a lone CR inside a quoted value (valid CSV) ...
        "cr_inside_quotes.csv": ("\n".join(lines[:3] + [lines[3].replace("Student 2", '"Student\r2"')] + lines[4:])
                                 + "\n").encode(),
        # ... and on old-Mac files, whose lines end with CR alone
        "old_mac_line_ends.csv": ("\r".join(lines) + "\r").encode(),
        # Silent loss: the first row's value beyond the header was cut off without a note
        "more_values_than_header.csv": b"a,b\n1,2,3\n",
        "one_row_too_wide.csv": ("\n".join(lines[:2] + [lines[2] + ",late"] + lines[3:]) + "\n").encode(),
        # Silent loss: UTF-32 was read as UTF-16 (a zero character between letters), KOI8-R Cyrillic as Chinese
        "utf32.csv": csv.encode("utf-32"),
        "koi8r_cyrillic.csv": base.rename(columns={"name": "имя", "hours": "часы", "attendance": "посещаемость",
                                                   "final_exam": "экзамен"})
        .assign(имя=[f"{n} {s}" for n, s in zip(["Анна", "Иван", "Ольга", "Пётр"] * 10, ["Иванова", "Смирнов"] * 20)])
        .to_csv(index=False).encode("koi8-r"),
        # Crash D: json.loads raised RecursionError on a deeply nested run.json or checksums.json
        "deeply_nested.json": b"[" * 20_000 + b"]" * 20_000,
    }
    out["nested_columns.parquet"] = _nested_parquet(base)
    return out


def _nested_parquet(base: pd.DataFrame) -> bytes:
    """Crash B: a Parquet list column chosen as an outcome made pd.isna see an array."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(base, preserve_index=False)
    marks = pa.array([[int(h), int(h) + 1] if i % 7 else None for i, h in enumerate(base["hours"])])
    table = table.append_column("marks", marks)
    table = table.append_column("contact", pa.array([{"city": ["Porto", "Lisboa"][i % 2], "floor": i % 3}
                                                     for i in range(len(base))]))
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def main() -> None:
    for name, data in files().items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
