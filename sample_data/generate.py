"""Generate the seeded, synthetic EduMTL sample class.

The class is entirely synthetic: every student, name and number below comes
from the generative model in this file (documented, with the same
coefficients, in ``sample_data/README.md``). No real person is described.

Regenerate the committed files with::

    .venv/bin/python sample_data/generate.py            # writes next to this script
    .venv/bin/python sample_data/generate.py --out DIR --n 300 --seed 2026

Outputs: ``class.csv`` (UTF-8), ``class.xlsx`` (sheet "class") and
``class_zh.csv`` (Chinese headers, GB18030). Running the script twice gives
byte-identical CSV files.

This script depends only on numpy, pandas and openpyxl; it deliberately does
not import ``mtl_core``, so the data cannot silently follow the model code.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_N = 300
DEFAULT_SEED = 2026
SCHOOL_DAYS = 90  # school days in the term, for `absences`

# --------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------

IDENTIFIER_COLUMNS = ("student_id",)
DISPLAY_NAME_COLUMNS = ("name",)
SENSITIVE_COLUMNS = ("gender", "age")
INPUT_COLUMNS = (
    "class_section",
    "track",
    "attendance_rate",
    "absences",
    "homework_completion",
    "study_hours_week",
    "prior_year_grade",
    "quiz_1",
    "quiz_2",
    "quiz_3",
    "lms_logins_month",
    "forum_posts",
    "extra_support",
    "parent_education",
    "internet_at_home",
    "part_time_job",
    "sleep_hours",
    "commute_minutes",
)
OUTCOME_COLUMNS = (
    "final_exam",
    "passed",
    "dropped_out",
    "math_score",
    "reading_score",
    "science_score",
    "letter_grade",
)
COLUMNS = (
    IDENTIFIER_COLUMNS
    + DISPLAY_NAME_COLUMNS
    + SENSITIVE_COLUMNS
    + INPUT_COLUMNS
    + OUTCOME_COLUMNS
)

# Inputs a teacher or student can change AND that have a causal path to
# outcomes in the generative model, with the direction that helps
# (+1: higher is better, -1: lower is better; for yes/no columns +1 means
# "yes" helps, -1 means "no" helps). See README for per-outcome effects.
ACTIONABLE_COLUMNS = {
    "attendance_rate": +1,
    "absences": -1,
    "homework_completion": +1,
    "study_hours_week": +1,
    "extra_support": +1,
    "sleep_hours": +1,
    "part_time_job": -1,
}

# Changeable, and correlated with good outcomes, but with NO causal effect in
# the generative model: they are only markers of the latent engagement.
# Recommending "post more on the forum" would be a spurious suggestion.
NON_CAUSAL_MARKERS = ("lms_logins_month", "forum_posts")

CHINESE_COLUMNS = {
    "student_id": "学号",
    "name": "姓名",
    "gender": "性别",
    "age": "年龄",
    "class_section": "班级",
    "track": "课程方向",
    "attendance_rate": "出勤率",
    "absences": "缺勤次数",
    "homework_completion": "作业完成率",
    "study_hours_week": "每周学习时长",
    "prior_year_grade": "上学年成绩",
    "quiz_1": "测验1",
    "quiz_2": "测验2",
    "quiz_3": "测验3",
    "lms_logins_month": "每月平台登录次数",
    "forum_posts": "论坛发帖数",
    "extra_support": "额外辅导",
    "parent_education": "家长学历",
    "internet_at_home": "家中有网络",
    "part_time_job": "兼职工作",
    "sleep_hours": "每晚睡眠时长",
    "commute_minutes": "通勤时间分钟",
    "final_exam": "期末考试",
    "passed": "是否及格",
    "dropped_out": "是否辍学",
    "math_score": "数学",
    "reading_score": "语文/阅读",
    "science_score": "科学",
    "letter_grade": "等级",
}

# Exact fraction of rows left empty per column (rounded to whole rows).
MISSING_FRACTIONS = {
    "dropped_out": 0.12,
    "math_score": 0.05,
    "reading_score": 0.05,
    "science_score": 0.05,
    "study_hours_week": 0.06,
    "lms_logins_month": 0.03,
    "prior_year_grade": 0.04,
    "sleep_hours": 0.05,
}

PASS_MARK = 60.0
GRADE_CUTS = (("A", 85.0), ("B", 75.0), ("C", 65.0), ("D", 60.0))  # else "F"

# --------------------------------------------------------------------------
# Names (common given names and surnames combined at random; no real people)
# --------------------------------------------------------------------------

_EN_FIRST_F = (
    "Emma", "Olivia", "Ava", "Sophia", "Isabella", "Mia", "Amelia", "Harper",
    "Evelyn", "Abigail", "Emily", "Ella", "Grace", "Chloe", "Lily", "Hannah",
    "Zoe", "Nora", "Lucy", "Anna", "Sarah", "Maya", "Ruby", "Alice",
)
_EN_FIRST_M = (
    "Liam", "Noah", "Oliver", "Elijah", "James", "William", "Benjamin",
    "Lucas", "Henry", "Alexander", "Mason", "Ethan", "Daniel", "Jacob",
    "Logan", "Jack", "Samuel", "Owen", "Leo", "Ryan", "Nathan", "Adam",
    "Thomas", "David",
)
_EN_LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
    "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson",
    "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall",
    "Allen", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams",
    "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Evans",
)
_ZH_SURNAME = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "林")
_ZH_GIVEN_F = ("芳", "静", "丽", "敏", "婷", "雪", "娟", "慧", "欣怡", "雨桐", "佳琪", "梓涵", "思雨", "晓燕")
_ZH_GIVEN_M = ("伟", "强", "磊", "军", "洋", "杰", "涛", "斌", "浩然", "子轩", "宇航", "俊杰", "博文", "志明")

CHINESE_NAME_SHARE = 0.15

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _logistic(x: np.ndarray) -> np.ndarray:
    """Standard logistic function 1 / (1 + exp(-x))."""
    return 1.0 / (1.0 + np.exp(-x))


def _yes_no(flag: np.ndarray) -> np.ndarray:
    """Map a boolean array to "yes"/"no" strings."""
    return np.where(flag, "yes", "no")


# --------------------------------------------------------------------------
# Column groups (called in a fixed order: the order fixes the random stream)
# --------------------------------------------------------------------------


def _background(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Section, track, family background, job, commute and sleep.

    None of these depend on the latent factors; the latents depend on some
    of them (see ``_latents``).
    """
    section = rng.choice(np.array(["A", "B", "C", "D"]), size=n)
    track = rng.choice(
        np.array(["academic", "general", "vocational"]), size=n, p=[0.40, 0.35, 0.25]
    )
    parent_edu = rng.choice(
        np.array(["primary", "secondary", "tertiary"]), size=n, p=[0.20, 0.50, 0.30]
    )
    p_internet = np.select(
        [parent_edu == "primary", parent_edu == "secondary"], [0.70, 0.85], 0.95
    )
    internet = rng.random(n) < p_internet
    p_job = _logistic(-1.6 + 0.8 * (track == "vocational") + 0.5 * (parent_edu == "primary"))
    job = rng.random(n) < p_job
    commute = np.clip(np.round(np.exp(np.log(20.0) + 0.6 * rng.standard_normal(n))), 2, 90)
    sleep = np.clip(7.3 - 0.6 * job + 0.7 * rng.standard_normal(n), 4.5, 10.0)
    return pd.DataFrame(
        {
            "class_section": section,
            "track": track,
            "parent_education": parent_edu,
            "internet_at_home": _yes_no(internet),
            "part_time_job": _yes_no(job),
            "commute_minutes": commute.astype(int),
            "sleep_hours": sleep,
        }
    )


