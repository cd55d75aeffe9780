"""Every page and Results tab in Chinese, as drawn by the page scripts: nothing of ours left in English.

The browser test (tests/e2e/test_chinese.py) reads what Chromium shows after a real training without the
comparison; these read every text each page sends (headings, alerts, labels, help, options, placeholders, table
headers and cells, chart titles, axes, legends and tooltips) on runs that have everything: a comparison with
simpler models, a sensitive column, a training-only outcome, recommendations. The rule is ``tests/language.py``'s.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import mtl_core
from dashboard import messages as M
from dashboard import state
from tests.dashboard.helpers import page, preset, quick_settings
from tests.language import untranslated, words_of

ZH = M.CATALOGUES["zh"]
TEXT_FIELDS = {"body", "label", "help", "placeholder", "options", "text", "code_text", "delta", "caption", "title",
               "default_value_label"}
PLOT_KEYS = {"text", "name", "hovertemplate", "title"}


def _proto_strings(message) -> list[str]:
    """The text fields of a protobuf message and of the messages inside it."""
    out = []
    for field, value in message.ListFields():
        if field.type == field.TYPE_MESSAGE:
            for inner in (value if field.is_repeated else [value]):
                out += _proto_strings(inner)
        elif field.type == field.TYPE_STRING and field.name in TEXT_FIELDS:
            out += list(value) if field.is_repeated else [value]
        elif field.name == "spec" and isinstance(value, str):  # a Plotly figure as JSON
            out += _plot_strings(json.loads(value))
    return out


def _plot_strings(figure) -> list[str]:
    out = []

    def walk(node, key=None):
        if isinstance(node, dict):
            if "template" in node:
                node = {k: v for k, v in node.items() if k != "template"}
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in PLOT_KEYS:  # a tooltip's %{x} fields and tags are not words
            out.append(re.sub(r"<[^>]*>", " ", re.sub(r"%\{[^}]*\}", " ", node)))

    walk({"data": figure.get("data"), "layout": figure.get("layout")})
    return out


def shown_texts(at) -> list[str]:
    """Every text the page sent: element protos' text fields, charts, and the headers and text cells of tables."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            out.extend(_proto_strings(proto))
        value = getattr(node, "value", None) if type(node).__name__ in ("Dataframe", "Table") else None
        if isinstance(value, pd.DataFrame):
            config = json.loads(proto.columns) if getattr(proto, "columns", "") else {}
            labels = {str(k): (v or {}).get("label") for k, v in config.items()}
            order = list(getattr(proto, "column_order", [])) or [str(c) for c in value.columns]  # columns shown
            value = value[[c for c in value.columns if str(c) in order]]
            out.extend(labels.get(str(c)) or str(c) for c in value.columns)  # the header shown: its label
            out.extend(str(v) for column in value.columns if value[column].dtype == object for v in value[column])
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return [t for t in out if t]


def data_words(*frames) -> set[str]:
    words = words_of(["test class", "class.csv", "tiny.csv"])
    for frame in frames:
        words |= words_of([*frame.columns, *frame.astype(str).to_numpy().ravel()])
    return words


def in_chinese(at):
    at.session_state["language"] = "zh"
    return at


def assert_chinese(at, allowed: set[str], where: str) -> None:
    assert not at.exception, where
    texts = shown_texts(at)
    assert any("\u4e00" <= ch <= "\u9fff" for t in texts for ch in t), where
    found = untranslated(texts, allowed)
    assert not found, f"{where} shows English of ours: {found}"


@pytest.fixture(scope="module")
def sample_loaded_zh():
    return mtl_core.load_table("sample_data/class.csv")


def test_data_tasks_and_train_pages(sample_loaded_zh):
    allowed = data_words(sample_loaded_zh.frame)
    at = in_chinese(preset(page("data"), sample_loaded_zh, is_sample=True)).run()
    assert_chinese(at, allowed, "data")
    at.selectbox(key="data_column").set_value("track").run()
    assert_chinese(at, allowed, "data, a column")
    at = in_chinese(preset(page("tasks"), sample_loaded_zh))
    at.session_state["tasks_advanced"] = True
    assert_chinese(at.run(), allowed, "tasks")
    at = in_chinese(preset(page("train"), sample_loaded_zh, settings=quick_settings())).run()
    assert_chinese(at, allowed, "train")


def test_the_finished_training(tiny_loaded, tiny_run):
    from tests.dashboard.test_page_train import FinishedJob

    frame, run = tiny_run
    at = in_chinese(preset(page("train"), tiny_loaded, settings=quick_settings()))
    at.session_state[state.JOB] = FinishedJob(frame, run).start().wait()
    assert_chinese(at.run(), data_words(frame), "train, finished")


@pytest.mark.parametrize("tab", list(ZH.RESULTS["tabs"]))
def test_every_results_tab_with_a_comparison_and_a_sensitive_column(compared_run, tab):
    frame, run = compared_run
    at = in_chinese(preset(page("results"), run=run, run_frame=frame))
    at.session_state["results_tabs"] = ZH.RESULTS["tabs"][tab]
    at.run()
    assert [t.label for t in at.tabs] == list(ZH.RESULTS["tabs"].values())
    assert_chinese(at, data_words(frame), f"results, {tab}")


def test_the_students_page_with_a_profile(sample_run):
    frame, run = sample_run
    at = in_chinese(preset(page("students"), run=run, run_frame=frame)).run()
    assert_chinese(at, data_words(frame), "students")


def test_saved_runs_and_the_model_card(compared_run, runs_dir):
    frame, run = compared_run
    mtl_core.save_run(run, runs_dir / "room-12" / "term 1")
    at = in_chinese(page("runs"))
    at.query_params["space"] = "room-12"
    assert_chinese(at.run(), data_words(frame) | {"room", "term"}, "saved runs")
    at = in_chinese(preset(page("card"), run=run, run_frame=frame)).run()
    assert_chinese(at, data_words(frame), "model card")


def test_the_check_sees_english_in_a_page(tiny_run):
    """The check itself: the same page in English is full of it."""
    frame, run = tiny_run
    at = preset(page("card"), run=run, run_frame=frame).run()
    found = untranslated(shown_texts(at), data_words(frame))
    assert "Intended use" in found and any(f.startswith("word: ") for f in found)
