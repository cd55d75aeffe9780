"""The selection tables as EduMTL class tables with their tasks: the data defaults are chosen on.

Every loader returns a :class:`SelectionSet`: the table, the tasks, and the column roles a teacher would
get from the dashboard by default (:func:`mtl_core.infer_schema`: sensitive columns such as gender,
ethnicity and age are *not* inputs), with the outcome columns as targets and columns that would leak an
outcome (or identify a student) ignored. School and authority numbers are turned into labels
("school 12"), so they are read as categories, not as quantities.

Datasets (see ``../shared/data/selection/README.md`` for the sources):

* ``sample class``: ``sample_data/class.csv`` (300 synthetic students; final_exam, passed, dropped_out,
  math_score, letter_grade);
* ``OULAD <module> <presentation>``: the presentations of :data:`oulad.SELECTION_CLASSES` (final_result,
  withdrawn, later_score; see benchmarks/oulad.py);
* ``STAR``: 11,598 Tennessee pupils; outcomes ``read3`` and ``math3`` (grade-3 reading and maths scores,
  48 % missing: masked labels at scale); inputs: the kindergarten to grade-2 scores (also ~45 % missing),
  class types, free lunch, school and teacher descriptions of every year and the school IDs (~80 levels);
* ``Exam``: 4,059 London pupils in 65 schools; ``normexam`` (regression), ``exam_pass`` (normexam >= 0)
  and ``exam_band`` (three bands cut at -0.5 and 0.5); inputs: school (65 levels), its gender mix,
  average and type, intake band, verbal-reasoning band and the reading test at intake;
* ``Chem97``: 31,022 A-level chemistry students in 2,410 schools and 131 authorities; ``score`` (0-10,
  regression), ``score_pass`` (score >= 6) and ``score_band`` (bands cut at 4 and 8: 0-2 / 4-6 / 8-10);
  inputs: the mean GCSE score, school and authority.

Example:
    >>> data = load("Exam")  # doctest: +SKIP
    >>> [t.name for t in data.tasks]  # doctest: +SKIP
    ['normexam', 'exam_pass', 'exam_band']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

import common
import oulad

SAMPLE_TASKS = ("final_exam", "passed", "dropped_out", "math_score", "letter_grade")
SAMPLE_IGNORED = ("name", "reading_score", "science_score")
OULAD_TASKS = ("final_result", "withdrawn", "later_score")


@dataclass(frozen=True)
class SelectionSet:
    """One selection table: the frame, its tasks and its column roles (a Schema)."""

    name: str
    frame: pd.DataFrame
    tasks: tuple
    schema: object

    @property
    def inputs(self) -> list[str]:
        return self.schema.inputs


def _schema(frame: pd.DataFrame, targets, ignored=(), id_column: str | None = None):
    """Roles as the dashboard infers them, with the outcome columns targets and ``ignored`` left out."""
    from mtl_core import Role, infer_schema

    roles = {c: Role.TARGET for c in targets} | {c: Role.IGNORE for c in ignored}
    if id_column:
        roles[id_column] = Role.ID
    return infer_schema(frame).with_roles(roles)


def _labels(values: pd.Series, prefix: str) -> pd.Series:
    """Numeric IDs as category labels ("school 12"); missing stays missing."""
    numbers = pd.to_numeric(values, errors="coerce")
    return numbers.map(lambda v: f"{prefix} {int(v)}" if pd.notna(v) else None).astype(object)


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(common.data_path("selection", name))


# --------------------------------------------------------------------------- loaders

def sample_class() -> SelectionSet:
    from mtl_core import make_task

    frame = pd.read_csv(common.REPO / "sample_data" / "class.csv")
    tasks = tuple(make_task(frame, name) for name in SAMPLE_TASKS)
    return SelectionSet("sample class", frame, tasks, _schema(frame, SAMPLE_TASKS, SAMPLE_IGNORED))


def oulad_class(module: str, presentation: str) -> SelectionSet:
    frame = oulad.build_class(module, presentation)
    tasks = tuple(oulad.make_tasks(frame, OULAD_TASKS))
    return SelectionSet(f"OULAD {module} {presentation}", frame, tasks, oulad.schema_for(frame, tasks))


def star() -> SelectionSet:
    from mtl_core import make_task

    frame = _read("star.csv")
    for year in ("k", "1", "2", "3"):
        frame[f"schoolid{year}"] = _labels(frame[f"schoolid{year}"], "school")
        frame[f"system{year}"] = _labels(frame[f"system{year}"], "system")
    targets = ("read3", "math3")
    tasks = tuple(make_task(frame, c, kind="regression") for c in targets)
    return SelectionSet("STAR", frame, tasks, _schema(frame, targets, id_column="student"))


def exam() -> SelectionSet:
    from mtl_core import Bands, Threshold, make_task

    frame = _read("exam.csv")
    frame["school"] = _labels(frame["school"], "school")
    tasks = (
        make_task(frame, "normexam", kind="regression"),
        make_task(frame, "normexam", name="exam_pass", derive=Threshold(0.0)),
        make_task(frame, "normexam", name="exam_band", derive=Bands((-0.5, 0.5))),
    )
    # ``student`` numbers pupils within their school: not an ID of the table, and no information
    return SelectionSet("Exam", frame, tasks, _schema(frame, ["normexam"], ignored=["student"]))


def chem97() -> SelectionSet:
    from mtl_core import Bands, Threshold, make_task

    frame = _read("chem97.csv")
    frame["school"] = _labels(frame["school"], "school")
    frame["lea"] = _labels(frame["lea"], "authority")
    frame["student"] = frame["student"].astype(str)
    tasks = (
        make_task(frame, "score", kind="regression"),
        make_task(frame, "score", name="score_pass", derive=Threshold(6.0)),
        make_task(frame, "score", name="score_band", derive=Bands((4.0, 8.0))),
    )
    # gcsecnt is gcsescore minus its mean: the same input twice
    return SelectionSet("Chem97", frame, tasks, _schema(frame, ["score"], ignored=["gcsecnt"], id_column="student"))


LOADERS: dict[str, Callable[[], SelectionSet]] = {
    "sample class": sample_class,
    **{f"OULAD {m} {p}": (lambda m=m, p=p: oulad_class(m, p)) for m, p in oulad.SELECTION_CLASSES},
    "STAR": star,
    "Exam": exam,
    "Chem97": chem97,
}


def names() -> list[str]:
    return list(LOADERS)


def load(name: str) -> SelectionSet:
    """The selection set called ``name`` (one of :func:`names`)."""
    if name not in LOADERS:
        raise SystemExit(f"error: unknown selection dataset '{name}'. Available: {', '.join(LOADERS)}.")
    return LOADERS[name]()