def _latents(rng: np.random.Generator, bg: pd.DataFrame) -> pd.DataFrame:
    """Unobserved `ability` and `engagement` (both roughly standard normal).

    ability    = 0.9*z_a + 0.2*pe + 0.3*tr
    engagement = 0.3*z_a + 0.85*z_e + 0.25*(sleep_hours - 7) - 0.4*job
    with z_a, z_e independent N(0, 1); pe = -1/0/+1 for primary/secondary/
    tertiary parent education; tr = +1/0/-1 for academic/general/vocational.
    """
    n = len(bg)
    z_a = rng.standard_normal(n)
    z_e = rng.standard_normal(n)
    pe = bg["parent_education"].map({"primary": -1, "secondary": 0, "tertiary": 1}).to_numpy()
    tr = bg["track"].map({"academic": 1, "general": 0, "vocational": -1}).to_numpy()
    job = (bg["part_time_job"] == "yes").to_numpy()
    ability = 0.9 * z_a + 0.2 * pe + 0.3 * tr
    engagement = 0.3 * z_a + 0.85 * z_e + 0.25 * (bg["sleep_hours"].to_numpy() - 7.0) - 0.4 * job
    return pd.DataFrame({"ability": ability, "engagement": engagement})


def _demographics(rng: np.random.Generator, ability: np.ndarray) -> pd.DataFrame:
    """Gender (no effect on anything but the first name) and age.

    age = base + repeated, base in {15, 16, 17} with p = (.35, .45, .20),
    repeated ~ Bernoulli(logistic(-2.0 - 0.9*ability)), capped at 18. Age is
    related to ability only through grade repetition; it has no direct
    effect on any outcome.
    """
    n = len(ability)
    gender = rng.choice(np.array(["F", "M"]), size=n)
    base = rng.choice(np.array([15, 16, 17]), size=n, p=[0.35, 0.45, 0.20])
    repeated = rng.random(n) < _logistic(-2.0 - 0.9 * ability)
    age = np.minimum(base + repeated, 18)
    return pd.DataFrame({"gender": gender, "age": age.astype(int)})


