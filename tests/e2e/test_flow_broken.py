"""Flow 3: after training on the sample class, a teacher uploads broken files; nothing already done is lost."""

from __future__ import annotations

import re

from playwright.sync_api import expect

import mtl_core
from tests.e2e.helpers import go, keyed, no_exception, open_app, settle, train, upload, wait_grid
from tests.synthetic import ROOT

CORPUS = ROOT / "tests" / "corpus"
SAMPLE_OUTCOMES = ["final_exam", "passed", "dropped_out", "math_score", "reading_score"]  # ticked by default


def still_shows_the_sample_run(page) -> None:
    """Results and Students show the run trained on the sample class."""
    go(page, "Results")
    expect(page.get_by_text(re.compile(r"^class\.csv: 300 students, "))).to_be_visible()
    wait_grid(page, "results_table", lambda f: list(f["outcome"]) == SAMPLE_OUTCOMES)
    no_exception(page)
    go(page, "Students")
    expect(page.get_by_text("300 of 300 students shown.")).to_be_visible(timeout=120_000)
    expect(keyed(page, "students_predictions")).to_be_visible()
    no_exception(page)


def test_broken_uploads_keep_the_data_and_the_run(page, server):
    open_app(page, server.url)
    go(page, "Train")
    train(page)
    go(page, "Students")  # recommendations are computed once per run, before the uploads
    expect(page.get_by_text("300 of 300 students shown.")).to_be_visible(timeout=120_000)

    # Random bytes: refused with a reason; the sample class stays loaded.
    go(page, "Data")
    upload(page, "data_upload", CORPUS / "garbage.csv")
    alert = page.get_by_text("The file could not be used, so the previous data is still loaded.")
    expect(alert).to_be_visible()
    expect(page.get_by_text("The file 'garbage.csv' is not a text table")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^class\.csv: 300 students, 29 columns"))).to_be_visible()
    preview = wait_grid(page, "data_preview", lambda f: len(f) > 0)  # the columns that fit the window
    assert preview.iloc[0]["student_id"] == "S0001" and preview.iloc[0]["name"] == "Evelyn Johnson"
    no_exception(page)
    still_shows_the_sample_run(page)

    # Text in a numeric column: the file is read, and the problem table names the column and the rows.
    go(page, "Data")
    upload(page, "data_upload", CORPUS / "mixed_types.csv")
    expect(page.get_by_text(re.compile(r"^mixed_types\.csv: 40 students, 5 columns"))).to_be_visible()
    problems = wait_grid(page, "data_problems", lambda f: "column" in f.columns and "hours" in set(f["column"]))
    hours = problems[problems["column"] == "hours"]
    assert len(hours) == 1, problems
    assert hours.iloc[0]["severity"] == "error"
    assert hours.iloc[0]["rows"] == "5, 13"  # spreadsheet rows of 'about 4' and 'n/a?' (the header is row 1)
    assert "about 4" in hours.iloc[0]["problem"]
    expect(page.get_by_text("1 problem must be fixed before training.")).to_be_visible()
    no_exception(page)

    # The run trained on the sample class is still the one shown.
    still_shows_the_sample_run(page)
    # The new class can't be trained until the file is fixed: the Train page says so, the button is off.
    go(page, "Train")
    expect(keyed(page, "train_blocked")).to_contain_text("1 problem that must be fixed before training")
    expect(keyed(page, "train_start").locator("button")).to_be_disabled()
    no_exception(page)

    # Repeated IDs: the problem and its fix are read whole, in cells that wrap (a grid cell cut them off).
    go(page, "Data")
    upload(page, "data_upload", CORPUS / "duplicate_ids.csv")
    expect(page.get_by_text(re.compile(r"^duplicate_ids\.csv: "))).to_be_visible()
    table = mtl_core.load_table(CORPUS / "duplicate_ids.csv")
    found = mtl_core.check(table.frame, mtl_core.infer_schema(table.frame), [])
    repeated = found[found["problem"].str.contains("same ID")].iloc[0]
    box = keyed(page, "data_problems")
    for text in (repeated["problem"], repeated["fix"]):
        cell = box.locator("td").filter(has_text=text).first
        expect(cell).to_be_visible()
        assert cell.evaluate("e => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1"), text
    expect(box.locator("td").filter(has_text=re.compile(r"^None$"))).to_have_count(0)  # empty cells are empty

    # "Use the sample class" empties the upload box: it no longer shows a file that is not loaded.
    files = keyed(page, "data_upload").locator('[data-testid="stFileChip"]')
    expect(files).to_have_count(1)
    keyed(page, "data_use_sample").locator("button").click()
    settle(page)
    expect(page.get_by_text("The sample class (300 made-up students) is loaded")).to_be_visible()
    expect(files).to_have_count(0)
    no_exception(page)
