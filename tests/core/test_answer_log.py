"""Reading an answer log: roles inferred and editable, every problem at once, a log told from a class table."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mtl_core import (ConfigError, DataValidationError, LogRoles, check_log, infer_log_roles, load_table,
                      log_roles_table, looks_like_log, prepare_log, roles_from_table)
from mtl_core.data.answer_log import correctness, order_values

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_LOG = ROOT / "sample_data" / "answers.csv"


def _simulator():
    spec = importlib.util.spec_from_file_location("edumtl_simulate_log", ROOT / "sample_data" / "simulate_log.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def small_log(students: int = 12, answers: int = 6) -> pd.DataFrame:
    rows = []
    for s in range(students):
        for a in range(answers):
            rows.append(dict(student=f"s{s}", skill=["add", "sub", "add;sub"][a % 3], correct=int((s + a) % 3 > 0),
                             attempt=a + 1))
    return pd.DataFrame(rows)


def test_roles_are_inferred_from_names_and_values():
    roles = infer_log_roles(pd.read_csv(SAMPLE_LOG))
    assert (roles.student, roles.skill, roles.correct, roles.order, roles.item) == (
        "student_id", "skill", "correct", "answered_at", "item_id")
    assert roles.pass_mark is None and roles.skill_separator == ";"
    assert dict(roles.reasons)["order"]


def test_chinese_headers_and_words_are_read():
    frame = pd.DataFrame({"学号": ["a"] * 5 + ["b"] * 5, "知识点": ["分数", "小数"] * 5,
                          "对错": ["对", "错", "对", "对", "错"] * 2, "提交时间": [f"2026-03-0{i + 1} 10:00" for i in range(5)] * 2})
    roles = infer_log_roles(frame)
    assert (roles.student, roles.skill, roles.correct, roles.order) == ("学号", "知识点", "对错", "提交时间")
    log = prepare_log(pd.concat([frame] * 6, ignore_index=True).assign(学号=lambda f: [f"s{i % 12}" for i in range(len(f))]),
                      roles)
    assert set(log.answers["correct"].unique()) == {0.0, 1.0}


def test_a_score_column_needs_a_pass_mark():
    frame = small_log().assign(score=lambda f: np.where(f["correct"] == 1, 75, 20)).drop(columns="correct")
    roles = infer_log_roles(frame)
    assert roles.correct == "score"
    problems = check_log(frame, roles)
    errors = problems[problems["severity"] == "error"]
    assert len(errors) == 1 and errors["column"].iloc[0] == "score"
    assert "pass mark" in errors["fix"].iloc[0] and "75" in errors["problem"].iloc[0]
    log = prepare_log(frame, roles.with_roles(pass_mark=40))
    assert log.answers["correct"].tolist() == (frame.sort_values(["student", "attempt"])["score"] >= 40).astype(float).tolist()


def test_correctness_words_and_unreadable_cells():
    values, unreadable, non_binary = correctness(pd.Series(["yes", "No", "TRUE", "false", "1", "0", "right", "maybe", None, 0.5]))
    assert values[:7].tolist() == [1, 0, 1, 0, 1, 0, 1]
    assert unreadable.tolist() == [7] and non_binary.tolist() == [9] and np.isnan(values[8])


def test_orders_read_numbers_and_timestamps():
    numbers, bad, kind = order_values(pd.Series([3, 1, 2]))
    assert kind == "number" and numbers.tolist() == [3, 1, 2] and not len(bad)
    times, bad, kind = order_values(pd.Series(["2026-03-01 10:00", "2026-03-01 09:00", "soon"]))
    assert kind == "time" and times[0] - times[1] == 3600 and bad.tolist() == [2]


def test_every_problem_is_listed_at_once_with_rows():
    frame = small_log().astype(object)
    frame.loc[3, "student"] = None
    frame.loc[5, "correct"] = "maybe"
    frame.loc[7, "attempt"] = "later"
    frame.loc[9, "correct"] = None
    frame.loc[len(frame)] = dict(student="lonely", skill="rare_skill", correct=1, attempt=1)
    problems = check_log(frame, infer_log_roles(frame))
    by_problem = {(r.severity, r.column): r for r in problems.itertuples()}
    assert by_problem[("error", "student")].rows == "5"  # header is row 1: position 3 is spreadsheet row 5
    assert "'maybe'" in by_problem[("error", "correct")].problem and by_problem[("error", "correct")].rows == "7"
    assert "'later'" in by_problem[("error", "attempt")].problem and by_problem[("error", "attempt")].rows == "9"
    assert by_problem[("warning", "correct")].rows == "11"  # no right/wrong value: left out, said so
    warnings = problems[problems["severity"] == "warning"]
    assert any("only one answer" in p for p in warnings["problem"])
    assert any("'rare_skill'" in p for p in warnings["problem"])
    assert list(problems["severity"]) == sorted(problems["severity"], key=lambda s: s != "error")
    with pytest.raises(DataValidationError) as raised:
        prepare_log(frame, infer_log_roles(frame))
    assert "rows 9" in str(raised.value) and "Fix:" in str(raised.value)


def test_ties_and_file_order_are_warnings_and_the_log_is_sorted():
    frame = small_log().iloc[::-1].reset_index(drop=True)
    frame.loc[frame.index[:2], "attempt"] = 99
    frame.loc[frame.index[:2], "student"] = "s0"
    problems = check_log(frame, infer_log_roles(frame))
    assert not (problems["severity"] == "error").any()
    texts = " ".join(problems["problem"])
    assert "share their order value" in texts and "not in answer order" in texts
    log = prepare_log(frame)
    for _, group in log.answers.groupby("student"):
        assert group["order"].is_monotonic_increasing


def test_columns_that_are_missing_or_doubled_are_errors():
    frame = small_log()
    problems = check_log(frame, LogRoles(student="student", skill="skil", correct="correct", order="attempt"))
    assert "Did you mean 'skill'?" in problems["fix"].iloc[0]
    problems = check_log(frame, LogRoles(student="student", skill="skill", correct="skill", order="attempt"))
    assert "both as the skill and the correct column" in problems["problem"].iloc[0]
    problems = check_log(frame, LogRoles(student="student", skill="skill", correct="correct"))
    assert "order column" in problems["problem"].iloc[0] and "--order" in problems["fix"].iloc[0]


def test_a_class_table_is_not_a_log_and_one_row_per_student_is_refused():
    sample_class = pd.read_csv(ROOT / "sample_data" / "class.csv")
    assert looks_like_log(pd.read_csv(SAMPLE_LOG)) and not looks_like_log(sample_class)
    frame = pd.DataFrame({"student": [f"s{i}" for i in range(60)], "skill": "add", "correct": [0, 1] * 30,
                          "attempt": 1})
    problems = check_log(frame, LogRoles(student="student", skill="skill", correct="correct", order="attempt"))
    assert any("looks like a class table" in p for p in problems["problem"])


def test_too_small_and_one_sided_logs_are_errors_for_training_only():
    frame = small_log(students=4, answers=5).assign(correct=1)
    roles = infer_log_roles(frame)
    training = " ".join(check_log(frame, roles)["problem"])
    assert "at least 10" in training and "Every answer is right" in training
    assert not (check_log(frame, roles, training=False)["severity"] == "error").any()


def test_several_skills_per_answer_are_split():
    log = prepare_log(small_log())
    assert ("add", "sub") in set(log.answers["skills"]) and log.skills == ("add", "sub")
    frame = small_log().assign(skill=lambda f: f["skill"].str.replace(";", "|"))
    assert infer_log_roles(frame).skill_separator == "|"


def test_the_roles_table_round_trips_edits():
    frame = pd.read_csv(SAMPLE_LOG)
    roles = infer_log_roles(frame)
    table = log_roles_table(frame, roles)
    assert table.set_index("column").at["skill", "role"] == "skill"
    table.loc[table["column"] == "item_id", "role"] = "ignore"
    edited = roles_from_table(table, roles)
    assert edited.item is None and edited.skill == "skill" and dict(edited.reasons)["item"] == "set by you"
    table.loc[table["column"] == "item_id", "role"] = "skill"
    with pytest.raises(ConfigError, match="Two columns are marked 'skill'"):
        roles_from_table(table, roles)
    with pytest.raises(ConfigError, match="Unknown log role"):
        roles.with_roles(teacher="x")


def test_rows_are_those_of_the_file_when_empty_lines_were_dropped(tmp_path):
    text = "student,skill,correct,attempt\n" + "".join(f"s{i % 12},add,{i % 2},{i}\n" for i in range(60))
    text = text.replace("s3,add,1,3\n", "s3,add,1,3\n,,,\n").replace("s5,add,1,5\n", "s5,add,1,soon\n")
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    frame = load_table(path).frame
    problems = check_log(frame, infer_log_roles(frame))
    assert problems[problems["severity"] == "error"]["rows"].tolist() == ["8"]  # line 8 of the file


def test_the_sample_log_is_what_the_simulator_makes():
    simulated = _simulator().simulate_log()
    committed = pd.read_csv(SAMPLE_LOG)
    pd.testing.assert_frame_equal(committed, simulated.answers, check_dtype=False)
    assert not (check_log(committed, infer_log_roles(committed))["severity"] == "error").any()
    assert simulated.mastery["mastery"].between(0, 1).all()
    assert len(simulated.mastery) == committed["student_id"].nunique() * len(simulated.skills)


def test_reading_and_checking_a_log_never_loads_tensorflow():
    import json
    import subprocess

    probe = (
        "import json, sys, pandas as pd, mtl_core as m\n"
        "f = pd.read_csv('sample_data/answers.csv')\n"
        "roles = m.infer_log_roles(f)\n"
        "log = m.prepare_log(f, roles)\n"
        "ok = m.looks_like_log(f) and m.check_log(f, roles).empty\n"
        "names = m.SEQUENCE_MODELS.names()\n"
        "loaded = sorted(x for x in sys.modules if x.split('.')[0] in ('tensorflow', 'keras'))\n"
        "print(json.dumps(dict(ok=bool(ok), loaded=loaded, n=len(log.answers), names=names)))\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == dict(ok=True, loaded=[], n=7412, names=["dkt", "dkt_gru", "attention"])


def test_every_public_name_of_the_log_mode_resolves():
    import mtl_core

    names = ["LogRoles", "AnswerLog", "infer_log_roles", "looks_like_log", "check_log", "prepare_log",
             "log_roles_table", "roles_from_table", "LogConfig", "LogEpochLog", "SEQUENCE_MODELS", "LogRun",
             "train_log", "LogScores", "score_log", "LOG_METRICS", "mastery_table", "practice_plan",
             "hardest_skills", "skill_influence", "save_log_run", "load_log_run", "run_kind"]
    assert set(names) <= set(mtl_core.__all__)
    assert all(getattr(mtl_core, name) is not None for name in names)
