"""Turn input columns into the numbers a network reads, fitted on training rows only.

Two parts, kept apart on purpose:

* :class:`FeatureLayout` decides *which* features exist: one per numeric
  column, one more "was missing" indicator per numeric column that has gaps,
  and one per category of a categorical column (the most frequent ones; the
  rest share "other"). The layout is read from the column structure of the
  whole table, never from outcomes, so that every fold of a cross-validation
  produces features of the same width.
* :class:`Preprocessor` learns the *statistics* — medians for filling gaps,
  means and standard deviations for scaling — from the training rows only.
  A category first seen at prediction time gets no category feature (before scaling all its
  one-hot features are 0), so the network reads it like a missing value.
  A feature that is constant in the training rows (standard deviation 0: a category no training
  student has, an indicator of gaps that only test students have) is 0 for every row after
  scaling, so a value the network never learned from cannot reach its untrained weights.

Both convert to and from plain dicts for saved runs (no pickle).

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"hours": [1.0, None, 3.0], "track": ["a", "b", "a"]})
    >>> layout = FeatureLayout.from_frame(df, numeric=["hours"], categorical=["track"])
    >>> layout.feature_names
    ['hours', 'hours (missing)', 'track = a', 'track = b']
    >>> Preprocessor(layout).fit(df).transform(df).shape
    (3, 4)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..data.values import label_strings, numeric_values
from ..errors import ConfigError

MAX_CATEGORIES_PER_COLUMN = 30
CLIP_Z = 8.0  # scaled values are clipped to +-CLIP_Z so one typo cannot dominate a prediction
OTHER = "(other)"


@dataclass(frozen=True)
class FeatureLayout:
    """Which features exist and which original column each comes from."""

    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    indicators: tuple[str, ...]  # numeric columns that get a "missing" indicator
    categories: dict = field(default_factory=dict)  # column -> tuple of category labels

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, numeric, categorical) -> "FeatureLayout":
        """Read the layout from the columns of ``frame`` (values only, no outcomes)."""
        indicators = tuple(c for c in numeric if frame[c].isna().any() or numeric_values(frame[c]).isna().any())
        categories = {}
        for column in categorical:
            counts = label_strings(frame[column]).dropna().value_counts()
            kept = tuple(sorted(counts.index[:MAX_CATEGORIES_PER_COLUMN].astype(str)))
            categories[column] = kept + ((OTHER,) if len(counts) > MAX_CATEGORIES_PER_COLUMN else ())
        return cls(tuple(numeric), tuple(categorical), indicators, categories)

    @property
    def feature_names(self) -> list[str]:
        names = list(self.numeric) + [f"{c} (missing)" for c in self.indicators]
        for column in self.categorical:
            names += [f"{column} = {label}" for label in self.categories[column]]
        return names

    @property
    def feature_columns(self) -> list[str]:
        """The original column of every feature (to sum attributions back per column)."""
        columns = list(self.numeric) + list(self.indicators)
        for column in self.categorical:
            columns += [column] * len(self.categories[column])
        return columns

    @property
    def columns(self) -> list[str]:
        return list(self.numeric) + list(self.categorical)

    def parse(self, frame: pd.DataFrame) -> dict[str, np.ndarray]:
        """The input columns as numbers (numeric, NaN when missing) or label strings (categorical).

        Parsing once and transforming with several fitted preprocessors (one per fold) avoids
        repeating the slowest part.
        """
        missing = [c for c in self.columns if c not in frame.columns]
        if missing:
            raise ConfigError(
                f"The table lacks input column(s) the model was trained with: {', '.join(missing)}. "
                "Add them (empty cells are allowed)."
            )
        parsed = {c: numeric_values(frame[c]).to_numpy(dtype=float) for c in self.numeric}
        parsed.update({c: label_strings(frame[c]).to_numpy(dtype=object) for c in self.categorical})
        return parsed

    def to_dict(self) -> dict:
        return {
            "numeric": list(self.numeric),
            "categorical": list(self.categorical),
            "indicators": list(self.indicators),
            "categories": {k: list(v) for k, v in self.categories.items()},
        }

    @classmethod
    def from_dict(cls, data: dict) -> "FeatureLayout":
        return cls(
            tuple(data["numeric"]),
            tuple(data["categorical"]),
            tuple(data["indicators"]),
            {k: tuple(v) for k, v in data["categories"].items()},
        )


class Preprocessor:
    """Fills gaps, scales numbers and one-hot encodes categories; ``fit`` on training rows only.

    Args:
        layout: the :class:`FeatureLayout` to produce.
    """

    def __init__(self, layout: FeatureLayout):
        self.layout = layout
        self.medians_: dict[str, float] | None = None
        self.means_: np.ndarray | None = None
        self.scales_: np.ndarray | None = None

    def fit(self, frame: pd.DataFrame) -> "Preprocessor":
        """Learn fill values and scaling from ``frame`` (the training rows). A second fit replaces the first.

        ``scales_`` is 0 for a feature that is constant in ``frame``: :meth:`transform` then gives 0
        for it, whatever the value.
        """
        parsed = self.layout.parse(frame)
        self.medians_ = {}
        for column in self.layout.numeric:
            median = np.nanmedian(parsed[column]) if np.isfinite(parsed[column]).any() else np.nan
            self.medians_[column] = float(median) if pd.notna(median) else 0.0
        raw = self._raw_features(parsed, len(frame))
        self.means_ = raw.mean(axis=0) if len(raw) else np.zeros(raw.shape[1])
        scales = raw.std(axis=0) if len(raw) else np.zeros(raw.shape[1])
        self.scales_ = np.where(scales > 1e-9, scales, 0.0)
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Features for every row of ``frame``: float32 array (rows x features)."""
        if self.medians_ is None:
            raise ConfigError("This Preprocessor is not fitted yet. Call fit() on the training rows first.")
        return self.transform_parsed(self.layout.parse(frame), len(frame))

    def transform_parsed(self, parsed: dict[str, np.ndarray], n: int) -> np.ndarray:
        """Like :meth:`transform`, from the output of :meth:`FeatureLayout.parse`."""
        varies = self.scales_ > 0  # runs saved before constant features got scale 0 have 1 there instead
        inverse = np.divide(1.0, self.scales_, out=np.zeros_like(self.scales_, dtype=float), where=varies)
        scaled = (self._raw_features(parsed, n) - self.means_) * inverse
        return np.clip(scaled, -CLIP_Z, CLIP_Z).astype("float32")

    def _raw_features(self, parsed: dict[str, np.ndarray], n: int) -> np.ndarray:
        blocks = []
        for column in self.layout.numeric:
            values = parsed[column]
            blocks.append(np.where(np.isnan(values), self.medians_[column], values))
        for column in self.layout.indicators:
            blocks.append(np.isnan(parsed[column]).astype(float))
        for column in self.layout.categorical:
            blocks.extend(self._one_hot(parsed[column], self.layout.categories[column]))
        if not blocks:
            return np.zeros((n, 0))
        return np.column_stack(blocks)

    @staticmethod
    def _one_hot(labels: np.ndarray, categories: tuple[str, ...]) -> list[np.ndarray]:
        present = pd.notna(labels)
        known = set(categories) - {OTHER}
        columns = []
        for category in categories:
            if category == OTHER:
                hit = present & ~np.isin(labels, list(known))
            else:
                hit = labels == category
            columns.append(np.asarray(hit, dtype=float))
        return columns

    def to_dict(self) -> dict:
        return {
            "medians": self.medians_,
            "means": np.asarray(self.means_).tolist(),
            "scales": np.asarray(self.scales_).tolist(),
        }

    @classmethod
    def from_dict(cls, layout: FeatureLayout, data: dict) -> "Preprocessor":
        fitted = cls(layout)
        fitted.medians_ = {k: float(v) for k, v in data["medians"].items()}
        fitted.means_ = np.asarray(data["means"], dtype=float)
        fitted.scales_ = np.asarray(data["scales"], dtype=float)
        return fitted
