"""Translating what mtl_core says: its English sentences matched against a catalogue of templates.

The core speaks English and stays so (the command line, saved model cards, logs). A language's catalogue
(``core_zh.py``: ``CORE``) maps each sentence the core writes, as a template with ``{fields}`` copied from the
core's f-strings, to the same sentence in that language::

    "Task '{task}' has only {n} labelled students, so its numbers will be unreliable."
        -> "预测目标“{task}”只有 {n} 名学生有结果,数字不可靠。"

:class:`CoreCatalogue` compiles every template once into a regular expression with one named group per field
and translates a text in this order:

1. a text without fields: one dict lookup;
2. the whole text against the templates, the most specific first (most literal characters), so
   ``"{n} answer(s) have no student."`` wins over a looser template that would also match;
3. else sentence by sentence (the core glues several sentences into one error message): the longest run of
   whole sentences that matches a template, then the next. A sentence that matches nothing is kept in
   English between :data:`dashboard.messages.CORE_START` / ``CORE_END`` (the "not yet translated" marks).

A field's value is kept as it is (column names, rows, numbers, file names) unless the field holds words of
the core: a field named in the catalogue's ``FIELD_WORDS`` (``role``, ``kind``...) is translated with
:func:`dashboard.messages.word`, and a field named in :data:`PHRASES` (``subject``, ``what``, ``encoding``...)
by the catalogue itself ("The uploaded table", "UTF-8 encoding", "an input"; a list of such phrases item by
item); a template whose phrase field holds something else does not fit the text. Field names also say what a value may hold: one sentence at most (most), one word or number
(:data:`TOKENS`: ``{n}``, ``{codec}``), or whole sentences (``{problem}``, ``{fix}``); a field between quotes
(``'{value}'``) holds anything up to its closing quote. A digit at the end of a
name (``{what1}``) gives a second field of the same sort. Results are cached per text: a page that shows the same
problem hundreds of times matches it once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

FIELD = re.compile(r"\{(\w+)\}")
SENTENCE_END = re.compile(r"(?<=[.!?:;])[ \t]+|\n+")  # where the core's messages may be cut into sentences
WHOLE_SENTENCES = {"problem", "fix", "suggestion"}  # fields that hold sentences of their own
ONE_SENTENCE = r"(?:(?![.!?]\s|\n).)+?"  # any other field's value: within one sentence
TOKENS = {"n", "m", "count", "line", "seen", "width", "codec", "min", "max", "k", "size", "limit", "per", "inputs",
          "huge", "last", "share", "mastery", "average", "rate", "right", "mastered", "needed", "free", "saved",
          "current", "system", "at"}  # fields that hold one word or number: "{codec} encoding" is not "CSV, ..."
TOKEN = r"[^\s,;]+?"
LATIN = re.compile(r"[A-Za-z]")
PHRASES = {"subject", "what", "detail", "which", "delimiter", "encoding", "bound", "help", "holder", "example",
           "outcome", "problem", "fix", "suggestion"}  # fields that hold the core's own words: translated too;
# every other field (a column, a task, a file, a value, rows, numbers) holds the teacher's data: kept as it is


class CoreCatalogue:
    """The core's templates of one language, compiled once.

    Args:
        entries: English template -> translated template, with the same ``{fields}``.
        word: ``(field name, value) -> translated value or None``: words of the core in fields (roles, kinds).
    """

    def __init__(self, entries: Mapping[str, str], word: Callable[[str, str], str | None] | None = None):
        self.exact: dict[str, str] = {}
        patterns = []
        for english, translated in entries.items():
            names = FIELD.findall(english)
            if set(FIELD.findall(translated)) != set(names):
                raise ValueError(f"The fields of {translated!r} differ from those of {english!r}.")
            if not names:
                self.exact[english] = translated
                continue
            literal = len(FIELD.sub("", english))
            patterns.append((-literal, len(patterns), _compile(english), translated))
        patterns.sort(key=lambda p: (p[0], p[1]))
        self.patterns = [(pattern, translated) for _, _, pattern, translated in patterns]
        self.word = word or (lambda name, value: None)
        self.translate = lru_cache(maxsize=8192)(self._translate)
        self.whole = lru_cache(maxsize=8192)(self._whole)

    def _whole(self, text: str) -> str | None:
        """``text`` translated as one template, or None when no template matches all of it."""
        found = self.exact.get(text)
        if found is not None:
            return found
        stripped = text.strip()
        if stripped != text:
            inner = self.whole(stripped) if stripped else None
            return None if inner is None else text[:len(text) - len(text.lstrip())] + inner
        for pattern, translated in self.patterns:
            match = pattern.fullmatch(text)
            if match is not None:
                values = {name: self._field(name, value) for name, value in match.groupdict().items()}
                if None not in values.values():
                    return FIELD.sub(lambda m: values[m.group(1)], translated)
        return None

    def _field(self, name: str, value: str) -> str | None:
        """A field's value as shown: kept, or translated (a word, a phrase); None when a phrase field holds
        something the catalogue does not know (then the template does not fit the text)."""
        base = name.rstrip("0123456789")
        word = self.word(base, value)
        if word is not None:
            return word
        if base not in PHRASES:
            return value
        translated = None
        if ", " in value:  # a list the core joined: "'S02' 2 times, 'S10' 2 times"
            items = [self.whole(item) for item in value.split(", ")]
            translated = None if None in items else ",".join(items)
        if translated is None:
            translated = self.translate(value, None) if value else None
        return translated

    def _translate(self, text: str, mark: tuple[str, str] | None = ("", "")) -> str | None:
        """``text`` translated whole or sentence by sentence. A sentence no template matches is put between
        ``mark`` (start, end); with ``mark`` None, a text not wholly translated gives None."""
        if not LATIN.search(text):  # nothing in English (a number, or Chinese the core was given)
            return text
        whole = self.whole(text)
        if whole is not None:
            return whole
        pieces, start = [], 0  # (start, end) of every sentence, and the gaps between them
        for cut in SENTENCE_END.finditer(text):
            pieces.append((start, cut.start(), cut.group()))
            start = cut.end()
        pieces.append((start, len(text), ""))
        if len(pieces) == 1:
            return None if mark is None else f"{mark[0]}{text}{mark[1]}"
        out, i = [], 0
        while i < len(pieces):
            for j in range(len(pieces) - 1, i - 1, -1):
                found = self.whole(text[pieces[i][0]:pieces[j][1]]) if (i, j) != (0, len(pieces) - 1) else None
                if found is not None:
                    out.append(found)
                    break
            else:
                if mark is None:
                    return None
                j = i
                out.append(f"{mark[0]}{text[pieces[i][0]:pieces[i][1]]}{mark[1]}")
            gap = pieces[j][2]
            out.append("\n" if "\n" in gap else "")
            i = j + 1
        return "".join(out)


def _compile(template: str) -> re.Pattern:
    parts, seen, position = [], set(), 0
    for field in FIELD.finditer(template):
        parts.append(re.escape(template[position:field.start()]))
        name = field.group(1)
        base = name.rstrip("0123456789")
        quoted = template[:field.start()].endswith("'") and template[field.end():].startswith("'")
        value = ".+?" if base in WHOLE_SENTENCES or quoted else TOKEN if base in TOKENS else ONE_SENTENCE
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{value})")
        seen.add(name)
        position = field.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.S)
