"""Names that look like HTML, Markdown or spreadsheet formulas are shown and exported as plain text."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import (
    download_csv,
    go,
    keyed,
    no_exception,
    open_app,
    options,
    select_row,
    train,
    upload,
    wait_grid,
)
from tests.synthetic import ROOT

INJECTION_CSV = ROOT / "tests" / "corpus" / "injection.csv"
IMG = "<img src=x onerror=alert(1)>"
BOLD = "**bold**"
FORMULA = '=HYPERLINK("http://example.com","click")'
PLANTED_IMG_JS = """() => [...document.querySelectorAll('img')]
    .filter(e => e.getAttribute('src') === 'x' || e.getAttribute('onerror') !== null).length"""
BOLD_JS = """() => [...document.querySelectorAll('strong, b')].filter(e => e.textContent.trim() === 'bold').length"""


def nothing_ran(page, dialogs: list) -> None:
    """No dialog opened, no <img src=x> or onerror handler anywhere, no '**bold**' turned into bold."""
    assert dialogs == [], f"a script ran in the page: {dialogs}"
    assert page.evaluate(PLANTED_IMG_JS) == 0
    assert page.evaluate(BOLD_JS) == 0


def test_html_markdown_and_formula_names_stay_text(page, server, tmp_path):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    open_app(page, server.url)
    upload(page, "data_upload", INJECTION_CSV)
    expect(page.get_by_text(re.compile(r"^injection\.csv: 40 students, 5 columns"))).to_be_visible()
    wait_grid(page, "data_preview", lambda f: list(f["name"][:3]) == [IMG, BOLD, FORMULA])
    nothing_ran(page, dialogs)

    go(page, "Tasks")
    go(page, "Train")
    train(page)
    go(page, "Results")
    expect(keyed(page, "results_table")).to_be_visible()
    nothing_ran(page, dialogs)

    go(page, "Students")
    expect(page.get_by_text("40 of 40 students shown.")).to_be_visible(timeout=120_000)
    search = keyed(page, "students_search").locator("input")
    for name in (IMG, BOLD, FORMULA):
        # The table finds the student by the name as typed and shows it as typed...
        search.fill(name)
        search.press("Enter")
        wait_grid(page, "students_table", lambda f: list(f["name"]) == [name])
        expect(page.get_by_text("1 of 40 students shown.", exact=True)).to_be_visible()
        # ...a click on the row opens the profile, whose heading and picker show the name as typed too.
        select_row(page, "students_table", 0)
        heading = page.get_by_role("heading", level=3).filter(has_text=name)
        expect(heading).to_have_count(1)
        label = heading.inner_text()
        assert label.endswith(" · " + name), label
        assert options(page, "students_pick") == [label]  # the picker lists the students the search found
        nothing_ran(page, dialogs)
    no_exception(page)

    # The download: the formula is neutralised with a leading apostrophe; the other names are kept as typed.
    rows = download_csv(page, "students_download_csv", tmp_path / "recommendations.csv")
    names = dict(zip(rows["student_id"], rows["name"]))
    assert names["S002"] == "'" + FORMULA
    assert names["S000"] == IMG and names["S001"] == BOLD
    assert not any(str(v).startswith(("=", "+", "-", "@")) for column in rows for v in rows[column] if v and
                   not re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", str(v)))
    nothing_ran(page, dialogs)
