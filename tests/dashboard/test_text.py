"""Text from a teacher's file is shown as typed: never Markdown in Streamlit, never HTML in Plotly."""

from __future__ import annotations

import pytest

from dashboard import messages as M
from dashboard.text import md, md_format, measure_value, number, percent, plot


@pytest.mark.parametrize("raw", ["**Bob**", "_x_", "[link](http://evil)", "# Title", "<b>x</b>", "`code`",
                                 "$x^2$", ":red[alarm]", "a|b", "- item", "1. item", "\\*", "王磊", "~~gone~~"])
def test_md_escapes_every_markdown_character(raw):
    escaped = md(raw)
    unescaped = escaped.replace("\\\\", "\x00").replace("\\", "").replace("\x00", "\\")
    assert unescaped == raw
    for special in "*_[]()#<>`$:|~":
        assert f"{special}" not in escaped.replace(f"\\{special}", "")


def test_md_keeps_one_line():
    assert md("a\nb") == "a b"
    assert md(None) == ""


def test_md_format_escapes_values_but_keeps_number_formats():
    assert md_format("**{name}** scored {score:.1f}", name="*Al*", score=3.14159) == "**\\*Al\\*** scored 3.1"


def test_plot_shows_tags_as_text():
    assert plot('<a href="javascript:x">hi</a>') == '&lt;a href="javascript:x"&gt;hi&lt;/a&gt;'
    assert plot("A & B") == "A &amp; B"


def test_numbers():
    assert number(6.123) == "6.1"
    assert number(float("nan")) == "-"
    assert number(None) == "-"
    assert percent(0.874) == "87%"
    assert percent("x") == "-"


def test_one_format_for_every_measure():
    assert measure_value("accuracy", 0.861, 1) == "86.1%" and measure_value("missed", 0.25) == "25%"
    assert measure_value("mae", 7.071) == "7.07" and measure_value("brier", 0.10369) == "0.104"
    assert measure_value("mae", float("nan")) == "-" and measure_value("accuracy", None) == "-"


def test_chances_are_rounded_to_what_the_class_supports_and_never_certain():
    from dashboard.text import chance

    assert [chance(p) for p in (0.0, 0.02, 0.026, 0.618, 0.974, 0.976, 1.0)] == [
        "under 5%", "under 5%", "about 5%", "about 60%", "about 95%", "over 95%", "over 95%"]
    assert chance(0.618, n_labelled=5000) == "about 62%" and chance(1.0, n_labelled=5000) == "over 99%"
    assert chance(float("nan")) == "-" and chance(None) == "-"
    with M.using("zh"):
        assert chance(0.618) == "约 60%" and chance(1.0) == "高于 95%"
