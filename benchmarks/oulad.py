"""Class-sized (and district-sized) tables from OULAD, and a scale benchmark on all 32,593 registrations.

Data: J. Kuzilek, M. Hlosta, Z. Zdrahal, "Open University Learning Analytics dataset", Scientific Data 4,
170171 (2017), CC BY 4.0.

One row per registration (a student on one module presentation), with what is known EARLY in the
course (by day :data:`EARLY_DAYS` after the start):

* background: highest_education, num_of_prev_attempts, studied_credits, date_registration, and the
  sensitive-like columns :data:`SENSITIVE` (gender, age_band, imd_band, disability, region), which
  :func:`schema_for` leaves out of the inputs unless asked;
* the assessments due by day :data:`EARLY_DAYS`, numbered by due date within the presentation:
  ``early<k>_score`` (0-100, empty when not submitted) and ``early<k>_delay`` (days submitted after the
  due date; negative = early), plus ``early_due``, ``early_submitted``, ``early_mean_score`` and
  ``early_mean_delay``.

Outcomes (:data:`OUTCOMES`): ``final_result`` (Pass / Distinction / Fail / Withdrawn), ``withdrawn``
(yes/no), ``passed`` (yes/no: Pass or Distinction) and ``later_score`` (mean score of the assessments
due after day :data:`EARLY_DAYS`, exams included; empty when the student submitted none).

Every registration is kept, including students who withdrew before the cut-off day: their withdrawal
is already known then, so ``withdrawn`` is partly easy on these tables (``still_registered=True``
keeps only students registered at the cut-off, a harder and more useful early-warning table).

Example:
    >>> frame = build_class("AAA", "2014J")  # doctest: +SKIP
    >>> tasks = make_tasks(frame, ("final_result", "withdrawn", "later_score"))  # doctest: +SKIP
    >>> run = mtl_core.train(frame, tasks, schema=schema_for(frame, tasks))  # doctest: +SKIP

Scale benchmark (from the repository root):
    .venv/bin/python benchmarks/oulad.py --scale [--epochs N] [--markdown]
"""

from __future__ import annotations

import argparse
import time
from functools import lru_cache

import numpy as np
import pandas as pd

import common

EARLY_DAYS = 60
KEY = ["code_module", "code_presentation", "id_student"]
SENSITIVE = ("gender", "age_band", "imd_band", "disability", "region")
BACKGROUND = ("highest_education", "num_of_prev_attempts", "studied_credits", "date_registration")
OUTCOMES = ("final_result", "withdrawn", "passed", "later_score")
# Presentations used to choose defaults (benchmarks/select_defaults.py): three modules, 365-1228 students,
# each with assessments before day 60.
SELECTION_CLASSES = (("AAA", "2014J"), ("EEE", "2014B"), ("DDD", "2014B"))


# --------------------------------------------------------------------------- reading

@lru_cache(maxsize=1)
def _read() -> dict[str, pd.DataFrame]:
    """The four OULAD files the tables need (read once per process)."""
    def read(name, **kwargs):
        return pd.read_csv(common.data_path("oulad", name), **kwargs)

    return {
        "info": read("studentInfo.csv"),
        "registration": read("studentRegistration.csv", usecols=[*KEY, "date_registration", "date_unregistration"]),
        "assessments": read("assessments.csv", usecols=["code_module", "code_presentation", "id_assessment",
                                                       "assessment_type", "date"]),
        "submissions": read("studentAssessment.csv", usecols=["id_assessment", "id_student", "date_submitted",
                                                             "score"]),
    }


def presentations() -> pd.DataFrame:
    """Every module presentation with its number of registrations."""
    info = _read()["info"]
    return info.groupby(["code_module", "code_presentation"]).size().rename("students").reset_index()


# --------------------------------------------------------------------------- building

def build_all(*, early_days: int = EARLY_DAYS, still_registered: bool = False) -> pd.DataFrame:
    """The whole dataset: 32,593 registrations, ``code_module`` and ``code_presentation`` as inputs,
    ``registration`` ("AAA-2013J-11391") as the row ID (students may take several modules).

    Args:
        early_days: assessments due on or before this day are inputs; later ones make ``later_score``.
        still_registered: keep only students still registered on ``early_days``.
    """
    return _build(_read()["info"], early_days, still_registered)


