"""Model card page: the run in use as a readable page, its names as plain text, in the session's language."""

from __future__ import annotations

import dataclasses

import pandas as pd

from dashboard import card_view
from dashboard import messages as M
from tests.dashboard.helpers import page, preset, texts


def test_without_a_run_the_page_says_what_to_do():
    at = page("card").run()
    assert not at.exception
    assert M.COMMON["need_run"] in texts(at.info)


def test_the_card_is_built_from_the_run_s_data(tiny_run):
    frame, run = tiny_run
    at = preset(page("card"), run=run, run_frame=frame).run()
    assert not at.exception
    box = at.get_by_key("card")
    assert [h.value for h in box.header] == ["Model card: test class"]  # the name escaped, our text as it is
    headings = [h.value for h in box.subheader]
    assert headings == [M.CARD[k] for k in ("data", "outcomes", "quality", "sensitive", "intended", "not_for",
                                            "settings")]
    outcomes = at.get_by_key("card_outcomes").dataframe[0].value
    assert list(outcomes[M.TASKS["col_name"]]) == [t.name for t in run.tasks]
    assert list(outcomes[M.TASKS["col_weight"]]) == [t.weight for t in run.tasks]
    quality = at.get_by_key("card_quality").dataframe[0].value
    assert list(quality[M.RESULTS["col_outcome"]]) == [t.name for t in run.outcome_tasks]
    settings = at.get_by_key("card_settings").dataframe[0].value.set_index(M.CARD["col_setting"])[M.CARD["col_value"]]
    assert settings[M.CARD["setting_names"]["seed"]] == str(run.config.seed)
    assert settings[M.CARD["setting_names"]["epochs_run"]] in (f"{run.epochs} epochs", "1 epoch")
    line = [t for t in texts(box.markdown) if "students" in t][0]
    assert line.startswith(f"{len(frame)} students, ")
    assert any(t.startswith("Trained on ") and "T" not in t.split(" by ")[0][len("Trained on "):] for t in texts(box.caption))


def test_names_from_the_file_stay_plain_text_on_the_page_and_in_the_download(tiny_run):
    frame, run = tiny_run
    evil = "**big** <img src=x onerror=alert(1)> | cell"
    tasks = tuple(dataclasses.replace(t, name=evil) if t.name == "score" else t for t in run.tasks)
    summary = run.summary.assign(task=[evil if n == "score" else n for n in run.summary["task"]])
    odd = dataclasses.replace(run, tasks=tasks, summary=summary)
    at = preset(page("card"), run=odd, run_frame=frame).run()
    assert not at.exception
    outcomes = at.get_by_key("card_outcomes").dataframe[0].value
    assert evil in set(outcomes[M.TASKS["col_name"]])
    assert not any("<img" in t and "\\<img" not in t for t in texts(at.markdown))
    document = card_view.markdown(card_view.build(odd, "term *1*", "class.csv"))
    assert document.startswith("# Model card: term \\*1\\*")
    row = [line for line in document.splitlines() if "big" in line][0]
    assert "\\*\\*big\\*\\*" in row and "\\<img" in row and "\\| cell" in row  # escaped: shown as typed
    assert M.CORE_START not in document


def test_the_card_speaks_the_session_s_language(tiny_run):
    frame, run = tiny_run
    at = preset(page("card"), run=run, run_frame=frame)
    at.session_state["language"] = "zh"
    at.run()
    assert not at.exception
    box = at.get_by_key("card")
    assert [h.value for h in box.header] == ["模型说明卡:test class"]
    assert "适合的用途" in [h.value for h in box.subheader]
    with M.using("zh"):
        document = card_view.markdown(card_view.build(run, "第一学期", "class.csv"))
    assert "## 不适合的用途" in document and "名学生" in document


def test_sensitive_columns_are_named_and_their_use_said(compared_run):
    frame, run = compared_run
    card = card_view.build(run, "x", "class.csv")
    assert card.sensitive[0] == M.CARD["sensitive_found"].format(names="gender")
    assert card.sensitive[1] == M.CARD["sensitive_unused"]
    assert isinstance(card.outcomes, pd.DataFrame) and card.inputs
