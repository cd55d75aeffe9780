"""Tests for the seeded synthetic sample class in ``sample_data/``.

They check that the committed files are exactly what ``generate.py`` makes,
that the three file formats agree, and that the structure documented in
``sample_data/README.md`` (ranges, missing rates, relations) is really there.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"


def _load_generator():
    """Import sample_data/generate.py as a module (it is a standalone script)."""
    spec = importlib.util.spec_from_file_location("edumtl_sample_generate", SAMPLE_DIR / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()

EXPECTED_COLUMNS = [
    "student_id", "name", "gender", "age",
    "class_section", "track", "attendance_rate", "absences",
    "homework_completion", "study_hours_week", "prior_year_grade",
    "quiz_1", "quiz_2", "quiz_3", "lms_logins_month", "forum_posts",
    "extra_support", "parent_education", "internet_at_home", "part_time_job",
    "sleep_hours", "commute_minutes",
    "final_exam", "passed", "dropped_out",
    "math_score", "reading_score", "science_score", "letter_grade",
]
SCORE_COLUMNS = [
    "prior_year_grade", "quiz_1", "quiz_2", "quiz_3",
    "final_exam", "math_score", "reading_score", "science_score",
]
RATE_COLUMNS = ["attendance_rate", "homework_completion"]
# Documented missing fractions (README) with the accepted band.
MISSING_BANDS = {
    "dropped_out": (0.10, 0.15),
    "math_score": (0.04, 0.06),
    "reading_score": (0.04, 0.06),
    "science_score": (0.04, 0.06),
    "study_hours_week": (0.05, 0.07),
    "lms_logins_month": (0.02, 0.04),
    "prior_year_grade": (0.03, 0.05),
    "sleep_hours": (0.04, 0.06),
}


def _read_csv_bytes(data: bytes, encoding: str = "utf-8") -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding=encoding)


@pytest.fixture(scope="module")
def committed() -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / "class.csv", encoding="utf-8")


@pytest.fixture(scope="module")
def generated():
    """(class, hidden) regenerated in-process with the default n and seed."""
    return gen.generate_class_with_latents()


# --------------------------------------------------------------------------
# Reproducibility and file agreement
# --------------------------------------------------------------------------


def test_committed_csv_matches_regeneration(committed, generated):
    df, _ = generated
    regenerated = _read_csv_bytes(gen.to_csv_bytes(df))
    pd.testing.assert_frame_equal(regenerated, committed, check_dtype=False)


def test_generate_class_matches_committed_values(committed):
    df = gen.generate_class(300, 2026)
    assert list(df.columns) == list(committed.columns)
    for col in df.columns:
        left = df[col].astype(object).where(df[col].notna(), None).tolist()
        right = committed[col].astype(object).where(committed[col].notna(), None).tolist()
        if pd.api.types.is_numeric_dtype(committed[col]):
            np.testing.assert_allclose(
                np.array([np.nan if v is None else v for v in left], dtype=float),
                np.array([np.nan if v is None else v for v in right], dtype=float),
                err_msg=col,
            )
        else:
            assert left == right, col


def test_writing_twice_is_byte_identical(tmp_path):
    df = gen.generate_class()
    first = [p.read_bytes() for p in gen.write_outputs(df, tmp_path / "one") if p.suffix == ".csv"]
    second = [p.read_bytes() for p in gen.write_outputs(gen.generate_class(), tmp_path / "two") if p.suffix == ".csv"]
    assert first == second
    assert first[0] == (SAMPLE_DIR / "class.csv").read_bytes()
    assert first[1] == (SAMPLE_DIR / "class_zh.csv").read_bytes()


def test_main_writes_all_files(tmp_path):
    gen.main(["--out", str(tmp_path), "--n", "40", "--seed", "7"])
    for name in ("class.csv", "class.xlsx", "class_zh.csv"):
        assert (tmp_path / name).is_file()
    small = pd.read_csv(tmp_path / "class.csv")
    assert small.shape == (40, len(EXPECTED_COLUMNS))


def test_xlsx_holds_same_values(committed):
    with pd.ExcelFile(SAMPLE_DIR / "class.xlsx", engine="openpyxl") as xl:
        assert xl.sheet_names == ["class"]
        sheet = pd.read_excel(xl, sheet_name="class")
    pd.testing.assert_frame_equal(sheet, committed, check_dtype=False)


def test_chinese_csv_holds_same_values(committed):
    raw = (SAMPLE_DIR / "class_zh.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really GB18030, as a Chinese Excel export would be
    zh = pd.read_csv(SAMPLE_DIR / "class_zh.csv", encoding="gb18030")
    assert list(zh.columns) == [gen.CHINESE_COLUMNS[c] for c in EXPECTED_COLUMNS]
    assert zh.columns[0] == "学号" and "期末考试" in zh.columns and "等级" in zh.columns
    back = zh.rename(columns={v: k for k, v in gen.CHINESE_COLUMNS.items()})
    pd.testing.assert_frame_equal(back, committed, check_dtype=False)


def test_chinese_mapping_is_complete_and_unique():
    assert set(gen.CHINESE_COLUMNS) == set(EXPECTED_COLUMNS)
    assert len(set(gen.CHINESE_COLUMNS.values())) == len(EXPECTED_COLUMNS)


def test_generator_does_not_import_mtl_core():
    tree = ast.parse((SAMPLE_DIR / "generate.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "mtl_core" not in imported
    assert imported <= {"__future__", "argparse", "io", "pathlib", "numpy", "pandas", "openpyxl"}


def test_different_seeds_give_different_data():
    a = gen.generate_class(300, 2026)
    b = gen.generate_class(300, 2027)
    assert a.shape == b.shape
    assert not a["final_exam"].equals(b["final_exam"])
    assert not a["name"].equals(b["name"])
    # same seed, same data
    pd.testing.assert_frame_equal(gen.generate_class(120, 5), gen.generate_class(120, 5))


# --------------------------------------------------------------------------
# Schema, ranges, missingness
# --------------------------------------------------------------------------


def test_shape_and_columns(committed):
    assert committed.shape == (300, 29)
    assert list(committed.columns) == EXPECTED_COLUMNS
    assert list(gen.COLUMNS) == EXPECTED_COLUMNS
    assert len(gen.INPUT_COLUMNS) == 18 and len(gen.SENSITIVE_COLUMNS) == 2


def test_identifiers_and_names(committed):
    ids = committed["student_id"]
    assert ids.is_unique
    assert ids.tolist() == [f"S{i:04d}" for i in range(1, 301)]
    names = committed["name"]
    assert names.notna().all()
    chinese = names.str.contains(r"[\u4e00-\u9fff]", regex=True)
    assert 0.08 <= chinese.mean() <= 0.22
    assert names[~chinese].str.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+").all()
    assert names[chinese].str.fullmatch(r"[\u4e00-\u9fff]{2,3}").all()


def test_categorical_values(committed):
    expected = {
        "gender": {"F", "M"},
        "class_section": {"A", "B", "C", "D"},
        "track": {"academic", "general", "vocational"},
        "extra_support": {"yes", "no"},
        "parent_education": {"primary", "secondary", "tertiary"},
        "internet_at_home": {"yes", "no"},
        "part_time_job": {"yes", "no"},
        "passed": {"pass", "fail"},
        "dropped_out": {"yes", "no"},
        "letter_grade": {"A", "B", "C", "D", "F"},
    }
    for col, values in expected.items():
        assert set(committed[col].dropna()) == values, col


def test_ranges(committed):
    for col in SCORE_COLUMNS + RATE_COLUMNS:
        s = committed[col].dropna()
        assert s.between(0, 100).all(), col
    assert committed["age"].between(15, 18).all()
    assert committed["absences"].between(0, gen.SCHOOL_DAYS).all()
    assert committed["study_hours_week"].dropna().between(0, 40).all()
    assert committed["sleep_hours"].dropna().between(4, 11).all()
    assert committed["commute_minutes"].between(0, 120).all()
    assert (committed["lms_logins_month"].dropna() >= 0).all()
    assert (committed["forum_posts"] >= 0).all()
    for col in ["age", "absences", "quiz_1", "quiz_2", "quiz_3", "forum_posts", "commute_minutes"]:
        assert pd.api.types.is_integer_dtype(committed[col]), col
    logins = committed["lms_logins_month"].dropna()
    assert (logins == logins.round()).all()


def test_missing_rates_in_documented_bands(committed):
    rates = committed.isna().mean()
    for col, (lo, hi) in MISSING_BANDS.items():
        assert lo <= rates[col] <= hi, (col, rates[col])
    complete = [c for c in EXPECTED_COLUMNS if c not in MISSING_BANDS]
    assert rates[complete].eq(0).all(), rates[complete][rates[complete] > 0]


def test_outcome_summary_is_realistic(committed):
    final = committed["final_exam"]
    assert 60 <= final.mean() <= 70
    assert 12 <= final.std() <= 16
    assert 0.70 <= (committed["passed"] == "pass").mean() <= 0.80
    assert 0.08 <= (committed["dropped_out"].dropna() == "yes").mean() <= 0.15


# --------------------------------------------------------------------------
# Documented relations
# --------------------------------------------------------------------------


def test_final_exam_tracks_attendance_and_ability_proxies(committed):
    final = committed["final_exam"]
    assert final.corr(committed["attendance_rate"]) > 0.4
    assert final.corr(committed["homework_completion"]) > 0.4
    assert final.corr(committed["study_hours_week"]) > 0.3
    quiz_mean = committed[["quiz_1", "quiz_2", "quiz_3"]].mean(axis=1)
    assert final.corr(quiz_mean) > 0.5
    assert final.corr(committed["prior_year_grade"]) > 0.5
    assert committed["attendance_rate"].corr(committed["absences"]) < -0.8
    # quizzes are informative but do not make the exam nearly deterministic
    assert final.corr(quiz_mean) < 0.85


def test_final_exam_tracks_latents(generated):
    df, hidden = generated
    assert np.corrcoef(df["final_exam"], hidden["ability"])[0, 1] > 0.5
    assert np.corrcoef(df["final_exam"], hidden["engagement"])[0, 1] > 0.5
    assert 0.15 <= np.corrcoef(hidden["ability"], hidden["engagement"])[0, 1] <= 0.5


def test_dropout_concentrated_among_low_engagement(committed, generated):
    dropped = committed["dropped_out"].map({"yes": 1.0, "no": 0.0})
    low = (
        (committed["attendance_rate"] < committed["attendance_rate"].quantile(0.25))
        | (committed["homework_completion"] < committed["homework_completion"].quantile(0.25))
    )
    assert dropped[low].mean() > 3 * dropped[~low].mean()
    _, hidden = generated
    eng_low = hidden["engagement"] < hidden["engagement"].quantile(0.25)
    assert dropped[eng_low].mean() > 3 * dropped[~eng_low].mean()
    job = committed["part_time_job"] == "yes"
    assert dropped[job].mean() > dropped[~job].mean()


def test_letter_grade_and_passed_follow_documented_rules(committed, generated):
    _, hidden = generated
    mark = hidden["course_mark"]
    expected_letter = np.select(
        [mark >= 85, mark >= 75, mark >= 65, mark >= 60], ["A", "B", "C", "D"], "F"
    )
    assert (committed["letter_grade"].to_numpy() == expected_letter).all()
    assert ((committed["passed"] == "pass") == (mark >= 60)).all()
    # observable consistency: pass <=> letter A-D
    assert ((committed["passed"] == "pass") == committed["letter_grade"].isin(list("ABCD"))).all()
    # course_mark = 0.6*final_exam + 0.4*coursework (final_exam rounded to 0.1)
    np.testing.assert_allclose(
        mark, 0.6 * committed["final_exam"] + 0.4 * hidden["coursework"], atol=0.6 * 0.05 + 1e-9
    )
    means = committed.groupby("letter_grade")["final_exam"].mean()
    assert means["A"] > means["B"] > means["C"] > means["D"] > means["F"]


def test_subject_scores_correlate_with_each_other_and_ability(committed, generated):
    _, hidden = generated
    subjects = committed[["math_score", "reading_score", "science_score"]]
    corr = subjects.corr()
    assert (corr.to_numpy()[np.triu_indices(3, 1)] > 0.4).all()
    for col in subjects:
        ok = subjects[col].notna()
        assert np.corrcoef(subjects[col][ok], hidden["ability"][ok])[0, 1] > 0.4
    # reading leans on engagement more than math and science do
    r = {
        col: np.corrcoef(subjects[col][subjects[col].notna()],
                         hidden["engagement"][subjects[col].notna()])[0, 1]
        for col in subjects
    }
    assert r["reading_score"] > r["math_score"] and r["reading_score"] > r["science_score"]


def test_extra_support_is_a_confounder(committed, generated):
    """Supported students score lower (they were weaker), though support helps."""
    _, hidden = generated
    support = committed["extra_support"] == "yes"
    assert 0.10 <= support.mean() <= 0.35
    assert hidden["ability"][support].mean() < hidden["ability"][~support].mean() - 0.3
    assert committed["final_exam"][support].mean() < committed["final_exam"][~support].mean()


def test_demographics_have_no_direct_effect(generated):
    """Conditional on the latents, gender adds nothing to final_exam."""
    df, hidden = generated
    x = np.column_stack([
        np.ones(len(df)), hidden["ability"], hidden["engagement"],
        df["attendance_rate"], df["homework_completion"],
        (df["gender"] == "F").astype(float), df["age"].astype(float),
    ])
    y = df["final_exam"].to_numpy()
    ok = df["study_hours_week"].notna().to_numpy()
    coef, *_ = np.linalg.lstsq(x[ok], y[ok], rcond=None)
    assert abs(coef[5]) < 3.0  # gender: true effect 0 (noise sd 8.5, n ~ 280)
    assert abs(coef[6]) < 2.5  # age: true effect 0


def test_actionable_columns_are_inputs():
    assert set(gen.ACTIONABLE_COLUMNS) <= set(gen.INPUT_COLUMNS)
    assert not set(gen.ACTIONABLE_COLUMNS) & set(gen.SENSITIVE_COLUMNS)
    assert gen.ACTIONABLE_COLUMNS["attendance_rate"] == 1
    assert gen.ACTIONABLE_COLUMNS["absences"] == -1
    assert set(gen.NON_CAUSAL_MARKERS) <= set(gen.INPUT_COLUMNS)
    assert not set(gen.NON_CAUSAL_MARKERS) & set(gen.ACTIONABLE_COLUMNS)
    assert set(gen.ACTIONABLE_COLUMNS.values()) <= {-1, 1}


def test_direct_effects_of_actionable_inputs_are_recoverable(generated):
    """Holding the latents fixed, final_exam responds to attendance, homework,
    study hours and extra support with the documented coefficients, so moving
    them towards the class median has a real positive effect."""
    df, hidden = generated
    ok = df["study_hours_week"].notna().to_numpy()
    x = np.column_stack([
        np.ones(len(df)), hidden["ability"], hidden["engagement"],
        df["attendance_rate"] - 90, df["homework_completion"] - 75,
        df["study_hours_week"] - 6, df["extra_support"] == "yes",
        df["class_section"] == "B",
    ]).astype(float)[ok]
    y = df["final_exam"].to_numpy()[ok]
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    se = np.sqrt(np.diag(resid @ resid / (len(y) - x.shape[1]) * np.linalg.inv(x.T @ x)))
    documented = {1: 8.0, 2: 3.5, 3: 0.25, 4: 0.10, 5: 0.8, 6: 3.0, 7: 2.0}
    for j, value in documented.items():
        assert abs(coef[j] - value) < 3 * se[j], (j, coef[j], se[j])
    for j in (3, 4, 5, 6):  # attendance, homework, study hours, extra support
        assert coef[j] > 0, j
