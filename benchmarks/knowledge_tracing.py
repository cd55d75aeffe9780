"""Knowledge tracing: honest AUCs on a real log (OULAD), the choice of defaults, and speed and memory.

The real log is OULAD's ``studentAssessment.csv`` (J. Kuzilek, M. Hlosta, Z. Zdrahal, "Open University
Learning Analytics dataset", Scientific Data 4, 170171, 2017, CC BY 4.0), read as an answer log
(:func:`oulad_log`):

* one row per submitted assessment; banked results (``is_banked = 1``, a result carried over from an
  earlier presentation, not a new answer) are left out;
* student = ``id_student`` (one person across modules and presentations);
* order = the submission date: the presentation's start (``2013B`` = February 2013, ``2013J`` =
  October 2013, ...) plus ``date_submitted`` days;
* skill = the assessment's module and type (``"AAA TMA"``, ``"BBB CMA"``, ``"DDD Exam"``: 14 skills):
  an assessment practises its module's content, and the types differ (computer-marked quizzes,
  tutor-marked essays, exams); the assessment itself (188 with unbanked submissions) is the item;
* right = score >= 40 (the OU pass mark); the 173 answers without a score are left out (the log's
  warning says so).

Runs (from the repository root; ``nice -n 10`` on a shared machine):

    .venv/bin/python benchmarks/knowledge_tracing.py --oulad [--seeds 0,1,2] [--models dkt,attention]
    .venv/bin/python benchmarks/knowledge_tracing.py --scale [--students 4000 --answers 100]
    .venv/bin/python benchmarks/knowledge_tracing.py --select [--seeds 0,1,2]

``--oulad``: every model beside the base rate, PFA and BKT of the same run (hold-out of 20 % of the
students, one split per seed). ``--scale``: one training of the default model on a simulated log of
``students x answers`` answers (wall time and the process's peak memory; run it alone for a clean peak).
``--select``: the grid the defaults were chosen on, on simulated logs and OULAD.
"""

from __future__ import annotations

import argparse
import sys
import time

import pandas as pd

import common

REPO = common.REPO
sys.path.insert(0, str(REPO / "sample_data"))

PASS_MARK = 40
PRESENTATION_START = {"B": "-02-01", "J": "-10-01"}
ANCHORS = [
    ("DKT paper (Piech et al. 2015), ASSISTments 2009", "DKT 0.86, BKT 0.67"),
    ("pyKT benchmark (Liu et al. 2022), ASSIST2009, its protocol", "DKT 0.754, AKT 0.785"),
]


def oulad_log() -> pd.DataFrame:
    """OULAD's assessment submissions as an answer log (see the module docstring)."""
    answers = pd.read_csv(common.data_path("oulad", "studentAssessment.csv"))
    assessments = pd.read_csv(common.data_path("oulad", "assessments.csv"))
    log = answers[answers["is_banked"] == 0].merge(assessments, on="id_assessment", how="left")
    start = pd.to_datetime(log["code_presentation"].str[:4] + log["code_presentation"].str[4].map(PRESENTATION_START))
    return pd.DataFrame({
        "student": log["id_student"].astype(str),
        "assessment": log["id_assessment"].astype(str),
        "skill": log["code_module"] + " " + log["assessment_type"],
        "submitted_at": (start + pd.to_timedelta(log["date_submitted"], unit="D")).dt.strftime("%Y-%m-%d"),
        "score": log["score"],
    })


def oulad_roles():
    from mtl_core import LogRoles

    return LogRoles(student="student", skill="skill", correct="score", order="submitted_at", item="assessment",
                    pass_mark=PASS_MARK)


def simulated(students: int, answers: int, seed: int) -> pd.DataFrame:
    from simulate_log import simulate_log

    return simulate_log(students, answers, seed).answers


# --------------------------------------------------------------------------- runs

def run_once(frame, roles, config, seed: int, test_size: float = 0.2):
    from mtl_core import Holdout, train_log

    begin = time.perf_counter()
    run = train_log(frame, roles, config=config, evaluation=Holdout(test_size))
    return run, time.perf_counter() - begin


def oulad(args) -> None:
    import dataclasses

    from mtl_core import LogConfig

    frame, roles = oulad_log(), oulad_roles()
    print(f"OULAD log: {len(frame)} answers of {frame['student'].nunique()} students, "
          f"{frame['skill'].nunique()} skills, {frame['assessment'].nunique()} items")
    results: dict[str, dict[str, list]] = {}
    for model in args.models:
        for seed in args.seeds:
            config = dataclasses.replace(LogConfig(), model=model, seed=seed)
            run, seconds = run_once(frame, roles, config, seed)
            table = run.summary.set_index("model")
            for name in table.index:
                key = f"{model} (default settings)" if name == model else name
                if name != model and len(args.models) > 1 and model != args.models[0]:
                    continue  # the baselines once per seed
                entry = results.setdefault(key, {"auc": [], "accuracy": [], "rmse": [], "seconds": []})
                for metric in ("auc", "accuracy", "rmse"):
                    entry[metric].append(float(table.at[name, metric]))
                entry["seconds"].append(run.seconds.get(name, seconds))
            print(f"  {model} seed {seed}: AUC {run.auc:.3f} (PFA {table.at['PFA', 'auc']:.3f}, BKT "
                  f"{table.at['BKT', 'auc']:.3f}, base rate {table.at['base rate', 'auc']:.3f}), {seconds:.0f} s, "
                  f"{run.epochs} epochs", flush=True)
    rows = [[name, common.mean_sd(v["auc"], 3), common.mean_sd(v["accuracy"], 3), common.mean_sd(v["rmse"], 3),
             common.mean_sd(v["seconds"], 1)] for name, v in results.items()]
    _print_table(["model", "AUC", "accuracy", "RMSE", "training s"], rows, args.markdown,
                 f"OULAD, hold-out 20 % of students, seeds {','.join(map(str, args.seeds))}")
    print("\nAnchors (other logs, other protocols: for scale, not comparable one to one):")
    for where, figures in ANCHORS:
        print(f"  {where}: {figures}")


