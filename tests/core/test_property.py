"""Property-based tests: schema inference and validation never crash on odd tables.

Whatever a teacher loads (mixed types, gaps, inf, emoji, empty strings, repeated
values), ``infer_schema`` and ``check`` must return well-formed results rather
than raise; the problem table is what the teacher sees.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtl_core import ConfigError
from mtl_core.data.schema import Role, Schema, ValueType, infer_schema, value_type
from mtl_core.data.validation import check
from mtl_core.data.values import numeric_values
from mtl_core.errors import PROBLEM_COLUMNS
from mtl_core.tasks import TaskKind, Threshold, make_task

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)

SPECIAL_TEXT = ["", " ", "95%", "inf", "-inf", "NaN", "-", "是", "否", "不及格", "🎓", "=1+1", "１２", "1e309",
                "%", "pass", "fail", "yes", "no"]
CELLS = st.one_of(
    st.none(),
    st.sampled_from([np.nan, np.inf, -np.inf, 0, 1, -1, 1e15]),
    st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=5),
    st.sampled_from(SPECIAL_TEXT),
)
COLUMN_NAMES = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["student_id", "学号", "姓名", "性别", "age", "期末考试", "G3", "quiz_1", "passed", "🎓 score",
                     "name", "", " "]),
)


@st.composite
def columns(draw, n_rows: int) -> list:
    """One column's values: mixed cells, or a single type with repeats."""
    style = draw(st.sampled_from(["mixed", "floats", "small ints", "labels"]))
    if style == "mixed":
        cells = CELLS
    elif style == "floats":
        cells = st.floats(allow_nan=True, allow_infinity=True)
    elif style == "small ints":
        cells = st.integers(-3, 3)
    else:
        cells = st.sampled_from(["a", "b", "", " a ", "🎓", None])
    return draw(st.lists(cells, min_size=n_rows, max_size=n_rows))


@st.composite
def tables(draw) -> pd.DataFrame:
    """A small table; column names may repeat, be empty or be emoji."""
    n_rows = draw(st.integers(0, 15))
    names = draw(st.lists(COLUMN_NAMES, max_size=5))
    data = [pd.Series(draw(columns(n_rows)), dtype=object) for _ in names]
    frame = pd.concat(data, axis=1) if data else pd.DataFrame(index=range(n_rows))
    frame.columns = names
    if draw(st.booleans()):
        frame = frame.infer_objects()  # let pandas pick float/int/bool dtypes where it can
    return frame


def assert_well_formed_schema(schema: Schema, frame: pd.DataFrame) -> None:
    assert schema.names == [str(c) for c in dict.fromkeys(frame.columns)]
    for info in schema.columns:
        assert isinstance(info.role, Role) and isinstance(info.value_type, ValueType)
        assert 0 <= info.n_missing <= len(frame) and 0 <= info.n_unique <= len(frame)
        assert info.suggested_kind is None or isinstance(info.suggested_kind, TaskKind)
        assert info.reason
        if info.value_type is ValueType.EMPTY:
            assert info.role is Role.IGNORE


def assert_well_formed_problems(problems: pd.DataFrame) -> None:
    assert problems.columns.tolist() == list(PROBLEM_COLUMNS)
    assert set(problems["severity"]) <= {"error", "warning"}
    assert problems["problem"].str.len().gt(0).all() and problems["fix"].str.len().gt(0).all()
    severities = problems["severity"].tolist()
    assert severities == sorted(severities), "errors come before warnings"
    for rows in problems["rows"]:
        numbers = rows.split(" and ")[0]
        assert rows == "" or all(n.strip().isdigit() and int(n) >= 2 for n in numbers.split(","))


def quiet(function, *args, **kwargs):
    """Call ``function`` with numpy's overflow warnings silenced (huge floats are allowed input)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return function(*args, **kwargs)


@SETTINGS
@given(tables())
def test_infer_schema_and_check_never_raise(frame):
    schema = quiet(infer_schema, frame)
    assert_well_formed_schema(schema, frame)
    problems = quiet(check, frame, schema, [])
    assert_well_formed_problems(problems)
    if len(frame) < 10:
        assert "error" in set(problems["severity"])
    if not frame.columns.is_unique:
        assert problems["problem"].str.startswith("Several columns are named").any()


@settings(SETTINGS, max_examples=40)
@given(tables(), st.floats(-10, 10))
def test_check_with_tasks_on_every_column_never_raises(frame, at):
    frame = frame.loc[:, ~frame.columns.duplicated()]
    schema = quiet(infer_schema, frame)
    tasks = []
    for i, name in enumerate(frame.columns):
        for derive in (None, Threshold(at)):
            try:
                tasks.append(quiet(make_task, frame, name, name=f"task {i} {derive is None}", derive=derive))
            except ConfigError:
                pass  # e.g. too many classes: a clear refusal is fine
    assert_well_formed_problems(quiet(check, frame, schema, tasks))


@SETTINGS
@given(tables())
def test_role_table_round_trip_on_any_table(frame):
    schema = quiet(infer_schema, frame)
    assert schema.roles_from_frame(schema.to_frame()) == schema


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(CELLS, max_size=20), st.sampled_from([None, "object", "string", "category"]))
def test_numeric_values_never_raise_and_are_finite_or_missing(values, dtype):
    series = pd.Series(values, dtype=dtype or (object if not values else None))
    numbers = quiet(numeric_values, series)
    assert len(numbers) == len(series) and numbers.index.equals(series.index)
    assert numbers.dtype == float
    assert not np.isinf(numbers.to_numpy()).any()
    assert quiet(value_type, series) in set(ValueType)
