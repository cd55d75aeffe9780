"""Work that survives: a reload or a second tab during training reattaches to it, and settings are kept.

The training belongs to the teacher's space (dashboard/jobs.py), not to the browser tab: a reload gets a new
Streamlit session, which finds the running job, its progress, the outcomes and weights chosen on the Tasks
page, and then the finished run. A server restarted under a training says that it was lost.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import start_server
from tests.e2e.helpers import (
    choose_outcomes,
    go,
    keyed,
    no_exception,
    open_app,
    settle,
    start_training,
    wait_grid,
    wait_trained,
)

CHOSEN = {"final_exam": 3.0, "passed": 1.0}  # outcome -> weight
UNTICKED = ("dropped_out", "math_score", "reading_score")


def space_of(page) -> str:
    return parse_qs(urlparse(page.url).query)["space"][0]


def start_long_training(page) -> None:
    """Train with the comparison with simpler models: long enough (tens of seconds) to reload during it."""
    go(page, "Train")
    compare = keyed(page, "train_compare").locator("input[type=checkbox]")
    if not compare.is_checked():
        keyed(page, "train_compare").locator("label").click()
        settle(page)
    start_training(page)


def test_a_reload_and_a_second_tab_reattach_to_the_training_and_keep_the_settings(page, server):
    open_app(page, server.url)
    choose_outcomes(page, UNTICKED, CHOSEN)
    start_long_training(page)
    space = space_of(page)

    page.reload()  # a new Streamlit session: nothing of the old one is left
    expect(keyed(page, "train_stop")).to_be_visible(timeout=60_000)  # the same training, still running
    expect(page.get_by_text("It goes on if you close or reload this page")).to_be_visible()
    assert space_of(page) == space

    second = page.context.new_page()  # a second tab of the same space
    second.goto(page.url)
    expect(keyed(second, "train_stop").or_(second.get_by_text("Training finished")).first).to_be_visible(
        timeout=60_000)

    wait_trained(page)
    wait_grid(page, "train_summary", lambda f: list(f["outcome"]) == list(CHOSEN))
    wait_trained(second)
    wait_grid(second, "train_summary", lambda f: list(f["outcome"]) == list(CHOSEN))
    no_exception(page)
    no_exception(second)
    second.close()

    page.reload()  # after the end: the finished run and the settings are still the space's
    expect(page.get_by_text("Training finished")).to_be_visible(timeout=60_000)
    go(page, "Results")
    wait_grid(page, "results_table", lambda f: list(f["outcome"]) == list(CHOSEN))
    go(page, "Tasks")
    wait_grid(page, "tasks_chosen", lambda f: dict(zip(f["name"], f["weight"].astype(float))) == CHOSEN)
    no_exception(page)


def test_a_restarted_server_says_the_training_was_lost(page, tmp_path):
    first = start_server(tmp_path)
    try:
        open_app(page, first.url)
        start_long_training(page)
        address = page.url
    finally:
        first.process.kill()  # the server stops under the training (a crash, a reboot)
        first.process.wait(timeout=30)
    second = start_server(tmp_path)  # the same runs folder
    try:
        page.goto(address.replace(first.url, second.url))
        expect(keyed(page, "space_lost")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("was interrupted: the EduMTL server was restarted")).to_be_visible()
        expect(keyed(page, "train_start")).to_be_visible()  # nothing runs: the teacher can start again
        keyed(page, "space_lost_dismiss").locator("button").click()
        settle(page)
        expect(keyed(page, "space_lost")).to_have_count(0)
        no_exception(page)
    finally:
        second.process.terminate()
        second.process.wait(timeout=30)
