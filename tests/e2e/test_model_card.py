"""The model card page: a readable page built from the run (headings, sentences, tables), names as plain text.

The class has an outcome whose name looks like Markdown and HTML; the card shows it exactly as typed, in a
table cell, and nothing of it is drawn as bold or as an element. The card follows the run in use: a saved run
opened on the Saved runs page gets its own card, under its saved name.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import go, keyed, no_exception, open_app, settle, train, upload, wait_grid
from tests.synthetic import make_tiny_class

ODD = "**score** <b>x</b>"
RUN_NAME = "term 1 card"
BOLD_JS = """(text) => [...document.querySelectorAll('strong, b')].filter(e => e.textContent.trim() === text).length"""


def test_the_model_card_is_a_readable_page(page, server, tmp_path):
    path = tmp_path / "class 4a.csv"
    make_tiny_class().rename(columns={"score": ODD}).to_csv(path, index=False)
    open_app(page, server.url)
    go(page, "Model card")
    expect(page.get_by_text("Train a model on the Train page first")).to_be_visible()  # nothing to describe yet

    go(page, "Data")
    upload(page, "data_upload", path)
    expect(page.get_by_text("class 4a.csv: 120 students, 9 columns")).to_be_visible()
    go(page, "Tasks")
    wait_grid(page, "tasks_chosen", lambda f: ODD in set(f["name"]))
    go(page, "Train")
    train(page)

    go(page, "Model card")
    card = keyed(page, "card")
    expect(card.get_by_role("heading", name="Model card: class 4a", level=2)).to_be_visible()
    for heading in ("Training data", "Outcomes predicted", "How good it is (students the model did not learn from)",
                    "Sensitive columns", "Intended use", "Not for", "Settings"):
        expect(card.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(card.get_by_text("120 students, ")).to_be_visible()
    outcomes = wait_grid(page, "card_outcomes", lambda f: len(f) == 3)
    assert list(outcomes["name"]) == [ODD, "passed", "dropout"]  # the name as typed, in a cell
    assert set(outcomes["kind"]) == {"regression", "binary"}
    quality = wait_grid(page, "card_quality", lambda f: len(f) == 3)
    assert list(quality["outcome"]) == [ODD, "passed", "dropout"] and quality["verdict"].str.contains("guessing").all()
    settings = wait_grid(page, "card_settings", lambda f: len(f) > 5)
    assert "random seed" in set(settings["setting"])
    assert page.evaluate(BOLD_JS, "score") == 0 and page.evaluate(BOLD_JS, "x") == 0  # never drawn as Markdown/HTML
    made = card.get_by_text(re.compile(r"^Trained on ")).inner_text()
    assert re.fullmatch(r"Trained on \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M by EduMTL from class 4a\.csv\.", made), made
    no_exception(page)

    with page.expect_download() as info:
        keyed(page, "card_download").locator("button").click()
    document = (tmp_path / "card.md")
    info.value.save_as(document)
    text = document.read_text(encoding="utf-8")
    assert info.value.suggested_filename == "model card class 4a.md"
    assert text.startswith("# Model card: class 4a") and "## Not for" in text
    assert "\\*\\*score\\*\\* \\<b\\>x\\</b\\>" in text  # escaped: a Markdown viewer shows it as typed

    # A saved run opened on the Saved runs page: the card follows it.
    go(page, "Train")
    name = keyed(page, "train_save_name").locator("input")
    name.fill(RUN_NAME)
    name.press("Enter")
    settle(page)
    keyed(page, "train_save").locator("button").click()
    expect(page.get_by_text(f"Saved as {RUN_NAME}.")).to_be_visible()
    go(page, "Saved runs")
    wait_grid(page, "runs_table", lambda f: RUN_NAME in set(f["name"]))
    keyed(page, "runs_load").locator("button").click()
    expect(page.get_by_text(f"Now using the saved run {RUN_NAME}.")).to_be_visible()
    go(page, "Model card")
    expect(keyed(page, "card").get_by_role("heading", name=f"Model card: {RUN_NAME}", level=2)).to_be_visible()
    no_exception(page)
