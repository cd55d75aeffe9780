"""Data page: the sample on first launch, uploads (good, bad, several sheets), roles, problems, column look."""

from __future__ import annotations

import pandas as pd

from dashboard import messages as M
from dashboard import state
from tests.dashboard.helpers import chart_data, csv_upload, excel_bytes, page, preset, texts
from tests.synthetic import make_tiny_class

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_without_data_the_page_says_what_to_do():
    at = page("data").run()
    assert not at.exception
    assert M.DATA["none_loaded"] in texts(at.info)
    assert at.button(key="data_use_sample")


def test_sample_button_loads_the_sample_class():
    at = page("data").run()
    at.button(key="data_use_sample").click().run()
    assert not at.exception
    assert len(at.session_state[state.TABLE].frame) == 300
    assert at.session_state[state.IS_SAMPLE]


def test_sample_class_shows_preview_roles_problems_and_a_column(sample_loaded):
    at = preset(page("data"), sample_loaded, is_sample=True).run()
    assert not at.exception
    assert M.DATA["sample_loaded"] in texts(at.info)
    assert any("300 students, 29 columns" in t for t in texts(at.markdown))
    assert texts(at.get_by_key("data_problems").success) == [M.COMMON["problems_none"]]
    column = at.selectbox(key="data_column")
    assert column.value is None  # no chart until a column is chosen (a faster first page)
    assert column.options[:2] == ["final_exam", "passed"]  # outcomes first
    assert not [key for key in ("data_column_chart", "data_column_values") if _has_key(at, key)]


def _has_key(at, key: str) -> bool:
    try:
        at.get_by_key(key)
    except KeyError:
        return False
    return True


def test_column_look_draws_a_chart_for_numbers_and_categories(sample_loaded):
    frame = sample_loaded.frame
    at = preset(page("data"), sample_loaded).run()
    at.selectbox(key="data_column").set_value("attendance_rate").run()
    assert not at.exception
    (histogram,) = chart_data(at, "data_column_chart")
    assert histogram.type == "histogram" and len(histogram.x) == frame["attendance_rate"].notna().sum()
    at.selectbox(key="data_column").set_value("track").run()
    assert not at.exception
    (bars,) = chart_data(at, "data_column_chart")
    counts = frame["track"].value_counts()
    assert dict(zip(bars.x, bars.y)) == counts.to_dict()
    at.selectbox(key="data_column").set_value("name").run()  # free text: its most common values, as a table
    assert not at.exception
    values = at.get_by_key("data_column_values").dataframe[0].value
    assert 0 < len(values) and values.iloc[0, 0] in set(frame["name"])


def test_upload_replaces_the_class_and_infers_roles(sample_loaded):
    at = preset(page("data"), sample_loaded, is_sample=True).run()
    at.file_uploader(key="data_upload_file_0").set_value(csv_upload(make_tiny_class(), "tiny.csv")).run()
    assert not at.exception
    assert len(at.session_state[state.TABLE].frame) == 120
    assert not at.session_state[state.IS_SAMPLE]
    assert at.session_state[state.SCHEMA].id_column == "student_id"
    assert any("tiny\\.csv" in t for t in texts(at.markdown))


