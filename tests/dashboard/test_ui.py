"""Shared page helpers: one list of pages, links that fail loudly on a typo, one warm-up per process."""

from __future__ import annotations

import pytest

import mtl_core
from dashboard import messages as M
from dashboard import sources, ui
from tests.synthetic import ROOT


def test_the_pages_are_listed_once_and_match_the_views():
    assert {p.stem for p in (ROOT / "dashboard" / "views").glob("*.py")} == set(ui.PAGES)
    assert set(M.NAV) == set(ui.PAGES)
    assert all(ui.page_file(name).is_file() for name in ui.PAGES)
    app = (ROOT / "dashboard" / "app.py").read_text(encoding="utf-8")
    assert "ui.navigation_pages()" in app and "views" not in app  # app.py keeps no page list of its own


def test_a_link_to_an_unknown_page_is_an_error_not_silence():
    with pytest.raises(KeyError, match="Unknown page 'result'"):
        ui.page_link("result", "See the results")


def test_the_engine_is_warmed_up_once_per_process_after_a_delay(monkeypatch):
    import threading

    started = threading.Event()
    monkeypatch.setattr(mtl_core, "warm_up", started.set)
    monkeypatch.setattr(sources, "_warmed_up", False)
    monkeypatch.setattr(sources, "_warm_up_cancelled", False)
    assert sources.warm_up_once(delay=0.3)
    assert not sources.warm_up_once(delay=0.3)
    assert not started.is_set()  # not at once: the first page is still being drawn
    assert started.wait(5)


def test_a_training_before_the_delayed_warm_up_cancels_it(monkeypatch):
    import time

    calls = []
    monkeypatch.setattr(mtl_core, "warm_up", lambda: calls.append(1))
    monkeypatch.setattr(sources, "_warmed_up", False)
    monkeypatch.setattr(sources, "_warm_up_cancelled", False)
    assert sources.warm_up_once(delay=0.2)
    sources.wait_for_engine()  # the training imports TensorFlow itself: no second import from the warm-up
    time.sleep(0.5)
    assert calls == []
