"""mtl_core/data/values.py: the vectorised readers give exactly what the per-cell ones gave, on short
columns (read value by value) and long ones (factorised), and ColumnFacts counts what the checks need."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtl_core.data.values import SMALL, column_facts, distinct_count, label_strings, numeric_values

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def per_cell_numbers(series: pd.Series) -> pd.Series:
    """numeric_values as it was: every cell written as text, stripped, normalised and parsed."""
    if pd.api.types.is_bool_dtype(series):
        return series.astype(float)
    if pd.api.types.is_numeric_dtype(series):
        values = pd.to_numeric(series, errors="coerce").astype(float)
    else:
        text = series.astype("string").str.strip().str.normalize("NFKC").str.rstrip("%")
        values = pd.to_numeric(text, errors="coerce").astype(float)
    return values.where(np.isfinite(values))


def per_cell_spelling(value):
    if pd.isna(value):
        return np.nan
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, float, np.integer, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def per_cell_labels(series: pd.Series) -> pd.Series:
    """label_strings as it was: one Python call per cell."""
    values = series.astype(object)
    is_text = np.fromiter((isinstance(v, str) for v in values), bool, len(values))
    result = pd.Series(np.nan, index=series.index, dtype=object)
    if is_text.any():
        result[is_text] = values[is_text].str.strip()
    others = ~is_text & series.notna().to_numpy()
    if others.any():
        result[others] = values[others].map(per_cell_spelling)
    return result.replace("", np.nan)


TEXT = st.one_of(st.text(max_size=6), st.sampled_from([
    "", " ", "95%", " 12.5 ", "１２", "1e309", "inf", "-Infinity", "+7", ".5", "5.", "1_000", "0x10", "95 %", "%",
    "nan", "1,5", "１２．５", "−3", "12e", "e5", "+-1", "  -0.0 ", "1e-400", "³", "Ⅻ", "1 000", "00012", "INF", "infinit"]))
CELLS = st.one_of(st.none(), TEXT, st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.booleans())


def columns(values, dtype, length):
    """``values`` repeated to ``length`` cells, as an object, text or inferred column."""
    values = (values * (length // max(len(values), 1) + 1))[:length]
    series = pd.Series(values, dtype=dtype or object)
    return series.infer_objects() if dtype is None else series


def same(left: pd.Series, right: pd.Series) -> bool:
    return left.fillna(-999.0).tolist() == right.fillna(-999.0).tolist()


@SETTINGS
@given(st.lists(CELLS, min_size=1, max_size=12), st.sampled_from([None, "object", "str"]),
       st.sampled_from([1, 12, SMALL, SMALL + 1, 200]))
def test_numbers_and_labels_are_exactly_the_per_cell_ones(values, dtype, length):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        series = columns(values, dtype, length)
        assert same(numeric_values(series), per_cell_numbers(series)), values
        assert label_strings(series).fillna("<NA>").tolist() == per_cell_labels(series).fillna("<NA>").tolist()


@SETTINGS
@given(st.lists(CELLS, min_size=1, max_size=12), st.sampled_from([None, "object", "str"]))
def test_short_and_long_columns_give_the_same_facts(values, dtype):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        short = columns(values, dtype, len(values))
        long = pd.concat([short] * (SMALL // len(values) + 2), ignore_index=True)
        a, b = column_facts(short), column_facts(long)
        assert a.n_distinct == b.n_distinct and a.numeric_dtype == b.numeric_dtype
        repeat = len(long) // len(short)
        assert np.array_equal(np.tile(a.missing, repeat), b.missing) and np.array_equal(np.tile(a.blank, repeat), b.blank)
        assert np.array_equal(np.tile(a.numbers, repeat), b.numbers, equal_nan=True)


@pytest.mark.parametrize("length", [5, 500])
def test_column_facts_count_what_the_checks_need(length):
    cells = ["12", " 13 ", "95%", "", "  ", None, "abc", "inf", "１４", "12"]
    series = pd.Series(cells * (length // 5), dtype=object)  # 10 or 1,000 cells: read value by value, or factorised
    facts = column_facts(series)
    per_copy = len(cells)
    copies = len(series) // per_copy
    assert facts.n_present == 9 * copies and int(facts.missing.sum()) == copies
    assert int(facts.blank.sum()) == 2 * copies
    assert facts.n_numbers == 5 * copies  # 12, 13, 95, 14, 12; inf is infinite, not a number here
    assert int(np.isinf(facts.numbers).sum()) == copies
    assert facts.n_distinct == 8 and distinct_count(series) == series.dropna().astype(str).nunique()
    assert not facts.integers and column_facts(pd.Series([1, 2, 3] * length)).integers


def test_booleans_are_not_the_number_one():
    series = pd.Series([True, 1, 1.0, "1", False, 0] * 20, dtype=object)
    assert label_strings(series).tolist()[:6] == ["True", "1", "1", "1", "False", "0"]
    assert same(numeric_values(series), per_cell_numbers(series))
    assert distinct_count(series) == 4  # True, 1 (= 1.0 = "1" as written), False, 0


def test_lists_in_cells_are_counted_and_spelled_by_their_text():
    series = pd.Series([[1, 2], [1, 2], np.array([3]), {"a": 1}, None] * 20, dtype=object)
    assert label_strings(series).tolist()[:5] == ["[1, 2]", "[1, 2]", "[3]", "{'a': 1}", np.nan]
    assert distinct_count(series) == 3 and column_facts(series).n_present == 80