def test_failed_upload_keeps_the_previous_data_and_run(sample_loaded, tiny_run):
    frame, run = tiny_run
    at = preset(page("data"), sample_loaded, run=run, run_frame=frame).run()
    at.file_uploader(key="data_upload_file_0").set_value(("photo.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "text/csv")).run()
    assert not at.exception
    assert len(at.session_state[state.TABLE].frame) == 300
    assert at.session_state[state.RUN].run is run
    assert any(M.DATA["load_failed"] in t for t in texts(at.error))


def test_excel_with_several_sheets_lets_the_teacher_pick(sample_loaded):
    tiny = make_tiny_class()
    workbook = excel_bytes({"notes": pd.DataFrame({"remark": ["x", "y"]}), "class": tiny})
    at = preset(page("data"), sample_loaded).run()
    at.file_uploader(key="data_upload_file_0").set_value(("term.xlsx", workbook, XLSX)).run()
    assert not at.exception
    sheet = at.selectbox(key="data_sheet")
    assert sheet.options == ["notes", "class"]
    sheet.set_value("class").run()
    assert not at.exception
    assert len(at.session_state[state.TABLE].frame) == 120
    assert at.selectbox(key="data_sheet").value == "class"


def test_text_from_the_file_is_never_markdown(sample_loaded):
    evil = make_tiny_class()
    evil.loc[0, "name"] = "**Bob** <img src=x onerror=alert(1)>"
    evil = evil.rename(columns={"effort": "effort_[link](http://x)"})
    at = preset(page("data"), sample_loaded).run()
    at.file_uploader(key="data_upload_file_0").set_value(csv_upload(evil, "my_*class*.csv")).run()
    assert not at.exception
    shown = [t for t in texts(at.markdown) if "class" in t]
    assert any("my\\_\\*class\\*\\.csv" in t for t in shown)
    assert not any("<img" in t for t in texts(at.markdown))
    at.selectbox(key="data_column").set_value("effort_[link](http://x)").run()
    assert not at.exception


def test_role_edits_change_the_schema_and_the_outcomes_on_offer(sample_loaded):
    at = preset(page("data"), sample_loaded).run()
    names = list(at.session_state[state.SCHEMA].names)
    edits = {names.index("gender"): {"role": "input"}, names.index("letter_grade"): {"role": "ignore"}}
    at.session_state["data_roles"] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    schema = at.session_state[state.SCHEMA]
    assert schema["gender"].role.value == "input"
    assert "letter_grade" not in schema.with_role("target")
    from dashboard import task_table as tt
    table = tt.sync_table(None, sample_loaded.frame, schema)
    assert "letter_grade" not in set(table["column"])


def test_the_upload_limit_is_explained_and_matches_the_server_config(sample_loaded):
    import tomllib

    from dashboard import sources
    from tests.synthetic import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == sources.MAX_UPLOAD_MB
    assert sources.MAX_UPLOAD_BYTES == sources.MAX_UPLOAD_MB * 2**20
    at = preset(page("data"), sample_loaded).run()
    assert not at.exception
    limit = [t for t in texts(at.caption) if t.startswith("Files up to")]
    assert limit and f"{sources.MAX_UPLOAD_MB} MB" in limit[0]
    shown = " ".join(texts(at.caption) + texts(at.markdown) + texts(at.info))
    assert "maxUploadSize" not in shown and "config.toml" not in shown  # server settings are not a teacher's business


def test_a_file_over_the_limit_is_refused_readably(sample_loaded, monkeypatch):
    from dashboard import sources

    monkeypatch.setattr(sources, "MAX_UPLOAD_BYTES", 1000)
    at = preset(page("data"), sample_loaded).run()
    at.file_uploader(key="data_upload_file_0").set_value(csv_upload(make_tiny_class(), "big.csv")).run()
    assert not at.exception
    assert len(at.session_state[state.TABLE].frame) == 300
    assert any(M.DATA["load_failed"] in t for t in texts(at.error))


def test_the_roles_say_how_to_mark_a_sensitive_column(sample_loaded):
    at = preset(page("data"), sample_loaded).run()
    assert M.DATA["sensitive_hint"] in texts(at.caption)


def test_a_sheet_that_cannot_be_read_is_not_left_showing(sample_loaded):
    workbook = excel_bytes({"class": make_tiny_class(), "empty": pd.DataFrame()})
    at = preset(page("data"), sample_loaded).run()
    at.file_uploader(key="data_upload_file_0").set_value(("term.xlsx", workbook, XLSX)).run()
    assert at.selectbox(key="data_sheet").value == "class"
    at.selectbox(key="data_sheet").set_value("empty").run()
    assert not at.exception
    assert any(M.DATA["load_failed"] in t for t in texts(at.error))
    assert at.session_state[state.TABLE].sheet == "class"
    assert at.selectbox(key="data_sheet").value == "class"  # the box shows the sheet still loaded


def test_a_free_text_column_called_count_is_listed(sample_loaded):
    from tests.dashboard.helpers import loaded_table

    frame = sample_loaded.frame.rename(columns={"name": "count"})
    at = preset(page("data"), loaded_table(frame)).run()
    at.selectbox(key="data_column").set_value("count").run()
    assert not at.exception
    values = at.get_by_key("data_column_values").dataframe[0].value
    assert list(values.columns) == [M.DATA["col_value"], M.DATA["col_count"]]
    assert values.iloc[0, 0] in set(frame["count"]) and values.iloc[0, 1] >= 1


# --------------------------------------------------------------------------- rough edges

def test_a_problem_and_its_fix_are_shown_whole(sample_loaded):
    """The duplicate-ID problem and its fix were cut off at the edge of a grid cell: they are now in a table
    whose cells wrap, with every word of the core's text."""
    import mtl_core
    from tests.synthetic import ROOT

    loaded = mtl_core.load_table(ROOT / "tests" / "corpus" / "duplicate_ids.csv")
    at = preset(page("data"), loaded).run()
    assert not at.exception
    box = at.get_by_key("data_problems")
    assert not box.dataframe  # not a grid that cuts long text
    table = box.table[0].value
    found = mtl_core.check(loaded.frame, at.session_state[state.SCHEMA], [])
    duplicate = found[found["problem"].str.contains("same ID")].iloc[0]
    row = table[table[M.COMMON["col_problem"]] == duplicate["problem"]]
    assert len(row) == 1 and row[M.COMMON["col_fix"]].iloc[0] == duplicate["fix"]  # every word, nothing cut
    assert len(duplicate["problem"]) + len(duplicate["fix"]) > 80
    assert not table.isna().any().any() and "None" not in table.to_numpy().astype(str)


def test_missing_values_are_empty_cells_not_none(sample_loaded):
    at = preset(page("data"), sample_loaded).run()
    assert not at.exception
    grids = [at.get_by_key("data_preview").dataframe[0], at.get_by_key("data_roles")]  # a table, an editor
    for grid in grids:
        assert grid.proto.HasField("placeholder") and grid.proto.placeholder == "", grid
    assert sample_loaded.frame["study_hours_week"].isna().any()  # the preview has missing cells to show empty


def test_the_uploader_is_emptied_by_the_sample_class(sample_loaded):
    at = preset(page("data"), sample_loaded).run()
    at.file_uploader(key="data_upload_file_0").set_value(csv_upload(make_tiny_class(), "tiny.csv")).run()
    assert len(at.session_state[state.TABLE].frame) == 120
    at.button(key="data_use_sample").click().run()
    assert not at.exception
    assert len(at.session_state[state.TABLE].frame) == 300 and at.session_state[state.IS_SAMPLE]
    uploaders = at.get("file_uploader")
    assert [u.key for u in uploaders] == ["data_upload_file_1"] and uploaders[0].value is None  # a fresh, empty box
    at.file_uploader(key="data_upload_file_1").set_value(csv_upload(make_tiny_class(n=50), "again.csv")).run()
    assert len(at.session_state[state.TABLE].frame) == 50  # the new box uploads as the first did


def test_the_data_page_in_chinese(sample_loaded):
    at = preset(page("data"), sample_loaded, is_sample=True)
    at.session_state["language"] = "zh"
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["班级数据"]
    assert any("300 名学生,29 列" in t for t in texts(at.markdown))
    roles = at.get_by_key("data_roles")
    assert roles is not None
