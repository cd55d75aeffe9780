"""Two teachers on one server at once: each sees only their own class, run, students and saved runs."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.e2e.helpers import go, keyed, no_exception, open_app, settle, start_training, upload, wait_grid, wait_trained
from tests.synthetic import make_tiny_class

RUN_NAME = "term 1 e2e"


def space_of(page) -> str:
    """The space in the page's address (``?space=...``), which the dashboard adds for every session."""
    return parse_qs(urlparse(page.url).query)["space"][0]


def search(page, text: str) -> None:
    box = keyed(page, "students_search").locator("input")
    box.fill(text)
    box.press("Enter")
    settle(page)


def test_two_teachers_at_once(open_page, server, tmp_path):
    tiny = tmp_path / "tiny class.csv"
    make_tiny_class().to_csv(tiny, index=False)
    a, b = open_page(), open_page()

    # A keeps the sample class; B uploads their own, while A's session is open.
    open_app(a, server.url)
    open_app(b, server.url)
    upload(b, "data_upload", tiny)
    expect(b.get_by_text("tiny class.csv: 120 students, 9 columns")).to_be_visible()
    go(a, "Data")
    expect(a.get_by_text("class.csv: 300 students, 29 columns")).to_be_visible()
    space_a, space_b = space_of(a), space_of(b)
    assert space_a != space_b

    go(a, "Tasks")
    go(b, "Tasks")
    expect(a.get_by_text("Ready to train 5 outcomes on 300 students.")).to_be_visible()
    expect(b.get_by_text("Ready to train 3 outcomes on 120 students.")).to_be_visible()

    # Both train at the same time, each on their own class.
    go(a, "Train")
    go(b, "Train")
    start_training(a)
    start_training(b)
    wait_trained(b)
    wait_trained(a)
    wait_grid(a, "train_summary", lambda f: len(f) == 5)
    wait_grid(b, "train_summary", lambda f: list(f["outcome"]) == ["score", "passed", "dropout"])

    # A saves the run in A's space only.
    name = keyed(a, "train_save_name").locator("input")
    name.fill(RUN_NAME)
    name.press("Enter")
    settle(a)
    keyed(a, "train_save").locator("button").click()
    expect(a.get_by_text(f"Saved as {RUN_NAME}.")).to_be_visible()
    assert (server.runs_dir / space_a / RUN_NAME).is_dir()
    assert not (server.runs_dir / space_b / RUN_NAME).exists()

    go(b, "Saved runs")
    expect(b.get_by_text(f"Your space: {space_b}")).to_be_visible()
    expect(b.get_by_text("No saved runs yet.")).to_be_visible()
    expect(b.get_by_text(RUN_NAME)).to_have_count(0)
    go(a, "Saved runs")
    expect(a.get_by_text(f"Your space: {space_a}")).to_be_visible()
    wait_grid(a, "runs_table", lambda f: RUN_NAME in set(f["name"]))

    # Results and Students: each their own run and students.
    go(a, "Results")
    go(b, "Results")
    expect(a.get_by_text("class.csv: 300 students,")).to_be_visible()
    expect(b.get_by_text("tiny class.csv: 120 students,")).to_be_visible()
    go(a, "Students")
    go(b, "Students")
    expect(a.get_by_text("300 of 300 students shown.")).to_be_visible(timeout=120_000)
    expect(b.get_by_text("120 of 120 students shown.")).to_be_visible(timeout=120_000)
    search(a, "T000")  # B's first student
    search(b, "S0001")  # A's first student
    expect(a.get_by_text("0 of 300 students shown.")).to_be_visible()
    expect(b.get_by_text("0 of 120 students shown.")).to_be_visible()
    no_exception(a)
    no_exception(b)

    # A third browser with A's space in its address (a bookmark, a second tab) opens A's space: on a server for
    # this computer only, the address names the space, and the space holds the saved runs and the work in progress.
    c = open_page()
    c.goto(f"{server.url}/?space={space_a}")
    expect(keyed(c, "data_preview")).to_be_visible(timeout=60_000)
    settle(c)
    go(c, "Saved runs")
    expect(c.get_by_text(f"Your space: {space_a}")).to_be_visible()
    wait_grid(c, "runs_table", lambda f: RUN_NAME in set(f["name"]))
    go(c, "Results")
    expect(c.get_by_text("class.csv: 300 students,")).to_be_visible()
    no_exception(c)
