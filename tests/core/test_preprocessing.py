"""Tests for mtl_core.tabular.preprocessing: layout from column structure, statistics from training rows only."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mtl_core import ConfigError
from mtl_core.tabular.preprocessing import CLIP_Z, ONE_HOT_MAX_LEVELS, FeatureLayout, Preprocessor


def classroom() -> pd.DataFrame:
    return pd.DataFrame({
        "hours": [1.0, 2.0, np.nan, 4.0, 100.0, 200.0],
        "quiz": [50, 60, 70, 80, 90, 100],
        "track": ["a", "b", "a", None, "b", "c"],
    })


def fitted(frame: pd.DataFrame, rows=slice(0, 4)) -> Preprocessor:
    layout = FeatureLayout.from_frame(frame, numeric=["hours", "quiz"], categorical=["track"])
    return Preprocessor(layout).fit(frame.iloc[rows])


def unscale(prep: Preprocessor, features: np.ndarray) -> np.ndarray:
    """Back to raw feature values (undo the scaling), rounded to hide float32 noise."""
    return np.round(features * prep.scales_ + prep.means_, 4)


# --------------------------------------------------------------------------- layout


def test_layout_has_numbers_then_missing_indicators_then_categories():
    layout = FeatureLayout.from_frame(classroom(), numeric=["hours", "quiz"], categorical=["track"])
    assert layout.feature_names == ["hours", "quiz", "hours (missing)", "track = a", "track = b", "track = c"]
    assert layout.feature_columns == ["hours", "quiz", "hours", "track", "track", "track"]
    assert layout.columns == ["hours", "quiz", "track"]
    assert layout.indicators == ("hours",)


def test_text_in_a_numeric_column_also_gets_a_missing_indicator():
    frame = pd.DataFrame({"hours": ["1", "2", "absent"]})
    assert FeatureLayout.from_frame(frame, numeric=["hours"], categorical=[]).indicators == ("hours",)


def test_a_column_with_many_levels_gets_one_code_and_keeps_every_level():
    schools = [f"s{i:04d}" for i in range(2280)]
    frame = pd.DataFrame({"school": schools + ["s0001"], "track": ["a", "b"] * 1140 + ["a"]})
    layout = FeatureLayout.from_frame(frame, numeric=[], categorical=["school", "track"])
    assert layout.embedded == ("school",) and layout.one_hot == ("track",)
    assert len(layout.categories["school"]) == 2280  # no cap, no pooled "other"
    assert layout.feature_names == ["track = a", "track = b", "school (code)"]
    assert layout.feature_columns == ["track", "track", "school"]
    assert layout.blocks == (0, 2, (2280,))
    small = FeatureLayout.from_frame(pd.DataFrame({"c": [f"v{i}" for i in range(ONE_HOT_MAX_LEVELS)]}),
                                     numeric=[], categorical=["c"])
    assert small.embedded == () and len(small.feature_names) == ONE_HOT_MAX_LEVELS


def test_codes_are_the_level_position_plus_one_and_zero_when_unknown_or_missing():
    schools = [f"s{i:02d}" for i in range(20)]
    frame = pd.DataFrame({"school": schools})
    layout = FeatureLayout.from_frame(frame, numeric=[], categorical=["school"])
    prep = Preprocessor(layout).fit(frame.iloc[:15])  # s15 ... s19 are not in the training rows
    codes = prep.transform(pd.DataFrame({"school": ["s00", "s14", "s15", "never seen", None]}))[:, 0]
    assert codes.tolist() == [1.0, 15.0, 0.0, 0.0, 0.0]
    assert prep.transform(frame.iloc[:15])[:, 0].tolist() == list(range(1, 16))


# --------------------------------------------------------------------------- fitting on training rows only


def test_statistics_come_from_the_rows_given_to_fit():
    frame = classroom()
    prep = fitted(frame)  # rows 0-3: hours 1, 2, NaN, 4 (median 2); quiz 50..80
    assert prep.medians_ == {"hours": 2.0, "quiz": 65.0}
    train_hours = np.array([1.0, 2.0, 2.0, 4.0])  # the gap filled with the training median
    assert prep.means_[0] == pytest.approx(train_hours.mean())
    assert prep.scales_[0] == pytest.approx(train_hours.std())
    assert prep.means_[1] == pytest.approx(65.0)


def test_transforming_other_rows_does_not_change_the_statistics():
    frame = classroom()
    prep = fitted(frame)
    before = (dict(prep.medians_), prep.means_.copy(), prep.scales_.copy())
    test_rows = prep.transform(frame.iloc[4:])
    assert prep.medians_ == before[0]
    np.testing.assert_array_equal(prep.means_, before[1])
    np.testing.assert_array_equal(prep.scales_, before[2])
    # the test students are far above the training students, so they are not centred at 0
    assert (test_rows[:, 1] > 1).all()


def test_training_rows_are_standardised():
    frame = classroom()
    prep = fitted(frame)
    features = prep.transform(frame.iloc[:4])
    np.testing.assert_allclose(features.mean(axis=0), 0, atol=1e-6)
    stds = features.std(axis=0)
    np.testing.assert_allclose(stds[stds > 0], 1, atol=1e-5)
    assert features.dtype == np.float32 and features.shape == (4, 6)


def test_second_fit_replaces_the_first():
    frame = classroom()
    prep = fitted(frame)
    again = prep.fit(frame.iloc[2:])
    assert again is prep
    assert prep.medians_["quiz"] == 85.0


def test_missing_values_get_the_training_median_and_the_indicator():
    frame = classroom()
    prep = fitted(frame)
    raw = unscale(prep, prep.transform(pd.DataFrame({"hours": [np.nan, 3.0], "quiz": [np.nan, 55], "track": "a"})))
    np.testing.assert_allclose(raw[:, 0], [2.0, 3.0])  # hours: median of the training rows
    np.testing.assert_allclose(raw[:, 1], [65.0, 55.0])  # quiz had no gap in training, still filled
    np.testing.assert_allclose(raw[:, 2], [1.0, 0.0])  # hours (missing)


def test_text_in_a_numeric_cell_counts_as_missing():
    frame = classroom()
    prep = fitted(frame)
    raw = unscale(prep, prep.transform(pd.DataFrame({"hours": ["absent", "3.5%"], "quiz": [60, 60], "track": "a"})))
    np.testing.assert_allclose(raw[:, 0], [2.0, 3.5])
    np.testing.assert_allclose(raw[:, 2], [1.0, 0.0])


def test_categories_are_one_hot_and_an_unseen_category_is_all_zeros():
    frame = classroom()
    prep = fitted(frame)
    rows = pd.DataFrame({"hours": 1.0, "quiz": 60, "track": ["b", "zzz", None, " a "]})
    features = prep.transform(rows)
    raw = unscale(prep, features)[:, 3:]
    np.testing.assert_allclose(raw, [[0, 1, 0], [0, 0, 0], [0, 0, 0], [1, 0, 0]], atol=1e-6)
    np.testing.assert_array_equal(features[1], features[2])  # unseen looks exactly like missing


def test_robust_scaling_centres_on_the_median_and_scales_by_the_quartiles():
    frame = pd.DataFrame({"absences": [0.0, 1, 2, 3, 4, 5, 6, 7, 8, 1000]})
    layout = FeatureLayout.from_frame(frame, numeric=["absences"], categorical=[])
    prep = Preprocessor(layout, scaling="robust").fit(frame)
    low, median, high = np.quantile(frame["absences"], [0.25, 0.5, 0.75])
    assert prep.means_[0] == pytest.approx(median)
    assert prep.scales_[0] == pytest.approx((high - low) / 1.349)
    features = prep.transform(frame)[:, 0]
    assert features[:9].std() > 0.5  # the outlier does not squash everyone else (it would with the sd)
    assert features[-1] == CLIP_Z
    standard = Preprocessor(layout).fit(frame).transform(frame)[:, 0]
    assert standard[:9].std() < 0.05
    with pytest.raises(ConfigError, match="'scaling' of a Preprocessor must be one of standard, robust"):
        Preprocessor(layout, scaling="minmax")


def test_robust_scaling_falls_back_to_the_sd_when_the_quartiles_agree():
    frame = pd.DataFrame({"resits": [0.0] * 8 + [1.0, 3.0]})
    layout = FeatureLayout.from_frame(frame, numeric=["resits"], categorical=[])
    prep = Preprocessor(layout, scaling="robust").fit(frame)
    assert prep.means_[0] == 0.0 and prep.scales_[0] == pytest.approx(frame["resits"].std(ddof=0))


def test_bin_edges_are_quantiles_of_the_training_rows_on_the_scaled_axis():
    frame = pd.DataFrame({"hours": np.arange(100.0), "grade": [1.0, 2.0] * 50, "gaps": [np.nan] * 100})
    layout = FeatureLayout.from_frame(frame, numeric=["hours", "grade", "gaps"], categorical=[])
    prep = Preprocessor(layout, bins=4).fit(frame.iloc[:80])
    assert prep.edges_.shape == (3, 5)
    scaled = (np.quantile(np.arange(80.0), [0, 0.25, 0.5, 0.75, 1]) - prep.means_[0]) / prep.scales_[0]
    np.testing.assert_allclose(prep.edges_[0], scaled, atol=1e-5)
    # two values: the quantiles repeat, so only distinct edges are kept and the last one fills the rest
    assert prep.edges_[1].tolist() == [-1.0, 0.0, 1.0, 1.0, 1.0]
    assert (prep.edges_[2] == 0).all()  # never known: no bins at all
    assert Preprocessor(layout).fit(frame).edges_ is None


def test_scaled_values_are_clipped():
    frame = classroom()
    prep = fitted(frame)
    features = prep.transform(pd.DataFrame({"hours": [1e9, -1e9], "quiz": [65, 65], "track": "a"}))
    assert features[:, 0].tolist() == [CLIP_Z, -CLIP_Z]
    assert np.abs(prep.transform(frame)).max() <= CLIP_Z


def test_constant_training_column_is_zero_for_every_row():
    frame = pd.DataFrame({"hours": [3.0, 3.0, 3.0]})
    layout = FeatureLayout.from_frame(frame, numeric=["hours"], categorical=[])
    prep = Preprocessor(layout).fit(frame)
    assert prep.scales_.tolist() == [0.0]
    assert prep.transform(pd.DataFrame({"hours": [3.0, 5.0]}))[:, 0].tolist() == [0.0, 0.0]


def test_features_constant_in_the_training_rows_carry_nothing_to_test_rows():
    # the training rows have no gap in hours and nobody on track c; a test student has both
    frame = pd.DataFrame({"hours": [1.0, 2.0, 3.0, 4.0, np.nan], "track": ["a", "b", "a", "b", "c"]})
    layout = FeatureLayout.from_frame(frame, numeric=["hours"], categorical=["track"])
    prep = Preprocessor(layout).fit(frame.iloc[:4])
    features = pd.DataFrame(prep.transform(frame.iloc[4:]), columns=layout.feature_names)
    assert features.loc[0, ["hours (missing)", "track = c"]].tolist() == [0.0, 0.0]
    assert features.loc[0, "track = a"] != 0  # a feature that varied in training still speaks


def test_a_run_saved_with_scale_one_for_constant_features_predicts_as_before():
    frame = pd.DataFrame({"hours": [3.0, 3.0, 3.0]})
    layout = FeatureLayout.from_frame(frame, numeric=["hours"], categorical=[])
    old = Preprocessor.from_dict(layout, {"medians": {"hours": 3.0}, "means": [3.0], "scales": [1.0]})
    assert old.transform(pd.DataFrame({"hours": [3.0, 5.0]}))[:, 0].tolist() == [0.0, 2.0]


def test_all_missing_training_column_fills_with_zero():
    frame = pd.DataFrame({"hours": [np.nan, np.nan]})
    layout = FeatureLayout.from_frame(frame, numeric=["hours"], categorical=[])
    assert Preprocessor(layout).fit(frame).medians_ == {"hours": 0.0}


# --------------------------------------------------------------------------- errors


def test_transform_before_fit_is_refused():
    layout = FeatureLayout.from_frame(classroom(), numeric=["hours"], categorical=[])
    with pytest.raises(ConfigError, match=r"not fitted yet. Call fit\(\) on the training rows first"):
        Preprocessor(layout).transform(classroom())


def test_missing_input_column_is_named():
    prep = fitted(classroom())
    with pytest.raises(ConfigError) as caught:
        prep.transform(classroom().drop(columns=["quiz", "track"]))
    assert "lacks input column(s) the model was trained with: quiz, track." in str(caught.value)


# --------------------------------------------------------------------------- saving


def test_dict_round_trip_through_json_gives_identical_transforms():
    frame = classroom()
    prep = fitted(frame)
    layout = FeatureLayout.from_dict(json.loads(json.dumps(prep.layout.to_dict())))
    assert layout == prep.layout
    restored = Preprocessor.from_dict(layout, json.loads(json.dumps(prep.to_dict())))
    new_rows = pd.DataFrame({"hours": [np.nan, 7.5], "quiz": [61, 99], "track": ["c", "unseen"]})
    for rows in (frame, new_rows):
        np.testing.assert_array_equal(restored.transform(rows), prep.transform(rows))


def test_dict_round_trip_keeps_robust_scaling_bins_and_known_levels():
    frame = pd.DataFrame({"hours": np.linspace(0, 9, 40), "school": [f"s{i % 20:02d}" for i in range(40)]})
    layout = FeatureLayout.from_frame(frame, numeric=["hours"], categorical=["school"])
    prep = Preprocessor(layout, scaling="robust", bins=8).fit(frame.iloc[:18])
    restored = Preprocessor.from_dict(FeatureLayout.from_dict(json.loads(json.dumps(layout.to_dict()))),
                                      json.loads(json.dumps(prep.to_dict())))
    assert restored.scaling == "robust" and restored.bins == 8
    np.testing.assert_array_equal(restored.edges_, prep.edges_)
    np.testing.assert_array_equal(restored.known_["school"], prep.known_["school"])
    np.testing.assert_array_equal(restored.transform(frame), prep.transform(frame))
