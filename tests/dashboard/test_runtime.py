"""Streamlit must not reset Keras after each rerun while a training runs in the background."""

from __future__ import annotations

import types

from streamlit.runtime.scriptrunner import script_runner

from dashboard import runtime


def test_streamlit_no_longer_clears_the_keras_session(monkeypatch):
    calls = []
    fake = types.SimpleNamespace(backend=types.SimpleNamespace(clear_session=lambda: calls.append("cleared")))
    monkeypatch.setitem(__import__("sys").modules, "keras", fake)
    monkeypatch.setattr(script_runner, "_clean_problem_modules", script_runner._clean_problem_modules)
    assert runtime.keep_keras_state()
    assert runtime.keep_keras_state()  # twice is fine
    script_runner._clean_problem_modules()
    assert calls == []
