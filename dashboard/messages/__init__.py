"""Every sentence the dashboard shows, in English (``en.py``) and Simplified Chinese (``zh.py``).

Pages read a block and a key, ``M.DATA["title"]``, and get the text in the session's language: each block
here (``DATA``, ``TASKS``...) is a :class:`Block` that looks the key up in the catalogue of
:func:`language` at the moment it is read. A module may keep a block in a constant (``R = M.RESULTS``); the
language is still that of the session drawing the page. A translation touches only the catalogue files;
``tests/dashboard/test_messages.py`` checks that both have the same keys and the same format fields.

The language: the session key :data:`SESSION_KEY`, set by the sidebar's picker and by ``?lang=zh`` /
``?lang=en`` in the address (``dashboard.state.language`` keeps the two in step); :func:`using` sets it for
code that runs outside a page (tests, exports). Outside both, English.

Templates use ``str.format`` fields and are shown in one of two ways:

* Most are our own Markdown, shown as they are or filled in with :func:`dashboard.text.md_format`
  (which escapes every value from a teacher's file); these may use ``**bold**``.
* Templates filled in as plain text and then escaped whole with :func:`dashboard.text.md` must NOT use
  Markdown (it would be shown as typed): ``VERDICT``; the comparison sentences (``RESULTS["best_*"]``,
  ``["within_noise"]``, ``["multi_within_noise"]``, ``["multi_not_better"]``) and ``RESULTS["fairness_flag"]``;
  the ``STUDENTS`` texts built in :mod:`dashboard.student_view` (``risk_line``, ``risk_what_*``, ``effect*``,
  ``change``, ``chance_*``, ``label_*``, ``whatif_likely``); ``TASK_ERRORS``; every notice queued with
  ``ui.notify`` (``RUNS["loaded"]``, ``TRAIN["saved"]``...). Nor may texts for charts, table headers and file
  names (``CHARTS``, ``col_*``, ``*_file``), ``VALUES``, ``COUNTS`` and ``TASKS["rule_*"]``.
* A translation keeps the Markdown of the English text: no ``**`` where English has none (a test checks).

Plural entries (``COUNTS``, ``DATA["problems_errors"]``...) are dicts keyed by the language's CLDR plural
categories (English ``one``/``other``, Chinese ``other`` only), filled with :func:`dashboard.text.plural`.

Text from mtl_core (problem messages, core errors, metric and method labels, role explanations, action
wordings) is English; the dashboard shows it through :func:`core_text`, which translates it with the
language's catalogue of the core's sentences (``core_zh.py``: English templates with ``{fields}`` -> Chinese,
matched by ``core.py``). A sentence no template matches stays English between the invisible marks
:data:`CORE_START` and :data:`CORE_END`, so the page tests can tell the core's untranslated English (marked,
and caught by ``tests/dashboard/test_core_text.py``) from an untranslated dashboard string.
"""

from __future__ import annotations

import contextvars
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from . import en, zh

CATALOGUES = {"en": en, "zh": zh}
LANGUAGES = {"en": "English", "zh": "中文"}  # each in its own language: the picker shows them so
LOCALES = {"en": "en", "zh": "zh_Hans_CN"}  # the CLDR locale of each, for numbers, dates and plurals
DEFAULT = "en"
SESSION_KEY = "language"  # st.session_state key of the session's language
URL_PARAM = "lang"  # ?lang=zh in the address
CORE_START, CORE_END = "\u2063", "\u2064"  # INVISIBLE SEPARATOR / INVISIBLE PLUS: default-ignorable, not drawn
_forced: contextvars.ContextVar[str | None] = contextvars.ContextVar("edumtl_language", default=None)


