"""Students page: the table, search and filters, a profile with reasons, actions and what-if, downloads."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from dashboard import messages as M
from dashboard import state
from tests.dashboard.helpers import chart_data, drawn_default, page, preset, texts


@pytest.fixture(scope="module")
def students_at(sample_run):
    """The Students page on the small sample run, rendered once (recommendations take seconds)."""
    frame, run = sample_run
    at = preset(page("students"), run=run, run_frame=frame).run()
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def ensemble_at(sample_run):
    """The Students page on the sample run's class trained with the default 3 networks per fold (the sample run has
    one: its what-if changes have no spread), rendered once."""
    import mtl_core

    frame, sample = sample_run
    config = dataclasses.replace(sample.config, ensemble_size=3)
    run = mtl_core.train(frame, list(sample.tasks), config=config, evaluation=mtl_core.KFold(3))
    at = preset(page("students"), run=run, run_frame=frame).run()
    assert not at.exception
    return at, frame, run


def test_without_a_run_the_page_says_what_to_do():
    at = page("students").run()
    assert not at.exception
    assert M.COMMON["need_run"] in texts(at.info)


def test_a_run_without_a_class_asks_for_one(tiny_run):
    _, run = tiny_run
    at = preset(page("students"), run=run, run_frame=None).run()
    assert not at.exception
    assert M.COMMON["need_run_frame"] in texts(at.info)


def test_one_row_per_student_with_every_prediction(students_at, sample_run):
    frame, run = sample_run
    table = students_at.get_by_key("students_table").dataframe[0].value
    assert len(table) == len(frame)
    for column in ("student_id", "name", "risk_level", "final_exam", "passed"):
        assert column in table.columns
    active = students_at.session_state[state.RUN]
    assert active.recommendations is not None


def test_search_by_name_and_filter_by_risk(students_at, sample_run):
    frame, _ = sample_run
    name = str(frame.loc[7, "name"])
    students_at.text_input(key="students_search").set_value(name.lower()).run()
    assert not students_at.exception
    shown = students_at.get_by_key("students_table").dataframe[0].value
    assert name in set(shown["name"])
    assert len(shown) == int((frame["name"].str.lower().str.contains(name.lower(), regex=False)).sum())
    students_at.text_input(key="students_search").set_value("").run()
    students_at.multiselect(key="students_risk").set_value(["high"]).run()
    shown = students_at.get_by_key("students_table").dataframe[0].value
    assert 0 < len(shown) < len(frame)
    assert set(shown["risk_level"]) == {M.COMMON["risk"]["high"]}
    students_at.multiselect(key="students_risk").set_value(["high", "medium", "low"]).run()


def test_profile_shows_predictions_reasons_and_actions(students_at, sample_run):
    frame, run = sample_run
    recs = students_at.session_state[state.RUN].recommendations
    with_actions = int(recs.actions["row"].iloc[0])
    students_at.selectbox(key="students_pick").set_value(with_actions).run()
    assert not students_at.exception
    predictions = students_at.get_by_key("students_predictions").dataframe[0].value
    assert list(predictions[M.STUDENTS["col_task"]]) == ["final_exam", "passed"]
    chance = predictions[M.STUDENTS["col_detail"]].iloc[1]
    assert re.fullmatch(r"P\(fail\) (about|under|over) \d+% \((\d+%–\d+%|too few to check)\)",
                        chance)  # every chance with its range, or the reason it has none
    assert M.STUDENTS["chance_range_note"].format(n="30", within="10", minimum="10") in texts(students_at.caption)
    bars = chart_data(students_at, "students_reasons_chart")
    assert bars and len(bars[0].y) > 0
    assert students_at.selectbox(key="students_reason_task").options == ["final_exam", "passed"]
    assert M.STUDENTS["actions_note"] in texts(students_at.caption)
    actions = students_at.get_by_key("students_actions")
    assert any("associated with" in c.value for c in actions.caption)


def test_what_if_slider_re_predicts(students_at, sample_run):
    students_at.selectbox(key="students_pick").set_value(5).run()
    slider = students_at.slider(key="whatif_attendance_rate")
    original = slider.value
    assert original != slider.min
    assert drawn_default(slider) == original  # a browser drawing it late shows the student's value, not the minimum
    before = students_at.get_by_key("students_whatif_table").metric
    assert [m.label for m in before] == ["final\\_exam", "passed\\: P\\(fail\\)"]
    assert all(not m.delta for m in before)  # nothing changed yet
    slider.set_value(slider.min).run()
    assert not students_at.exception
    after = students_at.get_by_key("students_whatif_table").metric
    assert any(m.delta for m in after)
    assert [m.value for m in after] != [m.value for m in before]
    students_at.button(key="students_whatif_reset").click().run()
    assert not students_at.exception
    assert students_at.slider(key="whatif_attendance_rate").value == original


def test_downloads_are_offered(students_at):
    keys = {b.key for b in students_at.get("download_button")}
    assert {f"students_download{variant}_{kind}" for variant in ("", "_codes") for kind in ("csv", "parquet")} <= keys
    prepare = {b.key for b in students_at.get("button")}
    assert {"students_download_excel_prepare", "students_download_codes_excel_prepare"} <= prepare


def _buttons(at) -> dict:
    return {b.key: b.proto for b in at.get("download_button")}


def test_downloads_keep_their_address_across_reruns(students_at):
    """A download made when clicked (a deferred file) got a new address on every rerun, and a click on a
    button drawn one rerun earlier failed: 'MediaFileStorageError: Deferred file ... not found'. The files are
    made once per run, so every rerun draws the same address."""
    before = _buttons(students_at)
    assert all(proto.url and not proto.deferred_file_id for proto in before.values()), before
    students_at.text_input(key="students_search").set_value("zz").run()  # any rerun of the page
    students_at.text_input(key="students_search").set_value("").run()
    after = _buttons(students_at)
    assert {k: p.url for k, p in after.items()} == {k: p.url for k, p in before.items()}
    assert len({p.url for p in after.values()}) == len(after)  # different files


def test_the_excel_workbook_is_made_when_asked_for_and_then_kept(students_at, tmp_path):
    """Writing the workbook takes seconds, so it is not made on every first visit: a button makes it, and its
    download button (with a fixed address too) takes the button's place."""
    import io

    students_at.button(key="students_download_excel_prepare").click().run()
    assert not students_at.exception
    buttons = _buttons(students_at)
    assert buttons["students_download_excel"].url and not buttons["students_download_excel"].deferred_file_id
    assert "students_download_codes_excel" not in buttons  # only the one asked for
    files, _ = students_at.session_state[state.RUN].exports[("recommendations", False)]
    workbook = pd.ExcelFile(io.BytesIO(files["xlsx"]))
    assert set(workbook.sheet_names) == {"students", "actions", "reasons"}
    url = buttons["students_download_excel"].url
    students_at.text_input(key="students_search").set_value("").run()
    assert _buttons(students_at)["students_download_excel"].url == url


