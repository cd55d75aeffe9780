"""The core's English in Simplified Chinese: every sentence mtl_core shows a teacher has a translation.

The core is run over what goes wrong in practice (the nasty files of tests/corpus, the LMS samples, bad answer
logs, bad settings, damaged saved runs) and every problem, fix, note, reason and error message it writes is
passed through ``messages.core_text`` in Chinese: none may keep the "not yet translated" marks or an English word
that is not the teacher's own data (the rule of tests/language.py). A sentence added to the core without an
entry in ``dashboard/messages/core_zh.py`` fails here. The matching rules are tested one by one below.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mtl_core
from dashboard import messages as M
from dashboard.messages import core_zh
from dashboard.messages.core import FIELD, CoreCatalogue
from tests.language import KEPT, words_of

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FILES = sorted(p for p in [*CORPUS.glob("*.*"), *(CORPUS / "fuzz").glob("*.*")] if p.suffix not in (".py", ".md"))
# Names that stay as they are in a Chinese sentence: encodings, programs, systems, file kinds, settings and
# functions a message names for the command line.
TECHNICAL = {"UTF", "BOM", "GB", "GBK", "Unicode", "Windows", "Latin", "KOI", "R", "LibreOffice", "xlsx", "xls",
             "csv", "zip", "PNG", "JPEG", "GIF", "PDF", "Moodle", "Canvas", "Real", "EX", "Points", "Possible",
             "Test", "Student", "inf", "ID", "RMSE", "ROC", "F", "ECE", "Brier", "TabM", "mini", "MMoE", "CGC",
             "PLE", "GradNorm", "LSTM", "GRU", "DKT", "AKT", "HistGradientBoosting", "LightGBM", "scikit", "learn",
             "TrainConfig", "LogConfig", "KFold", "Holdout", "Preprocessor", "Keras", "load_table", "read",
             "make_task", "frame", "column", "fit", "COLUMN", "pass", "mark", "hidden_units", "early_stopping",
             "per_task", "joint", "use_items", "True", "False", "model", "test_size", "scaling", "json", "run",
             "keras", "checksums", "npy", "row_weights", "row_keys", "n_students", "copies", "load_log_run",
             "increase", "decrease", "set", "ignore", "pass_mark", "skill_separator", "P", "e", "g", "S", "txt",
             "tsv", "xlsm", "parquet", "pq"}
SETTINGS = words_of(f.name for cls in (mtl_core.TrainConfig, mtl_core.LogConfig) for f in dataclasses.fields(cls))


def zh(text) -> str:
    with M.using("zh"):
        return M.core_text(text)


def untranslated(text, allowed=frozenset()) -> list[str]:
    """What ``text`` keeps in English once in Chinese: the marks of an untranslated sentence, or English words
    that are neither the data's (``allowed``) nor names kept in Chinese."""
    shown = zh(text)
    if M.CORE_START in shown:
        return [f"untranslated: {text!r}"]
    data = {w.lower() for w in allowed}  # the core quotes names lower-cased too ("'grade' in its name")
    words = {w for w in words_of([without_code(shown)]) - KEPT - TECHNICAL if w.lower() not in data}
    return [f"{sorted(words)} in {shown!r} (from {text!r})"] if words else []


def without_code(text: str) -> str:
    """``text`` without the names of code it gives for the command line (``make_task(frame, column)``,
    ``load_log_run``, ``early_stopping``): identifiers, not English."""
    return re.sub(r"\w+\([^)]*\)|\b\w*_\w*\b", " ", text)


def texts_of(table: pd.DataFrame) -> list[str]:
    return [t for column in ("problem", "fix") for t in table[column].astype(str) if t]


def data_words(frame: pd.DataFrame, *names) -> set[str]:
    return words_of([*map(str, frame.columns), *frame.astype(str).to_numpy().ravel(), *names])


