"""A teacher uploads their LMS gradebook: a Moodle CSV and a Canvas Excel export load with clean names."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import no_exception, open_app, upload, wait_grid
from tests.synthetic import ROOT

CORPUS = ROOT / "tests" / "corpus"


def test_moodle_and_canvas_exports_load_with_clean_names_and_say_which_system(page, server):
    open_app(page, server.url)
    for name, system, expected, students in (
            ("moodle_grades.csv", "Moodle", ["First name", "Quiz: Week 1"], 25),
            ("canvas_grades.xlsx", "Canvas", ["Student", "Homework 1", "Quiz 1"], 25)):
        upload(page, "data_upload", CORPUS / name)
        # the format line names the system; the Points Possible row of Canvas is not a student
        expect(page.get_by_text(f"a {system} gradebook export", exact=False).first).to_be_visible(timeout=60_000)
        expect(page.get_by_text(f"{name}: {students} students", exact=False).first).to_be_visible(timeout=60_000)
        # the grid draws (and copies for screen readers) the rows in view: the first columns of each file
        roles = wait_grid(page, "data_roles", lambda f: len(f) > 0 and set(expected) <= set(f["column"]),
                          timeout=60_000)
        columns = list(roles["column"])
        assert not [c for c in columns if "(Real)" in c or c.rstrip(")").split("(")[-1].isdigit()], columns
        assert not [c for c in columns if "Feedback" in c or "Points Possible" in c], columns
        no_exception(page)
