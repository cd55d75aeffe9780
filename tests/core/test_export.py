"""Tests for mtl_core.runs.export: spreadsheet-safe CSV/Excel exports and pseudonymisation."""

from __future__ import annotations

import io
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest

from mtl_core import csv_bytes, excel_bytes, pseudonymise, spreadsheet_safe

DANGEROUS = ["=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd"]


def students() -> pd.DataFrame:
    return pd.DataFrame({
        "student_id": ["S01", "S02", "S03"],
        "name": ["=1+2", "王芳", "Zoë O'Neil"],
        "note": ["+call me", "@mention", None],
        "change": [-3.5, 0.0, 2.25],
        "rank": [-1, 2, 3],
    })


# --------------------------------------------------------------------------- spreadsheet_safe


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_gets_an_apostrophe(text):
    safe = spreadsheet_safe(pd.DataFrame({"x": [text]}))
    assert safe["x"].tolist() == ["'" + text]


@pytest.mark.parametrize("text", ["Emma", "王芳", "a=b", "1-2", " =x", "", "'quoted"])
def test_ordinary_text_is_untouched(text):
    assert spreadsheet_safe(pd.DataFrame({"x": [text]}))["x"].tolist() == [text]


def test_numbers_including_negative_ones_are_untouched():
    frame = students()
    safe = spreadsheet_safe(frame)
    assert safe["change"].tolist() == [-3.5, 0.0, 2.25] and safe["change"].dtype == frame["change"].dtype
    assert safe["rank"].tolist() == [-1, 2, 3] and safe["rank"].dtype == frame["rank"].dtype


def test_mixed_column_neutralises_text_but_not_numbers_or_gaps():
    safe = spreadsheet_safe(pd.DataFrame({"x": pd.Series([-5, "-5", "=A1", None], dtype=object)}))
    values = safe["x"].tolist()
    assert values[:3] == [-5, "'-5", "'=A1"] and values[3] is None


def test_category_and_string_columns_are_neutralised():
    frame = pd.DataFrame({"c": pd.Categorical(["=1", "ok"]), "s": pd.array(["@x", "ok"], dtype="string")})
    safe = spreadsheet_safe(frame)
    assert list(safe["c"]) == ["'=1", "ok"] and list(safe["s"]) == ["'@x", "ok"]


def test_column_names_are_neutralised():
    safe = spreadsheet_safe(pd.DataFrame({"=cmd": [1], "-x": [2], "ok": [3]}))
    assert safe.columns.tolist() == ["'=cmd", "'-x", "ok"]


def test_the_original_frame_is_not_changed():
    frame = students()
    spreadsheet_safe(frame)
    assert frame["name"].iloc[0] == "=1+2"


# --------------------------------------------------------------------------- CSV


def test_csv_has_a_bom_and_round_trips_chinese_text():
    data = csv_bytes(students())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back.columns.tolist() == ["student_id", "name", "note", "change", "rank"]
    assert back["name"].tolist() == ["'=1+2", "王芳", "Zoë O'Neil"]
    assert back["change"].tolist() == [-3.5, 0.0, 2.25]
    assert back["rank"].tolist() == [-1, 2, 3]


def test_csv_cells_never_start_with_a_formula_character():
    frame = pd.DataFrame({f"c{i}": [text] for i, text in enumerate(DANGEROUS[:4])})
    text = csv_bytes(frame).decode("utf-8-sig")
    cells = [cell.strip('"') for line in text.splitlines() for cell in line.split(",")]
    assert not [cell for cell in cells if re.match(r"[=+\-@]", cell)]


# --------------------------------------------------------------------------- Excel


def test_excel_opens_with_pandas_and_holds_the_safe_values():
    data = excel_bytes({"students": students(), "summary": pd.DataFrame({"=bad": ["-1+1"], "n": [-2]})})
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == ["students", "summary"]
    pd.testing.assert_frame_equal(sheets["students"], spreadsheet_safe(students()).replace({None: np.nan}),
                                  check_dtype=False)
    assert sheets["summary"].columns.tolist() == ["'=bad", "n"]
    assert sheets["summary"].iloc[0].tolist() == ["'-1+1", -2]


