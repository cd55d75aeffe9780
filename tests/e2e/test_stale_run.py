"""A run that no longer matches the settings says so: change a weight after training, see one banner on Results and
Students, retrain from the banner's button, and the banner is gone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import (
    choose_outcomes,
    editor_set,
    go,
    keyed,
    no_exception,
    open_app,
    settle,
    train,
)

CHOSEN = ("final_exam", "passed")  # two outcomes: a short training
UNTICKED = ("dropped_out", "math_score", "reading_score")  # ticked by default (the first five targets)


def _banner(page):
    return keyed(page, "stale_run")


def test_changing_a_weight_after_training_shows_a_banner_until_the_run_is_retrained(page, server):
    open_app(page, server.url)
    choose_outcomes(page, UNTICKED, CHOSEN)
    go(page, "Train")
    train(page)
    expect(_banner(page)).to_have_count(0)  # the run just trained matches the settings

    go(page, "Results")
    expect(keyed(page, "results_table")).to_be_visible()
    expect(_banner(page)).to_have_count(0)

    # A weight changes on the Tasks page: every page that shows the run says its results no longer match.
    go(page, "Tasks")
    editor_set(page, "tasks_editor", "passed", weight=3.0)
    go(page, "Results")
    expect(_banner(page)).to_have_count(1)
    expect(_banner(page)).to_contain_text("the weights (passed) changed since this run was trained")
    expect(keyed(page, "results_table")).to_be_visible()  # the old run's results are still there, under the note
    no_exception(page)
    go(page, "Students")
    expect(keyed(page, "students_table")).to_be_visible(timeout=120_000)
    expect(_banner(page)).to_have_count(1)
    expect(_banner(page)).to_contain_text("the weights (passed)")
    go(page, "Train")
    expect(_banner(page)).to_have_count(1)  # the Train page's summary is of the old run too

    # The banner's button opens the Train page; a new training matches the settings and the banner goes.
    go(page, "Results")
    _banner(page).get_by_role("button", name="Train again with the current settings").click()
    settle(page)
    expect(keyed(page, "train_start")).to_be_visible()
    train(page)
    expect(_banner(page)).to_have_count(0)
    go(page, "Results")
    expect(keyed(page, "results_table")).to_be_visible()
    expect(_banner(page)).to_have_count(0)
    go(page, "Students")
    expect(keyed(page, "students_table")).to_be_visible(timeout=120_000)
    expect(_banner(page)).to_have_count(0)
    no_exception(page)
