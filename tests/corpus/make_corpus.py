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
    return out


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