def test_excel_cells_are_text_not_formulas():
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes({"s": students()})))
    cells = [cell for row in book["s"].iter_rows() for cell in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    assert book["s"]["B2"].value == "'=1+2"


def test_excel_sheet_names_are_made_valid_and_distinct():
    sheets = {"语文/阅读": pd.DataFrame({"a": [1]}), "x" * 40: pd.DataFrame({"a": [2]}),
              "x" * 35: pd.DataFrame({"a": [3]}), "what? [draft]": pd.DataFrame({"a": [4]})}
    book = pd.read_excel(io.BytesIO(excel_bytes(sheets)), sheet_name=None)
    assert len(book) == 4, "no sheet may overwrite another"
    assert [frame["a"].tolist() for frame in book.values()] == [[1], [2], [3], [4]]
    names = list(book)
    assert names[0] == "语文_阅读" and names[1] == "x" * 31
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)
    assert len({name.lower() for name in names}) == 4


# --------------------------------------------------------------------------- pseudonymise


def test_pseudonymise_is_stable_per_salt_and_differs_across_salts():
    frame = students()
    a = pseudonymise(frame, ["student_id", "name"], salt="class-7b")
    b = pseudonymise(frame, ["student_id", "name"], salt="class-7b")
    c = pseudonymise(frame, ["student_id", "name"], salt="class-8a")
    pd.testing.assert_frame_equal(a, b)
    assert all(re.fullmatch(r"S-[0-9a-f]{8}", code) for code in a["student_id"].tolist() + a["name"].tolist())
    assert set(a["student_id"]).isdisjoint(c["student_id"])
    assert a["student_id"].nunique() == 3, "different students get different codes"


def test_pseudonymise_keeps_other_columns_gaps_and_the_original():
    frame = students()
    frame.loc[1, "name"] = None
    coded = pseudonymise(frame, ["name", "not_a_column"], salt="s")
    assert pd.isna(coded["name"].iloc[1])
    assert coded["name"].iloc[0] != "=1+2" and frame["name"].iloc[0] == "=1+2"
    pd.testing.assert_frame_equal(coded.drop(columns="name"), frame.drop(columns="name"))


def test_same_value_in_two_exports_gets_the_same_code():
    first = pseudonymise(pd.DataFrame({"id": ["S01", "S02"]}), ["id"], salt="k")
    second = pseudonymise(pd.DataFrame({"id": ["S02"]}), ["id"], salt="k")
    assert first["id"].iloc[1] == second["id"].iloc[0]


def test_sheet_names():
    from mtl_core.runs.export import sheet_names

    assert sheet_names(["a:b", "", "'quoted'", "Results", "results", "results"]) == [
        "a_b", "Sheet", "quoted", "Results", "results (2)", "results (3)"]
    long = sheet_names(["y" * 40, "y" * 31])
    assert long == ["y" * 31, "y" * 27 + " (2)"]


def test_excel_export_drops_control_characters_instead_of_failing():
    frame = pd.DataFrame({"name\x07": ["Ana\x1f Silva", "Bo\x00b", "Li\tWei"], "score": [1, 2, 3]})
    back = pd.read_excel(io.BytesIO(excel_bytes({"class": frame})))
    assert list(back.columns) == ["name", "score"]
    assert back["name"].tolist() == ["Ana Silva", "Bob", "Li\tWei"]


# --------------------------------------------------------------------------- rounding (CSV) and full precision (Parquet)

def test_csv_rounds_numbers_for_people_and_parquet_keeps_every_digit():
    from mtl_core import CSV_DIGITS, parquet_bytes

    frame = pd.DataFrame({"p": [0.7234567891234567, np.nan], "grade": [78.6, 12.0], "n": [3, 4],
                          "mixed": pd.Series(["a", 1.23456789], dtype=object), "name": ["=x", "Zoë"]})
    text = csv_bytes(frame).decode("utf-8-sig")
    assert CSV_DIGITS == 4
    assert text.splitlines()[1].startswith("0.7235,78.6,3,a,'=x")  # rounded, formula-safe
    assert text.splitlines()[2].startswith(",12.0,4,1.23456789,Zoë")  # a number in a text column is text
    assert "0.7234567891234567" in csv_bytes(frame, digits=None).decode("utf-8-sig")
    back = pd.read_parquet(io.BytesIO(parquet_bytes(frame)))
    assert back["p"].iloc[0] == 0.7234567891234567 and np.isnan(back["p"].iloc[1])
    assert back["n"].tolist() == [3, 4] and back["mixed"].tolist() == ["a", "1.23456789"]
    assert back["name"].tolist() == ["=x", "Zoë"]  # values exactly as they are: spreadsheets do not open Parquet
