"""How fast the dashboard feels to a teacher, measured in headless Chromium against a real server.

    .venv/bin/python benchmarks/dashboard_speed.py [--repeats 5] [--train-repeats 3] [--chromium /usr/bin/chromium]
    .venv/bin/python benchmarks/dashboard_speed.py --sizes 300,3000,30000 [--epochs 5 | --epochs 0] [--repeats 3]

Starts its own dashboard servers (``tests/e2e/conftest.py``'s ``start_server``: a free port on 127.0.0.1,
an empty runs folder, the network guard) and measures, repeating each step:

* **first page**: from the server answering ``/_stcore/health`` to the Data page drawn (the sample class's
  preview table visible) in a browser that was already open; a new server for every repeat;
* **training**: the sample class with its 5 default outcomes and default settings, from the click on Train
  to the summary (the "Training finished" line), in one session;
* **table filter**: on the Students page, from pressing Enter in the search box (a name typed) to the
  "N of 300 students shown" line and the table's canvas redrawn with the filtered rows;
* **what-if**: a click on the attendance slider of a student's profile to the predictions panel showing the
  new values.

With ``--sizes``, it measures classes of those sizes instead (made by ``sample_data/generate.py``'s generator,
seed 7, written as CSV), each on a new server, in one teacher session:

* **upload and check**: from the file put into the uploader to the Data page naming the class and its size;
* **training (E epochs)**: the 5 default outcomes with the Recommended settings except at most ``--epochs``
  epochs (the page's cost depends on the networks, not on how long they trained); with ``--epochs 0`` the
  Recommended settings as they are, early stopping included: **training (Recommended)**, target under 90 s
  (at 30,000 students: the dashboard's own time, from the click on Train to "Training finished");
* **Students page**: from the click on Students to the list's count line ("N of N students shown.") and
  the first student's profile with its reasons chart drawn (target: under 5 s at 30,000 students);
* **another student**: choosing the next student in the profile's list to their reasons chart redrawn;
* **table filter**: as above, on the large class.

Prints the machine, the command, and a table of median and maximum per step beside its target. Timings
on a shared 2-core machine are noisy: read the medians, and rerun before trusting one number.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import common  # noqa: F401 - puts the repository on sys.path

from common import header_lines, render_table

from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import CHROMIUM_ARGS, start_server
from tests.e2e.helpers import go, keyed, open_app, open_options, settle, start_training, upload, wait_trained

TARGETS_S = {"first page": 3.0, "training (5 outcomes)": 15.0, "table filter": 0.3, "what-if": 0.3}
SEARCHES = ["Emma", "Li", "Johnson", "S02", "Garcia", "王"]  # names and IDs of the sample class
SLIDER_SHARES = [0.15, 0.3, 0.45]  # from the end of the track away from the slider's current value
CHANGED_JS = """([key, before]) => { const e = document.querySelector('.st-key-' + key);
    return e && e.innerText !== before }"""
# The table is drawn on a canvas: the rows a teacher sees are its pixels. (The grid also keeps a text copy of its
# rows for screen readers, updated about 0.2 s after the pixels; the tests read that copy, the timing does not.)
GRID_SNAPSHOT_JS = """(key) => { const c = document.querySelector(
    '.st-key-' + key + ' canvas[data-testid=data-grid-canvas]'); window.__edumtlGrid = c ? c.toDataURL() : '' }"""
GRID_REDRAWN_JS = """(key) => { const c = document.querySelector(
    '.st-key-' + key + ' canvas[data-testid=data-grid-canvas]'); return !!c && c.toDataURL() !== window.__edumtlGrid }"""
FILTERED_JS = """([before]) => {
    const p = [...document.querySelectorAll('p')].find(e => /^[\\d,]+ of [\\d,]+ students shown\\.$/.test(e.innerText));
    return p && p.innerText !== before ? p.innerText : false }"""


def stop(server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except Exception:  # noqa: BLE001 - a server that does not stop is killed
        server.process.kill()


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    return page


def first_page(browser, repeats: int) -> list[float]:
    """Seconds from a healthy new server to its Data page drawn, once per new server."""
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as folder:
            page = new_page(browser)
            server = start_server(Path(folder))
            try:
                healthy = time.perf_counter()
                page.goto(server.url)
                keyed(page, "data_preview").locator("canvas").first.wait_for(state="visible")
                times.append(time.perf_counter() - healthy)
                settle(page, timeout=120_000)
            finally:
                page.context.close()
                stop(server)
    return times


def training(page, repeats: int) -> list[float]:
    """Seconds from the click on Train to the summary, for the sample class's 5 default outcomes."""
    go(page, "Train")
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        start_training(page)
        expect(page.get_by_text("Training finished")).to_be_visible(timeout=600_000)
        times.append(time.perf_counter() - started)
        wait_trained(page)
    return times


