"""Flow 1: a teacher tries EduMTL on the sample class, from choosing outcomes to downloading recommendations."""

from __future__ import annotations

from playwright.sync_api import expect

from dashboard import messages as M
from dashboard import task_table as tt
from tests.e2e.helpers import (
    choose,
    choose_outcomes,
    download_csv,
    go,
    keyed,
    no_exception,
    open_app,
    open_tab,
    options,
    settle,
    train,
    wait_grid,
)

CHOSEN = {"final_exam": 2.0, "passed": 1.0, "dropped_out": 0.5}  # outcome -> weight
UNTICKED = ("math_score", "reading_score")  # ticked by default (the first five targets)


def test_sample_class_from_outcomes_to_download(page, server, tmp_path):
    open_app(page, server.url)
    expect(page.get_by_text("The sample class (300 made-up students) is loaded")).to_be_visible()
    expect(page.get_by_text("class.csv: 300 students")).to_be_visible()
    no_exception(page)

    # Tasks: exactly three outcomes, with their own weights.
    choose_outcomes(page, UNTICKED, CHOSEN)
    expect(page.get_by_text("Ready to train 3 outcomes on 300 students.")).to_be_visible()
    no_exception(page)

    # Train: the plan lists the three outcomes; progress, then the summary.
    go(page, "Train")
    wait_grid(page, "train_plan", lambda f: list(f["weight"].astype(float)) == list(CHOSEN.values()))
    # The Advanced settings nobody touched are still the Recommended ones (not reset to the widgets' minimums).
    expect(page.get_by_text(f"at most {tt.default_settings()['epochs']} epochs")).to_be_visible()
    train(page)
    wait_grid(page, "train_summary", lambda f: list(f["outcome"]) == list(CHOSEN))
    no_exception(page)

    # Results: one row per chosen outcome, each with the model and the guessing baseline.
    go(page, "Results")
    table = wait_grid(page, "results_table", lambda f: list(f["outcome"]) == list(CHOSEN))
    for column in ("model", "guessing"):  # values as shown ("7.39", "87%"), never blanks or NaN
        assert all(v.strip() not in ("", "-", "nan") for v in table[column]), table
    assert set(table["verdict"]) <= set(M.RESULTS["verdict_words"].values())
    expect(keyed(page, "results_gain_over_guess").locator(".js-plotly-plot")).to_be_visible()  # the overview's chart
    open_tab(page, "Each outcome")
    expect(keyed(page, "results_metrics")).to_be_visible()
    metrics = wait_grid(page, "results_metrics", lambda f: len(f) >= 1)
    assert "guessing" in metrics.columns
    no_exception(page)

    # Students: a profile with predictions, a reasons chart and suggested actions.
    go(page, "Students")
    expect(keyed(page, "students_table")).to_be_visible(timeout=120_000)  # recommendations: a few seconds
    settle(page)
    expect(page.get_by_text("300 of 300 students shown.")).to_be_visible()
    names = options(page, "students_pick")  # the first few (the list draws only what fits)
    choose(page, "students_pick", names[1])
    expect(page.get_by_role("heading", name=names[1])).to_be_visible()
    wait_grid(page, "students_predictions", lambda f: list(f["outcome"]) == list(CHOSEN))
    reasons = keyed(page, "students_reasons_chart").locator(".js-plotly-plot")
    expect(reasons).to_have_count(1)  # the previous student's chart can linger a moment after the new one is drawn
    expect(reasons).to_be_visible()
    expect(page.get_by_text("Suggested actions", exact=True)).to_be_visible()
    actions = keyed(page, "students_actions").or_(page.get_by_text("No suggested action is expected"))
    expect(actions.first).to_be_visible()
    no_exception(page)

    # The recommendations CSV: every student, an ID column, one column per outcome, a risk level each.
    rows = download_csv(page, "students_download_csv", tmp_path / "recommendations.csv")
    assert len(rows) == 300
    assert "student_id" in rows.columns and rows["student_id"].is_unique
    assert set(CHOSEN) <= set(rows.columns)
    assert set(rows["risk_level"]) <= {"high", "medium", "low"}
    assert rows["risk_level"].ne("").all()
    decimals = rows["final_exam"].str.partition(".")[2].str.len()
    assert decimals.max() <= 4  # numbers for people, not 0.7234567891234567
    # The same download with codes instead of names and IDs: its own button, no box to tick first.
    coded = download_csv(page, "students_download_codes_csv", tmp_path / "coded.csv")
    assert len(coded) == 300 and coded["student_id"].str.fullmatch(r"S-[0-9a-f]{8}").all()
    assert not set(coded["name"]) & set(rows["name"])
    no_exception(page)