def _names(rng: np.random.Generator, gender: np.ndarray) -> pd.DataFrame:
    """IDs S0001... and display names (about 15 % written in Chinese)."""
    n = len(gender)
    ids = [f"S{i + 1:04d}" for i in range(n)]
    chinese = rng.random(n) < CHINESE_NAME_SHARE
    u_first = rng.random(n)
    u_last = rng.random(n)
    names = []
    for g, zh, uf, ul in zip(gender, chinese, u_first, u_last):
        if zh:
            given = _ZH_GIVEN_F if g == "F" else _ZH_GIVEN_M
            names.append(_ZH_SURNAME[int(ul * len(_ZH_SURNAME))] + given[int(uf * len(given))])
        else:
            first = _EN_FIRST_F if g == "F" else _EN_FIRST_M
            names.append(f"{first[int(uf * len(first))]} {_EN_LAST[int(ul * len(_EN_LAST))]}")
    return pd.DataFrame({"student_id": ids, "name": names})


def _behaviour(rng: np.random.Generator, bg: pd.DataFrame, lat: pd.DataFrame) -> pd.DataFrame:
    """Attendance, absences, homework, study time, LMS activity, support."""
    n = len(bg)
    eng = lat["engagement"].to_numpy()
    abil = lat["ability"].to_numpy()
    job = (bg["part_time_job"] == "yes").to_numpy()
    internet = (bg["internet_at_home"] == "yes").to_numpy()
    commute = bg["commute_minutes"].to_numpy()

    attendance = 100 * _logistic(
        2.6 + 0.7 * eng - 0.01 * (commute - 20) + 0.4 * rng.standard_normal(n)
    )
    absences = rng.binomial(SCHOOL_DAYS, (100 - attendance) / 100)
    homework = 100 * _logistic(1.3 + 0.8 * eng + 0.2 * abil + 0.8 * rng.standard_normal(n))
    study = np.clip(
        np.exp(np.log(6.0) + 0.3 * eng - 0.15 * job + 0.35 * rng.standard_normal(n)), 0.0, 20.0
    )
    logins = rng.poisson(np.exp(2.3 + 0.4 * eng + 0.5 * internet))
    posts = rng.poisson(np.exp(0.3 + 0.6 * eng + 0.2 * abil))
    support = rng.random(n) < _logistic(-1.7 - 1.1 * abil)
    return pd.DataFrame(
        {
            "attendance_rate": attendance,
            "absences": absences,
            "homework_completion": homework,
            "study_hours_week": study,
            "lms_logins_month": logins,
            "forum_posts": posts,
            "extra_support": _yes_no(support),
        }
    )


