"""The selection harness: gaps to the best tree by hand, command-line candidates, and a real tiny grid that
caches its trees and resumes."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from tests.synthetic import ROOT, SHARED, in_ci, make_tiny_class, tiny_tasks

sys.path.insert(0, str(ROOT / "benchmarks"))

import common  # noqa: E402
import select_defaults as sd  # noqa: E402
import selection  # noqa: E402


# --------------------------------------------------------------------------- configs from the command line

def test_parse_config_converts_by_the_type_of_each_field():
    config = common.parse_config(["dropout=0.3", "hidden_units=128,64", "batch_size=none", "early_stopping=joint"])
    assert config.dropout == 0.3 and config.hidden_units == (128, 64) and config.batch_size is None
    assert config.early_stopping == "joint"
    assert common._optional("none") is None and common._optional("3") == 3
    assert common._optional("0.5") == 0.5 and common._optional("ple") == "ple"


def test_a_command_line_candidate_is_named_by_its_settings_unless_named():
    configs = sd.candidate_configs(["default"], ["dropout=0.1"], None)
    assert list(configs) == ["default", "dropout=0.1"]
    assert list(sd.candidate_configs([], ["dropout=0.1"], "low")) == ["low"]


def test_an_unknown_setting_is_a_clear_error():
    from mtl_core import ConfigError

    with pytest.raises(ConfigError, match="--config expects KEY=VALUE with KEY one of"):
        common.parse_config(["droput=0.1"])


# --------------------------------------------------------------------------- gaps by hand

def _networks(candidate, rows):
    return pd.DataFrame([dict(candidate=candidate, config="c", dataset="d", seed=seed, folds=5, fold_hash="h",
                              task=task, kind=kind, metric=metric, value=value, sd=0.0, baseline=0.0, seconds=10.0,
                              epochs=5, commit="x") for seed, task, kind, metric, value in rows])


def _trees(rows):
    from mtl_core.evaluation.references import VERSION

    return pd.DataFrame([dict(dataset="d", seed=seed, folds=5, fold_hash="h", version=VERSION, model=model, task=task,
                              kind=kind, metric=metric, value=value, sd=0.0, seconds=3.0)
                         for seed, model, task, kind, metric, value in rows])


def test_gap_is_relative_rmse_for_numbers_and_accuracy_points_for_classes():
    networks = _networks("a", [(0, "score", "regression", "rmse", 10.5), (0, "passed", "binary", "accuracy", 0.80),
                               (0, "passed", "binary", "ece", 0.04), (0, "passed", "binary", "brier", 0.15)])
    trees = _trees([(0, "random forest", "score", "regression", "rmse", 10.0),
                    (0, "gradient boosting", "score", "regression", "rmse", 11.0),
                    (0, "random forest", "passed", "binary", "accuracy", 0.79),
                    (0, "gradient boosting", "passed", "binary", "accuracy", 0.825),
                    (0, "gradient boosting", "passed", "binary", "ece", 0.07),
                    (0, "gradient boosting", "passed", "binary", "brier", 0.14)])
    table = sd.gaps(networks, trees).set_index("task")
    assert table.at["score", "best_tree"] == "random forest"
    assert table.at["score", "gap"] == pytest.approx(5.0), "10.5 / 10 - 1 = 5 %"
    assert table.at["passed", "best_tree"] == "gradient boosting"
    assert table.at["passed", "gap"] == pytest.approx(2.5), "82.5 % - 80 % = 2.5 points"
    assert table.at["passed", "tree_ece"] == 0.07 and table.at["passed", "network_brier"] == 0.15
    tasks = sd.per_task(table.reset_index()).set_index("task")
    assert not tasks.at["score", "within"] and not tasks.at["passed", "within"]


def test_seeds_are_averaged_and_only_cells_every_candidate_has_are_compared():
    rows_a = [(0, "score", "regression", "rmse", 10.05), (1, "score", "regression", "rmse", 9.9)]
    rows_b = [(0, "score", "regression", "rmse", 12.0)]  # b has no seed 1
    trees = _trees([(0, "random forest", "score", "regression", "rmse", 10.0),
                    (1, "random forest", "score", "regression", "rmse", 10.0)])
    both = sd.common_cells(sd.gaps(pd.concat([_networks("a", rows_a), _networks("b", rows_b)]), trees))
    assert sorted(both["seed"].unique()) == [0]
    alone = sd.per_task(sd.gaps(_networks("a", rows_a), trees)).iloc[0]
    assert alone["gap"] == pytest.approx((0.5 - 1.0) / 2) and alone["within"] and alone["seeds"] == 2
    ranked = sd.ranking(sd.per_task(both))
    assert ranked["candidate"].tolist() == ["a", "b"], "a within 1 % on every task, b 20 % worse"


# --------------------------------------------------------------------------- a real tiny grid

@pytest.fixture
def tiny_selection(monkeypatch):
    from mtl_core import infer_schema
    from mtl_core.evaluation import references

    frame = make_tiny_class()
    tasks = tuple(tiny_tasks(frame))
    data = selection.SelectionSet("tiny", frame, tasks, infer_schema(frame))
    monkeypatch.setitem(selection.LOADERS, "tiny", lambda: data)
    monkeypatch.setattr(references, "FOREST_TREES", 20)
    monkeypatch.setitem(sd.CANDIDATES, "quick", (dict(epochs=5, patience=5, ensemble_size=1, hidden_units=(8,),
                                                      head_units=(4,)), "a tiny network"))
    return data


@pytest.mark.slow
def test_the_grid_writes_as_it_goes_caches_the_trees_and_resumes(tiny_selection, tmp_path, capsys):
    configs = sd.candidate_configs(["quick"], [], None)
    networks, trees = sd.run_grid(configs, ["tiny"], seeds=1, k=3, out=tmp_path)
    assert set(trees["model"]) == {"random forest", "gradient boosting"}
    assert set(networks["task"]) == set(trees["task"]) == {"score", "passed", "band", "dropout"}
    assert networks["fold_hash"].nunique() == 1 and (trees["fold_hash"] == networks["fold_hash"].iloc[0]).all()
    assert len(list((tmp_path / "folds").glob("tiny-seed0-k3-*.npy"))) == 1
    first = capsys.readouterr().out
    assert "quick" in first and "trees" in first
    again_networks, again_trees = sd.run_grid(configs, ["tiny"], seeds=1, k=3, out=tmp_path)
    assert len(again_networks) == len(networks) and len(again_trees) == len(trees), "nothing is trained twice"
    assert capsys.readouterr().out == ""
    text = sd.report(again_networks, again_trees, configs, markdown=True)
    for task in ("score", "passed", "band", "dropout"):
        assert f"tiny · {task}" in text
    assert "| quick |" in text and "gap" in text


@pytest.mark.shared_data
def test_the_selection_tables_load_with_their_tasks_and_without_sensitive_inputs():
    if not (SHARED / "data" / "selection" / "exam.csv").exists():
        message = "../shared/data/selection is absent"
        pytest.fail(message + "; CI runs with ../shared beside the clone") if in_ci() else pytest.skip(message)
    exam = selection.load("Exam")
    assert [t.name for t in exam.tasks] == ["normexam", "exam_pass", "exam_band"]
    assert "sex" not in exam.inputs and "school" in exam.inputs
    assert exam.frame["school"].str.startswith("school ").all(), "schools are categories, not numbers"
    chem = selection.load("Chem97")
    assert {"gender", "age", "gcsecnt", "student"}.isdisjoint(chem.inputs)
    assert chem.frame["school"].nunique() > 2000
    star = selection.load("STAR")
    assert [t.name for t in star.tasks] == ["read3", "math3"]
    assert {"gender", "ethnicity"}.isdisjoint(star.inputs) and "read2" in star.inputs
    assert np.isclose(star.frame["read3"].isna().mean(), 0.48, atol=0.05)