def build_class(code_module: str, code_presentation: str, *, early_days: int = EARLY_DAYS,
                still_registered: bool = False) -> pd.DataFrame:
    """One module presentation as a class table (constant and always-empty columns left out).

    Example:
        >>> build_class("AAA", "2014J").shape  # doctest: +SKIP
        (365, 22)
    """
    info = _read()["info"]
    here = info[(info["code_module"] == code_module) & (info["code_presentation"] == code_presentation)]
    if here.empty:
        known = ", ".join(f"{m} {p}" for m, p in presentations()[["code_module", "code_presentation"]].to_numpy())
        raise ValueError(f"No OULAD presentation '{code_module} {code_presentation}'. Available: {known}.")
    frame = _build(here, early_days, still_registered)
    return frame.drop(columns=["registration", "code_module", "code_presentation"]).dropna(axis=1, how="all")


def _build(info: pd.DataFrame, early_days: int, still_registered: bool) -> pd.DataFrame:
    data = _read()
    frame = info.merge(data["registration"], on=KEY, how="left", validate="one_to_one")
    if still_registered:
        gone = frame["date_unregistration"] <= early_days
        frame = frame[~gone]
    scored = _submissions(frame, early_days)
    early = _early_features(frame, scored[scored["early"]])
    later = scored[~scored["early"]].groupby(KEY)["score"].mean().rename("later_score")
    frame = frame.merge(early, on=KEY, how="left").merge(later, on=KEY, how="left")
    frame["early_submitted"] = frame["early_submitted"].fillna(0).astype(int)
    due = _early_assessments(data["assessments"], early_days).groupby(KEY[:2]).size().rename("early_due")
    frame = frame.merge(due, on=KEY[:2], how="left")
    frame["early_due"] = frame["early_due"].fillna(0).astype(int)
    frame["withdrawn"] = np.where(frame["final_result"] == "Withdrawn", "yes", "no")
    frame["passed"] = np.where(frame["final_result"].isin(["Pass", "Distinction"]), "yes", "no")
    # a student may take several modules, so the ID of a row is the registration, not the student
    frame["registration"] = (frame["code_module"] + "-" + frame["code_presentation"] + "-"
                             + frame["id_student"].astype(str))
    return frame[_column_order(frame)].reset_index(drop=True)


def _early_assessments(assessments: pd.DataFrame, early_days: int) -> pd.DataFrame:
    """Non-exam assessments due by ``early_days``, numbered 1, 2, ... by due date in their presentation."""
    early = assessments[(assessments["date"] <= early_days) & (assessments["assessment_type"] != "Exam")]
    early = early.sort_values([*KEY[:2], "date", "id_assessment"]).copy()
    early["number"] = early.groupby(KEY[:2]).cumcount() + 1
    return early


def _submissions(frame: pd.DataFrame, early_days: int) -> pd.DataFrame:
    """Submissions of the registrations in ``frame``, with presentation, due date, delay and early flag."""
    data = _read()
    assessments = data["assessments"]
    numbers = _early_assessments(assessments, early_days)[["id_assessment", "number"]]
    merged = data["submissions"].merge(assessments, on="id_assessment", how="inner")
    merged = merged.merge(frame[KEY], on=KEY, how="inner").merge(numbers, on="id_assessment", how="left")
    merged["delay"] = merged["date_submitted"] - merged["date"]
    merged["early"] = merged["number"].notna()
    return merged


def _early_features(frame: pd.DataFrame, early: pd.DataFrame) -> pd.DataFrame:
    """Per registration: score and delay of each early assessment, and their count / means."""
    if early.empty:  # e.g. a presentation whose first assessment is due after the cut-off
        return pd.DataFrame(columns=[*KEY, "early_submitted", "early_mean_score", "early_mean_delay"])
    wide = early.pivot_table(index=KEY, columns="number", values=["score", "delay"], aggfunc="first")
    wide.columns = [f"early{int(number)}_{value}" for value, number in wide.columns]
    wide = wide[sorted(wide.columns, key=lambda c: (int(c[5:].split("_")[0]), c.endswith("delay")))]
    summary = early.groupby(KEY).agg(early_submitted=("id_assessment", "size"), early_mean_score=("score", "mean"),
                                     early_mean_delay=("delay", "mean"))
    return wide.join(summary, how="outer").reset_index()


def _column_order(frame: pd.DataFrame) -> list[str]:
    early = [c for c in frame.columns if c.startswith("early") and c[5:6].isdigit()]
    return ["registration", *KEY, *SENSITIVE, *BACKGROUND, *early, "early_due", "early_submitted", "early_mean_score",
            "early_mean_delay", *OUTCOMES]


