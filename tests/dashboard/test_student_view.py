"""Students page logic: the table, search and filters, profiles, actions and what-if controls."""

from __future__ import annotations

import dataclasses
import math
import re

import pandas as pd
import pytest

import mtl_core
from dashboard import messages as M
from dashboard import student_view as sv


@pytest.fixture(scope="module")
def recs(sample_run):
    frame, run = sample_run
    return mtl_core.recommend(run, frame)


@pytest.fixture
def table():
    return pd.DataFrame({
        "student_id": ["S1", "S2", "S3", "S4"],
        "name": ["Emma Smith", "黄强", "emma Jones", None],
        "risk_level": ["low", "high", "medium", "high"],
        "risk_score": [0.1, 0.8, 0.3, 0.6],
        "final_exam": [70.0, 40.0, 55.0, 50.0],
    }).astype({"name": "string"})


def test_search_by_name_ignores_case_and_finds_chinese_names(table):
    found = sv.filter_students(table, query="EMMA", id_column="student_id", name_column="name")
    assert list(found["student_id"]) == ["S3", "S1"]  # highest risk first
    assert list(sv.filter_students(table, query="黄", name_column="name")["student_id"]) == ["S2"]
    by_id = sv.filter_students(table, query="s4", id_column="student_id", name_column="name")
    assert list(by_id["student_id"]) == ["S4"]


def test_search_is_plain_text_not_a_pattern(table):
    assert sv.filter_students(table, query=".*", name_column="name").empty


def test_filter_by_risk_and_sort(table):
    high = sv.filter_students(table, risk_levels=["high"])
    assert list(high["student_id"]) == ["S2", "S4"]
    by_exam = sv.filter_students(table, sort_by="final_exam")
    assert list(by_exam["student_id"]) == ["S2", "S4", "S3", "S1"]
    by_name = sv.filter_students(table, sort_by=sv.SORT_NAME, name_column="name")
    assert by_name["student_id"].iloc[-1] == "S4"  # missing names last


def test_student_label(table):
    assert sv.student_label(table, 0, "student_id", "name") == "S1 · Emma Smith"
    assert sv.student_label(table, 3, "student_id", "name") == "S4"


def test_student_table_has_one_row_per_student(recs, sample_run):
    frame, run = sample_run
    table = sv.student_table(recs, run)
    assert len(table) == len(frame)
    assert {"student_id", "name", "risk_level", "risk_score", "final_exam", "passed", "top_actions"} <= set(table)
    assert sv.sort_options(run) == ["risk", "name", "id", "final_exam"]


def test_profile_pieces(recs, sample_run):
    frame, run = sample_run
    student = recs.students.iloc[0]
    rows = sv.prediction_rows(student, run, run.predictions.iloc[0])
    assert list(rows["task"]) == ["final_exam", "passed"]
    assert rows["actual"].iloc[0] == f"{frame['final_exam'].iloc[0]:.1f}"
    assert rows["detail"].iloc[1].startswith("P(fail)")
    reasons, target, typical = sv.reasons_for(recs.reasons, 0, "final_exam", top=3)
    assert len(reasons) == 3 and target == "final_exam"
    assert reasons["contribution"].abs().is_monotonic_decreasing
    sentence = sv.risk_sentence(student, run)
    assert sentence.split(" risk")[0] in {"High", "Medium", "Low"}


def test_actions_are_associations_sorted_by_benefit(recs, sample_run):
    frame, run = sample_run
    row = int(recs.actions["row"].iloc[0])
    actions = sv.actions_for(recs.actions, row, run)
    assert len(actions) >= 1
    assert all(e.startswith("associated with") or e == "no noticeable change in the predictions"
               for e in actions["effect"])
    assert "→" in actions["change"].iloc[0]
    assert sv.actions_for(recs.actions, -1, run).empty


def test_whatif_controls_cover_changeable_inputs(recs, sample_run):
    frame, run = sample_run
    controls = {c["column"]: c for c in sv.whatif_controls(run, frame, 0)}
    assert set(controls) == {"attendance_rate", "homework_completion", "study_hours_week", "extra_support"}
    attendance = controls["attendance_rate"]
    assert attendance["min"] <= attendance["value"] <= attendance["max"]
    assert controls["extra_support"]["options"] == ["no", "yes"]
    values = {c: controls[c]["value"] for c in controls}
    assert sv.changes_from(list(controls.values()), values) == {}
    values["extra_support"] = "yes" if controls["extra_support"]["value"] == "no" else "no"
    assert list(sv.changes_from(list(controls.values()), values)) == ["extra_support"]


