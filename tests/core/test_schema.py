"""Tests for mtl_core.data.schema: role and value-type inference, role overrides, the editable role table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mtl_core import ConfigError, load_table
from mtl_core.data.schema import ROLE_HELP, Role, Schema, ValueType, infer_schema, value_type
from mtl_core.tasks import TaskKind

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"

# The data dictionary of sample_data/README.md: English name, Chinese name, documented role.
DOCUMENTED = [
    ("student_id", "学号", Role.ID), ("name", "姓名", Role.NAME),
    ("gender", "性别", Role.SENSITIVE), ("age", "年龄", Role.SENSITIVE),
    ("class_section", "班级", Role.INPUT), ("track", "课程方向", Role.INPUT),
    ("attendance_rate", "出勤率", Role.INPUT), ("absences", "缺勤次数", Role.INPUT),
    ("homework_completion", "作业完成率", Role.INPUT), ("study_hours_week", "每周学习时长", Role.INPUT),
    ("prior_year_grade", "上学年成绩", Role.INPUT), ("quiz_1", "测验1", Role.INPUT),
    ("quiz_2", "测验2", Role.INPUT), ("quiz_3", "测验3", Role.INPUT),
    ("lms_logins_month", "每月平台登录次数", Role.INPUT), ("forum_posts", "论坛发帖数", Role.INPUT),
    ("extra_support", "额外辅导", Role.INPUT), ("parent_education", "家长学历", Role.INPUT),
    ("internet_at_home", "家中有网络", Role.INPUT), ("part_time_job", "兼职工作", Role.INPUT),
    ("sleep_hours", "每晚睡眠时长", Role.INPUT), ("commute_minutes", "通勤时间分钟", Role.INPUT),
    ("final_exam", "期末考试", Role.TARGET), ("passed", "是否及格", Role.TARGET),
    ("dropped_out", "是否辍学", Role.TARGET), ("math_score", "数学", Role.TARGET),
    ("reading_score", "语文/阅读", Role.TARGET), ("science_score", "科学", Role.TARGET),
    ("letter_grade", "等级", Role.TARGET),
]


def role_of(column: str, values) -> Role:
    """The inferred role of one column called ``column`` holding ``values``."""
    return infer_schema(pd.DataFrame({column: values}))[column].role


def scores(n: int = 30, seed: int = 0) -> list[float]:
    """Numbers with many distinct values, like marks."""
    return np.random.default_rng(seed).normal(60, 12, n).round(1).tolist()


# --------------------------------------------------------------------------- roles from names


@pytest.mark.parametrize("column", ["student_id", "StudentID", "ID", "sid", "学号", "编号", "考号", "学籍号"])
def test_unique_identifier_columns_are_ids(column):
    assert role_of(column, [f"S{i:03d}" for i in range(30)]) is Role.ID


def test_an_id_name_with_repeated_values_is_not_an_id():
    assert role_of("学号", ["A", "B", "C"] * 10) is Role.INPUT


@pytest.mark.parametrize("column", ["name", "student_name", "full name", "姓名", "学生姓名"])
def test_name_columns_are_names(column):
    assert role_of(column, [f"Student {i}" for i in range(30)]) is Role.NAME


@pytest.mark.parametrize("column,values", [
    ("gender", ["F", "M"] * 15), ("sex", ["F", "M"] * 15), ("age", [15, 16, 17] * 10),
    ("性别", ["女", "男"] * 15), ("年龄", [15, 16, 17] * 10), ("民族", ["汉", "回"] * 15),
])
def test_personal_characteristics_are_sensitive(column, values):
    schema = infer_schema(pd.DataFrame({column: values}))
    assert schema[column].role is Role.SENSITIVE
    assert "personal characteristic" in schema[column].reason


@pytest.mark.parametrize("column", [
    "final_exam", "final grade", "passed", "dropout", "G3", "exam_score", "期末考试", "期末成绩", "数学", "总评",
])
def test_outcome_names_are_targets(column):
    schema = infer_schema(pd.DataFrame({column: scores()}))
    assert schema[column].role is Role.TARGET
    assert "suggests an outcome" in schema[column].reason


@pytest.mark.parametrize("column", [
    "quiz_score", "prior_year_grade", "homework_grade", "previousGrade", "midterm_score", "test_result",
    "G1", "G2", "上学年成绩", "测验1", "期中考试", "作业成绩", "平时成绩",
])
def test_earlier_marks_are_inputs_despite_outcome_words(column):
    assert role_of(column, scores()) is Role.INPUT


def test_chinese_pass_column_with_yes_no_values_is_a_binary_target():
    info = infer_schema(pd.DataFrame({"是否及格": ["是", "否"] * 15}))["是否及格"]
    assert (info.role, info.suggested_kind) == (Role.TARGET, TaskKind.BINARY)


@pytest.mark.parametrize("column", ["paid", "valid", "kid_count", "idea"])
def test_words_that_merely_contain_id_are_not_ids(column):
    # 15 unique values: an ID by name would be an ID; 'every value differs' needs more than 20 students
    assert role_of(column, [f"v{i}" for i in range(15)]) is Role.INPUT
    assert role_of("id", [f"v{i}" for i in range(15)]) is Role.ID
    assert role_of(column, ["yes", "no"] * 15) is Role.INPUT


def test_unique_codes_without_a_hint_look_like_ids_but_unique_numbers_do_not():
    codes = infer_schema(pd.DataFrame({"code": [f"c{i}" for i in range(30)]}))["code"]
    assert (codes.role, codes.reason) == (Role.ID, "every value is different, like an identifier")
    assert role_of("row", list(range(30))) is Role.INPUT


def test_empty_and_free_text_columns_are_ignored():
    frame = pd.DataFrame({
        "notes": [f"comment number {i}" for i in range(60)],
        "blank": [np.nan] * 60,
        "attendance": np.linspace(50, 100, 60),
    })
    schema = infer_schema(frame)
    assert [schema[c].role for c in frame.columns] == [Role.IGNORE, Role.IGNORE, Role.INPUT]
    assert schema["blank"].reason == "the column is empty"
    assert schema["notes"].reason == "free text with almost one value per student"


def test_roles_argument_overrides_the_guess():
    frame = pd.DataFrame({"gender": ["F", "M"] * 5, "hours": range(10)})
    schema = infer_schema(frame, roles={"gender": "input"})
    assert schema["gender"].role is Role.INPUT and schema["gender"].reason == "set by you"
    assert schema.inputs == ["gender", "hours"]


# --------------------------------------------------------------------------- value types


@pytest.mark.parametrize("values,expected", [
    ([1, 2, 3, 4], ValueType.NUMERIC),
    ([1.5, np.nan, 3.0, 4.0], ValueType.NUMERIC),
    (["95%", "80%", "72.5%", "60%"], ValueType.NUMERIC),
    ([" 12.5 ", "13", "１４", "15"], ValueType.NUMERIC),  # spaces and full-width digits
    (["90", "85", "absent", "70", "88"], ValueType.NUMERIC),  # 80 % numbers is enough
    (["90", "absent", "absent", "70"], ValueType.CATEGORICAL),
    (["yes", "no", "yes", "no"], ValueType.CATEGORICAL),
    ([True, False, True, True], ValueType.CATEGORICAL),
    ([f"t{i}" for i in range(51)], ValueType.TEXT),
    ([f"t{i % 50}" for i in range(60)], ValueType.CATEGORICAL),  # 50 values is still categories
    ([np.nan, np.nan, None], ValueType.EMPTY),
    (["", "  ", None], ValueType.EMPTY),
    ([], ValueType.EMPTY),
])
def test_value_type(values, expected):
    assert value_type(pd.Series(values, dtype=object if not values else None)) is expected


def test_column_info_counts_missing_and_distinct_values():
    info = infer_schema(pd.DataFrame({"hours": [1.0, 2.0, 2.0, np.nan, 3.0]}))["hours"]
    assert (info.value_type, info.n_missing, info.n_unique) == (ValueType.NUMERIC, 1, 3)
    assert info.suggested_kind is TaskKind.REGRESSION


def test_suggested_kind_is_none_for_many_categories():
    many = infer_schema(pd.DataFrame({"club": [f"c{i % 25}" for i in range(100)]}))["club"]
    few = infer_schema(pd.DataFrame({"track": ["a", "b", "c"] * 10}))["track"]
    assert many.suggested_kind is None
    assert few.suggested_kind is TaskKind.MULTICLASS


def test_duplicated_column_names_keep_the_first():
    frame = pd.DataFrame([[1, "x", 3.0]], columns=["a", "a", "b"])
    schema = infer_schema(frame)
    assert schema.names == ["a", "b"]
    assert schema["a"].value_type is ValueType.NUMERIC


# --------------------------------------------------------------------------- with_roles and the role table


def small_schema() -> Schema:
    return infer_schema(pd.DataFrame({
        "student_id": [f"S{i}" for i in range(12)], "attendance": range(12), "final_exam": range(12),
    }))


def test_with_roles_changes_only_the_named_columns_and_returns_a_copy():
    schema = small_schema()
    changed = schema.with_roles({"attendance": Role.IGNORE, "final_exam": "input"})
    assert [c.role for c in changed.columns] == [Role.ID, Role.IGNORE, Role.INPUT]
    assert [c.role for c in schema.columns] == [Role.ID, Role.INPUT, Role.TARGET]
    assert changed["attendance"].reason == "set by you"
    assert changed.with_roles({"student_id": "id"})["student_id"].reason == schema["student_id"].reason


def test_with_roles_unknown_column_names_close_matches():
    with pytest.raises(ConfigError) as caught:
        small_schema().with_roles({"atendance": "ignore"})
    assert str(caught.value) == "Column 'atendance' is not in the table. Did you mean 'attendance'?"


def test_with_roles_unknown_column_without_close_match_lists_columns():
    with pytest.raises(ConfigError, match="'zzz' is not in the table. Available columns: 'student_id', "
                                          "'attendance', 'final_exam'."):
        small_schema().with_roles({"zzz": "ignore"})


def test_with_roles_unknown_role_lists_the_available_roles():
    with pytest.raises(ConfigError) as caught:
        small_schema().with_roles({"attendance": "feature"})
    assert str(caught.value) == ("Unknown role 'feature' for column 'attendance'. "
                                 "Available: id, name, input, target, sensitive, ignore.")


def test_getitem_and_contains():
    schema = small_schema()
    assert "attendance" in schema and "nope" not in schema
    assert (schema.id_column, schema.name_column) == ("student_id", None)
    assert schema.with_role("target") == ["final_exam"]
    with pytest.raises(ConfigError, match="Did you mean 'final_exam'"):
        schema["final exam"]


def test_role_help_explains_every_role():
    assert set(ROLE_HELP) == set(Role)
    assert all(text.strip() for text in ROLE_HELP.values())


def test_to_frame_describes_every_column():
    table = small_schema().to_frame()
    assert table.columns.tolist() == ["column", "role", "type", "missing", "distinct", "kind if predicted", "why"]
    assert table["column"].tolist() == ["student_id", "attendance", "final_exam"]
    assert table["role"].tolist() == ["id", "input", "target"]
    assert table["type"].tolist() == ["categorical", "numeric", "numeric"]
    assert table["distinct"].tolist() == [12, 12, 12]
    assert table["kind if predicted"].tolist()[1:] == ["regression", "regression"]


def test_to_frame_and_roles_from_frame_round_trip():
    schema = small_schema()
    assert schema.roles_from_frame(schema.to_frame()) == schema
    edited = schema.to_frame()
    edited.loc[edited["column"] == "attendance", "role"] = "sensitive"
    changed = schema.roles_from_frame(edited)
    assert changed["attendance"].role is Role.SENSITIVE
    assert changed.roles_from_frame(changed.to_frame()) == changed


def test_roles_from_frame_refuses_an_unknown_role():
    edited = small_schema().to_frame()
    edited.loc[0, "role"] = "student"
    with pytest.raises(ConfigError, match="Unknown role 'student' for column 'student_id'"):
        small_schema().roles_from_frame(edited)


# --------------------------------------------------------------------------- the sample classes


def expected_roles(chinese: bool) -> dict[str, Role]:
    return {(zh if chinese else en): role for en, zh, role in DOCUMENTED}


def test_sample_class_roles_match_the_documentation(sample_class):
    schema = infer_schema(sample_class)
    assert schema.names == [en for en, _, _ in DOCUMENTED]
    assert {c.name: c.role for c in schema.columns} == expected_roles(chinese=False)
    assert (schema.id_column, schema.name_column) == ("student_id", "name")
    assert len(schema.inputs) == 18 and len(schema.with_role("target")) == 7


def test_chinese_sample_class_roles_match_the_documentation():
    table = load_table(SAMPLE_DIR / "class_zh.csv")
    assert table.encoding == "gb18030"
    schema = infer_schema(table.frame)
    assert {c.name: c.role for c in schema.columns} == expected_roles(chinese=True)
    assert (schema.id_column, schema.name_column) == ("学号", "姓名")
    assert schema.with_role("sensitive") == ["性别", "年龄"]


def test_sample_class_outcome_kinds(sample_class):
    schema = infer_schema(sample_class)
    kinds = {name: schema[name].suggested_kind for name in schema.with_role("target")}
    assert kinds == {
        "final_exam": TaskKind.REGRESSION, "passed": TaskKind.BINARY, "dropped_out": TaskKind.BINARY,
        "math_score": TaskKind.REGRESSION, "reading_score": TaskKind.REGRESSION,
        "science_score": TaskKind.REGRESSION, "letter_grade": TaskKind.MULTICLASS,
    }
    assert schema["dropped_out"].n_missing == 36


# --------------------------------------------------------------------------- roles from values as well as names
# Every rule is tested with an English and a Chinese header: both languages get the same treatment.


def school(n: int = 60, schools: int = 4) -> list[int]:
    """A school code per student: 1001, 1002, ... each shared by n / schools students."""
    return [1001 + i % schools for i in range(n)]


@pytest.mark.parametrize("column, values", [
    ("Grade", [f"G-{g:02d}" for g in range(2, 13)] * 3),
    ("grade", ["Grade 9", "Grade 10", "Grade 11", "Grade 12"] * 8),
    ("Grade", ["Year 7", "Year 8", "Year 9", "Year 10", "Year 11"] * 6),
    ("grade", ["K", "1st", "2nd", "3rd", "4th", "5th"] * 5),
    ("等级", ["初一", "初二", "初三", "高一", "高二", "高三"] * 5),
    ("成绩", ["七年级", "八年级", "九年级"] * 10),
])
def test_school_years_are_inputs_even_when_the_name_says_grade(column, values):
    info = infer_schema(pd.DataFrame({column: values}))[column]
    assert (info.role, info.value_type) == (Role.INPUT, ValueType.CATEGORICAL)
    assert "school years" in info.reason


@pytest.mark.parametrize("column", ["grade level", "year group", "年级"])
def test_school_year_names_are_inputs(column):
    assert role_of(column, ["a", "b", "c"] * 10) is Role.INPUT


@pytest.mark.parametrize("column", ["letter_grade", "等级"])
def test_letter_grades_stay_outcomes(column):
    assert role_of(column, ["A", "B", "C", "D", "F"] * 6) is Role.TARGET


@pytest.mark.parametrize("column", ["school", "School code", "school_id", "class", "district", "lea", "学校",
                                    "学校代码", "班级", "班级编号", "地区"])
def test_whole_numbers_that_name_a_group_are_categories_not_numbers(column):
    info = infer_schema(pd.DataFrame({column: school()}))[column]
    assert (info.role, info.value_type) == (Role.INPUT, ValueType.CATEGORICAL)
    assert "not quantities" in info.reason


@pytest.mark.parametrize("column", ["class size", "school_year_count", "班级人数", "学校排名"])
def test_quantities_about_a_group_stay_numbers(column):
    info = infer_schema(pd.DataFrame({column: [20 + i % 17 for i in range(60)]}))[column]
    assert (info.role, info.value_type) == (Role.INPUT, ValueType.NUMERIC)


@pytest.mark.parametrize("group, number", [("school", "pupil"), ("school", "student_number"),
                                           ("学校", "学生编号"), ("班级", "序号")])
def test_a_number_unique_within_each_school_is_an_identifier_not_a_measurement(group, number):
    frame = pd.DataFrame({group: school(60, 3), number: [1 + i // 3 for i in range(60)],  # 1..20 in each school
                          "attendance": np.linspace(60, 100, 60)})
    schema = infer_schema(frame)
    assert schema[number].role is Role.IGNORE and f"unique within each '{group}'" in schema[number].reason
    assert schema[group].value_type is ValueType.CATEGORICAL and schema["attendance"].role is Role.INPUT


def test_a_repeated_number_that_is_not_unique_within_schools_stays_a_number():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"school": school(60, 3), "absences": rng.integers(0, 6, 60)})
    assert infer_schema(frame)["absences"].value_type is ValueType.NUMERIC


@pytest.mark.parametrize("column", ["student", "pupil", "学生"])
def test_a_student_column_holds_names_or_identifiers_by_its_values(column):
    assert role_of(column, [f"Doe{'abcdefghij'[i % 10]}, Jane{'klmnopqrst'[i // 10]}" for i in range(30)]) is Role.NAME
    assert role_of(column, [f"T{i:05d}" for i in range(30)]) is Role.ID
    assert role_of(column, list(range(1, 31))) is Role.ID


@pytest.mark.parametrize("column", [
    "SES", "ses_quartile", "famSES", "socio-economic status", "socioeconomic", "ethnicity", "ethnic group",
    "disability", "nationality", "religion", "free lunch", "社会经济地位", "家庭经济状况", "民族", "种族", "残疾",
    "国籍", "宗教", "贫困生",
])
def test_socio_economic_status_ethnicity_disability_nationality_religion_are_sensitive(column):
    schema = infer_schema(pd.DataFrame({column: ["low", "mid", "high"] * 10}))
    assert schema[column].role is Role.SENSITIVE
    assert "personal characteristic" in schema[column].reason


@pytest.mark.parametrize("english, chinese", [("math", "数学"), ("Mathematics", "数学成绩"), ("english", "英语"),
                                              ("science", "科学"), ("physics", "物理"), ("history", "历史")])
def test_subject_scores_are_outcomes_in_both_languages(english, chinese):
    frame = pd.DataFrame({english: scores(), chinese: scores(seed=1)})
    schema = infer_schema(frame)
    assert schema[english].role is Role.TARGET and schema[chinese].role is Role.TARGET


@pytest.mark.parametrize("english, chinese", [("math quiz", "数学测验"), ("previous english", "上学期英语")])
def test_earlier_subject_marks_are_inputs_in_both_languages(english, chinese):
    frame = pd.DataFrame({english: scores(), chinese: scores(seed=1)})
    schema = infer_schema(frame)
    assert schema[english].role is Role.INPUT and schema[chinese].role is Role.INPUT


@pytest.mark.parametrize("column", ["Email address", "username", "邮箱", "用户名"])
def test_logins_and_emails_identify_students(column):
    assert role_of(column, [f"s{i}@school.org" for i in range(30)]) is Role.ID


def test_uci_portuguese_roles_stay_sensible(uci_csv):
    schema = infer_schema(load_table(uci_csv).frame)
    roles = {c.name: c.role for c in schema.columns}
    assert [c for c, r in roles.items() if r is Role.SENSITIVE] == ["sex", "age"]
    assert [c for c, r in roles.items() if r is Role.TARGET] == ["G3"]
    assert all(r is Role.INPUT for c, r in roles.items() if c not in ("sex", "age", "G3"))
    assert schema["school"].value_type is ValueType.CATEGORICAL and schema["absences"].value_type is ValueType.NUMERIC


@pytest.mark.parametrize("columns, latest", [
    (["mathk", "math1", "math2", "math3"], "math3"),  # STAR: kindergarten to grade 3
    (["Math 1", "Math 2"], "Math 2"),
    (["score_2019", "score_2020", "score_2021"], "score_2021"),
    (["数学1", "数学2", "数学3"], "数学3"),
])
def test_of_a_series_of_one_measure_only_the_latest_is_an_outcome(columns, latest):
    """STAR's grade-1 and grade-2 maths scores were guessed as outcomes beside grade 3, so the networks never saw a
    pupil's earlier maths (its grade-3 error rose by 12 %): the earlier steps of a series are prior attainment."""
    frame = pd.DataFrame({c: scores(seed=i) for i, c in enumerate(columns)})
    schema = infer_schema(frame)
    assert schema[latest].role is Role.TARGET
    assert all(schema[c].role is Role.INPUT for c in columns if c != latest)
    moved = [c for c in columns if c != latest and c != "mathk"]  # "mathk" has no outcome word: an input anyway
    assert all(schema[c].reason == f"an earlier step of the same measure as '{latest}' (what a student scored "
                                   "before): used to predict it" for c in moved)


def test_a_lone_step_or_two_columns_at_one_step_stay_outcomes():
    frame = pd.DataFrame({"math3": scores(), "final_exam": scores(seed=1)})
    assert infer_schema(frame)["math3"].role is Role.TARGET
    same_step = pd.DataFrame({"math1": scores(), "Math_1": scores(seed=1), "reading": scores(seed=2)})
    schema = infer_schema(same_step)
    assert schema["math1"].role is Role.TARGET and schema["Math_1"].role is Role.TARGET  # nothing to order