def table_filter(page, repeats: int) -> list[float]:
    """Seconds from Enter in the search box to the count line and the table showing the filtered rows."""
    box = keyed(page, "students_search").locator("input")
    times = []
    for i in range(repeats):
        for query in (SEARCHES[i % len(SEARCHES)], ""):  # filter, then back to the whole class (not timed)
            caption = page.get_by_text(" students shown.").first.inner_text()
            box.fill(query)
            page.evaluate(GRID_SNAPSHOT_JS, "students_table")
            started = time.perf_counter()
            box.press("Enter")
            page.wait_for_function(FILTERED_JS, arg=[caption], polling="raf")
            page.wait_for_function(GRID_REDRAWN_JS, arg="students_table", polling="raf")
            if query:
                times.append(time.perf_counter() - started)
            settle(page)
    return times


def what_if(page, repeats: int) -> list[float]:
    """Seconds from a click on the attendance slider to the predictions panel showing new values."""
    slider = keyed(page, "whatif_attendance_rate")
    track = slider.locator("[role=group] > div").first
    thumb = slider.locator("input[type=range]")  # Streamlit's slider keeps its value in a hidden range input
    track.scroll_into_view_if_needed()
    times = []
    for i in range(repeats):
        before = keyed(page, "students_whatif_table").inner_text()
        box = track.bounding_box()
        low, high, now = (float(thumb.get_attribute(a)) for a in ("min", "max", "value"))
        share = SLIDER_SHARES[i % len(SLIDER_SHARES)]
        if (now - low) / ((high - low) or 1) < 0.5:  # always a clear move: to the other half of the track
            share = 1 - share
        started = time.perf_counter()
        page.mouse.click(box["x"] + share * box["width"], box["y"] + box["height"] / 2)
        page.wait_for_function(CHANGED_JS, arg=["students_whatif_table", before], polling="raf")
        times.append(time.perf_counter() - started)
        settle(page)
    return times


def session_steps(browser, repeats: int, train_repeats: int) -> dict[str, list[float]]:
    """Training, then the Students page's filter and what-if, in one teacher session on one server."""
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder))
        page = new_page(browser)
        try:
            open_app(page, server.url)
            results = {"training (5 outcomes)": training(page, train_repeats)}
            go(page, "Students")
            keyed(page, "students_whatif_table").wait_for(state="visible", timeout=300_000)
            settle(page, timeout=300_000)
            results["table filter"] = table_filter(page, repeats)
            results["what-if"] = what_if(page, repeats)
            return results
        finally:
            page.context.close()
            stop(server)


# --------------------------------------------------------------------------- class sizes

SIZE_TARGETS_S = {"upload and check": 10.0, "training": float("inf"), "training (Recommended)": 90.0,
                  "Students page": 5.0, "another student": 2.0, "table filter": 0.5}
PROFILE_HEADING_JS = """(before) => { const h = [...document.querySelectorAll('h3')].map(e => e.innerText);
    return h.length > 0 && h.join('|') !== before }"""


def class_file(n: int, folder: Path) -> Path:
    """A class of ``n`` students from the sample generator (seed 7), as CSV."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("edumtl_sample_generator",
                                                  common.REPO / "sample_data" / "generate.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    path = folder / f"class {n}.csv"
    path.write_bytes(generator.to_csv_bytes(generator.generate_class(n, 7)))
    return path


def set_epochs(page, epochs: int, attempts: int = 3) -> None:
    """The Tasks page's Advanced settings: at most ``epochs`` epochs (the rest stay Recommended), checked on the
    Train page's plan; repeated when a busy machine lost the edit."""
    for _ in range(attempts):
        go(page, "Tasks")
        advanced = keyed(page, "tasks_advanced")
        if not keyed(page, "tasks_epochs").locator("input").is_visible():
            advanced.locator("summary").click()
        box = keyed(page, "tasks_epochs").locator("input")
        box.fill(str(epochs))
        box.press("Enter")
        settle(page)
        page.wait_for_timeout(1000)
        go(page, "Train")
        if page.get_by_text(f"at most {epochs} epochs").count():
            return
    raise AssertionError(f"the Train page never planned at most {epochs} epochs")


def headings(page) -> str:
    return "|".join(page.locator("h3").all_inner_texts())


def students_page(page, n: int) -> float:
    """Seconds from the click on Students to the list's count and the first profile's reasons chart."""
    link = page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Students")
    started = time.perf_counter()
    link.click()
    expect(page.get_by_text(f"of {n:,} students shown.")).to_be_visible(timeout=600_000)
    expect(keyed(page, "students_reasons_chart").locator(".js-plotly-plot")).to_be_visible(timeout=600_000)
    seconds = time.perf_counter() - started
    settle(page, timeout=600_000)
    return seconds