def test_unchanged_matches_what_if_without_changes(recs, sample_run):
    frame, run = sample_run
    direct = mtl_core.what_if(run, frame, 2, {})
    shortcut = sv.unchanged(recs.students.iloc[2], run)
    pd.testing.assert_frame_equal(sv.whatif_rows(direct, run), sv.whatif_rows(shortcut, run))


def test_students_with_the_same_label_get_different_ones(table):
    same = table.assign(name=["Li Wei", "Li Wei", "Ana", "Li Wei"]).drop(columns=["student_id"])
    labels = sv.student_labels(same, None, "name")
    assert labels == {0: "Li Wei #1", 1: "Li Wei #2", 2: "Ana", 3: "Li Wei #4"}
    assert sv.student_labels(table, "student_id", "name")[0] == "S1 · Emma Smith"  # unique: unchanged


def test_profile_wording_follows_the_session_s_language(recs, sample_run):

    frame, run = sample_run
    row = int(recs.actions["row"].iloc[0])
    result = sv.unchanged(recs.students.iloc[0], run).assign(change=[2.0, -0.06])
    english = sv.whatif_rows(result, run).to_dict("records")
    assert english[1]["label"] == "passed: P(fail)" and english[1]["change"] == "-6 pp"
    with M.using("zh"):
        action = sv.actions_for(recs.actions, row, run).iloc[0]
        assert ":" in action["change"] and "→" in action["change"]  # a full-width colon
        assert M.CORE_START not in action["action"] and any("\u4e00" <= c <= "\u9fff" for c in action["action"])  # the
        # core's wording, translated through its catalogue (dashboard/messages/core_zh.py)
        details = sv.prediction_rows(recs.students.iloc[0], run)["detail"]
        assert details.iloc[1].startswith("为“fail”的可能性")
        final, passed = sv.whatif_rows(result, run).to_dict("records")
        assert final["change"] == "+2.0"
        assert passed["label"] == "passed:为“fail”的可能性" and passed["change"] == "-6 个百分点"
        assert sv.risk_sentence(recs.students.iloc[0], run).endswith("。")


# --------------------------------------------------------------------------- bounded language

def _certain(students, run):
    """``students`` with the first student certain to fail and the second certain to pass (chances 1 and 0)."""
    students = students.copy()
    fail, ok = mtl_core.probability_column("passed", "fail"), mtl_core.probability_column("passed", "pass")
    students.loc[students.index[0], [fail, ok, "risk_score"]] = [1.0, 0.0, 1.0]
    students.loc[students.index[1], [fail, ok, "risk_score"]] = [0.0, 1.0, 0.0]
    students.loc[students.index[:2], "risk_task"] = "passed"
    students.loc[students.index[:2], "risk_level"] = ["high", "low"]
    return students


def test_a_chance_is_never_shown_as_a_certainty(recs, sample_run):
    """"High risk: 100% chance of 'F'" was on the profiles: a chance is rounded, with "about", never 0 % or 100 %."""
    _, run = sample_run
    students = _certain(recs.students, run)
    sure, never = students.iloc[0], students.iloc[1]
    ranged = r"\((\d+%–\d+%|too few to check)\)"  # a range, or none where nobody is similar
    assert re.fullmatch(rf"High risk: over 95% {ranged} chance of 'fail' in passed\.", sv.risk_sentence(sure, run))
    assert re.fullmatch(rf"Low risk: under 5% {ranged} chance of 'fail' in passed\.", sv.risk_sentence(never, run))
    assert sv.prediction_rows(sure, run)["detail"].iloc[1].startswith("P(fail) over 95% (")
    table = sv.student_table(students, run)
    assert list(table["risk_detail"].iloc[:2]) == ["over 95% chance of 'fail'", "under 5% chance of 'fail'"]
    shown = " ".join(table["risk_detail"]) + " ".join(sv.risk_sentence(s, run) for _, s in students.iterrows())
    chances = re.sub(r"\(\d+%–\d+%\)", "", shown)  # the ranges of what similar students really had may reach 0 or 100 %
    assert "100%" not in chances and " 0%" not in chances
    assert all(d.startswith(("about ", "under ", "over ")) for d in table["risk_detail"] if "chance" in d)
    exported = sv.export_sheets(dataclasses.replace(recs, students=students), run)["students"]
    assert exported.columns.get_loc("risk_detail") == exported.columns.get_loc("risk_task") + 1
    assert exported["risk_detail"].iloc[0] == "over 95% chance of 'fail'"


