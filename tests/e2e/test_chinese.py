"""A teacher who reads Chinese: every page in Simplified Chinese, from a bookmark with ?lang=zh to the model card.

On every page (each Results tab, the Students profile, the Saved runs page with its model card, the running
and the finished training) nothing of ours is left in English: no piece of the English catalogue and no English
word that is not the teacher's own data (the sample class's column names, categories and student names) or a
name kept in Chinese (EduMTL, CSV, AUC...). The core's text (problem messages, metric labels, action wordings)
is translated by ``messages.core_text``; a sentence it cannot translate stays English between invisible marks,
let through here (``tests/language.py``) but caught by tests/dashboard/test_core_text.py. The Data page is also
read with files that have problems: a Moodle export, repeated IDs and rows, a file that cannot be read. Streamlit's own uploader button and size note are
drawn in English by Streamlit itself and are left out by their element (``helpers.PAGE_TEXT_JS``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pandas as pd
from playwright.sync_api import expect

import mtl_core
from dashboard import messages as M
from tests.e2e.helpers import (
    PAGE_TEXT_JS,
    choose,
    go,
    keyed,
    no_exception,
    open_tab,
    page_texts,
    settle,
    start_training,
    untranslated,
    upload,
    wait_grid,
    wait_trained,
)
from tests.language import untranslated as check_texts
from tests.language import without_core_text, words_of
from tests.synthetic import ROOT, SAMPLE_CSV

CORPUS = ROOT / "tests" / "corpus"
# The page's texts but the uploader's: once a file is uploaded, Streamlit draws its name cut short ("more_va...
# header.csv") and its size ("10.0B") there; the uploader's own label is checked by the test of every page.
BESIDE_THE_UPLOADER_JS = PAGE_TEXT_JS.replace("const skip = '", "const skip = '[data-testid=\"stFileUploader\"], ")

ZH = M.CATALOGUES["zh"]
RUN_NAME = "第一学期"


def query(page, name: str) -> str | None:
    return (parse_qs(urlparse(page.url).query).get(name) or [None])[0]


def test_every_page_speaks_chinese(page, server):
    sample = pd.read_csv(SAMPLE_CSV, dtype=str, keep_default_na=False)
    allowed = words_of([*sample.columns, *sample.to_numpy().ravel(), SAMPLE_CSV.name])
    page.goto(f"{server.url}/?lang=zh")
    expect(keyed(page, "data_preview")).to_be_visible(timeout=60_000)
    settle(page)
    allowed |= words_of([query(page, "space")])  # "class-7f3k2q": a name, shown on the Saved runs page
    seen = []

    def check(where: str) -> None:
        no_exception(page)
        assert query(page, "lang") == "zh", f"{where}: the language left the address ({page.url})"
        found = untranslated(page, allowed)
        assert not found, f"{where} shows English of ours: {found}"
        assert re.search(r"[\u4e00-\u9fff]", "".join(page_texts(page))), where
        seen.append(where)

    expect(page.get_by_role("heading", name=ZH.DATA["title"], level=1)).to_be_visible()
    expect(page.get_by_text(ZH.DATA["sample_loaded"])).to_be_visible()
    check("data")
    choose(page, "data_column", "final_exam")
    expect(keyed(page, "data_column_chart")).to_be_visible(timeout=60_000)
    settle(page)
    check("data, a column's chart")

    go(page, ZH.NAV["tasks"])
    expect(page.get_by_text("可以开始训练:300 名学生,5 个预测目标。")).to_be_visible()
    keyed(page, "tasks_advanced").locator("summary").click()
    settle(page)
    check("tasks, advanced settings open")

    go(page, ZH.NAV["train"])
    start_training(page)
    check("train, while training")
    wait_trained(page, finished="训练完成")
    check("train, finished")
    name = keyed(page, "train_save_name").locator("input")
    name.fill(RUN_NAME)
    name.press("Enter")
    settle(page)
    keyed(page, "train_save").locator("button").click()
    expect(page.get_by_text(f"已保存为 {RUN_NAME}。")).to_be_visible()
    check("train, saved")

    go(page, ZH.NAV["results"])
    for label in ZH.RESULTS["tabs"].values():
        open_tab(page, label)
        check(f"results, tab {label}")

    go(page, ZH.NAV["students"])
    expect(keyed(page, "students_whatif_table")).to_be_visible(timeout=120_000)
    settle(page)
    expect(page.get_by_text("显示 300 名学生中的 300 名。")).to_be_visible()
    check("students")

    go(page, ZH.NAV["runs"])
    wait_grid(page, "runs_table", lambda f: RUN_NAME in set(f["名称"]))
    keyed(page, "runs_model_card").locator("summary").click()
    settle(page)
    check("saved runs, model card open")

    go(page, ZH.NAV["card"])
    expect(page.get_by_role("heading", name=f"模型说明卡:{RUN_NAME}")).to_be_visible()
    check("model card")

    # Back to English in the sidebar: the page and the address follow at once.
    choose(page, "language_pick", "English")
    expect(page.get_by_role("heading", name="Model card", level=1)).to_be_visible()
    assert query(page, "lang") == "en"
    go(page, "Data")
    expect(page.get_by_role("heading", name="Class data", level=1)).to_be_visible()
    assert query(page, "lang") == "en"
    assert len(seen) == 14


def test_a_bookmark_keeps_the_language_and_a_wrong_one_falls_back(page, server):
    page.goto(f"{server.url}/runs?lang=zh")
    expect(page.get_by_role("heading", name=ZH.RUNS["title"], level=1)).to_be_visible(timeout=60_000)
    settle(page)
    assert query(page, "lang") == "zh" and query(page, "space")
    page.goto(f"{server.url}/?lang=fr")
    expect(page.get_by_role("heading", name="Class data", level=1)).to_be_visible(timeout=60_000)
    settle(page)
    assert query(page, "lang") == "en"  # an unknown language is replaced by the one in use


def test_the_data_page_of_files_with_problems_speaks_chinese(page, server):
    """The problems, fixes, reading notes and read errors of bad files, all written by the core, in Chinese: no
    sentence left in English, marked or not."""
    page.goto(f"{server.url}/?lang=zh")
    expect(keyed(page, "data_preview")).to_be_visible(timeout=60_000)
    settle(page)
    allowed = set()
    for name in ("moodle_grades.csv", "duplicate_ids.csv", "more_values_than_header.csv", "image_renamed.csv"):
        path = CORPUS / name
        frame = mtl_core.load_table(path).frame.astype(str) if name != "image_renamed.csv" else pd.DataFrame()
        header = path.read_bytes().split(b"\n")[0].decode("utf-8", "replace")  # names of columns the reader removed
        # the file's own words; names kept in Chinese (the encoding, the LMS, the image format, IDs such as S001)
        # (and the files before: a file that cannot be read leaves the previous one loaded)
        allowed |= words_of([*frame.columns, *frame.to_numpy().ravel(), header, name, "UTF BOM Real Moodle PNG S xlsx"])
        upload(page, "data_upload", path)
        if name == "image_renamed.csv":
            expect(page.get_by_text(ZH.DATA["load_failed"], exact=False)).to_be_visible(timeout=60_000)
        else:
            expect(page.get_by_text(name, exact=False).first).to_be_visible(timeout=60_000)
            expect(keyed(page, "data_problems")).to_be_visible(timeout=60_000)
        settle(page)
        no_exception(page)
        for _ in range(20):  # the previous file's elements may linger a moment after the run ends
            texts = page.evaluate(BESIDE_THE_UPLOADER_JS)
            marked = [t for t in texts if M.CORE_START in t]
            found = check_texts(texts, allowed)
            if not marked and not found:
                break
            page.wait_for_timeout(1_000)
        assert not marked, f"{name}: the core's English left untranslated: {marked}"
        assert not found, f"{name}: the Data page shows English: {found}"
        assert re.search(r"[\u4e00-\u9fff]", "".join(without_core_text(t) for t in texts)), name


def test_the_check_finds_english_of_ours_and_lets_marked_core_text_through(browser):
    """The check itself: a page with our English (a catalogue piece, a stray word) fails; the core's marked text,
    the teacher's data and Streamlit's uploader note pass."""
    from tests.e2e.conftest import new_page

    page = new_page(browser)
    try:
        core = M.CORE_START + "Column 'x' has the same ID in rows 3 and 7." + M.CORE_END
        page.set_content(f"""<div data-testid="stMain"><h1>班级数据</h1><p>{core}</p><p>Evelyn Johnson</p>
            <div data-testid="stFileUploaderDropzoneInstructions">50MB per file</div>
            <p>Upload your own class file to replace it.</p><p>预测 Overview</p></div>""")
        found = untranslated(page, allowed={"Evelyn", "Johnson"})
        assert "Upload your own class file to replace it" in found and "word: Overview" in found
        assert not {"word: Column", "word: ID", "word: per", "word: Evelyn"} & set(found)
        page.set_content(f'<div data-testid="stMain"><h1>班级数据</h1><p>{core}</p></div>')
        assert untranslated(page, allowed=set()) == []
    finally:
        page.context.close()