def another_student(page, repeats: int) -> list[float]:
    """Seconds from choosing the next student in the profile's list to their profile drawn."""
    times = []
    for i in range(repeats):
        option = open_options(page, "students_pick").nth(i + 1)  # clicks again when a redraw closed the list
        expect(option).to_be_visible()
        before = headings(page)
        started = time.perf_counter()
        option.click()
        page.wait_for_function(PROFILE_HEADING_JS, arg=before, polling="raf", timeout=600_000)
        settle(page, timeout=600_000)
        expect(keyed(page, "students_reasons_chart").locator(".js-plotly-plot")).to_be_visible()
        times.append(time.perf_counter() - started)
    return times


def class_size(browser, n: int, epochs: int, repeats: int) -> dict[str, list[float]]:
    print(f"{n:,} students...", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as folder:
        path = class_file(n, Path(folder))
        server = start_server(Path(folder))
        page = new_page(browser)
        try:
            open_app(page, server.url)
            started = time.perf_counter()
            upload(page, "data_upload", path)
            expect(page.get_by_text(f"{path.name}: {n:,} students")).to_be_visible(timeout=600_000)
            results = {"upload and check": [time.perf_counter() - started]}
            if epochs > 0:
                set_epochs(page, epochs)
            else:
                go(page, "Train")
            started = time.perf_counter()
            start_training(page)
            expect(page.get_by_text("Training finished")).to_be_visible(timeout=3_600_000)
            results["training" if epochs > 0 else "training (Recommended)"] = [time.perf_counter() - started]
            wait_trained(page)
            results["Students page"] = [students_page(page, n)]
            results["another student"] = another_student(page, repeats)
            results["table filter"] = table_filter(page, repeats)
            return results
        finally:
            page.context.close()
            stop(server)


def size_table(results: dict[int, dict[str, list[float]]], epochs: int, *, markdown: bool) -> str:
    rows = []
    for n, steps in results.items():
        for step, times in steps.items():
            target = SIZE_TARGETS_S[step]
            median = statistics.median(times)
            name = f"training ({epochs} epochs)" if step == "training" else step
            rows.append([f"{n:,}", name, len(times), f"{median:.2f} s", f"{max(times):.2f} s",
                         "" if target == float("inf") else f"< {target:g} s",
                         "" if target == float("inf") else ("yes" if median < target else "no"),
                         ", ".join(f"{t:.2f}" for t in times)])
    return render_table(["students", "step", "repeats", "median", "max", "target", "meets", "all (s)"], rows,
                        markdown=markdown)


def table(results: dict[str, list[float]], *, markdown: bool) -> str:
    rows = []
    for step, times in results.items():
        target = TARGETS_S[step]
        median, worst = statistics.median(times), max(times)
        unit = 1000 if target < 1 else 1
        show = (lambda s: f"{s * 1000:.0f} ms") if unit == 1000 else (lambda s: f"{s:.2f} s")
        rows.append([step, len(times), show(median), show(worst), f"< {show(target)}",
                     "yes" if median < target else "no", ", ".join(show(t) for t in times)])
    return render_table(["step", "repeats", "median", "max", "target", "median meets target", "all"], rows,
                        markdown=markdown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="repeats of first page, filter and what-if")
    parser.add_argument("--train-repeats", type=int, default=3, help="trainings of the sample class")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--json", type=Path, help="also write the raw seconds to this file")
    parser.add_argument("--sizes", help="measure classes of these sizes instead, e.g. 300,3000,30000")
    parser.add_argument("--epochs", type=int, default=5,
                        help="with --sizes: at most this many epochs (0: the Recommended settings as they are)")
    args = parser.parse_args()
    if not Path(args.chromium).exists():
        raise SystemExit(f"error: Chromium not found at {args.chromium} (apt-get install -y chromium)")
    sizes = [int(v.replace(",", "").replace("_", "")) for v in args.sizes.split(",")] if args.sizes else []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            if sizes:
                results = {n: class_size(browser, n, args.epochs, args.repeats) for n in sizes}
            else:
                results = {"first page": first_page(browser, args.repeats)}
                results.update(session_steps(browser, args.repeats, args.train_repeats))
            chromium = browser.version
        finally:
            browser.close()

    lines = header_lines()
    lines.insert(2, f"browser: Chromium {chromium} (headless), Playwright {version('playwright')}, "
                    f"Streamlit {version('streamlit')}")
    lines.insert(3, f"load average (1, 5, 15 min) at the end: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print("\n".join(lines))
    print()
    print(size_table(results, args.epochs, markdown=args.markdown) if sizes else table(results, markdown=args.markdown))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    sys.exit(main())
