"""Playwright helpers for the dashboard: wait for Streamlit, read its tables, drive its widgets.

Every widget and display container of the dashboard has a stable key, which Streamlit puts on the page as
the CSS class ``st-key-<key>``; the helpers take those keys. Tables (``st.dataframe``, ``st.data_editor``)
are drawn on a canvas, but the grid keeps an accessible copy of the rows it draws (``role=gridcell``),
which is what :func:`grid` reads.

Waiting: a Streamlit rerun starts a moment after a click reaches the server, and the page shows the old
elements (marked ``data-stale``) until the run ends. :func:`settle` waits for the run to finish; tests then
wait for the exact element or text they expect with ``expect(...)``, never for a fixed time.
"""

from __future__ import annotations

import io
import re
import time
import warnings
from pathlib import Path

import pandas as pd
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# No script running (the toolbar's "running" widget is gone), no skeleton, nothing left over from the last run.
IDLE_JS = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-stale="true"]')"""
GRID_JS = """(key) => {
    const root = document.querySelector('.st-key-' + key);
    if (!root) return null;
    let rows = [...root.querySelectorAll('table[role=grid] tr[role=row]')];
    if (!rows.length) rows = [...root.querySelectorAll('[data-testid=stTable] table tr')];  // a static table
    return rows.map(r => [...r.querySelectorAll('th, td')].map(c => c.textContent));
}"""
# Default wait of every expect(...): Playwright's 5 s is short while a training shares the 2 cores with the
# server's reruns; a missing element still fails, only later.
expect.set_options(timeout=20_000)
SETTLE_MS = 150  # a rerun starts this soon after an event; long enough for the status widget to appear
TRAIN_TIMEOUT_MS = 180_000  # training the sample class takes ~10 s here; generous for a loaded CI machine


