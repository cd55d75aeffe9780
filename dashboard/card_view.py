"""A run's model card as a readable page: headings, sentences and tables built from the run's own data.

``mtl_core.model_card`` writes the card as Markdown (``MODEL_CARD.md`` in every saved run, in English). The
dashboard shows the same facts (Mitchell et al., "Model Cards for Model Reporting", 2019) as a page in the
session's language: :func:`build` gathers them from the run (plain pandas, testable without Streamlit),
:func:`show` draws them, :func:`markdown` writes them for the download. Names from the teacher's file (the run,
its outcomes and columns) are plain text everywhere: escaped in headings and sentences, cells in tables, and
escaped again in the Markdown file, so a viewer shows them as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import mtl_core

from . import messages as M
from . import verdicts, words
from .text import count, date_time, md, md_format


@dataclass(frozen=True)
class Card:
    """The model card of one run, every text in the session's language.

    Attributes:
        name: the run's name (the teacher's text).
        made: when, by what and from which data (plain text).
        fingerprint: the data fingerprint line (plain text).
        data_line: students, inputs and how the run was checked (plain text).
        inputs: the input columns (the teacher's names).
        outcomes: one row per outcome: name, kind, rule, weight, training only.
        quality: one row per reported outcome: measure, model, guessing, verdict, students with a known outcome.
        sensitive: plain-text sentences on the sensitive columns.
        settings: one row per setting: setting, value.
    """

    name: str
    made: str
    fingerprint: str
    data_line: str
    inputs: tuple[str, ...]
    outcomes: pd.DataFrame
    quality: pd.DataFrame
    sensitive: tuple[str, ...]
    settings: pd.DataFrame


def _method_label(registry, name: str) -> str:
    labels = {info.name: info.label for info in registry.infos()}
    return M.core_text(labels.get(name, name))


def _sensitive(run, inputs: list[str]) -> tuple[str, ...]:
    """Which columns are sensitive, and whether any of them is an input (and who chose that)."""
    C = M.CARD
    schema = run.schema
    found = [c.name for c in schema.columns if c.role == mtl_core.Role.SENSITIVE or mtl_core.looks_sensitive(c.name)]
    if not found:
        return (C["sensitive_none"],)
    used = [c for c in inputs if c in found]
    lines = [C["sensitive_found"].format(names=", ".join(found))]
    if not used:
        lines.append(C["sensitive_unused"])
    elif all(c in schema and schema[c].reason == "set by you" for c in used):  # the core's mark of a hand-set role
        lines.append(C["sensitive_chosen"].format(names=", ".join(used)))
    else:
        lines.append(C["sensitive_used"].format(names=", ".join(used)))
    return tuple(lines)


def build(run, name: str, source: str, tz=None) -> Card:
    """The card of ``run`` (named ``name``, trained from ``source``), dates in time zone ``tz``."""
    C, T = M.CARD, M.TASKS
    inputs = [str(c) for c in run.input_stats["column"]]
    outcomes = pd.DataFrame({
        T["col_name"]: [t.name for t in run.tasks],
        T["col_kind"]: [words.kind(t.kind) for t in run.tasks],
        T["col_rule"]: [words.task_rule(t) for t in run.tasks],
        T["col_weight"]: [float(t.weight) for t in run.tasks],
        T["col_aux"]: [bool(t.auxiliary) for t in run.tasks],
    })
    config = run.config
    names = C["setting_names"]
    settings = pd.DataFrame({C["col_setting"]: [names[k] for k in (
        "architecture", "weighting", "ensemble", "epochs", "epochs_run", "learning_rate", "early_stopping", "seed")],
        C["col_value"]: [
            _method_label(mtl_core.ARCHITECTURES, config.architecture),
            _method_label(mtl_core.WEIGHTINGS, config.weighting),
            count("networks", config.ensemble_size), count("epochs", config.epochs), count("epochs", run.epochs),
            f"{config.learning_rate:g}", C["early_stopping"].get(config.early_stopping, config.early_stopping),
            str(config.seed)]})
    return Card(
        name=str(name),
        made=C["made"].format(date=date_time(run.created, tz), source=source),
        fingerprint=C["fingerprint"].format(fingerprint=run.fingerprint),
        data_line=C["data_line"].format(students=count("students", run.n_students),
                                        inputs=count("inputs", len(inputs)),
                                        evaluation=words.evaluation(run.evaluation)),
        inputs=tuple(inputs),
        outcomes=outcomes,
        quality=verdicts.run_overview(run),
        sensitive=_sensitive(run, inputs),
        settings=settings,
    )


# --------------------------------------------------------------------------- Markdown for the download

def _cell(value) -> str:
    if isinstance(value, bool):
        return M.COMMON["yes"] if value else M.COMMON["no"]
    if isinstance(value, float):
        return f"{value:g}"
    return md(value)


def _table(frame: pd.DataFrame) -> str:
    lines = ["| " + " | ".join(md(c) for c in frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def _plain(text: str) -> str:
    """A text without the invisible marks of core text (a file for people, not for the browser test)."""
    return str(text).replace(M.CORE_START, "").replace(M.CORE_END, "")


def markdown(card: Card) -> str:
    """The card as a Markdown document in the session's language; every name escaped."""
    C = M.CARD
    parts = [
        "# " + md_format(C["heading"], name=card.name),
        md(card.made), md(card.fingerprint),
        "## " + C["data"], md(card.data_line), "**" + C["inputs"] + "**: " + md(", ".join(card.inputs)),
        "## " + C["outcomes"], _table(card.outcomes),
        "## " + C["quality"], _table(card.quality),
        "## " + C["sensitive"], " ".join(md(s) for s in card.sensitive),
        "## " + C["intended"], C["intended_text"],
        "## " + C["not_for"], C["not_for_text"],
        "## " + C["settings"], _table(card.settings),
    ]
    return _plain("\n\n".join(parts) + "\n")


# --------------------------------------------------------------------------- the page

def show(run, name: str, source: str, key: str, tz=None) -> None:
    """Draw the card of ``run``: headings, sentences, tables and the Markdown download. Containers are keyed
    ``<key>``, ``<key>_outcomes``, ``<key>_quality``, ``<key>_settings``, the download ``<key>_download``."""
    import streamlit as st

    from . import ui

    C = M.CARD
    card = build(run, name, source, tz)
    with st.container(key=key):
        st.header(md_format(C["heading"], name=card.name))
        st.caption(md(card.made))
        st.caption(md(card.fingerprint))
        st.subheader(C["data"])
        st.markdown(md(card.data_line))
        st.markdown(f"**{C['inputs']}**: " + md(", ".join(card.inputs)))
        st.subheader(C["outcomes"])
        ui.table(card.outcomes, key=f"{key}_outcomes")
        st.subheader(C["quality"])
        ui.table(card.quality, key=f"{key}_quality")
        ui.verdict_boxes(run, key=f"{key}_verdicts")
        st.subheader(C["sensitive"])
        st.markdown(" ".join(md(s) for s in card.sensitive))
        st.subheader(C["intended"])
        st.markdown(C["intended_text"])
        st.subheader(C["not_for"])
        st.markdown(C["not_for_text"])
        st.subheader(C["settings"])
        ui.table(card.settings, key=f"{key}_settings")
        st.download_button(C["download"], data=markdown(card).encode("utf-8"),
                           file_name=C["file"].format(name=card.name) + ".md",
                           mime="text/markdown", key=f"{key}_download", on_click="ignore")