def test_each_chance_comes_with_the_range_similar_students_give_it(recs, sample_run):
    """Beside "about 60%", the share of the students given the closest chances (out of sample, known outcome)
    that really had it, with its 80 % interval: what the data says about that chance."""
    from scipy.stats import binomtest

    _, run = sample_run
    student = recs.students.iloc[0]
    chance = float(student[mtl_core.probability_column("passed", "fail")])
    predictions = run.predictions
    known = predictions["out_of_sample"] & predictions["passed (actual)"].notna()
    others = predictions[known]
    distance = (others["passed P(fail)"] - chance).abs()
    closest = distance[distance <= 0.1].sort_values(kind="stable").index[:30]  # within 10 points, at most 30
    assert len(closest) >= 10  # so this student's chance has a range to check
    fails = int((others.loc[closest, "passed (actual)"] == "fail").sum())
    interval = binomtest(fails, len(closest)).proportion_ci(confidence_level=0.8, method="wilson")
    found = mtl_core.chance_range(run, "passed", ["fail"], [chance]).iloc[0]
    assert found["students"] == len(closest) and found["observed"] == pytest.approx(fails / len(closest))
    assert (found["low"], found["high"]) == pytest.approx((interval.low, interval.high))
    low, high = math.floor(interval.low * 20) * 5, math.ceil(interval.high * 20) * 5  # to 5 points, outwards
    detail = sv.prediction_rows(student, run)["detail"].iloc[1]
    assert detail == f"P(fail) {sv.chance_of(run, 'passed', chance)} ({low}%–{high}%)"
    assert sv.range_students(run) == 30
    assert sv.chance_of(run, "passed", 0.5, "fail").startswith("about 50% (")
    nobody = run.predictions.assign(**{"passed P(fail)": 0.2})  # every other student given 20 %: nothing near 90 %
    lonely = dataclasses.replace(run, predictions=nobody)
    assert sv.chance_of(lonely, "passed", 0.9, "fail") == "about 90% (too few to check)"
    with M.using("zh"):
        assert f"({low}%–{high}%)" in sv.prediction_rows(student, run)["detail"].iloc[1]


def test_a_risk_from_a_predicted_score_says_so_beside_the_class_average(recs, sample_run):
    """A regression outcome's "risk score 76.7%" was never explained: it is not a chance, and is said as the
    predicted value beside the class's real average."""
    frame, run = sample_run
    student = recs.students.iloc[0].copy()
    student["risk_task"], student["risk_level"] = "final_exam", "medium"
    average = frame["final_exam"].mean()
    assert sv.risk_from_value(student, run)
    assert not sv.risk_from_value(pd.Series({**student.to_dict(), "risk_task": "passed"}), run)
    sentence = sv.risk_sentence(student, run)
    assert sentence == (f"Medium risk: predicted final_exam is {student['final_exam']:.1f}, against a class average "
                        f"of {average:.1f}.")
    details = sv.risk_details(pd.DataFrame([student]), run)
    assert details.iloc[0] == f"predicted {student['final_exam']:.1f} (class average {average:.1f})"


def test_the_typical_student_is_shown_beside_what_really_happened_in_the_class(sample_run):
    frame, run = sample_run
    assert sv.typical_text(run, "passed", "P(fail)", 0.081) == "P(fail) about 10%"
    rate = (frame["passed"] == "fail").mean()
    assert sv.class_reality(run, "passed", "P(fail)") == (
        f" In the class, {100 * rate:.0f}% of the students with a known outcome really had 'fail'.")
    assert sv.class_reality(run, "final_exam", "final_exam") == (
        f" The class's real average of final_exam is {frame['final_exam'].mean():.1f}.")


def test_what_if_chances_are_bounded_too(recs, sample_run):
    _, run = sample_run
    result = pd.DataFrame([dict(task="passed", before=float("nan"), after=float("nan"), change=-0.02,
                                label_before="fail", label_after="fail", risk_before=0.999, risk_after=0.96)])
    rows = sv.whatif_rows(result, run)
    assert (rows["before"].iloc[0], rows["after"].iloc[0]) == ("over 95%", "about 95%")


# --------------------------------------------------------------------------- uncertainty of effects