def test_the_coded_download_holds_codes_and_the_csv_is_rounded(students_at, sample_run):
    import io

    frame, run = sample_run
    exports = {key: files for key, (files, _) in students_at.session_state[state.RUN].exports.items()}
    named = pd.read_csv(io.BytesIO(exports[("recommendations", False)]["csv"]), encoding="utf-8-sig", dtype=str)
    coded = pd.read_csv(io.BytesIO(exports[("recommendations", True)]["csv"]), encoding="utf-8-sig", dtype=str)
    assert list(named["student_id"]) == list(frame["student_id"])
    assert coded["student_id"].str.fullmatch(r"S-[0-9a-f]{8}").all() and not set(coded["name"]) & set(frame["name"])
    decimals = named["final_exam"].str.split(".").str[1].str.len().fillna(0)
    assert decimals.max() <= 4  # rounded for people...
    parquet = pd.read_parquet(io.BytesIO(exports[("recommendations", False)]["parquet"]))
    full = parquet["final_exam"].astype(str).str.split(".").str[1].str.len()
    assert full.max() > 4  # ...while Parquet keeps every digit
    assert (parquet["final_exam"].round(4).astype(str) == named["final_exam"]).all()


def test_exports_have_every_student_and_can_be_pseudonymised(students_at, sample_run, tmp_path):
    import mtl_core
    from dashboard import student_view as sv

    frame, run = sample_run
    recs = students_at.session_state[state.RUN].recommendations
    sheets = sv.export_sheets(recs, run, pseudonymise=True, salt="s")
    assert len(sheets["students"]) == len(frame)
    assert not set(sheets["students"]["name"]) & set(frame["name"])
    assert sheets["students"]["student_id"].str.startswith("S-").all()
    workbook = tmp_path / "r.xlsx"
    workbook.write_bytes(mtl_core.excel_bytes(sheets))
    assert set(pd.ExcelFile(workbook).sheet_names) == {"students", "actions", "reasons"}


def _with_recommendations(students_at, sample_run, run=None, **changes):
    """The Students page on the sample run with the recommendations already worked out (changed by ``changes``)."""
    import dataclasses

    frame, sample = sample_run
    recs = students_at.session_state[state.RUN].recommendations
    at = page("students")
    at.session_state[state.RUN] = state.ActiveRun(run or sample, frame, source="test class",
                                                  recommendations=dataclasses.replace(recs, **changes))
    return at.run()


