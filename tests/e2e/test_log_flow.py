"""Flow: a teacher opens EduMTL for the first time, loads the sample answer log, trains, and reads the verdict
beside the baselines, every student's mastery and practice plan, in English and in Chinese (``?lang=zh``).

In Chinese nothing of ours may be left in English on any page of the flow (the rule of ``tests/language.py``):
only the sample log's own column names and values, and names kept in Chinese (AUC, PFA, BKT...).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from playwright.sync_api import expect

from dashboard import messages as M
from tests.e2e.helpers import TRAIN_TIMEOUT_MS, go, keyed, no_exception, settle, untranslated, upload, wait_grid
from tests.language import words_of
from tests.synthetic import ROOT

SAMPLE_LOG = ROOT / "sample_data" / "answers.csv"
EPOCHS = 6  # enough for a model that beats guessing on the sample log; quick on a loaded machine


def _space(page) -> str:
    return (parse_qs(urlparse(page.url).query).get("space") or [""])[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_sample_log_from_loading_to_practice_plans(page, server, lang):
    C = M.CATALOGUES[lang]
    L, NAV = C.LOG, C.NAV
    sample = pd.read_csv(SAMPLE_LOG, dtype=str, keep_default_na=False)
    allowed = words_of([*sample.columns, *sample.to_numpy().ravel(), SAMPLE_LOG.name])

    def check(where: str) -> None:
        no_exception(page)
        if lang == "zh":
            found = untranslated(page, allowed | words_of([_space(page)]))
            assert not found, f"{where} shows English of ours: {found}"

    page.goto(f"{server.url}/?lang={lang}")
    expect(keyed(page, "data_preview")).to_be_visible(timeout=60_000)
    settle(page)

    # Data: one click loads the sample log; the page becomes its log version, with the roles and no problem.
    keyed(page, "data_use_sample_log").locator("button").click()
    settle(page)
    expect(keyed(page, "data_log_preview")).to_be_visible()
    expect(page.get_by_text(L["sample_loaded"])).to_be_visible()
    expect(keyed(page, "data_log_problems").get_by_text(C.COMMON["problems_none"])).to_be_visible()
    check("data")

    # Tasks: the log's settings; fewer epochs for a quick test.
    go(page, NAV["tasks"])
    expect(keyed(page, "tasks_log_model")).to_be_visible()
    epochs = keyed(page, "tasks_log_epochs").locator("input")
    epochs.fill(str(EPOCHS))
    epochs.press("Enter")
    settle(page)
    check("tasks")

    # Train: live progress, then the verdict beside the base rate, PFA and BKT.
    go(page, NAV["train"])
    expect(page.get_by_text(C.COUNTS["epochs"]["other"].format(n=EPOCHS), exact=False)).to_be_visible()
    start = keyed(page, "train_log_start").locator("button")
    expect(start).to_be_enabled()
    start.click()
    expect(keyed(page, "train_log_stop")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stProgress"]').first).to_be_visible()
    check("train, while training")
    expect(keyed(page, "train_log_summary")).to_be_visible(timeout=TRAIN_TIMEOUT_MS)
    settle(page)
    summary = wait_grid(page, "train_log_summary", lambda f: len(f) == 4)
    assert list(summary[L["col_model"]])[1:] == list(L["baselines"].values())
    check("train, finished")

    # Results: the comparison, every AUC a number, one verdict per method, the calibration chart.
    go(page, NAV["results"])
    table = wait_grid(page, "results_log_comparison", lambda f: len(f) == 4)
    assert all(0.4 < float(v) <= 1.0 for v in table[L["col_auc"]]), table
    expect(keyed(page, "results_log_verdicts").locator('[data-testid="stAlert"]')).to_have_count(4)
    expect(keyed(page, "results_log_auc").locator(".js-plotly-plot")).to_be_visible()
    check("results")
    tab = page.get_by_role("tab", name=L["tabs"]["calibration"], exact=True)
    tab.click()
    settle(page)
    expect(keyed(page, "results_log_calibration").locator(".js-plotly-plot")).to_be_visible()
    check("results, calibration")

    # Students: mastery with the answers it rests on, a practice plan with reasons, the class's view.
    go(page, NAV["students"])
    mastery = wait_grid(page, "students_log_mastery", lambda f: len(f) >= 5)
    assert all(v.strip().isdigit() for v in mastery[L["col_answers"]]), mastery
    plan = wait_grid(page, "students_log_plan_table", lambda f: len(f) >= 1)
    assert all(len(reason) > 10 for reason in plan[L["col_reason"]]), plan
    wait_grid(page, "students_log_hardest", lambda f: len(f) >= 5)
    expect(keyed(page, "students_log_heatmap").locator(".js-plotly-plot")).to_be_visible()
    expect(keyed(page, "students_log_relations").locator("li").first).to_be_visible()
    check("students")


def test_an_uploaded_log_switches_the_pages_to_log_mode(page, server):
    L = M.CATALOGUES["en"].LOG
    page.goto(server.url)
    expect(keyed(page, "data_preview")).to_be_visible(timeout=60_000)
    settle(page)
    upload(page, "data_upload", SAMPLE_LOG)
    expect(keyed(page, "data_log_preview")).to_be_visible()
    expect(page.get_by_text(L["upload_read_as_log"].format(name=SAMPLE_LOG.name))).to_be_visible()
    expect(page.get_by_role("radio", name=L["mode_log"])).to_be_checked()
    no_exception(page)