def scale(args) -> None:
    from mtl_core import LogConfig

    frame = simulated(args.students, args.answers, 0)
    from mtl_core import infer_log_roles

    import os
    import resource

    roles = infer_log_roles(frame)
    before = common.peak_memory_mb()
    load_before = os.getloadavg()[0]
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    run, seconds = run_once(frame, roles, LogConfig(), 0)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)
    rows = [[f"{args.students} students", len(frame), run.epochs, f"{seconds:.0f}",
             f"{run.seconds[run.model_name]:.0f}", f"{cpu_s:.0f}", f"{common.peak_memory_mb():.0f}", f"{before:.0f}",
             f"{run.auc:.3f}"]]
    _print_table(["log", "answers", "epochs", "train_log s", "model s", "CPU s", "peak MiB", "MiB before", "AUC"],
                 rows, args.markdown, "Speed and memory of train_log (default settings, hold-out 20 %)")
    print(f"load average (1 min) before / after: {load_before:.1f} / {os.getloadavg()[0]:.1f} on "
          f"{common.cpu_count()} cores; CPU s = user + system seconds of this process during train_log")
    per_epoch = run.seconds[run.model_name] / max(run.epochs, 1)
    print(f"model seconds per epoch: {per_epoch:.1f}; baselines s: "
          + ", ".join(f"{k} {v:.1f}" for k, v in run.seconds.items() if k != run.model_name))


SELECTION_GRID = {
    "dkt (default)": dict(model="dkt"),
    "dkt batch 64 lr 2e-3": dict(model="dkt", batch_size=64, learning_rate=2e-3),
    "dkt_gru": dict(model="dkt_gru"),
    "attention": dict(model="attention"),
    "dkt no items": dict(model="dkt", use_items=False),
    "dkt next-skill 0.5": dict(model="dkt", next_skill_weight=0.5),
}


def select(args) -> None:
    import dataclasses

    from mtl_core import LogConfig, infer_log_roles

    rows, scores = [], {}
    for seed in args.seeds:
        data = {}
        if "sim" in args.logs:
            data["simulated 600x60"] = simulated(600, 60, 100 + seed)
        if "oulad" in args.logs:
            data["OULAD"] = oulad_log()
        for log_name, frame in data.items():
            roles = oulad_roles() if log_name == "OULAD" else infer_log_roles(frame)
            for name, changes in args.grid.items():
                config = dataclasses.replace(LogConfig(), seed=seed, **changes)
                run, seconds = run_once(frame, roles, config, seed)
                table = run.summary.set_index("model")
                gain = run.auc - float(table.at["PFA", "auc"])
                scores.setdefault((log_name, name), []).append((run.auc, gain, seconds))
                print(f"  {log_name} seed {seed} {name}: AUC {run.auc:.4f} (PFA {table.at['PFA', 'auc']:.4f}), "
                      f"{seconds:.0f} s", flush=True)
    for (log_name, name), values in scores.items():
        aucs, gains, secs = zip(*values)
        rows.append([log_name, name, common.mean_sd(aucs, 4), common.mean_sd(gains, 4), common.mean_sd(secs, 0)])
    _print_table(["log", "settings", "AUC", "AUC - PFA", "seconds"], rows, args.markdown,
                 f"Choice of defaults (hold-out 20 %, seeds {','.join(map(str, args.seeds))})")


def _print_table(headers, rows, markdown: bool, title: str) -> None:
    print()
    for line in common.header_lines():
        print(line)
    print(title)
    print(common.render_table(headers, rows, markdown=markdown))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--oulad", action="store_true")
    mode.add_argument("--scale", action="store_true")
    mode.add_argument("--select", action="store_true")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--models", default="dkt,attention")
    parser.add_argument("--grid", default=",".join(SELECTION_GRID), help="settings of --select, comma-separated")
    parser.add_argument("--logs", default="sim,oulad", help="logs of --select: sim, oulad or both")
    parser.add_argument("--students", type=int, default=4000)
    parser.add_argument("--answers", type=int, default=100)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    args.seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    args.models = [m.strip() for m in args.models.split(",") if m.strip()]
    args.grid = {name: SELECTION_GRID[name] for name in args.grid.split(",") if name}
    if args.oulad:
        oulad(args)
    elif args.scale:
        scale(args)
    else:
        select(args)


if __name__ == "__main__":
    main()
