"""Turn input columns into the numbers a network reads, fitted on training rows only.

Two parts, kept apart on purpose:

* :class:`FeatureLayout` decides *which* features exist, in this order: one per numeric column, one
  "was missing" indicator per numeric column that has gaps, one per category of a categorical column
  with at most :data:`ONE_HOT_MAX_LEVELS` levels (one-hot), and one integer *code* per categorical
  column with more levels (a school, a class, a teacher), which the network turns into a learned
  embedding (``tabular/layers.py``, :class:`~mtl_core.tabular.layers.FeatureEncoder`). Every level
  keeps its own code: there is no cap, so a 2,280-school column carries its information. The layout
  is read from the column structure of the whole table, never from outcomes, so that every fold of
  a cross-validation produces features of the same width.
* :class:`Preprocessor` learns the *statistics* from the training rows only: medians for filling
  gaps; the centre and scale of every number (``scaling="standard"``: mean and standard deviation;
  ``"robust"``: median and inter-quartile range, so a few extreme values do not squash everyone
  else); the means and standard deviations of the indicators and one-hot features; which levels of
  an embedded column the training rows contain; and, with ``bins > 0``, the quantile edges of every
  number for the network's piecewise-linear encoding (Gorishniy et al. 2022), computed inside the
  model from these fold-fitted edges so that no wide encoding is ever materialised.

Scaled values are clipped to +-:data:`CLIP_Z`. A category first seen at prediction time (or a level
of an embedded column that no training student has) reads like a missing value: all its one-hot
features are 0 before scaling, or its code is 0 (the "unknown" embedding, which is zero). A feature
that is constant in the training rows (standard deviation 0: a category no training student has, an
indicator of gaps that only test students have) is 0 for every row after scaling, so a value the
network never learned from cannot reach its untrained weights.

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

ONE_HOT_MAX_LEVELS = 16  # a categorical column with more levels gets a learned embedding instead
CLIP_Z = 8.0  # scaled values are clipped to +-CLIP_Z so one typo cannot dominate a prediction
OTHER = "(other)"  # kept for layouts of older runs; new layouts never pool categories
SCALINGS = ("standard", "robust")
IQR_TO_SD = 1.349  # inter-quartile range of a normal distribution, in standard deviations


@dataclass(frozen=True)
class FeatureLayout:
    """Which features exist and which original column each comes from.

    Attributes:
        numeric: numeric input columns (one feature each).
        categorical: categorical input columns (one-hot or embedded).
        indicators: numeric columns that get a "missing" indicator.
        categories: column -> every level of the column (sorted).
        embedded: the categorical columns encoded by an integer code and a learned embedding.
    """

    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    indicators: tuple[str, ...]
    categories: dict = field(default_factory=dict)
    embedded: tuple[str, ...] = ()

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, numeric, categorical,
                   one_hot_max: int = ONE_HOT_MAX_LEVELS) -> "FeatureLayout":
        """Read the layout from the columns of ``frame`` (values only, no outcomes)."""
        indicators = tuple(c for c in numeric if frame[c].isna().any() or numeric_values(frame[c]).isna().any())
        categories = {}
        for column in categorical:
            categories[column] = tuple(sorted(label_strings(frame[column]).dropna().unique().astype(str)))
        embedded = tuple(c for c in categorical if len(categories[c]) > one_hot_max)
        return cls(tuple(numeric), tuple(categorical), indicators, categories, embedded)

    @property
    def one_hot(self) -> tuple[str, ...]:
        """The categorical columns encoded as one feature per level."""
        return tuple(c for c in self.categorical if c not in self.embedded)

    @property
    def feature_names(self) -> list[str]:
        names = list(self.numeric) + [f"{c} (missing)" for c in self.indicators]
        for column in self.one_hot:
            names += [f"{column} = {label}" for label in self.categories[column]]
        return names + [f"{c} (code)" for c in self.embedded]

    @property
    def feature_columns(self) -> list[str]:
        """The original column of every feature (to sum attributions back per column)."""
        columns = list(self.numeric) + list(self.indicators)
        for column in self.one_hot:
            columns += [column] * len(self.categories[column])
        return columns + list(self.embedded)

    @property
    def blocks(self) -> tuple[int, int, tuple[int, ...]]:
        """``(numbers, plain features, levels of each embedded column)``: how the network reads the
        features. Numbers come first, then the indicators and one-hot features (read as they are),
        then one code per embedded column."""
        plain = len(self.indicators) + sum(len(self.categories[c]) for c in self.one_hot)
        return len(self.numeric), plain, tuple(len(self.categories[c]) for c in self.embedded)

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
            "embedded": list(self.embedded),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "FeatureLayout":
        return cls(
            tuple(data["numeric"]),
            tuple(data["categorical"]),
            tuple(data["indicators"]),
            {k: tuple(v) for k, v in data["categories"].items()},
            tuple(data.get("embedded", ())),
        )


class Preprocessor:
    """Fills gaps, scales numbers, one-hot encodes or codes categories; ``fit`` on training rows only.

    Args:
        layout: the :class:`FeatureLayout` to produce.
        scaling: "standard" (default: mean and standard deviation) or "robust" (median and
            inter-quartile range / 1.349, the standard deviation when that is 0).
        bins: quantile bins per number for the piecewise-linear encoding (0, default: none).
    """

    def __init__(self, layout: FeatureLayout, *, scaling: str = "standard", bins: int = 0):
        if scaling not in SCALINGS:
            raise ConfigError(f"The 'scaling' of a Preprocessor must be one of {', '.join(SCALINGS)}. "
                              f"Got {scaling!r} instead.")
        self.layout, self.scaling, self.bins = layout, scaling, int(bins)
        self.medians_: dict[str, float] | None = None
        self.means_: np.ndarray | None = None
        self.scales_: np.ndarray | None = None
        self.known_: dict[str, np.ndarray] = {}
        self.edges_: np.ndarray | None = None

    def fit(self, frame: pd.DataFrame) -> "Preprocessor":
        """Learn fill values, scaling, known levels and bin edges from ``frame`` (the training rows).
        A second fit replaces the first.

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
        if self.scaling == "robust" and len(raw):
            self._robust(raw, scales)
        self.scales_ = np.where(scales > 1e-9, scales, 0.0)
        self.known_ = {}
        for column in self.layout.embedded:
            seen = {label for label in parsed[column] if isinstance(label, str)}
            self.known_[column] = np.array([label in seen for label in self.layout.categories[column]], bool)
        self.edges_ = self._edges(parsed) if self.bins > 0 else None
        return self

    def _robust(self, raw: np.ndarray, scales: np.ndarray) -> None:
        """Numbers centred on their median and scaled by their inter-quartile range (in place)."""
        numbers = raw[:, :len(self.layout.numeric)]
        low, median, high = np.quantile(numbers, [0.25, 0.5, 0.75], axis=0)
        spread = (high - low) / IQR_TO_SD
        self.means_[:numbers.shape[1]] = median
        scales[:numbers.shape[1]] = np.where(spread > 1e-9, spread, scales[:numbers.shape[1]])

    def _edges(self, parsed: dict[str, np.ndarray]) -> np.ndarray:
        """``(numbers, bins + 1)`` quantile edges of each number's known training values, on the scaled
        axis; a number with fewer distinct values repeats its last edge (an empty bin encodes as 0)."""
        edges = np.zeros((len(self.layout.numeric), self.bins + 1))
        quantiles = np.linspace(0.0, 1.0, self.bins + 1)
        for i, column in enumerate(self.layout.numeric):
            values = parsed[column][np.isfinite(parsed[column])]
            if not len(values) or self.scales_[i] == 0:
                continue
            scaled = np.clip((values - self.means_[i]) / self.scales_[i], -CLIP_Z, CLIP_Z)
            unique = np.unique(np.round(np.quantile(scaled, quantiles), 6))
            edges[i, :len(unique)] = unique
            edges[i, len(unique):] = unique[-1]
        return edges

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Features for every row of ``frame``: float32 array (rows x features)."""
        if self.medians_ is None:
            raise ConfigError("This Preprocessor is not fitted yet. Call fit() on the training rows first.")
        return self.transform_parsed(self.layout.parse(frame), len(frame))

    def transform_parsed(self, parsed: dict[str, np.ndarray], n: int) -> np.ndarray:
        """Like :meth:`transform`, from the output of :meth:`FeatureLayout.parse`."""
        varies = self.scales_ > 0  # runs saved before constant features got scale 0 have 1 there instead
        inverse = np.divide(1.0, self.scales_, out=np.zeros_like(self.scales_, dtype=float), where=varies)
        scaled = np.clip((self._raw_features(parsed, n) - self.means_) * inverse, -CLIP_Z, CLIP_Z)
        codes = [self._codes(parsed[c], c) for c in self.layout.embedded]
        return np.column_stack([scaled, *codes]).astype("float32") if codes else scaled.astype("float32")

    def _codes(self, labels: np.ndarray, column: str) -> np.ndarray:
        """1 + the level's position for levels the training rows contain, else 0 (missing or unknown)."""
        levels = self.layout.categories[column]
        position = pd.Index(levels, dtype=object).get_indexer(pd.Index(labels, dtype=object))
        known = self.known_.get(column, np.ones(len(levels), bool))
        return np.where((position >= 0) & known[np.maximum(position, 0)], position + 1, 0).astype(float)

    def _raw_features(self, parsed: dict[str, np.ndarray], n: int) -> np.ndarray:
        blocks = []
        for column in self.layout.numeric:
            values = parsed[column]
            blocks.append(np.where(np.isnan(values), self.medians_[column], values))
        for column in self.layout.indicators:
            blocks.append(np.isnan(parsed[column]).astype(float))
        for column in self.layout.one_hot:
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
            "scaling": self.scaling,
            "bins": self.bins,
            "medians": self.medians_,
            "means": np.asarray(self.means_).tolist(),
            "scales": np.asarray(self.scales_).tolist(),
            "known": {c: np.flatnonzero(k).tolist() for c, k in self.known_.items()},
            "edges": None if self.edges_ is None else np.asarray(self.edges_).tolist(),
        }

    @classmethod
    def from_dict(cls, layout: FeatureLayout, data: dict) -> "Preprocessor":
        fitted = cls(layout, scaling=data.get("scaling", "standard"), bins=int(data.get("bins", 0)))
        fitted.medians_ = {k: float(v) for k, v in data["medians"].items()}
        fitted.means_ = np.asarray(data["means"], dtype=float)
        fitted.scales_ = np.asarray(data["scales"], dtype=float)
        known = data.get("known", {})
        fitted.known_ = {}
        for column in layout.embedded:
            mask = np.zeros(len(layout.categories[column]), bool)
            mask[np.asarray(known.get(column, []), dtype=int)] = True
            fitted.known_[column] = mask
        edges = data.get("edges")
        fitted.edges_ = None if edges is None else np.asarray(edges, dtype=float).reshape(len(layout.numeric), -1)
        return fitted