def _whatif_result(run):
    """A what-if on both outcomes: final_exam surely up (every network agrees), P(fail) down on average but up
    for some networks (uncertain)."""
    return pd.DataFrame([
        dict(task="final_exam", before=60.0, after=62.04, change=2.04, label_before="", label_after="",
             risk_before=float("nan"), risk_after=float("nan"), change_low=1.1, change_high=3.2, change_sd=0.8,
             uncertain=False),
        dict(task="passed", before=float("nan"), after=float("nan"), change=-0.06, label_before="fail",
             label_after="pass", risk_before=0.5, risk_after=0.44, change_low=-0.104, change_high=0.021,
             change_sd=0.05, uncertain=True),
    ])


def test_what_if_shows_each_change_with_its_spread_and_says_uncertain(sample_run):

    _, run = sample_run
    final, passed = sv.whatif_rows(_whatif_result(run), run).to_dict("records")
    assert final["spread"] == "change about +2 (from +1 to +3)" and not final["uncertain"]
    assert final["colour"] == "normal"
    assert passed["spread"] == "change about -6 pp (from -10 to +2)" and passed["uncertain"]
    assert passed["colour"] == "off"  # neither good nor bad news: the networks disagree
    with M.using("zh"):
        final, passed = sv.whatif_rows(_whatif_result(run), run).to_dict("records")
        assert final["spread"] == "变化约 +2(范围 +1 到 +3)"
        assert passed["spread"] == "变化约 -6 个百分点(范围 -10 到 +2)"


def test_an_effect_is_rounded_to_what_its_spread_supports(sample_run):
    _, run = sample_run
    assert sv.effect_text(run, "final_exam", 0.34, 0.21, 0.48) == "final_exam about +0.3 points (from +0.2 to +0.5)"
    assert sv.effect_text(run, "final_exam", 12.3, 12.1, 12.4) == "final_exam about +12 points"  # one network or agreeing
    assert sv.effect_text(run, "passed", -0.031, -0.08, 0.02, True) == (
        "P('fail') in passed about -3 percentage points (from -8 to +2), uncertain")


def _actions(rows):
    columns = ["row", "column", "action", "direction", "current", "target", "task", "effect", "benefit",
               "effect_low", "effect_high", "effect_sd", "uncertain"]
    return pd.DataFrame(rows, columns=columns)


def test_an_action_whose_help_is_uncertain_is_never_shown_as_a_sure_help(sample_run):
    _, run = sample_run
    actions = _actions([
        # the bigger estimated benefit, but the networks disagree on both outcomes
        (0, "study_hours_week", "Agree on a weekly study plan", "increase", "2", "5", "final_exam", 3.0, 0.4,
         -0.5, 6.0, 2.0, True),
        (0, "study_hours_week", "Agree on a weekly study plan", "increase", "2", "5", "passed", -0.08, 0.4,
         -0.2, 0.05, 0.1, True),
        # smaller, but every network sees final_exam rise
        (0, "attendance_rate", "Follow up on attendance with the student and family", "increase", "0.7", "0.9",
         "final_exam", 1.2, 0.1, 0.6, 1.9, 0.4, False),
        (0, "attendance_rate", "Follow up on attendance with the student and family", "increase", "0.7", "0.9",
         "passed", -0.01, 0.1, -0.03, 0.01, 0.01, True),
    ])
    table = sv.actions_for(actions, 0, run)
    assert list(table["action"]) == ["Follow up on attendance with the student and family",
                                     "Agree on a weekly study plan"]  # the sure help first
    assert list(table["uncertain"]) == [False, True]
    assert table["effect"].iloc[1] == ("associated with final_exam about +3.0 points (from -0.5 to +6.0), uncertain, "
                                       "P('fail') in passed about -8 percentage points (from -20 to +5), uncertain")
    assert sv.top_actions(run, actions, 2) == ["Follow up on attendance with the student and family", ""]
    hurts = actions.assign(effect=actions["effect"].abs(), uncertain=False)  # a sure effect, but the wrong way
    assert not sv.surely_helps(run, hurts[hurts["task"] == "passed"])


def test_real_what_if_spreads_hold_the_change(recs, sample_run):
    frame, run = sample_run
    result = mtl_core.what_if(run, frame, 3, {"attendance_rate": float(frame["attendance_rate"].min())})
    rows = sv.whatif_rows(result, run)
    for r, shown in zip(result.to_dict("records"), rows.to_dict("records")):
        assert shown["uncertain"] == (bool(r["uncertain"]) and bool(shown["change"]))
        assert bool(shown["spread"]) == bool(shown["change"])