def core_texts_of_file(path: Path) -> tuple[list[str], set[str]]:
    """Everything the core says about one file, as the Data page shows it: the read error, or how it was read,
    the reader's notes, why each column got its role, and the problems of training its outcomes."""
    try:
        loaded = mtl_core.load_table(path)
    except mtl_core.DataReadError as error:
        return [str(error)], words_of([path.name, path.suffix])
    frame = loaded.frame
    texts = [mtl_core.describe_format(loaded), *texts_of(loaded.notes)]
    schema = mtl_core.infer_schema(frame)
    texts += [column.reason for column in schema.columns]
    tasks = []
    for column in schema.columns:
        if column.role is mtl_core.Role.TARGET:
            try:
                tasks.append(mtl_core.make_task(frame, column.name))
            except mtl_core.ConfigError as error:
                texts.append(str(error))
    texts += texts_of(mtl_core.check(frame, schema, tasks))
    allowed = data_words(frame, path.name, loaded.sheet or "", *loaded.sheet_names) | data_words(loaded.notes)
    return texts, allowed


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_what_the_core_says_about_every_corpus_file_is_in_chinese(path):
    texts, allowed = core_texts_of_file(path)
    assert texts
    found = [f for t in texts for f in untranslated(t, allowed)]
    assert not found, "\n".join(found)


def _bad_class() -> pd.DataFrame:
    """A class with one of each problem the check finds: repeated IDs and rows, text and inf among numbers, an
    empty, a constant and an all-different column, a mostly empty one, a leaking input, rare classes."""
    rng = np.random.default_rng(0)
    n = 40
    score = rng.uniform(0, 100, n).round(1)
    frame = pd.DataFrame({
        "student_id": [f"S{i:02d}" for i in range(n)],
        "hours": rng.uniform(0, 10, n).round(1).astype(object),
        "empty": [None] * n,
        "same": ["x"] * n,
        "comment": [f"note {i}" for i in range(n)],
        "sparse": [1.0] * 4 + [None] * (n - 4),
        "copy_of_score": score + 0.01,
        "score": score,
        "grade": ["A"] * 20 + ["B"] * 19 + ["C"],
    })
    frame.loc[3, "student_id"] = frame.loc[2, "student_id"]
    frame.loc[5, "student_id"] = None
    frame.loc[7, "hours"] = "lots"
    frame.loc[8, "hours"] = float("inf")
    frame.loc[9, "hours"] = 1e15
    return pd.concat([frame, frame.iloc[[10]]], ignore_index=True)


def test_every_problem_of_a_bad_class_is_in_chinese():
    frame = _bad_class()
    schema = mtl_core.infer_schema(frame).with_roles({"comment": "input", "empty": "input", "same": "input",
                                                       "sparse": "input", "copy_of_score": "input"})
    tasks = [mtl_core.make_task(frame, "score"), mtl_core.make_task(frame, "grade"),
             mtl_core.make_task(frame, "score", name="passed", derive=mtl_core.Threshold(200, "no", "yes"))]
    found = mtl_core.check(frame, schema, tasks)
    assert len(found) >= 10, found
    allowed = data_words(frame, *[t.name for t in tasks], "no", "yes")
    problems = [f for t in texts_of(found) for f in untranslated(t, allowed)]
    assert not problems, "\n".join(problems)
    with pytest.raises(mtl_core.DataValidationError) as raised:
        mtl_core.validate(frame, schema, tasks)
    assert not untranslated(str(raised.value), allowed), zh(str(raised.value))  # the error's whole message


