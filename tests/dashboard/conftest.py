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


def make_fair_class(n: int = 200, seed: int = 3) -> pd.DataFrame:
    """A class where the model must serve one group worse: the score of students in gender group M is
    much noisier (sd 9 against 2), and gender is sensitive, so not an input. A mid-term grade is there to
    be a training-only outcome."""
    import numpy as np

    rng = np.random.default_rng(seed)
    effort = rng.normal(size=n)
    gender = rng.choice(["F", "M"], size=n)
    noise = np.where(gender == "M", rng.normal(scale=9, size=n), rng.normal(scale=2, size=n))
    score = 60 + 10 * effort + noise
    return pd.DataFrame({"student_id": [f"S{i:03d}" for i in range(n)], "gender": gender, "effort": effort.round(3),
                         "homework": (effort + rng.normal(scale=0.5, size=n)).round(2), "score": score.round(1),
                         "passed": np.where(score >= 55, "pass", "fail"),
                         "midterm": (score + rng.normal(scale=3, size=n)).round(1)})


@pytest.fixture(scope="session")
def compared_run():
    """A real run with ``compare=True`` (comparison, task similarity) on a class with a sensitive column,
    and a training-only outcome."""
    import mtl_core

    frame = make_fair_class()
    tasks = [mtl_core.make_task(frame, "score"), mtl_core.make_task(frame, "passed"),
             mtl_core.make_task(frame, "midterm", auxiliary=True)]
    config = mtl_core.TrainConfig(epochs=60, patience=15, ensemble_size=2, hidden_units=(16,), head_units=(8,), seed=1)
    return frame, mtl_core.train(frame, tasks, config=config, evaluation=mtl_core.KFold(3), compare=True)
