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

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Iterable, Mapping

import pandas as pd

from ..errors import ConfigError
from ..tasks import TaskKind, infer_kind
from .values import numeric_values, suggest_column

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
        for column in self.columns:
            if column.name == name:
                return column
        raise ConfigError(f"Column '{name}' is not in the table. {suggest_column(name, self.names)}")

    def __contains__(self, name: object) -> bool:
        return any(c.name == name for c in self.columns)

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

ID_HINTS = ("id", "sid", "student id", "studentid", "student number", "学号", "编号", "考号", "学籍号", "序号")
NAME_HINTS = ("name", "student name", "full name", "姓名", "名字", "学生姓名")
SENSITIVE_HINTS = (
    "gender", "sex", "age", "age band", "ethnicity", "ethnic", "race", "religion", "nationality", "disability",
    "disabled", "special needs", "sen", "imd band", "deprivation", "income", "free school meals", "fsm",
    "immigrant", "migrant", "native language", "marital", "性别", "年龄", "民族", "宗教", "国籍", "残疾",
    "户籍", "户口", "家庭收入", "低保", "籍贯",
)
TARGET_HINTS = (
    "final", "exam", "grade", "score", "result", "outcome", "pass", "passed", "fail", "dropout", "dropped out",
    "dropped", "withdrawn", "withdrawal", "g3", "期末", "成绩", "考试", "及格", "辍学", "退学", "等级", "总评", "结果",
    # Chinese gradebooks name subject scores by the subject alone
    "数学", "语文", "英语", "物理", "化学", "生物", "科学", "历史", "地理", "政治",
)
INPUT_HINTS = (
    "prior", "previous", "last year", "past", "quiz", "homework", "midterm", "test", "attendance", "assignment",
    "上学年", "上学期", "测验", "作业", "平时", "期中", "出勤", "小测",
)


def _words(name: str) -> str:
    """'priorYearGrade' / 'prior_year-grade' -> ' prior year grade ' (padded, for whole-word matching)."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(name))
    spaced = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", spaced)
    return " " + " ".join(re.split(r"[^0-9a-z\u4e00-\u9fff]+", spaced.lower())).strip() + " "


def _has_hint(name: str, hints: Iterable[str]) -> str | None:
    words = _words(name)
    joined = words.replace(" ", "")
    for hint in hints:
        if re.search(r"[\u4e00-\u9fff]", hint):
            if hint in joined:
                return hint
        elif f" {hint} " in words or joined == hint.replace(" ", ""):
            return hint
    return None


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
    present = series.dropna()
    if isinstance(present, pd.Series) and present.astype(str).str.strip().eq("").all():
        present = present.iloc[0:0]
    if present.empty:
        return ValueType.EMPTY
    if pd.api.types.is_bool_dtype(present):
        return ValueType.CATEGORICAL
    if numeric_values(present).notna().mean() >= NUMERIC_SHARE:
        return ValueType.NUMERIC
    n_unique = present.astype(str).nunique()
    if n_unique > MAX_CATEGORIES and n_unique > 0.5 * len(present):
        return ValueType.TEXT
    return ValueType.CATEGORICAL


def _infer_role(name: str, series: pd.Series, vtype: ValueType) -> tuple[Role, str]:
    present = series.dropna()
    unique_share = present.astype(str).nunique() / max(len(present), 1)
    if vtype is ValueType.EMPTY:
        return Role.IGNORE, "the column is empty"
    if _has_hint(name, ID_HINTS) and unique_share > 0.9:
        return Role.ID, "its name says it identifies students and its values are unique"
    if _has_hint(name, NAME_HINTS) and vtype in (ValueType.TEXT, ValueType.CATEGORICAL):
        return Role.NAME, "its name says it is a student's name"
    if hint := _has_hint(name, SENSITIVE_HINTS):
        return Role.SENSITIVE, f"'{hint}' is a personal characteristic"
    if vtype is ValueType.TEXT:
        return Role.IGNORE, "free text with almost one value per student"
    if len(present) > 20 and unique_share == 1.0 and vtype is ValueType.CATEGORICAL:
        return Role.ID, "every value is different, like an identifier"
    if (hint := _has_hint(name, TARGET_HINTS)) and not _has_hint(name, INPUT_HINTS):
        return Role.TARGET, f"'{hint}' in its name suggests an outcome"
    return Role.INPUT, f"{vtype.value} values that can help predict"


def with_string_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` itself when every column name is a string, else a shallow copy with string names."""
    if all(isinstance(c, str) for c in frame.columns):
        return frame
    renamed = frame.copy(deep=False)
    renamed.columns = [str(c) for c in frame.columns]
    return renamed


def infer_schema(frame: pd.DataFrame, *, roles: Mapping[str, Role | str] | None = None) -> Schema:
    """Guess the role of every column of ``frame``; ``roles`` overrides guesses.

    Args:
        frame: the class table.
        roles: optional ``{column: role}`` to set instead of guessing.

    Returns:
        A :class:`Schema` in table order. Duplicated column names keep the first.
    """
    infos = []
    seen = set()
    for position, name in enumerate(frame.columns):
        if name in seen:
            continue
        seen.add(name)
        series = frame.iloc[:, position]
        vtype = value_type(series)
        role, reason = _infer_role(str(name), series, vtype)
        kind = infer_kind(series) if vtype in (ValueType.NUMERIC, ValueType.CATEGORICAL) else None
        if kind is TaskKind.MULTICLASS and series.dropna().astype(str).nunique() > 20:
            kind = None
        infos.append(
            ColumnInfo(
                name=str(name),
                role=role,
                value_type=vtype,
                n_missing=int(series.isna().sum()),
                n_unique=int(series.dropna().astype(str).nunique()),
                suggested_kind=kind,
                reason=reason,
            )
        )
    schema = Schema(tuple(infos))
    return schema.with_roles(roles) if roles else schema