def _log(n_students=12, per=6, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [{"student": f"S{s}", "skill": f"skill{a % 3}", "attempt": a + 1, "correct": int(rng.integers(0, 2))}
            for s in range(n_students) for a in range(per)]
    return pd.DataFrame(rows)


def _bad_logs():
    base = _log()
    text_correct = base.assign(correct=base["correct"].astype(object))
    text_correct.loc[0, "correct"] = "maybe"
    scores = base.assign(correct=base["correct"] * 70 + 10)
    holes = base.astype(object).copy()
    holes.loc[0, "student"] = None
    holes.loc[1, "skill"] = None
    holes.loc[2, "correct"] = None
    holes.loc[3, "attempt"] = None
    holes.loc[4, "attempt"] = "soon"
    ties = base.assign(attempt=1)
    shuffled = base.iloc[::-1].reset_index(drop=True)
    once = pd.concat([base, pd.DataFrame([{"student": "S99", "skill": "rare_skill", "attempt": 1, "correct": 1}])])
    many_skills = base.assign(skill="a;b;c;d;e;f;g;h;i;j;k;l")
    one_row_each = base.drop_duplicates("student")
    all_right = base.assign(correct=1)
    tiny = _log(n_students=2, per=2)
    roles = mtl_core.LogRoles(student="student", skill="skill", correct="correct", order="attempt")
    return [(f, roles) for f in (text_correct, scores, holes, ties, shuffled, once, many_skills, one_row_each,
                                 all_right, tiny)] + [
        (base, dataclasses.replace(roles, skill=None)),
        (base, dataclasses.replace(roles, skill="topic")),
        (base, dataclasses.replace(roles, order="student")),
        (base.rename(columns={"attempt": "skill"}).set_axis(["student", "skill", "skill", "correct"], axis=1),
         roles),
    ]


def test_the_answer_log_checks_are_in_chinese():
    texts, allowed = [], {"rare_skill", "skill", "maybe", "soon", "topic", "attempt", "student", "correct"}
    for frame, roles in _bad_logs():
        found = mtl_core.check_log(frame, roles)
        texts += texts_of(found)
        allowed |= data_words(frame)
    texts += [why for _, why in mtl_core.infer_log_roles(_log()).reasons]
    assert len(set(texts)) >= 15, sorted(set(texts))
    problems = [f for t in set(texts) for f in untranslated(t, allowed)]
    assert not problems, "\n".join(problems)


BAD_SETTINGS = [
    lambda: mtl_core.TrainConfig(epochs=0),
    lambda: mtl_core.TrainConfig(learning_rate=-1.0),
    lambda: mtl_core.TrainConfig(dropout=0.95),
    lambda: mtl_core.TrainConfig(hidden_units=()),
    lambda: mtl_core.TrainConfig(early_stopping="sometimes"),
    lambda: mtl_core.TrainConfig(numeric_embedding="magic"),
    lambda: mtl_core.ARCHITECTURES.get("nope"),
    lambda: mtl_core.WEIGHTINGS.get("nope"),
    lambda: mtl_core.KFold(1),
    lambda: mtl_core.Holdout(0.9),
    lambda: mtl_core.Bands((3, 1), ("a", "b", "c")),
    lambda: mtl_core.Bands((1, 3), ("a", "b")),
    lambda: mtl_core.TaskSpec("", "score", mtl_core.TaskKind.REGRESSION),
    lambda: mtl_core.TaskSpec("score", "score", mtl_core.TaskKind.REGRESSION, weight=-1),
    lambda: mtl_core.LogRoles(pass_mark="forty"),
    lambda: mtl_core.LogConfig(use_items="yes"),
    lambda: mtl_core.check_run_name("a/b"),
]


@pytest.mark.parametrize("make", BAD_SETTINGS, ids=range(len(BAD_SETTINGS)))
def test_bad_settings_are_refused_in_chinese(make):
    with pytest.raises(mtl_core.EduMTLError) as raised:
        make()
    names = [n for registry in (mtl_core.ARCHITECTURES, mtl_core.WEIGHTINGS) for n in registry.names()]
    options = re.findall(r"'([a-z_]+)'", str(raised.value))  # a setting's own values: 'per_task', 'joint'
    allowed = SETTINGS | words_of([*names, *options]) | {"nope", "sometimes", "magic", "forty", "yes", "a", "b",
                                                          "c", "score"}
    assert not untranslated(str(raised.value), allowed), \
        (str(raised.value), zh(str(raised.value)))


def test_a_damaged_saved_run_is_refused_in_chinese(tiny_run, tmp_path):
    _, run = tiny_run
    saved = mtl_core.save_run(run, tmp_path / "term1")
    messages = []

    def refused(folder) -> None:
        with pytest.raises(mtl_core.RunLoadError) as raised:
            mtl_core.load_run(folder)
        messages.append(str(raised.value))

    refused(tmp_path / "missing")
    (tmp_path / "not_a_run").mkdir()
    refused(tmp_path / "not_a_run")
    with pytest.raises(mtl_core.EduMTLError) as raised:
        mtl_core.save_run(run, saved)
    messages.append(str(raised.value))

    def damaged(name: str, damage) -> None:
        copy = tmp_path / name
        shutil.copytree(saved, copy)
        damage(copy)
        refused(copy)

    damaged("edited", lambda c: (c / "run.json").write_text((c / "run.json").read_text().replace("1", "2", 1)))
    damaged("truncated", lambda c: (c / "history.parquet").unlink())
    checksums = json.loads((saved / "checksums.json").read_text())
    damaged("listed", lambda c: (c / "checksums.json").write_text(json.dumps({**checksums, "extra.bin": "0"})))
    damaged("unreadable", lambda c: (c / "checksums.json").write_text("not json"))
    assert len(set(messages)) == len(messages) == 7, messages
    detail = "Expecting value: line 1 column 1 (char 0)"  # the JSON reader's own detail, kept as it is
    assert detail in messages[-1]
    names = {"term", "missing", "not_a_run", "extra", "bin", "history", "edited", "truncated", "listed",
             "unreadable"} | words_of([detail, str(tmp_path)])
    problems = [f for m in messages for f in untranslated(m, names)]
    assert not problems, "\n".join(problems)


def test_the_labels_and_summaries_of_every_method_and_metric_are_in_chinese():
    from mtl_core.evaluation.references import REFERENCES

    texts = []
    for registry in (mtl_core.ARCHITECTURES, mtl_core.WEIGHTINGS, mtl_core.SEQUENCE_MODELS, REFERENCES):
        texts += [text for info in registry.infos() for text in (info.label, info.summary)]
    texts += [info.label for info in mtl_core.METRICS.values()]
    texts += [info if isinstance(info, str) else getattr(info, "label", str(info))
              for info in mtl_core.LOG_METRICS.values()]
    texts += list(mtl_core.ROLE_HELP.values()) + [a.wording for a in mtl_core.DEFAULT_ACTIONS]
    assert len(texts) > 40
    problems = [f for t in texts for f in untranslated(t)]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- the matching rules


def test_a_text_without_fields_is_looked_up_and_one_with_fields_keeps_their_values():
    assert zh("Nothing to do.") == "无需处理。"
    assert zh("Removed 3 empty row(s).") == "已删除 3 个空行。"
    shown = zh("Task 'Final Grade' has only 25 labelled students, so its numbers will be unreliable.")
    assert shown == "预测目标“Final Grade”只有 25 名学生有结果,它的各项数字不可靠。"
    assert zh("Every student has the same value ('Year 9. Group B'); it cannot help predictions.") == \
        "每名学生的值都一样(“Year 9. Group B”);它对预测没有帮助。"  # a field's value may hold ". " in quotes


def test_a_field_holding_a_core_phrase_or_word_is_translated():
    assert zh("The file 'class.csv' is empty.").startswith("文件“class.csv”是空的。")
    assert zh("The uploaded table has no columns.") == "上传的表格没有任何列。"
    assert zh("CSV, semicolon-separated, UTF-8 encoding, decimal comma") == "CSV,分号分隔,UTF-8 编码,小数点为逗号"
    assert zh("Infinite values (inf) in an input.") == "输入列中有无穷大的值(inf)。"
    assert zh("numeric values that can help predict") == "可以帮助预测的数值值"  # {vtype}: messages.word
    assert zh("Task 'pass' is a binary task but lists no classes, so its labels cannot be encoded.") == \
        "预测目标“pass”是二分类目标,但没有列出类别,无法编码它的标签。"


def test_several_sentences_are_translated_one_by_one_and_only_the_unknown_one_is_marked():
    text = ("The file 'x.csv' is empty. Export the class list again from your spreadsheet, with a header row and "
            "one row per student.")
    assert zh(text) == "文件“x.csv”是空的。请从电子表格软件中重新导出班级名单:带表头行,每名学生一行。"
    mixed = zh("Check the spelling. A sentence the catalogue does not know.")
    assert mixed == f"请检查拼写。{M.CORE_START}A sentence the catalogue does not know.{M.CORE_END}"
    assert zh("3 problem(s) must be fixed before training:\n- column 'x': Fill it in or mark it 'ignore'. Fix: "
              "Check the spelling.") == "有 3 个问题必须在训练前解决:\n- 列“x”:请填上数据,或把它标为“不使用”。 解决办法:请检查拼写。"


def test_an_unknown_text_falls_back_to_the_marked_english_and_english_is_unchanged():
    unknown = "Column 'x' sings a song."
    assert zh(unknown) == f"{M.CORE_START}{unknown}{M.CORE_END}"
    assert M.core_text("Nothing to do.") == "Nothing to do."
    assert zh(None) == "" and zh("") == ""


def test_the_most_specific_template_wins():
    catalogue = CoreCatalogue({"{n} answer(s) have no {thing}.": "泛:{n} {thing}", "{n} answer(s) have no skill.":
                               "专:{n}"})
    assert catalogue.translate("4 answer(s) have no skill.") == "专:4"
    assert catalogue.translate("4 answer(s) have no order.") == "泛:4 order"
    repeated = CoreCatalogue({"{a} is worse than {b}: prefer {b}": "{a} 差于 {b}"})
    assert repeated.translate("X is worse than Y: prefer Y") == "X 差于 Y"
    assert repeated.translate("X is worse than Y: prefer Z", mark=None) is None
    with pytest.raises(ValueError, match="fields"):
        CoreCatalogue({"{a} and {b}": "{a}"})


def test_the_catalogue_is_well_formed():
    for english, chinese in core_zh.CORE.items():
        assert set(FIELD.findall(english)) == set(FIELD.findall(chinese)), english
        assert not re.search(r"\{[^{}]*\W[^{}]*\}", english), f"a field that is an expression: {english}"
        literal = re.sub(r"“[A-Za-z_]+”", " ", FIELD.sub("", chinese))  # “name”, “copies”: a setting's own name
        latin = words_of([without_code(literal)]) - KEPT - TECHNICAL
        assert not latin, (english, chinese, latin)


def test_each_distinct_text_is_matched_once():
    """The Data page of a 200-column file asks for hundreds of texts, many the same: matched once, then cached."""
    texts = [f"Every student has the same value ('v{i}'); it cannot help predictions." for i in range(300)]
    with M.using("zh"):
        shown = [M.core_text(t) for t in texts * 3]
    assert all(M.CORE_START not in s for s in shown)
    cached = M._core_catalogue("zh").translate.cache_info()
    assert cached.hits >= 600, cached


def test_the_reason_an_earlier_score_is_an_input_is_in_chinese():
    schema = mtl_core.infer_schema(pd.DataFrame({"math1": [50, 60, 70] * 10, "math2": [55, 65, 75] * 10}))
    assert zh(schema["math1"].reason) == "与“math2”是同一项测量的较早一次(学生以前的成绩):用来预测它"
