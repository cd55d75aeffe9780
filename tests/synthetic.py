"""Synthetic classes with known structure, and paths to the data the tests use.

Tests import these with ``from tests.synthetic import ...``; the fixtures in ``tests/conftest.py``
wrap them.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE_CSV = ROOT / "sample_data" / "class.csv"
UCI_CSV = SHARED / "data" / "uci-student-por" / "student-por.csv"


def in_ci() -> bool:
    """CI=true, or EDUMTL_REQUIRE_BROWSER=1 (set by .ci/run): Chromium and ../shared must be there, so the
    tests that need them fail instead of skipping."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes") or os.environ.get("EDUMTL_REQUIRE_BROWSER") == "1"


def make_tiny_class(n: int = 120, seed: int = 0) -> pd.DataFrame:
    """A small class whose outcomes depend on known inputs.

    score = 60 + 10*effort + 5*(track == "b") + noise(sd 3)   (regression)
    passed = "pass" when score >= 60 else "fail"               (binary)
    band = A/B/C from score cut at 55 and 65                   (multiclass)
    risk = "yes" when effort < -0.8 (dropout-like), 20 % unknown
    noise_col carries nothing.
    """
    rng = np.random.default_rng(seed)
    effort = rng.normal(size=n)
    track = rng.choice(["a", "b"], size=n)
    score = 60 + 10 * effort + 5 * (track == "b") + rng.normal(scale=3, size=n)
    risk = np.where(effort < -0.8, "yes", "no").astype(object)
    risk[rng.random(n) < 0.2] = None
    return pd.DataFrame({
        "student_id": [f"T{i:03d}" for i in range(n)],
        "name": [f"Student {i}" for i in range(n)],
        "effort": effort.round(3),
        "track": track,
        "noise_col": rng.normal(size=n).round(3),
        "score": score.round(1),
        "passed": np.where(score >= 60, "pass", "fail"),
        "band": np.where(score < 55, "C", np.where(score < 65, "B", "A")),
        "dropout": risk,
    })


def tiny_tasks(frame: pd.DataFrame):
    from mtl_core import make_task

    return [make_task(frame, "score"), make_task(frame, "passed"), make_task(frame, "band"),
            make_task(frame, "dropout")]