# --------------------------------------------------------------------------- tasks and roles

def make_tasks(frame: pd.DataFrame, names=("final_result", "withdrawn", "passed", "later_score")) -> list:
    """TaskSpecs for some of :data:`OUTCOMES` (``later_score`` is a regression, the rest classifications)."""
    from mtl_core import make_task

    kinds = {"final_result": "multiclass", "withdrawn": "binary", "passed": "binary", "later_score": "regression"}
    risk = {"final_result": ("Fail", "Withdrawn"), "withdrawn": ("yes",), "passed": ("no",), "later_score": None}
    unknown = sorted(set(names) - set(kinds))
    if unknown:
        raise ValueError(f"Unknown OULAD task(s) {unknown}. Available: {', '.join(OUTCOMES)}.")
    return [make_task(frame, n, kind=kinds[n], risk_labels=risk[n]) for n in names]


def schema_for(frame: pd.DataFrame, tasks, *, drop_sensitive: bool = True):
    """Roles: the row ID (``registration`` in :func:`build_all`, else id_student), task columns targets, other outcomes ignored (they would leak), every
    other column an input; the :data:`SENSITIVE` columns are marked sensitive (not inputs) unless
    ``drop_sensitive=False``."""
    from mtl_core import Role, infer_schema

    targets = {t.column for t in tasks}
    id_column = "registration" if "registration" in frame.columns else "id_student"

    def role(column):
        if column == id_column:
            return Role.ID
        if column == "id_student":
            return Role.IGNORE
        if column in targets:
            return Role.TARGET
        if column in OUTCOMES or column == "date_unregistration":
            return Role.IGNORE
        if column in SENSITIVE and drop_sensitive:
            return Role.SENSITIVE
        return Role.INPUT

    return infer_schema(frame, roles={c: role(c) for c in frame.columns})


# --------------------------------------------------------------------------- scale benchmark

def scale_benchmark(epochs: int = 5, recommend_rows: int = 1000) -> list[tuple[str, int, float, float]]:
    """Time each step on the whole dataset; returns (step, rows, seconds, peak MiB after the step)."""
    import mtl_core
    from mtl_core import Holdout, TrainConfig

    steps = []

    def timed(label, rows, fn):
        started = time.perf_counter()
        value = fn()
        steps.append((label, rows, time.perf_counter() - started, common.peak_memory_mb()))
        print(f"  {label}: {steps[-1][2]:.1f} s", flush=True)
        return value

    _read.cache_clear()
    frame = timed("read 4 CSV files + join + early features (build_all)", 32_593, build_all)
    tasks = make_tasks(frame)
    schema = schema_for(frame, tasks)
    config = TrainConfig(epochs=epochs, patience=epochs)
    run = timed(f"train: {len(frame):,} rows, Holdout(0.2), {epochs} epochs, 4 tasks, ensemble "
                f"{config.ensemble_size}", len(frame), lambda: mtl_core.train(frame, tasks, schema=schema, config=config,
                                                                   evaluation=Holdout(0.2)))
    timed(f"mtl_core.predict on all {len(frame):,} rows", len(frame), lambda: mtl_core.predict(run, frame))
    subset = frame.sample(recommend_rows, random_state=0)
    timed(f"mtl_core.recommend on {recommend_rows:,} rows", recommend_rows,
          lambda: mtl_core.recommend(run, subset))
    summary = run.summary.set_index("task")
    print("  quality after these few epochs (hold-out): " + "; ".join(
        f"{t} {r.metric} {r.model:.3f} (baseline {r.baseline:.3f})" for t, r in summary.iterrows()))
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", action="store_true", help="time reading, training, predict and recommend")
    parser.add_argument("--epochs", type=int, default=5, help="training epochs for --scale (default 5)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    if not args.scale:
        rows = [[m, p, n, build_class(m, p).shape[1]] for m, p, n in presentations().to_numpy()]
        print(common.render_table(["module", "presentation", "students", "columns"], rows, markdown=args.markdown))
        return 0
    steps = scale_benchmark(args.epochs)
    print("\n".join(["", "OULAD scale benchmark (all registrations)", *common.header_lines(), ""]))
    total = sum(step[2] for step in steps)
    rows = [[label, f"{seconds:.1f}", f"{seconds / total:.0%}", f"{n / seconds:,.0f}", f"{peak:.0f}"]
            for label, n, seconds, peak in steps]
    print(common.render_table(["step", "seconds", "share of total", "rows / s", "peak MiB after"], rows,
                              markdown=args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
