"""Flow 2: a teacher uploads their own class, saved by a European spreadsheet (semicolons, decimal commas)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import go, keyed, no_exception, open_app, open_tab, train, upload, wait_grid
from tests.synthetic import make_tiny_class

OUTCOMES = ["score", "passed", "dropout"]  # the tiny class's columns whose names say "outcome"


def test_semicolon_decimal_comma_upload_trains(page, server, tmp_path):
    tiny = make_tiny_class()
    path = tmp_path / "klasse 3b.csv"
    tiny.to_csv(path, sep=";", decimal=",", index=False)
    assert ";" in path.read_text().splitlines()[1] and "," in path.read_text().splitlines()[1]

    open_app(page, server.url)
    upload(page, "data_upload", path)
    expect(page.get_by_text("klasse 3b.csv: 120 students, 9 columns "
                            "(CSV, semicolon-separated, UTF-8 encoding, decimal comma).")).to_be_visible()
    expect(page.get_by_text("The sample class (300 made-up students) is loaded")).to_have_count(0)

    # The preview shows the columns as they were meant, and the decimal commas read as numbers.
    preview = wait_grid(page, "data_preview", lambda f: len(f) > 0 and "effort" in f.columns)
    assert list(preview.columns) == list(tiny.columns)
    first = preview.iloc[0]
    assert first["student_id"] == "T000" and first["name"] == "Student 0"
    assert float(first["effort"]) == tiny.loc[0, "effort"]
    assert float(first["score"]) == tiny.loc[0, "score"]
    roles = wait_grid(page, "data_roles", lambda f: len(f) == 9)
    assert dict(zip(roles["column"], roles["role"]))["effort"] == "input"
    no_exception(page)

    go(page, "Tasks")
    wait_grid(page, "tasks_chosen", lambda f: list(f["name"]) == OUTCOMES)
    expect(page.get_by_text("Ready to train 3 outcomes on 120 students.")).to_be_visible()

    go(page, "Train")
    train(page)
    no_exception(page)

    go(page, "Results")
    expect(page.get_by_text("klasse 3b.csv: 120 students")).to_be_visible()
    table = wait_grid(page, "results_table", lambda f: list(f["outcome"]) == OUTCOMES)
    assert all(v != "" for v in table["guessing"])
    open_tab(page, "Each outcome")
    expect(keyed(page, "results_metrics")).to_be_visible()
    no_exception(page)
