"""A what-if on the sample class shows each change with the range of the ensemble's networks, and says
"uncertain" exactly where that range crosses zero."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from dashboard import messages as M
from tests.e2e.helpers import (
    choose,
    choose_outcomes,
    go,
    keyed,
    no_exception,
    open_app,
    options,
    settle,
    train,
)

CHOSEN = ("final_exam", "passed")  # two outcomes: a short training
UNTICKED = ("dropped_out", "math_score", "reading_score")  # ticked by default (the first five targets)
SPREAD = re.compile(r"change about ([+-]?[\d.]+)(?: pp)? \(from ([+-]?[\d.]+) to ([+-]?[\d.]+)\)")
STUDENTS_TRIED = 6  # students whose extra support is switched until one change is uncertain


def _cards(page) -> list[str]:
    """The captions under the what-if cards, in order (ranges and "uncertain" lines)."""
    table = keyed(page, "students_whatif_table")
    return [t.strip() for t in table.locator('[data-testid="stCaptionContainer"]').all_inner_texts()]


def _check(captions: list[str]) -> tuple[int, int]:
    """Every range is followed by "uncertain" exactly when it crosses zero; returns (ranges, uncertain ones)."""
    uncertain_line = M.STUDENTS["whatif_uncertain"]
    ranges = doubts = 0
    for i, caption in enumerate(captions):
        found = SPREAD.fullmatch(caption)
        if not found:
            continue
        ranges += 1
        low, high = float(found.group(2)), float(found.group(3))
        said = i + 1 < len(captions) and captions[i + 1] == uncertain_line
        assert said == (low < 0 < high), (caption, captions)
        doubts += said
    assert captions.count(uncertain_line) == doubts, captions  # never an "uncertain" without its range
    return ranges, doubts


def test_what_if_shows_the_range_and_says_uncertain_where_it_crosses_zero(page, server):
    open_app(page, server.url)
    choose_outcomes(page, UNTICKED, CHOSEN)
    go(page, "Train")
    train(page)
    go(page, "Students")
    expect(keyed(page, "students_table")).to_be_visible(timeout=120_000)
    settle(page)
    names = options(page, "students_pick")
    seen_ranges = seen_doubts = 0
    for name in names[:STUDENTS_TRIED]:
        choose(page, "students_pick", name)
        expect(page.get_by_role("heading", name=name)).to_be_visible()
        for value in ("yes", "no"):  # one of them is the student's own (no change), the other a change
            choose(page, "whatif_extra_support", value)
            ranges, doubts = _check(_cards(page))
            seen_ranges, seen_doubts = seen_ranges + ranges, seen_doubts + doubts
        no_exception(page)
        if seen_doubts and seen_ranges > seen_doubts:
            break
    assert seen_ranges >= 1  # a range was shown
    assert seen_doubts >= 1, "no change on these students was uncertain"
    expect(page.get_by_text("Uncertain means that range crosses zero").first).to_be_visible()