def settle(page: Page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished the script run an action started (no running indicator, nothing stale)."""
    page.wait_for_timeout(SETTLE_MS)
    page.wait_for_function(IDLE_JS, timeout=timeout)


def no_exception(page: Page) -> None:
    """The page shows no Python exception box."""
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def keyed(page: Page, key: str):
    """The element Streamlit drew for the widget or container ``key``."""
    return page.locator(f".st-key-{key}")


def open_app(page: Page, url: str) -> None:
    """Open the app at its root (the sample class is loaded for a new session) and wait for the Data page."""
    page.goto(url)
    expect(keyed(page, "data_preview")).to_be_visible(timeout=60_000)
    settle(page)


def go(page: Page, label: str, attempts: int = 3) -> None:
    """Open a page from the sidebar by its exact label ("Data", "Tasks", "Train", "Results", ...).

    Arrival is checked on the link itself: Streamlit marks the open page's link ``aria-current="page"``
    when the server starts running it, and the mark must still be there once the run is over. On a busy
    machine a click was once lost (CI stayed on the Tasks page after a click on Train); a click that did
    not open the page, or whose page did not stay open, is repeated with a warning in the test report,
    and the test fails when the page never opens."""
    link = page.locator('[data-testid="stSidebarNav"]').get_by_role(
        "link", name=re.compile(rf"^\W*{re.escape(label)}$"))
    for attempt in range(1, attempts + 1):
        link.click()
        try:
            expect(link).to_have_attribute("aria-current", "page", timeout=15_000)
            settle(page)
            if link.get_attribute("aria-current") == "page":
                return
        except AssertionError:
            pass
        if attempt < attempts:
            warnings.warn(f"a click on the sidebar link {label!r} did not open its page (the browser is at "
                          f"{page.url}); clicking again", stacklevel=2)
    raise AssertionError(f"the sidebar link {label!r} did not open its page after {attempts} clicks; "
                         f"the browser is at {page.url}")


def open_tab(page: Page, label: str) -> None:
    """Open the tab ``label`` (its exact text) and wait for the page's rerun (only the open tab is drawn)."""
    tab = page.get_by_role("tab", name=label, exact=True)
    for attempt in range(3):  # a click during a redraw can be lost, as in go()
        tab.click()
        try:
            expect(tab).to_have_attribute("aria-selected", "true", timeout=10_000)
            settle(page)
            return
        except AssertionError:
            if attempt == 2:
                raise


def upload(page: Page, key: str, path: Path | str) -> None:
    """Put a file into the uploader ``key`` (its hidden ``input[type=file]``), as a drag-and-drop would."""
    keyed(page, key).locator("input[type=file]").set_input_files(str(path))
    settle(page)


def grid(page: Page, key: str) -> list[list[str]]:
    """The rows a table keyed ``key`` shows, header first, as text (only the rows the grid has drawn; every row of
    a static ``st.table``)."""
    rows = page.evaluate(GRID_JS, key)
    if rows is None:
        raise AssertionError(f"no element with the key {key!r} on the page")
    return rows


def grid_frame(page: Page, key: str) -> pd.DataFrame:
    """:func:`grid` as a DataFrame of strings (columns from the header)."""
    rows = grid(page, key)
    if not rows:
        return pd.DataFrame()
    return pd.DataFrame(rows[1:], columns=rows[0])


def wait_grid(page: Page, key: str, check, timeout: float = 30_000) -> pd.DataFrame:
    """Poll the table ``key`` until ``check(frame)`` is true (the grid redraws a moment after a rerun)."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        frame = grid_frame(page, key) if keyed(page, key).count() else pd.DataFrame()
        if len(frame.columns) and check(frame):
            return frame
        if time.monotonic() > deadline:
            shown = page.locator('[data-testid="stMain"]').inner_text()[:2000]
            raise AssertionError(f"table {key!r} never satisfied the check; it shows:\n{frame.to_string()}\n"
                                 f"the page shows:\n{shown}")
        page.wait_for_timeout(100)


def open_options(page: Page, key: str):
    """Open the list of the selectbox ``key``; returns the locator of its options.

    A click that lands while Streamlit redraws the box after a rerun can close the list again at once,
    so the click is repeated (up to three times) until the options are there.
    """
    box = keyed(page, key).locator("input").first
    listed = page.get_by_role("option")
    for attempt in range(3):
        box.click(force=True)
        try:
            expect(listed.first).to_be_visible(timeout=3_000)
            return listed
        except AssertionError:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            settle(page)
    return listed


def choose(page: Page, key: str, option: str) -> None:
    """Choose ``option`` (its exact text) in the selectbox ``key``."""
    open_options(page, key)
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def options(page: Page, key: str) -> list[str]:
    """The option texts the selectbox ``key`` shows when opened (a long list draws only the first few).

    The list draws its options over a few frames: the texts are read once their number has stopped changing
    (three reads 100 ms apart), not at the first option seen."""
    listed = open_options(page, key)
    counts = [listed.count()]
    while len(counts) < 3 or len(set(counts[-3:])) > 1:
        page.wait_for_timeout(100)
        counts.append(listed.count())
        if len(counts) > 50:
            break
    texts = listed.all_inner_texts()
    page.keyboard.press("Escape")
    return texts


# --------------------------------------------------------------------------- the Tasks page's editor

ROW_PX = 35  # Streamlit's data grid: header and rows are 35 px high
SELECTED_JS = """([key, id]) => !!document.querySelector('.st-key-' + key + ' td[aria-selected=true]#' + id)"""
CELL_EDITOR = "#portal .gdg-input"  # the grid's overlay editor (an input or textarea in a portal)


def _wait_selected(page: Page, key: str, column: int, row: int, timeout: float = 5_000) -> None:
    """Wait until the grid reports cell (column, row) as selected (it redraws its accessible copy lazily)."""
    page.wait_for_function(SELECTED_JS, arg=[key, f"glide-cell-{column}-{row}"], timeout=timeout)


def editor_select(page: Page, key: str, row: int, column: int = 0) -> None:
    """Select cell (``column``, ``row``) of the data editor ``key``: a click on the row's first cell, then arrows."""
    canvas = keyed(page, key).locator("canvas[data-testid=data-grid-canvas]").first
    canvas.scroll_into_view_if_needed()
    for attempt in range(3):  # a click while the grid redraws after a rerun can be lost: click again
        box = canvas.bounding_box()
        page.mouse.click(box["x"] + 12, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)
        try:
            _wait_selected(page, key, 0, row, timeout=3_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    for step in range(1, column + 1):
        page.keyboard.press("ArrowRight")
        _wait_selected(page, key, step, row)


def select_row(page: Page, key: str, row: int) -> None:
    """Click the row marker of row ``row`` (0 = first student) of the selectable table ``key``."""
    canvas = keyed(page, key).locator("canvas[data-testid=data-grid-canvas]").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)
    settle(page)


def _flush_grid(page: Page) -> None:
    """The grid applies a keyboard edit only when the next input event arrives: send a harmless one."""
    page.mouse.move(1, 1)


def editor_set(page: Page, key: str, row_name: str, *, use: bool | None = None, weight: float | None = None,
               name_column: str = "name") -> None:
    """Tick/untick and/or set the weight of the row of the editor ``key`` whose ``name_column`` is ``row_name``.

    The row is found in the grid's text and its cell selected (click, arrows); Space toggles a checkbox cell,
    Enter opens a cell's editor, where the value is typed and Enter commits it. Each change is awaited in the
    grid's text after Streamlit's rerun.
    """
    frame = wait_grid(page, key, lambda f: row_name in list(f[name_column]))
    row = list(frame[name_column]).index(row_name)
    columns = list(frame.columns)
    if use is not None and (frame.iloc[row]["use"] == "true") != use:
        editor_select(page, key, row, columns.index("use"))
        page.keyboard.press("Space")  # toggles a checkbox cell
        _flush_grid(page)
        settle(page)
        wait_grid(page, key, lambda f: f.iloc[row]["use"] == str(use).lower())
    if weight is not None:
        editor_select(page, key, row, columns.index("weight"))
        page.keyboard.press("Enter")
        cell = page.locator(CELL_EDITOR)
        expect(cell).to_be_visible()
        cell.fill(f"{weight:g}")
        cell.press("Enter")
        expect(cell).to_have_count(0)
        _flush_grid(page)
        settle(page)
        wait_grid(page, key, lambda f: float(f.iloc[row]["weight"]) == weight)


def choose_outcomes(page: Page, untick, chosen) -> None:
    """On the Tasks page: untick the outcomes ``untick``, tick ``chosen`` (names, or names -> weights, which are
    typed in), and wait until the server's list of chosen outcomes is exactly ``chosen`` (with those weights:
    the editor shows an edit before the rerun that applies it)."""
    go(page, "Tasks")
    for name in untick:
        editor_set(page, "tasks_editor", name, use=False)
    if isinstance(chosen, dict):
        for name, weight in chosen.items():
            editor_set(page, "tasks_editor", name, use=True, weight=weight)
        wait_grid(page, "tasks_chosen", lambda f: dict(zip(f["name"], f["weight"].astype(float))) == chosen)
    else:
        wait_grid(page, "tasks_chosen", lambda f: list(f["name"]) == list(chosen))


# --------------------------------------------------------------------------- training and downloads

def start_training(page: Page) -> None:
    """Press Train on the Train page and see the training run (a Stop button and a progress bar)."""
    start = keyed(page, "train_start").locator("button")
    expect(start).to_be_enabled()
    start.click()
    expect(keyed(page, "train_stop")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stProgress"]').first).to_be_visible()


def wait_trained(page: Page, timeout: float = TRAIN_TIMEOUT_MS, finished: str = "Training finished") -> None:
    """Wait for the end of a training started on this page: the success line (``finished``, in the page's
    language) and the summary table."""
    expect(page.get_by_text(finished)).to_be_visible(timeout=timeout)
    expect(keyed(page, "train_summary")).to_be_visible()
    settle(page)


def train(page: Page, timeout: float = TRAIN_TIMEOUT_MS) -> float:
    """Press Train, see the progress, wait for the summary; returns the seconds from the click to the summary."""
    started = time.perf_counter()
    start_training(page)
    expect(page.get_by_text("Training finished")).to_be_visible(timeout=timeout)
    seconds = time.perf_counter() - started
    wait_trained(page, timeout)
    return seconds


def download_csv(page: Page, key: str, save_to: Path) -> pd.DataFrame:
    """Click the CSV download button ``key`` and read the file it gives (all cells as text)."""
    with page.expect_download() as info:
        keyed(page, key).locator("button").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    download.save_as(save_to)
    data = Path(save_to).read_bytes()
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")


# --------------------------------------------------------------------------- language

# Every text node of the page a teacher can see or open (hidden tabs, closed expanders and the grid's copy of its
# rows included) and every placeholder, except what is not our text: Material icon names ("expand_more"), Plotly's
# toolbar, and the uploader's own button and size note ("Upload", "50MB per file"), which Streamlit draws in
# English whatever the app's language (it has no setting for them; our label above the box is translated).
PAGE_TEXT_JS = """() => {
    const roots = [document.querySelector('[data-testid="stMain"]'), document.querySelector('[data-testid="stSidebar"]')]
        .filter(Boolean);
    const skip = '[data-testid="stIconMaterial"], .modebar-container, style, script, ' +
        '[data-testid="stFileUploaderDropzoneInstructions"], [data-testid="stFileUploaderDropzone"] button';
    const out = [];
    for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode, parent = node.parentElement;
            if (!parent || parent.closest(skip)) continue;
            if (node.textContent.trim()) out.push(node.textContent);
        }
        for (const el of root.querySelectorAll('input[placeholder], textarea[placeholder]'))
            if (el.placeholder) out.push(el.placeholder);
    }
    return out;
}"""


def page_texts(page: Page) -> list[str]:
    """The page's texts (see :data:`PAGE_TEXT_JS`), with the core's marked text taken out
    (``tests.language.without_core_text``)."""
    from tests.language import without_core_text

    return [without_core_text(text) for text in page.evaluate(PAGE_TEXT_JS)]


def untranslated(page: Page, allowed: set[str]) -> list[str]:
    """What a page in Chinese shows in English that is ours (``tests.language.untranslated``); empty when the page
    speaks Chinese."""
    from tests.language import untranslated as check

    return check(page.evaluate(PAGE_TEXT_JS), allowed)
