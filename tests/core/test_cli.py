"""The command line, run as a teacher would: ``python -m mtl_core ...`` in a subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.synthetic import make_tiny_class

ROOT = Path(__file__).resolve().parents[2]
TASKS = ["score", "passed", "band", "dropout"]


def cli(*args, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mtl_core", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def european_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Semicolons between cells and decimal commas, as a German or French Excel saves a CSV."""
    frame.to_csv(path, sep=";", decimal=",", index=False)
    return path


def read_predictions(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype={"student_id": str})


@pytest.fixture(scope="module")
def shuffled_class() -> pd.DataFrame:
    frame = make_tiny_class()
    return frame.iloc[np.random.default_rng(4).permutation(len(frame))].reset_index(drop=True)


@pytest.fixture(scope="module")
def cv_output(shuffled_class, tmp_path_factory) -> Path:
    """``train --cv 3`` on the tiny class saved as a semicolon CSV with decimal commas."""
    folder = tmp_path_factory.mktemp("cli_cv")
    data = european_csv(shuffled_class, folder / "klasse.csv")
    text = data.read_text(encoding="utf-8")
    assert text.startswith("student_id;name;effort;") and re.search(r";-?\d+,\d+;", text)
    result = cli("train", "--data", data, "--targets", ",".join(TASKS), "--id", "student_id", "--drop", "name",
                 "--cv", 3, "--epochs", 30, "--seed", 1, "--quiet", "--out", folder / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "out"


@pytest.fixture(scope="module")
def holdout_output(shuffled_class, tmp_path_factory) -> Path:
    """``train --test-size 0.25`` with derived targets and task weights."""
    folder = tmp_path_factory.mktemp("cli_holdout")
    shuffled_class.drop(columns=["passed", "band", "dropout"]).to_csv(folder / "class.csv", index=False)
    result = cli("train", "--data", folder / "class.csv", "--targets", "score,pass=score>=60,bands=score:bands:55/65",
                 "--weights", "pass=2,bands=0.5", "--id", "student_id", "--drop", "name", "--test-size", 0.25,
                 "--epochs", 30, "--quiet", "--out", folder / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "out"


# --------------------------------------------------------------------------- train with cross-validation

def test_metrics_json_describes_every_task(cv_output):
    metrics = json.loads((cv_output / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["n_students"] == 120 and metrics["evaluation"] == "3-fold cross-validation"
    assert list(metrics["tasks"]) == TASKS
    kinds = {name: task["kind"] for name, task in metrics["tasks"].items()}
    assert kinds == {"score": "regression", "passed": "binary", "band": "multiclass", "dropout": "binary"}
    for name, task in metrics["tasks"].items():
        assert set(task["metrics"]) == set(task["baseline"]) and task["metrics"], name
    score, dropout = metrics["tasks"]["score"], metrics["tasks"]["dropout"]
    assert score["n_labelled"] == 120 and dropout["n_labelled"] == make_tiny_class()["dropout"].notna().sum()
    assert score["primary_metric"] == "mae" and score["metrics"]["mae"] < 0.6 * score["baseline"]["mae"]
    assert score["verdict"] == "better"


def test_metrics_json_has_the_reliability_curve_of_every_classification_task(cv_output):
    metrics = json.loads((cv_output / "metrics.json").read_text(encoding="utf-8"))
    assert "calibration" not in metrics["tasks"]["score"]
    for name in ("passed", "band", "dropout"):
        task = metrics["tasks"][name]
        curve = task["calibration"]
        assert curve["curve"] == ("top label" if name == "band" else "positive class")
        assert sum(b["students"] for b in curve["bins"]) == task["n_labelled"]
        assert 0 <= task["metrics"]["ece"] <= 1
        gaps = sum(b["students"] * abs(b["observed"] - b["predicted"]) for b in curve["bins"])
        assert task["metrics"]["ece"] == pytest.approx(gaps / task["n_labelled"])


@pytest.fixture(scope="module")
def compare_output(shuffled_class, tmp_path_factory) -> tuple[Path, str]:
    """``train --cv 3 --compare``: the network beside single-task networks, a forest and boosting."""
    folder = tmp_path_factory.mktemp("cli_compare")
    shuffled_class.to_csv(folder / "class.csv", index=False)
    result = cli("train", "--data", folder / "class.csv", "--targets", "score,passed", "--id", "student_id",
                 "--drop", "name", "--cv", 3, "--epochs", 15, "--quiet", "--compare", "--out", folder / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "out", result.stderr


def test_compare_writes_every_model_the_best_and_whether_its_lead_is_noise(compare_output):
    out, _ = compare_output
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    models = {"multi-task", "single-task", "random forest", "gradient boosting", "baseline"}
    assert set(metrics["training_seconds"]) == models
    assert "Nadeau-Bengio" in metrics["comparison_rule"]
    for name in ("score", "passed"):
        task = metrics["tasks"][name]
        assert set(task["comparison"]) == models
        primary = task["primary_metric"]
        values = {m: task["comparison"][m][primary]["value"] for m in models}
        pick = max if primary == "accuracy" else min
        assert task["best_model"] == pick(values, key=values.get)
        versus = task["best_versus"]
        assert versus["margin"] == pytest.approx(abs(values[task["best_model"]] - values[versus["model"]]))
        assert isinstance(versus["within_fold_noise"], bool)
        assert task["best_tree_model"] in ("random forest", "gradient boosting")
        assert isinstance(task["multi_task_gap_to_best_tree_within_fold_noise"], bool)


def test_compare_prints_the_best_model_and_its_lead_per_task(compare_output):
    out, stderr = compare_output
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    for name in ("score", "passed"):
        line = next(line for line in stderr.splitlines() if line.startswith(f"  {name}: best on the same folds"))
        assert f"best on the same folds: {metrics['tasks'][name]['best_model']} (" in line
        assert "fold noise" in line and "multi-task vs single-task" in line


def test_predictions_csv_has_every_student_in_input_order_and_no_empty_cell(cv_output, shuffled_class):
    predictions = read_predictions(cv_output / "predictions.csv")
    assert list(predictions.columns) == ["student_id", *TASKS]
    assert predictions["student_id"].tolist() == shuffled_class["student_id"].tolist()
    assert not predictions.isna().any().any()  # out-of-fold predictions, even for unlabelled students
    assert set(predictions["passed"]) <= {"pass", "fail"} and set(predictions["band"]) <= {"A", "B", "C"}
    assert set(predictions["dropout"]) <= {"yes", "no"}
    assert np.corrcoef(predictions["score"], shuffled_class["score"])[0, 1] > 0.8
    assert (predictions["passed"] == shuffled_class["passed"]).mean() > 0.8


def test_train_also_writes_recommendations_and_a_loadable_run(cv_output, shuffled_class):
    from mtl_core import load_run

    recommendations = pd.read_csv(cv_output / "recommendations.csv", encoding="utf-8-sig")
    assert recommendations["student_id"].tolist() == shuffled_class["student_id"].tolist()
    run = load_run(cv_output / "run")
    assert [t.name for t in run.tasks] == TASKS and "name" not in run.predictor.layout.columns


# --------------------------------------------------------------------------- hold-out, derived targets, weights

def test_holdout_fills_only_the_test_students(holdout_output):
    predictions = read_predictions(holdout_output / "predictions.csv")
    assert len(predictions) == 120 and list(predictions.columns) == ["student_id", "score", "pass", "bands"]
    filled = predictions[["score", "pass", "bands"]].notna()
    assert filled.sum().tolist() == [30, 30, 30]
    assert (filled.all(axis=1) == filled.any(axis=1)).all()  # a student is tested on every task or none


def test_derived_targets_use_their_own_labels(holdout_output, shuffled_class):
    predictions = read_predictions(holdout_output / "predictions.csv").dropna()
    assert set(predictions["pass"]) <= {"pass", "fail"}
    assert set(predictions["bands"]) <= {"<55", "55-65", ">=65"}
    truth = shuffled_class.set_index("student_id").loc[predictions["student_id"], "score"].to_numpy()
    assert ((predictions["pass"] == "pass") == (truth >= 60)).mean() > 0.75
    metrics = json.loads((holdout_output / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["tasks"]["pass"]["kind"] == "binary" and metrics["tasks"]["bands"]["kind"] == "multiclass"
    assert metrics["tasks"]["pass"]["n_labelled"] == 30


def test_weights_reach_the_saved_run(holdout_output):
    meta = json.loads((holdout_output / "run" / "run.json").read_text(encoding="utf-8"))
    weights = {task["name"]: task["weight"] for task in meta["tasks"]}
    assert weights == {"score": 1.0, "pass": 2.0, "bands": 0.5}
    assert meta["tasks"][1]["derive"] == {"type": "threshold", "at": 60.0, "below": "fail", "above": "pass"}


# --------------------------------------------------------------------------- predict

def test_predict_scores_a_new_file_with_a_saved_run(cv_output, tmp_path):
    from mtl_core import load_run, predict

    new = make_tiny_class(n=25, seed=33)[["student_id", "name", "effort", "track", "noise_col"]]
    new.to_csv(tmp_path / "next_year.csv", index=False)
    result = cli("predict", "--run", cv_output, "--data", tmp_path / "next_year.csv", "--out",
                 tmp_path / "scored" / "predictions.csv")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "25 students" in result.stderr
    scored = read_predictions(tmp_path / "scored" / "predictions.csv")
    assert list(scored.columns) == ["student_id", *TASKS] and not scored.isna().any().any()
    assert scored["student_id"].tolist() == new["student_id"].tolist()
    expected = predict(load_run(cv_output / "run"), new)
    np.testing.assert_allclose(scored["score"], expected["score"], atol=1e-4)
    assert scored["band"].tolist() == expected["band"].tolist()


# --------------------------------------------------------------------------- column roles

def test_inferred_roles_are_kept_so_names_and_sensitive_columns_are_not_inputs(sample_class):
    from mtl_core import make_task
    from mtl_core.cli import command_line_schema

    tasks = [make_task(sample_class, "passed")]
    schema = command_line_schema(sample_class, tasks, [], None)
    assert {"student_id", "name", "gender", "age", "final_exam", "passed"}.isdisjoint(schema.inputs)
    assert schema.id_column == "student_id" and schema["gender"].role == "sensitive"
    assert {"attendance_rate", "quiz_1", "track"} <= set(schema.inputs)
    kept = command_line_schema(sample_class, tasks, ["quiz_1"], "name", keep_sensitive=True)
    assert {"gender", "age"} <= set(kept.inputs) and kept["age"].reason == "set by you"
    assert kept.id_column == "name" and kept["student_id"].role == "ignore"  # --id wins over the inferred ID
    assert kept["quiz_1"].role == "ignore" and kept["passed"].role == "target"


def test_keep_sensitive_trains_on_them_and_the_model_card_says_so(tmp_path):
    from mtl_core import load_run

    result = cli("train", "--data", ROOT / "sample_data" / "class.csv", "--targets", "passed", "--keep-sensitive",
                 "--epochs", 2, "--quiet", "--out", tmp_path / "out", timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    run = load_run(tmp_path / "out" / "run")
    assert {"gender", "age"} <= set(run.predictor.layout.columns)
    assert {"student_id", "name"}.isdisjoint(run.predictor.layout.columns)
    card = (tmp_path / "out" / "run" / "MODEL_CARD.md").read_text(encoding="utf-8")
    used = next(line for line in card.splitlines() if line.startswith("Recognised as sensitive: gender, age."))
    assert "Used as inputs, because the user chose to: age, gender." in used
    assert read_predictions(tmp_path / "out" / "predictions.csv").columns.tolist() == ["student_id", "passed"]


# --------------------------------------------------------------------------- bad input

@pytest.fixture(scope="module")
def plain_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli_bad") / "class.csv"
    make_tiny_class().to_csv(path, index=False)
    return path


@pytest.mark.parametrize("args, expected", [
    (["--targets", "scroe"], ["'scroe'", "Did you mean 'score'"]),
    (["--targets", "score:regresion"], ["Unknown task kind 'regresion'", "regression, binary, multiclass"]),
    (["--targets", "score", "--weights", "score:2"], ["--weights expects TASK=NUMBER", "'score:2'"]),
    (["--targets", "score", "--weights", "scor=2"], ["Unknown task(s) in weights: scor", "Available: score"]),
    (["--targets", "everyone=score>=0"], ["one class only", "'pass'"]),
    (["--targets", "band:binary"], ["Task 'band' is binary but has 3 classes", "Choose 'multiclass'"]),
    (["--targets", "score", "--drop", "nmae"], ["Column 'nmae' is not in the file", "Did you mean 'name'"]),
    (["--targets", "score", "--cv", "1"], ["The 'k' of KFold must be an int between 2 and 20. Got 1 instead."]),
    (["--targets", "score", "--epochs", "0"], ["The 'epochs' parameter of TrainConfig must be an int >= 1."]),
])
def test_bad_arguments_exit_2_with_a_short_message(plain_csv, tmp_path, args, expected):
    result = cli("train", "--data", plain_csv, *args, "--out", tmp_path / "out", timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr.startswith("error: ") and len(result.stderr) < 800
    for text in expected:
        assert text in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content, expected", [
    (None, ["nowhere.csv"]),
    (bytes(range(256)) * 40, ["garbage.csv"]),
    (b"", ["garbage.csv"]),
])
def test_unreadable_files_exit_2_naming_the_file(tmp_path, content, expected):
    data = tmp_path / ("nowhere.csv" if content is None else "garbage.csv")
    if content is not None:
        data.write_bytes(content)
    result = cli("train", "--data", data, "--targets", "score", "--out", tmp_path / "out", timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("error: ")
    for text in expected:
        assert text in result.stderr


def test_predict_with_a_folder_that_is_not_a_run_exits_2(plain_csv, tmp_path):
    result = cli("predict", "--run", tmp_path, "--data", plain_csv, "--out", tmp_path / "p.csv", timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "is not a saved EduMTL run" in result.stderr


# --------------------------------------------------------------------------- the UCI Portuguese class

@pytest.mark.shared_data
@pytest.mark.slow
def test_uci_portuguese_class_every_task_beats_its_baseline(uci_csv, tmp_path):
    result = cli("train", "--data", uci_csv, "--targets", "G3,pass=G3>=10,grade5=G3:bands:10/12/14/16",
                 "--drop", "G1,G2", "--cv", 10, "--epochs", 60, "--quiet", "--out", tmp_path / "out", timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    predictions = pd.read_csv(tmp_path / "out" / "predictions.csv")
    assert len(predictions) == 649 and list(predictions.columns) == ["G3", "pass", "grade5"]
    assert not predictions.isna().any().any()
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["n_students"] == 649
    for name, task in metrics["tasks"].items():
        primary = task["primary_metric"]
        model, baseline = task["metrics"][primary], task["baseline"][primary]
        assert task["verdict"] == "better", (name, model, baseline)
        assert (model > baseline) if primary == "accuracy" else (model < baseline), name
