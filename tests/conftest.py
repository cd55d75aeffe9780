"""Shared fixtures: the sample class, a tiny synthetic class with known structure, small trained runs."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE_CSV = ROOT / "sample_data" / "class.csv"
UCI_CSV = SHARED / "data" / "uci-student-por" / "student-por.csv"


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


@pytest.fixture
def tiny_class() -> pd.DataFrame:
    return make_tiny_class()


@pytest.fixture(scope="session")
def sample_class() -> pd.DataFrame:
    return pd.read_csv(SAMPLE_CSV)


@pytest.fixture
def uci_csv() -> Path:
    if not UCI_CSV.exists():
        pytest.skip(f"{UCI_CSV} is absent (the shared data folder is not beside this checkout)")
    return UCI_CSV


def tiny_tasks(frame: pd.DataFrame):
    from mtl_core import make_task

    return [make_task(frame, "score"), make_task(frame, "passed"), make_task(frame, "band"),
            make_task(frame, "dropout")]


@pytest.fixture(scope="session")
def tiny_run():
    """A real, small multi-task run (3-fold CV, 2 members per fold) shared by tests that only read it."""
    from mtl_core import KFold, TrainConfig, train

    frame = make_tiny_class()
    config = TrainConfig(epochs=60, patience=15, ensemble_size=2, hidden_units=(16,), head_units=(8,), seed=1)
    return frame, train(frame, tiny_tasks(frame), config=config, evaluation=KFold(3))