def _prior_and_quizzes(rng: np.random.Generator, lat: pd.DataFrame) -> pd.DataFrame:
    """Prior-year grade and three quizzes, mostly driven by ability."""
    n = len(lat)
    eng = lat["engagement"].to_numpy()
    abil = lat["ability"].to_numpy()
    out = {"prior_year_grade": np.clip(65 + 10 * abil + 2 * eng + 6 * rng.standard_normal(n), 0, 100)}
    for k, mu in ((1, 70.0), (2, 66.0), (3, 63.0)):
        quiz = mu + 9 * abil + 2.5 * eng + 8 * rng.standard_normal(n)
        out[f"quiz_{k}"] = np.clip(np.round(quiz), 0, 100).astype(int)
    return pd.DataFrame(out)


def _letter(course_mark: np.ndarray) -> np.ndarray:
    """Letter grade from the course mark: A>=85, B>=75, C>=65, D>=60, else F."""
    conds = [course_mark >= cut for _, cut in GRADE_CUTS]
    return np.select(conds, [g for g, _ in GRADE_CUTS], "F")


def _outcomes(
    rng: np.random.Generator, x: pd.DataFrame, lat: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Final exam, pass/fail, letter grade, dropout and subject scores.

    Returns (outcomes, hidden) where hidden holds the unobserved
    `coursework` and `course_mark` used for `passed` and `letter_grade`.
    """
    n = len(x)
    abil = lat["ability"].to_numpy()
    eng = lat["engagement"].to_numpy()
    att = x["attendance_rate"].to_numpy()
    hw = x["homework_completion"].to_numpy()
    study = x["study_hours_week"].to_numpy()
    support = (x["extra_support"] == "yes").to_numpy()
    sec_b = (x["class_section"] == "B").to_numpy()
    job = (x["part_time_job"] == "yes").to_numpy()
    absences = x["absences"].to_numpy()
    prior = x["prior_year_grade"].to_numpy()
    quiz_mean = x[["quiz_1", "quiz_2", "quiz_3"]].to_numpy().mean(axis=1)

    final = np.clip(
        64 + 8 * abil + 3.5 * eng
        + 0.25 * (att - 90) + 0.10 * (hw - 75) + 0.8 * (study - 6)
        + 3 * support + 2 * sec_b + 8.5 * rng.standard_normal(n),
        0, 100,
    )
    coursework = np.clip(
        36 + 0.5 * hw + 4 * eng + 3 * abil + 6 * rng.standard_normal(n), 0, 100
    )
    course_mark = 0.6 * final + 0.4 * coursework

    dropout_logit = (
        -3.2 - 0.9 * eng + 0.08 * (absences - 6) + 0.8 * job - 0.04 * (prior - 65)
    )
    dropped = rng.random(n) < _logistic(dropout_logit)

    shared = 3 * rng.standard_normal(n)  # common "test-day" factor across subjects
    math = 60 + 10 * abil + 2 * eng + 0.5 * (study - 6) + shared + 7 * rng.standard_normal(n)
    reading = 63 + 6 * abil + 5 * eng + 0.08 * (hw - 75) + shared + 7 * rng.standard_normal(n)
    science = 58 + 7 * abil + 0.2 * (quiz_mean - 66) + 2 * eng + shared + 7 * rng.standard_normal(n)

    outcomes = pd.DataFrame(
        {
            "final_exam": final,
            "passed": np.where(course_mark >= PASS_MARK, "pass", "fail"),
            "dropped_out": _yes_no(dropped).astype(object),
            "math_score": np.clip(math, 0, 100),
            "reading_score": np.clip(reading, 0, 100),
            "science_score": np.clip(science, 0, 100),
            "letter_grade": _letter(course_mark),
        }
    )
    hidden = pd.DataFrame({"coursework": coursework, "course_mark": course_mark})
    return outcomes, hidden


def _apply_missing(rng: np.random.Generator, df: pd.DataFrame, lat: pd.DataFrame) -> pd.DataFrame:
    """Blank out an exact number of cells per column (see MISSING_FRACTIONS).

    All columns are missing completely at random except `study_hours_week`
    (survey not returned), which is more often missing for low-engagement
    students: selection weight = logistic(-engagement).
    """
    df = df.copy()
    n = len(df)
    for col, frac in MISSING_FRACTIONS.items():
        k = int(round(frac * n))
        if col == "study_hours_week":
            w = _logistic(-lat["engagement"].to_numpy())
            rows = rng.choice(n, size=k, replace=False, p=w / w.sum())
        else:
            rows = rng.choice(n, size=k, replace=False)
        if df[col].dtype.kind in "iu":
            df[col] = df[col].astype("Int64")  # keeps counts integer in the CSV
        df.loc[rows, col] = pd.NA if df[col].dtype == "Int64" else np.nan
    return df


def _round(df: pd.DataFrame) -> pd.DataFrame:
    """Round continuous columns to 1 decimal (counts and quizzes are integers)."""
    df = df.copy()
    one_decimal = [
        "attendance_rate", "homework_completion", "study_hours_week",
        "prior_year_grade", "sleep_hours", "final_exam",
        "math_score", "reading_score", "science_score",
    ]
    df[one_decimal] = df[one_decimal].round(1)
    return df


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def generate_class_with_latents(
    n_students: int = DEFAULT_N, seed: int = DEFAULT_SEED
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (class table, hidden table) for one synthetic class.

    The hidden table is row-aligned with the class and holds the unobserved
    `ability`, `engagement`, `coursework` and `course_mark` (before rounding
    and before any values were blanked out), for tests and documentation.
    """
    rng = np.random.default_rng(seed)
    bg = _background(rng, n_students)
    lat = _latents(rng, bg)
    demo = _demographics(rng, lat["ability"].to_numpy())
    ids = _names(rng, demo["gender"].to_numpy())
    beh = _behaviour(rng, bg, lat)
    tests = _prior_and_quizzes(rng, lat)
    x = pd.concat([ids, demo, bg, beh, tests], axis=1)
    outcomes, hidden = _outcomes(rng, x, lat)
    df = pd.concat([x, outcomes], axis=1)[list(COLUMNS)]
    df = _apply_missing(rng, _round(df), lat)
    hidden = pd.concat([lat, hidden], axis=1)
    return df, hidden


def generate_class(n_students: int = DEFAULT_N, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Return the synthetic class (one row per student, columns = COLUMNS)."""
    return generate_class_with_latents(n_students, seed)[0]


def to_csv_bytes(df: pd.DataFrame, *, chinese: bool = False) -> bytes:
    """Serialise the class exactly as the committed CSV files are written.

    English: UTF-8, comma-separated, "\\n" line ends. Chinese: the same
    values with CHINESE_COLUMNS headers, encoded in GB18030.
    """
    out = df.rename(columns=CHINESE_COLUMNS) if chinese else df
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("gb18030" if chinese else "utf-8")


def write_outputs(df: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write class.csv, class.xlsx and class_zh.csv into out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "class.csv", out_dir / "class.xlsx", out_dir / "class_zh.csv"]
    paths[0].write_bytes(to_csv_bytes(df))
    df.to_excel(paths[1], sheet_name="class", index=False, engine="openpyxl")
    paths[2].write_bytes(to_csv_bytes(df, chinese=True))
    return paths


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent,
                        help="output folder (default: this script's folder)")
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="number of students")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    for path in write_outputs(generate_class(args.n, args.seed), args.out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
