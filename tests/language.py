"""What "nothing of ours left in English" means on a Chinese page, for the browser and the page tests alike.

A text shown in Chinese mode fails when it holds a piece of our English catalogue (:func:`english_fragments`),
or an English word that is neither the teacher's data (the words of their column names, values and names,
passed as ``allowed``) nor a name that stays as it is in Chinese (:data:`KEPT`). The core's text is translated by
``dashboard.messages.core_text``; a sentence it has no template for stays English between invisible marks, let
through here (:func:`without_core_text`) and caught by tests/dashboard/test_core_text.py.
"""

from __future__ import annotations

import re
import string

# Names kept as they are in Chinese text: the product, file formats, units, AUC, a path in our own text
# (docs/benchmarks.md), the k of "k 折"; "true"/"false": a data grid's hidden text copy of a tick box; the name
# of a text encoding ("UTF-8 编码(带 BOM)", how the core says a file was read).
KEPT = {"EduMTL", "CSV", "Excel", "Parquet", "Markdown", "MB", "AUC", "SHA", "docs", "benchmarks", "md", "k",
        "true", "false", "UTF", "BOM"}
# Names of methods and metrics, kept beside their Chinese description ("单个网络内的集成(TabM)"): the names their
# papers and libraries give them.
KEPT |= {"TabM", "mini", "MMoE", "CGC", "PLE", "GradNorm", "LSTM", "GRU", "DKT", "AKT", "ROC", "ECE", "Brier", "F",
         "HistGradientBoosting", "LightGBM", "scikit", "learn",
         "PFA", "BKT", "RMSE", "Piech", "Ghosh"}  # and knowledge-tracing methods and their authors
CHECKSUM = re.compile(r"\b[0-9a-f]{16,}\b")  # a data fingerprint (SHA-256) is a number, not words


def without_core_text(text: str) -> str:
    """``text`` with the core's marked text taken out."""
    from dashboard import messages as M

    return re.sub(re.escape(M.CORE_START) + ".*?" + re.escape(M.CORE_END), " ", str(text), flags=re.S)


def words_of(values) -> set[str]:
    """The Latin-letter words in ``values`` (names of columns and students, categories, outcome names)."""
    found = set()
    for value in values:
        found |= set(re.findall(r"[A-Za-z]+", str(value)))
    return found


def _leaves(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from _leaves(inner)
    else:
        yield value


def english_fragments() -> set[str]:
    """The pieces of our English catalogue a Chinese page must never show: each sentence of the literal text
    between the format fields of every template, Markdown taken out, when it holds at least two words."""
    from dashboard import messages as M

    fragments = set()
    for name in M.BLOCKS:
        for template in _leaves(getattr(M.CATALOGUES["en"], name)):
            for literal, *_ in string.Formatter().parse(template):
                for sentence in re.split(r"(?<=[.!?;:])\s+", literal.replace("**", "")):
                    piece = sentence.strip(" .,;:()'")
                    if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2 and len(piece) >= 8:
                        fragments.add(piece)
    return fragments


def untranslated(texts, allowed: set[str]) -> list[str]:
    """What ``texts`` (shown in Chinese mode) hold in English that is ours; empty when they speak Chinese."""
    texts = [CHECKSUM.sub(" ", without_core_text(t)) for t in texts]
    joined = "\n".join(texts)
    found = sorted(f for f in english_fragments() if f in joined)
    return found + sorted(f"word: {w}" for w in words_of(texts) - allowed - KEPT)
