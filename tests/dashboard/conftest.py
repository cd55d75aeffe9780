"""Fixtures for the dashboard tests: pages run with AppTest on preset state, and small real runs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.dashboard.helpers import loaded_table
from tests.synthetic import SAMPLE_CSV, make_tiny_class


@pytest.fixture(scope="session")
def sample_loaded():
    import mtl_core

    return mtl_core.load_table(SAMPLE_CSV)


@pytest.fixture(scope="session")
def tiny_loaded():
    return loaded_table(make_tiny_class(), "tiny.csv")


@pytest.fixture(scope="session")
def sample_run():
    """A small real run on part of the sample class, with changeable inputs (for reasons, actions, what-if)."""
    import mtl_core

    frame = pd.read_csv(SAMPLE_CSV).head(150)
    keep = ["student_id", "name", "attendance_rate", "homework_completion", "study_hours_week", "extra_support",
            "quiz_1", "prior_year_grade", "final_exam", "passed"]
    frame = frame[keep]
    tasks = [mtl_core.make_task(frame, "final_exam"), mtl_core.make_task(frame, "passed")]
    config = mtl_core.TrainConfig(epochs=40, patience=10, ensemble_size=1, hidden_units=(16,), head_units=(8,), seed=1)
    return frame, mtl_core.train(frame, tasks, config=config, evaluation=mtl_core.KFold(3))


@pytest.fixture
def runs_dir(tmp_path, monkeypatch) -> Path:
    """An empty runs folder used by the dashboard through EDUMTL_RUNS_DIR."""
    folder = tmp_path / "runs"
    monkeypatch.setenv("EDUMTL_RUNS_DIR", str(folder))
    return folder