def test_two_students_with_the_same_name_can_both_be_opened(students_at, sample_run):
    recs = students_at.session_state[state.RUN].recommendations
    students = recs.students.drop(columns=["student_id"])  # no ID: the name alone tells them apart
    students.loc[1, "name"] = students.loc[0, "name"]
    at = _with_recommendations(students_at, sample_run, students=students)
    assert not at.exception
    for row in (0, 1):
        at.selectbox(key="students_pick").set_value(row).run()
        assert not at.exception
        assert at.selectbox(key="students_pick").value == row
        assert at.markdown[[m.value.startswith("### ") for m in at.markdown].index(True)].value.endswith(
            f"\\#{row + 1}")


def test_what_if_values_from_the_file_are_never_markdown(students_at, sample_run, monkeypatch):
    from dashboard import student_view as sv
    from dashboard.text import md

    rows = pd.DataFrame([dict(label="grade", before="**A**", after="**A+** [x](http://evil)", change="",
                              colour="off", detail="")])
    monkeypatch.setattr(sv, "whatif_rows", lambda result, run: rows)
    at = _with_recommendations(students_at, sample_run)
    assert not at.exception
    (card,) = at.get_by_key("students_whatif_table").metric
    assert card.value == md("**A+** [x](http://evil)")  # st.metric renders its value as Markdown


def test_outcomes_not_to_rely_on_are_named_above_the_students(students_at, sample_run):
    import dataclasses

    _, run = sample_run
    trusted = run.summary.assign(verdict="better", n_labelled=150, reliable=True)
    at = _with_recommendations(students_at, sample_run, run=dataclasses.replace(run, summary=trusted))
    assert not at.exception
    with pytest.raises(KeyError):
        at.get_by_key("students_untrusted")
    guessing = trusted.assign(verdict=["better", "same"])  # passed: no better than guessing
    at = _with_recommendations(students_at, sample_run, run=dataclasses.replace(run, summary=guessing))
    assert not at.exception
    (warning,) = at.get_by_key("students_untrusted").warning
    assert "for passed (no better than guessing" in warning.value and "final\\_exam" not in warning.value


def test_what_if_shows_the_spread_of_each_change_and_says_when_it_is_uncertain(ensemble_at):
    """Each card of a what-if says its change with the range of the ensemble's networks, and "uncertain" where
    that range crosses zero (the networks disagree on whether the change helps)."""
    import mtl_core
    from dashboard import student_view as sv
    from dashboard.text import md

    at, frame, run = ensemble_at
    flips = {r: "yes" if frame["extra_support"].iloc[r] == "no" else "no" for r in range(20)}
    results = {r: sv.whatif_rows(mtl_core.what_if(run, frame, r, {"extra_support": v}), run) for r, v in flips.items()}
    row = next(r for r, rows in results.items() if rows["uncertain"].any())  # a change the networks disagree on
    expected = results[row]
    at.selectbox(key="students_pick").set_value(row).run()
    at.selectbox(key="whatif_extra_support").set_value(flips[row]).run()
    assert not at.exception
    captions = texts(at.get_by_key("students_whatif_table").caption)
    for shown in expected.to_dict("records"):
        if shown["spread"]:
            assert md(shown["spread"]) in captions
    assert any(" (from " in s for s in expected["spread"])
    assert captions.count(M.STUDENTS["whatif_uncertain"]) == int(expected["uncertain"].sum())
    assert M.STUDENTS["actions_spread_note"] in texts(at.caption)
    at.button(key="students_whatif_reset").click().run()
    assert M.STUDENTS["whatif_uncertain"] not in texts(at.get_by_key("students_whatif_table").caption)


def test_uncertain_actions_come_after_sure_ones_and_say_so(ensemble_at):
    from dashboard import student_view as sv
    from dashboard.text import md_format

    at, frame, run = ensemble_at
    recs = at.session_state[state.RUN].recommendations
    mixed = [r for r in sorted(set(recs.actions["row"]))
             if sv.actions_for(recs.actions, r, run)["uncertain"].nunique() == 2]
    assert mixed, "the run has a student with both sure and uncertain actions"
    row = mixed[0]
    at.selectbox(key="students_pick").set_value(row).run()
    assert not at.exception
    table = sv.actions_for(recs.actions, row, run)
    lines = [m.value for m in at.get_by_key("students_actions").markdown]
    expected = [md_format(M.STUDENTS["action_line_uncertain"] if u else M.STUDENTS["action_line"], action=a, change=c)
                for a, c, u in zip(table["action"], table["change"], table["uncertain"])]
    assert lines == expected
    first_doubt = list(table["uncertain"]).index(True)
    assert not any(table["uncertain"].iloc[:first_doubt]) and all(table["uncertain"].iloc[first_doubt:])
    shown = at.get_by_key("students_table").dataframe[0].value
    doubtful = table.loc[table["uncertain"], "action"]
    (listed,) = shown.loc[shown["student_id"] == frame["student_id"].iloc[row], "top_actions"]
    assert not any(a in listed for a in doubtful)  # the table lists only sure helps
    assert table.loc[~table["uncertain"], "action"].iloc[0] in listed
