"""Gradebook exports of learning-management systems: Moodle and Canvas, as CSV or Excel.

A teacher's marks often live in an LMS, whose "Export grades" gives a table that is almost a class
table, but not quite. :func:`apply` recognises the two most common layouts from their header and
turns them into one: the reader (:mod:`mtl_core.data.io`) calls it on every table before tidying,
and says on the Data page which format it recognised (:func:`mtl_core.data.io.describe_format`) and
what it changed (the reader's notes).

**Moodle** (Grades > Export > Plain text file or Excel spreadsheet): First name, Last name, ID
number, Institution, Department, Email address, then one column per grade item such as
"Quiz: Week 3 (Real)", optional "... (Percentage)", "... (Letter)" and "... (Feedback)" columns,
"Course total (Real)", and "Last downloaded from this course". Missing grades are "-"; percentages
read "85.00 %"; a locale may write "85,00".

**Canvas** (Grades > Export > CSV): Student ("Last, First"), ID, SIS User ID, SIS Login ID,
(Integration ID,) Section, one "Name (12345)" column per assignment, then Current/Final Points,
Scores and Grades. The row under the header is "Points Possible" (no student), newer exports add a
"Manual Posting" row, and "Student, Test" is Canvas's test student.

What changes, each said in a note: the Points Possible, Manual Posting and test-student rows are
removed; feedback columns (teachers' comments) and the download timestamp are removed; "(Real)" and
"(12345)" come off the names ("(Percentage)" becomes "(%)", "(Letter)" "(letter)"); in grade
columns "85.00 %" and "85,00" become 85, and "-", "EX" (excused) and "(read only)" become missing.
The LMS's IDs are kept as they are, as the student ID (they are read as text, so "007" stays "007").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

MOODLE, CANVAS = "Moodle", "Canvas"

_MOODLE_SUFFIX = re.compile(r"^(?P<item>.*\S)\s*\((?P<kind>Real|Percentage|Letter|Feedback)\)$")
_MOODLE_KINDS = {"Real": "", "Percentage": " (%)", "Letter": " (letter)"}
_MOODLE_DOWNLOADED = "Last downloaded from this course"
_CANVAS_SUFFIX = re.compile(r"^(?P<item>.*\S)\s*\((?P<id>\d+)\)$")
_CANVAS_IDS = ("SIS User ID", "SIS Login ID", "Integration ID", "Root Account")
_CANVAS_SCORES = re.compile(r"^(Unposted )?(Current|Final) (Points|Score|Grade)$")
_CANVAS_META_ROWS = ("Points Possible", "Manual Posting", "Muted")
_CANVAS_TEST_STUDENT = ("student, test", "test student")
_MISSING_MARKS = {"-", "–", "ex", "excused", "(read only)", "n/a", ""}
_NUMBER = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)$")


@dataclass(frozen=True)
class Recognised:
    """What :func:`apply` did to a gradebook export.

    Attributes:
        system: "Moodle" or "Canvas".
        notes: rows of a problem table (severity "warning") saying what was changed.
    """

    system: str
    notes: tuple[dict, ...]


def recognise(header: list[str]) -> str | None:
    """"Moodle", "Canvas" or None, from the header cells of a table.

    Example:
        >>> recognise(["First name", "Last name", "Email address", "Quiz 1 (Real)", "Course total (Real)"])
        'Moodle'
        >>> recognise(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Essay (123)"])
        'Canvas'
    """
    names = [str(h).strip() for h in header]
    lowered = {n.lower() for n in names}
    graded = sum(bool(_MOODLE_SUFFIX.match(n)) for n in names)
    if (graded and ("email address" in lowered or "course total (real)" in lowered)) or \
            _MOODLE_DOWNLOADED.lower() in lowered and ({"first name", "last name"} & lowered):
        return MOODLE
    if names and names[0] == "Student" and "ID" in names and (
            any(i in names for i in _CANVAS_IDS) or "Section" in names):
        return CANVAS
    return None


def apply(frame: pd.DataFrame, header: list[str]) -> tuple[pd.DataFrame, list[str], Recognised | None]:
    """Clean a Moodle or Canvas gradebook export; any other table comes back unchanged.

    Args:
        frame: the table as parsed, columns numbered 0, 1, ... in the order of ``header``, indexed by
            the spreadsheet row of each line.
        header: the header cells as written.

    Returns:
        The frame (columns numbered again), its header, and what was recognised and changed (None for
        a table that is no gradebook export).
    """
    system = recognise(header)
    if system is None:
        return frame, header, None
    frame = frame.set_axis(range(frame.shape[1]), axis=1)
    header = [str(h).strip() for h in header]
    notes: list[dict] = []
    if system == CANVAS:
        frame = _drop_canvas_rows(frame, header, notes)
        header, grades = _canvas_names(header, notes)
    else:
        frame, header = _drop_moodle_columns(frame, header, notes)
        header, grades = _moodle_names(header, notes)
    frame = _read_marks(frame, header, grades, notes)
    notes.insert(0, _note("", [], f"Recognised a {system} gradebook export.",
                          "Nothing to do. Check the outcomes on the Tasks page: the course total or final score "
                          "is usually the one to predict."))
    return frame.set_axis(range(frame.shape[1]), axis=1), header, Recognised(system, tuple(notes))


# --------------------------------------------------------------------------- Canvas

def _drop_canvas_rows(frame: pd.DataFrame, header: list[str], notes: list[dict]) -> pd.DataFrame:
    """The Points Possible / Manual Posting rows (no student) and Canvas's test student."""
    student = frame[header.index("Student")].astype("string").str.strip()
    meta = student.isin(_CANVAS_META_ROWS).fillna(False)
    blank_student = student.isna() | student.eq("")
    others = frame.drop(columns=[header.index("Student")]).astype("string").apply(lambda c: c.str.strip())
    labels_only = others.isin([*_CANVAS_META_ROWS, "(read only)", ""]) | others.isna()
    meta |= (blank_student & labels_only.all(axis=1) & others.isin(_CANVAS_META_ROWS).any(axis=1)).fillna(False)
    test = student.str.lower().isin(_CANVAS_TEST_STUDENT).fillna(False)
    if meta.any():
        rows = [int(r) for r in frame.index[meta.to_numpy()]]
        notes.append(_note("Student", rows, f"Removed {len(rows)} row(s) that are not students (Canvas's "
                           "'Points Possible' row under the header).", "Nothing to do."))
    if test.any():
        rows = [int(r) for r in frame.index[test.to_numpy()]]
        notes.append(_note("Student", rows, "Removed Canvas's test student ('Student, Test').", "Nothing to do."))
    return frame.loc[~(meta | test).to_numpy()]


def _canvas_names(header: list[str], notes: list[dict]) -> tuple[list[str], list[int]]:
    """Names without the assignment IDs ("Essay (12345)" -> "Essay"); the positions of grade columns."""
    names, grades, stripped = list(header), [], []
    wanted = [m.group("item") if (m := _CANVAS_SUFFIX.match(h)) else None for h in header]
    for position, (name, item) in enumerate(zip(header, wanted)):
        if item is not None:
            grades.append(position)
            if wanted.count(item) == 1 and item not in header:  # two assignments of one name keep their IDs
                names[position] = item
                stripped.append(name)
        elif _CANVAS_SCORES.match(name):
            grades.append(position)
    if stripped:
        notes.append(_note(", ".join(names[header.index(s)] for s in stripped[:5]) + (", ..." if len(stripped) > 5
                           else ""), [], f"Removed Canvas's assignment numbers from {len(stripped)} column name(s) "
                           f"('{stripped[0]}' is now '{names[header.index(stripped[0])]}').", "Nothing to do."))
    return names, grades


# --------------------------------------------------------------------------- Moodle

def _drop_moodle_columns(frame: pd.DataFrame, header: list[str], notes: list[dict]):
    """Feedback columns (comments, personal and not marks) and the download timestamp."""
    feedback = [i for i, h in enumerate(header) if (m := _MOODLE_SUFFIX.match(h)) and m.group("kind") == "Feedback"]
    stamp = [i for i, h in enumerate(header) if h.lower() == _MOODLE_DOWNLOADED.lower()]
    if feedback:
        shown = ", ".join(f"'{header[i]}'" for i in feedback[:3]) + (", ..." if len(feedback) > 3 else "")
        notes.append(_note(shown, [], f"Removed {len(feedback)} feedback column(s) (teachers' comments, not marks): "
                           f"{shown}.", "Nothing to do; the comments stay in Moodle."))
    if stamp:
        notes.append(_note(_MOODLE_DOWNLOADED, [], f"Removed the column '{_MOODLE_DOWNLOADED}' (when the file was "
                           "exported, the same for every student).", "Nothing to do."))
    dropped = set(feedback + stamp)
    kept = [i for i in range(len(header)) if i not in dropped]
    return frame.iloc[:, kept].set_axis(range(len(kept)), axis=1), [header[i] for i in kept]


def _moodle_names(header: list[str], notes: list[dict]) -> tuple[list[str], list[int]]:
    """"Quiz: Week 3 (Real)" -> "Quiz: Week 3", "(Percentage)" -> "(%)"; the positions of grade columns."""
    names, grades, changed = list(header), [], []
    for position, name in enumerate(header):
        found = _MOODLE_SUFFIX.match(name)
        if found is None:
            continue
        grades.append(position)
        new = found.group("item") + _MOODLE_KINDS[found.group("kind")]
        if new not in header and new not in names:
            names[position] = new
            changed.append((name, new))
    if changed:
        notes.append(_note(", ".join(new for _, new in changed[:5]) + (", ..." if len(changed) > 5 else ""), [],
                           f"Removed Moodle's '(Real)' from {len(changed)} column name(s) ('{changed[0][0]}' is now "
                           f"'{changed[0][1]}').", "Nothing to do."))
    return names, grades


# --------------------------------------------------------------------------- marks

def _read_marks(frame: pd.DataFrame, header: list[str], grades: list[int], notes: list[dict]) -> pd.DataFrame:
    """Grade columns as numbers: "85.00 %" and "85,00" are 85; "-", "EX" and "(read only)" are missing.

    A column keeps its text when any other value is not a number (letter grades, or a typing
    mistake that the checks will then point at)."""
    excused: dict[str, list[int]] = {}
    for position in grades:
        column = frame[position]
        if pd.api.types.is_numeric_dtype(column):
            continue
        text = column.astype("string").str.strip()
        missing = text.str.lower().isin(_MISSING_MARKS).fillna(False) | text.isna()
        cleaned = text.str.replace(r"\s*%$", "", regex=True)
        numeric = cleaned.str.match(_NUMBER.pattern).fillna(False)
        if not (numeric | missing).all() or not numeric.any():
            continue
        values = pd.to_numeric(cleaned.where(numeric).str.replace(",", ".", regex=False), errors="coerce")
        frame[position] = values.astype(float).to_numpy()
        marked = text.str.lower().isin({"ex", "excused"}).fillna(False).to_numpy()
        if marked.any():
            excused[header[position]] = [int(r) for r in frame.index[marked]]
    for name, rows in excused.items():
        notes.append(_note(name, rows, f"{len(rows)} mark(s) excused ('EX') in '{name}' are read as missing.",
                           "Nothing to do, unless an excused mark should count: then type it in the file."))
    return frame


def _note(column: str, rows: list[int], problem: str, fix: str) -> dict:
    shown = ", ".join(str(row) for row in rows[:20]) + (f" and {len(rows) - 20} more" if len(rows) > 20 else "")
    return {"severity": "warning", "column": column, "rows": shown, "problem": problem, "fix": fix}

