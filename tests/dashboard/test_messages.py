"""The catalogues: the same keys and format fields in every language, Markdown kept, plurals and the core seam."""

from __future__ import annotations

import re
import string

import pytest

from dashboard import messages as M
from dashboard import text

LANGUAGES = sorted(M.CATALOGUES)
PLURAL_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}


def leaves(value, path=()):
    """(path, template) of every text in a block; plural entries and dicts of templates are walked into."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from leaves(inner, (*path, key))
    else:
        yield path, value


def is_plural(entry) -> bool:
    return isinstance(entry, dict) and bool(entry) and set(entry) <= PLURAL_CATEGORIES


def fields(template: str) -> set[tuple]:
    """The ``str.format`` fields of a template with their conversion and format spec."""
    return {(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(template)
            if name is not None}


def block(lang: str, name: str) -> dict:
    return getattr(M.CATALOGUES[lang], name)


def structure(value):
    """A block's keys, with plural entries reduced to "plural" (their categories differ between languages)."""
    if is_plural(value):
        return "plural"
    if isinstance(value, dict):
        return {key: structure(inner) for key, inner in value.items()}
    return "text"


def test_every_block_exists_in_every_language_and_nothing_else():
    for lang in LANGUAGES:
        names = {n for n in vars(M.CATALOGUES[lang]) if n.isupper()}
        assert names == set(M.BLOCKS), lang


@pytest.mark.parametrize("name", M.BLOCKS)
def test_the_same_keys_in_every_language(name):
    english = structure(block("en", name))
    for lang in LANGUAGES:
        assert structure(block(lang, name)) == english, f"{name} differs between en and {lang}"


@pytest.mark.parametrize("name", M.BLOCKS)
def test_the_same_format_fields_in_every_language(name):
    english = dict(leaves(block("en", name)))
    for lang in LANGUAGES:
        for path, template in leaves(block(lang, name)):
            assert isinstance(template, str), (lang, name, path)
            reference = english.get(path) or english.get((*path[:-1], "other"))
            assert reference is not None, (lang, name, path)
            assert fields(template) == fields(reference), (lang, name, path, template)


def test_plural_entries_use_the_language_s_categories():
    from babel import Locale

    for lang in LANGUAGES:
        categories = set(Locale.parse(M.LOCALES[lang]).plural_form.tags) | {"other"}
        for name in M.BLOCKS:
            for path, entry in _plural_entries(block(lang, name)):
                assert "other" in entry and set(entry) <= categories, (lang, name, path, sorted(entry))
                assert all("{n}" in t for t in entry.values()), (lang, name, path)
    assert text.plural_category(1, "en") == "one" and text.plural_category(2, "en") == "other"
    assert text.plural_category(1, "zh") == "other"


def _plural_entries(value, path=()):
    if is_plural(value):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _plural_entries(inner, (*path, key))


@pytest.mark.parametrize("name", M.BLOCKS)
def test_a_translation_keeps_the_markdown_of_the_english(name):
    """No bold where English has none: those templates are escaped as plain text, or are chart labels."""
    english = dict(leaves(block("en", name)))
    for lang in LANGUAGES:
        for path, template in leaves(block(lang, name)):
            reference = english.get(path) or english.get((*path[:-1], "other"))
            assert template.count("**") == reference.count("**"), (lang, name, path)


@pytest.mark.parametrize("name", M.BLOCKS)
def test_chinese_text_is_chinese(name):
    """No English word in a Chinese template (nothing left untranslated), except names that stay as they are in
    Chinese: the product, file formats, AUC, a file path, the k of "k 折"."""
    kept = {"EduMTL", "CSV", "Excel", "Parquet", "MB", "AUC", "SHA", "Markdown", "docs", "benchmarks", "md", "k",
            "LSTM", "GRU", "PFA", "BKT", "RMSE", "Piech", "Ghosh"}  # knowledge-tracing methods, their authors
    for path, template in leaves(block("zh", name)):
        without_fields = re.sub(r"\{[^}]*\}", "", template)
        latin = set(re.findall(r"[A-Za-z]+", without_fields)) - kept
        assert not latin, (name, path, template, latin)


def test_the_language_follows_using_and_defaults_to_english():
    assert M.language() == "en" and M.DATA["title"] == "Class data"
    with M.using("zh"):
        assert M.language() == "zh" and M.DATA["title"] == "班级数据"
        assert text.count("epochs", 1) == "1 轮"
    assert M.DATA["title"] == "Class data"
    with pytest.raises(KeyError, match="Unknown language 'fr'"):
        with M.using("fr"):
            pass


def test_a_block_reads_like_a_dict_in_the_current_language():
    assert set(M.NAV) == set(M.CATALOGUES["en"].NAV) and len(M.NAV) == len(M.CATALOGUES["en"].NAV)
    assert M.RESULTS.get("missing key", "x") == "x" and "title" in M.RESULTS
    with M.using("zh"):
        assert dict(M.COMMON["risk"]) == {"high": "高", "medium": "中", "low": "低"}
        assert M.STUDENTS.now() is M.CATALOGUES["zh"].STUDENTS


def test_core_text_is_translated_or_marked_only_outside_english():
    assert M.core_text("Column 'x' is empty.") == "Column 'x' is empty."
    with M.using("zh"):
        assert M.core_text("Nothing to do.") == "无需处理。"  # the rules: tests/dashboard/test_core_text.py
        marked = M.core_text("Column 'x' sings a song.")  # no template: English, marked
        assert marked == f"{M.CORE_START}Column 'x' sings a song.{M.CORE_END}"
        assert M.core_text(None) == "" and M.core_text("") == ""
    assert M.word("role", "target") == "target"
    with M.using("zh"):
        assert M.word("role", "target") == "预测目标" and M.word("role", "unknown code") == "unknown code"


def test_plurals_and_numbers_in_both_languages():
    assert text.count("epochs", 1) == "1 epoch" and text.count("epochs", 2) == "2 epochs"
    assert text.count("students", 30000) == "30,000 students"
    assert text.plural(M.DATA["problems_errors"], 1) == "1 problem must be fixed before training."
    assert text.plural(M.STUDENTS["shown"], 1, shown="1") == "1 of 1 student shown."
    with M.using("zh"):
        assert text.count("students", 30000) == "30,000 名学生"
        assert text.plural(M.DATA["problems_errors"], 1) == "有 1 个问题必须在训练前解决。"


def test_dates_are_local_and_never_iso():
    stamp = "2026-11-29T08:54:12+00:00"
    shanghai = text.timezone_named("Asia/Shanghai")
    assert text.date_time(stamp, shanghai) == "Nov 29, 2026, 4:54\u202fPM"
    with M.using("zh"):
        assert text.date_time(stamp, shanghai) == "2026年11月29日 16:54"
        assert text.date_time(stamp, text.timezone_named("Europe/Lisbon")) == "2026年11月29日 08:54"
    assert text.date_time("not a date") == "" and text.date_time(None) == ""
    assert text.timezone_named("Not/AZone") is None and text.timezone_named(None) is None
