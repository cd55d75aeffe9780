"""The command-line contract for answer logs (issue 10, item 6), run as a teacher or a script would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mtl_core.cli import main
from tests.core.test_answer_log import _simulator

ROOT = Path(__file__).resolve().parents[2]


def cli(*args, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mtl_core", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def log_file(tmp_path_factory) -> Path:
    """A simulated log with teacher-style headers, rows shuffled, one unscored answer."""
    answers = _simulator().simulate_log(60, 25, seed=9).answers
    answers = answers.rename(columns={"student_id": "pupil", "skill": "topic", "correct": "right",
                                      "answered_at": "time", "item_id": "question"})
    answers = answers.iloc[np.random.default_rng(0).permutation(len(answers))].reset_index(drop=True)
    answers["right"] = answers["right"].astype(object)
    answers.loc[5, "right"] = None
    path = tmp_path_factory.mktemp("log") / "answers.csv"
    answers.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def cv_out(log_file, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cv") / "out"
    result = cli("train", "--log", "--data", log_file, "--student", "pupil", "--skill", "topic", "--correct", "right",
                 "--order", "time", "--item", "question", "--cv", 2, "--seed", 3, "--epochs", 2, "--quiet",
                 "--out", out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "dkt: AUC" in result.stderr and "PFA: AUC" in result.stderr
    return out


def test_train_writes_predictions_mastery_metrics_and_the_run(cv_out, log_file):
    original = read(log_file)
    predictions = read(cv_out / "predictions.csv")
    assert list(predictions.columns) == [*original.columns, "p_correct"]
    pd.testing.assert_frame_equal(predictions[original.columns], original)  # one row per input row, input order
    scored = original["right"].notna()
    assert predictions.loc[scored, "p_correct"].between(0, 1).all()  # --cv: every scored answer out of fold
    assert predictions.loc[~scored, "p_correct"].isna().all()
    mastery = read(cv_out / "mastery.csv")
    assert list(mastery.columns) == ["student", "skill", "mastery", "answers"]
    assert len(mastery) == original["pupil"].nunique() * mastery["skill"].nunique()
    assert mastery["mastery"].between(0, 1).all() and mastery["answers"].ge(0).all()
    metrics = json.loads((cv_out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["mode"] == "answer_log" and metrics["model"] == "dkt" and metrics["evaluation"].startswith("2-fold")
    assert set(metrics["metrics"]) == {"dkt", "base rate", "PFA", "BKT"} and metrics["baselines"] == ["base rate", "PFA", "BKT"]
    assert set(metrics["metrics"]["PFA"]) == {"auc", "accuracy", "rmse", "log_loss"}
    assert metrics["n_test_answers"] == int(scored.sum()) and metrics["calibration"]
    assert (cv_out / "run" / "checksums.json").is_file() and (cv_out / "run" / "MODEL_CARD.md").is_file()


def test_roles_are_inferred_when_the_flags_are_omitted_and_holdout_leaves_training_rows_empty(tmp_path):
    answers = _simulator().simulate_log(40, 20, seed=2).answers
    answers.to_csv(tmp_path / "log.csv", index=False)
    code = main(["train", "--log", "--data", str(tmp_path / "log.csv"), "--test-size", "0.25", "--epochs", "1",
                 "--quiet", "--out", str(tmp_path / "out")])
    assert code == 0
    predictions = read(tmp_path / "out" / "predictions.csv")
    tested = predictions.groupby("student_id")["p_correct"].apply(lambda p: p.notna().all())
    untested = predictions.groupby("student_id")["p_correct"].apply(lambda p: p.isna().all())
    assert tested.sum() == 10 and untested.sum() == 30  # whole students on each side


def test_predict_scores_a_new_log_with_new_students_and_skills(cv_out, tmp_path):
    new = pd.DataFrame({"pupil": ["S0001", "S0001", "newcomer", "newcomer"], "question": ["ADD-1", "ADD-2", "Q", "Q"],
                        "topic": ["addition", "addition", "trigonometry", "addition"],
                        "time": ["2026-06-01 09:00", "2026-06-01 09:05", "2026-06-01 09:00", "2026-06-01 09:02"],
                        "right": ["1", "0", "1", "1"], "teacher_note": ["=1+1", "", "", ""]})
    new.to_csv(tmp_path / "week.csv", index=False)
    result = cli("predict", "--run", cv_out / "run", "--data", tmp_path / "week.csv", "--out", tmp_path / "p.csv")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "'trigonometry'" in result.stderr and "overall rate" in result.stderr
    scored = read(tmp_path / "p.csv")
    assert list(scored.columns) == [*new.columns, "p_correct"] and len(scored) == 4
    assert scored["pupil"].tolist() == new["pupil"].tolist() and scored["p_correct"].between(0, 1).all()
    assert scored["teacher_note"].iloc[0] == "'=1+1"  # a formula is written as text
    prior = json.loads((cv_out / "run" / "run.json").read_text(encoding="utf-8"))["prior"]
    assert scored["p_correct"].iloc[2] == pytest.approx(prior, abs=1e-9)
    assert main(["predict", "--run", str(cv_out), "--data", str(tmp_path / "week.csv"), "--out",
                 str(tmp_path / "p2.csv")]) == 0  # the train --out folder works too
    assert read(tmp_path / "p2.csv")["p_correct"].tolist() == pytest.approx(scored["p_correct"].tolist())


def test_bad_logs_exit_2_naming_the_column_rows_problem_and_fix(tmp_path, capsys):
    frame = pd.DataFrame({"student": [f"s{i % 12}" for i in range(60)], "skill": "add",
                          "score": [float(i % 100) for i in range(60)], "attempt": range(60)})
    frame.to_csv(tmp_path / "scores.csv", index=False)
    out = str(tmp_path / "out")
    assert main(["train", "--log", "--data", str(tmp_path / "scores.csv"), "--out", out]) == 2
    message = capsys.readouterr().err
    assert "column 'score'" in message and "rows 4, 5" in message and "pass mark" in message and "Fix:" in message
    assert not Path(out).exists()
    assert main(["train", "--log", "--data", str(tmp_path / "scores.csv"), "--skill", "topic", "--out", out]) == 2
    assert "The skill column 'topic' is not in the table" in capsys.readouterr().err
    assert main(["train", "--log", "--data", str(tmp_path / "scores.csv"), "--targets", "score", "--out", out]) == 2
    assert "--targets is for class tables" in capsys.readouterr().err
    assert main(["train", "--data", str(tmp_path / "scores.csv"), "--out", out]) == 2
    assert "--log for an answer log" in capsys.readouterr().err
    assert main(["train", "--log", "--data", str(tmp_path / "scores.csv"), "--pass-mark", "50", "--epochs", "1",
                 "--model", "lstm", "--out", out]) == 2
    assert "Unknown sequence model 'lstm'. Available: dkt" in capsys.readouterr().err


def test_predict_with_a_bad_new_log_exits_2(cv_out, tmp_path, capsys):
    pd.DataFrame({"pupil": ["a", "b"], "topic": ["addition", None], "time": ["2026-06-01", "2026-06-02"],
                  "right": [1, 0]}).to_csv(tmp_path / "bad.csv", index=False)
    assert main(["predict", "--run", str(cv_out / "run"), "--data", str(tmp_path / "bad.csv"), "--out",
                 str(tmp_path / "p.csv")]) == 2
    message = capsys.readouterr().err
    assert "column 'topic' (rows 3)" in message and "no skill" in message
    assert not (tmp_path / "p.csv").exists()
