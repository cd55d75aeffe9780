"""Shared fixtures: the sample class, a tiny synthetic class with known structure, small trained runs."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pandas as pd
import pytest

from tests.synthetic import ROOT, SAMPLE_CSV, SHARED, UCI_CSV, in_ci, make_tiny_class, tiny_tasks  # noqa: F401


@pytest.fixture
def tiny_class() -> pd.DataFrame:
    return make_tiny_class()


@pytest.fixture(scope="session")
def sample_class() -> pd.DataFrame:
    return pd.read_csv(SAMPLE_CSV)


@pytest.fixture
def uci_csv() -> Path:
    """The real UCI file; locally its tests skip when ../shared is absent, in CI they fail."""
    if not UCI_CSV.exists():
        message = f"{UCI_CSV} is absent (the shared data folder is not beside this checkout)"
        if in_ci():
            pytest.fail(message + "; CI runs with ../shared beside the clone")
        pytest.skip(message)
    return UCI_CSV


@pytest.fixture(scope="session")
def tiny_run():
    """A real, small multi-task run (3-fold CV, 2 members per fold) shared by tests that only read it."""
    from mtl_core import KFold, TrainConfig, train

    frame = make_tiny_class()
    config = TrainConfig(epochs=60, patience=15, ensemble_size=2, hidden_units=(16,), head_units=(8,), seed=1)
    return frame, train(frame, tiny_tasks(frame), config=config, evaluation=KFold(3))
