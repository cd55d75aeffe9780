"""A bookmark opened as the first visit after the dashboard (re)starts shows the real app.

Streamlit treats an app with a ``pages/`` folder beside its entry file as an old-style multipage app until
``st.navigation`` has run once in the process: a deep link such as ``/runs?space=...`` would then run the
page file on its own (no ``state.init()``, no sample class) under a sidebar of file names ("app", "data",
"runs"...). The page modules therefore live in ``dashboard/views/``. The Saved runs page tells teachers to
bookmark it, so this is the common way back after a restart. The test needs a server whose first visit is
the deep link (the ``server`` fixture starts one per test module, and this is the only test here).
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import go, keyed, settle

SPACE = "class-e2ebookmark"


def test_bookmark_is_the_first_visit(page, server):
    page.goto(f"{server.url}/runs?space={SPACE}")
    expect(page.get_by_role("heading", name="Saved runs", level=1)).to_be_visible(timeout=60_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav.get_by_role("link", name="Saved runs")).to_be_visible(timeout=5_000)  # not "runs"
    expect(nav.get_by_role("link", name="app", exact=True)).to_have_count(0)
    expect(page.get_by_text(f"Your space: {SPACE}")).to_be_visible()
    settle(page)
    go(page, "Data")
    expect(keyed(page, "data_preview")).to_be_visible()
    expect(page.get_by_text("The sample class (300 made-up students) is loaded")).to_be_visible()