def language() -> str:
    """The language text comes out in: :func:`using`'s, else the page session's, else :data:`DEFAULT`."""
    forced = _forced.get()
    if forced:
        return forced
    if "streamlit" not in sys.modules:  # no page is being drawn
        return DEFAULT
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return DEFAULT
    value = ctx.session_state[SESSION_KEY] if SESSION_KEY in ctx.session_state else DEFAULT
    return value if value in CATALOGUES else DEFAULT


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Text in ``lang`` inside the ``with`` block, whatever the session's language (tests, exports)."""
    if lang not in CATALOGUES:
        raise KeyError(f"Unknown language '{lang}'. Available: {', '.join(CATALOGUES)}.")
    token = _forced.set(lang)
    try:
        yield
    finally:
        _forced.reset(token)


def is_chinese() -> bool:
    return language() == "zh"


class Block(Mapping):
    """One block of the catalogues (``DATA``, ``TASKS``...): a read-only mapping in the current language."""

    def __init__(self, name: str):
        self.name = name

    def now(self) -> dict:
        """The block as a plain dict in the current language (for loops that read it many times)."""
        return getattr(CATALOGUES[language()], self.name)

    def __getitem__(self, key: str):
        return self.now()[key]

    def __iter__(self):
        return iter(self.now())

    def __len__(self) -> int:
        return len(self.now())

    def __repr__(self) -> str:
        return f"<messages {self.name} ({language()})>"


BLOCKS = ("APP", "NAV", "COMMON", "VALUES", "COUNTS", "DATA", "TASKS", "TRAIN", "RESULTS", "VERDICT", "STUDENTS",
          "RUNS", "CARD", "CHARTS", "TASK_ERRORS", "JOBS", "LOGIN", "ROSTER", "LOG")
APP, NAV, COMMON, VALUES, COUNTS, DATA, TASKS, TRAIN, RESULTS, VERDICT, STUDENTS, RUNS, CARD, CHARTS, TASK_ERRORS = (
    Block(name) for name in BLOCKS[:15])
LOG = Block("LOG")  # the answer-log version of every page (dashboard/log_*.py)
JOBS, LOGIN, ROSTER = Block("JOBS"), Block("LOGIN"), Block("ROSTER")  # work kept per space (jobs.py), the sign-in
# page (auth.py), the Students page of a large class (student_view.py)


def core_text(text) -> str:
    """Text that comes from mtl_core, in the session's language: translated with the language's catalogue of the
    core's sentences (``core_zh.py``, matched by :class:`dashboard.messages.core.CoreCatalogue`).

    English is returned as it is. In another language, each sentence no template matches is kept in English
    between :data:`CORE_START` and :data:`CORE_END` (invisible marks that say "core text, not yet translated",
    which the Chinese page tests look for). Escape the result like any other text (:func:`dashboard.text.md`)
    where Markdown is drawn.
    """
    text = "" if text is None else str(text)
    lang = language()
    if not text or lang == "en":
        return text
    catalogue = _core_catalogue(lang)
    if catalogue is None:
        return f"{CORE_START}{text}{CORE_END}"
    return catalogue.translate(text, (CORE_START, CORE_END))


_CORE_CATALOGUES: dict = {}


def _core_catalogue(lang: str):
    """The compiled catalogue of the core's sentences in ``lang`` (None when the language has none), built once."""
    if lang not in _CORE_CATALOGUES:
        import importlib

        from .core import CoreCatalogue

        try:
            module = importlib.import_module(f"{__name__}.core_{lang}")
        except ModuleNotFoundError:
            _CORE_CATALOGUES[lang] = None
        else:
            values = getattr(CATALOGUES[lang], "VALUES")
            groups = getattr(module, "FIELD_WORDS", {})

            def word(field: str, value: str, values=values, groups=groups):
                group = groups.get(field)
                return values.get(group, {}).get(value) if group else None

            _CORE_CATALOGUES[lang] = CoreCatalogue(module.CORE, word)
    return _CORE_CATALOGUES[lang]


def word(group: str, value) -> str:
    """The word for one of the core's codes (a role, a kind, a severity...): ``VALUES[group][value]``; the code
    itself when the catalogue has no word for it."""
    return VALUES[group].get(str(value), str(value))
