"""The fairness section's words and tables: flagged gaps in plain sentences, group sizes, small groups."""

from __future__ import annotations

import pandas as pd

import mtl_core
from dashboard import fairness_view as fv
from dashboard import messages as M
from dashboard.state import ActiveRun

R = M.RESULTS


def _flags(**row) -> pd.DataFrame:
    base = dict(task="passed", column="gender", group="M", n=40, measure="missed", n_measured=17, value=0.25,
                overall=0.13, gap=0.12)
    base.update(row)
    return pd.DataFrame([base])


def test_missed_struggling_students_in_plain_words():
    assert fv.flag_sentences(_flags()) == [  # 17: the group's struggling students, said beside the group
        "For passed, of the 17 struggling students in group M (gender), 25% were missed, against 13% for the "
        "whole class."]


def test_other_measures_have_their_own_sentences():
    alarms = fv.flag_sentences(_flags(measure="false alarms", value=0.4, overall=0.2, n_measured=23))[0]
    assert alarms == ("For passed, of the 23 students in group M (gender) who were doing fine, 40% were flagged "
                      "as at risk, against 20% for the whole class.")
    mae = fv.flag_sentences(_flags(task="final", measure="mae", value=7.07, overall=4.93, n_measured=103))[0]
    assert mae == ("For final, predictions for the 103 students in group M (gender) were off by 7.07 on average, "
                   "against 4.93 for the whole class.")
    accuracy = fv.flag_sentences(_flags(measure="accuracy", value=0.6, overall=0.8))[0]
    assert "were right 60% of the time, against 80%" in accuracy
    other = fv.flag_sentences(_flags(measure="rmse", value=9.0, overall=6.0))[0]
    assert other.startswith("For passed, ") and "9.00" in other


def test_sensitive_columns_come_from_the_run_and_the_current_roles(compared_run):
    frame, run = compared_run
    assert fv.sensitive_columns(run, None, frame) == ["gender"]
    schema = mtl_core.infer_schema(frame).with_roles({"homework": mtl_core.Role.SENSITIVE})
    assert fv.sensitive_columns(run, schema, frame) == ["gender", "homework"]
    assert fv.sensitive_columns(run, schema, frame.drop(columns=["gender"])) == ["homework"]
    assert fv.sensitive_columns(run, schema, None) == []


def test_the_audit_is_computed_once_per_run_and_columns(compared_run, monkeypatch):
    frame, run = compared_run
    active = ActiveRun(run, frame, source="test")
    calls = []
    real = mtl_core.fairness_audit

    def counting(*args, **kwargs):
        calls.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(mtl_core, "fairness_audit", counting)
    first = fv.audit(active, ["gender"])
    assert fv.audit(active, ["gender"]) is first
    assert calls == [["gender"]]
    assert set(first.flags["group"]) == {"M"}


def test_another_class_table_gives_a_message_not_an_exception(compared_run):
    frame, run = compared_run
    active = ActiveRun(run, frame.head(50), source="test")
    result = fv.audit(active, ["gender"])
    assert isinstance(result, str) and "class table this run was trained on" in result


def test_group_table_has_sizes_flags_and_small_groups(compared_run):
    frame, run = compared_run
    result = mtl_core.fairness_audit(run, frame, ["gender"])
    table = fv.group_table(result, "passed", "gender", min_group=40)
    assert set(table[R["col_group"]]) == {"F", "M"}
    counts = frame["gender"].value_counts()
    assert (table[R["col_students"]] == table[R["col_group"]].map(counts)).all()
    missed = table[table[R["col_measure_group"]] == "missed"].set_index(R["col_group"])
    assert missed.at["M", R["col_note"]] == R["note_flag"]  # flagged by the audit (min_group 10)
    assert missed.at["F", R["col_measured"]] < 40 and missed.at["F", R["col_note"]] == R["note_small"]
    score = fv.group_table(result, "score", "gender", min_group=40).set_index(R["col_group"])
    assert score.at["M", R["col_note"]] == R["note_flag"] and score.at["F", R["col_note"]] == ""
    assert missed.at["M", R["col_gap"]].startswith("+")
    assert fv.has_small_groups(result, "gender", min_group=40)
    assert not fv.has_small_groups(result, "gender", min_group=5)


def test_whether_any_group_is_large_enough_to_judge(compared_run):
    frame, run = compared_run
    result = mtl_core.fairness_audit(run, frame, ["gender"])
    largest = int(result.groups["n_measured"].max())
    assert fv.has_judgeable_groups(result, min_group=largest)
    assert not fv.has_judgeable_groups(result, min_group=largest + 1)
