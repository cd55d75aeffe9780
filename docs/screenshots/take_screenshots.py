"""Drive the dashboard once in headless Chromium: every page, a few timings, one screenshot per page.

    .venv/bin/python docs/screenshots/take_screenshots.py [--chromium /usr/bin/chromium]

Starts its own server as the browser tests do (a free port, a temporary runs folder, the network guard),
follows the teacher flow on the sample class (Data -> Tasks -> Train with the comparison to simpler models ->
save -> Results and its tabs -> Students -> Saved runs -> score a file -> Model card, then the Results overview
and the model card again in Chinese), writes ``docs/screenshots/<page>.png`` and prints the timings as JSON.
Fails if any page shows an exception. (Chinese text needs a CJK font for Chromium, e.g. Debian's
fonts-wqy-microhei; without one the Chinese screenshots show boxes.)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the browser tests' server start and waits, shared with this script

from tests.e2e.conftest import CHROMIUM_ARGS, start_server  # noqa: E402
from tests.e2e.helpers import settle  # noqa: E402

OUT = Path(__file__).resolve().parent
WIDTH = 1400
CHANGED = "(b) => { const e = document.querySelector('.st-key-%s'); return e && e.innerText !== b }"


def idle(page, timeout: float = 120_000) -> None:
    """Wait until Streamlit has finished the current run, then a moment more for charts to finish drawing."""
    settle(page, timeout)
    page.wait_for_timeout(300)


def check(page, where: str) -> None:
    count = page.locator('[data-testid="stException"]').count()
    if count:
        raise AssertionError(f"{where}: {count} exception(s) shown")


def shot(page, name: str) -> None:
    """A screenshot of the whole page (the main area scrolls inside the window, so the window grows)."""
    height = page.evaluate("""() => { const b = document.querySelector('[data-testid="stMainBlockContainer"]');
                                     return b ? b.scrollHeight + 200 : 1000 }""")
    page.set_viewport_size({"width": WIDTH, "height": max(1000, min(int(height), 9000))})
    page.wait_for_timeout(1200)
    page.screenshot(path=str(OUT / f"{name}.png"))
    page.set_viewport_size({"width": WIDTH, "height": 1000})
    page.wait_for_timeout(300)


def go(page, label: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=label).first.click()
    idle(page)


def choose(page, key: str, option: str) -> None:
    page.locator(f".st-key-{key} input").first.click(force=True)
    page.get_by_role("option", name=option, exact=True).click()
    idle(page)


def tab(page, label: str) -> None:
    page.get_by_role("tab", name=label, exact=True).click()
    idle(page)


def wait_change(page, key: str, before: str, timeout: float = 10_000) -> None:
    page.wait_for_function(CHANGED % key, arg=before, timeout=timeout)


def flow(page, url: str) -> dict:
    timings: dict = {}
    started = time.perf_counter()
    page.goto(url)
    page.locator(".st-key-data_preview").wait_for(timeout=30_000)
    timings["first_page_s"] = round(time.perf_counter() - started, 2)
    idle(page)
    check(page, "data")
    shot(page, "data")

    go(page, "Tasks")
    page.get_by_text("Advanced settings").click()
    idle(page)
    check(page, "tasks")
    shot(page, "tasks")

    go(page, "Train")
    page.locator(".st-key-train_compare label").click()  # the Results screenshot shows the comparison
    idle(page)
    started = time.perf_counter()
    page.locator(".st-key-train_start button").click()
    page.locator(".st-key-train_live_curves").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(OUT / "train_running.png"))
    page.get_by_text("Comparing with simpler models").wait_for(timeout=600_000)
    timings["train_click_to_comparing_s"] = round(time.perf_counter() - started, 2)
    page.get_by_text("Training finished").wait_for(timeout=900_000)
    timings["train_click_to_summary_s"] = round(time.perf_counter() - started, 2)
    timings["train_reported"] = page.get_by_text("Training finished").inner_text()
    idle(page)
    check(page, "train")
    page.locator(".st-key-train_save_name input").fill("sample class")
    page.locator(".st-key-train_save_name input").press("Enter")
    idle(page)
    page.locator(".st-key-train_save button").click()
    idle(page)
    check(page, "train (saved)")
    shot(page, "train")

    go(page, "Results")
    page.locator(".st-key-results_gain_over_guess").wait_for(timeout=30_000)
    idle(page)
    check(page, "results")
    shot(page, "results")
    tab(page, "Each outcome")
    choose(page, "results_task", "passed")
    check(page, "results (passed)")
    shot(page, "results_classification")
    tab(page, "Simpler models")
    page.locator(".st-key-results_comparison").wait_for(timeout=30_000)
    idle(page)
    check(page, "results (comparison)")
    shot(page, "results_comparison")
    tab(page, "Fairness")
    page.locator(".st-key-results_fairness_flags").wait_for(timeout=30_000)
    idle(page)
    check(page, "results (fairness)")

    started = time.perf_counter()
    go(page, "Students")
    page.locator(".st-key-students_whatif_table").wait_for(timeout=120_000)
    idle(page)
    timings["students_first_visit_s"] = round(time.perf_counter() - started, 2)
    check(page, "students")
    caption = page.get_by_text("students shown")
    before = caption.inner_text()
    search = page.locator(".st-key-students_search input")
    search.fill("emma")
    started = time.perf_counter()
    search.press("Enter")
    page.wait_for_function("""(b) => { const p = [...document.querySelectorAll('p')]
        .find(e => e.innerText.includes('students shown')); return p && p.innerText !== b }""", arg=before)
    timings["search_s"] = round(time.perf_counter() - started, 3)
    idle(page)
    search.fill("")
    search.press("Enter")
    idle(page)
    track = page.locator(".st-key-whatif_attendance_rate [role=group] > div").first
    track.scroll_into_view_if_needed()
    timings["what_if_s"] = []
    for share in (0.7, 0.3, 0.9, 0.5, 0.8):
        before = page.locator(".st-key-students_whatif_table").inner_text()
        box = track.bounding_box()
        started = time.perf_counter()
        page.mouse.click(box["x"] + share * box["width"], box["y"] + box["height"] / 2)
        wait_change(page, "students_whatif_table", before)
        timings["what_if_s"].append(round(time.perf_counter() - started, 3))
        idle(page)
    check(page, "students (what-if)")
    page.mouse.move(0, 0)
    shot(page, "students")

    go(page, "Saved runs")
    page.locator(".st-key-runs_table").wait_for(timeout=30_000)
    idle(page)
    page.locator(".st-key-runs_model_card summary").click()
    idle(page)
    upload = page.locator(".st-key-runs_score_upload input[type='file']")
    upload.set_input_files(str(ROOT / "sample_data" / "class.xlsx"))
    page.locator(".st-key-runs_scored").wait_for(timeout=60_000)
    idle(page)
    check(page, "saved runs")
    shot(page, "runs")

    go(page, "Model card")
    page.locator(".st-key-card_settings").wait_for(timeout=30_000)
    idle(page)
    check(page, "model card")
    shot(page, "card")

    choose(page, "language_pick", "中文")  # the sidebar's language box; the address gets ?lang=zh
    page.locator(".st-key-card_settings").wait_for(timeout=30_000)
    idle(page)
    check(page, "model card (Chinese)")
    shot(page, "card_zh")
    go(page, "结果")
    page.locator(".st-key-results_gain_over_guess").wait_for(timeout=30_000)
    idle(page)
    check(page, "results (Chinese)")
    shot(page, "results_zh")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        up = time.perf_counter()
        server = start_server(Path(folder))
        health_s = round(time.perf_counter() - up, 2)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
                timings = {"server_health_s": health_s, **flow(page, server.url)}
                browser.close()
        finally:
            server.process.terminate()
            server.process.wait(timeout=30)
    print(json.dumps(timings, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
