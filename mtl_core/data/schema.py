"""Column roles: which columns identify a student, which are inputs, outcomes or sensitive.

:func:`infer_schema` guesses a role for every column from its name (English
and Chinese) and its values; every guess can be overridden with
:meth:`Schema.with_roles`. :func:`check` (in :mod:`mtl_core.data.validation`)
then finds every problem at once.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"student_id": ["a", "b"], "gender": ["F", "M"],
    ...                    "attendance": [90, 80], "final_exam": [70, 55]})
    >>> schema = infer_schema(df)
    >>> [(c.name, c.role.value) for c in schema.columns]
    [('student_id', 'id'), ('gender', 'sensitive'), ('attendance', 'input'), ('final_exam', 'target')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..tasks import TaskKind
from .values import ColumnFacts, column_facts, distinct_codes, distinct_values, suggest_column

NUMERIC_SHARE = 0.8  # a column is numeric when at least this share of its filled cells are numbers
MAX_CATEGORIES = 50  # more distinct values than this (and mostly unique) -> free text, not an input


class Role(StrEnum):
    """What a column is used for."""

    ID = "id"
    NAME = "name"
    INPUT = "input"
    TARGET = "target"
    SENSITIVE = "sensitive"
    IGNORE = "ignore"


class ValueType(StrEnum):
    """What a column holds."""

    NUMERIC = "numeric"
    CATEGORICAL = "categorical"
    TEXT = "text"
    EMPTY = "empty"


ROLE_HELP = {
    Role.ID: "identifies a student; not used for prediction",
    Role.NAME: "a display name; shown, not used for prediction",
    Role.INPUT: "used to make predictions",
    Role.TARGET: "an outcome that can be predicted; never used as an input",
    Role.SENSITIVE: "personal characteristic (e.g. gender, age); not used as an input, used to check fairness",
    Role.IGNORE: "not used",
}


@dataclass(frozen=True)
class ColumnInfo:
    """One column: its role, what it holds, and why the role was chosen."""

    name: str
    role: Role
    value_type: ValueType
    n_missing: int
    n_unique: int
    suggested_kind: TaskKind | None = None
    reason: str = ""


@dataclass(frozen=True)
class Schema:
    """The role of every column of a table, in table order."""

    columns: tuple[ColumnInfo, ...]

    def __getitem__(self, name: str) -> ColumnInfo:
        column = self._by_name.get(name)
        if column is not None:
            return column
        raise ConfigError(f"Column '{name}' is not in the table. {suggest_column(name, self.names)}")

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._by_name

    @functools.cached_property
    def _by_name(self) -> dict[str, ColumnInfo]:
        """The columns by name (the first of a repeated name), so a lookup costs the same for 5,000 columns."""
        found: dict[str, ColumnInfo] = {}
        for column in self.columns:
            found.setdefault(column.name, column)
        return found

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def with_role(self, role: Role) -> list[str]:
        """Names of the columns that have ``role``."""
        return [c.name for c in self.columns if c.role == Role(role)]

    @property
    def inputs(self) -> list[str]:
        return self.with_role(Role.INPUT)

    @property
    def id_column(self) -> str | None:
        ids = self.with_role(Role.ID)
        return ids[0] if ids else None

    @property
    def name_column(self) -> str | None:
        names = self.with_role(Role.NAME)
        return names[0] if names else None

    def with_roles(self, roles: Mapping[str, Role | str]) -> "Schema":
        """A copy with some roles changed, e.g. ``schema.with_roles({"age": "input"})``."""
        for name in roles:
            self[name]  # raises a ConfigError naming close matches
        updated = []
        for column in self.columns:
            if column.name in roles:
                role = _parse_role(roles[column.name], column.name)
                column = replace(column, role=role, reason="set by you" if role != column.role else column.reason)
            updated.append(column)
        return Schema(tuple(updated))

    def to_frame(self) -> pd.DataFrame:
        """One row per column: name, role, type, missing, distinct values, suggested kind, reason."""
        return pd.DataFrame(
            {
                "column": [c.name for c in self.columns],
                "role": [c.role.value for c in self.columns],
                "type": [c.value_type.value for c in self.columns],
                "missing": [c.n_missing for c in self.columns],
                "distinct": [c.n_unique for c in self.columns],
                "kind if predicted": [c.suggested_kind.value if c.suggested_kind else "" for c in self.columns],
                "why": [c.reason for c in self.columns],
            }
        )

    def roles_from_frame(self, frame: pd.DataFrame) -> "Schema":
        """Apply the ``role`` column of an edited :meth:`to_frame` table."""
        return self.with_roles(dict(zip(frame["column"], frame["role"])))


def _parse_role(role, column: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        available = ", ".join(r.value for r in Role)
        raise ConfigError(f"Unknown role {role!r} for column '{column}'. Available: {available}.") from None


# --------------------------------------------------------------------------- name hints
# Every hint has its English and its Chinese form, so "math" and "数学" get the same role.

ID_HINTS = (
    "id", "sid", "student id", "studentid", "student number", "id number", "email", "e mail", "email address",
    "username", "user name", "login", "学号", "编号", "考号", "学籍号", "序号", "邮箱", "电子邮件", "用户名", "账号", "帐号",
)
NAME_HINTS = (
    "name", "student name", "full name", "first name", "last name", "surname", "given name", "family name",
    "姓名", "名字", "学生姓名", "姓氏",
)
STUDENT_HINTS = ("student", "pupil", "learner", "学生")
"""A column called just "Student" holds names (Canvas: "Last, First") or codes ("T00042", 1, 2, 3...): its values decide."""
SENSITIVE_HINTS = (
    "gender", "sex", "age", "age band", "ethnicity", "ethnic", "ethnic group", "race", "religion", "religious",
    "faith", "nationality", "citizenship", "country of birth", "disability", "disabilities", "disabled",
    "handicap", "special needs", "sen", "iep", "imd band", "deprivation", "income", "low income", "poverty",
    "free school meals", "fsm", "free lunch", "free reduced lunch", "frl", "lunch status", "pell", "ses",
    "socio economic", "socioeconomic", "socio economic status", "socioeconomic status", "economic status",
    "social class", "caste", "indigenous", "immigrant", "migrant", "native language", "english learner",
    "marital", "sexual orientation",
    "性别", "年龄", "民族", "少数民族", "种族", "族裔", "宗教", "信仰", "国籍", "残疾", "残障", "特殊教育", "随班就读",
    "户籍", "户口", "家庭收入", "低收入", "低保", "贫困", "建档立卡", "社会经济", "社经地位", "经济状况", "家庭经济",
    "经济地位", "籍贯", "政治面貌", "婚姻",
)
TARGET_HINTS = (
    "final", "exam", "grade", "score", "result", "outcome", "pass", "passed", "fail", "dropout", "dropped out",
    "dropped", "withdrawn", "withdrawal", "g3", "course total", "overall", "current points", "final points",
    "期末", "成绩", "考试", "及格", "不及格", "辍学", "退学", "等级", "总评", "结果", "分数", "得分", "总分", "总成绩",
    # gradebooks name subject scores by the subject alone, in either language
    "math", "maths", "mathematics", "reading", "science", "english", "chinese", "physics", "chemistry", "biology",
    "history", "geography", "literature", "writing", "politics",
    "数学", "语文", "阅读", "英语", "物理", "化学", "生物", "科学", "历史", "地理", "政治", "文学", "写作",
)
INPUT_HINTS = (
    "prior", "previous", "last year", "last term", "past", "quiz", "homework", "midterm", "mid term", "test",
    "attendance", "assignment", "coursework", "classwork", "practice", "exercise", "participation",
    "上学年", "上学期", "去年", "以前", "测验", "测试", "作业", "平时", "期中", "出勤", "小测", "练习", "课堂表现", "课堂参与",
)
GROUP_HINTS = (
    "school", "class", "section", "homeroom", "form", "tutor group", "cohort", "campus", "district", "region",
    "lea", "local authority", "teacher", "group", "stream", "house",
    "学校", "班级", "班别", "班", "学院", "校区", "地区", "区县", "教师", "老师", "组别", "小组",
)
"""Names of a group of students (school, class). A column called so, or so plus "id", "code", "number" ("school
code", "班级编号"), names a group: as numbers its values are codes, not quantities ("class size" is a quantity)."""
CODE_SUFFIXES = ("id", "code", "number", "no", "nr", "num", "代码", "编码", "编号", "号")
SCHOOL_YEAR_HINTS = ("grade level", "year group", "year level", "school year", "年级", "学段")

SCHOOL_YEAR = re.compile(
    r"(?:(?:g|gr|grade|y|yr|year|form|std|standard|class|p|s)[\s._-]*(?:0?[0-9]|1[0-3])(?:st|nd|rd|th)?"
    r"|(?:0?[0-9]|1[0-3])(?:st|nd|rd|th)?[\s._-]*(?:grade|year|form)|(?:[1-9]|1[0-3])(?:st|nd|rd|th)"
    r"|k|kg|pk|pre[\s._-]*k|kindergarten|reception|nursery|freshman|sophomore|junior|senior"
    r"|[初高][一二三]|大[一二三四]|(?:小学|初中|高中)?[一二三四五六七八九]年级|(?:0?[0-9]|1[0-2])年级)",
    re.IGNORECASE,
)
"""A school year as classes write it: "G-02", "Grade 9", "Year 10", "9th grade", "K", "高一", "七年级"."""


@functools.lru_cache(maxsize=16_384)
def _words(name: str) -> str:
    """'priorYearGrade' / 'prior_year-grade' -> ' prior year grade ' (padded, for whole-word matching)."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(name))
    spaced = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", spaced)
    return " " + " ".join(re.split(r"[^0-9a-z\u4e00-\u9fff]+", spaced.lower())).strip() + " "


def _has_hint(name: str, hints: Iterable[str]) -> str | None:
    """The first hint that ``name`` contains: an English one as whole words ("prior year grade" has "grade"),
    or written without spaces as the whole name ("studentid"); a Chinese one anywhere ("期末成绩" has "成绩")."""
    words = _words(name)
    joined = words.replace(" ", "")
    for hint, chinese, padded, squeezed in _hint_table(tuple(hints)):
        if chinese:
            if hint in joined:
                return hint
        elif padded in words or joined == squeezed:
            return hint
    return None


@functools.lru_cache(maxsize=32)
def _hint_table(hints: tuple[str, ...]) -> tuple[tuple[str, bool, str, str], ...]:
    """Each hint with what :func:`_has_hint` compares, worked out once per list of hints."""
    return tuple((hint, bool(re.search(r"[\u4e00-\u9fff]", hint)), f" {hint} ", hint.replace(" ", ""))
                 for hint in hints)


def _group_hint(name: str) -> str | None:
    """The group a column name names ("school" for "School code", "班级" for "班级编号"), else None."""
    words = _words(name).split()
    if not words:
        return None
    joined = "".join(words)
    for suffix in CODE_SUFFIXES:  # "school id", "schoolid", "班级编号"
        if len(words) > 1 and words[-1] == suffix:
            words = words[:-1]
            joined = "".join(words)
            break
        if joined.endswith(suffix) and joined[: -len(suffix)] in _GROUP_JOINED:
            joined = joined[: -len(suffix)]
            break
    if joined in _GROUP_JOINED:
        return _GROUP_JOINED[joined]
    return "code" if joined in ("code", "代码", "编码") else None


_GROUP_JOINED = {hint.replace(" ", ""): hint for hint in GROUP_HINTS}


def looks_like_id(name: str) -> bool:
    """Whether a column name says it identifies students ("student_id", "学号"); the reader keeps such
    columns as text, so "007" stays "007"."""
    return _has_hint(name, ID_HINTS) is not None


def looks_sensitive(name: str) -> bool:
    """Whether a column name says it is a personal characteristic ("gender", "age", "性别"), whatever
    role it was given."""
    return _has_hint(name, SENSITIVE_HINTS) is not None


# --------------------------------------------------------------------------- inference

def value_type(series: pd.Series) -> ValueType:
    """Whether a column is numeric, categorical, free text or empty."""
    return _value_type(series, column_facts(series))


def _value_type(series: pd.Series, facts: ColumnFacts) -> ValueType:
    if facts.n_present == 0 or facts.all_blank:
        return ValueType.EMPTY
    if pd.api.types.is_bool_dtype(series):
        return ValueType.CATEGORICAL
    if facts.n_numbers / facts.n_present >= NUMERIC_SHARE:
        return ValueType.NUMERIC
    if facts.n_distinct > MAX_CATEGORIES and facts.n_distinct > 0.5 * facts.n_present:
        return ValueType.TEXT
    return ValueType.CATEGORICAL


@dataclass(frozen=True)
class _Guess:
    role: Role
    reason: str
    value_type: ValueType
    id_like_code: bool = False  # whole numbers with an identifier's name that repeat: maybe a pupil number


def _infer_role(name: str, series: pd.Series, vtype: ValueType, facts: ColumnFacts) -> _Guess:
    """The role of one column from its name and its values (before looking at the other columns)."""
    unique_share = facts.n_distinct / max(facts.n_present, 1)
    guess = lambda role, reason, kind=vtype: _Guess(role, reason, kind)  # noqa: E731
    if vtype is ValueType.EMPTY:
        return guess(Role.IGNORE, "the column is empty")
    if _has_hint(name, ID_HINTS) and unique_share > 0.9:
        return guess(Role.ID, "its name says it identifies students and its values are unique")
    if _has_hint(name, NAME_HINTS) and vtype in (ValueType.TEXT, ValueType.CATEGORICAL):
        return guess(Role.NAME, "its name says it is a student's name")
    if hint := _student_column(name, series, vtype, facts):
        return hint
    if hint := _has_hint(name, SENSITIVE_HINTS):
        return guess(Role.SENSITIVE, f"'{hint}' is a personal characteristic")
    if vtype is ValueType.TEXT:
        return guess(Role.IGNORE, "free text with almost one value per student")
    if facts.n_present > 20 and unique_share == 1.0 and vtype is ValueType.CATEGORICAL:
        return guess(Role.ID, "every value is different, like an identifier")
    if vtype is ValueType.NUMERIC and facts.integers and (
            (hint := _group_hint(name)) or (hint := _has_hint(name, ID_HINTS))):
        return _Guess(Role.INPUT, f"whole numbers named like a code ('{hint}'), not quantities: used as categories",
                      ValueType.CATEGORICAL, id_like_code=not _group_hint(name))
    if vtype is ValueType.CATEGORICAL and _school_years(series):
        return guess(Role.INPUT, "school years (for example " + _examples(series) + "): a student's level, not an "
                     "outcome")
    if (hint := _has_hint(name, SCHOOL_YEAR_HINTS)) and vtype is ValueType.CATEGORICAL:
        return guess(Role.INPUT, f"'{hint}' is a student's level, not an outcome")
    if (hint := _has_hint(name, TARGET_HINTS)) and not _has_hint(name, INPUT_HINTS):
        return guess(Role.TARGET, f"'{hint}' in its name suggests an outcome")
    return guess(Role.INPUT, f"{vtype.value} values that can help predict")


def _student_column(name: str, series: pd.Series, vtype: ValueType, facts: ColumnFacts) -> _Guess | None:
    """A column called "Student" (or "pupil", "学生"): names when its values read like names, an ID when
    every value differs (codes or whole numbers), else nothing special."""
    hint = _has_hint(name, STUDENT_HINTS)
    if hint is None or vtype is ValueType.EMPTY:
        return None
    unique = facts.n_distinct == facts.n_present
    if vtype in (ValueType.TEXT, ValueType.CATEGORICAL) and _read_like_names(series):
        return _Guess(Role.NAME, f"'{hint}' with values that read like names", vtype)
    if unique and (vtype is not ValueType.NUMERIC or facts.integers):
        return _Guess(Role.ID, f"'{hint}' with a different value for every student, like an identifier", vtype)
    return None


def _read_like_names(series: pd.Series) -> bool:
    """Whether most of the first 200 distinct values hold no digit ("Doe, Jane" does, "T00042" does not)."""
    values = distinct_values(series)[:200]
    texts = [v for v in values if isinstance(v, str) and v.strip()]
    return bool(texts) and sum(not any(c.isdigit() for c in v) for v in texts) >= 0.5 * len(values)


def _school_years(series: pd.Series) -> bool:
    """Whether most distinct values (at least two) are school years: "G-02" ... "G-12", "高一", "Year 9"."""
    values = _distinct_texts(series)
    if not 2 <= len(values) <= 30:
        return False
    return sum(bool(SCHOOL_YEAR.fullmatch(v)) for v in values) >= 0.8 * len(values)


def _distinct_texts(series: pd.Series) -> list[str]:
    """The distinct present values as stripped text, at most 31 of them (enough to tell school years)."""
    values = distinct_values(series)
    if len(values) > 31:
        return [str(v).strip() for v in values[:31]]
    return sorted({str(v).strip() for v in values} - {""})


def _examples(series: pd.Series, limit: int = 3) -> str:
    values = _distinct_texts(series)
    return ", ".join(values[:limit]) + (" ..." if len(values) > limit else "")


def _within_group_numbers(columns: dict[str, pd.Series], guesses: dict[str, _Guess],
                          facts: dict[str, ColumnFacts]) -> dict[str, str]:
    """Whole-number columns that are unique within each group (a pupil number restarting in every school).

    Such a number repeats across the table, so it is no ID of its own, and it measures nothing: it is
    ignored. A group is a column whose name says so (school, class, ...) with at least 2 groups of 5
    students or more on average; a number counts as unique within groups when 99 % of its
    (group, number) pairs are.
    """
    groups = [name for name, g in guesses.items() if g.role is Role.INPUT and _group_hint(name)
              and 2 <= facts[name].n_distinct <= facts[name].n_present / 5]
    found, group_codes = {}, {}
    for name, g in guesses.items():
        info = facts[name]
        numeric = g.value_type is ValueType.NUMERIC or g.id_like_code
        if g.role is not Role.INPUT or not numeric or not info.integers or name in groups:
            continue
        if info.n_distinct >= 0.9 * info.n_present:
            continue  # unique on its own: the usual numeric rules apply
        numbers = pd.factorize(info.numbers)[0]
        for group in groups:
            if group not in group_codes:
                group_codes[group] = distinct_codes(columns[group])
            codes = group_codes[group]
            known = (codes >= 0) & np.isfinite(info.numbers)
            if known.sum() < 20:
                continue
            pairs = codes[known].astype(np.int64) * (numbers.max() + 1) + numbers[known]
            if len(np.unique(pairs)) >= 0.99 * known.sum():
                found[name] = group
                break
    return found


SERIES = re.compile(r"^(?P<stem>.*?[^\W\d_])[\s._-]*(?P<step>k|[0-9]{1,4})$", re.IGNORECASE)
"""A measure taken again and again: a stem and a step ("math1", "Math_2", "readk", "score 2019", "数学3")."""


def _step_order(step: str) -> int:
    """The order of a step: "k" (kindergarten) before 1, then by number."""
    return -1 if step.lower() == "k" else int(step)


def _earlier_in_series(guesses: dict[str, _Guess]) -> dict[str, str]:
    """Outcome guesses that are an earlier step of a series of the same measure (``math1``, ``math2`` beside
    ``math3``; ``readk`` beside ``read3``): column -> the latest one. Such columns are prior attainment, the
    strongest input there is, not outcomes; only the latest of the series stays an outcome guess."""
    series: dict[str, list[tuple[int, str]]] = {}
    for name, guess in guesses.items():
        found = SERIES.match(name.strip())
        if found and guess.role is Role.TARGET:
            series.setdefault(found["stem"].lower(), []).append((_step_order(found["step"]), name))
    earlier = {}
    for steps in series.values():
        if len(steps) < 2 or len({order for order, _ in steps}) < len(steps):
            continue  # one step only, or two columns at the same step: nothing to order
        latest = max(steps)[1]
        earlier.update({name: latest for _, name in steps if name != latest})
    return earlier


def with_string_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` itself when every column name is a string, else a shallow copy with string names."""
    if all(isinstance(c, str) for c in frame.columns):
        return frame
    renamed = frame.copy(deep=False)
    renamed.columns = [str(c) for c in frame.columns]
    return renamed


def infer_schema(frame: pd.DataFrame, *, roles: Mapping[str, Role | str] | None = None) -> Schema:
    """Guess the role of every column of ``frame``; ``roles`` overrides guesses.

    Roles come from names (English and Chinese hints) and values: school years ("G-02" ... "G-12")
    are inputs even when the column is called "Grade"; whole numbers named like a group (a school
    code) are categories; a number unique within each school (a pupil number) is ignored; of a series
    of one measure ("math1", "math2", "math3") only the latest is guessed as an outcome, the earlier
    ones are inputs (prior attainment). Each column
    is read once (see :func:`mtl_core.data.values.column_facts`): time grows with the number of cells.

    Args:
        frame: the class table.
        roles: optional ``{column: role}`` to set instead of guessing.

    Returns:
        A :class:`Schema` in table order. Duplicated column names keep the first.
    """
    columns, facts, guesses = {}, {}, {}
    for name, series in frame.items():
        key = str(name)
        if key in columns:
            continue
        columns[key] = series
        facts[key] = column_facts(series)
        guesses[key] = _infer_role(key, series, _value_type(series, facts[key]), facts[key])
    for name, latest in _earlier_in_series(guesses).items():
        guesses[name] = _Guess(Role.INPUT, f"an earlier step of the same measure as '{latest}' (what a student "
                               f"scored before): used to predict it", guesses[name].value_type)
    for name, group in _within_group_numbers(columns, guesses, facts).items():
        guesses[name] = _Guess(Role.IGNORE, f"whole numbers that repeat across the table but are unique within each "
                               f"'{group}', like a pupil number: they identify students, they measure nothing",
                               ValueType.NUMERIC)
    infos = [_column_info(name, columns[name], guesses[name], facts[name]) for name in columns]
    schema = Schema(tuple(infos))
    return schema.with_roles(roles) if roles else schema


def _column_info(name: str, series: pd.Series, guess: _Guess, facts: ColumnFacts) -> ColumnInfo:
    kind = _suggested_kind(guess.value_type, facts)
    return ColumnInfo(name=name, role=guess.role, value_type=guess.value_type, n_missing=int(facts.missing.sum()),
                      n_unique=facts.n_distinct, suggested_kind=kind, reason=guess.reason)


def _suggested_kind(vtype: ValueType, facts: ColumnFacts) -> TaskKind | None:
    """What :func:`mtl_core.tasks.infer_kind` would say, from the facts already gathered."""
    if vtype not in (ValueType.NUMERIC, ValueType.CATEGORICAL):
        return None
    if facts.n_distinct <= 2:
        return TaskKind.BINARY
    if vtype is ValueType.NUMERIC and facts.n_present and facts.n_numbers / facts.n_present >= 0.95:
        return TaskKind.REGRESSION
    return TaskKind.MULTICLASS if facts.n_distinct <= 20 else None
